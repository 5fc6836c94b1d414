"""The words of a batch of sentences as one value: numbered, located and passed to every measure.

Frames, rhetoric, devices, keyness and lexical diversity all read the same
words of the same sentences. :class:`Words` holds them once per batch: each
sentence's lower-cased words (the ``tokens`` column of
:func:`analysis.text.counts.sentence_counts`) as integer codes of sorted types
(:func:`word_codes`), and, when first asked, where each word is written in its
sentence (:func:`word_offsets`) and the sentences' characters as code points
(:func:`code_points`). The pipeline builds one :class:`Words` per batch and
hands it down; a measure called on its own builds its own. Nothing is
remembered between calls in module state: the value is the cache.

Words are those of :func:`analysis.text.tokens.words`, so every module shares
one definition of a word.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from .tokens import non_words, normalise, words
from .tokens import tokens as word_tokens

__all__ = ["Words", "code_points", "passing", "word_codes", "word_offsets", "words_of_rows"]

# Lower-casing a text maps each character to one character in place, except
# for a few letters that become two (the dotted capital I) and the capital
# sigma, lower-cased as final or not by the letters around it.
_CAPITAL_SIGMA = "\u03a3"


class Words:
    """The words of many sentences, numbered once: what every measure of a batch reads.

    Parameters
    ----------
    token_strings : sequence of str
        Each sentence's lower-cased words joined by single spaces (the
        ``tokens`` column of :func:`analysis.text.counts.sentence_counts`).
    texts : sequence of str, optional
        The sentences as written; needed only for :attr:`offsets` and
        :attr:`points`.

    Attributes
    ----------
    lengths, codes, types
        Of :func:`word_codes`: each sentence's number of words, every word's
        type, the sorted types.

    Raises
    ------
    ValueError
        If a tokens string does not hold words joined by single spaces, or
        ``texts`` has not one text per tokens string.

    Examples
    --------
    >>> w = Words(["we will", "we"])
    >>> w.lengths.tolist(), w.codes.tolist(), w.types
    ([2, 1], [0, 1, 0], ('we', 'will'))
    """

    def __init__(self, token_strings: Sequence[str], texts: Sequence[str] | None = None):
        self.token_strings = list(token_strings)
        if texts is not None and len(texts) != len(self.token_strings):
            raise ValueError("one tokens string per text is needed")
        self.texts = None if texts is None else list(texts)
        self.lengths, self.codes, self.types = word_codes(self.token_strings)

    @classmethod
    def of(cls, sentences: pd.DataFrame) -> Words:
        """The words of a table of sentences: its ``tokens`` column if present (else tokenised), and its ``text``."""
        texts = sentences["text"].tolist() if "text" in sentences.columns else None
        if "tokens" in sentences.columns:
            return cls(sentences["tokens"].tolist(), texts)
        return cls([" ".join(words(text, lowercase=True)) for text in texts], texts)

    def __len__(self) -> int:
        return len(self.token_strings)

    def _texts(self) -> list[str]:
        if self.texts is None:
            raise ValueError("these Words were made without the sentences' texts")
        return self.texts

    @functools.cached_property
    def offsets(self) -> tuple[np.ndarray, np.ndarray]:
        """Where every word starts and ends in its sentence (:func:`word_offsets`), found once."""
        return word_offsets(self._texts(), self.token_strings)

    @functools.cached_property
    def points(self) -> tuple[np.ndarray, np.ndarray]:
        """The sentences' characters as code points, and where each sentence starts (:func:`code_points`)."""
        return code_points(self._texts())


def word_codes(token_strings: Sequence[str]) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """The words of many sentences as numbers: each sentence's word count, each word's type, the types.

    Parameters
    ----------
    token_strings : sequence of str
        Each sentence's lower-cased words joined by single spaces (the
        ``tokens`` column of :func:`analysis.text.counts.sentence_counts`).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray, tuple of str)
        The number of words of each sentence; the type (an index into the
        types) of every word, the sentences' words one after another; and the
        distinct words (types), sorted, so that a glob's literal prefix is a
        range of types.

    Raises
    ------
    ValueError
        If a tokens string does not hold words joined by single spaces.

    Notes
    -----
    The arrays cannot be written to: a batch's :class:`Words` holds them and
    every measure reads the same ones.
    """
    lengths = np.fromiter((t.count(" ") + 1 if t else 0 for t in token_strings), dtype=np.int64,
                          count=len(token_strings))
    flat = " ".join(token_strings).split()
    if len(flat) != int(lengths.sum()):
        raise ValueError("the tokens column must hold words joined by single spaces (analysis.text.counts.sentence_counts)")
    if flat:
        codes, uniques = pd.factorize(np.asarray(flat, dtype=object))
        order = np.argsort(uniques.astype(str))
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        codes = rank[codes]
        types = tuple(uniques[order].tolist())
    else:
        codes = np.zeros(0, dtype=np.int64)
        types = ()
    lengths.setflags(write=False)
    codes.setflags(write=False)
    return lengths, codes, types


def _searched_text(text: str) -> str:
    """``text`` normalised and lower-cased, each character in place where it can be, its addresses blanked.

    The URLs and e-mail addresses of ``text`` (:func:`analysis.text.tokens.non_words`),
    which are not words, become spaces, so that the gaps between words hold
    no letter or digit and no word is found inside an address ("see
    https://x.org/news news": the one word ``news`` is the last one). Where
    lower-casing moves characters (:func:`_word_starts`), nothing is blanked:
    those texts are tokenised instead of searched.
    """
    lowered = normalise(text)
    found = non_words(text) if len(lowered) == len(text) else []
    if not found:
        return lowered
    parts = []
    position = 0
    for address in found:
        parts += [lowered[position : address.start], " " * (address.end - address.start)]
        position = address.end
    parts.append(lowered[position:])
    return "".join(parts)


def _word_starts(text: str, token_string: str, limit: int | None = None) -> tuple[list[int], list[str]]:
    """Where each word of a sentence starts (the first ``limit``), given its lower-cased words; and the words.

    Each word is found in the normalised, lower-cased text
    (:func:`analysis.text.tokens.normalise`, which keeps every character in
    place, its URLs and e-mail addresses blanked: :func:`_searched_text`)
    after the end of the previous one. The gap between two words holds
    no letter or digit and every word starts with one, so the first occurrence
    found is the word itself: the offsets of :func:`analysis.text.tokens.tokens`,
    without tokenising the sentence again. Where lower-casing the text does
    not lower-case each character on its own (a few Unicode letters, such as
    the dotted capital I, become two characters; a capital sigma's lower case
    depends on the letters around it), the sentence is tokenised instead.
    The words returned are as long as the words as written.

    Raises
    ------
    ValueError
        If a word of ``token_string`` is not in ``text``.
    """
    lowered = _searched_text(text)
    if len(lowered) != len(text) or _CAPITAL_SIGMA in text:
        found = word_tokens(text)[:limit]
        return [t.start for t in found], [text[t.start : t.end] for t in found]
    found = token_string.split(" ", -1 if limit is None else limit)[:limit] if token_string else []
    starts = []
    position = 0
    find = lowered.find
    for word in found:
        position = find(word, position)
        if position < 0:
            raise ValueError(f"the tokens column does not match the text {text!r} (no {word!r})")
        starts.append(position)
        position += len(word)
    return starts, found


def _word_spans(text: str, token_string: str, limit: int | None = None) -> list[tuple[int, int]]:
    """Character ``(start, end)`` of the words of a sentence; see :func:`_word_starts`."""
    starts, found = _word_starts(text, token_string, limit)
    return [(start, start + len(word)) for start, word in zip(starts, found, strict=True)]


def word_offsets(texts: Sequence[str], token_strings: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Where each word of many sentences starts and ends in its sentence, given their lower-cased words.

    Parameters
    ----------
    texts : sequence of str
        The sentences.
    token_strings : sequence of str
        Each sentence's lower-cased words joined by single spaces (the
        ``tokens`` column of :func:`analysis.text.counts.sentence_counts`).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The ``start`` and ``end`` (int64) of every word, the sentences' words
        one after another: the offsets of :func:`analysis.text.tokens.tokens`,
        found as :func:`_word_starts` finds them, without tokenising again.

    Raises
    ------
    ValueError
        If the words are not those of the texts.

    Notes
    -----
    The arrays cannot be written to. The export codes frames, counts
    rhetorical features and finds devices in the same sentences, and each
    needs these offsets: :attr:`Words.offsets` finds them once per batch.
    """
    if len(texts) != len(token_strings):
        raise ValueError("one tokens string per text is needed")
    # All texts are normalised at once and cut apart again, if lower-casing
    # keeps every character in place; otherwise each on its own.
    joined = "\n".join(texts)
    lowered_joined = _searched_text(joined)  # no address runs across a line break
    in_place = len(lowered_joined) == len(joined) and _CAPITAL_SIGMA not in joined
    found = _aligned_offsets(texts, token_strings, lowered_joined) if in_place else None
    if found is not None:
        start, end = found
    else:
        start, end = _searched_offsets(texts, token_strings, lowered_joined, in_place)
    start.setflags(write=False)
    end.setflags(write=False)
    return start, end


def _aligned_offsets(
    texts: Sequence[str], token_strings: Sequence[str], lowered_joined: str
) -> tuple[np.ndarray, np.ndarray] | None:
    """:func:`word_offsets` by array operations, or None where it must search word by word.

    A word starts with a letter or digit, and the gaps between words hold
    none, so the ``k``-th letter or digit of the words, counted over all
    sentences, is the ``k``-th of the texts, and a word starts at the one its
    first character is: every word's start is found by counting, for all
    sentences at once. Where that holds, which is checked here (each word
    starts with a letter or digit, is in its own sentence's text where it
    was placed, and the texts hold no more letters and digits than the words,
    so none is in a gap), the search of :func:`_word_starts` finds the same
    starts: the first place a word occurs after the previous one is at a
    letter or digit, and the first of those is where it was placed. Anything
    else (a word missing, a letter in a gap) is left to that search, with its
    errors. ``lowered_joined`` is the texts joined by line breaks and
    normalised, each character in place, their addresses blanked
    (:func:`_searched_text`).
    """
    words_joined = " ".join(filter(None, token_strings))
    if not words_joined:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if "  " in words_joined or words_joined[0] == " " or words_joined[-1] == " ":
        return None  # an empty word: the search gives the error
    word_points = code_points([words_joined])[0]
    text_points = code_points([lowered_joined])[0]
    text_length = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    text_start = np.cumsum(text_length + 1) - text_length - 1  # in lowered_joined
    space = word_points == ord(" ")
    gap = np.flatnonzero(space)
    first = np.concatenate([[0], gap + 1])  # each word's first character in words_joined
    lengths = np.concatenate([gap, [len(word_points)]]) - first
    word_alnum = _alnum(word_points)
    if not word_alnum[first].all():
        return None
    alnum_at = np.flatnonzero(_alnum(text_points))
    before = np.cumsum(word_alnum) - word_alnum  # the words' letters and digits before each character
    if len(alnum_at) != before[-1] + word_alnum[-1]:
        return None
    counts = np.fromiter((t.count(" ") + 1 if t else 0 for t in token_strings), dtype=np.int64,
                         count=len(token_strings))
    sentence = np.repeat(np.arange(len(texts)), counts)
    start = alnum_at[before[first]] - text_start[sentence]
    end = start + lengths
    if (start < 0).any() or (end > text_length[sentence]).any():
        return None
    characters = np.flatnonzero(~space)
    placed = characters + np.repeat(start + text_start[sentence] - first, lengths)
    if not np.array_equal(text_points[placed], word_points[characters]):
        return None
    return start, end


@functools.lru_cache(maxsize=1)
def _alnum_table() -> np.ndarray:
    """Whether each code point of the Basic Multilingual Plane is a letter or digit (``str.isalnum``).

    Built once per process (a few milliseconds) and read-only: asked once per
    character, rather than counting the characters of each batch as
    :func:`passing` does.
    """
    table = np.fromiter((chr(c).isalnum() for c in range(0x10000)), dtype=bool, count=0x10000)
    table.setflags(write=False)
    return table


def _alnum(points: np.ndarray) -> np.ndarray:
    """Whether each character (a code point) is a letter or digit, as :func:`passing` with ``str.isalnum``."""
    if len(points) and int(points.max()) >= 0x10000:
        return passing(points, str.isalnum)
    return _alnum_table()[points]


def _searched_offsets(
    texts: Sequence[str], token_strings: Sequence[str], lowered_joined: str, in_place: bool
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`word_offsets` by searching for each word in turn, as :func:`_word_starts` does."""
    if in_place:
        cuts = np.cumsum([len(text) + 1 for text in texts]).tolist()
        lowered_texts = [lowered_joined[a : b - 1] for a, b in zip([0, *cuts], cuts)]
    else:
        lowered_texts = [_searched_text(text) for text in texts]
    ends: list[int] = []
    lengths: list[int] = []
    for text, token_string, lowered in zip(texts, token_strings, lowered_texts):
        if not token_string:
            continue
        if len(lowered) != len(text) or _CAPITAL_SIGMA in text:
            at, found = _word_starts(text, token_string)
            if len(found) != token_string.count(" ") + 1:
                raise ValueError(f"the tokens column does not match the text {text!r}")
            lengths += map(len, found)  # as written, since lower-casing changed some
            ends += [a + len(word) for a, word in zip(at, found, strict=True)]
            continue
        # _word_starts's search, as one comprehension: this runs once per word
        # of the corpus. A word not found gives an end one short of its
        # length, so a start of -1, caught below.
        found = token_string.split(" ")
        if "" in found:
            raise ValueError("the tokens column must hold words joined by single spaces "
                             "(analysis.text.counts.sentence_counts)")
        lengths += map(len, found)
        find = lowered.find
        position = 0
        ends += [(position := find(word, position) + length) for word, length in zip(found, map(len, found))]
    end = np.asarray(ends, dtype=np.int64)
    start = end - np.asarray(lengths, dtype=np.int64)
    if len(start) and start.min() < 0:
        raise ValueError("the tokens column does not match the texts: a word is not in its sentence")
    return start, end


def code_points(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The characters of the texts as code points (uint32), joined by line breaks; and where each text starts.

    With :func:`word_offsets`, a word's ``start`` plus its text's start is
    where it starts in the joined texts, so a test of some character of every
    word is one array operation (see :func:`passing`).
    """
    joined = "\n".join(texts)
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    return points, np.cumsum(lengths + 1) - lengths - 1


def passing(points: np.ndarray, test: Callable[[str], bool]) -> np.ndarray:
    """Whether each character (a code point) passes ``test``, such as ``str.isupper``; asked once per distinct one."""
    if not len(points):
        return np.zeros(0, dtype=bool)
    present = np.flatnonzero(np.bincount(points))
    table = np.zeros(int(present[-1]) + 1, dtype=bool)
    table[present] = [test(chr(c)) for c in present.tolist()]
    return table[points]


def words_of_rows(ids: np.ndarray, lengths: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The entries of ``ids`` for the sentences ``rows`` (positions), sentence after sentence in that order.

    ``ids`` holds every sentence's words (as codes), sentence after sentence,
    ``lengths`` of them.

    Examples
    --------
    >>> words_of_rows(np.array([10, 11, 12, 20, 30, 31]), np.array([3, 1, 2]), np.array([2, 0])).tolist()
    [30, 31, 10, 11, 12]
    """
    lengths = np.asarray(lengths, dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    taken = lengths[rows]
    shift = np.repeat(starts[rows] - (np.cumsum(taken) - taken), taken)
    return ids[np.arange(int(taken.sum())) + shift]

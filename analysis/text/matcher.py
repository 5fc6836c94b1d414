"""The one pattern matcher: phrases of word globs found in the words of many sentences.

Frames (indicator terms and their ``unless`` exclusions), rhetoric (guards
of its lexicons) and devices read words with the same patterns, as quanteda
shares one matcher between ``tokens_lookup`` and ``kwic``. A pattern is a
phrase of lower-case *word globs* (``radicali[sz]*``, ``counter-terrorism
police*``): ``*`` any run of characters, ``?`` one, ``[..]`` one of a set,
matched against whole words of :func:`analysis.text.tokens.words`,
lower-cased. A match lies within one sentence.

Matching works on the batch's :class:`analysis.text.words.Words`: each glob is
matched against the *types* (a few thousand, however many tokens), and each
phrase's matches are found from an index of where its rarest word's types
occur. The cost is one pass over the tokens plus work proportional to the
number of matches, not to the number of phrases times the number of words.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .words import Words

__all__ = [
    "Matcher", "PatternError", "compiled_glob", "glob_matches", "glob_phrase", "glob_words", "phrase_matches",
    "phrase_matches_readable",
]


class PatternError(ValueError):
    """A phrase that is not a phrase of word globs; the message names where it was read."""


# One word of a term: letters, digits and the characters words keep inside
# (apostrophe, hyphen, and . , : / between digits), plus the glob operators * ?
# and [character set]. Upper case is allowed only in case-sensitive terms.
_GLOB_WORD = re.compile(r"(?:[^\W_]|['\-.,:/]|\*|\?|\[[^\W_]+\])+\Z")


_GLOB_SPECIAL = re.compile(r"[*?\[]")


def _glob_regex(word: str) -> str:
    """The regular expression of one word glob (``*`` any run, ``?`` one character)."""
    out = []
    for part in re.findall(r"\[[^\]]+\]|\*|\?|[^*?\[]+", word):
        if part == "*":
            out.append(".*")
        elif part == "?":
            out.append(".")
        elif part.startswith("["):
            out.append(part)
        else:
            out.append(re.escape(part))
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def compiled_glob(word: str) -> re.Pattern[str]:
    return re.compile(_glob_regex(word), re.DOTALL)


class Matcher:
    """Where phrases of word globs match in the words of many sentences (a batch's :class:`Words`).

    ``codes[i]`` is the type of the ``i``-th word of the concatenated sentences,
    types numbered in sorted order of ``types`` (so a glob's literal prefix is a
    range of types, found by bisection); ``sentence[i]`` is the row its sentence
    has in the table; ``first_word[r]`` is the position of row ``r``'s first word
    and ``lengths[r]`` its number of words.
    """

    def __init__(self, words: Words):
        self.words = words
        self.lengths, self.codes, self.types = words.lengths, words.codes, words.types
        self.n = len(self.codes)
        self.sentence = np.repeat(np.arange(len(words), dtype=np.int64), self.lengths)
        self.first_word = (np.concatenate([[0], np.cumsum(self.lengths)[:-1]]) if len(self.lengths)
                           else np.zeros(0, np.int64))

    def glob_types(self, globs: _Globs) -> np.ndarray:
        """Which types each glob matches, as the sorted keys ``glob * len(types) + type`` of the pairs.

        A glob without operators is one word, looked up; one with operators
        is tried on the types that start with its literal prefix.
        """
        types = self.types
        n_types = len(types)
        code = dict(zip(types, range(n_types)))
        found = np.fromiter((code.get(word, -1) for word in globs.words), dtype=np.int64, count=len(globs.words))
        keys = (globs.word_globs * n_types + found)[found >= 0].tolist()
        for g, prefix, fullmatch in globs.patterns:
            lo = bisect.bisect_left(types, prefix)
            hi = bisect.bisect_left(types, prefix + "\U0010ffff", lo) if prefix else n_types
            if fullmatch is None:  # any word: no need to try the pattern on each type
                keys += range(g * n_types, (g + 1) * n_types)
            else:
                keys += [g * n_types + i for i in range(lo, hi) if fullmatch(types[i])]
        return np.sort(np.asarray(keys, dtype=np.int64))

    def phrase_matches(self, phrases: Sequence[tuple[str, ...]]) -> tuple[np.ndarray, np.ndarray]:
        """Where each phrase of lower-case word globs matches, within one sentence.

        Returns the phrase (an index into ``phrases``) and start position of
        every match, sorted by phrase and then by start.

        All phrases are matched together, with array operations over all their
        candidate matches, rather than phrase by phrase: a scheme has hundreds
        of phrases and most match a batch of sentences rarely or never, so
        per-phrase array calls would cost more than the matching itself. Each
        phrase is looked for from its rarest word (``the vulnerable`` from
        ``vulnerable``, ``* their lives`` from ``their`` or ``lives``): only
        the positions of those words' types are sorted into an index, and the
        phrase's other words are then checked around each of them.
        """
        n_types = len(self.types)
        if not self.n or not phrases:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty.copy()
        globs = _phrase_globs(tuple(phrases))
        glob_at = globs.glob_at
        pair_key = self.glob_types(globs)
        pair_type = pair_key % n_types
        glob_bounds = np.searchsorted(pair_key, np.arange(len(globs.globs) + 1) * n_types)
        type_counts = np.bincount(self.codes, minlength=n_types)
        occurrences = np.bincount(pair_key // n_types, weights=type_counts[pair_type], minlength=len(globs.globs))
        # Each phrase's anchor: its rarest word (the first of equally rare ones).
        anchor = np.argmin(np.where(glob_at >= 0, occurrences[glob_at], np.inf), axis=1)
        anchor_glob = glob_at[np.arange(len(phrases)), anchor]
        # Each phrase's (anchor glob, type) pairs, then the occurrences of each pair's type.
        pairs = glob_bounds[anchor_glob + 1] - glob_bounds[anchor_glob]
        phrase = np.repeat(np.arange(len(phrases)), pairs)
        pair = np.repeat(glob_bounds[anchor_glob] - (np.cumsum(pairs) - pairs), pairs) + np.arange(len(phrase))
        types = pair_type[pair]
        indexed = np.zeros(n_types, dtype=bool)
        indexed[types] = True
        where = np.flatnonzero(indexed[self.codes])
        by_type = where[np.argsort(self.codes[where], kind="stable")]
        indexed_counts = np.where(indexed, type_counts, 0)
        type_start = np.cumsum(indexed_counts) - indexed_counts  # where each type's positions begin in by_type
        sizes = type_counts[types]
        phrase = np.repeat(phrase, sizes)
        at = by_type[np.repeat(type_start[types] - (np.cumsum(sizes) - sizes), sizes) + np.arange(len(phrase))]
        start = at - anchor[phrase]
        # Each other word of the phrase must be in the anchor's sentence and match its glob.
        for k in range(glob_at.shape[1]):
            glob = glob_at[phrase, k]
            check = np.flatnonzero((glob >= 0) & (anchor[phrase] != k))
            if len(check) == 0:
                continue
            position = start[check] + k
            inside = np.clip(position, 0, self.n - 1)  # a position outside the words fails the first test
            ok = (position == inside) & (self.sentence[inside] == self.sentence[at[check]])
            key = glob[check] * n_types + self.codes[inside]
            ok &= pair_key[np.minimum(np.searchsorted(pair_key, key), len(pair_key) - 1)] == key
            keep = np.ones(len(phrase), dtype=bool)
            keep[check[~ok]] = False
            phrase, start, at = phrase[keep], start[keep], at[keep]
        # One stable sort by a combined key: lexsort is slow on the short arrays of a batch.
        order = np.argsort(phrase * self.n + start, kind="stable")
        return phrase[order], start[order]


def glob_matches(glob: str, word: str) -> bool:
    """Whether one lower-cased word matches one word glob (``*`` any run, ``?`` one character, ``[..]`` a set)."""
    return compiled_glob(glob).fullmatch(word) is not None


def phrase_matches(token_strings: Sequence[str], phrases: Sequence[tuple[str, ...]]) -> tuple[np.ndarray, np.ndarray]:
    """Where phrases of lower-case word globs match in sentences, each match within one sentence.

    Parameters
    ----------
    token_strings : sequence of str
        Each sentence's lower-cased words joined by single spaces (as :func:`word_codes`).
    phrases : sequence of tuple of str
        Phrases of :func:`glob_phrase`.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        For every match, the phrase (an index into ``phrases``) and the
        position of its first word among all the sentences' words, one after
        another; sorted by phrase, then position.
    """
    return Matcher(Words(token_strings)).phrase_matches(phrases)


def phrase_matches_readable(token_strings: Sequence[str], phrases: Sequence[tuple[str, ...]]) -> list[tuple[int, int]]:
    """:func:`phrase_matches` written plainly: every phrase tried at every word of every sentence.

    The readable twin of :meth:`Matcher.phrase_matches`, kept beside it so the
    fast path can be checked against it (``tests/test_words.py``); it costs
    phrases times words. Returns ``(phrase, position)`` pairs in the same
    order: by phrase, then position among all the sentences' words.
    """
    sentences = [t.split() for t in token_strings]
    first = [0]
    for sentence in sentences:
        first.append(first[-1] + len(sentence))
    found = []
    for p, globs in enumerate(phrases):
        patterns = [compiled_glob(glob) for glob in globs]
        for row, sentence in enumerate(sentences):
            for i in range(len(sentence) - len(globs) + 1):
                if all(pattern.fullmatch(word) for pattern, word in zip(patterns, sentence[i:], strict=False)):
                    found.append((p, first[row] + i))
    return found


@dataclass(frozen=True)
class _Globs:
    """The distinct word globs of some phrases, numbered, and how each is matched against types."""

    globs: tuple[str, ...]
    glob_at: np.ndarray  # (phrases, longest): each phrase's words as glob numbers, -1 after its end
    word_globs: np.ndarray  # the globs without operators (plain words) ...
    words: tuple[str, ...]  # ... and those words
    # The others: number, literal prefix, and fullmatch (None: the glob matches any word).
    patterns: tuple[tuple[int, str, Callable | None], ...]


@functools.lru_cache(maxsize=16)
def _phrase_globs(phrases: tuple[tuple[str, ...], ...]) -> _Globs:
    """The globs of ``phrases``, numbered; kept, as every batch has the same phrases."""
    globs = tuple(sorted({glob for phrase in phrases for glob in phrase}))
    number = {glob: g for g, glob in enumerate(globs)}
    glob_at = np.full((len(phrases), max(map(len, phrases), default=0)), -1, dtype=np.int64)
    for p, phrase in enumerate(phrases):
        glob_at[p, : len(phrase)] = [number[glob] for glob in phrase]
    glob_at.setflags(write=False)
    words_, word_globs, patterns = [], [], []
    for g, glob in enumerate(globs):
        special = _GLOB_SPECIAL.search(glob)
        if special is None:
            word_globs.append(g)
            words_.append(glob)
        else:
            patterns.append((g, glob[: special.start()], compiled_glob(glob).fullmatch if glob.strip("*") else None))
    word_numbers = np.asarray(word_globs, dtype=np.int64)
    word_numbers.setflags(write=False)
    return _Globs(globs, glob_at, word_numbers, tuple(words_), tuple(patterns))


def glob_words(phrase: str, case_sensitive: bool, where: str) -> tuple[str, ...]:
    """Split a phrase into word globs, checking each (``where`` names it in errors).

    Raises
    ------
    PatternError
        If the phrase has curly apostrophes, a word that is not a word
        pattern, or (unless ``case_sensitive``) capitals.
    """
    if "\u2019" in phrase or "\u02bc" in phrase:
        raise PatternError(f"{where}: write apostrophes straight (') as analysis.text.tokens.words returns them: {phrase!r}")
    result = tuple(phrase.split())
    for word in result:
        if not _GLOB_WORD.match(word):
            raise PatternError(
                f"{where}: {word!r} is not a word pattern (letters, digits, ' - . , : / inside a word, "
                "and the globs * ? [set])"
            )
        if not case_sensitive and word != word.lower():
            raise PatternError(f"{where}: {word!r} has capitals; write terms in lower case or set case_sensitive: true")
    return result


def glob_phrase(text: object, where: str) -> tuple[str, ...]:
    """Check a lower-case phrase of word globs (the syntax of an ``unless`` phrase) and split it into words.

    Raises
    ------
    PatternError
        Naming ``where``, if the phrase is empty, has capitals or curly
        apostrophes, or a word that is not a word pattern.

    Examples
    --------
    >>> glob_phrase("threat of evict*", "x")
    ('threat', 'of', 'evict*')
    """
    if not isinstance(text, str) or not text.strip():
        raise PatternError(f"{where}: must be a non-empty text")
    return glob_words(text.strip(), False, where)

"""Sentences as the detectors read them: their words, where their clauses break, and small helpers on words.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ...text.tokens import normalise_characters, words
from ...text.words import Words, code_points, passing
from .lexicon import (
    _HYPHEN,
    _QUOTE,
    _QUOTES,
    _SEPARATORS,
    COMMA,
    COMPARED_WORDS,
    FIRST_PERSON_I,
    INITIAL,
    LOWER,
    NAME,
    Rules,
    _Row,
    _written_out,
    rules,
)


@dataclass(slots=True)
class _Sentence:
    """A sentence with its words and where its clauses break.

    ``lowers`` are the words of ``text`` (:func:`analysis.text.tokens.words`)
    lower-cased; ``starts`` and ``ends`` are their character offsets;
    ``breaks`` holds ``(i, separator)`` for each clause break, ``i`` being the
    index of the first word after it; ``capitalised`` tells whether a word's
    first character is upper case. :attr:`words` has the words as written.
    """

    doc_id: str
    sentence_id: int
    speaker: str
    text: str
    lowers: list[str]
    starts: list[int]
    ends: list[int]
    breaks: list[tuple[int, str]]
    capitalised: list[bool]
    _words: list[str] | None = None

    @classmethod
    def read(cls, doc_id: str, sentence_id: int, speaker: str, text: str) -> _Sentence:
        """Take the words of ``text`` and find where its clauses break (see :func:`_breaks`)."""
        lowers = " ".join(words(text, lowercase=True))
        return _Table([doc_id], [sentence_id], [speaker], [text], Words([lowers], [text])).sentence(0)

    @property
    def words(self) -> list[str]:
        """The words, case kept, as :func:`analysis.text.tokens.words` returns them (read off the text on first use).

        Only a few tests need a word's case, so most sentences never build these.
        """
        if self._words is None:
            normalised = normalise_characters(self.text)
            self._words = [normalised[a:b] for a, b in zip(self.starts, self.ends, strict=True)]
        return self._words


class _Table:
    """Sentences in document order, with the words of all of them located at once.

    ``start_array`` and ``end_array`` (the character offsets of the words of
    :func:`analysis.text.tokens.words`), ``capitalised`` and ``lower_code`` (the
    word's number in ``forms``, its distinct lower-cased forms) hold one entry
    per word of the table, sentence after sentence; sentence ``i``'s words are
    ``first[i]`` to ``first[i + 1]``, its clause breaks (:func:`_breaks`)
    ``break_first[i]`` to ``break_first[i + 1]`` of ``break_index`` and
    ``break_mark``. ``values`` holds what the detectors ask of each form
    (:class:`_Lexicon`).

    A few long arrays rather than several short lists per sentence: the
    garbage collector goes over every list that stays alive, again and again,
    so a :class:`_Sentence` is built only while its document is searched
    (:meth:`sentence`), and only for the few sentences the array tests of
    :func:`_candidates` leave. What can be found for all words at once, with
    arrays, is found so.

    ``words``, the sentences' :class:`analysis.text.words.Words` in the
    order given, spare tokenising the texts again: their words are located in
    them (:attr:`analysis.text.words.Words.offsets`); the pipeline has made
    them for the batch already.
    """

    def __init__(self, doc_ids: Sequence[str], sentence_ids: Sequence[int], speakers: Sequence[str],
                 texts: Sequence[str], words: Words, order: Sequence[int] | None = None,
                 r: Rules | None = None):
        """The sentences as given, put in ``order`` (their positions in document order; default as given)."""
        token_strings = words.token_strings
        # The words are located in the order given, as the batch's Words has them.
        start, end = words.offsets
        lengths, self.lower_code, self.forms = words.lengths, words.codes, words.types
        if order is not None:
            order = np.asarray(order, dtype=np.int64)
            take = _word_order(lengths, order)
            start, end, lengths, self.lower_code = start[take], end[take], lengths[order], self.lower_code[take]
            positions = order.tolist()
            doc_ids, sentence_ids, speakers, texts, token_strings = (
                [values[i] for i in positions] for values in (doc_ids, sentence_ids, speakers, texts, token_strings)
            )
        self.doc_ids, self.sentence_ids, self.speakers, self.texts = doc_ids, sentence_ids, speakers, texts
        self.token_strings = token_strings
        self.values = (rules() if r is None else r).lexicon.values(self.forms)
        self.start_array, self.end_array = start, end
        self.lengths = lengths
        self.first_array = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        self.first = self.first_array.tolist()
        self.sentence_of = np.repeat(np.arange(len(texts)), lengths)
        self.doc_code = _appearance_codes(doc_ids)
        self.speaker_code = _appearance_codes(speakers)
        # Characters are tested as code points of all texts at once.
        points, text_start = code_points(texts)
        text_lengths = np.diff(np.append(text_start, len(points) + 1)) - 1
        word_start = np.repeat(text_start, lengths) + start
        self.capitalised = passing(points[word_start], str.isupper)  # the word's first character
        # The texts joined, and where each word starts in them (for the characters around it).
        self.points, self.word_start = points, word_start
        self.break_sentence, index, self.break_code = _breaks(points, text_start, text_lengths, word_start,
                                                              word_start - start + end, self.first_array)
        self.break_index_array = index
        self.break_index = index.tolist()
        self.break_mark = list(map(chr, self.break_code.tolist()))
        self.break_first = np.searchsorted(self.break_sentence, np.arange(len(texts) + 1)).tolist()

    def __len__(self) -> int:
        return len(self.texts)

    @functools.cached_property
    def commas(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The comma breaks: each one's sentence, the first word after it and the end of the piece it opens.

        A piece (:func:`_pieces`) runs to the next comma of the sentence, or
        to its end; word indices are the sentence's.
        """
        comma = self.break_code == ord(COMMA)
        sentence, start = self.break_sentence[comma], self.break_index_array[comma]
        same_next = np.append(sentence[1:] == sentence[:-1], False)
        return sentence, start, np.where(same_next, np.append(start[1:], 0), self.lengths[sentence])

    @functools.cached_property
    def hard_before(self) -> np.ndarray:
        """Per word of the table, whether a break other than a comma falls just before it (one entry more)."""
        other = self.break_code != ord(COMMA)
        hard = np.zeros(len(self.lower_code) + 1, dtype=bool)
        hard[self.first_array[self.break_sentence[other]] + self.break_index_array[other]] = True
        return hard

    def quoted(self, words: np.ndarray) -> np.ndarray:
        """Whether each word (by its table-wide number) follows an opening quotation mark: the character before it."""
        before = self.points[np.maximum(self.word_start[words] - 1, 0)]
        return (self.start_array[words] > 0) & _QUOTE_POINTS.take(before, mode="clip")

    def quote_before(self, words: np.ndarray) -> np.ndarray:
        """Whether a quotation mark lies between the end of the word before each word and the word.

        Asked of a few words, none the first of its sentence, so their texts
        are searched one by one.
        """
        texts, search = self.texts, _QUOTE.search
        return np.array([search(texts[s], a, b) is not None for s, a, b in zip(
            self.sentence_of[words].tolist(), self.end_array[words - 1].tolist(), self.start_array[words].tolist(),
            strict=True)], dtype=bool)

    def sentence(self, i: int) -> _Sentence:
        """Sentence ``i``.

        Its slices of the word arrays are made lists, not the whole arrays:
        only a few sentences of a table are built.
        """
        a, b = self.first[i], self.first[i + 1]
        c, d = self.break_first[i], self.break_first[i + 1]
        tokens = self.token_strings[i]
        return _Sentence(self.doc_ids[i], self.sentence_ids[i], self.speakers[i], self.texts[i],
                         tokens.split(" ") if tokens else [], self.start_array[a:b].tolist(),
                         self.end_array[a:b].tolist(), list(zip(self.break_index[c:d], self.break_mark[c:d])),
                         self.capitalised[a:b].tolist())

    def row(self, i: int, device: str, ids: Sequence[int], length: int, pattern: str, text: str) -> _Row:
        """A row of the result for an instance in sentence ``i`` (its document and speaker); see :func:`_row`."""
        return (self.doc_ids[i], self.speakers[i], device, int(ids[0]), " ".join(map(str, ids)), int(length), pattern,
                text)


def _appearance_codes(values: Sequence[object]) -> np.ndarray:
    """Each value's number, distinct values numbered in order of first appearance."""
    numbers = {value: number for number, value in enumerate(dict.fromkeys(values))}
    return np.fromiter(map(numbers.__getitem__, values), dtype=np.int64, count=len(values))


def _word_order(lengths: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Positions of the words of sentences put in ``order``, among the words in the sentences' first order."""
    first = np.cumsum(lengths) - lengths
    ordered = lengths[order]
    return np.repeat(first[order] - (np.cumsum(ordered) - ordered), ordered) + np.arange(int(ordered.sum()))


# Whether a code point is a separator (_SEPARATORS), for every code point up to
# the largest separator; the last entry stands for all larger ones (looked up
# with take(..., mode="clip"), which clips the larger code points to it without
# a clipped copy of the code points).
_SEPARATOR_POINTS = np.zeros(max(map(ord, _SEPARATORS)) + 2, dtype=bool)
_SEPARATOR_POINTS[[ord(c) for c in _SEPARATORS]] = True
# The same for the quotation marks (_QUOTES).
_QUOTE_POINTS = np.zeros(max(map(ord, _QUOTES)) + 2, dtype=bool)
_QUOTE_POINTS[[ord(c) for c in _QUOTES]] = True


def _breaks(points: np.ndarray, text_start: np.ndarray, text_lengths: np.ndarray, word_start: np.ndarray,
            word_end: np.ndarray, first: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where the clauses of the sentences break: ``(sentence, index of the first word after, separator)`` arrays.

    A break is a separator character between two words, never inside one:
    a comma in 400,000, a colon in a URL or a compound's hyphen lie inside
    a word of the tokenizer, so they are not breaks; a hyphen is a break
    only as a dash (spaced, or doubled). The arguments are the texts joined
    into one (:func:`analysis.text.words.code_points`): its code points, where
    each text starts and how long it is, where each word starts and ends;
    and each sentence's first word.
    """
    at = np.flatnonzero(_SEPARATOR_POINTS.take(points, mode="clip"))
    sentence = np.searchsorted(text_start, at, side="right") - 1
    local = at - text_start[sentence]
    index = np.searchsorted(word_start, at, side="right")  # words starting at or before `at`
    inside = index > first[sentence]  # a word of the sentence starts before `at` ...
    if len(word_end):
        inside &= at < word_end[np.maximum(index - 1, 0)]  # ... and ends after it
    mark = points[at]
    # The characters either side of a hyphen, 0 (not a space, not a hyphen) at either end of its text.
    before = np.where(local > 0, points[np.maximum(at - 1, 0)], 0)
    after = np.where(local + 1 < text_lengths[sentence], points[np.minimum(at + 1, len(points) - 1)], 0)
    dash = (passing(before, str.isspace) & passing(after, str.isspace)) | ((before == _HYPHEN) & (after != _HYPHEN))
    keep = ~inside & ((mark != _HYPHEN) | dash)  # a stray hyphen, or the first of a double one, is no break
    return sentence[keep], (index - first[sentence])[keep], mark[keep]


def _case(sentence: _Sentence, index: int) -> str:
    """How the word at ``index`` is written.

    ``"lower"`` (in lower case, or the pronoun I), ``"name"`` (capitalised
    inside its sentence) or ``"initial"`` (capitalised as the sentence's first
    word: a name or not, unknown).
    """
    lower = sentence.lowers[index]
    # The word as written (see _Sentence.words), normalised on its own: the
    # normalisation replaces character for character.
    written = normalise_characters(sentence.text[sentence.starts[index] : sentence.ends[index]])
    if written == lower or lower in FIRST_PERSON_I:
        return LOWER
    return INITIAL if index == 0 else NAME


def _opening_start(sentence: _Sentence, first: int, stop: int, r: Rules) -> int:
    """Where an opening starts: one opening coordinating conjunction is skipped."""
    if stop - first > 1 and sentence.lowers[first] in r.opening_conjunctions:
        return first + 1
    return first


def _edges(spans: list[tuple[_Sentence, int, int]], r: Rules, ending: bool) -> list[str]:
    """Each unit's first (or last) word, written out: the word every unit of a run shares.

    ``spans`` are the units, ``(sentence, first word, stop)``; an opening
    coordinating conjunction is skipped (:func:`_opening_start`).
    """
    if ending:
        return [_written_out(sentence.lowers[stop - 1])[-1] for sentence, _, stop in spans]
    conjunctions = r.opening_conjunctions
    return [
        _written_out(sentence.lowers[first + 1] if stop - first > 1 and sentence.lowers[first] in conjunctions
                     else sentence.lowers[first])[0]
        for sentence, first, stop in spans
    ]


def _groups(edges: Sequence[object]) -> list[tuple[int, int]]:
    """``(first, stop)`` of each stretch of two or more consecutive units with the same edge word.

    A run shares at least its first word, so it lies inside one of these;
    most lists of units have none, which one comparison of neighbours in C
    tells.
    """
    if not any(map(operator.eq, edges, edges[1:])):
        return []
    groups = []
    first = 0
    for u in range(1, len(edges) + 1):
        if u == len(edges) or edges[u] != edges[first]:
            if u - first >= 2:
                groups.append((first, u))
            first = u
    return groups


def _unit_indices(sentence: _Sentence, first: int, stop: int, r: Rules, ending: bool) -> range:
    """The words of a unit that are compared: its opening, or its ending last word first (:data:`COMPARED_WORDS`)."""
    if ending:
        return range(stop - 1, max(first, stop - COMPARED_WORDS) - 1, -1)
    start = _opening_start(sentence, first, stop, r)
    return range(start, min(stop, start + COMPARED_WORDS))


def _unit_words(sentence: _Sentence, first: int, stop: int, r: Rules, ending: bool) -> list[str]:
    """The opening (or reversed ending) of a unit, contractions written out."""
    parts = [_written_out(sentence.lowers[i]) for i in _unit_indices(sentence, first, stop, r, ending)]
    if ending:
        return [part for written in parts for part in reversed(written)]
    return [part for written in parts for part in written]


def _unit_tokens(sentence: _Sentence, first: int, stop: int, r: Rules, ending: bool) -> list[int]:
    """For each word of :func:`_unit_words`, the index of the sentence's word it is the first part of, else -1.

    A word's case (:func:`_case`) is that of its first part; the later parts
    of a contraction are lower case. Only the units of a run need their
    cases, and only of some words, so they are found apart from the words.
    """
    tokens = []
    for i in _unit_indices(sentence, first, stop, r, ending):
        written = [i] + [-1] * (len(_written_out(sentence.lowers[i])) - 1)
        tokens += reversed(written) if ending else written
    return tokens


def _shared(units: list[list[str]]) -> list[str]:
    """The longest common prefix of the units' words."""
    shared = []
    for column in zip(*units, strict=False):
        if column.count(column[0]) != len(column):
            break
        shared.append(column[0])
    return shared


def _is_name(cases: Sequence[str]) -> bool:
    """A repeated word is a name if it is never lower case and capitalised inside a sentence at least once."""
    return LOWER not in cases and NAME in cases


def _qualifies(shared: list[str], is_name: Callable[[int], bool], n_units: int, r: Rules) -> bool:
    """The run test of the module docstring; ``is_name(j)`` tells whether shared word ``j`` is a name.

    Whether a word is a name is asked last: it needs the words' cases, and
    most shared words are weak or stop words, which settles the test.
    """
    strong = any(word not in r.weak_words and not is_name(j) for j, word in enumerate(shared))
    if not strong:
        return False
    if n_units >= r.min_run_units:
        return True
    content = any(word not in r.stopwords and not is_name(j) for j, word in enumerate(shared))
    return len(shared) >= r.min_pair_words and content


def _runs(
    spans: Sequence[tuple[_Sentence, int, int]], r: Rules, ending: bool,
    antecedents: Sequence[_Sentence] | None = None, groups: list[tuple[int, int]] | None = None,
) -> list[tuple[int, int, list[str]]]:
    """Runs of consecutive units with a shared opening (ending) that qualify: ``(first, stop, shared words)``.

    ``spans`` are consecutive units, ``(sentence, first word, stop)``; their
    openings (or reversed endings) are compared. Runs are tried with 1, 2
    and 3 identical leading words; overlapping runs are resolved in favour
    of more units, then more shared words. When ``antecedents`` is given
    (sentence-level anaphora: the units' sentences), a run opening with a
    relative word takes in the sentence before it if that sentence contains
    the word after its first word.

    Only units that share their first word with a neighbour (:func:`_groups`)
    can be in a run, so only those are written out and compared. ``groups``,
    if given, are those of the groups that may hold a run, found beforehand
    (:func:`_promising_groups`); most units are then never built.
    """
    if groups is None:
        groups = _groups(_edges(spans, r, ending))
    if not groups:
        return []
    units = {u: _unit_words(*spans[u], r, ending) for first, stop in groups for u in range(first, stop)}
    tokens: dict[int, list[int]] = {}  # found when first needed

    def is_name(run: range, j: int) -> bool:
        cases = []
        for u in run:
            if u not in tokens:
                tokens[u] = _unit_tokens(*spans[u], r, ending)
            i = tokens[u][j]
            cases.append(LOWER if i < 0 else _case(spans[u][0], i))
        return _is_name(cases)

    candidates = []
    for k in (1, 2, 3):
        for group_first, group_stop in groups:
            start = group_first
            while start < group_stop:
                stop = start + 1
                key = units[start][:k]
                if len(key) == k:
                    while stop < group_stop and units[stop][:k] == key:
                        stop += 1
                if stop - start >= 2:
                    shared = _shared([units[u] for u in range(start, stop)])
                    first, n_units = start, stop - start
                    if (
                        antecedents is not None
                        and shared[0] in r.relative_words
                        and start > 0
                        and shared[0] in antecedents[start - 1].lowers[1:]
                    ):
                        first, n_units = start - 1, n_units + 1
                        shared = shared[:1]
                    if _qualifies(shared, functools.partial(is_name, range(start, stop)), n_units, r):
                        candidates.append((first, first + n_units, shared))
                start = stop if stop > start + 1 else start + 1
    chosen: list[tuple[int, int, list[str]]] = []
    taken: set[int] = set()
    for first, stop, shared in sorted(candidates, key=lambda c: (-(c[1] - c[0]), -len(c[2]), c[0])):
        if taken.isdisjoint(range(first, stop)):
            chosen.append((first, stop, shared))
            taken.update(range(first, stop))
    return sorted(chosen)

"""Candidates: the sentences, groups and pieces that cheap array tests leave for the detectors to follow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ...text.words import passing
from .lexicon import COMPARED_WORDS, Rules, _Row
from .sentences import _Sentence, _Table


def _clauses(sentence: _Sentence) -> list[tuple[int, int]]:
    """Word ranges of a sentence's clauses (split at , ; : brackets and dashes)."""
    bounds = [0, *(i for i, _ in sentence.breaks), len(sentence.lowers)]
    return [(a, b) for a, b in zip(bounds[:-1], bounds[1:], strict=True) if b > a]


@dataclass(frozen=True)
class _Candidates:
    """The sentences of a table (by their place in it) that may hold an instance of each device.

    Tests that every instance passes, made with arrays for all sentences at
    once, so that most sentences are never looked at word by word, nor built
    (:meth:`_Table.sentence`).
    """

    # (first, stop, opening groups, ending groups): one speaker's consecutive
    # sentences first to stop, and the stretches of them (numbered from first)
    # that open, or end, alike and may hold a run (:func:`_promising_groups`;
    # None: every group of :func:`_groups`).
    stretches: list[tuple[int, int, list[tuple[int, int]] | None, list[tuple[int, int]] | None]]
    # (sentence, opening groups, ending groups): the same for the clauses of a sentence (numbered as in _clauses).
    clause_runs: list[tuple[int, list[tuple[int, int]] | None, list[tuple[int, int]] | None]]
    # The commas (numbered as in _Table.commas) a list may start before, in order: the piece after can be a middle item.
    lists: np.ndarray
    contrasts: list[int]  # the words "not" and "but", or "one hand" in the text


#: Openings (endings) are compared by array over their first (last) this many words written out, before any
#: unit is built (see _promising_groups); units that share them all are compared in full.
_PRECOMPARED_WORDS = 4


def _unit_words_array(table: _Table, start: np.ndarray, length: np.ndarray, sentence_first: np.ndarray,
                      ending: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The first words of units' openings (or endings, last word first) as part numbers; which are names; odd units.

    A unit is words ``start`` to ``start + length`` of the table (``length`` at
    least 1), in the sentence whose first word is ``sentence_first``. Row
    ``u`` of the first array holds the first :data:`_PRECOMPARED_WORDS` words
    of :func:`_unit_words` for unit ``u``, as part numbers
    (:class:`_FormValues`), -1 past its end; of the second, whether the word
    is written as a name (:func:`_case`): the first part of a word whose first
    character is not lower case, inside its sentence, not the pronoun I. A
    unit is odd if one of those words comes from a word written out in more
    than two parts, which the arrays do not follow.
    """
    code, v = table.lower_code, table.values
    n_units, last_word = len(start), len(code) - 1
    words = np.full((n_units, _PRECOMPARED_WORDS), -1, dtype=np.int64)
    names = np.zeros((n_units, _PRECOMPARED_WORDS), dtype=bool)
    odd = np.zeros(n_units, dtype=bool)
    stop = start + length
    if ending:
        at, bound = stop - 1, np.maximum(start, stop - COMPARED_WORDS)
    else:
        at = start + ((length > 1) & v.opening_conjunction[code[start]])  # :func:`_opening_start`
        bound = np.minimum(stop, at + COMPARED_WORDS)
    second = np.zeros(n_units, dtype=bool)  # at the second part of the word at `at`
    positions = np.zeros((n_units, _PRECOMPARED_WORDS), dtype=np.int64)  # the word each entry comes from
    for j in range(_PRECOMPARED_WORDS):
        inside = at >= bound if ending else at < bound
        safe = positions[:, j] = np.maximum(at, 0) if ending else np.minimum(at, last_word)
        form = code[safe]
        if ending:
            word = np.where(second, v.second_last[form], v.last_part[form])
            first_part = second | (v.n_parts[form] == 1)  # an ending reads a word's parts last first
        else:
            word = np.where(second, v.second_first[form], v.first_part[form])
            first_part = ~second
        words[:, j] = np.where(inside, word, -1)
        names[:, j] = inside & first_part & (safe > sentence_first) & ~v.first_person[form]
        odd |= inside & (v.n_parts[form] > 2)
        two = ~second & (v.n_parts[form] > 1)
        at = np.where(two, at, at - 1 if ending else at + 1)
        second = two
    if names.any():  # the first characters of the words that may be names
        first_characters = table.points[table.word_start[positions[names]]]
        names[names] = passing(first_characters, lambda c: c.lower() != c)
    return words, names, odd


def _promising_groups(link: np.ndarray, table: _Table, start: np.ndarray, length: np.ndarray,
                      sentence_first: np.ndarray, ending: bool, r: Rules,
                      relative: bool) -> tuple[np.ndarray, np.ndarray]:
    """``(first, stop)`` arrays of the groups of :func:`_groups` that may hold a run of :func:`_runs`.

    The units are in a row, words ``start`` to ``start + length`` of the
    table each, in sentences whose first words are ``sentence_first``;
    ``link[u]`` tells whether units ``u`` and ``u + 1`` are neighbours (both
    with words). A group is a stretch of two or more neighbours whose
    openings (endings, if ``ending``) have the same first word. A run's
    shared words are shared by each two neighbours in it, so it passes
    :func:`_qualifies` only if two neighbours of its group share a word that
    is not weak, nor a name in both, and, for a pair, share two words or
    more, one of them a content word. A run whose first word is a relative
    word may take in the sentence before it (when ``relative``), which it
    then shares one word with. Other groups hold no run, and most groups are
    such ("The ... / The ...", "I had ... / I had ...", "The London ... / The
    London ..."). Neighbours are compared over their first words
    (:func:`_unit_words_array`); those sharing all of them, or odd, may hold
    a run.
    """
    code, v = table.lower_code, table.values
    last_word = len(code) - 1
    if ending:
        first = v.last_part[code[np.maximum(start + length - 1, 0)]]
    else:
        opening = np.minimum(start + ((length > 1) & v.opening_conjunction[code[np.minimum(start, last_word)]]),
                             last_word)
        first = v.first_part[code[opening]]
    alike = link & (first[1:] == first[:-1])
    if not alike.any():
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    change = np.diff(np.concatenate([[0], alike.astype(np.int8), [0]]))
    group_first, pairs_stop = np.flatnonzero(change == 1), np.flatnonzero(change == -1)
    size = pairs_stop + 1 - group_first
    # What each two neighbours alike share: their common leading words.
    pairs = np.flatnonzero(alike)
    involved = np.zeros(len(first), dtype=bool)
    involved[pairs] = involved[pairs + 1] = True
    units = np.flatnonzero(involved)
    words, names, odd = _unit_words_array(table, start[units], length[units], sentence_first[units], ending)
    row = np.cumsum(involved) - 1  # each unit's row in words
    ahead, behind = row[pairs], row[pairs + 1]
    leading = words[ahead]
    shared = np.cumprod((leading == words[behind]) & (leading >= 0), axis=1).astype(bool)
    n_shared = shared.sum(axis=1)
    # A word that is a name in both is a name in any run they are in (_is_name).
    shared_not_name = shared & ~(names[ahead] & names[behind])
    strong = (shared_not_name & ~v.part_weak[leading]).any(axis=1)
    content = (shared_not_name & ~v.part_stop[leading]).any(axis=1)
    unknown = (n_shared == _PRECOMPARED_WORDS) | odd[ahead] | odd[behind]
    # Counts, over the pairs alike, of those that may be a run (pair) or in a longer run (long).
    pair_before = np.concatenate([[0], np.cumsum(unknown | (strong & content & (n_shared >= r.min_pair_words)))])
    long_before = np.concatenate([[0], np.cumsum(unknown | strong)])
    lo, hi = np.searchsorted(pairs, group_first), np.searchsorted(pairs, pairs_stop)
    word = first[group_first]
    n_units = size + v.part_relative[word] if relative else size
    alone = ~v.part_weak[word] & ((n_units >= r.min_run_units) | ((r.min_pair_words <= 1) & ~v.part_stop[word]))
    keep = (alone | (pair_before[hi] > pair_before[lo])
            | ((size >= r.min_run_units) & (long_before[hi] > long_before[lo])))
    return group_first[keep], pairs_stop[keep] + 1


def _candidates(table: _Table, r: Rules) -> _Candidates:
    """The :class:`_Candidates` of a table.

    The first tests of :func:`_runs` (:func:`_promising_groups`),
    :func:`_tricolons` (the piece after a list's first item can be a middle
    item) and :func:`_antitheses` (the words every instance has), for all
    sentences at once.
    """
    n = len(table)
    code, v = table.lower_code, table.values
    n_words = len(code)
    lengths, first_word = table.lengths, table.first_array

    # Stretches: a speaker's consecutive sentences (same document, same
    # speaker, consecutive ids), each sentence a unit.
    stretches: list = []
    if n > 1 and n_words:
        ids = np.asarray(table.sentence_ids, dtype=np.int64)
        next_in_stretch = ((table.doc_code[1:] == table.doc_code[:-1])
                           & (table.speaker_code[1:] == table.speaker_code[:-1]) & (ids[1:] == ids[:-1] + 1))
        link = next_in_stretch & (lengths[1:] > 0) & (lengths[:-1] > 0)
        bounds = np.concatenate([[0], np.flatnonzero(~next_in_stretch) + 1])
        found: dict[int, tuple[int, int, list, list]] = {}
        for side in (0, 1):
            starts, stops = _promising_groups(link, table, first_word[:-1], lengths, first_word[:-1], side == 1, r,
                                              relative=side == 0)
            for a, b in zip(starts.tolist(), stops.tolist(), strict=True):
                s = int(np.searchsorted(bounds, a, side="right")) - 1
                if s not in found:
                    found[s] = (int(bounds[s]), int(bounds[s + 1]) if s + 1 < len(bounds) else n, [], [])
                first = found[s][0]
                found[s][2 + side].append((a - first, b - first))
        stretches = [found[s] for s in sorted(found)]

    # Clauses: the word ranges between each sentence's start, breaks and end (:func:`_clauses`).
    clause_runs: list = []
    breaks = np.diff(table.break_first)
    broken = np.flatnonzero(breaks)
    if len(broken):
        sizes = breaks[broken] + 2
        ends = np.cumsum(sizes) - 1
        bound = np.zeros(int(sizes.sum()), dtype=np.int64)
        bound[ends] = lengths[broken]
        inner = np.ones(len(bound), dtype=bool)
        inner[ends] = False
        inner[ends - sizes + 1] = False
        bound[inner] = table.break_index_array
        owner = np.repeat(broken, sizes)
        clause = (owner[1:] == owner[:-1]) & (bound[1:] > bound[:-1])
        sentence, a = owner[1:][clause], bound[:-1][clause]
        unit_start, unit_length = first_word[sentence] + a, bound[1:][clause] - a
        link = sentence[1:] == sentence[:-1]
        number = np.arange(len(sentence)) - np.searchsorted(sentence, sentence)  # the clause's place in its sentence
        found = {}
        for side in (0, 1):
            starts, stops = _promising_groups(link, table, unit_start, unit_length, first_word[sentence], side == 1,
                                              r, relative=False)
            for a, b in zip(starts.tolist(), stops.tolist(), strict=True):
                s = int(sentence[a])
                if s not in found:
                    found[s] = (s, [], [])
                found[s][1 + side].append((int(number[a]), int(number[a]) + b - a))
        clause_runs = [found[s] for s in sorted(found)]

    # Lists: a comma, then a piece that can be a middle item (see
    # _tricolons: a short phrase, not a clause, not opening with a
    # conjunction), at or before the sentence's last list conjunction.
    lists = np.zeros(0, dtype=np.int64)
    sentence, start, stop = table.commas
    if n_words and len(sentence):
        conjunction = v.list_conjunction[code]
        last_conjunction = np.full(n, -1)
        at = np.flatnonzero(conjunction)
        np.maximum.at(last_conjunction, table.sentence_of[at], at - first_word[table.sentence_of[at]])
        length = stop - start  # the next piece's words
        word = first_word[sentence] + start

        def ahead(flags: np.ndarray, t: int) -> np.ndarray:
            return flags[np.minimum(word + t, n_words - 1)]

        max_middle = int(r.tricolon["max_middle_words"])
        # The middle item runs to the piece's first list conjunction, or its end.
        middle = np.full(len(start), max_middle + 1)
        for t in range(max_middle, 0, -1):
            middle = np.where((t >= length) | ahead(conjunction, t), t, middle)
        ok = (start <= last_conjunction[sentence]) & (length > 0) & (middle <= max_middle)
        ok &= ~ahead(v.middle_opener[code] | conjunction, 0)
        clause_word, hard = v.clause[code], table.hard_before
        for t in range(max_middle):
            ok &= ~((t < middle) & ahead(clause_word, t))
            if t:
                ok &= ~((t < middle) & ahead(hard, t))
        ok &= (middle == length) | (middle + 1 < length)  # a last item after the conjunction
        lists = np.flatnonzero(ok)

    # Contrasts: the words "not" and "but", or "one hand" in the lower-cased
    # text, which needs "hand" in one of its words.
    def holding(wanted: np.ndarray) -> np.ndarray:
        """Whether each sentence has a word that is ``wanted`` (per form)."""
        return np.bincount(table.sentence_of[wanted[code]], minlength=n) > 0

    hand = np.flatnonzero(holding(v.hand))
    one_hand = np.zeros(n, dtype=bool)
    one_hand[hand] = ["one hand" in table.texts[i].lower() for i in hand.tolist()]
    contrasts = np.flatnonzero((holding(v.not_) & holding(v.but_)) | one_hand)
    return _Candidates(stretches, clause_runs, lists, contrasts.tolist())


def _row(sentence: _Sentence, device: str, ids: Sequence[int], length: int, pattern: str, text: str) -> _Row:
    """A row of the result (:data:`_Row`): an instance in ``sentence``, over the sentences ``ids``."""
    return (sentence.doc_id, sentence.speaker, device, int(ids[0]), " ".join(map(str, ids)), int(length), pattern,
            text)


class _Stretch(Sequence):
    """A speaker's consecutive sentences ``first`` to ``stop`` of a table, each built when first used.

    Whether sentences open or end alike is known beforehand
    (:class:`_Candidates`), so most sentences of a stretch are never built.
    """

    def __init__(self, table: _Table, first: int, stop: int):
        self.table, self.first, self.stop = table, first, stop
        self.built: dict[int, _Sentence] = {}

    def __len__(self) -> int:
        return self.stop - self.first

    def __getitem__(self, u):
        if not 0 <= u < len(self):
            raise IndexError(u)
        if u not in self.built:
            self.built[u] = self.table.sentence(self.first + u)
        return self.built[u]


class _WholeSentences(Sequence):
    """The sentences of a :class:`_Stretch` as units of :func:`_runs`: ``(sentence, 0, its number of words)``."""

    def __init__(self, stretch: _Stretch):
        self.stretch = stretch

    def __len__(self) -> int:
        return len(self.stretch)

    def __getitem__(self, u):
        sentence = self.stretch[u]
        return sentence, 0, len(sentence.lowers)

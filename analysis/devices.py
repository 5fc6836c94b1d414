"""Stage 5d: rhetorical devices, found in the sentences and shown with their text.

Each detector finds *instances* a reader can check: the sentences or words of
each instance are in the ``text`` column of :func:`find_devices`. The rules
favour precision over recall (a device missed is better than a device
invented), and each rule's thresholds are data in ``data/devices.yaml``.

Devices
-------
``anaphora``
    Consecutive units opening with the same word or words (Lanham 1991,
    "anaphora"). A unit is a sentence (same document and speaker, consecutive
    sentence ids) or a clause of one sentence (split at ``, ; :`` and
    dashes). One opening coordinating conjunction is skipped and contractions
    are written out, so "I'll promote ... / And I will promote ..." open alike.
    Fragments opening with a relative word continue the sentence before them,
    which joins the run: "I will be the British Muslim who takes the fight to
    the extremists. / Who ensures ... / Who backs ... / And who acts ..." is a
    run of four. A run of three or more units needs one repeated word that is
    not an article, demonstrative, personal pronoun or name; a pair needs two
    repeated words, one of them a content word.
``epistrophe``
    Consecutive units ending with the same words (Lanham 1991), by the same
    tests: "... in keeping Londoners safe. / ... than keeping Londoners safe."
``tricolon``
    A list of three or more parallel items, "A, B and C" (Atkinson 1984's
    "three-part list"); ``length`` is the number of items. The middle items
    must be short phrases, not clauses (see ``data/devices.yaml``).
``repetition``
    A phrase of three or more words a speaker says at least twice in one
    document, compared by Snowball stems (Porter 2001), so "keep Londoners
    safe" and "keeping Londoners safe" are one phrase; ``length`` is the
    number of occurrences and ``text`` lists the forms used, most frequent
    first. Only a phrase's longest form with the same number of occurrences
    is listed.
``rhetorical_question``
    A question (a sentence ending in ``?``) that nobody else answers: the
    next sentence of the document is the same speaker's, or there is none
    (Lanham 1991, "erotesis"). A question put by an interviewer and answered
    by the interviewee is not rhetorical.
``antithesis``
    A contrast of two parallel parts in one sentence (Lanham 1991; Atkinson
    1984's "contrast"): "not X but Y", where "not" negates a phrase rather than
    a clause and Y does not open with a subject pronoun ("Not because they are
    more responsible ..., but because they can be most effective ..."), and
    "on the one hand ... on the other".

Known limits: a device spread over a speaker's turns in different segments
of a news story is found only if its sentences are consecutive; lists whose
middle items are long clauses, antitheses without "not" ("deeds, not words";
"difficult but necessary") and questions without a question mark are missed;
openings and endings are compared over their first (last) eight words.

References
----------
Atkinson, J. M. (1984). *Our Masters' Voices: The Language and Body Language
of Politics*. Methuen. [atkinson1984]

Lanham, R. A. (1991). *A Handlist of Rhetorical Terms* (2nd ed.). University
of California Press. [lanham1991]

Porter, M. F. (2001). Snowball: A language for stemming algorithms.
https://snowballstem.org/texts/introduction.html [porter2001]
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import snowballstemmer
import yaml

from .frames import code_points, passing, word_codes, word_offsets
from .sentences import sentence_texts
from .tokens import _normalise_characters, words

__all__ = [
    "DEVICES",
    "DEVICE_COLUMNS",
    "RULES_FILE",
    "device_counts",
    "device_numbers",
    "devices_view",
    "find_devices",
    "rules",
]

RULES_FILE = Path(__file__).with_name("data") / "devices.yaml"
#: Device names, in the order of the output.
DEVICES = ("anaphora", "epistrophe", "tricolon", "repetition", "rhetorical_question", "antithesis")
DEVICE_COLUMNS = ["doc_id", "speaker", "device", "sentence_id", "sentences", "length", "pattern", "text"]
REQUIRED_COLUMNS = ("doc_id", "sentence_id", "speaker", "text")
#: Separator between the units of a multi-sentence instance in ``text``.
UNIT_SEPARATOR = " / "
#: Separator between the forms of a repeated phrase in ``text``.
FORM_SEPARATOR = " / "

# A clause or list item ends at , ; : a bracket or a dash (a spaced hyphen or a
# double hyphen stands for a dash in these texts). These are the candidates;
# _breaks keeps those that fall between words.
_SEPARATORS = ",:;()[]\u2013\u2014-"
_HYPHEN = ord("-")
COMMA = ","
_QUOTES = "\"'\u2018\u2019\u201c\u201d"
_QUOTE = re.compile(f"[{re.escape(_QUOTES)}]")
_QUESTION_END = re.compile(r"\?[\"'\u2019\u201d)\]]*\s*\Z")
# Cheap tests that let most sentences skip a detector. Each runs only after a
# yet cheaper test on the sentence's words that any instance passes (see
# _candidates): most sentences are settled without a regex.
_MAY_HAVE_LIST = re.compile(r",.*\b(?:and|or)\b", re.IGNORECASE | re.DOTALL)
_MAY_HAVE_ANTITHESIS = re.compile(r"\bnot\b.*\bbut\b|\bone hand\b", re.IGNORECASE | re.DOTALL)
_ONE_HAND = re.compile(r"\bon the one hand\b.*\bon the other\b", re.IGNORECASE | re.DOTALL)
#: Openings and endings are compared over at most this many words (a longer
#: shared opening is reported cut to its first words): comparing whole
#: sentences would cost a pass over every word for nothing.
COMPARED_WORDS = 8
#: The pronoun I and its contractions: capitalised, yet not names.
FIRST_PERSON_I = frozenset({"i", "i'm", "i'll", "i've", "i'd"})

# Case status of a word in a unit (see _case).
LOWER, NAME, INITIAL = "lower", "name", "initial"


@dataclass(frozen=True)
class Rules:
    """The detectors' rules, from ``data/devices.yaml`` (field names as in the file)."""

    stopwords: frozenset[str]
    contractions: dict[str, tuple[str, ...]]
    contraction_endings: dict[str, str]
    opening_conjunctions: frozenset[str]
    weak_words: frozenset[str]
    min_run_units: int
    min_pair_words: int
    relative_words: frozenset[str]
    tricolon: dict
    antithesis: dict
    repetition: dict


@functools.lru_cache(maxsize=1)
def rules(path: Path | str = RULES_FILE) -> Rules:
    """Read the rules of ``data/devices.yaml`` (once).

    Raises
    ------
    ValueError
        If a field is missing or a word list holds a non-string (YAML reads an
        unquoted ``no`` as a boolean).
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    fields = [
        "stopwords", "contractions", "contraction_endings", "opening_conjunctions", "weak_words", "min_run_units",
        "min_pair_words", "relative_words", "tricolon", "antithesis", "repetition",
    ]
    missing = [f for f in fields if f not in data]
    if missing:
        raise ValueError(f"{path}: missing {missing}")

    def word_set(name: str, values) -> frozenset[str]:
        bad = [v for v in values if not isinstance(v, str) or v != v.lower()]
        if bad:
            raise ValueError(f"{path}: {name} holds {bad}: quote words YAML reads as other types")
        return frozenset(values)

    for group in ("tricolon", "antithesis"):
        for key, value in data[group].items():
            if isinstance(value, list):
                data[group][key] = word_set(f"{group}.{key}", value)
    return Rules(
        stopwords=word_set("stopwords", data["stopwords"]),
        contractions={k: tuple(v) for k, v in data["contractions"].items()},
        contraction_endings=dict(data["contraction_endings"]),
        opening_conjunctions=word_set("opening_conjunctions", data["opening_conjunctions"]),
        weak_words=word_set("weak_words", data["weak_words"]),
        min_run_units=int(data["min_run_units"]),
        min_pair_words=int(data["min_pair_words"]),
        relative_words=word_set("relative_words", data["relative_words"]),
        tricolon=dict(data["tricolon"]),
        antithesis=dict(data["antithesis"]),
        repetition=dict(data["repetition"]),
    )


@dataclass(slots=True)
class _Sentence:
    """A sentence with its words and where its clauses break.

    ``lowers`` are the words of ``text`` (:func:`analysis.tokens.words`)
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
        return _Table([doc_id], [sentence_id], [speaker], [text]).sentence(0)

    @property
    def words(self) -> list[str]:
        """The words, case kept, as :func:`analysis.tokens.words` returns them (read off the text on first use).

        Only a few tests need a word's case, so most sentences never build these.
        """
        if self._words is None:
            normalised = _normalise_characters(self.text)
            self._words = [normalised[a:b] for a, b in zip(self.starts, self.ends, strict=True)]
        return self._words


class _Table:
    """Sentences in document order, with the words of all of them located at once.

    ``lowers`` (the words of :func:`analysis.tokens.words`, lower-cased),
    ``starts`` and ``ends`` (their character offsets), ``capitalised`` and
    ``lower_code`` (the word's number in ``forms``, its distinct lower-cased
    forms) hold one entry per word of the table, sentence after sentence;
    sentence ``i``'s words are ``first[i]`` to ``first[i + 1]``, its clause
    breaks (:func:`_breaks`) ``break_first[i]`` to ``break_first[i + 1]`` of
    ``break_index`` and ``break_mark``.

    A few long lists rather than several short ones per sentence: the garbage
    collector goes over every list that stays alive, again and again, so a
    :class:`_Sentence` is built only while its document is searched
    (:meth:`sentence`). And what can be found for all words at once, with
    arrays, is found so.

    ``token_strings``, the sentences' lower-cased words joined by spaces (the
    ``tokens`` column of :func:`analysis.counts.sentence_counts`), spare
    tokenising the texts again: the words are located in them
    (:func:`analysis.frames.word_offsets`).
    """

    def __init__(self, doc_ids: Sequence[str], sentence_ids: Sequence[int], speakers: Sequence[str],
                 texts: Sequence[str], token_strings: Sequence[str] | None = None, order: Sequence[int] | None = None):
        """The sentences as given, put in ``order`` (their positions in document order; default as given)."""
        if token_strings is None:
            token_strings = [" ".join(words(text, lowercase=True)) for text in texts]
        # The words are located in the order given: in the export, those of
        # the same sentences have just been located to code frames, and
        # word_offsets keeps its last result.
        start, end = word_offsets(texts, token_strings)
        lengths, self.lower_code, self.forms = word_codes(token_strings)
        if order is not None:
            order = np.asarray(order, dtype=np.int64)
            take = _word_order(lengths, order)
            start, end, lengths, self.lower_code = start[take], end[take], lengths[order], self.lower_code[take]
            positions = order.tolist()
            doc_ids, sentence_ids, speakers, texts, token_strings = (
                [values[i] for i in positions] for values in (doc_ids, sentence_ids, speakers, texts, token_strings)
            )
        self.doc_ids, self.sentence_ids, self.speakers, self.texts = doc_ids, sentence_ids, speakers, texts
        self.lowers = " ".join(token_strings).split()
        self.starts, self.ends = start.tolist(), end.tolist()
        self.lengths = lengths
        self.first_array = np.concatenate([[0], np.cumsum(self.lengths)]).astype(np.int64)
        self.first = self.first_array.tolist()
        self.sentence_of = np.repeat(np.arange(len(texts)), self.lengths)
        self.doc_code = pd.factorize(pd.Series(doc_ids, dtype=object))[0]
        self.speaker_code = pd.factorize(pd.Series(speakers, dtype=object))[0]
        # Characters are tested as code points of all texts at once.
        points, text_start = code_points(texts)
        text_lengths = np.diff(np.append(text_start, len(points) + 1)) - 1
        word_start = np.repeat(text_start, self.lengths) + start
        self.capitalised = passing(points[word_start], str.isupper)  # the word's first character
        self.capitalised_list = self.capitalised.tolist()
        self.break_sentence, index, self.break_code = _breaks(points, text_start, text_lengths, word_start,
                                                              word_start - start + end, self.first_array)
        self.break_index = index.tolist()
        self.break_mark = [chr(c) for c in self.break_code.tolist()]
        self.break_first = np.searchsorted(self.break_sentence, np.arange(len(texts) + 1)).tolist()

    def __len__(self) -> int:
        return len(self.texts)

    def sentence(self, i: int) -> _Sentence:
        """Sentence ``i``."""
        a, b = self.first[i], self.first[i + 1]
        c, d = self.break_first[i], self.break_first[i + 1]
        return _Sentence(self.doc_ids[i], self.sentence_ids[i], self.speakers[i], self.texts[i], self.lowers[a:b],
                         self.starts[a:b], self.ends[a:b], list(zip(self.break_index[c:d], self.break_mark[c:d])),
                         self.capitalised_list[a:b])


def _word_order(lengths: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Positions of the words of sentences put in ``order``, among the words in the sentences' first order."""
    first = np.cumsum(lengths) - lengths
    ordered = lengths[order]
    return np.repeat(first[order] - (np.cumsum(ordered) - ordered), ordered) + np.arange(int(ordered.sum()))


def _breaks(points: np.ndarray, text_start: np.ndarray, text_lengths: np.ndarray, word_start: np.ndarray,
            word_end: np.ndarray, first: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where the clauses of the sentences break: ``(sentence, index of the first word after, separator)`` arrays.

    A break is a separator character between two words, never inside one:
    a comma in 400,000, a colon in a URL or a compound's hyphen lie inside
    a word of the tokenizer, so they are not breaks; a hyphen is a break
    only as a dash (spaced, or doubled). The arguments are the texts joined
    into one (:func:`analysis.frames.code_points`): its code points, where
    each text starts and how long it is, where each word starts and ends;
    and each sentence's first word.
    """
    at = np.flatnonzero(passing(points, _SEPARATORS.__contains__))
    sentence = np.searchsorted(text_start, at, side="right") - 1
    local = at - text_start[sentence]
    index = np.searchsorted(word_start, at, side="right")  # words starting at or before `at`
    inside = index > first[sentence]  # a word of the sentence starts before `at` ...
    inside[inside] = at[inside] < word_end[index[inside] - 1]  # ... and ends after it
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
    if sentence.words[index] == sentence.lowers[index] or sentence.lowers[index] in FIRST_PERSON_I:
        return LOWER
    return INITIAL if index == 0 else NAME


@functools.lru_cache(maxsize=2**16)
def _written_out(lower: str) -> tuple[str, ...]:
    """A lower-cased word with its contraction written out: "i'll" -> ("i", "will"), "won't" -> ("will", "not")."""
    r = rules()
    if lower in r.contractions:
        return r.contractions[lower]
    for ending, full in r.contraction_endings.items():
        if lower.endswith(ending) and len(lower) > len(ending):
            return (lower[: -len(ending)], full)
    return (lower,)


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


def _unit_cases(sentence: _Sentence, first: int, stop: int, r: Rules, ending: bool) -> list[str]:
    """The case (:func:`_case`) of each word of :func:`_unit_words`; the later parts of a contraction are lower case.

    Only the units of a run need their cases, so they are found apart from the words.
    """
    cases = []
    for i in _unit_indices(sentence, first, stop, r, ending):
        written = [_case(sentence, i)] + [LOWER] * (len(_written_out(sentence.lowers[i])) - 1)
        cases += reversed(written) if ending else written
    return cases


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
    antecedents: Sequence[_Sentence] | None = None, edges: Sequence[object] | None = None,
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
    can be in a run, so only those are written out and compared; ``edges``,
    if given, are those first words (:func:`_edges`), as anything that
    compares alike.
    """
    groups = _groups(_edges(spans, r, ending) if edges is None else edges)
    if not groups:
        return []
    units = {u: _unit_words(*spans[u], r, ending) for first, stop in groups for u in range(first, stop)}
    cases: dict[int, list[str]] = {}  # found when first needed

    def is_name(run: range, j: int) -> bool:
        for u in run:
            if u not in cases:
                cases[u] = _unit_cases(*spans[u], r, ending)
        return _is_name([cases[u][j] for u in run])

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

    stretches: list[tuple[int, int]]  # one speaker's consecutive sentences, two neighbours opening or ending alike
    opens: list[int]  # each sentence's opening word (:func:`_edges`), numbered
    closes: list[int]  # and its ending word
    clause_runs: list[int]  # two neighbouring clauses open, or end, with the same word (written out)
    lists: list[tuple[int, int]]  # (sentence, its last list conjunction): a comma between words and a conjunction
    contrasts: list[int]  # the words "not" and "but", or "one hand" in the text


def _candidates(table: _Table, r: Rules) -> _Candidates:
    """The :class:`_Candidates` of a table.

    The first tests of :func:`_runs` (two neighbouring units share their
    first, or last, word), :func:`_tricolons` and :func:`_antitheses` (the
    words every instance has), for all sentences at once.
    """
    n = len(table)
    forms, code = table.forms, table.lower_code
    # Per distinct form: its written-out first and last parts (numbered), and whether it is an opening conjunction.
    written = [_written_out(form) for form in forms]
    number: dict[str, int] = {}
    first_part = np.array([number.setdefault(parts[0], len(number)) for parts in written], dtype=np.int64)
    last_part = np.array([number.setdefault(parts[-1], len(number)) for parts in written], dtype=np.int64)
    opening_conjunction = np.array([form in r.opening_conjunctions for form in forms], dtype=bool)

    def edges(word: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The words a unit's opening and ending are compared by (:func:`_edges`); its words are word + a..b."""
        opening = a + ((b - a > 1) & opening_conjunction[code[word + a]])
        return first_part[code[word + opening]], last_part[code[word + b - 1]]

    # Clauses: the word ranges between each sentence's start, breaks and end (:func:`_clauses`).
    breaks = np.diff(table.break_first)
    broken = np.flatnonzero(breaks)
    sizes = breaks[broken] + 2
    ends = np.cumsum(sizes) - 1
    bound = np.zeros(int(sizes.sum()), dtype=np.int64)
    bound[ends] = table.lengths[broken]
    inner = np.ones(len(bound), dtype=bool)
    inner[ends] = False
    inner[ends - sizes + 1] = False
    bound[inner] = table.break_index
    owner = np.repeat(broken, sizes)
    clause = (owner[1:] == owner[:-1]) & (bound[1:] > bound[:-1])
    sentence, a, b = owner[1:][clause], bound[:-1][clause], bound[1:][clause]
    opens, closes = edges(table.first_array[sentence], a, b)
    alike = (sentence[1:] == sentence[:-1]) & ((opens[1:] == opens[:-1]) | (closes[1:] == closes[:-1]))
    clause_runs = np.unique(sentence[1:][alike])

    # Stretches: a speaker's consecutive sentences (same document, same
    # speaker, consecutive ids), each sentence a unit.
    with_words = np.flatnonzero(table.lengths)
    opens, closes = np.full(n, -1), np.full(n, -2)
    opens[with_words], closes[with_words] = edges(table.first_array[with_words], 0, table.lengths[with_words])
    ids = np.asarray(table.sentence_ids, dtype=np.int64)
    next_in_stretch = ((table.doc_code[1:] == table.doc_code[:-1]) & (table.speaker_code[1:] == table.speaker_code[:-1])
                       & (ids[1:] == ids[:-1] + 1))
    alike_next = next_in_stretch & ((opens[1:] == opens[:-1]) | (closes[1:] == closes[:-1]))
    bounds = np.concatenate([[0], np.flatnonzero(~next_in_stretch) + 1, [n]]) if n else np.zeros(1, dtype=np.int64)
    alike_before = np.concatenate([[0], np.cumsum(alike_next)])  # pairs (i, i + 1) alike, i < index
    stretches = [(a, b) for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)
                 if alike_before[b - 1] > alike_before[a]]

    def holding(wanted: Callable[[str], bool]) -> np.ndarray:
        """Whether each sentence has a word that is ``wanted``."""
        is_wanted = np.array([wanted(form) for form in forms], dtype=bool)
        return np.bincount(table.sentence_of[is_wanted[code]], minlength=n) > 0

    # Lists: a comma between words, and a list conjunction in a later piece
    # (so tricolons stop at the piece before the last conjunction's).
    comma = np.zeros(n, dtype=bool)
    comma[table.break_sentence[table.break_code == ord(COMMA)]] = True
    is_conjunction = np.array([form in r.tricolon["list_conjunctions"] for form in forms], dtype=bool)[code]
    conjunction = np.flatnonzero(is_conjunction)
    last_conjunction = np.full(n, -1)
    np.maximum.at(last_conjunction, table.sentence_of[conjunction],
                  conjunction - table.first_array[table.sentence_of[conjunction]])
    listing = np.flatnonzero(comma & (last_conjunction >= 0))
    # Contrasts: the words "not" and "but", or "one hand" in the lower-cased
    # text, which needs "hand" in one of its words.
    hand = np.flatnonzero(holding(lambda form: "hand" in form))
    one_hand = np.zeros(n, dtype=bool)
    one_hand[hand] = ["one hand" in table.texts[i].lower() for i in hand.tolist()]
    contrasts = np.flatnonzero((holding("not".__eq__) & holding("but".__eq__)) | one_hand)
    return _Candidates(stretches, opens.tolist(), closes.tolist(), clause_runs.tolist(),
                       list(zip(listing.tolist(), last_conjunction[listing].tolist())), contrasts.tolist())


def _row(sentence: _Sentence, device: str, ids: Sequence[int], length: int, pattern: str, text: str) -> dict:
    return {
        "doc_id": sentence.doc_id,
        "speaker": sentence.speaker,
        "device": device,
        "sentence_id": int(ids[0]),
        "sentences": " ".join(str(i) for i in ids),
        "length": int(length),
        "pattern": pattern,
        "text": text,
    }


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


def _anaphora_epistrophe(table: _Table, r: Rules, candidates: _Candidates) -> list[dict]:
    rows = []
    for first_sentence, stop_sentence in candidates.stretches:
        stretch = _Stretch(table, first_sentence, stop_sentence)
        spans = _WholeSentences(stretch)
        opens = candidates.opens[first_sentence:stop_sentence]
        for first, stop, shared in _runs(spans, r, False, stretch, opens):
            units = [stretch[u] for u in range(first, stop)]
            rows.append(_row(units[0], "anaphora", [s.sentence_id for s in units], stop - first, " ".join(shared),
                             UNIT_SEPARATOR.join(s.text for s in units)))
        closes = candidates.closes[first_sentence:stop_sentence]
        for first, stop, shared in _runs(spans, r, True, edges=closes):
            units = [stretch[u] for u in range(first, stop)]
            rows.append(_row(units[0], "epistrophe", [s.sentence_id for s in units], stop - first,
                             " ".join(shared[::-1]), UNIT_SEPARATOR.join(s.text for s in units)))
    for i in candidates.clause_runs:
        sentence = table.sentence(i)
        clauses = [(sentence, a, b) for a, b in _clauses(sentence)]
        for device, ending in (("anaphora", False), ("epistrophe", True)):
            for first, stop, shared in _runs(clauses, r, ending):
                pattern = " ".join(shared[::-1] if ending else shared)
                rows.append(_row(sentence, device, [sentence.sentence_id], stop - first, pattern, sentence.text))
    return rows


# --- Tricolon ------------------------------------------------------------------------------


def _pieces(sentence: _Sentence) -> list[tuple[int, int]]:
    """Word ranges between the commas of a sentence."""
    bounds = [0, *(i for i, sep in sentence.breaks if sep == COMMA), len(sentence.lowers)]
    return list(zip(bounds[:-1], bounds[1:], strict=True))


def _breaks_between(sentence: _Sentence, a: int, b: int) -> bool:
    """Whether a break other than a comma falls between words a..b-1."""
    return any(a < i < b and sep != COMMA for i, sep in sentence.breaks)


def _middle_ok(sentence: _Sentence, a: int, b: int, r: Rules) -> bool:
    """Whether words a..b-1 can be a middle item: a short phrase, not a clause."""
    rule = r.tricolon
    lower = sentence.lowers[a:b]
    return (
        0 < len(lower) <= rule["max_middle_words"]
        and not _breaks_between(sentence, a, b)
        and lower[0] not in rule["middle_openers"]
        and not any(w in rule["clause_words"] for w in lower)
    )


def _first_item(sentence: _Sentence, a: int, b: int, anchor: str | None, longest: int, r: Rules) -> int | None:
    """Index of the first item's first word in piece a..b (the item ends at b), or None."""
    floor = max([a, *(i for i, sep in sentence.breaks if a < i < b and sep != COMMA)])
    if anchor is not None:
        for i in range(b - 1, max(floor, b - r.tricolon["max_anchored_words"]) - 1, -1):
            if sentence.lowers[i] == anchor:
                return i
    start = b
    while start > floor and b - start < longest and sentence.lowers[start - 1] not in r.stopwords:
        start -= 1
    return start if start < b else None


def _quoted(sentence: _Sentence, a: int) -> bool:
    """Whether word a follows an opening quotation mark (looked for only if the text has one)."""
    if not _QUOTE.search(sentence.text):
        return False
    start = sentence.starts[a]
    return start > 0 and sentence.text[start - 1] in _QUOTES


def _final_item(sentence: _Sentence, a: int, b: int, r: Rules) -> int | None:
    """End (exclusive word index) of the last item, which starts at word a of a piece ending at b; or None."""
    rule = r.tricolon
    stops = rule["final_item_stops"] | rule["clause_words"]
    quoted = _quoted(sentence, a)
    if not quoted and sentence.lowers[a] in rule["clause_words"]:
        return None  # "..., and has come under pressure": a new clause, not an item
    end = a + 1
    while end < b and end - a < rule["max_final_words"]:
        if _breaks_between(sentence, end - 1, end + 1):
            break
        if quoted:
            if _QUOTE.search(sentence.text, sentence.ends[end - 1], sentence.starts[end]):
                break
        elif sentence.lowers[end] in stops:
            break
        end += 1
    if not quoted:
        while end > a + 1 and sentence.lowers[end - 1] in r.stopwords:
            end -= 1
    return end


def _item_kind(sentence: _Sentence, a: int, b: int, r: Rules) -> str:
    """``"name"`` (every word capitalised), ``"common"`` (a word in lower case) or ``"unknown"``.

    Joining words ("of", "for") are ignored, and so is a sentence's first word,
    capitalised whatever it is.
    """
    known = [
        sentence.capitalised[i]
        for i in range(a, b)
        if i > 0 and sentence.lowers[i] not in r.tricolon["name_joiners"]
    ]
    if not known:
        return "unknown"
    return "name" if all(known) else "common"


def _is_name_list(sentence: _Sentence, items: list[tuple[int, int]], r: Rules) -> bool:
    """Whether every item is capitalised and the list continues a capitalised name."""
    joiners = r.tricolon["name_joiners"]
    for a, b in items:
        if not all(sentence.capitalised[i] or sentence.lowers[i] in joiners for i in range(a, b)):
            return False
    before = items[0][0] - 1
    while before >= 0 and sentence.lowers[before] in joiners:
        before -= 1
    return before > 0 and sentence.capitalised[before]


def _tricolons(table: _Table, r: Rules, candidates: _Candidates) -> list[dict]:
    rows = []
    for index, last_conjunction in candidates.lists:
        if not _MAY_HAVE_LIST.search(table.texts[index]):
            continue
        sentence = table.sentence(index)
        pieces = _pieces(sentence)
        i = 0
        # A list ends in a piece after its first holding a list conjunction.
        while i < len(pieces) - 1 and pieces[i + 1][0] <= last_conjunction:
            found = _list_from(sentence, pieces, i, r)
            if found is None:
                i += 1
                continue
            items, last_piece = found
            starts, ends = sentence.starts, sentence.ends
            start, end = starts[items[0][0]], ends[items[-1][1] - 1]
            # Quoted items keep their quotation marks.
            if _quoted(sentence, items[0][0]):
                start -= 1
            if _quoted(sentence, items[-1][0]) and end < len(sentence.text) and sentence.text[end] in _QUOTES:
                end += 1
            pattern = " | ".join(sentence.text[starts[a] : ends[b - 1]] for a, b in items)
            rows.append(_row(sentence, "tricolon", [sentence.sentence_id], len(items), pattern,
                             sentence.text[start:end]))
            i = last_piece
    return rows


def _list_from(sentence: _Sentence, pieces: list[tuple[int, int]], i: int, r: Rules):
    """The list starting in piece ``i``: ``(items as word ranges, index of its last piece)`` or None."""
    rule = r.tricolon
    middles: list[tuple[int, int]] = []
    for j in range(i + 1, len(pieces)):
        a, b = pieces[j]
        if a == b:
            return None
        lower = sentence.lowers[a:b]
        if lower[0] in rule["list_conjunctions"]:  # "A, B, and C"
            if b - a < 2:
                return None
            final_start = a + 1
            break
        joins = [k for k, w in enumerate(lower) if w in rule["list_conjunctions"]]
        if joins and joins[0] > 0:  # "A, B and C": the piece holds the last middle item and the last item
            k = joins[0]
            if not _middle_ok(sentence, a, a + k, r) or a + k + 1 >= b:
                return None
            middles.append((a, a + k))
            final_start = a + k + 1
            break
        if not _middle_ok(sentence, a, b, r):
            return None
        middles.append((a, b))
    else:
        return None
    if not middles:
        return None
    firsts = {sentence.lowers[a] for a, _ in middles}
    anchor = next(iter(firsts)) if len(firsts) == 1 and next(iter(firsts)) in r.stopwords else None
    longest = max(b - a for a, b in middles)
    first_start = _first_item(sentence, *pieces[i], anchor, longest, r)
    if first_start is None:
        return None
    final_end = _final_item(sentence, final_start, pieces[j][1], r)
    if final_end is None:
        return None
    items = [(first_start, pieces[i][1]), *middles, (final_start, final_end)]
    kinds = {_item_kind(sentence, a, b, r) for a, b in items} - {"unknown"}
    if len(kinds) > 1 and not all(_quoted(sentence, a) for a, _ in items):
        return None  # names beside common phrases: an apposition, not a list
    if _is_name_list(sentence, items, r):
        return None
    return items, j


# --- Antithesis and rhetorical questions ---------------------------------------------------------


def _antitheses(table: _Table, r: Rules, candidates: _Candidates) -> list[dict]:
    rows = []
    rule = r.antithesis
    for index in candidates.contrasts:
        if not _MAY_HAVE_ANTITHESIS.search(table.texts[index]):
            continue
        sentence = table.sentence(index)
        if _ONE_HAND.search(sentence.text):
            rows.append(_row(sentence, "antithesis", [sentence.sentence_id], 2, "on the one hand ... on the other",
                             sentence.text))
            continue
        lower = sentence.lowers
        for k, word in enumerate(lower):
            if word != "not" or k + 1 >= len(lower):
                continue
            if lower[k + 1] in rule["excluded_after_not"] or (k > 0 and lower[k - 1] in rule["clausal_auxiliaries"]):
                continue
            window = lower[k + 2 : k + 2 + rule["max_gap_words"]]
            if "but" not in window:
                continue
            m = k + 2 + window.index("but")
            if m + 1 >= len(lower) or lower[m + 1] in rule["excluded_after_but"] or lower[m + 1] in rule["subject_pronouns"]:
                continue
            rows.append(_row(sentence, "antithesis", [sentence.sentence_id], 2, "not ... but", sentence.text))
            break
    return rows


def _rhetorical_questions(table: _Table) -> list[dict]:
    rows = []
    for index, text in enumerate(table.texts):
        if not _QUESTION_END.search(text):
            continue
        following = index + 1 if index + 1 < len(table) and table.doc_ids[index + 1] == table.doc_ids[index] else None
        if following is None or table.speakers[following] == table.speakers[index]:
            sentence = table.sentence(index)
            rows.append(_row(sentence, "rhetorical_question", [sentence.sentence_id], 1, "?", sentence.text))
    return rows


# --- Repetition ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=2**17)
def _stem(lower: str) -> str:
    """The Snowball stem of a lower-cased word.

    Cached across calls: stemming is the slow step of finding repetitions,
    and the batches of a corpus share most of their vocabulary.
    """
    return _stemmer().stemWord(lower)


def _repetitions(table: _Table, r: Rules) -> list[dict]:
    """Repeated phrases of every (document, speaker), found in one vectorised pass.

    Phrases grow a word at a time (a phrase can be repeated only if its first
    n words are), as integer codes: each step ranks the pairs (phrase code,
    next word's stem code) of the phrases still repeated. Words are handled
    as codes of their distinct forms, so each form is stemmed once (and
    :func:`_stem` remembers the stems of earlier calls).
    """
    rule = r.repetition
    min_words, min_occurrences = int(rule["min_words"]), int(rule["min_occurrences"])
    min_content, min_occurrences_short = int(rule["min_content_words"]), int(rule["min_occurrences_short"])
    n = len(table.lowers)
    if n == 0:
        return []
    lower_code, forms = table.lower_code, table.forms
    # Stems numbered in order of first occurrence, a number per distinct stem.
    stem_of_form = pd.factorize(pd.Series([_stem(f) for f in forms], dtype=object))[0]
    stem_code = pd.factorize(stem_of_form[lower_code])[0].astype(np.int64)
    content = np.array([f not in r.stopwords for f in forms], dtype=bool)[lower_code]
    capitalised = table.capitalised
    sentence_of = table.sentence_of
    # (document, speaker) groups numbered in order of appearance, from integer pairs.
    pairs = table.doc_code.astype(np.int64) * (int(table.speaker_code.max()) + 1) + table.speaker_code
    group_of = pd.factorize(pairs)[0][sentence_of].astype(np.int64)
    n_stems = int(stem_code.max()) + 1
    # Running counts: the content words, and the content words not capitalised, before each position.
    content_before = np.concatenate([[0], np.cumsum(content)])
    common_before = np.concatenate([[0], np.cumsum(content & ~capitalised)])

    # Level 1: every content word, keyed by (group, stem).
    positions = np.flatnonzero(content)
    codes = np.unique(group_of[positions] * n_stems + stem_code[positions], return_inverse=True)[1]
    rows = []
    width = 1
    while len(positions):
        counts = np.bincount(codes)
        repeated = counts[codes] >= min_occurrences
        positions, codes = positions[repeated], codes[repeated]
        if not len(positions):
            break
        if width >= min_words:
            keep = content[positions + width - 1]
            if keep.any():
                rows += _phrases(table, positions[keep], codes[keep], width, stem_code, content, sentence_of,
                                 content_before, common_before, min_content, min_occurrences_short)
        # Grow by one word within the sentence.
        nxt = positions + width
        inside = nxt < n
        inside[inside] &= sentence_of[nxt[inside]] == sentence_of[positions[inside]]
        positions, codes = positions[inside], codes[inside]
        pairs = codes.astype(np.int64) * n_stems + stem_code[positions + width]
        codes = np.unique(pairs, return_inverse=True)[1]
        width += 1
    return rows


def _phrases(table, starts, codes, width, stem_code, content, sentence_of, content_before, common_before,
             min_content, min_occurrences_short) -> list[dict]:
    """The rows of the repeated phrases of one length that pass the tests of the module docstring."""
    order = np.lexsort((starts, codes))
    starts, codes = starts[order], codes[order]
    first = np.flatnonzero(np.concatenate([[True], codes[1:] != codes[:-1]]))
    occurrences = np.diff(np.append(first, len(starts)))
    ends = starts + width
    names = (common_before[ends] - common_before[starts]) == 0  # every content word capitalised
    all_names = np.minimum.reduceat(names.astype(np.int8), first).astype(bool)
    n_content = (content_before[ends] - content_before[starts])[first]
    keep = ~all_names & ((n_content >= min_content) | (occurrences >= min_occurrences_short))
    keep &= ~_extends(starts, first, width, stem_code, content, sentence_of, 1)
    keep &= ~_extends(starts, first, width, stem_code, content, sentence_of, -1)
    bounds = np.append(first, len(starts))
    return [
        _repetition_row(table, starts[bounds[g] : bounds[g + 1]], width, sentence_of)
        for g in np.flatnonzero(keep)
    ]


def _extends(starts, first, width: int, stem_code, content, sentence_of, step: int) -> np.ndarray:
    """Per phrase: do all its occurrences continue alike (right, step 1; left, -1) up to a content word?

    If so a longer phrase, bounded by content words, occurs as often, and only
    that one is reported. ``starts`` are sorted by phrase, each phrase's first
    row at ``first``.
    """
    n = len(stem_code)
    result = np.zeros(len(first), dtype=bool)
    open_ = np.ones(len(first), dtype=bool)  # still agreeing, no content word reached yet
    offset = 0
    while open_.any():
        offset += 1
        at = starts + width - 1 + offset if step == 1 else starts - offset
        valid = (at >= 0) & (at < n)
        clipped = np.clip(at, 0, n - 1)
        valid &= sentence_of[clipped] == sentence_of[starts]
        code = np.where(valid, stem_code[clipped], -1)
        agree = (np.minimum.reduceat(code, first) == np.maximum.reduceat(code, first)) & (code[first] >= 0)
        reached = agree & open_ & content[clipped[first]]
        result |= reached
        open_ &= agree & ~reached
    return result


def _repetition_row(table: _Table, occurrence: np.ndarray, width: int, sentence_of) -> dict:
    """The row of one repeated phrase, its occurrences given by the position of their first word."""
    forms: dict[str, int] = {}
    ids = []
    for start, i in zip(occurrence.tolist(), sentence_of[occurrence].tolist(), strict=True):
        text = table.texts[i][table.starts[start] : table.ends[start + width - 1]]
        forms[text] = forms.get(text, 0) + 1
        ids.append(table.sentence_ids[i])
    ordered = sorted(forms, key=lambda f: -forms[f])  # stable: first occurrence wins ties
    anchor = table.sentence(int(sentence_of[occurrence[0]]))
    row = _row(anchor, "repetition", sorted(set(ids)), len(occurrence), ordered[0], FORM_SEPARATOR.join(ordered))
    row["sentence_id"] = int(min(ids))
    return row


# --- The table -----------------------------------------------------------------------------


def find_devices(sentences: pd.DataFrame) -> pd.DataFrame:
    """Find the rhetorical devices of every document.

    Pure and per document: the devices of a document depend only on its own
    sentences, so documents can be searched in worker processes and the
    results concatenated.

    Parameters
    ----------
    sentences : pandas.DataFrame
        One row per sentence (:func:`analysis.sentences.sentence_table`), with
        at least ``doc_id, sentence_id, speaker, text``. If it also has the
        ``tokens`` column of :func:`analysis.counts.sentence_counts` (the
        lower-cased words joined by spaces), those words are used rather than
        tokenising the text again.

    Returns
    -------
    pandas.DataFrame
        One row per instance, columns:

        ``doc_id``, ``speaker``
            Where, and whose.
        ``device``
            One of :data:`DEVICES`.
        ``sentence_id``
            The instance's first sentence.
        ``sentences``
            The ids of all its sentences, space-separated (a repetition: the
            sentences it occurs in).
        ``length``
            Units of an anaphora or epistrophe, items of a list, occurrences
            of a repeated phrase; 2 for an antithesis, 1 for a question.
        ``pattern``
            What repeats or contrasts: the shared opening or ending, the list
            items separated by ``" | "``, the phrase's most frequent form,
            ``"not ... but"``.
        ``text``
            The instance as written: its sentences joined by ``" / "``, the
            list from its first item to its last, the phrase's forms.

        Sorted by ``doc_id``, ``sentence_id``, device (in :data:`DEVICES`
        order) and ``text``.

    Raises
    ------
    ValueError
        If a required column is missing, or a ``(doc_id, sentence_id)`` repeats.
    TypeError
        If a ``text`` value is not a string.

    References
    ----------
    Atkinson (1984) [atkinson1984]; Lanham (1991) [lanham1991]; Porter (2001) [porter2001].

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": "khan_speech_2016", "sentence_id": [23],
    ...     "speaker": "Sadiq Khan", "text": ["Extremists are exploiting the young, the vulnerable and the weak."]})
    >>> find_devices(table)[["device", "length", "text"]].values.tolist()
    [['tricolon', 3, 'the young, the vulnerable and the weak']]
    """
    sentence_texts(sentences, REQUIRED_COLUMNS)
    if sentences.duplicated(["doc_id", "sentence_id"]).any():
        raise ValueError("sentences table repeats a (doc_id, sentence_id)")
    r = rules()
    given = sentences.reset_index(drop=True)
    table = _Table(
        [str(d) for d in given["doc_id"].tolist()],
        [int(i) for i in given["sentence_id"].tolist()],
        [str(s) for s in given["speaker"].tolist()],
        given["text"].tolist(),
        given["tokens"].tolist() if "tokens" in given.columns else None,
        given.sort_values(["doc_id", "sentence_id"], kind="stable").index,
    )
    # Each detector goes through the documents in order; only instances of
    # one device in one sentence can tie in the sort below, and they keep the
    # order they are found in.
    candidates = _candidates(table, r)
    rows = [
        *_anaphora_epistrophe(table, r, candidates),
        *_tricolons(table, r, candidates),
        *_antitheses(table, r, candidates),
        *_rhetorical_questions(table),
        *_repetitions(table, r),
    ]
    table = pd.DataFrame(rows, columns=DEVICE_COLUMNS)
    order = {d: i for i, d in enumerate(DEVICES)}
    table = table.sort_values(
        ["doc_id", "sentence_id", "device", "text"],
        key=lambda c: c.map(order) if c.name == "device" else c,
        kind="stable",
        ignore_index=True,
    )
    return table.astype({"sentence_id": np.int64, "length": np.int64})


# --- Views for the book ------------------------------------------------------------------------


def device_counts(devices: pd.DataFrame, documents: Sequence[str] | None = None) -> pd.DataFrame:
    """Instances of each device per document: one row per document, one column per device.

    Parameters
    ----------
    devices : pandas.DataFrame
        From :func:`find_devices`.
    documents : sequence of str, optional
        Rows, in order (documents without a device get zeros); default the
        documents in ``devices``, sorted.
    """
    docs = list(documents) if documents is not None else sorted(devices["doc_id"].unique())
    counts = devices.groupby(["doc_id", "device"]).size().unstack(fill_value=0)
    counts = counts.reindex(index=docs, columns=list(DEVICES), fill_value=0)
    return counts.rename_axis(index="doc_id", columns=None).reset_index()


def devices_view(devices: pd.DataFrame, device: str | None = None, doc_id: str | None = None):
    """The instances as the book shows them: every cell in full, corpus text HTML-escaped.

    Parameters
    ----------
    devices : pandas.DataFrame
        From :func:`find_devices`.
    device, doc_id : str, optional
        Show only this device / document.

    Returns
    -------
    analysis.report.HTML
        A table (:func:`analysis.report.show`) of document, speaker, device,
        sentence ids, length and text.

    Raises
    ------
    ValueError
        If ``device`` is not one of :data:`DEVICES`.
    """
    from .report import show

    rows = devices
    if device is not None:
        if device not in DEVICES:
            raise ValueError(f"unknown device {device!r}; expected one of {DEVICES}")
        rows = rows[rows["device"] == device]
    if doc_id is not None:
        rows = rows[rows["doc_id"] == doc_id]
    view = pd.DataFrame(
        {
            "document": rows["doc_id"],
            "speaker": rows["speaker"],
            "device": rows["device"].str.replace("_", " "),
            "sentences": rows["sentences"],
            "length": rows["length"],
            "text": rows["text"],
        }
    )
    return show(view)


def device_numbers(devices: pd.DataFrame) -> dict[str, int | str]:
    """Numbers for the prose: instances of each device, and the most striking of some.

    Returns
    -------
    dict
        ``n_devices``; ``n_{device}`` for each of :data:`DEVICES`;
        ``longest_anaphora`` (units of the longest anaphora);
        ``longest_list`` (items of the longest list); ``top_repetition``
        (the form of the phrase repeated most often in one document, by
        one speaker), ``top_repetition_count``, ``top_repetition_speaker``.
    """
    numbers: dict[str, int | str] = {"n_devices": int(len(devices))}
    for device in DEVICES:
        numbers[f"n_{device}"] = int((devices["device"] == device).sum())
    anaphora = devices[devices["device"] == "anaphora"]
    numbers["longest_anaphora"] = int(anaphora["length"].max()) if len(anaphora) else 0
    lists = devices[devices["device"] == "tricolon"]
    numbers["longest_list"] = int(lists["length"].max()) if len(lists) else 0
    repeated = devices[devices["device"] == "repetition"].sort_values(
        ["length", "doc_id", "sentence_id"], ascending=[False, True, True], kind="stable"
    )
    if len(repeated):
        top = repeated.iloc[0]
        numbers.update(top_repetition=str(top["pattern"]), top_repetition_count=int(top["length"]),
                       top_repetition_speaker=str(top["speaker"]))
    return numbers

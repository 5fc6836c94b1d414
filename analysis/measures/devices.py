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
    is listed. Phrases are compared over at most ``max_words`` words (20): a
    longer repeated passage is listed once, as its first 20 words, and a
    run-on text (one word said thousands of times) costs its length times
    20, not its length squared.
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

from ..paths import data_file, read_yaml
from ..text.sentences import sentence_texts
from ..text.words import Words, code_points, passing
from ..text.tokens import normalise_characters, words

__all__ = [
    "DEVICES",
    "DEVICE_COLUMNS",
    "RULES_FILE",
    "device_counts",
    "find_devices",
    "rules",
]

RULES_FILE = data_file("devices.yaml")
#: Device names, in the order of the output.
DEVICES = ("anaphora", "epistrophe", "tricolon", "repetition", "rhetorical_question", "antithesis")
DEVICE_COLUMNS = ["doc_id", "speaker", "device", "sentence_id", "sentences", "length", "pattern", "text"]
REQUIRED_COLUMNS = ("doc_id", "sentence_id", "speaker", "text")
#: A row of the result, as the detectors give it: its values in the order of
#: DEVICE_COLUMNS (tuples, not dicts: a batch has thousands of instances, and
#: the detectors' rows are only sorted and turned into columns).
_Row = tuple[str, str, str, int, str, int, str, str]
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

    @functools.cached_property
    def lexicon(self) -> _Lexicon:
        """Each word form's values for the detectors, filled in as batches meet new forms; kept with these
        rules (the value), not in the module."""
        return _Lexicon(self)


@functools.lru_cache(maxsize=1)
def rules(path: Path | str = RULES_FILE) -> Rules:
    """Read the rules of ``data/devices.yaml`` (once).

    Raises
    ------
    ValueError
        If a field is missing or a word list holds a non-string (YAML reads an
        unquoted ``no`` as a boolean).
    """
    data = read_yaml(Path(path).read_text(encoding="utf-8"))
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


# What the detectors ask of each form (see _FormValues): numbered fields, then yes-or-no ones.
_FORM_NUMBERS = ("first_part", "last_part", "second_first", "second_last", "n_parts", "stem")
_FORM_TESTS = ("opening_conjunction", "stop", "list_conjunction", "clause", "middle_opener", "final_stop",
               "name_joiner", "first_person", "hand", "not_", "but_")
_PART_TESTS = ("part_weak", "part_stop", "part_relative")


class _FormValues:
    """What the detectors ask of the distinct forms of a table, an array entry per form (see :class:`_Lexicon`).

    ``first_part`` and ``last_part``: the numbers of the form's first and last
    part written out (:func:`_written_out`); ``second_first`` and
    ``second_last``: of its second and second-to-last part if it has two, else
    -1; ``n_parts``: how many parts it has. ``stem``: the number of its stem
    (:func:`_stem`). Then whether the form is an opening conjunction, a stop
    word, a list conjunction, a clause word, a middle opener, a stop of a
    last item (``final_item_stops`` or a clause word) or a name joiner of a
    list, is the pronoun I (:data:`FIRST_PERSON_I`), holds "hand", is "not",
    is "but". And, per
    part number rather than per form, whether a part is a weak word, a stop
    word, a relative word (``part_weak``, ``part_stop``, ``part_relative``).
    """

    __slots__ = (*_FORM_NUMBERS, *_FORM_TESTS, *_PART_TESTS)


class _Lexicon:
    """The values (:class:`_FormValues`) of every form met so far under one set of rules.

    The batches of a corpus share most of their vocabulary, so each form is
    written out, stemmed and looked up in the word lists once per process,
    not once per batch.
    """

    def __init__(self, r: Rules):
        self.rules = r
        self.index: dict[str, int] = {}
        self.part_index: dict[str, int] = {}
        self.stem_index: dict[str, int] = {}
        self.columns: dict[str, list] = {name: [] for name in (*_FORM_NUMBERS, *_FORM_TESTS, *_PART_TESTS)}
        self.arrays: dict[str, np.ndarray] = {}

    def _part(self, part: str) -> int:
        number = self.part_index.get(part)
        if number is None:
            r, column = self.rules, self.columns
            number = self.part_index[part] = len(self.part_index)
            column["part_weak"].append(part in r.weak_words)
            column["part_stop"].append(part in r.stopwords)
            column["part_relative"].append(part in r.relative_words)
        return number

    def _add(self, form: str) -> None:
        r, tricolon, column = self.rules, self.rules.tricolon, self.columns
        parts = _written_out(form)
        column["first_part"].append(self._part(parts[0]))
        column["last_part"].append(self._part(parts[-1]))
        column["second_first"].append(self._part(parts[1]) if len(parts) > 1 else -1)
        column["second_last"].append(self._part(parts[-2]) if len(parts) > 1 else -1)
        column["n_parts"].append(len(parts))
        column["stem"].append(self.stem_index.setdefault(_stem(form), len(self.stem_index)))
        column["opening_conjunction"].append(form in r.opening_conjunctions)
        column["stop"].append(form in r.stopwords)
        column["list_conjunction"].append(form in tricolon["list_conjunctions"])
        column["clause"].append(form in tricolon["clause_words"])
        column["middle_opener"].append(form in tricolon["middle_openers"])
        column["final_stop"].append(form in tricolon["final_item_stops"] or form in tricolon["clause_words"])
        column["name_joiner"].append(form in tricolon["name_joiners"])
        column["first_person"].append(form in FIRST_PERSON_I)
        column["hand"].append("hand" in form)
        column["not_"].append(form == "not")
        column["but_"].append(form == "but")
        self.index[form] = len(self.index)

    def values(self, forms: Sequence[str]) -> _FormValues:
        """The values of ``forms``, in their order."""
        numbers = list(map(self.index.get, forms))
        if None in numbers:
            for form in forms:
                if form not in self.index:
                    self._add(form)
            numbers = list(map(self.index.get, forms))
            self.arrays = {}
        if not self.arrays:
            for name, values in self.columns.items():
                self.arrays[name] = np.array(values, dtype=np.int64 if name in _FORM_NUMBERS else bool)
        take = np.array(numbers, dtype=np.int64)
        result = _FormValues()
        for name in (*_FORM_NUMBERS, *_FORM_TESTS):
            setattr(result, name, self.arrays[name][take])
        for name in _PART_TESTS:
            setattr(result, name, self.arrays[name])
        return result


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


def _anaphora_epistrophe(table: _Table, r: Rules, candidates: _Candidates) -> list[_Row]:
    rows = []
    for first_sentence, stop_sentence, opening, ending in candidates.stretches:
        stretch = _Stretch(table, first_sentence, stop_sentence)
        spans = _WholeSentences(stretch)
        for first, stop, shared in _runs(spans, r, False, stretch, groups=opening):
            units = [stretch[u] for u in range(first, stop)]
            rows.append(_row(units[0], "anaphora", [s.sentence_id for s in units], stop - first, " ".join(shared),
                             UNIT_SEPARATOR.join(s.text for s in units)))
        for first, stop, shared in _runs(spans, r, True, groups=ending):
            units = [stretch[u] for u in range(first, stop)]
            rows.append(_row(units[0], "epistrophe", [s.sentence_id for s in units], stop - first,
                             " ".join(shared[::-1]), UNIT_SEPARATOR.join(s.text for s in units)))
    for i, opening, ending in candidates.clause_runs:
        sentence = table.sentence(i)
        clauses = [(sentence, a, b) for a, b in _clauses(sentence)]
        for device, is_ending, groups in (("anaphora", False, opening), ("epistrophe", True, ending)):
            for first, stop, shared in _runs(clauses, r, is_ending, groups=groups):
                pattern = " ".join(shared[::-1] if is_ending else shared)
                rows.append(_row(sentence, device, [sentence.sentence_id], stop - first, pattern, sentence.text))
    return rows


# --- Tricolon ------------------------------------------------------------------------------


def _pieces(sentence: _Sentence) -> list[tuple[int, int]]:
    """Word ranges between the commas of a sentence."""
    bounds = [0, *(i for i, sep in sentence.breaks if sep == COMMA), len(sentence.lowers)]
    return list(zip(bounds[:-1], bounds[1:], strict=True))


def _counts(flags: np.ndarray) -> np.ndarray:
    """``c[i]``: how many of ``flags[:i]`` are true (so words a..b-1 hold ``c[b] - c[a]``)."""
    return np.concatenate([[0], np.cumsum(flags)])


def _tricolons(table: _Table, r: Rules, candidates: _Candidates) -> list[_Row]:
    """The lists of the module docstring, sought from every comma of ``candidates.lists`` at once.

    A list starts in the piece before a comma (piece ``i``; pieces are the
    word ranges between commas, :func:`_pieces`) and runs: its middle items
    fill the pieces after the comma until a piece opens with a list
    conjunction ("A, B, and C") or holds one ("A, B and C"), where its last
    item starts. Its first item is read back from the comma (``first
    item``), its last item forward from the conjunction (``last item``).
    Every step is taken for all lists at once; the words are table-wide
    positions (``g``), a sentence's words from ``first[s]``. A list found, the
    next in its sentence starts in its last piece or after.
    """
    rows: list[_Row] = []
    chosen = candidates.lists
    comma_sentence, comma_start, comma_stop = table.commas
    # The cheap test on the text, for the sentences concerned (kept in a
    # mask over the sentences: looked up, not searched for as np.isin would).
    sentences = np.unique(comma_sentence[chosen])
    kept = np.zeros(len(table), dtype=bool)
    kept[sentences] = [_MAY_HAVE_LIST.search(table.texts[s]) is not None for s in sentences.tolist()]
    chosen = chosen[kept[comma_sentence[chosen]]]
    n = len(chosen)
    if not n:
        return rows
    rule = r.tricolon
    max_middle, max_anchored, max_final = (int(rule[k]) for k in ("max_middle_words", "max_anchored_words",
                                                                   "max_final_words"))
    code, v, first = table.lower_code, table.values, table.first_array
    last_word = len(code) - 1
    conjunction = v.list_conjunction[code]
    opener, clause, stop = v.middle_opener[code], v.clause[code], v.stop[code]
    hard = table.hard_before  # a break other than a comma before the word
    clause_count, hard_count = _counts(clause), _counts(hard)
    # The list conjunctions' positions, then the end: the first at or after a
    # position is found by a search, for the few positions asked about.
    conjunction_at = np.append(np.flatnonzero(conjunction), len(code))

    def middle_ok(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Whether words a..b-1 can be a middle item: a short phrase, not a clause."""
        safe = np.minimum(a, last_word)
        return ((b - a > 0) & (b - a <= max_middle) & (hard_count[b] == hard_count[np.minimum(a + 1, b)])
                & ~opener[safe] & (clause_count[b] == clause_count[a]))

    # The middle items, piece after piece. Lists still going: `going`, at comma `comma[going]`.
    comma = chosen.copy()
    failed = np.zeros(n, dtype=bool)
    final_start, final_comma = np.full(n, -1), np.full(n, -1)
    middles: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (list, first word, end) of each middle item
    going = np.arange(n)
    while len(going):
        c = comma[going]
        base = first[comma_sentence[c]]
        a, b = base + comma_start[c], base + comma_stop[c]
        empty = a >= b
        opening = ~empty & conjunction[np.minimum(a, last_word)]  # "A, B, and C"
        join = np.minimum(conjunction_at[np.searchsorted(conjunction_at, np.minimum(a + 1, len(code)))], b)
        holding = ~empty & ~opening & (join < b)  # "A, B and C": the last middle item and the last item
        end = np.where(holding, join, b)
        fit = ~empty & ~opening & middle_ok(a, end)
        fail = empty | (opening & (b - a < 2)) | (~opening & ~fit) | (holding & (join + 1 >= b))
        middle = ~fail & ~opening
        middles.append((going[middle], a[middle], end[middle]))
        done = ~fail & (opening | holding)
        final_start[going[done]] = np.where(opening, a + 1, join + 1)[done]
        final_comma[going[done]] = c[done]
        on = ~fail & ~done
        more = (c + 1 < len(comma_sentence)) & (comma_sentence[np.minimum(c + 1, len(comma_sentence) - 1)]
                                                 == comma_sentence[c])
        failed[going[fail | (on & ~more)]] = True
        going = going[on & more]
        comma[going] += 1
    middle_list = np.concatenate([m[0] for m in middles])
    order = np.argsort(middle_list, kind="stable")  # each list's middle items, in order
    middle_list, middle_a, middle_end = (np.concatenate([m[k] for m in middles])[order] for k in range(3))
    n_middles = np.bincount(middle_list, minlength=n)
    failed |= n_middles == 0
    first_middle = np.cumsum(n_middles) - n_middles  # each list's first middle item, in the arrays above
    longest = np.zeros(n, dtype=np.int64)
    np.maximum.at(longest, middle_list, middle_end - middle_a)
    # The anchor: the stop word every middle item opens with, if they all open with the same word.
    anchor = np.full(n, -1)
    if len(middle_a):
        opening_code = code[middle_a]
        leading = np.minimum(first_middle, len(middle_a) - 1)  # (lists without middle items have failed)
        same = np.ones(n, dtype=bool)
        np.logical_and.at(same, middle_list, opening_code == opening_code[leading[middle_list]])
        anchor = np.where(same & stop[middle_a[leading]], opening_code[leading], -1)

    # The first item: piece i, read back from the comma.
    s = comma_sentence[chosen]
    base = first[s]
    previous = (chosen > 0) & (comma_sentence[np.maximum(chosen - 1, 0)] == s)
    piece_start = base + np.where(previous, comma_start[np.maximum(chosen - 1, 0)], 0)
    piece_end = base + comma_start[chosen]
    # No further back than the last break other than a comma inside the piece.
    hard_at = np.flatnonzero(hard)
    floor = np.maximum(piece_start, np.append(-1, hard_at)[np.searchsorted(hard_at, piece_end)])
    first_start = np.full(n, -1)
    for t in range(1, max_anchored + 1):
        k = piece_end - t
        hit = ((first_start < 0) & (anchor >= 0) & (k >= np.maximum(floor, piece_end - max_anchored))
               & (code[np.clip(k, 0, last_word)] == anchor))
        first_start[hit] = k[hit]
    start, active = piece_end.copy(), first_start < 0
    for _ in range(int(longest.max(initial=0))):
        active &= (start > floor) & (piece_end - start < longest) & ~stop[np.clip(start - 1, 0, last_word)]
        start[active] -= 1
    first_start = np.where(first_start < 0, start, first_start)
    failed |= first_start >= piece_end

    # The last item: from after the conjunction, to a break, a stop word of
    # rule, max_final words (or, quoted, to a closing quotation mark); less the
    # stop words it ends with.
    a = np.maximum(final_start, 0)
    b = first[comma_sentence[np.maximum(final_comma, 0)]] + comma_stop[np.maximum(final_comma, 0)]
    quoted = table.quoted(np.minimum(a, last_word))
    failed |= ~quoted & clause[np.minimum(a, last_word)]
    final_stop = v.final_stop[code]
    end, active = a + 1, ~failed
    for _ in range(max_final):
        active &= (end < b) & (end - a < max_final)
        at = np.minimum(end, last_word)
        active &= ~hard[at] & (quoted | ~final_stop[at])
        if (active & quoted).any():
            inside = active & quoted
            active[inside] = ~table.quote_before(at[inside])
        end[active] += 1
    active = ~quoted
    for _ in range(max_final):
        active &= (end > a + 1) & stop[np.clip(end - 1, 0, last_word)]
        end[active] -= 1
    final_end = end

    # Items alike in kind: no names beside common phrases (unless all are
    # quoted), and not a list of names inside a longer name.
    joiner, capitalised = v.name_joiner[code], table.capitalised
    known = ~joiner
    known[first[:-1][table.lengths > 0]] = False  # a sentence's first word is capitalised whatever it is
    known_before, capital_before = _counts(known), _counts(known & capitalised)
    plain_before = _counts(~(capitalised | joiner))
    item_list = np.concatenate([np.arange(n), middle_list, np.arange(n)])
    item_a = np.concatenate([first_start, middle_a, np.maximum(final_start, 0)])
    item_b = np.concatenate([piece_end, middle_end, final_end])
    item_a, item_b = np.minimum(item_a, item_b), item_b  # (failed lists' items may be out of order)
    n_known = known_before[item_b] - known_before[item_a]
    n_capital = capital_before[item_b] - capital_before[item_a]
    names = np.bincount(item_list, (n_known > 0) & (n_capital == n_known), minlength=n) > 0
    common = np.bincount(item_list, n_capital < n_known, minlength=n) > 0
    unquoted = np.bincount(item_list, ~table.quoted(np.minimum(item_a, last_word)), minlength=n) > 0
    failed |= names & common & unquoted
    plain = np.bincount(item_list, plain_before[item_b] - plain_before[item_a], minlength=n) > 0
    before, active = first_start - 1, ~plain & ~failed  # back over the joining words before the list
    while True:
        active &= (before >= base) & joiner[np.clip(before, 0, last_word)]
        if not active.any():
            break
        before[active] -= 1
    failed |= ~plain & (before > base) & capitalised[np.clip(before, 0, last_word)]

    # The lists found, a sentence's in order; each starts in its last piece or after.
    place = chosen - np.searchsorted(comma_sentence, comma_sentence[chosen])  # piece i: the comma's place
    last_piece = final_comma - np.searchsorted(comma_sentence, comma_sentence[np.maximum(final_comma, 0)]) + 1
    found = np.flatnonzero(~failed)
    middle_bounds = np.append(first_middle, len(middle_a))
    starts, ends = table.start_array, table.end_array
    # Per list found: its sentence, piece i, last piece; the character offsets of its items; whether quoted.
    columns = [s, place, last_piece, middle_bounds[:-1], middle_bounds[1:], starts[first_start], ends[piece_end - 1],
               starts[np.maximum(final_start, 0)], ends[np.maximum(final_end - 1, 0)],
               table.quoted(np.minimum(first_start, last_word)), quoted]
    middle_start, middle_stop = starts[middle_a].tolist(), ends[np.maximum(middle_end - 1, 0)].tolist()
    texts, sentence_ids = table.texts, table.sentence_ids
    sentence, after = -1, 0
    for s_k, i, last, m0, m1, a0, b0, a1, b1, quoted_first, quoted_last in zip(
            *(column[found].tolist() for column in columns), strict=True):
        if s_k == sentence and i < after:
            continue
        sentence, after = s_k, last
        text = texts[s_k]
        pattern = " | ".join([text[a0:b0], *(text[a:b] for a, b in zip(middle_start[m0:m1], middle_stop[m0:m1])),
                              text[a1:b1]])
        # Quoted items keep their quotation marks.
        start = a0 - 1 if quoted_first else a0
        end = b1 + 1 if quoted_last and b1 < len(text) and text[b1] in _QUOTES else b1
        rows.append(table.row(s_k, "tricolon", [sentence_ids[s_k]], m1 - m0 + 2, pattern, text[start:end]))
    return rows


# --- Antithesis and rhetorical questions ---------------------------------------------------------


def _antitheses(table: _Table, r: Rules, candidates: _Candidates) -> list[_Row]:
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


def _rhetorical_questions(table: _Table) -> list[_Row]:
    rows = []
    for index, text in enumerate(table.texts):
        if "?" not in text or not _QUESTION_END.search(text):
            continue
        following = index + 1 if index + 1 < len(table) and table.doc_ids[index + 1] == table.doc_ids[index] else None
        if following is None or table.speakers[following] == table.speakers[index]:
            rows.append(table.row(index, "rhetorical_question", [table.sentence_ids[index]], 1, "?", text))
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


def _repetitions(table: _Table, r: Rules) -> list[_Row]:
    """Repeated phrases of every (document, speaker), found in one vectorised pass.

    Phrases grow a word at a time (a phrase can be repeated only if its first
    n words are), as integer codes: each step numbers the distinct pairs
    (phrase code, next word's stem code) of the phrases still repeated.
    Words are handled by the numbers of their stems (:class:`_Lexicon`), so
    each form is stemmed once per process. The phrases of every length are
    then tested together (:func:`_phrases`). Phrases grow to at most
    ``max_words`` words (``data/devices.yaml``), so the cost is the words
    times ``max_words``, even in a run-on text holding repeated phrases of
    every length.
    """
    rule = r.repetition
    min_words, min_occurrences = int(rule["min_words"]), int(rule["min_occurrences"])
    max_words = int(rule["max_words"])
    lower_code = table.lower_code
    n = len(lower_code)
    if n == 0:
        return []
    stem_code = table.values.stem[lower_code]
    content = ~table.values.stop[lower_code]
    sentence_of = table.sentence_of
    sentence_end = table.first_array[1:][sentence_of]  # per word: the first word after its sentence
    # (document, speaker) groups, numbered from integer pairs.
    group_of = (table.doc_code * (int(table.speaker_code.max()) + 1) + table.speaker_code)[sentence_of]
    n_stems = int(stem_code.max()) + 1

    # Level 1: every content word, keyed by (group, stem).
    positions = np.flatnonzero(content)
    codes = pd.factorize(group_of[positions] * n_stems + stem_code[positions])[0]
    found: list[tuple[np.ndarray, np.ndarray, int]] = []  # (starts, codes, width) of the phrases of each length
    numbered = 0  # the codes of each length follow those of the lengths before
    width = 1
    while len(positions):
        counts = np.bincount(codes)
        repeated = counts[codes] >= min_occurrences
        if not repeated.all():
            positions, codes = positions[repeated], codes[repeated]
        if not len(positions):
            break
        if width >= min_words:
            keep = content[positions + width - 1]
            if keep.any():
                found.append((positions[keep], codes[keep] + numbered, width))
                numbered += len(counts)
        if width == max_words:
            break
        # Grow by one word within the sentence (a sentence's words are consecutive: up to its end).
        inside = positions + width < sentence_end[positions]
        positions, codes = positions[inside], codes[inside]
        pairs = codes.astype(np.int64) * n_stems + stem_code[positions + width]
        codes = pd.factorize(pairs)[0]
        width += 1
    if not found:
        return []
    starts = np.concatenate([s for s, _, _ in found])
    codes = np.concatenate([c for _, c, _ in found])
    widths = np.repeat([w for _, _, w in found], [len(s) for s, _, _ in found])
    return _phrases(table, starts, codes, widths, stem_code, content, r)


def _phrases(table: _Table, starts: np.ndarray, codes: np.ndarray, widths: np.ndarray, stem_code: np.ndarray,
             content: np.ndarray, r: Rules) -> list[_Row]:
    """The rows of the repeated phrases that pass the tests of the module docstring.

    Each occurrence of a phrase is given by the position of its first word
    (``starts``), the phrase's code and its number of words.
    """
    rule = r.repetition
    order = np.lexsort((starts, codes))
    starts, codes, widths = starts[order], codes[order], widths[order]
    first = np.flatnonzero(np.concatenate([[True], codes[1:] != codes[:-1]]))
    occurrences = np.diff(np.append(first, len(starts)))
    ends = starts + widths
    # Running counts: the content words, and the content words not capitalised, before each position.
    content_before = np.concatenate([[0], np.cumsum(content)])
    common_before = np.concatenate([[0], np.cumsum(content & ~table.capitalised)])
    n_content = (content_before[ends] - content_before[starts])[first]
    keep = (n_content >= int(rule["min_content_words"])) | (occurrences >= int(rule["min_occurrences_short"]))
    names = (common_before[ends] - common_before[starts]) == 0  # every content word capitalised
    keep &= ~np.logical_and.reduceat(names, first)
    # The occurrences of the phrases kept so far, in the same order.
    for step in (1, -1):
        if not keep.any():
            return []
        rows, kept_first = _rows_of(first, occurrences, keep)
        keep[keep] = ~_extends(starts[rows], widths[rows], kept_first, stem_code, content, table, step,
                               int(rule["max_words"]))
    rows, kept_first = _rows_of(first, occurrences, keep)
    occurrence = starts[rows]
    sentences = table.sentence_of[occurrence].tolist()
    char_starts = table.start_array[occurrence].tolist()
    char_ends = table.end_array[occurrence + widths[rows] - 1].tolist()
    texts, sentence_ids = table.texts, table.sentence_ids
    result = []
    for a, b in zip(kept_first.tolist(), [*kept_first[1:].tolist(), len(rows)], strict=True):
        forms: dict[str, int] = {}
        for i in range(a, b):
            text = texts[sentences[i]][char_starts[i] : char_ends[i]]
            forms[text] = forms.get(text, 0) + 1
        ids = [sentence_ids[s] for s in sentences[a:b]]
        ordered = sorted(forms, key=lambda f: -forms[f])  # stable: first occurrence wins ties
        # The sentence ids sorted: the row's sentence_id, the first, is the least.
        result.append(table.row(sentences[a], "repetition", sorted(set(ids)), b - a, ordered[0],
                                FORM_SEPARATOR.join(ordered)))
    return result


def _rows_of(first: np.ndarray, occurrences: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows of the phrases kept (phrase ``g`` has rows ``first[g]`` on, ``occurrences[g]`` of them), in order;
    and where each kept phrase's rows start among them."""
    sizes = occurrences[keep]
    kept_first = np.cumsum(sizes) - sizes
    return np.repeat(first[keep] - kept_first, sizes) + np.arange(int(sizes.sum())), kept_first


def _extends(starts: np.ndarray, widths: np.ndarray, first: np.ndarray, stem_code: np.ndarray, content: np.ndarray,
             table: _Table, step: int, max_words: int) -> np.ndarray:
    """Per phrase: do all its occurrences continue alike (right, step 1; left, -1) up to a content word?

    If so a longer phrase, bounded by content words, occurs as often, and only
    that one is reported. ``starts`` (and ``widths``) are sorted by phrase,
    each phrase's first row at ``first``. The longer phrase has at most
    ``max_words`` words (phrases longer are not compared); a phrase of
    ``max_words`` words is a window of a longer repeated passage, and is
    dropped if all its occurrences continue alike by one word to the left
    (the window one word earlier covers it), so a passage is reported once,
    as its first ``max_words`` words.
    """
    n = len(stem_code)
    result = np.zeros(len(first), dtype=bool)
    steps_left = max_words - widths[first]  # how far each phrase may grow
    open_ = steps_left > 0  # still agreeing, no content word reached yet
    own = table.sentence_of[starts]
    # The words of the sentence on that side: up to (right) or from (left) this position.
    limit = table.first_array[own + 1] if step == 1 else table.first_array[own]
    at = starts + widths - 1 if step == 1 else starts
    if step == -1:
        full = ~open_
        if full.any():
            before = at - 1
            code = np.where(before >= limit, stem_code[np.maximum(before, 0)], -1)
            agree = (np.minimum.reduceat(code, first) == np.maximum.reduceat(code, first)) & (code[first] >= 0)
            result |= full & agree
    while open_.any():
        steps_left = steps_left - 1
        at = at + step
        valid = at < limit if step == 1 else at >= limit
        safe = np.minimum(at, n - 1) if step == 1 else np.maximum(at, 0)
        code = np.where(valid, stem_code[safe], -1)
        agree = (np.minimum.reduceat(code, first) == np.maximum.reduceat(code, first)) & (code[first] >= 0)
        reached = agree & open_ & content[safe[first]]
        result |= reached
        open_ &= agree & ~reached & (steps_left > 0)
    return result


# --- The table -----------------------------------------------------------------------------


def find_devices(sentences: pd.DataFrame, words: Words | None = None) -> pd.DataFrame:
    """Find the rhetorical devices of every document.

    Pure and per document: the devices of a document depend only on its own
    sentences, so documents can be searched in worker processes and the
    results concatenated.

    Parameters
    ----------
    sentences : pandas.DataFrame
        One row per sentence (:func:`analysis.text.sentences.sentence_table`), with
        at least ``doc_id, sentence_id, speaker, text``. If it also has the
        ``tokens`` column of :func:`analysis.text.counts.sentence_counts` (the
        lower-cased words joined by spaces), those words are used rather than
        tokenising the text again.
    words : analysis.text.words.Words, optional
        The sentences' words, in the table's order, if the caller has them
        (the pipeline makes them once per batch).

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
    texts = sentence_texts(sentences, REQUIRED_COLUMNS)
    doc_ids = list(map(str, sentences["doc_id"].tolist()))
    sentence_ids = list(map(int, sentences["sentence_id"].tolist()))
    order = _document_order(doc_ids, sentence_ids)
    r = rules()
    if words is None:
        words = Words.of(sentences)
    table = _Table(doc_ids, sentence_ids, list(map(str, sentences["speaker"].tolist())), texts, words, order, r)
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
    rank = {d: i for i, d in enumerate(DEVICES)}
    # (doc_id, sentence_id, device, text): places 0, 3, 2 and 7 of a row (_Row).
    rows.sort(key=lambda row: (row[0], row[3], rank[row[2]], row[7]))
    if not rows:
        return pd.DataFrame(rows, columns=DEVICE_COLUMNS).astype({"sentence_id": np.int64, "length": np.int64})
    columns = dict(zip(DEVICE_COLUMNS, map(list, zip(*rows, strict=True)), strict=True))
    for c in ("sentence_id", "length"):
        columns[c] = np.array(columns[c], dtype=np.int64)
    return pd.DataFrame(columns)


def _document_order(doc_ids: list[str], sentence_ids: list[int]) -> list[int] | None:
    """The sentences' positions in document order: by document, then sentence id; None if they are in it.

    Sentences are in document order if each document's sentences are together
    and their ids increase (the documents themselves may come in any order:
    each is searched on its own and the result is sorted).

    Raises
    ------
    ValueError
        If a ``(doc_id, sentence_id)`` repeats.
    """
    n = len(doc_ids)
    changes = [i for i in range(1, n) if doc_ids[i] != doc_ids[i - 1]]
    if len(changes) + 1 == len(set(doc_ids)) or n == 0:
        ids = np.asarray(sentence_ids, dtype=np.int64)
        rising = ids[1:] > ids[:-1]
        rising[np.asarray(changes, dtype=np.int64) - 1] = True
        if rising.all():
            return None
    keys = list(zip(doc_ids, sentence_ids))
    if len(set(keys)) != n:
        raise ValueError("sentences table repeats a (doc_id, sentence_id)")
    return sorted(range(n), key=keys.__getitem__)


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


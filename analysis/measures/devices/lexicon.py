"""The detectors' rules (``data/devices.yaml``) and what they ask of each word form.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import snowballstemmer

from ...paths import data_file, read_yaml


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

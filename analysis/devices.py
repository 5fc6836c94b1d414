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

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import snowballstemmer
import yaml

from .tokens import normalise, words

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
# _Sentence.read keeps those that fall between words.
_SEPARATOR = re.compile(r"[,:;()\[\]\u2013\u2014-]")
COMMA = ","
_QUOTES = "\"'\u2018\u2019\u201c\u201d"
_QUESTION_END = re.compile(r"\?[\"'\u2019\u201d)\]]*\s*\Z")
# Cheap tests that let most sentences skip a detector.
_MAY_HAVE_LIST = re.compile(r",.*\b(?:and|or)\b", re.IGNORECASE | re.DOTALL)
_MAY_HAVE_ANTITHESIS = re.compile(r"\bnot\b.*\bbut\b|\bone hand\b", re.IGNORECASE | re.DOTALL)
_ONE_HAND = re.compile(r"\bon the one hand\b.*\bon the other\b", re.IGNORECASE | re.DOTALL)
#: Openings and endings are compared over at most this many words (a longer
#: shared opening is reported cut to its first words): comparing whole
#: sentences would cost a pass over every word for nothing.
COMPARED_WORDS = 8
# Apostrophes and hyphens the tokenizer normalises inside words (see analysis.tokens).
_JOINERS = "\u2019\u02bc\u2010\u2011"
_HAS_JOINER = re.compile(f"[{_JOINERS}]")
#: The pronoun I and its contractions: capitalised, yet not names.
FIRST_PERSON_I = frozenset({"i", "i'm", "i'll", "i've", "i'd"})

# Case status of a word in a unit (see _Word).
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


@dataclass(frozen=True)
class _Word:
    """A word of a unit, contractions written out.

    ``case`` is ``"lower"`` (written in lower case, or the pronoun I),
    ``"name"`` (capitalised inside its sentence) or ``"initial"``
    (capitalised as the sentence's first word: a name or not, unknown).
    """

    word: str
    case: str


@dataclass
class _Sentence:
    """A sentence with its words (case kept) and where its clauses break.

    ``words`` are :func:`analysis.tokens.words` of ``text``; ``breaks`` holds
    ``(i, separator)`` for each clause break, ``i`` being the index of the first
    word after it; ``spans`` are the words' character offsets.
    """

    doc_id: str
    sentence_id: int
    speaker: str
    text: str
    words: list[str]
    breaks: list[tuple[int, str]]
    lowers: list[str]
    _spans: list[tuple[int, int]] | None = None

    @classmethod
    def read(cls, doc_id: str, sentence_id: int, speaker: str, text: str) -> _Sentence:
        """Take the words of ``text`` and find where its clauses break.

        A break is a separator character between two words, never inside one:
        a comma in 400,000, a colon in a URL or a compound's hyphen lie inside
        a word of the tokenizer, so they are not breaks; a hyphen is a break
        only as a dash (spaced, or doubled).
        """
        found = words(text)
        sentence = cls(doc_id, sentence_id, speaker, text, found, [], [w.lower() for w in found])
        candidates = [m.start() for m in _SEPARATOR.finditer(text)]
        if not candidates:
            return sentence
        spans = sentence.spans
        starts = [a for a, _ in spans]
        for at in candidates:
            index = bisect.bisect_right(starts, at)  # words starting at or before `at`
            if index and at < spans[index - 1][1]:
                continue  # inside a word
            mark = text[at]
            if mark == "-":
                before, after = text[at - 1 : at], text[at + 1 : at + 2]
                if not ((before.isspace() and after.isspace()) or (before == "-" and after != "-")):
                    continue  # a stray hyphen, or the first of a double one
            sentence.breaks.append((index, mark))
        return sentence

    @property
    def spans(self) -> list[tuple[int, int]]:
        """``(start, end)`` of each word in ``text``, found in order (computed on first use).

        The words are the tokenizer's, so each is found, in order, in the text
        with its apostrophes and hyphens normalised the same way (one
        character for one, so offsets carry over); the characters skipped
        between two words are never letters or digits, so a word cannot be
        found inside a neighbour.
        """
        if self._spans is None:
            normalised = _normalised(self.text)
            spans, cursor = [], 0
            for word in self.words:
                start = normalised.find(word, cursor)
                if start < 0:
                    raise RuntimeError(f"word {word!r} not found in {self.doc_id} sentence {self.sentence_id}")
                cursor = start + len(word)
                spans.append((start, cursor))
            self._spans = spans
        return self._spans

    def lower(self, index: int) -> str:
        return self.lowers[index]


def _normalised(text: str) -> str:
    """``text`` with apostrophes and hyphens normalised as :func:`analysis.tokens.words` returns them.

    Each character is normalised on its own (one character for one), so
    offsets into the result are offsets into ``text``.
    """
    return "".join(normalise(ch) if ch in _JOINERS else ch for ch in text) if _HAS_JOINER.search(text) else text


def _case(sentence: _Sentence, index: int) -> str:
    word = sentence.words[index]
    lower = word.lower()
    if word == lower or lower in FIRST_PERSON_I:
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


def _expand(sentence: _Sentence, index: int) -> list[_Word]:
    """The word at ``index``, written out; the later parts of a contraction are lower case."""
    case = _case(sentence, index)
    return [_Word(part, case if i == 0 else LOWER) for i, part in enumerate(_written_out(sentence.lower(index)))]


def _opening_start(sentence: _Sentence, first: int, stop: int, r: Rules) -> int:
    """Where an opening starts: one opening coordinating conjunction is skipped."""
    if stop - first > 1 and sentence.lowers[first] in r.opening_conjunctions:
        return first + 1
    return first


def _units(spans: list[tuple[_Sentence, int, int]], r: Rules, ending: bool) -> list[list[_Word]] | None:
    """The openings (or reversed endings) of consecutive units, written out; None if no run is possible.

    Only a unit whose first (last) word is also its neighbour's can be in a
    run, so only those are written out beyond that word, and when no two
    neighbours share it there is nothing to compare.
    """
    if ending:
        edges = [_written_out(sentence.lowers[stop - 1])[-1] for sentence, _, stop in spans]
    else:
        edges = [_written_out(sentence.lowers[_opening_start(sentence, first, stop, r)])[0]
                 for sentence, first, stop in spans]
    if all(a != b for a, b in zip(edges[:-1], edges[1:], strict=True)):
        return None
    result = []
    for u, (sentence, first, stop) in enumerate(spans):
        needed = (u > 0 and edges[u - 1] == edges[u]) or (u + 1 < len(spans) and edges[u + 1] == edges[u])
        if ending:
            indices = range(stop - 1, max(first, stop - (COMPARED_WORDS if needed else 1)) - 1, -1)
            result.append([w for i in indices for w in _expand(sentence, i)[::-1]])
        else:
            start = _opening_start(sentence, first, stop, r)
            indices = range(start, min(stop, start + (COMPARED_WORDS if needed else 1)))
            result.append([w for i in indices for w in _expand(sentence, i)])
    return result


def _shared(units: list[list[_Word]]) -> list[list[_Word]]:
    """The longest common prefix of the units' words, as one column of words per position."""
    shared = []
    for column in zip(*units, strict=False):
        if len({w.word for w in column}) != 1:
            break
        shared.append(list(column))
    return shared


def _is_name(column: list[_Word]) -> bool:
    """A repeated word is a name if it is never lower case and capitalised inside a sentence at least once."""
    cases = {w.case for w in column}
    return LOWER not in cases and NAME in cases


def _qualifies(shared: list[list[_Word]], n_units: int, r: Rules) -> bool:
    """The run test of the module docstring."""
    strong = any(col[0].word not in r.weak_words and not _is_name(col) for col in shared)
    if not strong:
        return False
    if n_units >= r.min_run_units:
        return True
    content = any(col[0].word not in r.stopwords and not _is_name(col) for col in shared)
    return len(shared) >= r.min_pair_words and content


def _runs(
    units: list[list[_Word]] | None, r: Rules, antecedents: list[_Sentence] | None = None
) -> list[tuple[int, int, list[str]]]:
    """Runs of consecutive units with a shared opening that qualify: ``(first, stop, shared words)``.

    ``units`` are the openings (or reversed endings) of consecutive units.
    Runs are tried with 1, 2 and 3 identical leading words; overlapping runs
    are resolved in favour of more units, then more shared words. When
    ``antecedents`` is given (sentence-level anaphora: the units' sentences),
    a run opening with a relative word takes in the sentence before it if
    that sentence contains the word after its first word.
    """
    if units is None:
        return []
    candidates = []
    for k in (1, 2, 3):
        start = 0
        while start < len(units):
            stop = start + 1
            key = [w.word for w in units[start][:k]]
            if len(key) == k:
                while stop < len(units) and [w.word for w in units[stop][:k]] == key:
                    stop += 1
            if stop - start >= 2:
                shared = _shared(units[start:stop])
                first, n_units = start, stop - start
                if (
                    antecedents is not None
                    and shared[0][0].word in r.relative_words
                    and start > 0
                    and shared[0][0].word in antecedents[start - 1].lowers[1:]
                ):
                    first, n_units = start - 1, n_units + 1
                    shared = shared[:1]
                if _qualifies(shared, n_units, r):
                    candidates.append((first, first + n_units, [col[0].word for col in shared]))
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
    bounds = [0, *(i for i, _ in sentence.breaks), len(sentence.words)]
    return [(a, b) for a, b in zip(bounds[:-1], bounds[1:], strict=True) if b > a]


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


def _speaker_runs(doc: list[_Sentence]) -> list[list[_Sentence]]:
    """Maximal stretches of one speaker's consecutive sentences in a document."""
    stretches: list[list[_Sentence]] = []
    for sentence in doc:
        previous = stretches[-1][-1] if stretches else None
        if previous is not None and previous.speaker == sentence.speaker and previous.sentence_id + 1 == sentence.sentence_id:
            stretches[-1].append(sentence)
        else:
            stretches.append([sentence])
    return stretches


def _anaphora_epistrophe(doc: list[_Sentence], r: Rules) -> list[dict]:
    rows = []
    for stretch in _speaker_runs(doc):
        if len(stretch) < 2:
            continue
        spans = [(s, 0, len(s.words)) for s in stretch]
        for first, stop, shared in _runs(_units(spans, r, ending=False), r, stretch):
            units = stretch[first:stop]
            rows.append(_row(units[0], "anaphora", [s.sentence_id for s in units], stop - first, " ".join(shared),
                             UNIT_SEPARATOR.join(s.text for s in units)))
        for first, stop, shared in _runs(_units(spans, r, ending=True), r):
            units = stretch[first:stop]
            rows.append(_row(units[0], "epistrophe", [s.sentence_id for s in units], stop - first,
                             " ".join(shared[::-1]), UNIT_SEPARATOR.join(s.text for s in units)))
    for sentence in doc:
        clauses = [(sentence, a, b) for a, b in _clauses(sentence)]
        if len(clauses) < 2:
            continue
        for device, ending in (("anaphora", False), ("epistrophe", True)):
            for first, stop, shared in _runs(_units(clauses, r, ending), r):
                pattern = " ".join(shared[::-1] if ending else shared)
                rows.append(_row(sentence, device, [sentence.sentence_id], stop - first, pattern, sentence.text))
    return rows


# --- Tricolon ------------------------------------------------------------------------------


def _pieces(sentence: _Sentence) -> list[tuple[int, int]]:
    """Word ranges between the commas of a sentence."""
    bounds = [0, *(i for i, sep in sentence.breaks if sep == COMMA), len(sentence.words)]
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
            if sentence.lower(i) == anchor:
                return i
    start = b
    while start > floor and b - start < longest and sentence.lower(start - 1) not in r.stopwords:
        start -= 1
    return start if start < b else None


def _quoted(sentence: _Sentence, a: int) -> bool:
    """Whether word a follows an opening quotation mark (offsets are computed only if the text has one)."""
    if not any(q in sentence.text for q in _QUOTES):
        return False
    start = sentence.spans[a][0]
    return start > 0 and sentence.text[start - 1] in _QUOTES


def _final_item(sentence: _Sentence, a: int, b: int, r: Rules) -> int | None:
    """End (exclusive word index) of the last item, which starts at word a of a piece ending at b; or None."""
    rule = r.tricolon
    stops = rule["final_item_stops"] | rule["clause_words"]
    quoted = _quoted(sentence, a)
    if not quoted and sentence.lower(a) in rule["clause_words"]:
        return None  # "..., and has come under pressure": a new clause, not an item
    end = a + 1
    while end < b and end - a < rule["max_final_words"]:
        if _breaks_between(sentence, end - 1, end + 1):
            break
        if quoted:
            spans = sentence.spans
            if any(q in sentence.text[spans[end - 1][1] : spans[end][0]] for q in _QUOTES):
                break
        elif sentence.lower(end) in stops:
            break
        end += 1
    if not quoted:
        while end > a + 1 and sentence.lower(end - 1) in r.stopwords:
            end -= 1
    return end


def _item_kind(sentence: _Sentence, a: int, b: int, r: Rules) -> str:
    """``"name"`` (every word capitalised), ``"common"`` (a word in lower case) or ``"unknown"``.

    Joining words ("of", "for") are ignored, and so is a sentence's first word,
    capitalised whatever it is.
    """
    known = [
        sentence.words[i][:1].isupper()
        for i in range(a, b)
        if i > 0 and sentence.lower(i) not in r.tricolon["name_joiners"]
    ]
    if not known:
        return "unknown"
    return "name" if all(known) else "common"


def _is_name_list(sentence: _Sentence, items: list[tuple[int, int]], r: Rules) -> bool:
    """Whether every item is capitalised and the list continues a capitalised name."""
    joiners = r.tricolon["name_joiners"]
    for a, b in items:
        if not all(sentence.words[i][:1].isupper() or sentence.lower(i) in joiners for i in range(a, b)):
            return False
    before = items[0][0] - 1
    while before >= 0 and sentence.lower(before) in joiners:
        before -= 1
    return before > 0 and sentence.words[before][:1].isupper()


def _tricolons(doc: list[_Sentence], r: Rules) -> list[dict]:
    rows = []
    for sentence in doc:
        if not _MAY_HAVE_LIST.search(sentence.text):
            continue
        pieces = _pieces(sentence)
        i = 0
        while i < len(pieces) - 1:
            found = _list_from(sentence, pieces, i, r)
            if found is None:
                i += 1
                continue
            items, last_piece = found
            spans = sentence.spans
            start, end = spans[items[0][0]][0], spans[items[-1][1] - 1][1]
            # Quoted items keep their quotation marks.
            if _quoted(sentence, items[0][0]):
                start -= 1
            if _quoted(sentence, items[-1][0]) and end < len(sentence.text) and sentence.text[end] in _QUOTES:
                end += 1
            pattern = " | ".join(sentence.text[spans[a][0] : spans[b - 1][1]] for a, b in items)
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
    firsts = {sentence.lower(a) for a, _ in middles}
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


def _antitheses(doc: list[_Sentence], r: Rules) -> list[dict]:
    rows = []
    rule = r.antithesis
    for sentence in doc:
        if not _MAY_HAVE_ANTITHESIS.search(sentence.text):
            continue
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


def _rhetorical_questions(doc: list[_Sentence]) -> list[dict]:
    rows = []
    for index, sentence in enumerate(doc):
        if not _QUESTION_END.search(sentence.text):
            continue
        following = doc[index + 1] if index + 1 < len(doc) else None
        if following is None or following.speaker == sentence.speaker:
            rows.append(_row(sentence, "rhetorical_question", [sentence.sentence_id], 1, "?", sentence.text))
    return rows


# --- Repetition ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("english")


def _repetitions(sentences: list[_Sentence], r: Rules) -> list[dict]:
    """Repeated phrases of every (document, speaker), found in one vectorised pass.

    Phrases grow a word at a time (a phrase can be repeated only if its first
    n words are), as integer codes: each step ranks the pairs (phrase code,
    next word's stem code) of the phrases still repeated. Words are handled
    as codes of their distinct forms, so each form is stemmed once.
    """
    rule = r.repetition
    min_words, min_occurrences = int(rule["min_words"]), int(rule["min_occurrences"])
    min_content, min_occurrences_short = int(rule["min_content_words"]), int(rule["min_occurrences_short"])
    lengths = np.array([len(s.words) for s in sentences], dtype=np.int64)
    n = int(lengths.sum())
    if n == 0:
        return []
    form_code, forms = pd.factorize(pd.Series([w for s in sentences for w in s.words], dtype=object))
    stemmer = _stemmer()
    form_lower = [f.lower() for f in forms]
    stem_of_form = pd.factorize(pd.Series(stemmer.stemWords(form_lower), dtype=object))[0].astype(np.int64)
    stem_code = stem_of_form[form_code]
    content = np.array([f not in r.stopwords for f in form_lower], dtype=bool)[form_code]
    capitalised = np.array([f[:1].isupper() for f in forms], dtype=bool)[form_code]
    sentence_of = np.repeat(np.arange(len(sentences)), lengths)
    first_word = np.cumsum(lengths) - lengths
    groups = pd.factorize(pd.Series([(s.doc_id, s.speaker) for s in sentences], dtype=object))[0]
    group_of = groups[sentence_of].astype(np.int64)
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
                rows += _phrases(sentences, positions[keep], codes[keep], width, stem_code, content, sentence_of,
                                 content_before, common_before, first_word, min_content, min_occurrences_short)
        # Grow by one word within the sentence.
        nxt = positions + width
        inside = nxt < n
        inside[inside] &= sentence_of[nxt[inside]] == sentence_of[positions[inside]]
        positions, codes = positions[inside], codes[inside]
        pairs = codes.astype(np.int64) * n_stems + stem_code[positions + width]
        codes = np.unique(pairs, return_inverse=True)[1]
        width += 1
    return rows


def _phrases(sentences, starts, codes, width, stem_code, content, sentence_of, content_before, common_before,
             first_word, min_content, min_occurrences_short) -> list[dict]:
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
        _repetition_row(sentences, starts[bounds[g] : bounds[g + 1]], width, sentence_of, first_word)
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


def _repetition_row(sentences: list[_Sentence], occurrence: np.ndarray, width: int, sentence_of,
                    first_word) -> dict:
    """The row of one repeated phrase; ``first_word[i]`` is the position of sentence i's first word."""
    forms: dict[str, int] = {}
    ids = []
    for start in occurrence.tolist():
        s = sentences[int(sentence_of[start])]
        first = start - int(first_word[sentence_of[start]])
        text = s.text[s.spans[first][0] : s.spans[first + width - 1][1]]
        forms[text] = forms.get(text, 0) + 1
        ids.append(s.sentence_id)
    ordered = sorted(forms, key=lambda f: -forms[f])  # stable: first occurrence wins ties
    anchor = sentences[int(sentence_of[occurrence[0]])]
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
        at least ``doc_id, sentence_id, speaker, text``.

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
    missing = [c for c in REQUIRED_COLUMNS if c not in sentences.columns]
    if missing:
        raise ValueError(f"sentences table lacks column(s) {missing}; make it with analysis.sentences.sentence_table")
    if sentences.duplicated(["doc_id", "sentence_id"]).any():
        raise ValueError("sentences table repeats a (doc_id, sentence_id)")
    for position, text in enumerate(sentences["text"].tolist()):
        if not isinstance(text, str):
            raise TypeError(f"text of row {position} is {type(text).__name__}, not str")
    r = rules()
    ordered = sentences.sort_values(["doc_id", "sentence_id"], kind="stable")
    parsed = [
        _Sentence.read(str(d), int(i), str(s), t)
        for d, i, s, t in zip(ordered["doc_id"], ordered["sentence_id"], ordered["speaker"], ordered["text"], strict=True)
    ]
    rows: list[dict] = []
    start = 0
    for stop in range(1, len(parsed) + 1):
        if stop == len(parsed) or parsed[stop].doc_id != parsed[start].doc_id:
            doc = parsed[start:stop]
            rows += _anaphora_epistrophe(doc, r)
            rows += _tricolons(doc, r)
            rows += _antitheses(doc, r)
            rows += _rhetorical_questions(doc)
            start = stop
    rows += _repetitions(parsed, r)
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

"""Canonical speakers, their aliases, and finding their mentions in text.

A corpus may hold ``speakers.csv`` with one row per (speaker, alias):

``speaker``
    Canonical name, used in every table ("Sadiq Khan", "Home Office
    spokesperson").
``alias``
    A form the text uses ("Mr Khan", "the Mayor", "Sir Mark"). List the
    canonical name as an alias of itself.
``valid_from``, ``valid_to`` (optional)
    ISO dates bounding when the alias names this speaker ("the Mayor" is Sadiq
    Khan from 2016-05-09). Either may be empty.
``kind`` (optional)
    ``person`` (default), ``spokesperson``, ``source``, ``organisation``,
    ``outlet``, ``campaign`` or ``press_office``, in any case (``Person`` is
    ``person``). Only persons are what "he"/"she" can refer to.
``description`` (optional)
    A line about the speaker for the book.

No other column is read, so any other is refused, with a suggestion when it
is one typo away from a known one (``valid_form``: did you mean
``valid_from``?), lest a date window or a kind be silently lost. The columns
and kinds, with their meanings, are listed in
``analysis/data/corpus_vocabulary.yaml`` (:mod:`analysis.corpus.vocabulary`).

An alias listed for several speakers ("the spokesman") is resolved, where it is
used, to whichever of them the document mentioned last.

Matching rule: an alias that begins with a lower-case word ("the Mayor", "the
force") is a description and matches in any case ("The mayor"); any other alias
is a name and matches exactly as written, so "MEMO" does not match "memo".
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .manifest import CorpusError, parse_date
from .vocabulary import canonical, unknown, vocabulary

SPEAKERS = "speakers.csv"
KINDS = tuple(vocabulary().kinds)
DEFAULT_KIND = vocabulary().default_kind
REQUIRED = tuple(vocabulary().speakers_required)
COLUMNS = REQUIRED + tuple(vocabulary().speakers_optional)
PRONOUNS = ("he", "she")
# The non-ASCII characters that the regex engine's case-insensitive matching
# takes for an ASCII letter, under the letter's lower case (the tests check
# this against every character). A text is searched for the few that matter
# with ``in``, many times faster than a regex scan for any of them.
_CASELESS_ASCII = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


@dataclass(frozen=True)
class Alias:
    """One way the texts name a speaker, and when it holds."""

    alias: str
    speaker: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    @property
    def any_case(self) -> bool:
        return self.alias[:1].islower()

    def holds_on(self, date: dt.date | None) -> bool:
        if date is None:
            return self.valid_from is None and self.valid_to is None
        if self.valid_from and date < self.valid_from:
            return False
        return not (self.valid_to and date > self.valid_to)


@dataclass(frozen=True)
class Mention:
    """A span of text naming a speaker (or a pronoun that may refer to one)."""

    start: int
    end: int
    text: str
    candidates: tuple[str, ...]  # canonical speakers the alias can name; empty for a pronoun

    @property
    def is_pronoun(self) -> bool:
        return not self.candidates


@dataclass(frozen=True)
class SpeakerTable:
    """Speakers with their kinds, descriptions and aliases."""

    speakers: pd.DataFrame  # speaker, kind, description
    aliases: tuple[Alias, ...]

    @classmethod
    def empty(cls) -> SpeakerTable:
        return cls(pd.DataFrame(columns=["speaker", "kind", "description"]), ())

    @functools.cached_property
    def _kinds(self) -> dict[str, str]:
        return dict(zip(self.speakers["speaker"], self.speakers["kind"], strict=True))

    def kind(self, speaker: str) -> str:
        """The speaker's kind; a name not in the table is taken for a person."""
        return self._kinds.get(speaker, DEFAULT_KIND)

    def canonical(self, name: str) -> str:
        """The canonical speaker an exact alias names (ignoring dates), else ``name``."""
        for alias in self.aliases:
            if alias.alias == name:
                return alias.speaker
        return name

    def finder(self, date: dt.date | None) -> MentionFinder:
        """A mention finder for the aliases that hold on ``date``."""
        # Asked once per document: remember the answer per date here, since a
        # cache keyed on the aliases themselves hashes every alias per call.
        found = self._finders.get(date)
        if found is None:
            found = self._finders[date] = _finder(tuple(a for a in self.aliases if a.holds_on(date)))
        return found

    @functools.cached_property
    def _finders(self) -> dict[dt.date | None, MentionFinder]:
        return {}


class MentionFinder:
    """Finds mentions of speakers (and the pronouns he/she) in text."""

    def __init__(self, aliases: tuple[Alias, ...]):
        by_exact: dict[str, list[str]] = {}
        by_lower: dict[str, list[str]] = {}
        for a in aliases:
            table = by_lower if a.any_case else by_exact
            key = a.alias.lower() if a.any_case else a.alias
            if a.speaker not in table.setdefault(key, []):
                table[key].append(a.speaker)
        self._exact = {k: tuple(v) for k, v in by_exact.items()}
        self._lower = {k: tuple(v) for k, v in by_lower.items()}
        # Longest first, so that at any position the fullest alias wins
        # ("Sir Mark Rowley" over "Sir Mark").
        forms = sorted(
            [(len(a.alias), re.escape(a.alias), a.any_case) for a in aliases]
            + [(len(p), p, True) for p in PRONOUNS],
            key=lambda f: (-f[0], f[1]),
        )
        parts = [f"(?i:{pattern})" if any_case else pattern for _, pattern, any_case in forms]
        self._regex = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")
        self._quick, self._unusual = _quick_regex([(a.alias, a.any_case) for a in aliases]
                                                  + [(p, True) for p in PRONOUNS])

    def find(self, text: str, end: int | None = None) -> list[Mention]:
        """All non-overlapping mentions in ``text``, left to right (with ``end``, those starting before it)."""
        found = []
        # The same matches as self._regex, found faster where that is safe.
        regex = self._quick if self._quick_suits(text) else self._regex
        # The search runs over the whole text, so the matches before ``end`` are
        # those of a full search; stopping at the first one after spares the rest.
        for m in regex.finditer(text):
            start, stop = m.span()
            if end is not None and start >= end:
                break
            form = m.group()
            if form.lower() in PRONOUNS:
                found.append(Mention(start, stop, form, ()))
                continue
            candidates = self._exact.get(form) or self._lower.get(form.lower())
            if candidates:
                found.append(Mention(start, stop, form, candidates))
        return found

    def _quick_suits(self, text: str) -> bool:
        """Whether the quick regex finds the mentions in ``text`` (see _quick_regex)."""
        return self._quick is not None and not any(char in text for char in self._unusual)


def _quick_regex(forms: list[tuple[str, bool]]) -> tuple[re.Pattern[str] | None, str]:
    """A faster regex for the mentions of ``(alias, any_case)`` forms, and when not to use it.

    ``MentionFinder._regex`` checks its look-behind, then tries every alias, at
    every offset of the text. The same alternatives, grouped under the character
    they start with and with the look-behind moved after that character, make a
    pattern that starts with a literal: the regex engine skips at C speed to the
    offsets holding one, and there tries only the aliases starting with it.
    Only aliases starting with the character at an offset can match there, and
    each group keeps the aliases' order (longest first), so the matches are the
    same.

    A form matched in any case starts with either case of its first letter, and
    in the engine's case-insensitive matching also with a few non-ASCII letters
    (long s for "s", the Kelvin sign for "k", dotted and dotless i for "i"):
    the second value holds those of them that the forms start with, and a text
    holding one is left to the full regex. A form in any case starting with a
    non-ASCII character, or an empty form, gives no quick regex: ``(None, "")``.
    """
    groups: dict[str, list[str]] = {}
    any_case_firsts = set()
    # In the order of MentionFinder's alternatives.
    for alias, any_case in sorted(forms, key=lambda f: (-len(f[0]), re.escape(f[0]))):
        if not alias:
            return None, ""
        first, rest = alias[0], re.escape(alias[1:])
        if any_case:
            if not first.isascii():
                return None, ""
            any_case_firsts.add(first.lower())
            starts = dict.fromkeys([first.lower(), first.upper()])
            rest = f"(?i:{rest})"
        else:
            starts = {first: None}
        for start in starts:
            groups.setdefault(start, []).append(rest)
    # (?<![\w-](?s:.)), just after the first character, is (?<![\w-]) before it.
    branches = [re.escape(start) + r"(?<![\w-](?s:.))(?:" + "|".join(rests) + ")" for start, rests in groups.items()]
    quick = re.compile("(?:" + "|".join(branches) + r")(?![\w-])")
    unusual = "".join(_CASELESS_ASCII.get(first, "") for first in sorted(any_case_firsts))
    return quick, unusual


@functools.lru_cache(maxsize=256)
def _finder(aliases: tuple[Alias, ...]) -> MentionFinder:
    # Keyed on the aliases that hold rather than on the date, so that documents
    # of different dates with the same aliases share one compiled finder.
    return MentionFinder(aliases)


def read_speakers(corpus_dir: Path | str) -> SpeakerTable:
    """Read ``speakers.csv`` from a corpus folder; an absent file gives an empty table.

    Raises
    ------
    CorpusError
        Listing every problem :func:`check_speakers` finds.
    """
    table, problems = check_speakers(corpus_dir)
    if problems:
        raise CorpusError(problems)
    return table


def check_speakers(corpus_dir: Path | str) -> tuple[SpeakerTable, list[str]]:
    """The speakers of a corpus folder's ``speakers.csv``, and every problem found in it.

    Problems, each naming the file and line: a file that is not UTF-8 or not
    well-formed CSV, a missing required column, an unknown column (with a
    suggestion when it is one typo away from a known one), a row with more
    fields than the header, an empty speaker or alias, an unparseable date,
    ``valid_to`` before ``valid_from``, a repeated (speaker, alias) row, an
    unknown kind, or two kinds for one speaker.

    Returns
    -------
    table : SpeakerTable
        Empty if the file is absent or cannot be read; use it only without
        problems.
    problems : list of str
    """
    path = Path(corpus_dir) / SPEAKERS
    if not path.is_file():
        return SpeakerTable.empty(), []
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    except UnicodeDecodeError as err:
        return SpeakerTable.empty(), [f"{path}: not valid UTF-8 (offset {err.start})"]
    reader = csv.DictReader(lines, strict=True)
    try:
        header = [h.strip() for h in reader.fieldnames or []]
        header_line = reader.line_num
        reader.fieldnames = header
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as err:
        return SpeakerTable.empty(), [f"{path} line {reader.line_num}: malformed CSV ({err})"]
    problems: list[str] = []
    for column in header:
        if column not in COLUMNS:
            problems.append(f"{path} line {header_line}: {unknown('column', column, COLUMNS)}")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        problems.append(f"{path} line {header_line}: missing required column(s) {', '.join(missing)}")
        return SpeakerTable.empty(), problems
    aliases: list[Alias] = []
    kinds: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    for line, row in rows:
        if None in row:
            problems.append(f"{path} line {line}: more fields than the header has")
            continue
        where = f"{path} line {line}"
        speaker = (row.get("speaker") or "").strip()
        alias = (row.get("alias") or "").strip()
        if not speaker or not alias:
            problems.append(f"{where}: empty speaker or alias")
            continue
        if (speaker, alias) in seen:
            problems.append(f"{where}: alias {alias!r} of {speaker!r} listed twice")
        seen.add((speaker, alias))
        dates = []
        for column in ("valid_from", "valid_to"):
            value = (row.get(column) or "").strip()
            try:
                dates.append(parse_date(value) if value else None)
            except ValueError as err:
                problems.append(f"{where}: unparseable {column}: {err}")
                dates.append(None)
        if dates[0] and dates[1] and dates[1] < dates[0]:
            problems.append(f"{where}: valid_to is before valid_from")
        given = (row.get("kind") or "").strip()
        if given:
            kind = canonical(given, KINDS)
            if kind is None:
                problems.append(f"{where}: {unknown('kind', given, KINDS)}")
            elif kinds.get(speaker, kind) != kind:
                problems.append(f"{where}: {speaker!r} given two kinds ({kinds[speaker]!r}, {kind!r})")
            else:
                kinds.setdefault(speaker, kind)
        description = (row.get("description") or "").strip()
        if description:
            descriptions.setdefault(speaker, description)
        aliases.append(Alias(alias, speaker, dates[0], dates[1]))
    if problems:
        return SpeakerTable.empty(), problems
    names = sorted({a.speaker for a in aliases})
    table = pd.DataFrame(
        {
            "speaker": names,
            "kind": [kinds.get(n, DEFAULT_KIND) for n in names],
            "description": [descriptions.get(n, "") for n in names],
        }
    )
    return SpeakerTable(table, tuple(aliases)), []

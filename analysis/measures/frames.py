"""Stage 5c: frames. Every sentence coded with the frames of two schemes, kept as data.

The book's two schemes, each a YAML file in ``analysis/data`` that a researcher
can read (its header explains the format), both written for terrorism and
extremism (their ``domain``); a corpus may bring its own (``frames/*.yaml``,
or files named with ``--frames``: :func:`resolve_schemes`). The schemes are a
value passed to every function that codes (``scheme_list``), never a setting
of the module; :func:`schemes` gives the shipped two:

``contest``
    the four strands of the UK counter-terrorism strategy CONTEST (HM Government
    2018): ``prevent``, ``pursue``, ``protect``, ``prepare``;
``pfc``
    the fifteen dimensions of the Policy Frames Codebook (Boydstun et al. 2014),
    used to annotate the Media Frames Corpus (Card et al. 2015).

Each frame has its definition from the source and indicator *terms*: words or
phrases of word globs (``radicali[sz]*``, ``counter-terrorism police*``)
matched against the words of :func:`analysis.text.tokens.words`, lower-cased, so
every module shares one definition of a word. A term may be case-sensitive
(``Prevent`` the programme, not the verb) and may list false friends under
``unless`` (``disruption to *`` is not the disruption of a plot). Every term
and exclusion carries the reason it is there. Loading validates the file and
names the file and the entry in any error (:class:`SchemeError`).

Coding
------
A sentence *carries* a frame when at least one of the frame's terms matches in
it; ``hits`` counts the matches. Within one frame a match inside a longer match
is not counted again (``counter-terrorism police`` is one pursue hit, not two;
quanteda's ``nested_scope = "key"``); across frames every match counts. The
PFC's residual ``other`` ("any frames that do not fit into the above
categories") is a rule, not a word list: a sentence carries it when it names
the issue (the scheme's ``issue`` terms: terrorism, extremism, attacks) and
carries none of the fourteen named frames; a scheme without ``issue`` terms
has a residual carried by every sentence without a named frame.

Matching is done once for the whole table: the words of all sentences are
given integer codes, each word glob is matched against the *vocabulary* (a few
thousand types, however many tokens), and each term's matches are found from
an index of where each type occurs. The cost is one pass over the tokens plus
work proportional to the number of matches, not to the number of terms times
the number of words. The result depends on each sentence alone, so documents
can be coded in separate processes and concatenated.

Measures
--------
For a unit (a speaker, a document) a frame's ``share`` is the fraction of the
unit's sentences that carry it, with a percentile sentence-bootstrap interval
(Benoit, Munger & Spirling 2019; :func:`analysis.stats.bootstrap.bootstrap_units`),
and ``hits`` the unit's number of indicator matches.

References
----------
Benoit, K., Munger, K., & Spirling, A. (2019). Measuring and explaining
political sophistication through textual complexity. *American Journal of
Political Science*, 63(2), 491-508. [benoit2019]

Boydstun, A. E., Card, D., Gross, J. H., Resnik, P., & Smith, N. A. (2014).
Tracking the development of media frames within and across policy issues.
Working paper. [boydstun2014]

Card, D., Boydstun, A. E., Gross, J. H., Resnik, P., & Smith, N. A. (2015). The
Media Frames Corpus: Annotations of frames across issues. *Proceedings of
ACL-IJCNLP 2015* (Volume 2), 438-444. [card2015]

Entman, R. M. (1993). Framing: Toward clarification of a fractured paradigm.
*Journal of Communication*, 43(4), 51-58. [entman1993]

HM Government (2018). *CONTEST: The United Kingdom's Strategy for Countering
Terrorism*. Cm 9608. [contest2018]
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ..stats.bootstrap import (
    CAUTION_MIN_SENTENCES,
    DEFAULT_CI,
    DEFAULT_N_BOOT,
    SINGLE_SENTENCE_NOTE,
    UNIT_TYPES,
    UnitIntervals,
    bootstrap_units,
    unit_sentences,
)
from ..paths import data_file, read_yaml
from ..text.sentences import sentence_texts
from ..text.matcher import Matcher, PatternError, compiled_glob, glob_words
from ..text.tokens import normalise_characters
from ..text.tokens import tokens as word_tokens
from ..text.words import Words

__all__ = [
    "CAUTION_MIN_SENTENCES",
    "ENTMAN_FUNCTIONS",
    "FRAMES_COLUMNS",
    "HARD",
    "KWIC_COLUMNS",
    "SCHEME_NAMES",
    "SOFT",
    "Scheme",
    "SchemeError",
    "code_sentences",
    "code_sentences_with_kwic",
    "emphasis_table",
    "entman_table",
    "frame_columns",
    "frame_shares",
    "frames_table",
    "kwic_table",
    "leave_one_out_stability",
    "read_entman_cues",
    "read_hand_coded",
    "read_scheme",
    "read_scheme_file",
    "read_scheme_files",
    "corpus_scheme_files",
    "resolve_schemes",
    "revisions_table",
    "schemes",
    "validate",
]

#: The schemes of the book, in the order every table lists them.
SCHEME_NAMES = ("contest", "pfc")
#: ``final``: the dictionary as it stands; ``a_priori``: as first written, before
#: the validation against hand codes (entries added after it left out, entries
#: retired after it put back), so its precision and recall are out-of-sample;
#: ``validated``: as revised after that validation, before the review of its
#: domain (the final dictionary less the domain review's changes).
VERSIONS = ("final", "a_priori", "validated")
#: Columns a sentence table must have (:func:`analysis.text.sentences.sentence_table`).
SENTENCE_KEYS = ["doc_id", "segment_id", "sentence_id", "speaker", "kind"]
#: The columns of ``frames.csv``, in order.
FRAMES_COLUMNS = [
    "unit_type", "unit", "scheme", "frame", "sentences", "hits", "share", "ci_low", "ci_high", "caution",
]
#: The columns of ``kwic.csv``, in order.
KWIC_COLUMNS = ["doc_id", "sentence_id", "speaker", "scheme", "frame", "term", "left", "match", "right"]
#: Words of context each side of a keyword-in-context line, within the sentence
#: (quanteda's ``kwic`` shows 5; a sentence is the unit coded, so a little more
#: of it is shown).
KWIC_WINDOW = 8
#: CONTEST's "hard" strands (stopping attacks and hardening targets) and its
#: "soft" strand (stopping people becoming terrorists), as the book contrasts them.
HARD = ("pursue", "protect")
SOFT = ("prevent",)
#: Entman's (1993, p. 52) four functions of a frame, in his order.
ENTMAN_FUNCTIONS = (
    "problem_definition", "causal_interpretation", "moral_evaluation", "treatment_recommendation",
)
#: The seed sentences coded by hand (relative to the repository root); its
#: header says how and when they were coded.
HAND_CODED = "tests/fixtures/frames_hand_coded.csv"
#: Evidence sentences shown per document and Entman function.
ENTMAN_EVIDENCE_PER_FUNCTION = 2

# Keys each level of a scheme file may hold: (required, optional).
_SCHEME_KEYS = ({"scheme", "title", "source", "frames"}, {"citation_key", "domain", "issue"})
_FRAME_KEYS = ({"frame", "label", "definition", "source", "scope"}, {"terms", "residual"})
#: How an entry came after the dictionary's first version: revised after the
#: validation against the hand codes, or in the later review of its domain (senses
#: outside terrorism and extremism, for corpora on other topics). Both are left out of
#: the a priori version; an entry is marked with at most one of them.
_REVISION_KEYS = {
    "added_after_validation": ("added", "validation"),
    "retired_after_validation": ("retired", "validation"),
    "added_in_domain_review": ("added", "domain"),
    "retired_in_domain_review": ("retired", "domain"),
}
_TERM_KEYS = ({"term", "why"}, {"case_sensitive", "unless", *_REVISION_KEYS})
_EXCLUSION_KEYS = ({"phrase", "why"}, set(_REVISION_KEYS))
_CUE_KEYS = ({"scheme", "title", "source", "citation_key", "selection", "topic", "frames"}, set())
_FRAME_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")


class SchemeError(ValueError):
    """A scheme or cue file is not valid; the message names the file and the entry."""


# --------------------------------------------------------------------- the schemes


@dataclass(frozen=True)
class Term:
    """One indicator: a word or phrase (with spelling variants) of one frame."""

    scheme: str
    frame: str
    label: str  # the entry as written: its variants joined by " | "
    variants: tuple[tuple[str, ...], ...]  # each variant's word globs, as written
    why: str
    case_sensitive: bool = False
    exclusions: tuple[tuple[str, ...], ...] = ()  # lower-case word globs


@dataclass(frozen=True)
class Frame:
    """A frame of a scheme: its definition from the source and its terms."""

    name: str
    label: str
    definition: str
    source: str
    scope: str
    terms: tuple[Term, ...]
    residual: bool = False


@dataclass(frozen=True)
class Scheme:
    """A coding scheme read from ``analysis/data/frames_<name>.yaml``."""

    name: str
    title: str
    source: str
    citation_key: str
    frames: tuple[Frame, ...]
    path: str
    version: str
    domain: str = ""  # the issue and texts the terms were written for; empty if the file does not say
    shipped: bool = False  # one of the package's own schemes (analysis/data)

    @property
    def frame_names(self) -> list[str]:
        return [f.name for f in self.frames]

    def describe(self) -> str:
        """Where the scheme comes from and its domain, for a log line.

        Examples
        --------
        >>> read_scheme("contest").describe()
        'contest (shipped; domain: terrorism and extremism)'
        """
        origin = "shipped" if self.shipped else self.path
        return f"{self.name} ({origin}; domain: {self.domain or 'not stated'})"


def _data_path(filename: str) -> tuple[str, str]:
    """The text of a data file of the package and the name to show in errors."""
    return data_file(filename).read_text(encoding="utf-8"), f"analysis/data/{filename}"


def _check_keys(mapping: object, keys: tuple[set, set], where: str) -> dict:
    if not isinstance(mapping, dict):
        raise SchemeError(f"{where}: expected a mapping of keys, found {type(mapping).__name__}")
    required, optional = keys
    missing = sorted(required - mapping.keys())
    if missing:
        raise SchemeError(f"{where}: missing key(s) {', '.join(missing)}")
    unknown = sorted(mapping.keys() - required - optional)
    if unknown:
        raise SchemeError(f"{where}: unknown key(s) {', '.join(map(str, unknown))} (allowed: {', '.join(sorted(required | optional))})")
    return mapping


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SchemeError(f"{where}: must be a non-empty text")
    return value.strip()


def _glob_words(phrase: object, case_sensitive: bool, where: str) -> tuple[str, ...]:
    """Split a term or exclusion phrase into word globs, checking each (:func:`analysis.text.matcher.glob_words`)."""
    text = _text(phrase, where)
    try:
        return glob_words(text, case_sensitive, where)
    except PatternError as err:
        raise SchemeError(str(err)) from None


def _keep(entry: dict, version: str, where: str) -> bool:
    """Whether an entry belongs to the ``version`` of the dictionary."""
    marks = [key for key in _REVISION_KEYS if key in entry]
    if len(marks) > 1:
        raise SchemeError(f"{where}: an entry has one revision mark at most, not {', '.join(marks)}")
    for key in marks:
        _text(entry[key], f"{where}: {key}")
    if not marks:
        return True
    change, review = _REVISION_KEYS[marks[0]]
    if version == "a_priori" or (version == "validated" and review == "domain"):
        return change != "added"
    return change != "retired"


def _contains_run(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def _parse_term(entry: object, scheme: str, frame: str, version: str, where: str) -> Term | None:
    if isinstance(entry, dict) and "term" in entry:  # name the term in every message about it
        raw = entry["term"]
        where = f"{where} {' | '.join(map(str, raw)) if isinstance(raw, list) else str(raw)!r}"
    entry = _check_keys(entry, _TERM_KEYS, where)
    raw = entry["term"]
    variants_raw = raw if isinstance(raw, list) else [raw]
    if not variants_raw:
        raise SchemeError(f"{where}: term must be a phrase or a non-empty list of phrases")
    label = " | ".join(str(v) for v in variants_raw)
    case_sensitive = entry.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        raise SchemeError(f"{where}: case_sensitive must be true or false")
    why = _text(entry["why"], f"{where}: why")
    if not _keep(entry, version, where):
        return None
    variants = tuple(_glob_words(v, case_sensitive, f"{where}: variant {i + 1}") for i, v in enumerate(variants_raw))
    exclusions = []
    unless = entry.get("unless", [])
    if not isinstance(unless, list):
        raise SchemeError(f"{where}: unless must be a list of {{phrase, why}} entries")
    lowered = [tuple(w.lower() for w in v) for v in variants]
    for k, exclusion in enumerate(unless):
        at = f"{where}: unless[{k}]"
        exclusion = _check_keys(exclusion, _EXCLUSION_KEYS, at)
        _text(exclusion["why"], f"{at}: why")
        if not _keep(exclusion, version, at):
            continue
        phrase = _glob_words(exclusion["phrase"], False, at)
        if not any(_contains_run(phrase, v) for v in lowered):
            raise SchemeError(f"{at}: the phrase {' '.join(phrase)!r} must contain the term's words (one variant, as written)")
        exclusions.append(phrase)
    return Term(scheme, frame, label, variants, why, case_sensitive, tuple(exclusions))


def _parse_frames(frames: object, scheme: str, version: str, path: str, keys=_FRAME_KEYS) -> tuple[Frame, ...]:
    if not isinstance(frames, list) or not frames:
        raise SchemeError(f"{path}: frames must be a non-empty list")
    parsed: list[Frame] = []
    seen_frames: set[str] = set()
    for i, frame in enumerate(frames):
        where = f"{path}: frames[{i}]"
        frame = _check_keys(frame, keys, where)
        name = frame["frame"]
        if not isinstance(name, str) or not _FRAME_NAME.match(name):
            raise SchemeError(f"{where}: frame name {name!r} must be lower case letters, digits and _")
        if name in seen_frames:
            raise SchemeError(f"{where}: frame {name!r} appears twice")
        seen_frames.add(name)
        where = f"{where} {name!r}"
        residual = frame.get("residual", False)
        if not isinstance(residual, bool):
            raise SchemeError(f"{where}: residual must be true or false")
        if residual and "terms" in frame:
            raise SchemeError(
                f"{where}: a residual frame has no terms of its own: it is carried by sentences that carry "
                "no other frame (and, if the scheme lists `issue` terms, name the issue); list those under `issue`"
            )
        if not residual and (not isinstance(frame.get("terms"), list) or not frame["terms"]):
            raise SchemeError(f"{where}: terms must be a non-empty list")
        terms = []
        seen_variants: dict[tuple[str, ...], str] = {}
        for j, entry in enumerate(frame.get("terms", [])):
            term = _parse_term(entry, scheme, name, version, f"{where}: terms[{j}]")
            if term is None:
                continue
            for variant in term.variants:
                if variant in seen_variants:
                    raise SchemeError(
                        f"{where}: terms[{j}]: {' '.join(variant)!r} is already a term of this frame "
                        f"({seen_variants[variant]!r})"
                    )
                seen_variants[variant] = term.label
            terms.append(term)
        parsed.append(
            Frame(
                name,
                _text(frame["label"], f"{where}: label"),
                _text(frame["definition"], f"{where}: definition"),
                _text(frame["source"], f"{where}: source"),
                _text(frame["scope"], f"{where}: scope"),
                tuple(terms),
                residual,
            )
        )
    if sum(f.residual for f in parsed) > 1:
        raise SchemeError(f"{path}: at most one frame may be residual")
    return tuple(parsed)


def parse_scheme(text: str, path: str, version: str = "final", shipped: bool = False) -> Scheme:
    """Parse and validate the YAML text of a scheme file (``path`` is named in errors).

    Raises
    ------
    SchemeError
        On any problem, naming ``path`` and the entry (``frames[2] 'protect':
        terms[4] 'barrier*': ...``).
    """
    if version not in VERSIONS:
        raise ValueError(f"version must be one of {VERSIONS}, not {version!r}")
    try:
        data = read_yaml(text)
    except yaml.YAMLError as exc:
        raise SchemeError(f"{path}: not valid YAML: {exc}") from None
    data = _check_keys(data, _SCHEME_KEYS, path)
    name = data["scheme"]
    if not isinstance(name, str) or not _FRAME_NAME.match(name):
        raise SchemeError(f"{path}: scheme name {name!r} must be lower case letters, digits and _")
    frames = _parse_frames(data["frames"], name, version, path)
    frames = _with_issue(frames, data.get("issue"), name, version, path)
    return Scheme(
        name,
        _text(data["title"], f"{path}: title"),
        _text(data["source"], f"{path}: source"),
        _text(data["citation_key"], f"{path}: citation_key") if "citation_key" in data else "",
        frames,
        path,
        version,
        _text(data["domain"], f"{path}: domain") if "domain" in data else "",
        shipped,
    )


def _with_issue(frames: tuple[Frame, ...], issue: object, scheme: str, version: str, path: str) -> tuple[Frame, ...]:
    """The frames, the residual one holding the scheme's ``issue`` terms (the matches that show it is carried)."""
    if issue is None:
        return frames
    residual = [f for f in frames if f.residual]
    if not residual:
        raise SchemeError(f"{path}: issue: issue terms define the residual frame; no frame has residual: true")
    if not isinstance(issue, list) or not issue:
        raise SchemeError(f"{path}: issue must be a non-empty list of terms")
    name = residual[0].name
    terms = tuple(
        t for j, entry in enumerate(issue)
        if (t := _parse_term(entry, scheme, name, version, f"{path}: issue[{j}]")) is not None
    )
    return tuple(dataclasses.replace(f, terms=terms) if f.residual else f for f in frames)


@functools.lru_cache(maxsize=None)
def read_scheme(name: str, version: str = "final") -> Scheme:
    """Read and validate the scheme ``name`` from ``analysis/data/frames_<name>.yaml``.

    Parameters
    ----------
    name : str
        ``"contest"`` or ``"pfc"`` (:data:`SCHEME_NAMES`).
    version : str, optional
        ``"final"`` (default): the dictionary as it stands. ``"a_priori"``: as
        first written, before it was compared with the hand-coded sentences.

    Returns
    -------
    Scheme

    Raises
    ------
    SchemeError
        If the file is not valid, naming the file and the entry.

    Examples
    --------
    >>> read_scheme("contest").frame_names
    ['prevent', 'pursue', 'protect', 'prepare']
    """
    if name not in SCHEME_NAMES:
        raise ValueError(f"unknown scheme {name!r}; the schemes are {', '.join(SCHEME_NAMES)}")
    text, path = _data_path(f"frames_{name}.yaml")
    scheme = parse_scheme(text, path, version, shipped=True)
    if scheme.name != name:
        raise SchemeError(f"{path}: declares scheme {scheme.name!r}, expected {name!r}")
    return scheme


def schemes(version: str = "final") -> tuple[Scheme, ...]:
    """The shipped schemes (:data:`SCHEME_NAMES`), in order; see :func:`read_scheme`."""
    return tuple(read_scheme(name, version) for name in SCHEME_NAMES)


def read_scheme_file(path: str | Path, version: str = "final") -> Scheme:
    """Read and validate a scheme file of one's own, in the format of the shipped ones.

    Parameters
    ----------
    path : str or Path
        A YAML file laid out as ``analysis/data/frames_contest.yaml`` (the
        README's "Frame schemes" section describes the keys).
    version : str, optional
        As :func:`read_scheme`.

    Raises
    ------
    SchemeError
        If the file cannot be read or is not a valid scheme; the message names
        the file and the entry (or the YAML line).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SchemeError(f"{path}: scheme file not found") from None
    except UnicodeDecodeError as err:
        raise SchemeError(f"{path}: not valid UTF-8 (byte 0x{err.object[err.start]:02x} at offset {err.start})") from None
    except OSError as err:
        raise SchemeError(f"{path}: cannot be read ({err.strerror})") from None
    return parse_scheme(text, str(path), version)


def read_scheme_files(paths: Iterable[str | Path], version: str = "final") -> tuple[Scheme, ...]:
    """Read several scheme files (:func:`read_scheme_file`), in the order given; names must be unique.

    Raises
    ------
    SchemeError
        Naming every bad file (one line each) and any scheme name declared twice.
    """
    problems: list[str] = []
    result: list[Scheme] = []
    for path in paths:
        try:
            result.append(read_scheme_file(path, version))
        except SchemeError as err:
            problems.append(str(err))
    first: dict[str, str] = {}
    for scheme in result:
        if scheme.name in first:
            problems.append(f"{scheme.path}: scheme name {scheme.name!r} is already the name of {first[scheme.name]}")
        first.setdefault(scheme.name, scheme.path)
    if not result and not problems:
        problems.append("no scheme file given")
    if problems:
        raise SchemeError("\n".join(problems))
    return tuple(result)


#: Where a corpus folder keeps its own schemes: every ``*.yaml`` file there.
CORPUS_FRAMES_DIR = "frames"


def corpus_scheme_files(corpus_dir: str | Path) -> list[Path]:
    """The scheme files of a corpus folder: ``frames/*.yaml``, sorted by file name (empty if none)."""
    folder = Path(corpus_dir) / CORPUS_FRAMES_DIR
    return sorted(folder.glob("*.yaml"), key=lambda p: p.name) if folder.is_dir() else []


def resolve_schemes(
    corpus_dir: str | Path | None = None, files: Sequence[str | Path] | None = None, version: str = "final"
) -> tuple[Scheme, ...]:
    """The schemes a corpus is coded with, by precedence.

    1. ``files`` given: exactly those files, in the order given;
    2. else the corpus's own ``frames/*.yaml`` if it has any, sorted by file name;
    3. else the shipped schemes (:func:`schemes`: CONTEST and the Policy Frames
       Codebook, written for terrorism and extremism).

    Raises
    ------
    SchemeError
        If a file is not a valid scheme or two schemes share a name; one line per problem.
    """
    if files:
        return read_scheme_files(files, version)
    own = corpus_scheme_files(corpus_dir) if corpus_dir is not None else []
    return read_scheme_files(own, version) if own else schemes(version)


def frame_columns(scheme_list: Sequence[Scheme] | None = None) -> list[tuple[str, str, str, str]]:
    """``(scheme, frame, has column, hits column)`` for every frame, in table order.

    The per-sentence columns of :func:`code_sentences` are ``has_<scheme>_<frame>``
    (0 or 1) and ``hits_<scheme>_<frame>`` (a count).
    """
    scheme_list = schemes() if scheme_list is None else scheme_list
    return [
        (s.name, f.name, f"has_{s.name}_{f.name}", f"hits_{s.name}_{f.name}")
        for s in scheme_list
        for f in s.frames
    ]


# ------------------------------------------------------------------------ matching


@dataclass
class _Matches:
    """Every match of every term: parallel arrays, one entry per match.

    ``term`` indexes the matcher's term list; ``start``/``end`` are word
    positions in the :class:`analysis.text.matcher.Matcher`; ``row`` is the sentence's row.
    """

    term: np.ndarray
    variant: np.ndarray
    row: np.ndarray
    start: np.ndarray
    end: np.ndarray

    def take(self, keep: np.ndarray) -> _Matches:
        return _Matches(*(getattr(self, f)[keep] for f in ("term", "variant", "row", "start", "end")))


@dataclass(frozen=True)
class _TermPhrases:
    """The phrases of a list of terms, numbered: every variant (lower-cased), then every exclusion."""

    phrases: tuple[tuple[str, ...], ...]
    variant_term: np.ndarray  # the term of each variant
    variant_number: np.ndarray  # its number among the term's variants
    lengths: np.ndarray  # each variant's number of words
    exclusions: dict[int, list[tuple[int, int]]]  # term: (phrase number, length) of each of its exclusions
    checked: tuple[int, ...]  # the variants of terms with exclusions or case, in order
    labels: np.ndarray  # each variant as written (object)
    first_variant: np.ndarray  # the number of each term's first variant


@functools.lru_cache(maxsize=16)
def _term_phrases(terms: tuple[Term, ...]) -> _TermPhrases:
    """The phrases of ``terms`` for :meth:`analysis.text.matcher.Matcher.phrase_matches`; kept, as every batch has the same terms."""
    variant_term: list[int] = []
    variant_number: list[int] = []
    phrases: list[tuple[str, ...]] = []
    checked: list[int] = []
    exclusions: dict[int, list[tuple[int, int]]] = {}
    for t, term in enumerate(terms):
        for v, variant in enumerate(term.variants):
            if term.case_sensitive or term.exclusions:
                checked.append(len(phrases))
            variant_term.append(t)
            variant_number.append(v)
            phrases.append(tuple(w.lower() for w in variant))
    lengths = np.fromiter(map(len, phrases), dtype=np.int64, count=len(phrases))
    for t, term in enumerate(terms):
        for p in term.exclusions:
            exclusions.setdefault(t, []).append((len(phrases), len(p)))
            phrases.append(p)
    arrays = [np.asarray(a, dtype=np.int64) for a in (variant_term, variant_number)]
    labels = np.array([" ".join(v) for term in terms for v in term.variants], dtype=object)
    first_variant = np.cumsum([0] + [len(term.variants) for term in terms])
    for a in (*arrays, lengths, labels, first_variant):
        a.setflags(write=False)
    return _TermPhrases(tuple(phrases), *arrays, lengths, exclusions, tuple(checked), labels, first_variant)


def _find_matches(terms: Sequence[Term], vocab: Matcher) -> _Matches:
    """All matches of ``terms`` (exclusions and case applied; nested matches kept).

    ``vocab`` holds the words of the sentences (and their texts). The
    matches are in term order, then variant order, then position.
    """
    table = _term_phrases(tuple(terms))
    n_variants = len(table.variant_term)
    phrase, all_starts = vocab.phrase_matches(table.phrases)
    # Phrase numbers come sorted, so each phrase's matches are one slice.
    bounds = np.searchsorted(phrase, np.arange(len(table.phrases) + 1)).tolist()
    phrase, starts = phrase[: bounds[n_variants]], all_starts[: bounds[n_variants]]
    ends = starts + table.lengths[phrase]
    keep = np.ones(len(starts), dtype=bool)
    offsets = None  # where the words are written, found once if a case-sensitive term has candidates
    # Exclusions and case apply to few terms: their variants are taken one at a time.
    for v in table.checked:
        lo, hi = bounds[v], bounds[v + 1]
        if lo == hi:
            continue
        t = int(table.variant_term[v])
        for e, ex_len in table.exclusions.get(t, ()):
            ex_starts = all_starts[bounds[e] : bounds[e + 1]]
            if len(ex_starts) == 0:
                continue
            # The latest exclusion match starting at or before the term's
            # match covers it if it reaches the match's end.
            idx = np.searchsorted(ex_starts, starts[lo:hi], side="right") - 1
            has = idx >= 0
            covered = np.zeros(hi - lo, dtype=bool)
            covered[has] = ex_starts[idx[has]] + ex_len >= ends[lo:hi][has]
            keep[lo:hi] &= ~covered
        if terms[t].case_sensitive:
            variant = terms[t].variants[table.variant_number[v]]
            if offsets is None:
                offsets = vocab.words.offsets
            keep[lo:hi] &= _case_matches(variant, starts[lo:hi], vocab, vocab.words.texts, offsets)
    phrase = phrase[keep]
    return _Matches(table.variant_term[phrase], table.variant_number[phrase], vocab.sentence[starts[keep]],
                    starts[keep], ends[keep])


def _case_matches(variant, starts, vocab, texts, offsets) -> np.ndarray:
    """Whether each candidate match also matches with capitals, as written in the text.

    Each word is cut from its sentence at its :func:`analysis.text.words.word_offsets` and its
    apostrophes and hyphens normalised: the word :func:`analysis.text.tokens.words`
    gives, without tokenising the sentence again.
    """
    word_start, word_end = offsets
    rows = vocab.sentence[starts].tolist()
    ok = np.ones(len(starts), dtype=bool)
    for k, glob in enumerate(variant):
        fullmatch = compiled_glob(glob).fullmatch
        at = starts + k  # a match lies within its sentence
        ok &= np.fromiter(
            (fullmatch(normalise_characters(texts[row][a:b])) is not None
             for row, a, b in zip(rows, word_start[at].tolist(), word_end[at].tolist(), strict=True)),
            dtype=bool, count=len(rows),
        )
    return ok


def _not_nested(matches: _Matches, frame_of_term: np.ndarray) -> np.ndarray:
    """Mask of matches not inside a longer (or earlier identical) match of the same frame."""
    if len(matches.start) == 0:
        return np.zeros(0, dtype=bool)
    frame = frame_of_term[matches.term]
    order = np.lexsort((matches.term, -matches.end, matches.start, frame))
    keep = np.zeros(len(order), dtype=bool)
    f, s, e = frame[order], matches.start[order], matches.end[order]
    boundaries = np.flatnonzero(np.diff(f)) + 1
    for lo, hi in zip(np.concatenate([[0], boundaries]), np.concatenate([boundaries, [len(order)]]), strict=True):
        running = np.maximum.accumulate(e[lo:hi])
        previous = np.concatenate([[-1], running[:-1]])
        keep[order[lo:hi]] = e[lo:hi] > previous
    return keep


@dataclass
class _Coding:
    """The matcher's view of one table of sentences under a list of schemes."""

    scheme_list: tuple[Scheme, ...]
    terms: list[Term]
    frame_index: np.ndarray  # frame number (over all schemes) of each term
    frames: list[tuple[Scheme, Frame]]
    vocab: Matcher
    matches: _Matches  # nested matches included
    counted: np.ndarray  # mask: the matches counted as hits


def _code(sentences: pd.DataFrame, scheme_list: Sequence[Scheme] | None, words: Words | None = None) -> _Coding:
    scheme_list = tuple(schemes() if scheme_list is None else scheme_list)
    frames = [(s, f) for s in scheme_list for f in s.frames]
    terms: list[Term] = []
    frame_index = []
    for number, (_, frame) in enumerate(frames):
        terms.extend(frame.terms)
        frame_index.extend([number] * len(frame.terms))
    frame_index_arr = np.asarray(frame_index, dtype=np.int64)
    vocab = Matcher(Words.of(sentences) if words is None else words)
    matches = _find_matches(terms, vocab)
    return _Coding(scheme_list, terms, frame_index_arr, frames, vocab, matches,
                   _not_nested(matches, frame_index_arr))


def _check_sentences(sentences: pd.DataFrame, required: Iterable[str] = (*SENTENCE_KEYS, "text")) -> None:
    sentence_texts(sentences, tuple(required))


def _has_matrix(coding: _Coding, n: int, drop_term: int | None = None) -> np.ndarray:
    """``(n, frames)`` 0/1: which frames each sentence carries (optionally without one term)."""
    m = coding.matches
    keep = np.ones(len(m.term), dtype=bool) if drop_term is None else m.term != drop_term
    has = np.zeros((n, len(coding.frames)), dtype=np.int64)
    has[m.row[keep], coding.frame_index[m.term[keep]]] = 1
    _apply_residual(coding, has)
    return has


def _apply_residual(coding: _Coding, has: np.ndarray, hits: np.ndarray | None = None) -> None:
    """A residual frame is carried only by sentences carrying no other frame of its scheme."""
    for scheme in coding.scheme_list:
        columns = [i for i, (s, _) in enumerate(coding.frames) if s is scheme]
        for i in columns:
            if coding.frames[i][1].residual:
                others = [j for j in columns if j != i]
                elsewhere = has[:, others].any(axis=1) if others else np.zeros(len(has), dtype=bool)
                if not coding.frames[i][1].terms:  # no issue terms: every sentence without a named frame
                    has[:, i] = 1
                has[elsewhere, i] = 0
                if hits is not None:
                    hits[elsewhere, i] = 0


def code_sentences(sentences: pd.DataFrame, scheme_list: Sequence[Scheme] | None = None) -> pd.DataFrame:
    """Code every sentence with the frames of the schemes.

    Parameters
    ----------
    sentences : pandas.DataFrame
        One row per sentence (:func:`analysis.text.sentences.sentence_table`), with
        ``doc_id, segment_id, sentence_id, speaker, kind, text``. If it also has
        the ``tokens`` column of :func:`analysis.text.counts.sentence_counts` (the
        lower-cased words joined by spaces), those words are used rather than
        tokenising the text again.
    scheme_list : sequence of Scheme, optional
        Default: :func:`schemes` (both schemes, final version).

    Returns
    -------
    pandas.DataFrame
        One row per sentence, in the given order: ``doc_id, segment_id,
        sentence_id, speaker, kind`` and, for every frame (see
        :func:`frame_columns`), ``has_<scheme>_<frame>`` (1 if the sentence
        carries the frame) and ``hits_<scheme>_<frame>`` (its indicator
        matches). Each sentence is coded on its own, so coding documents
        separately and concatenating gives the same table.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": "d", "segment_id": 1, "sentence_id": [1, 2], "speaker": "S",
    ...     "kind": "speech", "text": ["I'll work to overhaul programmes like Prevent.",
    ...                                "We must prevent attacks."]})
    >>> coded = code_sentences(table)
    >>> coded["has_contest_prevent"].tolist(), coded["hits_pfc_security_and_defense"].tolist()
    ([1, 0], [0, 1])
    """
    _check_sentences(sentences)
    return _coded_table(_code(sentences, scheme_list), sentences)


def _coded_table(coding: _Coding, sentences: pd.DataFrame) -> pd.DataFrame:
    """The per-sentence table of a coding (see :func:`code_sentences`)."""
    n = len(sentences)
    m = coding.matches
    width = len(coding.frames)
    cell = m.row[coding.counted] * width + coding.frame_index[m.term[coding.counted]]
    hits = np.bincount(cell, minlength=n * width).reshape(n, width).astype(np.int64)
    has = (hits > 0).astype(np.int64)
    _apply_residual(coding, has, hits)
    result = sentences[SENTENCE_KEYS].reset_index(drop=True).copy()
    columns = frame_columns(coding.scheme_list)
    data = {}
    for i, (_, _, has_col, hits_col) in enumerate(columns):
        data[has_col] = has[:, i]
        data[hits_col] = hits[:, i]
    return pd.concat([result, pd.DataFrame(data)], axis=1)


# ------------------------------------------------------------------------ measures


def _caution(sentences: int, share: float, missed: bool, single: bool) -> str:
    """Why to read a unit's share with care (``"; "``-separated; empty if nothing)."""
    return _caution_text(sentences < CAUTION_MIN_SENTENCES, bool(single), share in (0.0, 1.0), bool(missed))


@functools.lru_cache(maxsize=None)
def _caution_text(few: bool, single: bool, point: bool, missed: bool) -> str:
    """:func:`_caution` from the four facts it depends on (sixteen texts, each made once)."""
    reasons = []
    if few:
        reasons.append(f"fewer than {CAUTION_MIN_SENTENCES} sentences")
    if single:
        reasons.append(SINGLE_SENTENCE_NOTE)
    elif point:
        reasons.append("no sentence or every sentence carries the frame: the interval is a single point")
    if missed:
        reasons.append("interval widened to include the estimate")
    return "; ".join(reasons)


def frame_shares(
    coded: pd.DataFrame,
    by: str | list[str] = "speaker",
    n_boot: int = DEFAULT_N_BOOT,
    random_state: int = 0,
    ci: float = DEFAULT_CI,
    scheme_list: Sequence[Scheme] | None = None,
) -> pd.DataFrame:
    """Share of each unit's sentences carrying each frame, with a sentence-bootstrap interval.

    Parameters
    ----------
    coded : pandas.DataFrame
        From :func:`code_sentences`, plus any columns named in ``by``.
    by : str or list of str, optional
        Column(s) defining a unit. Default ``"speaker"``.
    n_boot, random_state, ci : optional
        Bootstrap replicates, seed and coverage (see
        :func:`analysis.stats.bootstrap.bootstrap_units`; each unit has its own
        stream, so a unit's interval does not depend on the other units).
    scheme_list : sequence of Scheme, optional
        The schemes ``coded`` was coded with. Default: :func:`schemes`.

    Returns
    -------
    pandas.DataFrame
        One row per unit and frame, units sorted, frames in scheme order: the
        ``by`` columns, ``scheme, frame, sentences, hits, share, ci_low,
        ci_high, caution``. ``share`` is (sentences carrying the frame) /
        (sentences), the mean of a 0/1 indicator, so its interval is the
        percentile interval of the mean over ``n_boot`` resamples of the
        unit's sentences; it always contains ``share``.

    References
    ----------
    Benoit, K., Munger, K., & Spirling, A. (2019). *American Journal of
    Political Science*, 63(2), 491-508. [benoit2019]

    Examples
    --------
    A speaker with four sentences, one carrying a frame: share 1/4; every
    resample holds 0 to 4 copies of that sentence, so the interval lies in [0, 1].

    >>> table = pd.DataFrame({"doc_id": "d", "segment_id": 1, "sentence_id": [1, 2, 3, 4],
    ...     "speaker": "S", "kind": "speech", "text": ["Extremism is a cancer.", "No.", "Yes.", "Thanks."]})
    >>> shares = frame_shares(code_sentences(table), n_boot=200)
    >>> row = shares[shares["frame"] == "prevent"].iloc[0]
    >>> float(row["share"]), int(row["hits"]), bool(0 <= row["ci_low"] <= 0.25 <= row["ci_high"] <= 1)
    (0.25, 1, True)
    """
    by_columns = [by] if isinstance(by, str) else list(by)
    columns = frame_columns(schemes() if scheme_list is None else scheme_list)
    missing = [c for c in (*by_columns, *(c[2] for c in columns)) if c not in coded.columns]
    if missing:
        raise ValueError(f"coded table lacks column(s) {missing[:5]}; make it with code_sentences")
    if coded[by_columns].isna().any().any():
        raise ValueError(f"missing values in {by_columns}: every sentence must belong to a unit")
    intervals = bootstrap_units(
        coded.assign(one=1), by_columns, ["one", *(c[2] for c in columns)], statistic, n_boot=n_boot, random_state=random_state,
        ci=ci,
    )
    return unit_rows(intervals, coded, by_columns, scheme_list)


def sentence_values(coded: pd.DataFrame, rows: np.ndarray, scheme_list: Sequence[Scheme] | None = None) -> np.ndarray:
    """The per-sentence matrix :func:`statistic` sums, rows in the order ``rows``.

    Columns: 1 for the sentence, then whether it carries each frame (in
    :func:`frame_columns` order). ``rows`` are positions in ``coded`` (see
    :func:`analysis.stats.bootstrap.sentence_order`).
    """
    columns = frame_columns(schemes() if scheme_list is None else scheme_list)
    matrix = np.ones((len(coded), 1 + len(columns)))
    matrix[:, 1:] = coded[[c[2] for c in columns]].to_numpy(dtype=float)
    return matrix[rows]


def statistic(sums: np.ndarray) -> np.ndarray:
    """Each frame's share of the sentences, from summed :func:`sentence_values`: ``(frames, ...)``."""
    return np.moveaxis(sums[..., 1:], -1, 0) / sums[..., 0]  # (frames, ...), contiguous


def unit_rows(
    intervals: UnitIntervals, coded: pd.DataFrame, by_columns: list[str], scheme_list: Sequence[Scheme] | None = None
) -> pd.DataFrame:
    """The rows of :func:`frame_shares` from a unit bootstrap of :func:`sentence_values`."""
    columns = frame_columns(schemes() if scheme_list is None else scheme_list)
    m = len(columns)
    units = len(intervals.keys)
    # groupby sorts its keys as the bootstrap sorts its units; the check keeps it so.
    hits = coded.groupby(by_columns, sort=True)[[c[3] for c in columns]].sum()
    if len(hits) != units or not (hits.index.to_frame(index=False).to_numpy() == intervals.keys.to_numpy()).all():
        raise ValueError("the coded table does not hold the units of the intervals")
    share = intervals.estimate.T.ravel()
    missed = intervals.missed.T.ravel()
    single = np.repeat(intervals.single, m)
    sentences = np.repeat(np.asarray(intervals.sentences, dtype=np.int64), m)
    data = {column: np.repeat(intervals.keys[column].to_numpy(), m) for column in by_columns}
    data.update(
        scheme=[c[0] for c in columns] * units,
        frame=[c[1] for c in columns] * units,
        sentences=sentences,
        hits=hits.to_numpy().ravel().astype(np.int64),
        share=share,
        ci_low=intervals.low.T.ravel(),
        ci_high=intervals.high.T.ravel(),
        caution=_cautions(sentences, share, missed, single),
    )
    return pd.DataFrame(data, columns=list(data))


def _cautions(sentences: np.ndarray, share: np.ndarray, missed: np.ndarray, single: np.ndarray) -> list[str]:
    """:func:`_caution` of many rows at once (a unit batch has thousands of rows)."""
    few = sentences < CAUTION_MIN_SENTENCES
    with np.errstate(invalid="ignore"):
        point = (share == 0.0) | (share == 1.0)
    facts = zip(few.tolist(), single.tolist(), point.tolist(), missed.tolist(), strict=True)
    return list(itertools.starmap(_caution_text, facts))


def frames_table(
    coded: pd.DataFrame,
    n_boot: int = DEFAULT_N_BOOT,
    random_state: int = 0,
    ci: float = DEFAULT_CI,
    scheme_list: Sequence[Scheme] | None = None,
) -> pd.DataFrame:
    """The ``frames.csv`` export: every speaker and document x every frame of both schemes.

    Parameters
    ----------
    coded : pandas.DataFrame
        From :func:`code_sentences`.
    n_boot, random_state, ci, scheme_list : optional
        As :func:`frame_shares`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FRAMES_COLUMNS`: ``unit_type`` (``"speaker"`` then
        ``"document"``), ``unit`` (the speaker, or the ``doc_id``), ``scheme``,
        ``frame``, ``sentences`` (the unit's), ``hits``, ``share``, ``ci_low``,
        ``ci_high`` and ``caution`` (units of fewer than
        :data:`CAUTION_MIN_SENTENCES` sentences, single-point intervals).
        Complete: zeros are rows too. Sorted by unit type, unit, scheme and
        frame (in scheme order). Unattributed quotations are no speaker
        (:func:`analysis.stats.bootstrap.is_unit`).
    """
    parts = []
    for unit_type, column in UNIT_TYPES.items():
        shares = frame_shares(unit_sentences(coded, column), column, n_boot, random_state, ci, scheme_list)
        parts.append(shares.rename(columns={column: "unit"}).assign(unit_type=unit_type))
    return pd.concat(parts, ignore_index=True)[FRAMES_COLUMNS]


def frame_units(
    coded: pd.DataFrame,
    unit_type: str,
    n_boot: int = DEFAULT_N_BOOT,
    random_state: int = 0,
    scheme_list: Sequence[Scheme] | None = None,
) -> pd.DataFrame:
    """The rows of :func:`frames_table` for one unit type (``"speaker"`` or ``"document"``).

    A unit's shares and intervals depend only on its own sentences, so the
    document rows can be computed batch by batch (the export does so in its
    worker processes) and joined with :func:`frames_table_from_units`.
    """
    if unit_type not in UNIT_TYPES:
        raise ValueError(f"unit_type must be one of {list(UNIT_TYPES)}, not {unit_type!r}")
    column = UNIT_TYPES[unit_type]
    shares = frame_shares(unit_sentences(coded, column), column, n_boot, random_state, DEFAULT_CI, scheme_list)
    return as_unit_table(shares, unit_type)


def as_unit_table(shares: pd.DataFrame, unit_type: str) -> pd.DataFrame:
    """Rows of :func:`frame_shares` (or :func:`unit_rows`) by one unit type as rows of :func:`frames_table`."""
    return shares.rename(columns={UNIT_TYPES[unit_type]: "unit"}).assign(unit_type=unit_type)[FRAMES_COLUMNS]


def frames_table_from_units(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Join :func:`frame_units` tables into the ``frames.csv`` order: unit type, unit, scheme order."""
    table = pd.concat(parts, ignore_index=True)
    order = {unit_type: i for i, unit_type in enumerate(UNIT_TYPES)}
    key = table["unit_type"].map(order)
    return (
        table.assign(_type=key)
        .sort_values(["_type", "unit"], kind="stable")
        .drop(columns="_type")
        .reset_index(drop=True)[FRAMES_COLUMNS]
    )


def emphasis_table(
    coded: pd.DataFrame,
    by: str | list[str] = "speaker",
    hard: Sequence[str] = HARD,
    soft: Sequence[str] = SOFT,
    n_boot: int = DEFAULT_N_BOOT,
    random_state: int = 0,
    ci: float = DEFAULT_CI,
) -> pd.DataFrame:
    """"Hard" against "soft" CONTEST emphasis per unit, each with a sentence-bootstrap interval.

    A sentence is *hard* when it carries any of the ``hard`` strands (default
    pursue, protect: stopping attacks and hardening targets) and *soft* when it
    carries any of the ``soft`` ones (default prevent: stopping people becoming
    terrorists). For each unit: the share of its sentences that are hard, that
    are soft, and their difference (hard minus soft), each with a percentile
    interval from the same resamples, so the difference's interval accounts
    for sentences that are both.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``sentences``, then for ``m`` in ``hard, soft,
        difference``: ``m``, ``m_ci_low``, ``m_ci_high``; and ``caution``.
    """
    by_columns = [by] if isinstance(by, str) else list(by)
    known = set(read_scheme("contest").frame_names)
    for strand in (*hard, *soft):
        if strand not in known:
            raise ValueError(f"{strand!r} is not a CONTEST strand ({', '.join(sorted(known))})")
    values = coded.assign(
        one=1,
        hard=coded[[f"has_contest_{s}" for s in hard]].max(axis=1).to_numpy(),
        soft=coded[[f"has_contest_{s}" for s in soft]].max(axis=1).to_numpy(),
    )
    intervals = bootstrap_units(
        values,
        by_columns,
        ["one", "hard", "soft"],
        lambda s: np.stack([s[..., 1] / s[..., 0], s[..., 2] / s[..., 0], (s[..., 1] - s[..., 2]) / s[..., 0]]),
        n_boot=n_boot,
        random_state=random_state,
        ci=ci,
    )
    table = intervals.keys.copy()
    table["sentences"] = intervals.sentences.astype(np.int64)
    for i, name in enumerate(("hard", "soft", "difference")):
        table[name] = intervals.estimate[i]
        table[f"{name}_ci_low"] = intervals.low[i]
        table[f"{name}_ci_high"] = intervals.high[i]
    table["caution"] = [
        _caution(int(n), 0.5, bool(intervals.missed[:, u].any()), bool(intervals.single[u]))
        for u, n in enumerate(intervals.sentences)
    ]
    return table


# ------------------------------------------------------------- keyword in context


def kwic_table(
    sentences: pd.DataFrame, window: int = KWIC_WINDOW, scheme_list: Sequence[Scheme] | None = None
) -> pd.DataFrame:
    """Keyword-in-context lines for every counted indicator match: the ``kwic.csv`` export.

    Parameters
    ----------
    sentences : pandas.DataFrame
        As for :func:`code_sentences`.
    window : int, optional
        Words of context each side, within the sentence. Default :data:`KWIC_WINDOW`.
    scheme_list : sequence of Scheme, optional
        Default: :func:`schemes`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`KWIC_COLUMNS`: ``doc_id, sentence_id, speaker, scheme,
        frame``, ``term`` (the term variant that matched, as written in the
        scheme file), and ``left``, ``match``, ``right``: the sentence's own
        text around the match (``match`` as written, capitals and all). One
        line per hit of :func:`code_sentences`, so every coded frame is backed
        by its lines (for the residual ``other``, the issue terms of the
        sentences that carry it). Sorted by document, sentence, scheme and
        frame order, and position.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": "d", "segment_id": 1, "sentence_id": [7], "speaker": "S",
    ...     "kind": "speech", "text": ["It’s a threat that I will act to tackle as Mayor."]})
    >>> line = kwic_table(table, window=3).query("frame == 'security_and_defense'").iloc[0]
    >>> line["left"], line["match"], line["right"]
    ('It’s a', 'threat', 'that I will')
    """
    _check_sentences(sentences)
    return _kwic(_code(sentences, scheme_list), sentences, window)


def code_sentences_with_kwic(
    sentences: pd.DataFrame, window: int = KWIC_WINDOW, scheme_list: Sequence[Scheme] | None = None,
    words: Words | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`code_sentences` and :func:`kwic_table` from one matching pass (what the export needs).

    ``words`` are the sentences' :class:`analysis.text.words.Words`, if the
    caller has them already (the pipeline makes them once per batch).
    """
    _check_sentences(sentences)
    coding = _code(sentences, scheme_list, words)
    return _coded_table(coding, sentences), _kwic(coding, sentences, window)


def _kwic(coding: _Coding, sentences: pd.DataFrame, window: int) -> pd.DataFrame:
    """The keyword-in-context lines of a coding (see :func:`kwic_table`)."""
    if window < 0:
        raise ValueError(f"window must be 0 or more words, not {window}")
    n = len(sentences)
    width = len(coding.frames)
    counted = np.flatnonzero(coding.counted)
    row = coding.matches.row[counted]
    frame_number = coding.frame_index[coding.matches.term[counted]]
    has = np.zeros((n, width), dtype=np.int64)
    has[row, frame_number] = 1
    _apply_residual(coding, has)
    # A residual frame's issue terms only where it is carried.
    m = coding.matches.take(counted[has[row, frame_number] == 1])
    frame_number = coding.frame_index[m.term]
    # By row, frame and start: one stable sort by a combined key (lexsort is slow on short arrays).
    order = np.argsort((m.row * width + frame_number) * max(coding.vocab.n, 1) + m.start, kind="stable")
    rows = m.row[order]
    texts = sentences["text"].tolist()
    # Word positions are those of the vocabulary, which reads the same tokens.
    start, end = coding.vocab.words.offsets
    first = coding.vocab.first_word[rows]
    stop = first + coding.vocab.lengths[rows]  # after the sentence's last word
    match_first, match_stop = m.start[order], m.end[order]
    left_from = start[np.maximum(match_first - window, first)].tolist()
    match_start = start[match_first].tolist()
    match_end = end[match_stop - 1].tolist()
    right_to = end[np.minimum(match_stop + window, stop) - 1].tolist()
    line_texts = [texts[row] for row in rows.tolist()]
    table = _term_phrases(tuple(coding.terms))
    return pd.DataFrame({
        "doc_id": sentences["doc_id"].to_numpy()[rows],
        "sentence_id": sentences["sentence_id"].to_numpy()[rows],
        "speaker": sentences["speaker"].to_numpy()[rows],
        "scheme": np.array([s.name for s, _ in coding.frames], dtype=object)[frame_number[order]],
        "frame": np.array([f.name for _, f in coding.frames], dtype=object)[frame_number[order]],
        "term": table.labels[(table.first_variant[m.term] + m.variant)[order]],
        "left": [t[a:b].strip() for t, a, b in zip(line_texts, left_from, match_start, strict=True)],
        "match": [t[a:b] for t, a, b in zip(line_texts, match_start, match_end, strict=True)],
        "right": [t[a:b].strip() for t, a, b in zip(line_texts, match_end, right_to, strict=True)],
    }, columns=KWIC_COLUMNS)


# ---------------------------------------------------------------------- validation


def read_hand_coded(path: str | Path | None = None) -> pd.DataFrame:
    """Read a hand-coded fixture: ``#`` header lines, then ``doc_id, sentence_id, text, contest, pfc``.

    Parameters
    ----------
    path : str or Path, optional
        Default: the seed corpus's codes, :data:`HAND_CODED` in the repository.

    The frame columns hold frame names separated by ``;`` (empty: none). Only
    leading lines starting with ``#`` are the header, so a ``#`` inside a
    sentence (a URL's anchor) is text.
    """
    if path is None:
        from ..paths import repo_root

        path = repo_root() / HAND_CODED
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    body = "".join(lines[next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines)):])
    from io import StringIO

    table = pd.read_csv(StringIO(body), dtype=str, keep_default_na=False)
    missing = [c for c in ("doc_id", "sentence_id", "text", *SCHEME_NAMES) if c not in table.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {missing}")
    table["sentence_id"] = table["sentence_id"].astype(int)
    return table


def validate(coded: pd.DataFrame, hand: pd.DataFrame, sentences: pd.DataFrame | None = None,
             scheme_list: Sequence[Scheme] | None = None) -> pd.DataFrame:
    """Precision and recall of the dictionary against hand codes, per frame.

    Parameters
    ----------
    coded : pandas.DataFrame
        From :func:`code_sentences`.
    hand : pandas.DataFrame
        From :func:`read_hand_coded`: ``doc_id, sentence_id, text`` and a
        column per scheme of ``;``-separated frame names.
    sentences : pandas.DataFrame, optional
        The sentence table ``coded`` came from; if given, each hand-coded
        sentence's ``text`` must equal it, so that codes made for one sentence
        splitting are never scored against another.
    scheme_list : sequence of Scheme, optional
        Default: :func:`schemes`.

    Returns
    -------
    pandas.DataFrame
        One row per scheme and frame, then a row ``frame == "(all frames)"``
        per scheme pooling every frame's decisions (micro-average):
        ``scheme, frame, sentences`` (hand-coded), ``hand`` (sentences coded
        with the frame by hand), ``dictionary`` (by the dictionary),
        ``both``, ``precision`` (both / dictionary), ``recall`` (both / hand)
        and ``f1``; ``nan`` where a denominator is 0.

    Raises
    ------
    ValueError
        If a hand-coded sentence is not in ``coded``, its text differs, or a
        hand code names an unknown frame.
    """
    scheme_list = tuple(schemes() if scheme_list is None else scheme_list)
    keys = ["doc_id", "sentence_id"]
    merged = hand.merge(coded, on=keys, how="left", indicator=True, validate="one_to_one")
    absent = merged[merged["_merge"] != "both"]
    if len(absent):
        first = absent.iloc[0]
        raise ValueError(f"hand-coded sentence {first['doc_id']}:{first['sentence_id']} is not in the coded table")
    if sentences is not None:
        texts = hand.merge(sentences[keys + ["text"]], on=keys, how="left", suffixes=("", "_now"))
        differ = texts[texts["text"] != texts["text_now"]]
        if len(differ):
            first = differ.iloc[0]
            raise ValueError(
                f"hand-coded sentence {first['doc_id']}:{first['sentence_id']} reads {first['text']!r} "
                f"but the sentence table has {first['text_now']!r}: the codes belong to another sentence splitting"
            )
    rows = []
    for scheme in scheme_list:
        names = scheme.frame_names
        hand_sets = [set(filter(None, codes.split(";"))) for codes in merged[scheme.name]]
        unknown = sorted(set().union(*hand_sets) - set(names)) if hand_sets else []
        if unknown:
            raise ValueError(f"hand codes name unknown {scheme.name} frame(s): {', '.join(unknown)}")
        totals = np.zeros(3, dtype=np.int64)
        for frame in names:
            by_hand = np.array([frame in s for s in hand_sets], dtype=bool)
            by_dict = merged[f"has_{scheme.name}_{frame}"].to_numpy() == 1
            counts = np.array([by_hand.sum(), by_dict.sum(), (by_hand & by_dict).sum()])
            totals += counts
            rows.append(_scores(scheme.name, frame, len(merged), *counts))
        rows.append(_scores(scheme.name, "(all frames)", len(merged), *totals))
    return pd.DataFrame(rows)


def _scores(scheme: str, frame: str, sentences: int, hand: int, dictionary: int, both: int) -> dict:
    precision = both / dictionary if dictionary else float("nan")
    recall = both / hand if hand else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if dictionary and hand and (precision + recall) else float("nan")
    return {
        "scheme": scheme, "frame": frame, "sentences": int(sentences), "hand": int(hand),
        "dictionary": int(dictionary), "both": int(both), "precision": precision, "recall": recall, "f1": f1,
    }


def leave_one_out_stability(
    sentences: pd.DataFrame,
    by: str = "speaker",
    min_sentences: int = 1,
    scheme_list: Sequence[Scheme] | None = None,
) -> pd.DataFrame:
    """How each unit's rank on each frame moves when one indicator term at a time is left out.

    For every frame, units are ranked by share (1 = the highest; tied units
    share the best rank). Each term of the scheme is then left out in turn
    (all its variants), the sentences are coded again and the units ranked
    again. A term of another frame changes a frame's ranking only through the
    residual frame (``other``), which is carried when no named frame is.

    Parameters
    ----------
    sentences : pandas.DataFrame
        As for :func:`code_sentences` (with the ``by`` column).
    by : str, optional
        The unit column. Default ``"speaker"``.
    min_sentences : int, optional
        Rank only units with at least this many sentences (rankings of units
        of one or two sentences are mostly ties at 0 or 1). Default 1.
    scheme_list : sequence of Scheme, optional
        Default: :func:`schemes`.

    Returns
    -------
    pandas.DataFrame
        One row per scheme, frame and unit: ``scheme, frame, unit, share,
        rank`` (with every term), ``rank_best`` and ``rank_worst`` (over the
        leave-one-out codings), ``removals`` (terms whose removal could change
        the frame), ``moved`` (how many of them change the unit's rank) and
        ``decisive_term`` (the term whose removal moves the unit furthest,
        first in file order; empty when none moves it).
    """
    _check_sentences(sentences, (*SENTENCE_KEYS, "text", by))
    coding = _code(sentences, scheme_list)
    n = len(sentences)
    unit_codes, units = pd.factorize(sentences[by], sort=True)
    sizes = np.bincount(unit_codes, minlength=len(units))
    ranked = sizes >= min_sentences
    full = _has_matrix(coding, n)

    def ranks(has: np.ndarray, column: int) -> np.ndarray:
        share = np.bincount(unit_codes, weights=has[:, column], minlength=len(units)) / np.maximum(sizes, 1)
        values = pd.Series(np.where(ranked, share, np.nan))
        return values.rank(method="min", ascending=False).to_numpy()

    rows = []
    for f, (scheme, frame) in enumerate(coding.frames):
        in_scheme = [i for i, (s, _) in enumerate(coding.frames) if s is scheme]
        candidates = [t for t in range(len(coding.terms)) if coding.frame_index[t] == f
                      or (frame.residual and coding.frame_index[t] in in_scheme)]
        base = ranks(full, f)
        share = np.bincount(unit_codes, weights=full[:, f], minlength=len(units)) / np.maximum(sizes, 1)
        best, worst = base.copy(), base.copy()
        moved = np.zeros(len(units), dtype=np.int64)
        decisive = [""] * len(units)
        shift = np.zeros(len(units))
        for t in candidates:
            again = ranks(_has_matrix(coding, n, drop_term=t), f)
            best, worst = np.fmin(best, again), np.fmax(worst, again)
            change = np.abs(again - base)
            moved += (change > 0).astype(np.int64)
            for u in np.flatnonzero(change > shift):
                decisive[u], shift[u] = coding.terms[t].label, change[u]
        for u in np.flatnonzero(ranked):
            rows.append({
                "scheme": scheme.name, "frame": frame.name, "unit": units[u], "share": float(share[u]),
                "rank": int(base[u]), "rank_best": int(best[u]), "rank_worst": int(worst[u]),
                "removals": len(candidates), "moved": int(moved[u]), "decisive_term": decisive[u],
            })
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------- the tables


def revisions_table() -> pd.DataFrame:
    """Every entry changed after the dictionary's first version, with the reason given in the file.

    Returns
    -------
    pandas.DataFrame
        ``scheme, frame, entry`` (a term, or ``unless: <phrase>`` for an
        exclusion), ``change`` (``added`` or ``retired``), ``review``
        (``validation``: revised after meeting the hand codes; ``domain``:
        guarded in the later review of senses outside terrorism and
        extremism) and ``reason``, in file order.
    """
    rows = []
    for name in SCHEME_NAMES:
        text, path = _data_path(f"frames_{name}.yaml")
        scheme = read_scheme(name)  # validates the file first
        data = read_yaml(text)
        residual = [f["frame"] for f in data["frames"] if f.get("residual")]
        entries = [(f["frame"], e) for f in data["frames"] for e in f.get("terms", [])]
        entries += [(residual[0], e) for e in data.get("issue", [])]
        for frame_name, entry in entries:
            label = " | ".join(entry["term"]) if isinstance(entry["term"], list) else entry["term"]
            found = [(label, entry)] + [(f"{label}, unless: {x['phrase']}", x) for x in entry.get("unless", [])]
            for shown, item in found:
                for key, (change, review) in _REVISION_KEYS.items():
                    if key in item:
                        rows.append({"scheme": scheme.name, "frame": frame_name, "entry": shown,
                                     "change": change, "review": review, "reason": item[key].strip()})
    return pd.DataFrame(rows, columns=["scheme", "frame", "entry", "change", "review", "reason"])


# ---------------------------------------------------------------------- Entman


@dataclass(frozen=True)
class EntmanCues:
    """Entman's four functions as cue patterns, with the topic a sentence must be about."""

    functions: tuple[Frame, ...]
    topic: tuple[Term, ...]
    selection: str
    path: str


@functools.lru_cache(maxsize=1)
def read_entman_cues() -> EntmanCues:
    """Read and validate ``analysis/data/entman_cues.yaml`` (the format of the scheme files).

    Raises
    ------
    SchemeError
        If the file is not valid, or does not define exactly Entman's four functions.
    """
    text, path = _data_path("entman_cues.yaml")
    try:
        data = read_yaml(text)
    except yaml.YAMLError as exc:
        raise SchemeError(f"{path}: not valid YAML: {exc}") from None
    data = _check_keys(data, _CUE_KEYS, path)
    functions = _parse_frames(data["frames"], "entman", "final", path)
    names = tuple(f.name for f in functions)
    if names != ENTMAN_FUNCTIONS:
        raise SchemeError(f"{path}: frames must be Entman's four functions {ENTMAN_FUNCTIONS}, in order; found {names}")
    if not isinstance(data["topic"], list) or not data["topic"]:
        raise SchemeError(f"{path}: topic must be a non-empty list of terms")
    topic = tuple(
        t for j, entry in enumerate(data["topic"])
        if (t := _parse_term(entry, "entman", "topic", "final", f"{path}: topic[{j}]")) is not None
    )
    return EntmanCues(functions, topic, _text(data["selection"], f"{path}: selection"), path)


def entman_table(sentences: pd.DataFrame, per_function: int = ENTMAN_EVIDENCE_PER_FUNCTION) -> pd.DataFrame:
    """Evidence for Entman's four frame functions in each document: quoted sentences, chosen by rule.

    Entman (1993, p. 52): frames "define problems", "diagnose causes", "make
    moral judgments" and "suggest remedies". Each function has cue patterns
    (``analysis/data/entman_cues.yaml``, with the reason for each). The rule:
    a sentence is evidence for a function when it matches one of the
    function's cues *and* one of the topic terms (it is about terrorism,
    extremism or security); per document and function, the ``per_function``
    sentences matching the most distinct cues are shown, earlier sentences
    first on ties. Cues find candidates for a reader to judge; they do not
    measure the functions.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, function, sentence_id, speaker, cues, text``: ``cues`` the
        cue words matched, as written. A document with no evidence for a
        function has one row with ``sentence_id`` missing, ``cues`` "no
        sentence matches" and an empty ``text``. Sorted by document, function
        (Entman's order) and rank.
    """
    _check_sentences(sentences)
    cues = read_entman_cues()
    topic_frame = Frame("topic", "topic", "-", "-", "-", cues.topic)
    pseudo = Scheme("entman", "Entman", "-", "entman1993", (*cues.functions, topic_frame), cues.path, "final")
    coding = _code(sentences, [pseudo])
    m = coding.matches.take(coding.counted)
    n = len(sentences)
    topic_number = len(cues.functions)
    on_topic = np.zeros(n, dtype=bool)
    on_topic[m.row[coding.frame_index[m.term] == topic_number]] = True
    texts = sentences["text"].tolist()
    cue_words: dict[tuple[int, int], list[str]] = {}
    toks: dict[int, list] = {}
    for i in np.lexsort((m.start, m.row)).tolist():
        f = int(coding.frame_index[m.term[i]])
        row = int(m.row[i])
        if f == topic_number or not on_topic[row]:
            continue
        if row not in toks:
            toks[row] = word_tokens(texts[row])
        first = int(coding.vocab.first_word[row])
        a, b = int(m.start[i]) - first, int(m.end[i]) - first
        written = texts[row][toks[row][a].start : toks[row][b - 1].end]
        found = cue_words.setdefault((row, f), [])
        if written.lower() not in (w.lower() for w in found):
            found.append(written)
    doc_ids = sentences["doc_id"].tolist()
    rows = []
    for doc_id in sorted(set(doc_ids)):
        doc_rows = [r for r in range(n) if doc_ids[r] == doc_id]
        for f, function in enumerate(cues.functions):
            candidates = [(-len(cue_words[(r, f)]), r) for r in doc_rows if (r, f) in cue_words]
            chosen = [r for _, r in sorted(candidates)[:per_function]]
            if not chosen:
                rows.append((doc_id, function.name, pd.NA, "", "no sentence matches", ""))
            for r in chosen:
                rows.append((doc_id, function.name, sentences["sentence_id"].iloc[r], sentences["speaker"].iloc[r],
                             ", ".join(cue_words[(r, f)]), texts[r]))
    table = pd.DataFrame(rows, columns=["doc_id", "function", "sentence_id", "speaker", "cues", "text"])
    table["sentence_id"] = table["sentence_id"].astype("Int64")
    return table

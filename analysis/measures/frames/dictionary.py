"""Frame schemes: the data model, reading and checking scheme files, and the shipped schemes.

A scheme is a YAML file (``analysis/data/frames_*.yaml`` or a corpus's own
``frames/*.yaml``); loading validates it and names the file and entry in any
error (:class:`SchemeError`). See :mod:`analysis.measures.frames` for the method.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from ...paths import data_file, read_yaml
from ...text.matcher import PatternError, glob_words


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
_SCHEME_KEYS = ({"scheme", "title", "source", "frames"}, {"citation_key", "domain", "issue", "names"})
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
_NAME_KEYS = ({"name", "why"}, set(_REVISION_KEYS))
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
class Name:
    """A proper name whose words are no indicator of any frame of its scheme.

    A match of a term with a word inside a match of the name is not counted:
    the Community Security Trust is an organisation, not a word of security or
    of (public) trust. The name is matched with its capitals, as written.
    """

    label: str  # as written
    words: tuple[str, ...]  # its word globs, with their capitals
    why: str


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
    names: tuple[Name, ...] = ()  # proper names masked from every term of the scheme

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
        _parse_names(data.get("names", []), version, path),
    )


def _parse_names(names: object, version: str, path: str) -> tuple[Name, ...]:
    """The scheme's ``names``: proper names, written with their capitals, each with its ``why``."""
    if not isinstance(names, list):
        raise SchemeError(f"{path}: names must be a list of {{name, why}} entries")
    parsed = []
    for k, entry in enumerate(names):
        where = f"{path}: names[{k}]"
        if isinstance(entry, dict) and "name" in entry:
            where = f"{where} {str(entry['name'])!r}"
        entry = _check_keys(entry, _NAME_KEYS, where)
        why = _text(entry["why"], f"{where}: why")
        if not _keep(entry, version, where):
            continue
        words = _glob_words(entry["name"], True, where)
        if not any(any(c.isupper() for c in word) for word in words):
            raise SchemeError(f"{where}: a name is written with its capitals (it is matched as written)")
        parsed.append(Name(" ".join(words), words, why))
    labels = [name.label for name in parsed]
    if len(set(labels)) != len(labels):
        raise SchemeError(f"{path}: names: {sorted({x for x in labels if labels.count(x) > 1})[0]!r} appears twice")
    return tuple(parsed)


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


# ---------------------------------------------------------------------- the tables


def revisions_table() -> pd.DataFrame:
    """Every entry changed after the dictionary's first version, with the reason given in the file.

    Returns
    -------
    pandas.DataFrame
        ``scheme, frame, entry`` (a term, ``unless: <phrase>`` for an
        exclusion, or ``name: <name>`` for a proper name, whose frame is
        ``(all frames)``), ``change`` (``added`` or ``retired``), ``review``
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
        entries += [("(all frames)", {**e, "term": f"name: {e['name']}"}) for e in data.get("names", [])]
        for frame_name, entry in entries:
            label = " | ".join(entry["term"]) if isinstance(entry["term"], list) else entry["term"]
            found = [(label, entry)] + [(f"{label}, unless: {x['phrase']}", x) for x in entry.get("unless", [])]
            for shown, item in found:
                for key, (change, review) in _REVISION_KEYS.items():
                    if key in item:
                        rows.append({"scheme": scheme.name, "frame": frame_name, "entry": shown,
                                     "change": change, "review": review, "reason": item[key].strip()})
    return pd.DataFrame(rows, columns=["scheme", "frame", "entry", "change", "review", "reason"])

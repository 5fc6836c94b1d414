"""The rhetoric features as data: ``data/rhetoric_features.yaml`` read and checked into :class:`Feature` values.

Each feature is a lexicon (words and two-word phrases, with the guards of
``unless`` phrases), questions, or VADER's lexicon or compound score; every
entry carries its source. See :mod:`analysis.measures.rhetoric` for what is
counted and how.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..paths import data_file, read_yaml
from ..text.matcher import glob_matches, glob_phrase


FEATURES_FILE = data_file("rhetoric_features.yaml")


#: Feature kinds the data file may declare.
KINDS = ("lexicon", "questions", "vader_lexicon", "vader_compound")


#: Keys of the file, of every feature and, by kind, the further keys a feature may hold: (required, optional).
FILE_KEYS = ({"features"}, {"domain"})


FEATURE_KEYS = ({"kind", "label", "description", "source", "reference"}, {"domain"})


KIND_KEYS = {
    "lexicon": ({"entries"}, {"excluded", "unless"}),
    "vader_lexicon": ({"min_abs_valence"}, {"excluded"}),
    "questions": (set(), set()),
    "vader_compound": (set(), set()),
}


GUARD_KEYS = {"phrase", "why", "added"}


@dataclass(frozen=True)
class Feature:
    """One feature of ``data/rhetoric_features.yaml``.

    ``words``, ``prefixes``, ``suffixes``, ``infixes`` and ``phrases`` hold the
    parsed entries of a ``lexicon`` feature (``"elit*"`` is the prefix
    ``"elit"``, ``"*betray*"`` the infix ``"betray"``, ``"need to"`` the phrase
    ``("need", "to")``); ``min_abs_valence`` is the threshold of a
    ``vader_lexicon`` feature. ``domain`` is the feature's own, or the
    file's (``topic_bound`` says which); ``exclusions`` are the word globs of
    its ``unless`` phrases (module docstring, "Guards").
    """

    name: str
    kind: str
    label: str
    description: str
    source: str
    reference: str | None
    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    infixes: tuple[str, ...] = ()
    phrases: frozenset[tuple[str, str]] = frozenset()
    min_abs_valence: float | None = None
    domain: str = ""
    topic_bound: bool = False
    exclusions: tuple[tuple[str, ...], ...] = ()

    @property
    def is_rate(self) -> bool:
        """Whether the feature is a count per 1,000 words (all but sentiment)."""
        return self.kind != "vader_compound"

    def matches(self, word: str) -> bool:
        """Whether one lower-cased word is an entry of a ``lexicon`` feature (phrases aside).

        Examples
        --------
        >>> populism = {f.name: f for f in features()}["populism"]
        >>> populism.matches("elites"), populism.matches("betrayal"), populism.matches("elect")
        (True, True, False)
        """
        return (
            word in self.words
            or word.startswith(self.prefixes)
            or word.endswith(self.suffixes)
            or any(part in word for part in self.infixes)
        )


def _parse_entries(name: str, entries: list) -> dict:
    """Sort a lexicon's entries into words, stems and phrases; raise ValueError on a malformed one."""
    parsed: dict[str, set] = {"words": set(), "prefixes": set(), "suffixes": set(), "infixes": set(), "phrases": set()}
    for entry in entries:
        if not isinstance(entry, str) or entry != entry.strip().lower() or not entry:
            raise ValueError(f"feature {name}: entry {entry!r} must be a non-empty lower-case string")
        parts = entry.split()
        if len(parts) == 2 and "*" not in entry:
            parsed["phrases"].add((parts[0], parts[1]))
        elif len(parts) > 1:
            raise ValueError(f"feature {name}: entry {entry!r}: phrases have exactly two words and no '*'")
        elif entry.startswith("*") and entry.endswith("*") and len(entry) > 2:
            parsed["infixes"].add(entry[1:-1])
        elif entry.endswith("*") and "*" not in entry[:-1]:
            parsed["prefixes"].add(entry[:-1])
        elif entry.startswith("*") and "*" not in entry[1:]:
            parsed["suffixes"].add(entry[1:])
        elif "*" in entry:
            raise ValueError(f"feature {name}: entry {entry!r}: '*' may stand only at the start or end")
        else:
            parsed["words"].add(entry)
    return {
        "words": frozenset(parsed["words"]),
        "prefixes": tuple(sorted(parsed["prefixes"])),
        "suffixes": tuple(sorted(parsed["suffixes"])),
        "infixes": tuple(sorted(parsed["infixes"])),
        "phrases": frozenset(parsed["phrases"]),
    }


def _check_keys(mapping: object, keys: tuple[set, set], where: str) -> dict:
    """The mapping, if it has every required key and no other than the optional ones; else ValueError."""
    if not isinstance(mapping, dict):
        raise ValueError(f"{where}: expected a mapping of keys, found {type(mapping).__name__}")
    required, optional = keys
    missing = sorted(required - mapping.keys())
    if missing:
        raise ValueError(f"{where} lacks {missing}")
    unknown = sorted(map(str, mapping.keys() - required - optional))
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(required | optional))})")
    return mapping


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where} must be a non-empty text")
    return " ".join(value.split())


def _parse_guards(guards: object, fields: dict, where: str) -> tuple[tuple[str, ...], ...]:
    """The word globs of a lexicon's ``unless`` phrases, each checked to contain a word the lexicon counts."""
    if not isinstance(guards, list) or not guards:
        raise ValueError(f"{where}: unless must be a non-empty list of {{phrase, why, added}} entries")
    probe = Feature("", "lexicon", "", "", "", None, **fields)
    result = []
    for k, guard in enumerate(guards):
        at = f"{where}: unless[{k}]"
        _check_keys(guard, (GUARD_KEYS, set()), at)
        _text(guard["why"], f"{at}: why")
        _text(guard["added"], f"{at}: added")
        phrase = glob_phrase(guard["phrase"], at)
        in_list = any(probe.matches(w) or any(glob_matches(w, entry) for entry in probe.words) for w in phrase)
        if not in_list and not any(pair in probe.phrases for pair in zip(phrase, phrase[1:])):
            raise ValueError(f"{at}: the phrase {' '.join(phrase)!r} must contain a word the feature counts")
        result.append(phrase)
    return tuple(result)


def read_features(path: Path | str = FEATURES_FILE) -> tuple[Feature, ...]:
    """Read and check the feature definitions.

    Parameters
    ----------
    path : path-like, optional
        A YAML file laid out as ``data/rhetoric_features.yaml``.

    Returns
    -------
    tuple of Feature
        In the file's order, which is the order of the output columns.

    Raises
    ------
    ValueError
        Naming the file and the feature: if the file or a feature lacks a key
        or holds one it should not (a setting we do not understand is an
        error, not ignored), has an unknown ``kind``, a malformed entry or
        ``unless`` guard, no entries, or the file has not exactly one
        ``vader_compound`` feature named ``sentiment``.
    """
    data = read_yaml(Path(path).read_text(encoding="utf-8"))
    _check_keys(data, FILE_KEYS, str(path))
    if not isinstance(data["features"], dict):
        raise ValueError(f"{path}: expected a mapping 'features'")
    file_domain = _text(data["domain"], f"{path}: domain") if "domain" in data else ""
    result = []
    for name, spec in data["features"].items():
        if not re.fullmatch(r"[a-z][a-z0-9_]*", str(name)):
            raise ValueError(f"{path}: feature name {name!r} must be lower_case_with_underscores")
        where = f"{path}: feature {name}"
        if isinstance(spec, dict) and spec.get("kind") not in KINDS and "kind" in spec:
            raise ValueError(f"{where}: kind {spec['kind']!r} is not one of {KINDS}")
        required, optional = FEATURE_KEYS
        if isinstance(spec, dict) and spec.get("kind") in KINDS:
            more_required, more_optional = KIND_KEYS[spec["kind"]]
            required, optional = required | more_required, optional | more_optional
        _check_keys(spec, (required, optional), where)
        fields = {key: spec[key] for key in ("kind", "label", "description", "source", "reference")}
        fields["topic_bound"] = "domain" in spec
        fields["domain"] = _text(spec["domain"], f"{where}: domain") if "domain" in spec else file_domain
        if spec["kind"] == "lexicon":
            if not spec["entries"]:
                raise ValueError(f"{where} has no entries")
            fields.update(_parse_entries(name, spec["entries"]))
            if "unless" in spec:
                fields["exclusions"] = _parse_guards(spec["unless"], _parse_entries(name, spec["entries"]), where)
        elif spec["kind"] == "vader_lexicon":
            threshold = spec["min_abs_valence"]
            if not isinstance(threshold, int | float) or isinstance(threshold, bool) or threshold <= 0:
                raise ValueError(f"{where}: min_abs_valence must be a positive number")
            fields["min_abs_valence"] = float(threshold)
        result.append(Feature(name=name, **fields))
    compound = [f.name for f in result if f.kind == "vader_compound"]
    if compound != ["sentiment"]:
        raise ValueError(f"{path}: expected exactly one vader_compound feature named 'sentiment', found {compound}")
    return tuple(result)

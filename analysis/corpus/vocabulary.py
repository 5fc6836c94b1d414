"""The settings a corpus folder may hold, and how a near miss is named.

Every column of ``manifest.csv`` and ``speakers.csv``, every value of the
manifest's ``genre`` and the speakers' ``kind``, and every key and action of
``cleaning.yaml`` is listed, with its meaning, in
``analysis/data/corpus_vocabulary.yaml``; :func:`vocabulary` reads it. The
readers of the corpus refuse anything else, so that no misspelt setting is
silently ignored.

Names and values
----------------
Column names and YAML keys must be written exactly as listed (``Documents`` is
not ``documents``). Values of the closed fields (genre, kind, cleaning action)
are compared without regard to case, since ``Speech`` can only mean
``speech``; the value kept is the listed, lower-case one.

The typo rule
-------------
A name is one typo away from a known one when their optimal-string-alignment
distance (Damerau-Levenshtein distance in which no substring is edited twice:
insertions, deletions, substitutions and swaps of two adjacent characters),
compared in lower case, is at most 1, or at most 2 when the known name has 6
or more characters. One such edit accounts for over 80% of misspellings
(Damerau 1964); a longer name leaves room for two, and no two names of one
list are that close to each other (a test checks), so a suggestion is never
a toss-up. A name within that distance of a known one is taken for a typo
of it and refused with a suggestion (``outlett``: did you mean ``outlet``?),
even in the manifest, where unknown columns are otherwise the user's own
metadata.

References
----------
Damerau, F. J. (1964). A technique for computer detection and correction of
spelling errors. Communications of the ACM 7(3), 171-176.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from ..paths import read_data_yaml

VOCABULARY_FILE = "corpus_vocabulary.yaml"
# Names of this many characters or more may be two edits from what was meant.
LONG_NAME = 6


@dataclass(frozen=True)
class Vocabulary:
    """The allowed settings of a corpus folder, each name with its meaning."""

    manifest_required: dict[str, str]
    manifest_optional: dict[str, str]
    genres: dict[str, str]
    delivered_genres: tuple[str, ...]  # genres whose unquoted text is the author speaking
    speakers_required: dict[str, str]
    speakers_optional: dict[str, str]
    kinds: dict[str, str]
    default_kind: str
    cleaning_top_level: dict[str, str]
    rule_keys: dict[str, str]
    actions: dict[str, str]
    action_keys: dict[str, tuple[str, ...]]  # the keys, beyond id, action and reason, each action needs


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabulary of ``analysis/data/corpus_vocabulary.yaml``, read once."""
    data = read_data_yaml(VOCABULARY_FILE)
    genres = data["genres"]
    actions = data["cleaning"]["actions"]
    return Vocabulary(
        manifest_required=dict(data["manifest"]["required_columns"]),
        manifest_optional=dict(data["manifest"]["optional_columns"]),
        genres={name: spec["meaning"] for name, spec in genres.items()},
        delivered_genres=tuple(name for name, spec in genres.items() if spec["delivered_by_author"]),
        speakers_required=dict(data["speakers"]["required_columns"]),
        speakers_optional=dict(data["speakers"]["optional_columns"]),
        kinds=dict(data["speakers"]["kinds"]),
        default_kind=data["speakers"]["default_kind"],
        cleaning_top_level=dict(data["cleaning"]["top_level_keys"]),
        rule_keys=dict(data["cleaning"]["rule_keys"]),
        actions={name: spec["meaning"] for name, spec in actions.items()},
        action_keys={name: tuple(spec["keys"]) for name, spec in actions.items()},
    )


def typo_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance between ``a`` and ``b``, in lower case.

    Insertions, deletions, substitutions and transpositions of two adjacent
    characters each count one (Damerau 1964); no substring is edited twice.

    Examples
    --------
    >>> typo_distance("valid_form", "valid_from")
    1
    >>> typo_distance("Documents", "documents")
    0
    """
    a, b = a.lower(), b.lower()
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def near(name: str, known: Iterable[str]) -> str | None:
    """The known name ``name`` is one typo away from (see the module's typo rule), if any.

    The closest wins; among equally close names, the first in sort order. A
    name that is itself known is not a typo.

    Examples
    --------
    >>> near("outlett", ["outlet", "notes"])
    'outlet'
    >>> near("party", ["outlet", "notes"]) is None
    True
    """
    best: tuple[int, str] | None = None
    for candidate in known:
        if candidate == name:
            return None
        allowed = 2 if len(candidate) >= LONG_NAME else 1
        if abs(len(candidate) - len(name)) > allowed:
            continue
        distance = typo_distance(name, candidate)
        if distance <= allowed and (best is None or (distance, candidate) < best):
            best = (distance, candidate)
    return best[1] if best else None


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """``" (did you mean `x`?)"`` for the known name ``name`` is a typo of, else ``""``."""
    suggestion = near(name, known)
    return f" (did you mean `{suggestion}`?)" if suggestion is not None else ""


def canonical(value: str, allowed: Iterable[str]) -> str | None:
    """The allowed value that ``value`` is, compared without regard to case; ``None`` if none.

    Examples
    --------
    >>> canonical("Speech", ["speech", "news"])
    'speech'
    """
    folded = value.strip().casefold()
    for name in allowed:
        if name.casefold() == folded:
            return name
    return None


def unknown(what: str, name: str, allowed: Iterable[str]) -> str:
    """The message for a name or value outside a closed list, with a suggestion if one is near.

    Examples
    --------
    >>> unknown("genre", "speach", ["speech", "news"])
    'unknown genre `speach` (did you mean `speech`?; one of speech, news)'
    """
    allowed = list(allowed)
    suggestion = near(name, allowed)
    hint = f"did you mean `{suggestion}`?; " if suggestion is not None else ""
    return f"unknown {what} `{name}` ({hint}one of {', '.join(allowed)})"

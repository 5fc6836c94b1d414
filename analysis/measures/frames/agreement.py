"""Entman's four framing functions: how far the cue rules agree with a reader.

Entman (1993, p. 52): frames "define problems", "diagnose causes", "make moral
judgments" and "suggest remedies". ``analysis/data/entman_cues.yaml`` gives each
function cue words, and :func:`analysis.measures.frames.entman_table` shows, per document
and function, the two sentences with the most distinct cues. That table picks
examples; it does not say how often the rule is right. This module measures it.

Coding
------
:func:`entman_cue_codes` applies the same rule as ``entman_table`` to *every*
sentence: a sentence carries a function when it matches one of the function's
cues and one of the topic terms, matched by :func:`analysis.measures.frames.code_sentences`
(so the two share one definition of a match). :func:`read_entman_hand_coded`
reads a reader's codes of the same sentences (for the seeds,
``tests/fixtures/entman_hand_coded.csv``, whose companion ``.md`` gives the coding
rules).

Agreement
---------
:func:`entman_agreement` compares the two codings function by function over
every sentence, from the 2x2 table of hand (0/1) by cues (0/1): ``both``,
``hand_only``, ``cues_only``, ``neither``. With ``n`` sentences,

- precision = both / (both + cues_only), recall = both / (both + hand_only);
- observed agreement p_o = (both + neither) / n;
- chance agreement p_c = (hand / n)(cues / n) + (1 - hand / n)(1 - cues / n),
  from each coding's own marginal shares (Cohen 1960, p. 39);
- Cohen's kappa = (p_o - p_c) / (1 - p_c) (Cohen 1960, eq. 1): 1 for perfect
  agreement, 0 for what two independent codings with these shares would reach by
  chance, negative below chance.

Kappa is undefined (``nan``) when p_c = 1 (both codings give every sentence the
same code); precision and recall are ``nan`` when their denominator is 0. One
reader's codes are a reference, not the truth: the agreement is with that reader.

References
----------
Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational
and Psychological Measurement*, 20(1), 37-46. [cohen1960]

Entman, R. M. (1993). Framing: Toward clarification of a fractured paradigm.
*Journal of Communication*, 43(4), 51-58. [entman1993]
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import numpy as np
import pandas as pd

from .coding import code_sentences
from .dictionary import ENTMAN_FUNCTIONS, Frame, Scheme
from .entman import read_entman_cues

__all__ = [
    "AGREEMENT_COLUMNS",
    "ENTMAN_HAND_CODED",
    "cohen_kappa",
    "entman_agreement",
    "entman_cue_codes",
    "read_entman_hand_coded",
]

#: The seed sentences coded by hand for Entman's functions (relative to the
#: repository root); its header and companion ``.md`` say how and when.
ENTMAN_HAND_CODED = "tests/fixtures/entman_hand_coded.csv"
#: The columns of :func:`entman_agreement`, in order.
AGREEMENT_COLUMNS = [
    "function", "sentences", "hand", "cues", "both", "hand_only", "cues_only", "neither",
    "precision", "recall", "observed_agreement", "chance_agreement", "kappa",
]
_KEYS = ["doc_id", "sentence_id"]
_TOPIC = "topic"


def entman_cue_codes(sentences: pd.DataFrame) -> pd.DataFrame:
    """Code every sentence with Entman's four functions by the cue rules.

    The rule of :func:`analysis.measures.frames.entman_table`, applied to every sentence
    rather than used to pick two examples: a sentence carries a function when it
    matches one of the function's cues *and* one of the topic terms of
    ``analysis/data/entman_cues.yaml``.

    Parameters
    ----------
    sentences : pandas.DataFrame
        One row per sentence (:func:`analysis.sentences.sentence_table`).

    Returns
    -------
    pandas.DataFrame
        One row per sentence, in the given order: ``doc_id, sentence_id,
        speaker, kind, text`` and one 0/1 column per function of
        :data:`analysis.measures.frames.ENTMAN_FUNCTIONS`.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": "d", "segment_id": 1, "sentence_id": [1, 2], "speaker": "S",
    ...     "kind": "speech", "text": ["We must tackle extremism.", "We must tackle congestion."]})
    >>> entman_cue_codes(table)["treatment_recommendation"].tolist()
    [1, 0]
    """
    cues = read_entman_cues()
    topic = Frame(_TOPIC, _TOPIC, "-", "-", "-", cues.topic)
    scheme = Scheme("entman", "Entman", "-", "entman1993", (*cues.functions, topic), cues.path, "final")
    coded = code_sentences(sentences, [scheme])
    on_topic = coded[f"has_entman_{_TOPIC}"].to_numpy() == 1
    result = sentences[[*_KEYS, "speaker", "kind", "text"]].reset_index(drop=True).copy()
    for function in ENTMAN_FUNCTIONS:
        result[function] = ((coded[f"has_entman_{function}"].to_numpy() == 1) & on_topic).astype(np.int64)
    return result


def read_entman_hand_coded(path: str | Path | None = None) -> pd.DataFrame:
    """Read hand codes of Entman's functions: ``#`` header lines, then a CSV.

    Parameters
    ----------
    path : str or Path, optional
        Default: the seed corpus's codes, :data:`ENTMAN_HAND_CODED` in the repository.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, sentence_id, text``, one 0/1 integer column per function of
        :data:`analysis.measures.frames.ENTMAN_FUNCTIONS`, and any further columns of the
        file (``speaker, kind, note`` in the seed fixture) as text. Only leading
        lines starting with ``#`` are the header, so a ``#`` inside a sentence
        (a URL's anchor) is text.

    Raises
    ------
    ValueError
        Naming the file, and the line where there is one: a required column
        missing, a sentence id that is not a whole number, a code other than 0
        or 1, or a sentence coded twice.
    """
    if path is None:
        from ...paths import repo_root

        path = repo_root() / ENTMAN_HAND_CODED
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    table = pd.read_csv(StringIO("".join(lines[header:])), dtype=str, keep_default_na=False)
    missing = [c for c in (*_KEYS, "text", *ENTMAN_FUNCTIONS) if c not in table.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")

    def line(row: int) -> int:  # the file's line number of a data row (1-based, after the column names)
        return header + 2 + row

    for column in ("sentence_id", *ENTMAN_FUNCTIONS):
        allowed = table[column].str.fullmatch(r"[01]" if column != "sentence_id" else r"\d+")
        if not allowed.all():
            row = int(np.flatnonzero(~allowed.to_numpy())[0])
            wanted = "0 or 1" if column != "sentence_id" else "a whole number"
            raise ValueError(f"{path}, line {line(row)}: {column} is {table[column].iloc[row]!r}, not {wanted}")
        table[column] = table[column].astype(np.int64)
    twice = table.duplicated(_KEYS)
    if twice.any():
        row = int(np.flatnonzero(twice.to_numpy())[0])
        raise ValueError(f"{path}, line {line(row)}: sentence {table['doc_id'].iloc[row]}:"
                         f"{table['sentence_id'].iloc[row]} is coded twice")
    return table


def cohen_kappa(both: int, hand_only: int, cues_only: int, neither: int) -> float:
    """Cohen's (1960) kappa of two 0/1 codings from their 2x2 table.

    Parameters
    ----------
    both, hand_only, cues_only, neither : int
        Sentences coded 1 by both codings, by the first only, by the second
        only, and by neither.

    Returns
    -------
    float
        (p_o - p_c) / (1 - p_c) (Cohen 1960, eq. 1), with p_o the observed and
        p_c the chance agreement from the two codings' marginal shares; ``nan``
        when p_c = 1 (every sentence given the same code by both) or there are
        no sentences.

    Examples
    --------
    >>> cohen_kappa(3, 1, 2, 4)  # p_o = 0.7, p_c = 0.4 * 0.5 + 0.6 * 0.5 = 0.5
    0.4
    """
    # The same ratio written in counts, 2(ad - bc) / ((a + c)(c + d) + (a + b)(b + d)),
    # so that it is exact in integers; its denominator is 0 exactly when p_c = 1.
    numerator = 2 * (both * neither - hand_only * cues_only)
    denominator = (both + cues_only) * (cues_only + neither) + (both + hand_only) * (hand_only + neither)
    return numerator / denominator if denominator else float("nan")


def _agreements(both: int, hand_only: int, cues_only: int, neither: int) -> tuple[float, float]:
    n = both + hand_only + cues_only + neither
    if n == 0:
        return float("nan"), float("nan")
    hand, cues = (both + hand_only) / n, (both + cues_only) / n
    return (both + neither) / n, hand * cues + (1 - hand) * (1 - cues)


def entman_agreement(cue_table: pd.DataFrame, hand: pd.DataFrame) -> pd.DataFrame:
    """Agreement of the cue rules with hand codes, per Entman function, over every sentence.

    Parameters
    ----------
    cue_table : pandas.DataFrame
        From :func:`entman_cue_codes`: ``doc_id, sentence_id`` and a 0/1 column
        per function of :data:`analysis.measures.frames.ENTMAN_FUNCTIONS`.
    hand : pandas.DataFrame
        From :func:`read_entman_hand_coded`, the same columns. Both tables must
        hold the same sentences; where both have ``text`` it must be equal, so
        that codes made for one sentence splitting are never scored against
        another.

    Returns
    -------
    pandas.DataFrame
        One row per function, in Entman's order, with :data:`AGREEMENT_COLUMNS`:
        ``sentences`` (compared), ``hand`` (coded 1 by hand), ``cues`` (by the
        cue rules), the 2x2 table ``both, hand_only, cues_only, neither``,
        ``precision`` (both / cues), ``recall`` (both / hand),
        ``observed_agreement``, ``chance_agreement`` and Cohen's ``kappa``
        (see the module docstring); ``nan`` where undefined.

    Raises
    ------
    ValueError
        If a table lacks a column, codes a sentence twice or with a value other
        than 0 or 1, a sentence is in one table only, or its text differs.
    """
    for name, table in (("cue table", cue_table), ("hand codes", hand)):
        missing = [c for c in (*_KEYS, *ENTMAN_FUNCTIONS) if c not in table.columns]
        if missing:
            raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")
        twice = table[table.duplicated(_KEYS)]
        if len(twice):
            raise ValueError(f"{name}: sentence {twice['doc_id'].iloc[0]}:{twice['sentence_id'].iloc[0]} "
                             "appears twice")
        for function in ENTMAN_FUNCTIONS:
            if not table[function].isin([0, 1]).all():
                raise ValueError(f"{name}: {function} holds a value other than 0 or 1")
    text = ["text"] if "text" in cue_table.columns and "text" in hand.columns else []
    merged = hand[[*_KEYS, *text, *ENTMAN_FUNCTIONS]].merge(
        cue_table[[*_KEYS, *text, *ENTMAN_FUNCTIONS]], on=_KEYS, how="outer", suffixes=("_hand", "_cues"),
        indicator=True,
    ).sort_values(_KEYS, kind="stable")
    for side, name in (("left_only", "the cue table"), ("right_only", "the hand codes")):
        absent = merged[merged["_merge"] == side]
        if len(absent):
            raise ValueError(f"sentence {absent['doc_id'].iloc[0]}:{absent['sentence_id'].iloc[0]} "
                             f"is not in {name}")
    if text:
        differ = merged[merged["text_hand"] != merged["text_cues"]]
        if len(differ):
            first = differ.iloc[0]
            raise ValueError(f"sentence {first['doc_id']}:{first['sentence_id']} reads {first['text_hand']!r} in "
                             f"the hand codes but {first['text_cues']!r} in the cue table: the codes belong to "
                             "another sentence splitting")
    rows = []
    for function in ENTMAN_FUNCTIONS:
        by_hand = merged[f"{function}_hand"].to_numpy() == 1
        by_cues = merged[f"{function}_cues"].to_numpy() == 1
        cells = [int(np.sum(a & b)) for a, b in
                 ((by_hand, by_cues), (by_hand, ~by_cues), (~by_hand, by_cues), (~by_hand, ~by_cues))]
        both, hand_only, cues_only, neither = cells
        observed, chance = _agreements(*cells)
        rows.append({
            "function": function, "sentences": len(merged), "hand": both + hand_only, "cues": both + cues_only,
            "both": both, "hand_only": hand_only, "cues_only": cues_only, "neither": neither,
            "precision": both / (both + cues_only) if both + cues_only else float("nan"),
            "recall": both / (both + hand_only) if both + hand_only else float("nan"),
            "observed_agreement": observed, "chance_agreement": chance, "kappa": cohen_kappa(*cells),
        })
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)

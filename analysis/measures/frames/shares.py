"""Frame shares of units, with sentence-bootstrap intervals, and CONTEST's hard/soft emphasis.

The frames family of the measure contract (:data:`FAMILY`,
:class:`analysis.measures.family.Family`).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ...stats.bootstrap import (
    CAUTION_MIN_SENTENCES,
    DEFAULT_CI,
    DEFAULT_N_BOOT,
    SINGLE_SENTENCE_NOTE,
    UNIT_TYPES,
    UnitIntervals,
    bootstrap_units,
)
from ..family import Family, UnitSentences, unit_tables
from .dictionary import FRAMES_COLUMNS, HARD, SOFT, Scheme, frame_columns, read_scheme, schemes


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
    # As the export computes them (analysis.measures.family.unit_tables).
    scheme_list = tuple(scheme_list) if scheme_list is not None else None
    parts = [unit_tables({"coded": coded}, unit_type, [FAMILY], n_boot, random_state, scheme_list=scheme_list,
                         ci=ci)["frames"] for unit_type in UNIT_TYPES]
    return frames_table_from_units(parts)


def as_unit_table(shares: pd.DataFrame, unit_type: str) -> pd.DataFrame:
    """Rows of :func:`frame_shares` (or :func:`unit_rows`) by one unit type as rows of :func:`frames_table`."""
    return shares.rename(columns={UNIT_TYPES[unit_type]: "unit"}).assign(unit_type=unit_type)[FRAMES_COLUMNS]


def frames_table_from_units(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Join unit tables (:data:`FAMILY`'s rows) into the ``frames.csv`` order: unit type, unit, scheme order."""
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


def _family_values(sentences: UnitSentences) -> np.ndarray:
    return sentence_values(sentences.tables["coded"], sentences.rows, sentences.scheme_list)


def _family_rows(intervals: UnitIntervals, sentences: UnitSentences) -> pd.DataFrame:
    rows = unit_rows(intervals, sentences.tables["coded"], [sentences.column], sentences.scheme_list)
    return as_unit_table(rows, sentences.unit_type)


#: The frames family of the measure contract (:class:`analysis.measures.family.Family`): 1 and each
#: frame carried per sentence, :func:`statistic` (shares), the rows of ``frames.csv``.
FAMILY = Family("frames", "coded", _family_values, statistic, _family_rows)

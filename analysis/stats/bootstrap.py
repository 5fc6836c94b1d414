"""The sentence bootstrap shared by every measure with an interval.

Benoit, Munger & Spirling (2019) measure the uncertainty of a text statistic
by resampling the text's sentences with replacement and recomputing the
statistic. Every measure in this package that has an interval is a function of
*sums of per-sentence values* (counts of words, syllables, feature hits,
sentences carrying a frame), so a replicate is one weighted sum: the weights
are how often each sentence was drawn, and ``n_boot`` replicates are one matrix
product. No formula is re-run on text.

Units. A speaker is a unit, a document is a unit, and so is an occasion: a
speaker who speaks in more than one document is also a unit in each of them
(``<speaker> @ <doc_id>``, :func:`occasions`), so a speaker's rows can be
told apart from the occasions they pool. The words of quotations
that no attribution rule could attribute (speaker
:data:`analysis.corpus.segments.UNATTRIBUTED`) are no speaker's. They are left out
of the speaker rows of every measure (:func:`is_unit`, :data:`NOT_A_UNIT`),
and stay in their document's rows: a document's text is a document's text.

Every unit (a speaker, a document) gets its own random stream,
``default_rng([random_state, crc32 of the unit's key])``, so a unit's interval
depends only on ``random_state`` and that unit's sentences: adding a document
does not move another document's interval.

References
----------
Benoit, K., Munger, K., & Spirling, A. (2019). Measuring and explaining
political sophistication through textual complexity. *American Journal of
Political Science*, 63(2), 491-508. [benoit2019]
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from threadpoolctl import ThreadpoolController

from ..corpus.segments import UNATTRIBUTED

#: The units every measure table reports, in output order, and the column of the
#: sentence tables each groups by (``occasion`` is made by :func:`with_unit_column`).
UNIT_TYPES = {"speaker": "speaker", "occasion": "occasion", "document": "doc_id"}
#: Between the speaker and the doc_id in the name of an occasion.
OCCASION_SEPARATOR = " @ "
#: The occasion column of a sentence that is no occasion's: of a speaker of one
#: document, or of no speaker.
NO_OCCASION = ""
#: Values of a unit column that name no unit: the speaker of the quotations no
#: attribution rule could attribute (their sentences belong to no speaker, so to
#: no occasion), and the sentences of no occasion.
NOT_A_UNIT = {"speaker": frozenset({UNATTRIBUTED}), "occasion": frozenset({NO_OCCASION})}

#: Bootstrap replicates per unit unless asked otherwise (the export's and the book's).
DEFAULT_N_BOOT = 1000
#: Coverage of the intervals unless asked otherwise (and of the export's).
DEFAULT_CI = 0.95
#: With fewer sentences the sentence bootstrap has few distinct resamples and
#: its percentile interval is too narrow (it ignores the small-sample factor
#: sqrt((m - 1) / m) and more); a rule of thumb, not a published threshold.
#: Every measure family flags a unit with fewer sentences in its ``caution``.
CAUTION_MIN_SENTENCES = 10
# Draws per block of bootstrap weights. Counting draws scatters writes over the
# block's weight matrix; 2**18 counts (2 MB) stay in cache, which measured
# fastest for units of 10^2 to 10^5 sentences.
BLOCK_DRAWS = 2**18
# Floating-point slack when checking that an interval contains its estimate:
# sums of float values in another order differ in the last bits.
CONTAINMENT_TOLERANCE = 1e-9


def unit_seed(random_state: int, key: Sequence) -> list[int]:
    """The seed of one unit's stream: ``random_state`` and a CRC-32 of the unit's key."""
    label = "\x1f".join(str(part) for part in key)
    return [int(random_state), zlib.crc32(label.encode("utf-8"))]


def resample_sums(matrix: np.ndarray, n_boot: int, rng: np.random.Generator, out: np.ndarray | None = None) -> np.ndarray:
    """Column sums of ``n_boot`` sentence resamples of one unit: ``(n_boot, columns)``.

    Parameters
    ----------
    matrix
        ``(m, columns)``: one row per sentence of the unit.
    n_boot
        Number of replicates.
    rng
        The unit's random generator (see :func:`unit_seed`).
    out
        Optional ``(n_boot, columns)`` array to write into.

    Each replicate draws ``m`` sentences with replacement; the counts of how
    often each was drawn are the weights of one matrix product. Blocks of
    replicates bound the memory of the weight matrix.

    Examples
    --------
    >>> sums = resample_sums(np.array([[1.0], [3.0]]), 4, np.random.default_rng(0))
    >>> sums.shape, bool(np.isin(sums, [2.0, 4.0, 6.0]).all())
    ((4, 1), True)
    """
    m = matrix.shape[0]
    if out is None:
        out = np.empty((n_boot, matrix.shape[1]))
    per_block = max(1, min(n_boot, BLOCK_DRAWS // max(m, 1)))
    for first in range(0, n_boot, per_block):
        rows = min(per_block, n_boot - first)
        # int64 draws: bincount would copy narrower ints to int64 first.
        draws = rng.integers(0, m, size=(rows, m))
        draws += (np.arange(rows) * m)[:, None]
        weights = np.bincount(draws.ravel(), minlength=rows * m).reshape(rows, m)
        # Float weights let the product run in BLAS; counts stay exact.
        out[first : first + rows] = weights.astype(float) @ matrix
    return out


# A unit of one sentence resamples to itself: its percentile interval would
# have zero width and look like certainty. It gets no interval instead.
MIN_INTERVAL_SENTENCES = 2
SINGLE_SENTENCE_NOTE = "no interval: one sentence cannot be resampled"


def without_single_sentence_intervals(low: np.ndarray, high: np.ndarray, sentences: np.ndarray):
    """Blank the intervals of units with fewer than ``MIN_INTERVAL_SENTENCES`` sentences.

    ``low`` and ``high`` are ``(m, units)``; returns them (copied) and a boolean
    mask of the blanked units.
    """
    single = np.asarray(sentences) < MIN_INTERVAL_SENTENCES
    low, high = low.copy(), high.copy()
    low[:, single] = np.nan
    high[:, single] = np.nan
    return low, high, single


def contain(estimates: np.ndarray, low: np.ndarray, high: np.ndarray, undefined: np.ndarray):
    """Make every interval contain its estimate, and say where that changed something.

    Parameters are arrays of one shape: the estimates, the percentile bounds,
    and whether some replicate was undefined. Returns ``(low, high, missed,
    no_interval)``: the bounds, widened to the estimate where the percentile
    interval missed it by more than floating-point slack (``missed``; possible
    for a ratio estimator on a skewed unit), and ``nan`` where the estimate is
    undefined or some replicate was (``no_interval`` marks the latter with a
    defined estimate).
    """
    finite = np.isfinite(estimates)
    usable = finite & ~undefined
    slack = CONTAINMENT_TOLERANCE * np.maximum(1.0, np.abs(np.where(finite, estimates, 0.0)))
    with np.errstate(invalid="ignore"):
        missed = usable & ((estimates < low - slack) | (estimates > high + slack))
        low = np.where(usable, np.minimum(low, estimates), np.nan)
        high = np.where(usable, np.maximum(high, estimates), np.nan)
    return low, high, missed, finite & undefined


def percentile_interval(replicates: np.ndarray, ci: float = DEFAULT_CI) -> tuple[np.ndarray, np.ndarray]:
    """The percentile interval of ``replicates`` over their last axis.

    The same numbers as ``numpy.quantile(replicates, [(1 - ci) / 2, (1 + ci) / 2],
    axis=-1)`` (numpy's default method, type 7 of Hyndman & Fan 1996: linear
    interpolation between order statistics, with numpy's own interpolation
    arithmetic), computed by one sort of the last axis. Sorting thousands of
    short rows is about three times faster than numpy's partition-based
    quantile, and the export computes intervals for every unit, statistic and
    replicate set. A row holding ``nan`` gets bounds from its other values
    here (numpy gives ``nan``); callers treat such rows as undefined anyway
    (see :func:`contain`).

    Examples
    --------
    >>> low, high = percentile_interval(np.arange(101.0), 0.5)
    >>> float(low), float(high)
    (25.0, 75.0)
    """
    replicates = np.asarray(replicates, dtype=float)
    n = replicates.shape[-1]
    ordered = np.sort(replicates, axis=-1)
    bounds = []
    for q in ((1.0 - ci) / 2.0, 1.0 - (1.0 - ci) / 2.0):
        index = (n - 1) * q
        below = int(np.floor(index))
        gamma = index - below
        above = min(below + 1, n - 1)
        a, b = ordered[..., below], ordered[..., above]
        difference = b - a
        # numpy's _lerp: interpolate from the nearer order statistic.
        bounds.append(b - difference * (1.0 - gamma) if gamma >= 0.5 else a + difference * gamma)
    return bounds[0], bounds[1]


@dataclass
class UnitIntervals:
    """Estimates and intervals of ``m`` statistics for each unit.

    ``keys`` has one row per unit (the ``by`` columns, sorted); ``estimate``,
    ``low``, ``high``, ``missed`` and ``no_interval`` are ``(m, units)``;
    ``sums`` holds each unit's column sums ``(units, columns)``,
    ``sentences`` its number of sentences, and ``single`` marks the units of
    one sentence, which get no interval (``nan``; see ``SINGLE_SENTENCE_NOTE``).
    """

    keys: pd.DataFrame
    sums: np.ndarray
    sentences: np.ndarray
    estimate: np.ndarray
    low: np.ndarray
    high: np.ndarray
    missed: np.ndarray
    no_interval: np.ndarray
    single: np.ndarray


#: Statistic values held at once while scoring replicates (units x n_boot x
#: columns), which bounds the memory of a batch of units (8 bytes each).
BATCH_VALUES = 2**22

#: The reading order of sentences within a unit: the order in which a unit's
#: rows are laid out for resampling (and for scanning its words, as MATTR does).
READING_ORDER = ("doc_id", "segment_id", "sentence_id")


def sentence_order(table: pd.DataFrame, by: Sequence[str]) -> np.ndarray:
    """Row positions of ``table`` sorted by unit (``by``), then in reading order.

    The reading-order columns are used where ``table`` has them; the sort is
    stable, so rows otherwise keep their given order. Laying out every
    measure's rows in this one order is what lets measures share draws
    (:func:`bootstrap_groups`) and makes a unit's interval independent of the
    order of the input rows.
    """
    keys = [*by, *(c for c in READING_ORDER if c in table.columns and c not in by)]
    return table.reset_index(drop=True).sort_values(keys, kind="stable").index.to_numpy()


def is_unit(table: pd.DataFrame, column: str) -> np.ndarray:
    """Whether each row of ``table`` belongs to a unit of ``column``: not to a value of :data:`NOT_A_UNIT`.

    Examples
    --------
    >>> is_unit(pd.DataFrame({"speaker": ["Sadiq Khan", "(unattributed)"], "doc_id": "d"}), "speaker").tolist()
    [True, False]
    >>> is_unit(pd.DataFrame({"speaker": ["Sadiq Khan", "(unattributed)"], "doc_id": "d"}), "doc_id").tolist()
    [True, True]
    """
    excluded = NOT_A_UNIT.get(column)
    if not excluded:
        return np.ones(len(table), dtype=bool)
    return ~table[column].isin(excluded).to_numpy()


def occasions(table: pd.DataFrame) -> pd.Series:
    """The occasion of each sentence of ``table``: ``<speaker> @ <doc_id>`` for a speaker with sentences in
    more than one document of ``table``, else :data:`NO_OCCASION`.

    A speaker of one document would get an occasion identical to the speaker's
    own row, so only speakers of several documents get occasions; unattributed
    quotations are no speaker's (:func:`is_unit`), so no occasion's. Whether a
    speaker spoke in several documents is decided on ``table``: give it all of
    a speaker's sentences.

    Examples
    --------
    >>> table = pd.DataFrame({"speaker": ["Sadiq Khan", "Sadiq Khan", "Mark Rowley", "(unattributed)"],
    ...                       "doc_id": ["a", "b", "a", "b"]})
    >>> occasions(table).tolist()
    ['Sadiq Khan @ a', 'Sadiq Khan @ b', '', '']
    """
    speaker, doc_id = table["speaker"].astype(str), table["doc_id"].astype(str)
    spoken = is_unit(table, UNIT_TYPES["speaker"])
    documents = doc_id[spoken].groupby(speaker[spoken]).nunique()
    several = spoken & (speaker.map(documents).fillna(0).to_numpy() > 1)
    names = (speaker + OCCASION_SEPARATOR + doc_id).where(several, NO_OCCASION)
    return names.rename(UNIT_TYPES["occasion"])


def with_unit_column(table: pd.DataFrame, unit_type: str) -> pd.DataFrame:
    """``table`` with the column its units of ``unit_type`` are grouped by (:data:`UNIT_TYPES`).

    The speaker and doc_id columns are the sentence tables' own; the occasion
    column is made of them (:func:`occasions`) where ``table`` lacks it.
    """
    column = UNIT_TYPES[unit_type]
    if unit_type != "occasion" or column in table.columns:
        return table
    missing = [c for c in ("speaker", "doc_id") if c not in table.columns]
    if missing:
        raise ValueError(f"the sentence table lacks column(s) {missing}, which make its occasions")
    return table.assign(**{column: occasions(table).to_numpy()})


def unit_sentences(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """The rows of ``table`` that belong to a unit of ``column`` (:func:`is_unit`): ``table`` itself if all do."""
    keep = is_unit(table, column)
    return table if keep.all() else table[keep]


def unit_groups(table: pd.DataFrame, column: str, jobs: int) -> list[np.ndarray]:
    """Row positions of ``table`` split into up to ``jobs`` groups of whole units, balanced by ``words``.

    Rows of no unit (:func:`is_unit`) are in no group. Every unit has its own
    stream, so groups can be bootstrapped in separate processes and give the
    same numbers as one process.
    """
    keep = is_unit(table, column)
    if jobs <= 1 or not keep.any():
        return [np.flatnonzero(keep)]
    sizes = table[keep].groupby(column, sort=True)["words"].sum().sort_values(ascending=False, kind="stable")
    loads = [0] * jobs
    members: list[list] = [[] for _ in range(jobs)]
    for unit, size in sizes.items():  # largest first, each to the lightest group
        lightest = loads.index(min(loads))
        members[lightest].append(unit)
        loads[lightest] += int(size)
    values = table[column].to_numpy()
    return [np.flatnonzero(keep & np.isin(values, m)) for m in members if m]


def unit_bounds(keys: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """First and one-past-last row of each run of equal ``keys`` rows (a unit, when rows are grouped)."""
    n = len(keys)
    if n:
        values = keys.to_numpy()
        changes = (values[1:] != values[:-1]).any(axis=1)
        first = np.flatnonzero(np.concatenate([[True], changes]))
    else:
        first = np.array([], dtype=np.int64)
    return first, np.append(first[1:], n).astype(np.int64)


@functools.cache
def _threadpools() -> ThreadpoolController:
    """The process's thread pools (BLAS, OpenMP), found once: finding them reads
    every loaded library, which cost more than a small unit's bootstrap."""
    return ThreadpoolController()


def _check(n_boot: int, ci: float) -> None:
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise ValueError(f"n_boot must be a positive integer, not {n_boot!r}")
    if not 0 < ci < 1:
        raise ValueError(f"ci must be between 0 and 1, not {ci!r}")


def bootstrap_groups(
    keys: pd.DataFrame,
    families: Sequence[tuple[np.ndarray, Callable[[np.ndarray], np.ndarray]]],
    n_boot: int = DEFAULT_N_BOOT,
    random_state: int = 0,
    ci: float = DEFAULT_CI,
) -> list[UnitIntervals]:
    """Sentence-bootstrap intervals of several families of statistics from one draw per unit.

    Parameters
    ----------
    keys
        One row per sentence: the columns defining units. Each unit's rows must
        be contiguous (sort them with :func:`sentence_order`).
    families
        ``(matrix, statistic)`` pairs: ``matrix`` is ``(sentences, columns)``
        with rows aligned to ``keys``; ``statistic`` maps sums of shape
        ``(..., columns)`` to statistics ``(m, ...)`` and must be vectorised
        (it is called once on the unit sums and once per batch of units on
        all their replicates).
    n_boot, random_state, ci
        Replicates, seed and interval coverage (percentile interval).

    Returns
    -------
    list of UnitIntervals
        One per family, in order.

    Every family is resampled with the same draws: a unit's stream depends only
    on ``random_state`` and the unit's key (:func:`unit_seed`), so drawing once
    and summing every family's columns with those weights gives each family
    exactly the intervals it would get alone, at the cost of one draw instead
    of one per family.
    """
    _check(n_boot, ci)
    n = len(keys)
    for matrix, _ in families:
        if matrix.shape[0] != n:
            raise ValueError(f"a family has {matrix.shape[0]} rows for {n} sentences")
    first, last = unit_bounds(keys)
    unit_keys = keys.iloc[first].reset_index(drop=True)
    if unit_keys.duplicated().any():
        raise ValueError("the rows of a unit must be contiguous: sort them with sentence_order")
    widths = [matrix.shape[1] for matrix, _ in families]
    spans = np.cumsum([0, *widths])
    matrix = np.hstack([np.asarray(m, dtype=float) for m, _ in families]) if families else np.zeros((n, 0))
    n_units = len(first)
    sums = np.add.reduceat(matrix, first, axis=0) if n_units else np.zeros((0, matrix.shape[1]))

    def family_sums(array: np.ndarray, f: int) -> np.ndarray:
        return array[..., spans[f] : spans[f + 1]]

    with np.errstate(divide="ignore", invalid="ignore"):
        estimates = [np.asarray(s(family_sums(sums, f)), dtype=float) for f, (_, s) in enumerate(families)]
    low = [np.empty_like(e) for e in estimates]
    high = [np.empty_like(e) for e in estimates]
    undefined = [np.zeros_like(e, dtype=bool) for e in estimates]
    key_tuples = list(unit_keys.itertuples(index=False, name=None))
    per_batch = max(1, BATCH_VALUES // (n_boot * max(1, matrix.shape[1])))
    # Replicate sums are indexed (unit, replicate, column) but laid out column
    # first, so that each column a statistic reads (sums[..., k]) is one
    # contiguous block: the statistics run about 40% faster than on columns
    # strided through memory. Only the layout differs, not a single value.
    buffer = np.moveaxis(np.empty((matrix.shape[1], min(per_batch, n_units), n_boot)), 0, -1)
    # Many small matrix products: several BLAS threads each pay a hand-off,
    # which doubled the run time on a busy two-core machine.
    with _threadpools().limit(limits=1, user_api="blas"):
        for batch_first in range(0, n_units, per_batch):
            batch = range(batch_first, min(n_units, batch_first + per_batch))
            replicate_sums = buffer[: len(batch)]
            for slot, u in enumerate(batch):
                rng = np.random.default_rng(unit_seed(random_state, key_tuples[u]))
                resample_sums(matrix[first[u] : last[u]], n_boot, rng, replicate_sums[slot])
            for f, (_, statistic) in enumerate(families):
                with np.errstate(divide="ignore", invalid="ignore"):
                    replicates = np.asarray(statistic(family_sums(replicate_sums, f)), dtype=float)
                low[f][:, batch], high[f][:, batch] = percentile_interval(replicates, ci)  # (m, units)
                undefined[f][:, batch] = ~np.isfinite(replicates).all(axis=-1)
    results = []
    for f in range(len(families)):
        lo, hi, missed, no_interval = contain(estimates[f], low[f], high[f], undefined[f])
        lo, hi, single = without_single_sentence_intervals(lo, hi, last - first)
        results.append(
            UnitIntervals(
                unit_keys, family_sums(sums, f), last - first, estimates[f], lo, hi, missed, no_interval, single
            )
        )
    return results


def bootstrap_units(
    values: pd.DataFrame,
    by: str | list[str],
    columns: list[str],
    statistic: Callable[[np.ndarray], np.ndarray],
    n_boot: int = DEFAULT_N_BOOT,
    random_state: int = 0,
    ci: float = DEFAULT_CI,
) -> UnitIntervals:
    """Sentence-bootstrap intervals of statistics of summed per-sentence values.

    Parameters
    ----------
    values
        One row per sentence, with the ``by`` columns and the numeric ``columns``
        (and, if it has them, the :data:`READING_ORDER` columns, which order
        each unit's rows; see :func:`sentence_order`).
    by
        Column(s) defining units (``"speaker"``, ``"doc_id"``, ...).
    columns
        Per-sentence values to sum (e.g. ``words`` and a feature's hits).
    statistic
        Maps sums of shape ``(..., len(columns))`` to statistics of shape
        ``(m, ...)`` (e.g. ``lambda s: np.stack([1000 * s[..., 1] / s[..., 0]])``).
        It must be vectorised (see :func:`bootstrap_groups`).
    n_boot, random_state, ci
        Replicates, seed and interval coverage (percentile interval).

    Returns
    -------
    UnitIntervals
    """
    _check(n_boot, ci)
    by = [by] if isinstance(by, str) else list(by)
    ordered = values.reset_index(drop=True).take(sentence_order(values, by))
    matrix = ordered[columns].to_numpy(dtype=float)
    return bootstrap_groups(ordered[by].reset_index(drop=True), [(matrix, statistic)], n_boot, random_state, ci)[0]

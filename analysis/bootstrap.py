"""The sentence bootstrap shared by every measure with an interval.

Benoit, Munger & Spirling (2019) measure the uncertainty of a text statistic
by resampling the text's sentences with replacement and recomputing the
statistic. Every measure in this package that has an interval is a function of
*sums of per-sentence values* (counts of words, syllables, feature hits,
sentences carrying a frame), so a replicate is one weighted sum: the weights
are how often each sentence was drawn, and ``n_boot`` replicates are one matrix
product. No formula is re-run on text.

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

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

#: The units every measure table reports, in output order, and the column of the
#: sentence tables each groups by.
UNIT_TYPES = {"speaker": "speaker", "document": "doc_id"}

DEFAULT_N_BOOT = 1000
DEFAULT_CI = 0.95
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
        One row per sentence, with the ``by`` columns and the numeric ``columns``.
    by
        Column(s) defining units (``"speaker"``, ``"doc_id"``, ...).
    columns
        Per-sentence values to sum (e.g. ``words`` and a feature's hits).
    statistic
        Maps sums of shape ``(..., len(columns))`` to statistics of shape
        ``(m, ...)`` (e.g. ``lambda s: np.stack([1000 * s[..., 1] / s[..., 0]])``).
        It must be vectorised: it is called once on the unit sums and once per
        unit on all replicates.
    n_boot, random_state, ci
        Replicates, seed and interval coverage (percentile interval).

    Returns
    -------
    UnitIntervals
    """
    if n_boot < 1:
        raise ValueError(f"n_boot must be at least 1, not {n_boot}")
    if not 0 < ci < 1:
        raise ValueError(f"ci must be between 0 and 1, not {ci}")
    by = [by] if isinstance(by, str) else list(by)
    ordered = values.sort_values(by, kind="stable").reset_index(drop=True)
    matrix = ordered[columns].to_numpy(dtype=float)
    n = len(ordered)
    if n:
        keys_all = ordered[by]
        changes = (keys_all.iloc[1:].to_numpy() != keys_all.iloc[:-1].to_numpy()).any(axis=1)
        first = np.flatnonzero(np.concatenate([[True], changes]))
    else:
        first = np.array([], dtype=np.int64)
    last = np.append(first[1:], n).astype(np.int64)
    keys = ordered[by].iloc[first].reset_index(drop=True)
    sums = np.add.reduceat(matrix, first, axis=0) if len(first) else np.zeros((0, len(columns)))
    with np.errstate(divide="ignore", invalid="ignore"):
        estimate = np.asarray(statistic(sums), dtype=float)
    low = np.empty_like(estimate)
    high = np.empty_like(estimate)
    undefined = np.zeros_like(estimate, dtype=bool)
    quantiles = [(1.0 - ci) / 2.0, 1.0 - (1.0 - ci) / 2.0]
    replicate_sums = np.empty((n_boot, len(columns)))
    key_tuples = list(keys.itertuples(index=False, name=None))
    # Many small matrix products: several BLAS threads each pay a hand-off.
    with threadpool_limits(limits=1, user_api="blas"):
        for u, (start, stop) in enumerate(zip(first, last, strict=True)):
            rng = np.random.default_rng(unit_seed(random_state, key_tuples[u]))
            resample_sums(matrix[start:stop], n_boot, rng, replicate_sums)
            with np.errstate(divide="ignore", invalid="ignore"):
                replicates = np.asarray(statistic(replicate_sums), dtype=float)  # (m, n_boot)
            low[:, u], high[:, u] = np.quantile(replicates, quantiles, axis=-1)
            undefined[:, u] = ~np.isfinite(replicates).all(axis=-1)
    low, high, missed, no_interval = contain(estimate, low, high, undefined)
    low, high, single = without_single_sentence_intervals(low, high, last - first)
    return UnitIntervals(keys, sums, (last - first), estimate, low, high, missed, no_interval, single)

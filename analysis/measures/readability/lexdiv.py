"""Lexical diversity: MATTR (Covington & McFall 2010) and MTLD (McCarthy & Jarvis 2010), of one unit or,
as per-word credits that sum over sentences, of many units at once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .formulas import _ratio


# --- Lexical diversity -------------------------------------------------------
#: MATTR window in words. Covington & McFall (2010) leave the window to the
#: user; quanteda and koRpus default to 100, but many of this corpus's units
#: (a speaker's quotes in one article) have under 100 words, and a window of
#: 50 keeps MATTR defined for them. Scores with different windows are not
#: comparable.
MATTR_WINDOW = 50
#: MTLD factor size: a factor ends when the running type-token ratio falls to
#: this value (McCarthy & Jarvis 2010, p. 385).
MTLD_THRESHOLD = 0.72


# --- Lexical diversity ---------------------------------------------------------


def _encode(tokens) -> np.ndarray:
    """Integer codes for a sequence of word types (ints are kept as they are)."""
    array = np.asarray(tokens)
    if array.dtype.kind in "iu":
        return array.astype(np.int64, copy=False)
    codes, _ = pd.factorize(pd.Series(list(tokens), dtype=object), sort=False)
    return codes.astype(np.int64, copy=False)


def _neighbours(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Position of the previous and of the next occurrence of each token's type (-1 if none).

    Computed over the whole array, across unit boundaries: the scans below
    only ask whether an occurrence lies *before the start* of the current
    window or factor, and an occurrence in an earlier unit always does.
    """
    n = len(ids)
    # numpy sorts 16-bit keys stably by radix sort, five times faster than
    # the merge sort it uses for wider ones.
    keys = ids.astype(np.uint16) if n and 0 <= ids.min() and ids.max() <= np.iinfo(np.uint16).max else ids
    order = np.argsort(keys, kind="stable")
    same = ids[order][1:] == ids[order][:-1]
    previous = np.full(n, -1, dtype=np.int64)
    following = np.full(n, -1, dtype=np.int64)
    previous[order[1:][same]] = order[:-1][same]
    following[order[:-1][same]] = order[1:][same]
    return previous, following


def _mattr_credits(previous: np.ndarray, unit_start: np.ndarray, unit_stop: np.ndarray, window: int):
    """Each token's share of the window TTRs and of the window count (see the module docstring).

    ``previous`` is :func:`_neighbours`' first array; ``unit_start`` and
    ``unit_stop`` give, for each token, the bounds of its unit, and windows
    never cross them. Summed over a unit, ``ttr_share / window_share`` is its
    MATTR (both sums are 0 for a unit shorter than ``window``).

    The number of types in window ``[s, s + window)`` is the number of its
    tokens whose type did not occur earlier in the window, i.e. whose previous
    occurrence is before ``s``; each token is such a first occurrence for the
    window starts in ``(previous, position]``, so a difference array over
    window starts gives every window's type count in linear time.
    """
    n = len(previous)
    position = np.arange(n)
    last_start = np.minimum(position, unit_stop - window)  # last window (start) covering the token
    first_window = np.maximum(position - window + 1, unit_start)  # first window covering the token
    first_as_new = np.maximum(previous + 1, first_window)  # first window where the token's type is new
    counted = first_as_new <= last_start
    change = np.bincount(first_as_new[counted], minlength=n + 1)[: n + 1] - np.bincount(
        last_start[counted] + 1, minlength=n + 1
    )[: n + 1]
    # Window starts are token positions. A start whose window does not fit in
    # its unit is covered by no token's interval, so its count is 0.
    types = np.cumsum(change)[:n]  # each window start's type count (integers)
    # Running totals in integers, not floats, so a token's share does not
    # depend on the units before it (batches give the same bits as one run).
    cumulative = np.concatenate([[0], np.cumsum(types)])
    covering = np.maximum(last_start - first_window + 1, 0)  # windows covering the token
    ttr_share = (cumulative[first_window + covering] - cumulative[first_window]) / (window * window)
    window_share = covering / window
    return ttr_share, window_share


#: Words examined at a time when looking for the end of an MTLD factor; a
#: factor is typically 50-150 words long. A unit with a longer factor is
#: finished by :func:`_scan_factors`.
_MTLD_BLOCK = 256


def _scan_factors(previous: list[int], start: int, stop: int, threshold: float, factors: list[tuple]) -> None:
    """MTLD factors of one unit, ``previous[start:stop]``, by a plain loop.

    Appends ``(first, stop, value)`` for each factor: 1 for a complete factor,
    the partial value for the remainder. The lockstep scan in
    :func:`_mtld_credits` pays a dozen array calls per round; for the last one
    or two long units a loop over words is cheaper.
    """
    factor_start = start
    types = 0
    ttr = 1.0
    for position in range(start, stop):
        if previous[position] < factor_start:
            types += 1
        ttr = types / (position - factor_start + 1)
        if ttr <= threshold:
            factors.append((factor_start, position + 1, 1.0))
            factor_start = position + 1
            types = 0
            ttr = 1.0
    if factor_start < stop:
        factors.append((factor_start, stop, (1.0 - ttr) / (1.0 - threshold)))


#: When this few units are left, :func:`_mtld_credits` finishes them with
#: :func:`_scan_factors` (a round costs about as much as scanning two factors).
_MTLD_LOOP_UNITS = 2


def _mtld_credits(previous: np.ndarray, unit_start: np.ndarray, unit_stop: np.ndarray, threshold: float):
    """Factor credits of one MTLD pass over every unit, by position.

    ``previous`` gives each token's previous occurrence in the direction of the
    pass; ``unit_start``/``unit_stop`` are the units' bounds (one entry per
    unit). A factor starting at ``a`` ends at the first ``j`` where
    ``types / tokens <= threshold`` over ``a..j``; the types of ``a..j`` are the
    tokens whose previous occurrence is before ``a``. A unit's unfinished
    remainder is a partial factor worth ``(1 - ttr) / (1 - threshold)``. Each
    factor's worth (1, or the partial value) is shared equally among the
    words it spans, so a unit's credits sum to its factor count and every
    sentence carries the factors it is part of.

    The scan is sequential within a unit but runs in lockstep across units:
    each round finds the next factor end of every unit with one block of
    array operations, so the number of rounds is the number of factors of the
    longest unit, not of the corpus.
    """
    n = len(previous)
    firsts: list[np.ndarray] = []
    stops: list[np.ndarray] = []
    values: list[np.ndarray] = []
    start = np.asarray(unit_start, dtype=np.int64).copy()
    stop = np.asarray(unit_stop, dtype=np.int64)
    offsets = np.arange(_MTLD_BLOCK)
    lengths = offsets + 1.0
    as_list: list[int] | None = None  # previous as a list, for _scan_factors
    looped: list[tuple] = []
    active = np.flatnonzero(start < stop)
    while active.size > _MTLD_LOOP_UNITS:
        a, e = start[active], stop[active]
        position = a[:, None] + offsets
        inside = position < e[:, None]
        types = np.cumsum(previous[np.minimum(position, n - 1)] < a[:, None], axis=1)
        hit = inside & (types / lengths <= threshold)
        found = hit.any(axis=1)
        end = a + hit.argmax(axis=1)
        firsts.append(a[found])
        stops.append(end[found] + 1)
        values.append(np.ones(int(found.sum())))
        start[active[found]] = end[found] + 1
        length = e - a
        finished = ~found & (length <= _MTLD_BLOCK)
        if finished.any():
            remainder_ttr = types[finished, length[finished] - 1] / length[finished]
            firsts.append(a[finished])
            stops.append(e[finished])
            values.append((1.0 - remainder_ttr) / (1.0 - threshold))
            start[active[finished]] = e[finished]
        # A factor longer than the block: finish that unit by the loop.
        for unit in active[~found & (length > _MTLD_BLOCK)]:
            as_list = previous.tolist() if as_list is None else as_list
            _scan_factors(as_list, int(start[unit]), int(stop[unit]), threshold, looped)
            start[unit] = stop[unit]
        active = active[start[active] < stop[active]]
    if active.size:
        as_list = previous.tolist() if as_list is None else as_list
        for unit in active:
            _scan_factors(as_list, int(start[unit]), int(stop[unit]), threshold, looped)
    if looped:
        first_l, stop_l, value_l = (np.array(column) for column in zip(*looped))
        firsts.append(first_l.astype(np.int64))
        stops.append(stop_l.astype(np.int64))
        values.append(value_l.astype(float))
    if not firsts:
        return np.zeros(n)
    first_all, stop_all, value_all = np.concatenate(firsts), np.concatenate(stops), np.concatenate(values)
    # Factors do not overlap: each word of a factor gets its share directly (no
    # running float total, so a unit's credits do not depend on earlier units).
    lengths = stop_all - first_all
    per_word = value_all / lengths
    credit = np.zeros(n)
    offsets_in_factor = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    credit[np.repeat(first_all, lengths) + offsets_in_factor] = np.repeat(per_word, lengths)
    return credit


def _lexdiv_credits(ids: np.ndarray, unit_start: np.ndarray, unit_stop: np.ndarray, window: int, threshold: float):
    """Per-token credits for units laid end to end in ``ids``.

    Returns a ``(4, len(ids))`` array, rows: MATTR TTR share, MATTR window
    share, MTLD forward factors, MTLD backward factors. ``unit_start`` and
    ``unit_stop`` are the token bounds of each unit.
    """
    n = len(ids)
    credits = np.zeros((4, n))
    if n == 0:
        return credits
    unit_start = np.asarray(unit_start, dtype=np.int64)
    unit_stop = np.asarray(unit_stop, dtype=np.int64)
    previous, following = _neighbours(ids)
    sizes = unit_stop - unit_start
    credits[0], credits[1] = _mattr_credits(
        previous, np.repeat(unit_start, sizes), np.repeat(unit_stop, sizes), window
    )
    credits[2] = _mtld_credits(previous, unit_start, unit_stop, threshold)
    # The backward pass reads everything reversed: a token's "previous"
    # occurrence is then its next one, and the units' bounds flip.
    backward_previous = np.where(following[::-1] >= 0, n - 1 - following[::-1], -1)
    credits[3] = _mtld_credits(backward_previous, n - unit_stop, n - unit_start, threshold)[::-1]
    return credits


def _mattr_value(ttr_share, window_share) -> np.ndarray:
    return _ratio(ttr_share, window_share)


def _mtld_value(words, forward_factors, backward_factors) -> np.ndarray:
    return (_ratio(words, forward_factors) + _ratio(words, backward_factors)) / 2.0


def _single_unit_credits(tokens: Sequence, window: int, threshold: float) -> tuple[int, np.ndarray]:
    ids = _encode(tokens)
    credits = _lexdiv_credits(ids, np.array([0]), np.array([len(ids)]), window, threshold)
    return len(ids), credits.sum(axis=1)


def mattr(tokens: Sequence, window: int = MATTR_WINDOW) -> float:
    """Moving-average type-token ratio.

    The mean, over every window of ``window`` consecutive words, of the
    window's type-token ratio.

    Parameters
    ----------
    tokens : sequence of str or of int
        The words in order, already normalised (e.g. lower-cased), or their
        integer codes.
    window : int, optional
        Window length in words. Default :data:`MATTR_WINDOW` (50).

    Returns
    -------
    float
        MATTR in (0, 1]; ``nan`` if there are fewer words than ``window``
        (no window fits; we do not fall back to the plain TTR).

    Raises
    ------
    ValueError
        If ``window`` is not a positive integer.

    References
    ----------
    Covington, M. A., & McFall, J. D. (2010). Cutting the Gordian knot: The
    moving-average type-token ratio (MATTR). *Journal of Quantitative
    Linguistics*, 17(2), 94-100. [covington2010]

    Examples
    --------
    >>> mattr("a b a c".split(), window=2)  # windows ab, ba, ac: all TTR 1
    1.0
    >>> mattr("a a b".split(), window=2)    # windows aa (1/2), ab (2/2)
    0.75
    """
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 1:
        raise ValueError(f"window must be a positive integer, not {window!r}")
    n, credits = _single_unit_credits(tokens, int(window), MTLD_THRESHOLD)
    return float(_mattr_value(credits[0], credits[1]))


def mtld(tokens: Sequence, threshold: float = MTLD_THRESHOLD) -> float:
    """Measure of Textual Lexical Diversity, mean of a forward and a backward pass.

    A pass reads the words in order, keeping the type-token ratio (TTR) of the
    current *factor*; when the TTR falls to ``threshold`` or below, the factor
    is complete, the count of factors goes up by one and a new factor starts
    at the next word. The unfinished last factor counts
    ``(1 - TTR) / (1 - threshold)``. The pass's value is words / factors; MTLD
    is the mean of the forward and the backward (reversed text) values.

    Parameters
    ----------
    tokens : sequence of str or of int
        The words in order, normalised, or their integer codes.
    threshold : float, optional
        Factor size, default :data:`MTLD_THRESHOLD` (0.72).

    Returns
    -------
    float
        MTLD in words; ``nan`` if either pass counts no factor at all (every
        word is a new type, so the text never repeats itself and the measure
        is undefined; we do not fall back to the number of words).

    Raises
    ------
    ValueError
        If ``threshold`` is not strictly between 0 and 1.

    References
    ----------
    McCarthy, P. M., & Jarvis, S. (2010). MTLD, vocd-D, and HD-D: A
    validation study of sophisticated approaches to lexical diversity
    assessment. *Behavior Research Methods*, 42(2), 381-392. [mccarthy2010]

    Examples
    --------
    >>> # forward: "a b a" ends at TTR 2/3, "c" is a partial factor of (1 - 1) / 0.28 = 0;
    >>> # backward: "c a b a" never falls to 0.72: (1 - 3/4) / 0.28 = 0.893 factors.
    >>> round(mtld("a b a c".split()), 4)  # (4 / 1 + 4 / 0.893) / 2
    4.24
    """
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must be between 0 and 1, not {threshold!r}")
    n, credits = _single_unit_credits(tokens, MATTR_WINDOW, float(threshold))
    return float(_mtld_value(n, credits[2], credits[3]))


def mattr_readable(tokens: Sequence, window: int = MATTR_WINDOW) -> float:
    """:func:`mattr` written as Covington & McFall (2010) define it: the mean TTR of every window.

    The readable twin of the fast path (:func:`mattr`, :func:`_mattr_credits`),
    kept beside it; ``tests/test_readability.py`` checks the two agree on the
    seeds and on random texts. It costs windows times window length.
    """
    ratios = [len(set(tokens[i : i + window])) / window for i in range(len(tokens) - window + 1)]
    return sum(ratios) / len(ratios)


def mtld_readable(tokens: Sequence, threshold: float = MTLD_THRESHOLD) -> float:
    """:func:`mtld` written as McCarthy & Jarvis (2010) define it: two passes, factors and the partial factor.

    The readable twin of the fast path (:func:`mtld`, :func:`_mtld_credits`),
    kept beside it and checked against it in ``tests/test_readability.py``.
    """

    def one_pass(sequence: list) -> float:
        factors, seen, count, ttr = 0.0, set(), 0, 1.0
        for token in sequence:
            count += 1
            seen.add(token)
            ttr = len(seen) / count
            if ttr <= threshold:
                factors, seen, count, ttr = factors + 1, set(), 0, 1.0
        if count:
            factors += (1 - ttr) / (1 - threshold)
        return len(sequence) / factors

    tokens = list(tokens)
    return (one_pass(tokens) + one_pass(tokens[::-1])) / 2


"""Stage 5b: readability and lexical diversity of speakers and documents, with intervals.

Each published formula is one small function of *summed counts* (numpy
arrays), so the same code scores one unit or a thousand bootstrap replicates
at once. The counts come from :func:`analysis.text.counts.sentence_counts`; a unit's
counts are the sums over its sentences.

:func:`textstat_readability` (named after quanteda's function) scores units
defined by ``by`` and attaches a percentile sentence-bootstrap interval to
every measure (Benoit, Munger & Spirling 2019); :func:`readability_table` is
the ``readability.csv`` export; :func:`analysis.book.sensitivity.textstat_agreement` compares our scores
with textstat's.

Formulas and where they differ from textstat 0.7.8
--------------------------------------------------
All undefined values (no words, no sentences) are ``nan``, never textstat's
``0.0``. The counts themselves are defined in :mod:`analysis.text.counts`: words
follow :func:`analysis.text.tokens.words`, not textstat's punctuation stripping
(``Tang/Anadolu`` is two words here, one in textstat), and a hyphenated
compound's syllables are its parts' (textstat guesses the joined string), so
even Flesch scores differ slightly from textstat's on the same sentences;
sentences are :mod:`analysis.text.sentences`' and differ more.
:func:`analysis.book.sensitivity.textstat_agreement` shows by how much, and that with textstat's own
counts the formulas agree to the last digit.

* Flesch Reading Ease, Flesch-Kincaid grade, ARI, SMOG: textstat's constants.
* Coleman-Liau: ``0.0588 L - 0.296 S - 15.8`` (textstat uses ``0.058``), and
  letters exclude digits.
* Gunning fog: complex words per Gunning's own exclusions (see
  :mod:`analysis.text.counts`), not textstat's "not on the Dale-Chall list".
* Dale-Chall: textstat's formula and word list.
* Linsear Write: textstat's formula over the whole unit (no 100-word sample).

The bootstrap
-------------
Benoit, Munger & Spirling (2019) measure the uncertainty of a text's
readability by resampling its sentences with replacement and recomputing the
score. Here each unit's ``m`` sentences are resampled ``n_boot`` times; a
replicate is a vector of how often each sentence was drawn (drawn with
``Generator.integers`` and counted), and its counts are one matrix product of
those weights with the sentence-by-count matrix. No formula is ever re-run on
text. The interval is the percentile interval of the replicates.

MATTR and MTLD are not functions of sums: they scan the word sequence. Running
the scan again on each resampled sequence costs ``n_boot`` passes over the
text (a billion steps for a million words), and the concatenation of resampled
sentences puts copies of a sentence into one window, which lowers diversity
artificially. Instead, the full text is scanned once and each sentence is
credited with its share of the scan: for MATTR, each window's type-token ratio
is shared equally among the ``window`` words it covers (and so is the window
itself, as a count); for MTLD, each factor, and the final partial factor, is
shared equally among the words it spans, in each direction. A replicate sums
these credits with the same weights as the readability counts. With every
sentence drawn once the sums give the exact MATTR and MTLD of the unit; a
replicate is the ratio estimator ``sum(TTR shares) / sum(window shares)``
(MATTR) or ``words / factors`` (MTLD), as the readability formulas are ratios
of counts. The interval thus reflects how diversity varies between sentences,
not the (artificial) effect of new neighbours.

Every unit gets its own random stream, ``default_rng([random_state, crc32 of
the unit's key])``, so a unit's interval depends on ``random_state`` and on
that unit's sentences only: adding a document does not move another
document's interval, and a speaker's interval is the same in every table.

References
----------
Benoit, K., Munger, K., & Spirling, A. (2019). Measuring and explaining
political sophistication through textual complexity. *American Journal of
Political Science*, 63(2), 491-508. [benoit2019]

Covington, M. A., & McFall, J. D. (2010). Cutting the Gordian knot: The
moving-average type-token ratio (MATTR). *Journal of Quantitative
Linguistics*, 17(2), 94-100. [covington2010]

McCarthy, P. M., & Jarvis, S. (2010). MTLD, vocd-D, and HD-D: A validation
study of sophisticated approaches to lexical diversity assessment. *Behavior
Research Methods*, 42(2), 381-392. [mccarthy2010]

The formula papers are cited in each function.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..stats.bootstrap import (
    CAUTION_MIN_SENTENCES,
    DEFAULT_CI,
    DEFAULT_N_BOOT,
    SINGLE_SENTENCE_NOTE,
    UNIT_TYPES,
    UnitIntervals,
    bootstrap_groups,
    sentence_order,
    unit_bounds,
    unit_groups,
    unit_sentences,
)
from ..text.counts import COUNT_COLUMNS

__all__ = [
    "MEASURES",
    "automated_readability_index",
    "coleman_liau_index",
    "dale_chall_readability_score",
    "flesch_kincaid_grade",
    "flesch_reading_ease",
    "gunning_fog",
    "linsear_write_formula",
    "mattr",
    "mtld",
    "readability_table",
    "smog_index",
    "syllables_per_word",
    "textstat_readability",
    "words_per_sentence",
]

# --- Flesch (1948) -----------------------------------------------------------
FLESCH_BASE = 206.835
FLESCH_WORDS_PER_SENTENCE = 1.015
FLESCH_SYLLABLES_PER_WORD = 84.6
# --- Kincaid, Fishburne, Rogers & Chissom (1975) -----------------------------
KINCAID_WORDS_PER_SENTENCE = 0.39
KINCAID_SYLLABLES_PER_WORD = 11.8
KINCAID_CONSTANT = 15.59
# --- Gunning (1952) ----------------------------------------------------------
FOG_WEIGHT = 0.4
# --- McLaughlin (1969) -------------------------------------------------------
SMOG_SLOPE = 1.0430
SMOG_INTERCEPT = 3.1291
#: SMOG was calibrated on the polysyllables of a 30-sentence sample.
SMOG_SAMPLE_SENTENCES = 30
# --- Coleman & Liau (1975) ---------------------------------------------------
COLEMAN_LIAU_LETTERS = 0.0588
COLEMAN_LIAU_SENTENCES = 0.296
COLEMAN_LIAU_CONSTANT = 15.8
#: Coleman-Liau counts letters and sentences per hundred words.
PER_HUNDRED_WORDS = 100.0
# --- Senter & Smith (1967) ---------------------------------------------------
ARI_CHARACTERS_PER_WORD = 4.71
ARI_WORDS_PER_SENTENCE = 0.5
ARI_CONSTANT = 21.43
# --- Dale & Chall formula (as textstat; word list Chall & Dale 1995) ---------
DALE_CHALL_PERCENT_DIFFICULT = 0.1579
DALE_CHALL_WORDS_PER_SENTENCE = 0.0496
DALE_CHALL_ADJUSTMENT = 3.6365
#: The adjustment is added when more than this percentage of words is difficult.
DALE_CHALL_ADJUSTMENT_ABOVE_PERCENT = 5.0
# --- Linsear Write -----------------------------------------------------------
LINSEAR_EASY_POINTS = 1.0
LINSEAR_HARD_POINTS = 3.0
LINSEAR_CUTOFF = 20.0
LINSEAR_SHORT_SUBTRACT = 2.0
LINSEAR_DIVISOR = 2.0
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

# --- Caution thresholds ------------------------------------------------------
#: Flesch (1948) and the formulas after it were fitted on 100-word samples;
#: below that a unit's score rests on a handful of sentences.
CAUTION_MIN_WORDS = 100
#: The measures in the order of the output columns.
MEASURES = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
    "linsear_write_formula",
    "words_per_sentence",
    "syllables_per_word",
    "mattr",
    "mtld",
)
#: Columns a counts table must have besides the ``by`` columns.
REQUIRED_COLUMNS = ("doc_id", "segment_id", "sentence_id", *COUNT_COLUMNS, "tokens")


def _ratio(numerator, denominator) -> np.ndarray:
    """``numerator / denominator`` as float, ``nan`` where the denominator is 0."""
    numerator, denominator = np.broadcast_arrays(
        np.asarray(numerator, dtype=float), np.asarray(denominator, dtype=float)
    )
    return np.divide(numerator, denominator, out=np.full(numerator.shape, np.nan), where=denominator != 0)


def words_per_sentence(words, sentences) -> np.ndarray:
    """Average sentence length in words.

    Parameters
    ----------
    words, sentences : array_like
        Summed counts of one unit or of many (same shape).

    Returns
    -------
    numpy.ndarray
        ``words / sentences``; ``nan`` where there is no sentence.

    References
    ----------
    The sentence-length term of Flesch (1948) and all formulas after it.
    [flesch1948]

    Examples
    --------
    >>> float(words_per_sentence(36, 2))
    18.0
    """
    return _ratio(words, sentences)


def syllables_per_word(words, syllables) -> np.ndarray:
    """Average word length in syllables.

    Parameters
    ----------
    words, syllables : array_like
        Summed counts.

    Returns
    -------
    numpy.ndarray
        ``syllables / words``; ``nan`` where there is no word.

    References
    ----------
    The word-length term of Flesch (1948). [flesch1948]

    Examples
    --------
    >>> float(syllables_per_word(18, 30))
    1.6666666666666667
    """
    return _ratio(syllables, words)


def flesch_reading_ease(words, sentences, syllables) -> np.ndarray:
    """Flesch Reading Ease: higher is easier (about 0-100).

    ``206.835 - 1.015 * words/sentences - 84.6 * syllables/words``

    Parameters
    ----------
    words, sentences, syllables : array_like
        Summed counts.

    Returns
    -------
    numpy.ndarray
        The score; ``nan`` where there is no word or no sentence.

    References
    ----------
    Flesch, R. (1948). A new readability yardstick. *Journal of Applied
    Psychology*, 32(3), 221-233. [flesch1948]

    Examples
    --------
    >>> round(float(flesch_reading_ease(words=100, sentences=5, syllables=150)), 3)
    59.635
    """
    return (
        FLESCH_BASE
        - FLESCH_WORDS_PER_SENTENCE * words_per_sentence(words, sentences)
        - FLESCH_SYLLABLES_PER_WORD * syllables_per_word(words, syllables)
    )


def flesch_kincaid_grade(words, sentences, syllables) -> np.ndarray:
    """Flesch-Kincaid grade level (US school grade).

    ``0.39 * words/sentences + 11.8 * syllables/words - 15.59``

    Parameters
    ----------
    words, sentences, syllables : array_like
        Summed counts.

    Returns
    -------
    numpy.ndarray
        The grade; ``nan`` where there is no word or no sentence.

    References
    ----------
    Kincaid, J. P., Fishburne, R. P., Rogers, R. L., & Chissom, B. S. (1975).
    *Derivation of new readability formulas (ARI, Fog Count and Flesch Reading
    Ease formula) for Navy enlisted personnel*. Research Branch Report 8-75.
    [kincaid1975]

    Examples
    --------
    >>> round(float(flesch_kincaid_grade(words=100, sentences=5, syllables=150)), 2)
    9.91
    """
    return (
        KINCAID_WORDS_PER_SENTENCE * words_per_sentence(words, sentences)
        + KINCAID_SYLLABLES_PER_WORD * syllables_per_word(words, syllables)
        - KINCAID_CONSTANT
    )


def gunning_fog(words, sentences, complex_words) -> np.ndarray:
    """Gunning fog index (years of schooling).

    ``0.4 * (words/sentences + 100 * complex_words/words)``

    Parameters
    ----------
    words, sentences, complex_words : array_like
        Summed counts; ``complex_words`` as :mod:`analysis.text.counts` defines them
        (three or more syllables, less Gunning's exclusions).

    Returns
    -------
    numpy.ndarray
        The index; ``nan`` where there is no word or no sentence.

    References
    ----------
    Gunning, R. (1952). *The Technique of Clear Writing*. McGraw-Hill.
    [gunning1952]

    Examples
    --------
    >>> round(float(gunning_fog(words=100, sentences=5, complex_words=10)), 2)
    12.0
    """
    return FOG_WEIGHT * (words_per_sentence(words, sentences) + 100.0 * _ratio(complex_words, words))


def smog_index(sentences, polysyllables) -> np.ndarray:
    """SMOG grade, normalised to McLaughlin's 30-sentence sample.

    ``1.0430 * sqrt(polysyllables * 30 / sentences) + 3.1291``

    Parameters
    ----------
    sentences, polysyllables : array_like
        Summed counts (polysyllables: words of three or more syllables).

    Returns
    -------
    numpy.ndarray
        The grade; ``nan`` where there is no sentence. Meant for 30 sentences
        or more: below that the scaling extrapolates (a caution is raised).

    References
    ----------
    McLaughlin, G. H. (1969). SMOG grading: a new readability formula.
    *Journal of Reading*, 12(8), 639-646. [mclaughlin1969]

    Examples
    --------
    >>> round(float(smog_index(sentences=30, polysyllables=16)), 4)
    7.3011
    """
    return SMOG_SLOPE * np.sqrt(SMOG_SAMPLE_SENTENCES * _ratio(polysyllables, sentences)) + SMOG_INTERCEPT


def coleman_liau_index(words, sentences, letters) -> np.ndarray:
    """Coleman-Liau index (US grade).

    ``0.0588 * L - 0.296 * S - 15.8`` with ``L`` letters and ``S`` sentences
    per 100 words. The constants combine Coleman & Liau's two equations
    (predicted cloze score from L and S, then grade from cloze):
    ``-27.4004 * (141.8401 - 0.214590 L + 1.079812 S) / 100 + 23.06395``.

    Parameters
    ----------
    words, sentences, letters : array_like
        Summed counts.

    Returns
    -------
    numpy.ndarray
        The grade; ``nan`` where there is no word.

    References
    ----------
    Coleman, M., & Liau, T. L. (1975). A computer readability formula
    designed for machine scoring. *Journal of Applied Psychology*, 60(2),
    283-284. [coleman1975]

    Examples
    --------
    >>> round(float(coleman_liau_index(words=100, sentences=5, letters=450)), 2)
    9.18
    """
    letters_per_100 = PER_HUNDRED_WORDS * _ratio(letters, words)
    sentences_per_100 = PER_HUNDRED_WORDS * _ratio(sentences, words)
    return COLEMAN_LIAU_LETTERS * letters_per_100 - COLEMAN_LIAU_SENTENCES * sentences_per_100 - COLEMAN_LIAU_CONSTANT


def automated_readability_index(words, sentences, characters) -> np.ndarray:
    """Automated Readability Index (US grade).

    ``4.71 * characters/words + 0.5 * words/sentences - 21.43``

    Parameters
    ----------
    words, sentences, characters : array_like
        Summed counts (characters: letters and digits in words).

    Returns
    -------
    numpy.ndarray
        The grade; ``nan`` where there is no word or no sentence.

    References
    ----------
    Senter, R. J., & Smith, E. A. (1967). *Automated Readability Index*.
    AMRL-TR-66-220, Aerospace Medical Research Laboratories. [senter1967]

    Examples
    --------
    >>> round(float(automated_readability_index(words=100, sentences=5, characters=450)), 3)
    9.765
    """
    return (
        ARI_CHARACTERS_PER_WORD * _ratio(characters, words)
        + ARI_WORDS_PER_SENTENCE * words_per_sentence(words, sentences)
        - ARI_CONSTANT
    )


def dale_chall_readability_score(words, sentences, difficult_words) -> np.ndarray:
    """Dale-Chall readability score.

    ``0.1579 * PDW + 0.0496 * words/sentences``, plus ``3.6365`` when the
    percentage of difficult words ``PDW`` exceeds 5.

    These are the regression constants textstat 0.7.8 uses (and quanteda's
    ``Dale.Chall.old``); they were first published by Dale & Chall in 1948.
    Chall & Dale (1995) revised the familiar-word list (the list the
    difficult words are counted against) and the formula; the revised
    formula is not used here, so that scores stay comparable with textstat.

    Parameters
    ----------
    words, sentences, difficult_words : array_like
        Summed counts (difficult: not on the Dale-Chall familiar-word list).

    Returns
    -------
    numpy.ndarray
        The score (about 4.9 or below: grade 4 and below; 9.0-9.9: grades
        13-15); ``nan`` where there is no word or no sentence.

    References
    ----------
    Chall, J. S., & Dale, E. (1995). *Readability Revisited: The New
    Dale-Chall Readability Formula*. Brookline Books. [chall1995]

    Examples
    --------
    >>> round(float(dale_chall_readability_score(words=100, sentences=5, difficult_words=10)), 4)
    6.2075
    """
    percent_difficult = 100.0 * _ratio(difficult_words, words)
    raw = DALE_CHALL_PERCENT_DIFFICULT * percent_difficult + DALE_CHALL_WORDS_PER_SENTENCE * words_per_sentence(
        words, sentences
    )
    return raw + np.where(percent_difficult > DALE_CHALL_ADJUSTMENT_ABOVE_PERCENT, DALE_CHALL_ADJUSTMENT, 0.0)


def linsear_write_formula(words, sentences, polysyllables) -> np.ndarray:
    """Linsear Write grade level, over the whole unit.

    Easy words (two syllables or fewer, ``words - polysyllables``) score 1,
    hard words (three or more) score 3; ``r`` is the score per sentence; the
    grade is ``r / 2`` if ``r > 20`` and ``(r - 2) / 2`` otherwise.

    The formula is conventionally applied to one 100-word sample; as textstat
    (without ``strict_upper``) does, it is applied here to all of a unit's
    words, which gives the same points-per-sentence scale.

    Parameters
    ----------
    words, sentences, polysyllables : array_like
        Summed counts.

    Returns
    -------
    numpy.ndarray
        The grade; ``nan`` where there is no sentence.

    References
    ----------
    No primary publication is known; the formula is attributed to the US Air
    Force and implemented as here by textstat and koRpus. Its idea goes back
    to O'Hayre, J. (1966), *Gobbledygook Has Gotta Go*, US Bureau of Land
    Management (not in the book's bibliography).

    Examples
    --------
    >>> float(linsear_write_formula(words=100, sentences=5, polysyllables=10))
    12.0
    >>> float(linsear_write_formula(words=100, sentences=10, polysyllables=10))
    5.0
    """
    words = np.asarray(words, dtype=float)
    polysyllables = np.asarray(polysyllables, dtype=float)
    points = LINSEAR_EASY_POINTS * (words - polysyllables) + LINSEAR_HARD_POINTS * polysyllables
    per_sentence = _ratio(points, sentences)
    return np.where(
        per_sentence > LINSEAR_CUTOFF,
        per_sentence / LINSEAR_DIVISOR,
        (per_sentence - LINSEAR_SHORT_SUBTRACT) / LINSEAR_DIVISOR,
    )


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


# --- Scoring units --------------------------------------------------------------

#: Columns of the summed-count matrix, in order.
_SUM_COLUMNS = (*COUNT_COLUMNS, "sentences", "mattr_ttr_share", "mattr_window_share", "mtld_forward", "mtld_backward")
_COLUMN = {name: index for index, name in enumerate(_SUM_COLUMNS)}


def _measures(sums: np.ndarray) -> np.ndarray:
    """All measures from summed counts ``(..., len(_SUM_COLUMNS))`` -> ``(len(MEASURES), ...)``."""

    def c(name: str) -> np.ndarray:
        return sums[..., _COLUMN[name]]

    words, sentences = c("words"), c("sentences")
    with np.errstate(invalid="ignore"):
        values = {
            "flesch_reading_ease": flesch_reading_ease(words, sentences, c("syllables")),
            "flesch_kincaid_grade": flesch_kincaid_grade(words, sentences, c("syllables")),
            "gunning_fog": gunning_fog(words, sentences, c("complex_words")),
            "smog_index": smog_index(sentences, c("polysyllables")),
            "coleman_liau_index": coleman_liau_index(words, sentences, c("letters")),
            "automated_readability_index": automated_readability_index(words, sentences, c("characters")),
            "dale_chall_readability_score": dale_chall_readability_score(words, sentences, c("difficult_words")),
            "linsear_write_formula": linsear_write_formula(words, sentences, c("polysyllables")),
            "words_per_sentence": words_per_sentence(words, sentences),
            "syllables_per_word": syllables_per_word(words, c("syllables")),
            "mattr": _mattr_value(c("mattr_ttr_share"), c("mattr_window_share")),
            "mtld": _mtld_value(words, c("mtld_forward"), c("mtld_backward")),
        }
    return np.stack([np.asarray(values[m], dtype=float) for m in MEASURES])


def _caution(words: int, sentences: int, notes: list[str]) -> str:
    """The ``caution`` text of a unit: the thresholds it falls below, then ``notes``."""
    reasons = []
    if words < CAUTION_MIN_WORDS:
        reasons.append(f"fewer than {CAUTION_MIN_WORDS} words")
    if sentences < CAUTION_MIN_SENTENCES:
        reasons.append(f"fewer than {CAUTION_MIN_SENTENCES} sentences")
    if sentences < SMOG_SAMPLE_SENTENCES:
        reasons.append(f"SMOG needs {SMOG_SAMPLE_SENTENCES} sentences")
    if words < MATTR_WINDOW:
        reasons.append(f"MATTR needs {MATTR_WINDOW} words")
    return "; ".join(reasons + notes)


def textstat_readability(
    counts: pd.DataFrame,
    by: str | list[str] = "speaker",
    n_boot: int = DEFAULT_N_BOOT,
    random_state: int = 0,
    ci: float = DEFAULT_CI,
) -> pd.DataFrame:
    """Readability and lexical diversity of each unit, with sentence-bootstrap intervals.

    Parameters
    ----------
    counts : pandas.DataFrame
        The output of :func:`analysis.text.counts.sentence_counts`: one row per
        sentence with ``doc_id``, ``segment_id``, ``sentence_id``, the count
        columns and ``tokens``.
    by : str or list of str, optional
        Column(s) whose values define a unit. Default ``"speaker"``.
    n_boot : int, optional
        Bootstrap replicates per unit. Default 1000.
    random_state : int, optional
        Seed; with the unit's key it seeds the unit's
        ``numpy.random.default_rng`` (see the module docstring). Default 0.
    ci : float, optional
        Coverage of the percentile interval, in (0, 1). Default 0.95.

    Returns
    -------
    pandas.DataFrame
        One row per unit, sorted by the ``by`` columns, with columns: the
        ``by`` columns; ``words`` and ``sentences`` (totals); ``caution`` (why
        to read the row with care, ``"; "``-separated, empty if nothing);
        then for each measure ``m`` of :data:`MEASURES`: ``m`` (the estimate
        from all of the unit's sentences), ``m_ci_low`` and ``m_ci_high``.

        An interval always contains its estimate: a percentile interval of a
        skewed or step-shaped statistic (Dale-Chall's and Linsear Write's
        jumps) can miss it, and then the interval is widened to reach the
        estimate and ``caution`` says so ("interval widened to include the
        estimate: ..."). Where some replicates are undefined (e.g. a resample
        with no MTLD factor) the interval is ``nan`` and ``caution`` says so;
        an undefined estimate has an undefined interval.

    Raises
    ------
    ValueError
        If a column is missing, a ``by`` value is missing, ``tokens`` does not
        match ``words``, ``n_boot < 1`` or ``ci`` is not in (0, 1).

    References
    ----------
    Benoit, K., Munger, K., & Spirling, A. (2019). Measuring and explaining
    political sophistication through textual complexity. *American Journal of
    Political Science*, 63(2), 491-508. [benoit2019]

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.text.counts import sentence_counts
    >>> table = pd.DataFrame({"doc_id": "003", "segment_id": 0, "sentence_id": [0, 1],
    ...     "speaker": "Sadiq Khan", "kind": "speech",
    ...     "text": ["Extremism is a cancer eating away at our society.",
    ...              "It is a problem that is getting worse."]})
    >>> scores = textstat_readability(sentence_counts(table), n_boot=200)
    >>> scores.loc[0, "speaker"], int(scores.loc[0, "words"]), int(scores.loc[0, "sentences"])
    ('Sadiq Khan', 17, 2)
    >>> round(float(scores.loc[0, "flesch_reading_ease"]), 2)  # 206.835 - 1.015 * 17/2 - 84.6 * 29/17
    53.89
    """
    columns = [by] if isinstance(by, str) else list(by)
    _check_arguments(counts, columns, n_boot, ci)
    return _score_units(counts, _token_ids(counts), columns, n_boot, random_state, ci)


def _check_arguments(counts: pd.DataFrame, columns: list[str], n_boot: int, ci: float, tokens: bool = True) -> None:
    """Raise ValueError for the bad inputs listed in :func:`textstat_readability` (the
    ``tokens`` column is not needed where the words come as codes: ``tokens=False``)."""
    if not columns:
        raise ValueError("by must name at least one column")
    required = REQUIRED_COLUMNS if tokens else tuple(c for c in REQUIRED_COLUMNS if c != "tokens")
    missing = [c for c in (*columns, *required) if c not in counts.columns]
    if missing:
        raise ValueError(f"counts table lacks column(s) {missing}; make it with analysis.text.counts.sentence_counts")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise ValueError(f"n_boot must be a positive integer, not {n_boot!r}")
    if not 0.0 < ci < 1.0:
        raise ValueError(f"ci must be between 0 and 1, not {ci!r}")
    if counts[columns].isna().any().any():
        raise ValueError(f"missing values in {columns}: every sentence must belong to a unit")


def _token_ids(counts: pd.DataFrame) -> np.ndarray:
    """Integer codes of every word of ``counts["tokens"]``, rows in their given order."""
    tokens = counts["tokens"].tolist()
    # A tokens string is words joined by single spaces (no word holds a space), so
    # its words are its spaces plus one; one split of the joined column is much
    # faster than a split per row.
    lengths = np.fromiter((t.count(" ") + 1 if t else 0 for t in tokens), dtype=np.int64, count=len(tokens))
    if not np.array_equal(lengths, counts["words"].to_numpy(dtype=np.int64)):
        raise ValueError("the tokens column does not match the words column; recount with sentence_counts")
    all_tokens = " ".join(tokens).split()
    if len(all_tokens) != int(lengths.sum()):
        raise ValueError("the tokens column does not match the words column; recount with sentence_counts")
    return pd.factorize(np.array(all_tokens, dtype=object), sort=False)[0].astype(np.int64)


def _score_units(
    counts: pd.DataFrame, token_ids: np.ndarray, columns: list[str], n_boot: int, random_state: int, ci: float
) -> pd.DataFrame:
    """The work of :func:`textstat_readability`, given the token codes of ``counts`` (arguments checked)."""
    counts = counts.reset_index(drop=True)
    rows = sentence_order(counts, columns)
    keys = counts[columns].take(rows).reset_index(drop=True)
    (intervals,) = bootstrap_groups(
        keys, [(sentence_values(counts, token_ids, keys, rows), _measures)], n_boot, random_state, ci
    )
    return unit_rows(intervals, columns)


def sentence_values(
    counts: pd.DataFrame, token_ids: np.ndarray | None, keys: pd.DataFrame, rows: np.ndarray
) -> np.ndarray:
    """The per-sentence matrix the readability measures sum, rows in the order ``rows``.

    ``rows`` are positions in ``counts`` (fresh index) grouping each unit's
    sentences in reading order (:func:`analysis.stats.bootstrap.sentence_order`), and
    ``keys`` the unit columns in that order. Columns are :data:`_SUM_COLUMNS`:
    the counts, 1 for the sentence, and the sentence's lexical-diversity
    credits, which come from scanning each unit's words in that order.
    ``token_ids`` are the codes of the words of ``counts`` in its own order,
    one integer per word type, in any numbering (computed from the
    ``tokens`` column, and checked against ``words``, when ``None``; the
    export passes the codes that :func:`analysis.text.words.word_codes` already
    made of the same words, and then ``counts`` needs no ``tokens``).

    Raises
    ------
    ValueError
        If a column of :data:`REQUIRED_COLUMNS` is missing, ``tokens`` does
        not match ``words``, or ``token_ids`` has not one code per word.
    """
    _check_arguments(counts, list(keys.columns), 1, DEFAULT_CI, tokens=token_ids is None)
    if token_ids is None:
        token_ids = _token_ids(counts)
    elif len(token_ids) != int(counts["words"].sum()):
        raise ValueError(f"{len(token_ids)} token codes for {int(counts['words'].sum())} words")
    order = counts.take(rows).reset_index(drop=True)
    words = order["words"].to_numpy(dtype=np.int64)
    ids = words_of_rows(token_ids, counts["words"].to_numpy(), rows)

    n_sentences = len(order)
    unit_first, unit_last = unit_bounds(keys)
    token_end = np.cumsum(words)
    token_start = token_end - words
    unit_token_start = token_start[unit_first]
    unit_token_stop = token_end[unit_last - 1] if n_sentences else unit_first

    # One row per sentence: its counts, 1 sentence, and its lexical-diversity
    # credits (token credits summed between the sentence's bounds).
    credits = _lexdiv_credits(ids, unit_token_start, unit_token_stop, MATTR_WINDOW, MTLD_THRESHOLD)
    # Each sentence's credits are summed over its own tokens only (not read off a
    # running total), so a unit's numbers do not depend on what precedes it in
    # the table: scoring documents in batches gives the same bits as all at once.
    sentence_credits = np.zeros((credits.shape[0], n_sentences))
    nonempty = words > 0
    if nonempty.any():
        sentence_credits[:, nonempty] = np.add.reduceat(credits, token_start[nonempty], axis=1)
    matrix = np.empty((n_sentences, len(_SUM_COLUMNS)))
    matrix[:, : len(COUNT_COLUMNS)] = order[list(COUNT_COLUMNS)].to_numpy(dtype=float)
    matrix[:, _COLUMN["sentences"]] = 1.0
    matrix[:, len(COUNT_COLUMNS) + 1 :] = sentence_credits.T
    return matrix


def words_of_rows(ids: np.ndarray, lengths: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The entries of ``ids`` for the sentences ``rows`` (positions), sentence after sentence in that order.

    ``ids`` holds every sentence's words (as codes), sentence after sentence,
    ``lengths`` of them.

    Examples
    --------
    >>> words_of_rows(np.array([10, 11, 12, 20, 30, 31]), np.array([3, 1, 2]), np.array([2, 0])).tolist()
    [30, 31, 10, 11, 12]
    """
    lengths = np.asarray(lengths, dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    taken = lengths[rows]
    shift = np.repeat(starts[rows] - (np.cumsum(taken) - taken), taken)
    return ids[np.arange(int(taken.sum())) + shift]


#: The statistic of the readability family: every measure from summed :data:`_SUM_COLUMNS`.
statistic = _measures


def unit_rows(intervals: UnitIntervals, columns: list[str]) -> pd.DataFrame:
    """The rows of :func:`textstat_readability` from a unit bootstrap of :func:`sentence_values`."""
    estimates, low, high = intervals.estimate, intervals.low, intervals.high
    missed, no_interval, single = intervals.missed, intervals.no_interval, intervals.single
    unit_words = intervals.sums[:, _COLUMN["words"]].astype(np.int64)
    unit_sentences = np.asarray(intervals.sentences, dtype=np.int64)
    measure_names = np.array(MEASURES)
    cautions = []
    for u in range(len(unit_words)):
        notes = []
        if single[u]:
            notes.append(SINGLE_SENTENCE_NOTE)
        elif no_interval[:, u].any():
            notes.append("no interval, undefined in some resamples: " + ", ".join(measure_names[no_interval[:, u]]))
        if missed[:, u].any():
            notes.append("interval widened to include the estimate: " + ", ".join(measure_names[missed[:, u]]))
        cautions.append(_caution(int(unit_words[u]), int(unit_sentences[u]), notes))
    data = {column: intervals.keys[column].to_numpy() for column in columns}
    data.update(words=unit_words, sentences=unit_sentences, caution=pd.Series(cautions, dtype=str).to_numpy())
    for i, measure in enumerate(MEASURES):
        data[measure] = estimates[i]
        data[f"{measure}_ci_low"] = low[i]
        data[f"{measure}_ci_high"] = high[i]
    return pd.DataFrame(data, columns=list(data))


def readability_table(counts: pd.DataFrame, n_boot: int = DEFAULT_N_BOOT, random_state: int = 0, jobs: int = 1) -> pd.DataFrame:
    """The ``readability.csv`` table: every speaker and every document.

    Parameters
    ----------
    counts : pandas.DataFrame
        The output of :func:`analysis.text.counts.sentence_counts`.
    n_boot : int, optional
        Bootstrap replicates per unit. Default 1000.
    random_state : int, optional
        Seed (see :func:`textstat_readability`). Default 0.
    jobs : int, optional
        Worker processes. Every unit has its own random stream, so scoring
        groups of units in separate processes gives the same table as one
        process. Default 1.

    Returns
    -------
    pandas.DataFrame
        Columns ``unit_type`` (``"speaker"`` or ``"document"``), ``unit``
        (canonical speaker name or ``doc_id``), then the columns of
        :func:`textstat_readability` after its ``by`` column; speakers first,
        then documents, each sorted by ``unit``. Intervals are 95%.

    References
    ----------
    Benoit, K., Munger, K., & Spirling, A. (2019). [benoit2019]

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.text.counts import sentence_counts
    >>> table = pd.DataFrame({"doc_id": "003", "segment_id": 0, "sentence_id": [0, 1],
    ...     "speaker": "Sadiq Khan", "kind": "speech",
    ...     "text": ["Extremism is a cancer eating away at our society.",
    ...              "It is a problem that is getting worse."]})
    >>> readability_table(sentence_counts(table), n_boot=100)[["unit_type", "unit", "words"]].values.tolist()
    [['speaker', 'Sadiq Khan', 17], ['document', '003', 17]]
    """
    return pd.concat(
        [readability_units(counts, unit_type, n_boot, random_state, jobs) for unit_type in UNIT_TYPES],
        ignore_index=True,
    )


def readability_units(
    counts: pd.DataFrame, unit_type: str, n_boot: int = DEFAULT_N_BOOT, random_state: int = 0, jobs: int = 1
) -> pd.DataFrame:
    """The rows of :func:`readability_table` for one unit type (``"speaker"`` or ``"document"``).

    Sentences of no unit (:func:`analysis.stats.bootstrap.is_unit`: unattributed
    quotations, for speakers) are left out. Each unit's scores depend only on
    its own sentences (and its own random stream), so the document rows of a corpus can be computed batch by batch
    and concatenated: the export scores documents in its worker processes.
    """
    if unit_type not in UNIT_TYPES:
        raise ValueError(f"unit_type must be one of {list(UNIT_TYPES)}, not {unit_type!r}")
    column = UNIT_TYPES[unit_type]
    _check_arguments(counts, [column], n_boot, DEFAULT_CI)
    counts = unit_sentences(counts, column)  # unattributed words are no speaker's
    groups = unit_groups(counts, column, jobs)
    if jobs > 1 and len(groups) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            scored = list(pool.map(_score_group, [(counts.iloc[g], column, n_boot, random_state) for g in groups]))
    else:
        scored = [_score_units(counts, _token_ids(counts), [column], n_boot, random_state, DEFAULT_CI)]
    return as_unit_table(pd.concat(scored), unit_type)


def as_unit_table(scored: pd.DataFrame, unit_type: str) -> pd.DataFrame:
    """Rows of :func:`unit_rows` by one unit type as rows of :func:`readability_table`."""
    table = scored.rename(columns={UNIT_TYPES[unit_type]: "unit"})
    table.insert(0, "unit_type", unit_type)
    table["unit"] = table["unit"].astype(str)
    return table.sort_values("unit", kind="stable", ignore_index=True)


def _score_group(args: tuple[pd.DataFrame, str, int, int]) -> pd.DataFrame:
    counts, column, n_boot, random_state = args
    return _score_units(counts, _token_ids(counts), [column], n_boot, random_state, DEFAULT_CI)


# --- Agreement with textstat ---------------------------------------------------


"""Stage 5b: readability and lexical diversity of speakers and documents, with intervals.

Each published formula is one small function of *summed counts* (numpy
arrays), so the same code scores one unit or a thousand bootstrap replicates
at once. The counts come from :func:`analysis.counts.sentence_counts`; a unit's
counts are the sums over its sentences.

:func:`textstat_readability` (named after quanteda's function) scores units
defined by ``by`` and attaches a percentile sentence-bootstrap interval to
every measure (Benoit, Munger & Spirling 2019); :func:`readability_table` is
the ``readability.csv`` export; :func:`textstat_agreement` compares our scores
with textstat's.

Formulas and where they differ from textstat 0.7.8
--------------------------------------------------
All undefined values (no words, no sentences) are ``nan``, never textstat's
``0.0``. The counts themselves are defined in :mod:`analysis.counts`: words
follow :func:`analysis.tokens.words`, not textstat's punctuation stripping
(``Tang/Anadolu`` is two words here, one in textstat), so even Flesch scores
can differ from textstat's by a word's worth; :func:`textstat_agreement`
shows by how much, and that with textstat's own counts the formulas agree to
the last digit.

* Flesch Reading Ease, Flesch-Kincaid grade, ARI, SMOG: textstat's constants.
* Coleman-Liau: ``0.0588 L - 0.296 S - 15.8`` (textstat uses ``0.058``), and
  letters exclude digits.
* Gunning fog: complex words per Gunning's own exclusions (see
  :mod:`analysis.counts`), not textstat's "not on the Dale-Chall list".
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
itself, as a count); for MTLD, a factor is credited to the sentence of the
word that completes it, the final partial factor to the sentence of the last
word, in each direction. A replicate sums these credits with the same weights
as the readability counts. With every sentence drawn once the sums give the
exact MATTR and MTLD of the unit; a replicate is the ratio estimator
``sum(TTR shares) / sum(window shares)`` (MATTR) or
``words / factors`` (MTLD), as the readability formulas are ratios of counts.

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

import zlib
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import textstat

from .counts import COUNT_COLUMNS, sentence_counts
from .sentences import split_sentences

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
    "textstat_agreement",
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
#: user; 50 is the size quanteda's ``textstat_lexdiv`` uses by default and
#: suits units of a few hundred words.
MATTR_WINDOW = 50
#: MTLD factor size: a factor ends when the running type-token ratio falls to
#: this value (McCarthy & Jarvis 2010, p. 385).
MTLD_THRESHOLD = 0.72

# --- Caution thresholds ------------------------------------------------------
#: Flesch (1948) and the formulas after it were fitted on 100-word samples;
#: below that a unit's score rests on a handful of sentences.
CAUTION_MIN_WORDS = 100
#: With fewer sentences the sentence bootstrap has few distinct resamples and
#: its percentile interval is too narrow (it ignores the small-sample factor
#: sqrt((m - 1) / m) and more); a rule of thumb, not a published threshold.
CAUTION_MIN_SENTENCES = 10

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
#: The reading order of sentences, used to lay out each unit's words.
READING_ORDER = ("doc_id", "segment_id", "sentence_id")
#: Draws per block of bootstrap weights (bounds memory: 8 bytes each).
BOOTSTRAP_BLOCK_DRAWS = 4_000_000
#: Floating-point slack when checking that an interval contains its estimate:
#: sums of float credits in another order differ in the last bits.
CONTAINMENT_TOLERANCE = 1e-9


def _ratio(numerator, denominator) -> np.ndarray:
    """``numerator / denominator`` as float, ``nan`` where the denominator is 0."""
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.asarray(denominator, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator == 0, np.nan, numerator / np.where(denominator == 0, 1.0, denominator))


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
        Summed counts; ``complex_words`` as :mod:`analysis.counts` defines them
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
    """Position of the previous and of the next occurrence of each token's type (-1 if none)."""
    n = len(ids)
    order = np.argsort(ids, kind="stable")
    same = ids[order][1:] == ids[order][:-1]
    previous = np.full(n, -1, dtype=np.int64)
    following = np.full(n, -1, dtype=np.int64)
    previous[order[1:][same]] = order[:-1][same]
    following[order[:-1][same]] = order[1:][same]
    return previous, following


def _mattr_credits(ids: np.ndarray, previous: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Each token's share of the window TTRs and of the window count (see the module docstring).

    ``sum(ttr_share) / sum(window_share)`` is MATTR. The number of types in
    window ``[s, s + window)`` is the number of its tokens whose type did not
    occur earlier in the window, i.e. whose previous occurrence is before
    ``s``; each token is such a first occurrence for the windows starting in
    ``(previous, position]``, so a difference array gives all window counts
    in linear time.
    """
    n = len(ids)
    n_windows = n - window + 1
    position = np.arange(n)
    first_start = np.maximum(np.maximum(previous + 1, position - window + 1), 0)
    last_start = np.minimum(position, n_windows - 1)
    counted = first_start <= last_start
    change = np.bincount(first_start[counted], minlength=n_windows + 1)[: n_windows + 1] - np.bincount(
        last_start[counted] + 1, minlength=n_windows + 1
    )[: n_windows + 1]
    ttr = np.cumsum(change)[:n_windows] / window
    cumulative = np.concatenate([[0.0], np.cumsum(ttr)])
    lo = np.maximum(position - window + 1, 0)
    hi = last_start
    ttr_share = (cumulative[hi + 1] - cumulative[lo]) / window
    window_share = (hi - lo + 1) / window
    return ttr_share, window_share


#: Words examined at a time when looking for the end of an MTLD factor; a
#: factor is typically 50-150 words long. Doubled when no end is found.
_MTLD_BLOCK = 256


def _mtld_credits(previous: np.ndarray, threshold: float) -> np.ndarray:
    """Factor credits of one MTLD pass over a sequence, by position.

    ``previous`` gives each token's previous occurrence in the direction of the
    pass. A factor starting at ``a`` ends at the first ``j`` where
    ``types / tokens <= threshold`` over ``a..j``; the types of ``a..j`` are the
    tokens whose previous occurrence is before ``a``. The ending token gets a
    credit of 1; the last token gets the partial factor
    ``(1 - ttr) / (1 - threshold)`` of the unfinished remainder.
    """
    n = len(previous)
    credits = np.zeros(n)
    start = 0
    while start < n:
        block = _MTLD_BLOCK
        while True:
            stop = min(n, start + block)
            types = np.cumsum(previous[start:stop] < start)
            ttr = types / np.arange(1, stop - start + 1)
            below = np.flatnonzero(ttr <= threshold)
            if below.size:
                end = start + int(below[0])
                credits[end] += 1.0
                start = end + 1
                break
            if stop == n:
                credits[n - 1] += (1.0 - ttr[-1]) / (1.0 - threshold)
                start = n
                break
            block *= 2
    return credits


def _lexdiv_credits(ids: np.ndarray, window: int, threshold: float) -> np.ndarray:
    """Per-token credits: columns MATTR TTR share, MATTR window share, MTLD forward and backward factors."""
    n = len(ids)
    credits = np.full((n, 4), np.nan)
    if n == 0:
        return credits
    previous, following = _neighbours(ids)
    if n >= window:
        credits[:, 0], credits[:, 1] = _mattr_credits(ids, previous, window)
    credits[:, 2] = _mtld_credits(previous, threshold)
    # The backward pass reads the sequence reversed: a token's "previous"
    # occurrence is then its next one, in reversed positions.
    backward_previous = np.where(following[::-1] >= 0, n - 1 - following[::-1], -1)
    credits[:, 3] = _mtld_credits(backward_previous, threshold)[::-1]
    return credits


def _mattr_value(ttr_share, window_share) -> np.ndarray:
    return _ratio(ttr_share, window_share)


def _mtld_value(words, forward_factors, backward_factors) -> np.ndarray:
    return (_ratio(words, forward_factors) + _ratio(words, backward_factors)) / 2.0


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
    ids = _encode(tokens)
    if len(ids) < window:
        return float("nan")
    previous, _ = _neighbours(ids)
    ttr_share, window_share = _mattr_credits(ids, previous, int(window))
    return float(_mattr_value(ttr_share.sum(), window_share.sum()))


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
    ids = _encode(tokens)
    if len(ids) == 0:
        return float("nan")
    previous, following = _neighbours(ids)
    n = len(ids)
    forward = _mtld_credits(previous, threshold).sum()
    backward_previous = np.where(following[::-1] >= 0, n - 1 - following[::-1], -1)
    backward = _mtld_credits(backward_previous, threshold).sum()
    return float(_mtld_value(n, forward, backward))


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


def _unit_seed(random_state: int, key: tuple) -> list[int]:
    """The seed of one unit's stream: ``random_state`` and a CRC-32 of the unit's key."""
    label = "\x1f".join(str(part) for part in key)
    return [int(random_state), zlib.crc32(label.encode("utf-8"))]


def _bootstrap_sums(matrix: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Summed counts of ``n_boot`` sentence resamples of one unit: ``(n_boot, columns)``.

    Each replicate draws ``m`` sentences with replacement; the counts of how
    often each was drawn are the weights of one matrix product. Blocks of
    replicates bound the memory of the weight matrix.
    """
    m = matrix.shape[0]
    per_block = max(1, min(n_boot, BOOTSTRAP_BLOCK_DRAWS // m))
    out = np.empty((n_boot, matrix.shape[1]))
    for first in range(0, n_boot, per_block):
        rows = min(per_block, n_boot - first)
        draws = rng.integers(0, m, size=(rows, m))
        draws += (np.arange(rows) * m)[:, None]
        weights = np.bincount(draws.ravel(), minlength=rows * m).reshape(rows, m)
        out[first : first + rows] = weights @ matrix
    return out


def _caution(words: int, sentences: int, notes: list[str]) -> str:
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
    n_boot: int = 1000,
    random_state: int = 0,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Readability and lexical diversity of each unit, with sentence-bootstrap intervals.

    Parameters
    ----------
    counts : pandas.DataFrame
        The output of :func:`analysis.counts.sentence_counts`: one row per
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
    >>> from analysis.counts import sentence_counts
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
    if not columns:
        raise ValueError("by must name at least one column")
    missing = [c for c in (*columns, *REQUIRED_COLUMNS) if c not in counts.columns]
    if missing:
        raise ValueError(f"counts table lacks column(s) {missing}; make it with analysis.counts.sentence_counts")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise ValueError(f"n_boot must be a positive integer, not {n_boot!r}")
    if not 0.0 < ci < 1.0:
        raise ValueError(f"ci must be between 0 and 1, not {ci!r}")
    if counts[columns].isna().any().any():
        raise ValueError(f"missing values in {columns}: every sentence must belong to a unit")

    order = counts.sort_values([*columns, *READING_ORDER], kind="stable").reset_index(drop=True)
    n_sentences = len(order)
    words = order["words"].to_numpy(dtype=np.int64)
    all_tokens = " ".join(order["tokens"].tolist()).split()
    if len(all_tokens) != int(words.sum()):
        raise ValueError("the tokens column does not match the words column; recount with sentence_counts")
    ids = pd.factorize(pd.Series(all_tokens, dtype=object), sort=False)[0].astype(np.int64)
    token_end = np.cumsum(words)
    token_start = token_end - words

    base = np.zeros((n_sentences, len(_SUM_COLUMNS)))
    base[:, : len(COUNT_COLUMNS)] = order[list(COUNT_COLUMNS)].to_numpy(dtype=float)
    base[:, _COLUMN["sentences"]] = 1.0

    keys = order[columns]
    unit_start = np.flatnonzero(
        np.concatenate([[True], (keys.iloc[1:].to_numpy() != keys.iloc[:-1].to_numpy()).any(axis=1)])
    ) if n_sentences else np.array([], dtype=np.int64)
    unit_stop = np.append(unit_start[1:], n_sentences)

    alpha = (1.0 - ci) / 2.0
    rows = []
    lexdiv = slice(len(COUNT_COLUMNS) + 1, len(_SUM_COLUMNS))
    for first, last in zip(unit_start, unit_stop):
        key = tuple(keys.iloc[first].tolist())
        matrix = base[first:last].copy()
        t0, t1 = token_start[first], token_end[last - 1]
        credits = _lexdiv_credits(ids[t0:t1], MATTR_WINDOW, MTLD_THRESHOLD)
        # Credits per token -> per sentence, by cumulative sums at the
        # sentence boundaries (sentences without words get 0).
        cumulative = np.vstack([np.zeros((1, 4)), np.cumsum(credits, axis=0)])
        bounds = token_end[first:last] - t0
        matrix[:, lexdiv] = cumulative[bounds] - cumulative[np.concatenate([[0], bounds[:-1]])]

        estimate = _measures(matrix.sum(axis=0))
        replicates = _measures(_bootstrap_sums(matrix, n_boot, np.random.default_rng(_unit_seed(random_state, key))))
        low, high = np.quantile(replicates, [alpha, 1.0 - alpha], axis=1)

        notes = []
        undefined = [m for i, m in enumerate(MEASURES) if np.isfinite(estimate[i]) and not np.isfinite(replicates[i]).all()]
        if undefined:
            notes.append("no interval, undefined in some resamples: " + ", ".join(undefined))
        slack = CONTAINMENT_TOLERANCE * np.maximum(1.0, np.abs(estimate))
        outside = np.isfinite(estimate) & np.isfinite(low) & ((estimate < low - slack) | (estimate > high + slack))
        if outside.any():
            notes.append("interval widened to include the estimate: " + ", ".join(np.array(MEASURES)[outside]))
        low = np.where(np.isfinite(estimate) & np.isfinite(low), np.minimum(low, estimate), np.nan)
        high = np.where(np.isfinite(estimate) & np.isfinite(high), np.maximum(high, estimate), np.nan)

        unit_words, unit_sentences = int(matrix[:, 0].sum()), int(last - first)
        row = dict(zip(columns, key))
        row.update(words=unit_words, sentences=unit_sentences, caution=_caution(unit_words, unit_sentences, notes))
        for i, measure in enumerate(MEASURES):
            row[measure] = estimate[i]
            row[f"{measure}_ci_low"] = low[i]
            row[f"{measure}_ci_high"] = high[i]
        rows.append(row)

    output_columns = [*columns, "words", "sentences", "caution"] + [
        f"{m}{suffix}" for m in MEASURES for suffix in ("", "_ci_low", "_ci_high")
    ]
    result = pd.DataFrame(rows, columns=output_columns)
    return result.astype({"words": np.int64, "sentences": np.int64, "caution": str})


#: Unit types of the export table, in output order, and the column each groups by.
UNIT_TYPES = {"speaker": "speaker", "document": "doc_id"}


def readability_table(counts: pd.DataFrame, n_boot: int = 1000, random_state: int = 0) -> pd.DataFrame:
    """The ``readability.csv`` table: every speaker and every document.

    Parameters
    ----------
    counts : pandas.DataFrame
        The output of :func:`analysis.counts.sentence_counts`.
    n_boot : int, optional
        Bootstrap replicates per unit. Default 1000.
    random_state : int, optional
        Seed (see :func:`textstat_readability`). Default 0.

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
    >>> from analysis.counts import sentence_counts
    >>> table = pd.DataFrame({"doc_id": "003", "segment_id": 0, "sentence_id": [0, 1],
    ...     "speaker": "Sadiq Khan", "kind": "speech",
    ...     "text": ["Extremism is a cancer eating away at our society.",
    ...              "It is a problem that is getting worse."]})
    >>> readability_table(sentence_counts(table), n_boot=100)[["unit_type", "unit", "words"]].values.tolist()
    [['speaker', 'Sadiq Khan', 17], ['document', '003', 17]]
    """
    parts = []
    for unit_type, column in UNIT_TYPES.items():
        scored = textstat_readability(counts, by=column, n_boot=n_boot, random_state=random_state)
        scored = scored.rename(columns={column: "unit"})
        scored.insert(0, "unit_type", unit_type)
        scored["unit"] = scored["unit"].astype(str)
        parts.append(scored.sort_values("unit", kind="stable"))
    return pd.concat(parts, ignore_index=True)


# --- Agreement with textstat ---------------------------------------------------

#: The two textstat functions compared, and our formula for each.
_AGREEMENT: dict[str, tuple[Callable[[str], float], Callable]] = {
    "flesch_reading_ease": (textstat.flesch_reading_ease, flesch_reading_ease),
    "flesch_kincaid_grade": (textstat.flesch_kincaid_grade, flesch_kincaid_grade),
}


def textstat_agreement(documents_text: Mapping[str, str]) -> pd.DataFrame:
    """Compare our Flesch scores with textstat's, one source of difference at a time.

    Parameters
    ----------
    documents_text : mapping of str to str
        ``doc_id -> text``, any texts (the raw seed files, cleaned documents).

    Returns
    -------
    pandas.DataFrame
        One row per document, sorted by ``doc_id``, with the counts
        ``words``/``syllables``/``sentences`` (ours: :func:`analysis.tokens.words`
        within the sentences of :func:`analysis.sentences.split_sentences`) and
        ``words_textstat``/``syllables_textstat``/``sentences_textstat``
        (``lexicon_count``, ``syllable_count``, ``sentence_count``), and for
        ``m`` in ``flesch_reading_ease``, ``flesch_kincaid_grade``:

        ``m_textstat``
            textstat's own score (textstat 0.7.8 does not round unless asked
            to with ``set_rounding_points``: full precision).
        ``m_textstat_counts``
            our formula on textstat's three counts: equal to ``m_textstat``
            (to floating-point precision) when our formula is textstat's.
        ``m_textstat_sentences``
            our word and syllable counts with textstat's sentence count: the
            difference from ``m_textstat`` is what our definition of a word
            does.
        ``m``
            our counts throughout: the further difference is what our
            sentence splitting does.

    Examples
    --------
    >>> table = textstat_agreement({"x": "The cat sat. The dog ran far away."})
    >>> float(table.loc[0, "flesch_reading_ease_textstat_counts"] - table.loc[0, "flesch_reading_ease_textstat"])
    0.0
    """
    rows = []
    for doc_id in sorted(documents_text):
        text = documents_text[doc_id]
        pieces = [text[start:end] for start, end in split_sentences(text)]
        table = pd.DataFrame(
            {"doc_id": doc_id, "segment_id": 0, "sentence_id": range(len(pieces)), "speaker": "", "kind": "", "text": pieces}
        )
        ours = sentence_counts(table) if pieces else table.assign(words=0, syllables=0)
        row = {
            "doc_id": doc_id,
            "words": int(ours["words"].sum()),
            "syllables": int(ours["syllables"].sum()),
            "sentences": len(pieces),
            "words_textstat": textstat.lexicon_count(text),
            "syllables_textstat": textstat.syllable_count(text),
            "sentences_textstat": textstat.sentence_count(text),
        }
        for measure, (theirs, formula) in _AGREEMENT.items():
            row[f"{measure}_textstat"] = float(theirs(text))
            row[f"{measure}_textstat_counts"] = float(
                formula(row["words_textstat"], row["sentences_textstat"], row["syllables_textstat"])
            )
            row[f"{measure}_textstat_sentences"] = float(formula(row["words"], row["sentences_textstat"], row["syllables"]))
            row[measure] = float(formula(row["words"], row["sentences"], row["syllables"]))
        rows.append(row)
    return pd.DataFrame(rows)

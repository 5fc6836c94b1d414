"""The readability formulas: each published formula a small function of summed counts, its constants named.

See :mod:`analysis.measures.readability` for where each differs from textstat.
"""

from __future__ import annotations


import numpy as np

from ...text.counts import COUNT_COLUMNS


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

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

The package: :mod:`.formulas` (one small function per published formula),
:mod:`.lexdiv` (MATTR and MTLD) and :mod:`.units` (units with intervals: the
readability family of the measure contract).

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

from .formulas import (
    ARI_CHARACTERS_PER_WORD,
    ARI_CONSTANT,
    ARI_WORDS_PER_SENTENCE,
    CAUTION_MIN_WORDS,
    COLEMAN_LIAU_CONSTANT,
    COLEMAN_LIAU_LETTERS,
    COLEMAN_LIAU_SENTENCES,
    DALE_CHALL_ADJUSTMENT,
    DALE_CHALL_ADJUSTMENT_ABOVE_PERCENT,
    DALE_CHALL_PERCENT_DIFFICULT,
    DALE_CHALL_WORDS_PER_SENTENCE,
    FLESCH_BASE,
    FLESCH_SYLLABLES_PER_WORD,
    FLESCH_WORDS_PER_SENTENCE,
    FOG_WEIGHT,
    KINCAID_CONSTANT,
    KINCAID_SYLLABLES_PER_WORD,
    KINCAID_WORDS_PER_SENTENCE,
    LINSEAR_CUTOFF,
    LINSEAR_DIVISOR,
    LINSEAR_EASY_POINTS,
    LINSEAR_HARD_POINTS,
    LINSEAR_SHORT_SUBTRACT,
    MEASURES,
    PER_HUNDRED_WORDS,
    REQUIRED_COLUMNS,
    SMOG_INTERCEPT,
    SMOG_SAMPLE_SENTENCES,
    SMOG_SLOPE,
    automated_readability_index,
    coleman_liau_index,
    dale_chall_readability_score,
    flesch_kincaid_grade,
    flesch_reading_ease,
    gunning_fog,
    linsear_write_formula,
    smog_index,
    syllables_per_word,
    words_per_sentence,
)
from .lexdiv import (
    MATTR_WINDOW,
    MTLD_THRESHOLD,
    mattr,
    mtld,
)
from .units import (
    FAMILY,
    as_unit_table,
    readability_table,
    readability_units,
    sentence_values,
    statistic,
    textstat_readability,
    unit_rows,

)

__all__ = [
    "FAMILY",
    "ARI_CHARACTERS_PER_WORD",
    "ARI_CONSTANT",
    "ARI_WORDS_PER_SENTENCE",
    "CAUTION_MIN_WORDS",
    "COLEMAN_LIAU_CONSTANT",
    "COLEMAN_LIAU_LETTERS",
    "COLEMAN_LIAU_SENTENCES",
    "DALE_CHALL_ADJUSTMENT",
    "DALE_CHALL_ADJUSTMENT_ABOVE_PERCENT",
    "DALE_CHALL_PERCENT_DIFFICULT",
    "DALE_CHALL_WORDS_PER_SENTENCE",
    "FLESCH_BASE",
    "FLESCH_SYLLABLES_PER_WORD",
    "FLESCH_WORDS_PER_SENTENCE",
    "FOG_WEIGHT",
    "KINCAID_CONSTANT",
    "KINCAID_SYLLABLES_PER_WORD",
    "KINCAID_WORDS_PER_SENTENCE",
    "LINSEAR_CUTOFF",
    "LINSEAR_DIVISOR",
    "LINSEAR_EASY_POINTS",
    "LINSEAR_HARD_POINTS",
    "LINSEAR_SHORT_SUBTRACT",
    "MATTR_WINDOW",
    "MEASURES",
    "MTLD_THRESHOLD",
    "PER_HUNDRED_WORDS",
    "REQUIRED_COLUMNS",
    "SMOG_INTERCEPT",
    "SMOG_SAMPLE_SENTENCES",
    "SMOG_SLOPE",
    "as_unit_table",
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
    "readability_units",
    "sentence_values",
    "smog_index",
    "statistic",
    "syllables_per_word",
    "textstat_readability",
    "unit_rows",
    "words_of_rows",
    "words_per_sentence",
]

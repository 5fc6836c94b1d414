"""Stage 5e: distinctive words of each speaker against all the others (keyness).

:func:`term_counts` counts each speaker's words (per document, so it can run
in worker processes); :func:`textstat_keyness` (named after quanteda's
function) compares one speaker's counts with those of every other speaker
pooled, word by word, with two statistics:

``g2``
    Dunning's (1993) log-likelihood G2, in the two-cell form of Rayson &
    Garside (2000): for a word used ``a`` times in ``c`` words of the target
    and ``b`` times in ``d`` words of the reference,
    ``E1 = c (a + b) / (c + d)``, ``E2 = d (a + b) / (c + d)`` and
    ``G2 = 2 (a ln(a / E1) + b ln(b / E2))``, with ``0 ln 0 = 0``. It measures
    the *evidence* for a difference. Signed here, as in quanteda: negative
    when the target uses the word less often than the reference.
``log_ratio``
    Hardie's (2014) Log Ratio, ``log2((a / c) / (b / d))``: the *size* of the
    difference; +1 is twice as frequent in the target, -1 half as frequent.
    A zero count is replaced by 0.5 first (:data:`ZERO_ADJUSTMENT`), so a
    word the reference never uses gets a large but finite value.

``p_value`` is the chi-square (1 degree of freedom) tail probability of the
unsigned G2. It assumes every word is an independent draw, which words of one
speech are not: a word a speaker repeats in one passage is one choice, not
many (Lijffijt et al. 2016 show such tests find far too many "significant"
differences). The keyness table is therefore descriptive: a ranking of what
sets a speaker apart in these texts, not a test.

Which words count as distinctive. A word is listed for a target only if it
passes two thresholds:

- the target used it at least :data:`MIN_COUNT` (5) times: a word used once
  or twice is not "theirs" in any useful sense, and G2 is unreliable for very
  low frequencies (Rayson & Garside 2000);
- its G2 is at least :data:`MIN_G2` (15.13), the chi-square critical value of
  the 0.01% level (p < 0.0001, 1 d.f.), on the positive side: the target uses
  the word *more* often than the reference. Rayson, Berridge & Francis (2004)
  found by simulation that at the usual 5% level (3.84) G2 gives far too many
  false differences when expected frequencies are small, and that 15.13 keeps
  it reliable down to expected frequencies of 1. Small expected frequencies
  are the rule in a corpus of a few texts (a word used five times by a
  speaker of a fifth of the words), and each target tests hundreds of words
  whose occurrences are not independent (Lijffijt et al. 2016): the strict
  cut-off answers both, in part. For a speaker of very few words an expected
  frequency can still fall below 1; the table stays descriptive.

Words the target uses *less* than the reference (negative G2) are not
distinctive of the target and are left out: each row is a word that sets its
target apart. The thresholds are :func:`textstat_keyness`'s defaults and the
export's; a chapter may pass a lower ``min_count`` (never a lower bar than
the one it states).

The speakers are the units of :mod:`analysis.stats.bootstrap`: words of quotations
no attribution rule could attribute (speaker
:data:`analysis.corpus.segments.UNATTRIBUTED`) are neither a target nor part of the
reference. They are no one's, and may be the target's own: counting them in
the reference would compare a speaker with, possibly, himself.

Words are :func:`analysis.text.tokens.words`, lower-cased, stop words kept: in
political talk, pronouns and modals are among the most telling words.

References
----------
Dunning, T. (1993). Accurate methods for the statistics of surprise and
coincidence. *Computational Linguistics*, 19(1), 61-74. [dunning1993]

Rayson, P., & Garside, R. (2000). Comparing corpora using frequency
profiling. *Proceedings of the Workshop on Comparing Corpora*, ACL 2000,
1-6. [rayson2000]

Rayson, P., Berridge, D., & Francis, B. (2004). Extending the Cochran rule
for the comparison of word frequencies between corpora. In *JADT 2004: 7es
Journées internationales d'Analyse statistique des Données Textuelles*,
Louvain-la-Neuve. [rayson2004]

Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for
Corpus Approaches to Social Science (CASS). [hardie2014]

Lijffijt, J., Nevalainen, T., Säily, T., Papapetrou, P., Puolamäki, K., &
Mannila, H. (2016). Significance testing of word frequencies in corpora.
*Digital Scholarship in the Humanities*, 31(2), 374-397. [lijffijt2016]
"""

from __future__ import annotations

import collections
import itertools
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..stats.bootstrap import UNIT_TYPES, is_unit
from ..text.tokens import words_of_each
from ..text.words import Words

__all__ = [
    "KEYNESS_COLUMNS",
    "MIN_COUNT",
    "MIN_G2",
    "TERM_COUNT_COLUMNS",
    "empty_table",
    "g2",
    "log_ratio",
    "p_value",
    "speakers",
    "term_counts",
    "textstat_keyness",
    "top_terms",
]

TERM_COUNT_COLUMNS = ["speaker", "term", "count"]
KEYNESS_COLUMNS = ["target", "term", "count_target", "count_reference", "g2", "log_ratio", "p_value"]
#: Default minimum count of a word in the target. Rayson & Garside (2000)
#: warn that G2 is unreliable for very low expected frequencies; a word a
#: speaker used fewer than five times is not "theirs" in any useful sense.
MIN_COUNT = 5
#: Least G2 of a distinctive word: the chi-square (1 d.f.) critical value at
#: p < 0.0001, which Rayson, Berridge & Francis (2004) recommend for G2 with
#: expected frequencies of 1 or more (see the module docstring).
MIN_G2 = 15.13
#: Count put in place of a zero before Log Ratio's ratio is taken (Hardie 2014).
ZERO_ADJUSTMENT = 0.5


def term_counts(sentences: pd.DataFrame, words: Words | None = None) -> pd.DataFrame:
    """How often each speaker uses each word.

    Parameters
    ----------
    sentences : pandas.DataFrame
        One row per sentence, with at least ``speaker`` and ``text``
        (:func:`analysis.text.sentences.sentence_table`). If it also has the
        ``tokens`` column of :func:`analysis.text.counts.sentence_counts` (the
        sentence's lower-cased words joined by spaces), those words are used
        rather than tokenising again; they are the same words.
    words : analysis.text.words.Words, optional
        The sentences' words, in the table's order, if the caller has them
        (the pipeline makes them once per batch).

    Returns
    -------
    pandas.DataFrame
        ``speaker, term, count`` (int64), one row per speaker and word used,
        sorted by ``speaker`` and ``term``. Counts of several documents can be
        concatenated: :func:`textstat_keyness` adds up repeated rows.

    Raises
    ------
    ValueError
        If ``speaker`` or ``text`` is missing, a speaker is missing, or a
        ``tokens`` string does not hold words joined by single spaces.
    TypeError
        If a ``text`` value is not a string.

    Examples
    --------
    >>> table = pd.DataFrame({"speaker": ["Sadiq Khan", "Sadiq Khan"],
    ...                       "text": ["I’ll act to keep Londoners safe.", "I will act."]})
    >>> term_counts(table).head(3).values.tolist()
    [['Sadiq Khan', 'act', 2], ['Sadiq Khan', 'i', 1], ['Sadiq Khan', "i'll", 1]]
    """
    missing = [c for c in ("speaker", "text") if c not in sentences.columns]
    if missing:
        raise ValueError(f"sentences table lacks column(s) {missing}")
    if sentences["speaker"].isna().any():
        raise ValueError("missing values in speaker: every sentence must have a speaker")
    if words is not None or "tokens" in sentences.columns:
        words = Words(sentences["tokens"].tolist()) if words is None else words
        return _term_counts_of_words(sentences["speaker"].astype(str).to_numpy(), words)
    texts = sentences["text"].tolist()
    for position, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"text of row {position} is {type(text).__name__}, not str")
    # Each speaker's words are counted in one go and the (speaker, term) pairs
    # sorted in Python: several times faster than value_counts and
    # sort_values on a table of every word, and the same order, since both
    # compare the strings code point by code point.
    words_of: dict[str, list[list[str]]] = {}
    speakers = sentences["speaker"].astype(str).tolist()
    for speaker, sentence_words in zip(speakers, words_of_each(texts, lowercase=True), strict=True):
        words_of.setdefault(speaker, []).append(sentence_words)
    rows = [
        (speaker, term, count)
        for speaker in sorted(words_of)
        for term, count in sorted(collections.Counter(itertools.chain.from_iterable(words_of[speaker])).items())
    ]
    speakers, terms, counts = zip(*rows) if rows else ((), (), ())
    return _term_table(speakers, terms, np.array(counts, dtype=np.int64))


def _term_counts_of_words(speakers: np.ndarray, words: Words) -> pd.DataFrame:
    """:func:`term_counts` from each sentence's speaker and its :class:`analysis.text.words.Words`.

    The words are taken as :func:`analysis.text.words.word_codes` numbers them
    (the pipeline has already made them for the batch, for coding frames), in
    the sorted order of the types; each (speaker, type) pair is one integer,
    speaker first, so counting the distinct integers gives the pairs already
    in order: by speaker, then term, code point by code point, as sorting the
    strings would.
    """
    lengths, codes, types = words.lengths, words.codes, words.types
    speaker_codes, speaker_names = pd.factorize(speakers, sort=True)
    pairs = np.repeat(speaker_codes.astype(np.int64), lengths) * len(types) + codes
    pair, count = np.unique(pairs, return_counts=True)
    terms = np.asarray(types, dtype=object)[pair % len(types)] if len(pair) else []
    return _term_table(np.asarray(speaker_names, dtype=object)[pair // max(len(types), 1)], terms, count)


def _term_table(speakers, terms, counts: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "speaker": pd.Series(speakers, dtype=str),
            "term": pd.Series(terms, dtype=str),
            "count": np.asarray(counts, dtype=np.int64),
        }
    )


def g2(a, b, c, d) -> np.ndarray:
    """Signed log-likelihood G2 of a word (Rayson & Garside 2000's two-cell form).

    Parameters
    ----------
    a, b : array-like
        The word's count in the target and in the reference.
    c, d : array-like
        Total words of the target and of the reference.

    Returns
    -------
    numpy.ndarray
        ``2 (a ln(a/E1) + b ln(b/E2))`` with ``E1 = c (a+b)/(c+d)``,
        ``E2 = d (a+b)/(c+d)`` and ``0 ln 0 = 0``; negative where
        ``a / c < b / d``.

    References
    ----------
    Dunning (1993) [dunning1993]; Rayson & Garside (2000) [rayson2000].

    Examples
    --------
    >>> round(float(g2(10, 20, 1000, 9000)), 4)
    12.0753
    """
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    expected_target = c * (a + b) / (c + d)
    expected_reference = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        term_target = np.where(a > 0, a * np.log(a / expected_target), 0.0)
        term_reference = np.where(b > 0, b * np.log(b / expected_reference), 0.0)
    unsigned = 2.0 * (term_target + term_reference)
    # Rounding can leave a tiny negative value where the two rates are equal.
    unsigned = np.maximum(unsigned, 0.0)
    return np.where(a * d < b * c, -unsigned, unsigned)


def log_ratio(a, b, c, d) -> np.ndarray:
    """Hardie's (2014) Log Ratio: the binary log of the ratio of relative frequencies.

    Zero counts are replaced by :data:`ZERO_ADJUSTMENT` (0.5) first.

    Examples
    --------
    >>> float(log_ratio(10, 20, 1000, 9000))   # (10/1000) / (20/9000) = 4.5
    2.169925001442312
    >>> float(log_ratio(5, 0, 100, 100))       # 0 becomes 0.5: log2(5 / 0.5)
    3.321928094887362
    """
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    a = np.where(a == 0, ZERO_ADJUSTMENT, a)
    b = np.where(b == 0, ZERO_ADJUSTMENT, b)
    return np.log2((a / c) / (b / d))


def p_value(g2_values) -> np.ndarray:
    """Chi-square (1 df) upper tail of the unsigned G2: ``erfc(sqrt(|G2| / 2))``.

    Examples
    --------
    >>> round(float(p_value(3.841458820694124)), 6)   # the 5% critical value
    0.05
    """
    values = np.abs(np.asarray(g2_values, dtype=float))
    return np.array([math.erfc(math.sqrt(v / 2.0)) for v in values.ravel()]).reshape(values.shape)


def speakers(term_counts: pd.DataFrame) -> list[str]:
    """The speakers keyness compares: those of ``term_counts`` that are units, sorted.

    Words of unattributed quotations (:data:`analysis.corpus.segments.UNATTRIBUTED`)
    are no speaker's (see the module docstring). :func:`textstat_keyness`
    needs two of these, a target and a reference.

    Examples
    --------
    >>> speakers(pd.DataFrame({"speaker": ["B", "(unattributed)", "A"], "term": "we", "count": 1}))
    ['A', 'B']
    """
    return sorted(set(term_counts.loc[is_unit(term_counts, UNIT_TYPES["speaker"]), "speaker"]))


def textstat_keyness(
    term_counts: pd.DataFrame,
    target: str | Sequence[str] | None = None,
    min_count: int = MIN_COUNT,
    min_g2: float = MIN_G2,
) -> pd.DataFrame:
    """The distinctive words of each target speaker against all other speakers pooled.

    Parameters
    ----------
    term_counts : pandas.DataFrame
        ``speaker, term, count`` from :func:`term_counts` (rows for the same
        speaker and term, e.g. from several documents, are added up). Rows of
        unattributed words are left out: they are neither a target nor in the
        reference (see :func:`speakers`).
    target : str or sequence of str, optional
        The speaker(s) to describe; default every speaker.
    min_count : int, optional
        Keep only words the target used at least this often (default
        :data:`MIN_COUNT`).
    min_g2 : float, optional
        Keep only words whose G2 is at least this, so that the target uses
        them more often than the reference (default :data:`MIN_G2`, the 0.01%
        level; see the module docstring).

    Returns
    -------
    pandas.DataFrame
        ``target, term, count_target, count_reference, g2, log_ratio,
        p_value`` (see the module docstring; ``count_reference`` is the word's
        count in all other speakers' words), one row per word past both
        thresholds, sorted by ``target``, then ``g2`` from most to least
        distinctive, then ``term``. A target may have no row.

    Raises
    ------
    ValueError
        If a column is missing, a count is negative, ``min_count < 1``,
        ``min_g2`` is not positive, there are fewer than two speakers, or a
        target is not a speaker.

    References
    ----------
    Dunning (1993) [dunning1993]; Rayson & Garside (2000) [rayson2000];
    Rayson, Berridge & Francis (2004) [rayson2004]; Hardie (2014)
    [hardie2014]; Lijffijt et al. (2016) [lijffijt2016].

    Examples
    --------
    "we" is ten times in A's 1,000 words and twenty times in B's 9,000: G2
    12.08, below :data:`MIN_G2`; at the 5% level (3.84) it is A's. "the" is
    used less by A: never A's.

    >>> counts = pd.DataFrame({"speaker": ["A", "A", "B", "B"], "term": ["we", "the", "we", "the"],
    ...                        "count": [10, 990, 20, 8980]})
    >>> len(textstat_keyness(counts, target="A"))
    0
    >>> five_percent = textstat_keyness(counts, target="A", min_g2=3.84)
    >>> five_percent[["term", "count_reference", "log_ratio"]].round(3).values.tolist()
    [['we', 20, 2.17]]
    """
    missing = [c for c in TERM_COUNT_COLUMNS if c not in term_counts.columns]
    if missing:
        raise ValueError(f"term counts lack column(s) {missing}; make them with term_counts")
    if (term_counts["count"] < 0).any():
        raise ValueError("term counts must not be negative")
    if isinstance(min_count, bool) or not isinstance(min_count, int | np.integer) or min_count < 1:
        raise ValueError(f"min_count must be a positive integer, not {min_count!r}")
    if isinstance(min_g2, bool) or not isinstance(min_g2, int | float | np.number) or not min_g2 > 0:
        raise ValueError(f"min_g2 must be a positive number, not {min_g2!r}")
    term_counts = term_counts[is_unit(term_counts, UNIT_TYPES["speaker"])]
    totals = term_counts.groupby(["speaker", "term"], sort=True)["count"].sum()
    per_speaker = totals.groupby(level="speaker").sum()
    names = list(per_speaker.index)
    if len(names) < 2:
        raise ValueError(
            f"keyness needs at least two speakers, a target and a reference; the term counts have {len(names)}"
        )
    targets = names if target is None else ([target] if isinstance(target, str) else list(target))
    unknown = [t for t in targets if t not in per_speaker.index]
    if unknown:
        raise ValueError(f"no speaker {unknown} in the term counts")
    all_words = float(per_speaker.sum())
    by_term = totals.groupby(level="term").sum()
    parts = []
    for speaker in sorted(targets):
        own = totals.loc[speaker]
        own = own[own >= min_count]
        a = own.to_numpy(dtype=float)
        b = by_term.reindex(own.index).to_numpy(dtype=float) - a
        c = float(per_speaker[speaker])
        d = all_words - c
        scores = g2(a, b, c, d)
        passing = scores >= min_g2
        parts.append(
            pd.DataFrame(
                {
                    "target": speaker,
                    "term": own.index[passing].astype(str),
                    "count_target": own.to_numpy(dtype=np.int64)[passing],
                    "count_reference": b[passing].astype(np.int64),
                    "g2": scores[passing],
                    "log_ratio": log_ratio(a, b, c, d)[passing],
                    "p_value": p_value(scores[passing]),
                }
            )
        )
    table = pd.concat(parts, ignore_index=True) if parts else empty_table()
    table = table.sort_values(["target", "g2", "term"], ascending=[True, False, True], kind="stable", ignore_index=True)
    return table[KEYNESS_COLUMNS]


def empty_table() -> pd.DataFrame:
    """A keyness table without rows, its columns typed as :func:`textstat_keyness` types them."""
    return pd.DataFrame(
        {
            "target": pd.Series(dtype=str),
            "term": pd.Series(dtype=str),
            "count_target": pd.Series(dtype=np.int64),
            "count_reference": pd.Series(dtype=np.int64),
            "g2": pd.Series(dtype=float),
            "log_ratio": pd.Series(dtype=float),
            "p_value": pd.Series(dtype=float),
        }
    )


def top_terms(keyness: pd.DataFrame, targets: Sequence[str], n: int = 10, digits: int = 2) -> pd.DataFrame:
    """The ``n`` most distinctive words (highest positive G2) of each target, for a table in the book.

    Returns
    -------
    pandas.DataFrame
        ``target, rank, term, count_target, count_reference, g2, log_ratio``,
        rounded to ``digits``, in the order of ``targets``.
    """
    parts = []
    for target in targets:
        rows = keyness[(keyness["target"] == target) & (keyness["g2"] > 0)].head(n)
        parts.append(rows.assign(rank=np.arange(1, len(rows) + 1)))
    table = pd.concat(parts, ignore_index=True)
    table = table[["target", "rank", "term", "count_target", "count_reference", "g2", "log_ratio"]]
    return table.round({"g2": digits, "log_ratio": digits})


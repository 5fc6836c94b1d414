"""Readability of units (speakers, documents, any ``by`` columns) with sentence-bootstrap intervals.

The readability family of the measure contract (:data:`FAMILY`, :class:`analysis.measures.family.Family`).
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from ...stats.bootstrap import (
    CAUTION_MIN_SENTENCES,
    DEFAULT_CI,
    DEFAULT_N_BOOT,
    SINGLE_SENTENCE_NOTE,
    UNIT_TYPES,
    UnitIntervals,
    bootstrap_groups,
    sentence_order,
    unit_bounds,
    with_unit_column,
)
from ...text.counts import COUNT_COLUMNS
from ...text.words import words_of_rows
from ..family import Family, UnitSentences, unit_tables
from .formulas import (
    CAUTION_MIN_WORDS,
    MEASURES,
    REQUIRED_COLUMNS,
    SMOG_SAMPLE_SENTENCES,
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
from .lexdiv import MATTR_WINDOW, MTLD_THRESHOLD, _lexdiv_credits, _mattr_value, _mtld_value


# --- Scoring units --------------------------------------------------------------

#: Columns of the summed-count matrix, in order.
_SUM_COLUMNS = (*COUNT_COLUMNS, "sentences", "mattr_ttr_share", "mattr_window_share", "mtld_forward", "mtld_backward")
_COLUMN = {name: index for index, name in enumerate(_SUM_COLUMNS)}


def statistic(sums: np.ndarray) -> np.ndarray:
    """The readability family's statistic: all measures from summed counts ``(..., len(_SUM_COLUMNS))`` ->
    ``(len(MEASURES), ...)``."""

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
        keys, [(sentence_values(counts, token_ids, keys, rows), statistic)], n_boot, random_state, ci
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


def readability_table(counts: pd.DataFrame, n_boot: int = DEFAULT_N_BOOT, random_state: int = 0) -> pd.DataFrame:
    """The ``readability.csv`` table: every speaker and every document.

    Parameters
    ----------
    counts : pandas.DataFrame
        The output of :func:`analysis.text.counts.sentence_counts`.
    n_boot : int, optional
        Bootstrap replicates per unit. Default 1000.
    random_state : int, optional
        Seed (see :func:`textstat_readability`). Default 0.

    Returns
    -------
    pandas.DataFrame
        Columns ``unit_type`` (``"speaker"``, ``"occasion"`` or
        ``"document"``), ``unit`` (canonical speaker name, ``<speaker> @
        <doc_id>`` or ``doc_id``), then the columns of
        :func:`textstat_readability` after its ``by`` column; speakers first,
        then occasions (a speaker of several documents in each of them;
        :func:`analysis.stats.bootstrap.occasions`), then documents, each
        sorted by ``unit``. Intervals are 95%.

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
        [readability_units(counts, unit_type, n_boot, random_state) for unit_type in UNIT_TYPES],
        ignore_index=True,
    )


def readability_units(
    counts: pd.DataFrame, unit_type: str, n_boot: int = DEFAULT_N_BOOT, random_state: int = 0
) -> pd.DataFrame:
    """The rows of :func:`readability_table` for one unit type (``"speaker"``, ``"occasion"`` or ``"document"``).

    Sentences of no unit (:func:`analysis.stats.bootstrap.is_unit`: unattributed
    quotations, for speakers) are left out. Each unit's scores depend only on
    its own sentences (and its own random stream), so the document rows of a corpus can be computed batch by batch
    and concatenated: the export scores documents in its worker processes. Computed by
    :func:`analysis.measures.family.unit_tables`, as the export computes them.
    """
    if unit_type not in UNIT_TYPES:
        raise ValueError(f"unit_type must be one of {list(UNIT_TYPES)}, not {unit_type!r}")
    if UNIT_TYPES[unit_type] not in counts.columns and all(c in counts.columns for c in ("speaker", "doc_id")):
        counts = with_unit_column(counts, unit_type)
    _check_arguments(counts, [UNIT_TYPES[unit_type]], n_boot, DEFAULT_CI)
    return unit_tables({"counts": counts}, unit_type, [FAMILY], n_boot, random_state)["readability"]


def as_unit_table(scored: pd.DataFrame, unit_type: str) -> pd.DataFrame:
    """Rows of :func:`unit_rows` by one unit type as rows of :func:`readability_table`."""
    table = scored.rename(columns={UNIT_TYPES[unit_type]: "unit"})
    table.insert(0, "unit_type", unit_type)
    table["unit"] = table["unit"].astype(str)
    return table.sort_values("unit", kind="stable", ignore_index=True)


def _family_values(sentences: UnitSentences) -> np.ndarray:
    return sentence_values(sentences.tables["counts"], sentences.token_ids, sentences.keys, sentences.rows)


def _family_rows(intervals: UnitIntervals, sentences: UnitSentences) -> pd.DataFrame:
    return as_unit_table(unit_rows(intervals, [sentences.column]), sentences.unit_type)


#: The readability family of the measure contract (:class:`analysis.measures.family.Family`): the
#: counts of :data:`_SUM_COLUMNS` per sentence, :func:`statistic`, the rows of ``readability.csv``.
FAMILY = Family("readability", "counts", _family_values, statistic, _family_rows)

"""Stage 5c: rhetorical features of speakers and documents, per 1,000 words, with intervals.

A *feature* is a word list kept as data, with its source, in
``data/rhetoric_features.yaml``: pronouns of each person (who speaks as "I",
who as "we", who talks of "them"), modals of obligation, commitment and
hypothesis, boosters and hedges, negation, intensifiers, threat and emotive
vocabulary, and anti-elite (populist) stems; plus two features that are not
word lists, ``questions`` (sentences ending in a question mark) and
``sentiment`` (VADER's compound score).

:func:`sentence_features` counts every feature in every sentence, once;
:func:`rhetoric_table` (the ``rhetoric.csv`` export) turns the counts into
rates per 1,000 words for each speaker and each document, with a sentence
bootstrap interval (Benoit, Munger & Spirling 2019) from
:func:`analysis.stats.bootstrap.bootstrap_units`: a rate is a ratio of two sums of
per-sentence counts, so no word is matched again per resample.

Matching
--------
Words are :func:`analysis.text.tokens.words`, so every module shares one definition
of a word; they are compared lower-cased (``I’ll`` is ``i'll``). A table with
the ``tokens`` column of :func:`analysis.text.counts.sentence_counts` is not
tokenised again: its words are located in the text, to see how each is written.
A list entry is a word, a stem with ``*`` at either end or both, or a two-word
phrase, as the data file describes. Matching works on *distinct* word forms:
each form of the corpus is looked up once (and remembered for later calls),
and the per-sentence counts are weighted bincounts of the tokens' codes (a
million words have a few tens of thousands of forms). Phrases are matched on
consecutive word codes within a sentence.

Guards (``unless``): where we depart from the published lists
--------------------------------------------------------------
A lexicon feature may list ``unless`` phrases: a hit of the feature is not
counted when it lies inside a match of one of them, the semantics of the frame
schemes' ``unless`` (:mod:`analysis.measures.frames`): a phrase is lower-case word
globs, ``*`` alone any one word, matched ignoring case within one sentence, and
it must contain a word the feature counts. They guard the senses a topic-bound
word has outside its topic: the threat dictionary of Choi et al. (2022) counts
"attack", "targets" and "security" in every sense, so "an attack on the
council's record", "housing targets" or "security of tenure" would count as
threat. Every guard is *our* addition, marked ``added`` with its reason; the
published list is kept whole and visible in ``entries``, so a rate without the
guards can still be had by removing them, and rates with them are a little
lower than the published dictionary gives on texts with those senses (on the
five seeds they change nothing). Guards cover senses belonging to another
topic, not the lexicon's own breadth: Choi et al. chose words that co-occur
with threat ("issue", "amid", "potential"), and those count in every sense by
design. A feature whose words are bound to a topic states its ``domain``; the
file's ``domain`` is that of the others.

Case decides what a word is: a word counts only as written in lower case,
capitalised as the first word of its sentence, or as the pronoun ``I`` and its
contractions. So ``May`` (the month, Theresa May), ``US`` (the United States),
``Prevent`` (the programme) and ``Will`` (the name) mid-sentence are not the
modal, the pronoun or the verb. A headline written in capitals is read as
names; a name that opens a sentence is read as a word (``Will Smith said``).

Sentiment
---------
VADER (Hutto & Gilbert 2014) scores each sentence; the feature is the mean
compound score of a unit's sentences. The scores are vaderSentiment 3.3.2's
(equal floats), computed by :func:`analysis.measures.sentiment.vader_compound` in time
proportional to the words (the package's ``polarity_scores`` was more than
half the export's time, and quadratic in a run-on sentence). Its lexicon was
rated for social-media text and misreads security talk: "we will not let the
terrorists win" scores strongly positive (``win``), and ``extremism`` is not
in it at all.

References
----------
Benoit, K., Munger, K., & Spirling, A. (2019). Measuring and explaining
political sophistication through textual complexity. *American Journal of
Political Science*, 63(2), 491-508. [benoit2019]

Hutto, C. J., & Gilbert, E. (2014). VADER: A parsimonious rule-based model for
sentiment analysis of social media text. *Proceedings of ICWSM-14*. [hutto2014]

The word lists cite their own sources in the data file: Biber et al. (1999),
Hyland (2005), Choi et al. (2022), Rooduijn & Pauwels (2011).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..stats.bootstrap import (
    CAUTION_MIN_SENTENCES,
    DEFAULT_N_BOOT,
    SINGLE_SENTENCE_NOTE,
    UNIT_TYPES,
    UnitIntervals,
    with_unit_column,
)
from ..text.matcher import Matcher
from ..text.sentences import sentence_texts
from ..text.words import Words, passing
from .family import Family, UnitSentences, unit_tables
from .readability import CAUTION_MIN_WORDS
from .rhetoric_features import FEATURES_FILE, Feature, read_features
from .sentiment import vader_analyzer, vader_compound

__all__ = [
    "FEATURES_FILE",
    "Feature",
    "feature_labels",
    "feature_names",
    "features",
    "read_features",
    "rhetoric_table",
    "rhetoric_units",
    "sentence_features",
    "vader_analyzer",
    "vader_compound",
]


#: Rates are per this many words.
PER_WORDS = 1000
#: Columns identifying a sentence, carried from the sentences table.
ID_COLUMNS = ("doc_id", "segment_id", "sentence_id", "speaker", "kind")
REQUIRED_COLUMNS = (*ID_COLUMNS, "text")
#: The pronoun I and its contractions: always capitalised, still words.
FIRST_PERSON_I = frozenset({"i", "i'm", "i'll", "i've", "i'd"})
#: A question: the sentence's last stop is "?", perhaps with closing marks after it.
QUESTION_END = re.compile(r"\?[\"'\u2019\u201d)\]]*\s*\Z")
RHETORIC_COLUMNS = ["unit_type", "unit", "feature", "value", "ci_low", "ci_high", "words", "sentences", "caution"]


@functools.lru_cache(maxsize=1)
def features() -> tuple[Feature, ...]:
    """The features of ``data/rhetoric_features.yaml`` (read once)."""
    return read_features(FEATURES_FILE)


def feature_names() -> list[str]:
    """The feature names, in output order.

    Examples
    --------
    >>> feature_names()[:4]
    ['first_person_singular', 'first_person_plural', 'second_person', 'third_person_plural']
    """
    return [f.name for f in features()]


def _eligible(words: Words) -> np.ndarray:
    """Whether each word may count, as its case is written (module docstring): a bool per word.

    A word may count anywhere if it is written in lower case, or is the
    pronoun I or a contraction of it, capitalised (first letter upper, the
    rest lower); opening a sentence, also if capitalised. The words are
    located in the texts (:attr:`analysis.text.words.Words.offsets`) and their
    characters tested as code points of all texts at once: a word is in
    lower case if lower-casing changes none of its characters.
    """
    lengths, lower_codes, lower_forms = words.lengths, words.codes, words.types
    start, end = words.offsets
    points, text_start = words.points
    shift = np.repeat(text_start, lengths)
    start, end = start + shift, end + shift
    changes = passing(points, lambda c: c.lower() != c)
    changes_before = np.concatenate([[0], np.cumsum(changes)])
    rest_changes = changes_before[end] > changes_before[start + 1]
    capitalised = passing(points[start], str.isupper) & ~rest_changes
    first_person = np.array([form in FIRST_PERSON_I for form in lower_forms], dtype=bool)[lower_codes]
    anywhere = ~(changes[start] | rest_changes) | (first_person & capitalised)
    opens_sentence = np.zeros(len(start), dtype=bool)
    opens_sentence[(np.cumsum(lengths) - lengths)[lengths > 0]] = True
    return anywhere | (opens_sentence & capitalised)


@functools.lru_cache(maxsize=2**17)
def _lexicon_row(form: str) -> tuple[bool, ...]:
    """Whether a lower-cased form is a one-word entry of each lexical feature (:func:`_lexical`).

    Cached across calls: the batches of a corpus share most of their vocabulary.
    """
    lexicon = vader_analyzer().lexicon
    return tuple(
        abs(lexicon.get(form, 0.0)) >= feature.min_abs_valence if feature.kind == "vader_lexicon"
        else feature.matches(form)
        for feature in _lexical()
    )


def _lexical() -> list[Feature]:
    """The features counted from word lists, in file order."""
    return [f for f in features() if f.kind in ("lexicon", "vader_lexicon")]


def _lexicon_matrix(lower_forms: Sequence[str]) -> np.ndarray:
    """``(forms, features)`` bool: whether each lower-cased form is a one-word entry of each lexical feature."""
    matrix = np.array([_lexicon_row(form) for form in lower_forms], dtype=bool)
    return matrix.reshape(len(lower_forms), len(_lexical()))


def sentence_features(sentences: pd.DataFrame, words: Words | None = None) -> pd.DataFrame:
    """Count every rhetoric feature in every sentence.

    Pure and per sentence: a table of one document gives that document's rows,
    so documents can be counted in worker processes and the results
    concatenated.

    Parameters
    ----------
    sentences : pandas.DataFrame
        One row per sentence (:func:`analysis.text.sentences.sentence_table`) with
        at least ``doc_id, segment_id, sentence_id, speaker, kind, text``. If
        it also has the ``tokens`` column of
        :func:`analysis.text.counts.sentence_counts` (the lower-cased words joined
        by spaces), those words are used rather than tokenising the text again.
    words : analysis.text.words.Words, optional
        The sentences' words, in the table's order, if the caller has them
        (the pipeline makes them once per batch).

    Returns
    -------
    pandas.DataFrame
        The same rows in the same order (fresh ``RangeIndex``): the columns
        ``doc_id, segment_id, sentence_id, speaker, kind``, then ``words``
        (int64, :func:`analysis.text.tokens.words`), then one int64 column per
        rate feature of :func:`feature_names` (its count in the sentence;
        ``questions`` is 1 for a question, else 0), then ``sentiment``
        (float64, VADER's compound score of the sentence).

    Raises
    ------
    ValueError
        If a required column is missing.
    TypeError
        If a ``text`` value is not a string.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": "khan_speech_2016", "segment_id": 38, "sentence_id": [39],
    ...     "speaker": "Sadiq Khan", "kind": "speech", "text": ["I’ll act to keep Londoners safe."]})
    >>> row = sentence_features(table).iloc[0]
    >>> int(row["words"]), int(row["first_person_singular"]), int(row["commitment"]), int(row["obligation"])
    (6, 1, 1, 0)
    """
    texts = sentence_texts(sentences, REQUIRED_COLUMNS)
    all_features = features()
    lexical = _lexical()

    # The lower-cased words: the tokens column of analysis.text.counts.sentence_counts if there is one.
    # Work per distinct lower-cased form (the words as numbers, shared with the frames of the same sentences).
    if words is None:
        words = Words.of(sentences)
    lengths, lower_codes, lower_forms = words.lengths, words.codes, words.types
    n_sentences = len(texts)
    n_tokens = int(lengths.sum())
    sentence_of_token = np.repeat(np.arange(n_sentences), lengths)
    eligible = _eligible(words)
    matrix = _lexicon_matrix(lower_forms)

    # Phrases: two eligible words in a row within one sentence.
    lower_index = {form: code for code, form in enumerate(lower_forms)}
    n_lower = max(len(lower_forms), 1)
    pair_ok = np.zeros(max(n_tokens - 1, 0), dtype=bool)
    pair_keys = np.zeros(max(n_tokens - 1, 0), dtype=np.int64)
    if n_tokens > 1:
        pair_ok = (sentence_of_token[1:] == sentence_of_token[:-1]) & eligible[1:] & eligible[:-1]
        pair_keys = lower_codes[:-1].astype(np.int64) * n_lower + lower_codes[1:]

    result = sentences.reset_index(drop=True)[list(ID_COLUMNS)].copy()
    result["words"] = lengths.copy()  # the batch's Words keeps its arrays; the table gets its own
    for feature in all_features:
        if feature.kind in ("lexicon", "vader_lexicon"):
            column = lexical.index(feature)
            hits = eligible & matrix[lower_codes, column] if n_tokens else np.zeros(0, dtype=bool)
            reach = _guarded_reach(words, feature.exclusions, n_tokens)
            if reach is not None:  # a hit inside a match of an unless phrase is not counted
                hits = hits & ~(reach > np.arange(n_tokens))
            counts = np.bincount(sentence_of_token[hits], minlength=n_sentences)
            if feature.phrases and n_tokens > 1:
                wanted = [
                    lower_index[a] * n_lower + lower_index[b]
                    for a, b in sorted(feature.phrases)
                    if a in lower_index and b in lower_index
                ]
                phrase_hits = pair_ok & np.isin(pair_keys, np.asarray(wanted, dtype=np.int64))
                if reach is not None:
                    phrase_hits &= ~(reach[:-1] > np.arange(1, n_tokens))
                counts = counts + np.bincount(sentence_of_token[:-1][phrase_hits], minlength=n_sentences)
            result[feature.name] = counts.astype(np.int64)
        elif feature.kind == "questions":
            result[feature.name] = np.fromiter(
                (QUESTION_END.search(text) is not None for text in texts), dtype=np.int64, count=n_sentences
            )
    result["sentiment"] = vader_compound(texts)
    return result


def _guarded_reach(words: Words, exclusions: tuple[tuple[str, ...], ...],
                   n_tokens: int) -> np.ndarray | None:
    """For each word, the furthest end of a guard match starting at or before it (``None`` without guards).

    A hit at word ``i`` (a two-word phrase at ``i, i + 1``) lies inside a
    guard's match when this reaches past ``i`` (past ``i + 1``): the frames'
    rule for ``unless`` (:meth:`analysis.text.matcher.Matcher.phrase_matches`).
    """
    if not exclusions or not n_tokens:
        return None
    phrase, start = Matcher(words).phrase_matches(exclusions)
    lengths = np.fromiter(map(len, exclusions), dtype=np.int64, count=len(exclusions))
    reach = np.zeros(n_tokens, dtype=np.int64)
    np.maximum.at(reach, start, start + lengths[phrase])
    return np.maximum.accumulate(reach)


def rhetoric_units(
    features_table: pd.DataFrame, unit_type: str, n_boot: int = DEFAULT_N_BOOT, random_state: int = 0
) -> pd.DataFrame:
    """The rows of :func:`rhetoric_table` for one unit type (``"speaker"`` or ``"document"``).

    Sentences of no unit (:func:`analysis.stats.bootstrap.is_unit`: unattributed
    quotations, for speakers) are left out. A unit's rows depend only on its
    own sentences and its own random stream, so document rows can be computed a batch of documents at a time (in the
    export's worker processes) and concatenated, as with
    :func:`analysis.measures.readability.readability_units`.

    Parameters
    ----------
    features_table : pandas.DataFrame
        From :func:`sentence_features`.
    unit_type : {"speaker", "occasion", "document"}
    n_boot, random_state
        As for :func:`rhetoric_table`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RHETORIC_COLUMNS`, sorted by ``unit``, features in
        :func:`feature_names` order.

    Raises
    ------
    ValueError
        If ``unit_type`` is unknown, a column of :func:`sentence_features` or
        a unit is missing, or ``n_boot < 1``.
    """
    if unit_type not in UNIT_TYPES:
        raise ValueError(f"unit_type must be one of {list(UNIT_TYPES)}, not {unit_type!r}")
    by = UNIT_TYPES[unit_type]
    names = feature_names()
    missing = [c for c in (*ID_COLUMNS, "words", *names) if c not in features_table.columns]
    if missing:
        raise ValueError(f"features table lacks column(s) {missing}; make it with sentence_features")
    features_table = with_unit_column(features_table, unit_type)
    if features_table[by].isna().any():
        raise ValueError(f"missing values in {by}: every sentence must belong to a unit")
    return unit_tables({"features": features_table}, unit_type, [FAMILY], n_boot, random_state)["rhetoric"]


def _sum_columns() -> list[str]:
    return ["words", "sentences", *(f.name for f in features() if f.is_rate), "sentiment"]


def sentence_values(features_table: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """The per-sentence matrix the rhetoric statistics sum, rows in the order ``rows``.

    Columns: ``words``, 1 for the sentence, each rate feature's count, and the
    sentiment score (see :func:`statistic`). ``rows`` are positions in
    ``features_table`` (see :func:`analysis.stats.bootstrap.sentence_order`).
    """
    values = features_table.reset_index(drop=True).assign(sentences=1)
    return values[_sum_columns()].to_numpy(dtype=float)[rows]


def statistic(sums: np.ndarray) -> np.ndarray:
    """The rhetoric family's statistic: rates per 1,000 words, then the mean compound score.

    Sums are laid out as :func:`sentence_values`: ``words, sentences, <rate
    feature counts>, sentiment``.
    """
    rate_columns = sums.shape[-1] - 3
    # Statistics first, replicates last and contiguous: the percentile
    # interval sorts along the last axis.
    rates = PER_WORDS * np.moveaxis(sums[..., 2 : 2 + rate_columns], -1, 0) / sums[..., 0]
    return np.concatenate([rates, (sums[..., -1] / sums[..., 1])[None]])


def unit_rows(result: UnitIntervals, unit_type: str) -> pd.DataFrame:
    """The rows of :func:`rhetoric_units` from a unit bootstrap of :func:`sentence_values`.

    Built column by column (a batch of documents has thousands of rows):
    row ``u * k + j`` is unit ``u``'s ``j``-th statistic, the rate features
    then sentiment, as :func:`statistic` orders them.
    """
    by = UNIT_TYPES[unit_type]
    names = feature_names()
    built = [*(f.name for f in features() if f.is_rate), "sentiment"]
    units = result.keys[by].astype(str).to_numpy(dtype=object)
    if not len(units):
        return pd.DataFrame(columns=RHETORIC_COLUMNS)
    k = len(built)
    unit_words = result.sums[:, 0].astype(np.int64) if len(units) else np.zeros(0, dtype=np.int64)
    sentences = np.asarray(result.sentences, dtype=np.int64)
    # A unit's own reasons, then a statistic's notes where it has any.
    reasons = []
    for u in range(len(units)):
        unit_reasons = []
        if unit_words[u] < CAUTION_MIN_WORDS:
            unit_reasons.append(f"fewer than {CAUTION_MIN_WORDS} words")
        if sentences[u] < CAUTION_MIN_SENTENCES:
            unit_reasons.append(f"fewer than {CAUTION_MIN_SENTENCES} sentences")
        if result.single[u]:
            unit_reasons.append(SINGLE_SENTENCE_NOTE)
        reasons.append(unit_reasons)
    cautions = [text for unit_reasons in reasons for text in ["; ".join(unit_reasons)] * k]
    no_interval, missed = result.no_interval[:k].T.ravel(), result.missed[:k].T.ravel()
    for row in np.flatnonzero(no_interval | missed):
        notes = list(reasons[row // k])
        if no_interval[row]:
            notes.append("no interval: undefined in some resamples")
        if missed[row]:
            notes.append("interval widened to include the estimate")
        cautions[row] = "; ".join(notes)
    table = pd.DataFrame(
        {
            "unit_type": [unit_type] * (len(units) * k),
            "unit": np.repeat(units, k),
            "feature": built * len(units),
            "value": result.estimate[:k].T.ravel().astype(float),
            "ci_low": result.low[:k].T.ravel().astype(float),
            "ci_high": result.high[:k].T.ravel().astype(float),
            "words": np.repeat(unit_words, k),
            "sentences": np.repeat(sentences, k),
            "caution": cautions,
        },
        columns=RHETORIC_COLUMNS,
    )
    order = {name: i for i, name in enumerate(names)}
    return table.sort_values(
        ["unit", "feature"], key=lambda c: c.map(order) if c.name == "feature" else c, kind="stable",
        ignore_index=True,
    )


def rhetoric_table(
    features_table: pd.DataFrame, n_boot: int = DEFAULT_N_BOOT, random_state: int = 0
) -> pd.DataFrame:
    """The ``rhetoric.csv`` table: every feature of every speaker and every document.

    Parameters
    ----------
    features_table : pandas.DataFrame
        The output of :func:`sentence_features` (for any set of documents).
    n_boot : int, optional
        Bootstrap replicates per unit. Default 1000.
    random_state : int, optional
        Seed; with a unit's key it seeds that unit's random stream, so a
        speaker's interval does not depend on the other speakers (see
        :mod:`analysis.stats.bootstrap`). Default 0.

    Returns
    -------
    pandas.DataFrame
        Columns ``unit_type`` (``"speaker"`` or ``"document"``), ``unit``
        (canonical speaker or ``doc_id``), ``feature``, ``value`` (per 1,000
        words; for ``sentiment`` the mean compound score per sentence),
        ``ci_low``, ``ci_high`` (95% percentile sentence-bootstrap interval,
        always containing ``value``; ``nan`` for a unit of one sentence, which
        cannot be resampled), ``words``, ``sentences`` and ``caution``
        (``"; "``-separated reasons to read the row with care, empty if none:
        fewer than 100 words or 10 sentences, as in ``readability.csv``, no
        interval, or an interval widened to reach its estimate). Speakers
        first, then documents, each sorted by ``unit``, features in
        :func:`feature_names` order.

    Raises
    ------
    ValueError
        If a column of :func:`sentence_features` is missing, or ``n_boot < 1``.

    References
    ----------
    Benoit, K., Munger, K., & Spirling, A. (2019). [benoit2019]

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": "khan_speech_2016", "segment_id": [38, 47], "sentence_id": [39, 49],
    ...     "speaker": "Sadiq Khan", "kind": "speech",
    ...     "text": ["I’ll act to keep Londoners safe.", "And if gaps are identified, I will act to fill them."]})
    >>> out = rhetoric_table(sentence_features(table), n_boot=200)
    >>> row = out[(out["unit_type"] == "speaker") & (out["feature"] == "commitment")].iloc[0]
    >>> round(float(row["value"]), 4), int(row["words"])   # 2 commitments in 17 words: 1000 * 2 / 17
    (117.6471, 17)
    """
    parts = [rhetoric_units(features_table, unit_type, n_boot, random_state) for unit_type in UNIT_TYPES]
    return pd.concat(parts, ignore_index=True)


# --- Views for the book ------------------------------------------------------------------


def feature_labels() -> dict[str, str]:
    """Each feature's label for tables and figures, e.g. ``"obligation (must, should, need to)"``."""
    return {f.name: f.label for f in features()}


def _family_values(sentences: UnitSentences) -> np.ndarray:
    return sentence_values(sentences.tables["features"], sentences.rows)


def _family_rows(intervals: UnitIntervals, sentences: UnitSentences) -> pd.DataFrame:
    return unit_rows(intervals, sentences.unit_type)


#: The rhetoric family of the measure contract (:class:`analysis.measures.family.Family`): words,
#: sentences, rate-feature counts and sentiment per sentence, :func:`statistic`, the rows of ``rhetoric.csv``.
FAMILY = Family("rhetoric", "features", _family_values, statistic, _family_rows)

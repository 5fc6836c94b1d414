"""The rhetoric chapter's tables and numbers: features, sentiment, devices and keyness as the prose quotes them.

Selections of what :mod:`analysis.measures.rhetoric`, :mod:`analysis.measures.devices`
and :mod:`analysis.measures.keyness` computed, formatted for the chapter. Which
speakers the chapter compares is the chapter's to say (its arguments), not this
module's.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..measures.devices import DEVICES
from ..measures.readability import CAUTION_MIN_WORDS
from ..measures.rhetoric import PER_WORDS, feature_labels, feature_names, features, vader_compound
from ..stats.bootstrap import CAUTION_MIN_SENTENCES, DEFAULT_CI
from .views import with_interval


def compare_units(
    table: pd.DataFrame, unit_type: str, units: Sequence[str], feature_subset: Sequence[str] | None = None,
    digits: int = 1,
) -> pd.DataFrame:
    """Features side by side for some units: ``value [ci_low, ci_high]`` strings.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`analysis.measures.rhetoric.rhetoric_table`.
    unit_type : {"speaker", "document"}
    units : sequence of str
        The units, in column order.
    feature_subset : sequence of str, optional
        Features (rows) in order; default all.
    digits : int, optional
        Decimals shown (sentiment gets two more: it lies in [-1, 1]).

    Returns
    -------
    pandas.DataFrame
        One row per feature (``feature`` holds its label), one column per unit;
        cells as :func:`with_interval` writes them.

    Raises
    ------
    ValueError
        If a unit or feature is not in ``table``.
    """
    wanted = list(feature_subset) if feature_subset is not None else feature_names()
    rows = table[table["unit_type"] == unit_type].set_index(["unit", "feature"])
    missing_units = [u for u in units if u not in rows.index.get_level_values(0)]
    if missing_units:
        raise ValueError(f"no {unit_type} {missing_units} in the rhetoric table")
    labels = feature_labels()
    out = {"feature": [labels[f] for f in wanted]}
    for unit in units:
        cells = []
        for feature in wanted:
            if (unit, feature) not in rows.index:
                raise ValueError(f"no feature {feature!r} for {unit_type} {unit!r}")
            row = rows.loc[(unit, feature)]
            d = digits + 2 if feature == "sentiment" else digits
            cells.append(with_interval(row["value"], row["ci_low"], row["ci_high"], d))
        out[unit] = cells
    return pd.DataFrame(out)


def sentiment_extremes(features_table: pd.DataFrame, sentences: pd.DataFrame, n: int = 4) -> pd.DataFrame:
    """The ``n`` most positive and ``n`` most negative sentences by VADER, to read what it reads.

    Parameters
    ----------
    features_table : pandas.DataFrame
        From :func:`analysis.measures.rhetoric.sentence_features`.
    sentences : pandas.DataFrame
        The sentences it was made from (same ``doc_id``, ``sentence_id``).
    n : int
        Sentences at each end.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, sentence_id, speaker, sentiment, text``, most positive first;
        ties broken by ``doc_id`` and ``sentence_id``.
    """
    merged = features_table[["doc_id", "sentence_id", "speaker", "sentiment"]].merge(
        sentences[["doc_id", "sentence_id", "text"]], on=["doc_id", "sentence_id"], how="left", validate="1:1"
    )
    ordered = merged.sort_values(["sentiment", "doc_id", "sentence_id"], ascending=[False, True, True],
                                 kind="stable", ignore_index=True)
    picked = pd.concat([ordered.head(n), ordered.tail(n)]).drop_duplicates(["doc_id", "sentence_id"])
    return picked.assign(sentiment=picked["sentiment"].round(3)).reset_index(drop=True)


def main_units(table: pd.DataFrame, unit_type: str = "speaker", min_words: int = CAUTION_MIN_WORDS) -> list[str]:
    """Units with at least ``min_words`` words, most words first (ties by name)."""
    units = table[table["unit_type"] == unit_type].drop_duplicates("unit")
    units = units[units["words"] >= min_words].sort_values(["words", "unit"], ascending=[False, True])
    return units["unit"].tolist()


def rhetoric_numbers(
    table: pd.DataFrame,
    units: dict[str, tuple[str, str]],
    feature_subset: Sequence[str] | None = None,
    features_table: pd.DataFrame | None = None,
) -> dict[str, int | float]:
    """Numbers for the prose: each chosen unit's words, sentences and feature estimates with intervals.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`analysis.measures.rhetoric.rhetoric_table`.
    units : dict
        ``prefix -> (unit_type, unit)``, e.g. ``{"khan": ("speaker", "Sadiq Khan")}``.
    feature_subset : sequence of str, optional
        Default all features.
    features_table : pandas.DataFrame, optional
        The :func:`analysis.measures.rhetoric.sentence_features` behind ``table``; if given, the
        corpus-wide count of every rate feature is added as
        ``total_{feature}``.

    Returns
    -------
    dict
        Plain Python numbers: ``{prefix}_words``, ``{prefix}_sentences`` and,
        per feature, ``{prefix}_{feature}``, ``{prefix}_{feature}_low`` and
        ``{prefix}_{feature}_high``; plus ``per_words``, ``ci_percent``,
        ``caution_min_words``, ``caution_min_sentences`` and ``n_features``.

    Raises
    ------
    ValueError
        If a unit is not in ``table``.
    """
    wanted = list(feature_subset) if feature_subset is not None else feature_names()
    numbers: dict[str, int | float] = {
        "per_words": PER_WORDS,
        "ci_percent": int(round(100 * DEFAULT_CI)),
        "caution_min_words": CAUTION_MIN_WORDS,
        "caution_min_sentences": CAUTION_MIN_SENTENCES,
        "n_features": len(feature_names()),
    }
    for prefix, (unit_type, unit) in units.items():
        rows = table[(table["unit_type"] == unit_type) & (table["unit"] == unit)].set_index("feature")
        if rows.empty:
            raise ValueError(f"no {unit_type} {unit!r} in the rhetoric table")
        numbers[f"{prefix}_words"] = int(rows["words"].iloc[0])
        numbers[f"{prefix}_sentences"] = int(rows["sentences"].iloc[0])
        for feature in wanted:
            numbers[f"{prefix}_{feature}"] = float(rows.loc[feature, "value"])
            numbers[f"{prefix}_{feature}_low"] = float(rows.loc[feature, "ci_low"])
            numbers[f"{prefix}_{feature}_high"] = float(rows.loc[feature, "ci_high"])
    if features_table is not None:
        for feature in features():
            if feature.is_rate:
                numbers[f"total_{feature.name}"] = int(features_table[feature.name].sum())
    return numbers


#: The sentence the chapter uses to show how VADER reads security talk.
SENTIMENT_PROBE = "We will not let the terrorists win."


def sentiment_numbers(features_table: pd.DataFrame) -> dict[str, int | float]:
    """Numbers for the prose on sentiment: the probe's score and the signs of the corpus's sentences.

    Returns
    -------
    dict
        ``probe_sentiment`` (VADER's compound score of :data:`SENTIMENT_PROBE`),
        ``n_sentences``, ``n_negative``, ``n_positive`` and ``n_neutral``
        (compound below, above or at 0), ``min_sentiment`` and
        ``max_sentiment``.
    """
    scores = features_table["sentiment"]
    return {
        "probe_sentiment": float(vader_compound([SENTIMENT_PROBE])[0]),
        "n_sentences": int(len(scores)),
        "n_negative": int((scores < 0).sum()),
        "n_positive": int((scores > 0).sum()),
        "n_neutral": int((scores == 0).sum()),
        "min_sentiment": float(scores.min()),
        "max_sentiment": float(scores.max()),
    }


def feature_table() -> pd.DataFrame:
    """The features with their labels, what they count and the key of their source in the bibliography."""
    return pd.DataFrame(
        {
            "feature": [f.name for f in features()],
            "label": [f.label for f in features()],
            "what it counts": [" ".join(f.description.split()) for f in features()],
            "source": [f.reference or "" for f in features()],
        }
    )


def device_numbers(devices: pd.DataFrame) -> dict[str, int | str]:
    """Numbers for the prose: instances of each device, and the most striking of some.

    Returns
    -------
    dict
        ``n_devices``; ``n_{device}`` for each of :data:`DEVICES`;
        ``longest_anaphora`` (units of the longest anaphora);
        ``longest_list`` (items of the longest list); ``top_repetition``
        (the form of the phrase repeated most often in one document, by
        one speaker), ``top_repetition_count``, ``top_repetition_speaker``.
    """
    numbers: dict[str, int | str] = {"n_devices": int(len(devices))}
    for device in DEVICES:
        numbers[f"n_{device}"] = int((devices["device"] == device).sum())
    anaphora = devices[devices["device"] == "anaphora"]
    numbers["longest_anaphora"] = int(anaphora["length"].max()) if len(anaphora) else 0
    lists = devices[devices["device"] == "tricolon"]
    numbers["longest_list"] = int(lists["length"].max()) if len(lists) else 0
    repeated = devices[devices["device"] == "repetition"].sort_values(
        ["length", "doc_id", "sentence_id"], ascending=[False, True, True], kind="stable"
    )
    if len(repeated):
        top = repeated.iloc[0]
        numbers.update(top_repetition=str(top["pattern"]), top_repetition_count=int(top["length"]),
                       top_repetition_speaker=str(top["speaker"]))
    return numbers


def keyness_numbers(keyness: pd.DataFrame, targets: dict[str, str], n: int = 3) -> dict[str, int | float | str]:
    """Numbers for the prose: each target's ``n`` most distinctive words.

    Parameters
    ----------
    keyness : pandas.DataFrame
        From :func:`textstat_keyness`.
    targets : dict
        ``prefix -> speaker``.
    n : int
        Words per target.

    Returns
    -------
    dict
        For each prefix and rank ``k`` (1 to ``n``): ``{prefix}_term_{k}``,
        ``{prefix}_count_{k}``, ``{prefix}_reference_{k}``, ``{prefix}_g2_{k}``
        and ``{prefix}_log_ratio_{k}``.

    Raises
    ------
    ValueError
        If a target has fewer than ``n`` words with a positive G2.
    """
    numbers: dict[str, int | float | str] = {}
    for prefix, target in targets.items():
        rows = keyness[(keyness["target"] == target) & (keyness["g2"] > 0)].head(n)
        if len(rows) < n:
            raise ValueError(f"{target!r} has fewer than {n} distinctive words")
        for k, row in enumerate(rows.itertuples(index=False), start=1):
            numbers[f"{prefix}_term_{k}"] = str(row.term)
            numbers[f"{prefix}_count_{k}"] = int(row.count_target)
            numbers[f"{prefix}_reference_{k}"] = int(row.count_reference)
            numbers[f"{prefix}_g2_{k}"] = float(row.g2)
            numbers[f"{prefix}_log_ratio_{k}"] = float(row.log_ratio)
    return numbers

"""How much the choice of formula and of implementation moves readability rankings.

Three implementations score the same units:

``ours``
    :mod:`analysis.measures.readability` on this package's sentences and counts (the
    numbers in the book).
``textstat``
    textstat 0.7.8's document functions on the unit's text (its own sentence
    splitter, word and syllable counts).
``readability``
    Andreas van Cranenburgh's ``readability`` package (0.3.2), an independent
    implementation with its own syllable counter and word lists, fed our
    sentences, one per line, as word tokens (it expects tokenised input).

Each formula gives a *difficulty rank* of the units (1 = hardest to read;
Flesch Reading Ease is reversed, since a higher score is easier). Where the
ranks agree across formulas and implementations, a ranking is robust to those
choices; where they move, it is not.
"""

from __future__ import annotations

import pandas as pd
import readability as readability_package
import textstat

from ..text.tokens import words

# Formula -> (textstat function, readability-package key, higher score means easier)
FORMULAS = {
    "flesch_reading_ease": (textstat.flesch_reading_ease, "FleschReadingEase", True),
    "flesch_kincaid_grade": (textstat.flesch_kincaid_grade, "Kincaid", False),
    "gunning_fog": (textstat.gunning_fog, "GunningFogIndex", False),
    "smog_index": (textstat.smog_index, "SMOGIndex", False),
    "coleman_liau_index": (textstat.coleman_liau_index, "Coleman-Liau", False),
    "automated_readability_index": (textstat.automated_readability_index, "ARI", False),
    "dale_chall_readability_score": (textstat.dale_chall_readability_score, "DaleChallIndex", False),
}
IMPLEMENTATIONS = ("ours", "textstat", "readability")


def implementation_scores(sentences: pd.DataFrame, readability: pd.DataFrame, by: str = "doc_id") -> pd.DataFrame:
    """Scores of every unit under every formula and implementation, long form.

    Parameters
    ----------
    sentences
        One row per sentence (:func:`analysis.text.sentences.sentence_table`), with
        ``by`` and ``text``.
    readability
        Our scores (:func:`analysis.measures.readability.readability_table`), whose
        ``unit`` values are the ``by`` values.
    by
        The unit column (``"doc_id"`` or ``"speaker"``).

    Returns
    -------
    pandas.DataFrame
        ``unit, formula, implementation, score``, sorted.
    """
    ours = readability.set_index("unit")
    rows = []
    for unit, group in sentences.groupby(by, sort=True):
        texts = list(group["text"])
        tokenised = "\n".join(" ".join(words(t)) for t in texts) + "\n"
        package = readability_package.getmeasures(tokenised, lang="en")["readability grades"]
        joined = " ".join(texts)
        for formula, (textstat_function, package_key, _) in FORMULAS.items():
            scores = {
                "ours": float(ours.loc[str(unit), formula]),
                "textstat": float(textstat_function(joined)),
                "readability": float(package[package_key]),
            }
            rows.extend({"unit": str(unit), "formula": formula, "implementation": k, "score": v} for k, v in scores.items())
    return pd.DataFrame(rows).sort_values(["unit", "formula", "implementation"], ignore_index=True)


def difficulty_ranks(scores: pd.DataFrame) -> pd.DataFrame:
    """Rank units by difficulty (1 = hardest) under each formula and implementation.

    Returns
    -------
    pandas.DataFrame
        One row per unit: a column per ``implementation: formula`` holding the
        unit's rank, then ``best`` and ``worst`` (its lowest and highest rank)
        and ``spread`` (their difference): 0 means every scoring agrees.
    """
    table = scores.copy()
    easier_is_higher = table["formula"].map({f: v[2] for f, v in FORMULAS.items()})
    difficulty = table["score"].where(~easier_is_higher, -table["score"])
    table["rank"] = difficulty.groupby([table["formula"], table["implementation"]]).rank(
        ascending=False, method="min"
    )
    table["scoring"] = table["implementation"] + ": " + table["formula"]
    wide = table.pivot(index="unit", columns="scoring", values="rank").astype(int)
    order = [f"{i}: {f}" for i in IMPLEMENTATIONS for f in FORMULAS]
    wide = wide[order]
    wide["best"] = wide[order].min(axis=1)
    wide["worst"] = wide[order].max(axis=1)
    wide["spread"] = wide["worst"] - wide["best"]
    return wide.reset_index()

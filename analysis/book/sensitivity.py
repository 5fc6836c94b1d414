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

from collections.abc import Callable, Mapping

import pandas as pd
import readability as readability_package
import textstat

from ..measures.readability import flesch_kincaid_grade, flesch_reading_ease
from ..text.counts import sentence_counts
from ..text.sentences import split_sentences
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
        ``words``/``syllables``/``sentences`` (ours: :func:`analysis.text.tokens.words`
        within the sentences of :func:`analysis.text.sentences.split_sentences`) and
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
            {
                "doc_id": doc_id,
                "segment_id": 0,
                "sentence_id": range(len(pieces)),
                "speaker": "",
                "kind": "",
                "text": pieces,
            }
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
            row[f"{measure}_textstat_sentences"] = float(
                formula(row["words"], row["sentences_textstat"], row["syllables"])
            )
            row[measure] = float(formula(row["words"], row["sentences"], row["syllables"]))
        rows.append(row)
    return pd.DataFrame(rows)

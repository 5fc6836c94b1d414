"""The readability chapter's tables and numbers, from the ``readability`` table and the textstat comparison.

Selections of what :mod:`analysis.measures.readability` computed, formatted for
the chapter; nothing here computes a measure.
"""

from __future__ import annotations


import pandas as pd

from ..measures.readability import (
    CAUTION_MIN_WORDS,
    FLESCH_BASE,
    FLESCH_SYLLABLES_PER_WORD,
    FLESCH_WORDS_PER_SENTENCE,
    MEASURES,
    SMOG_SAMPLE_SENTENCES,
)
from ..stats.bootstrap import CAUTION_MIN_SENTENCES, DEFAULT_CI, MIN_INTERVAL_SENTENCES
from .views import with_interval


READABILITY_HEADLINE = ("flesch_reading_ease", "flesch_kincaid_grade", "mattr")


def readability_overview(readability: pd.DataFrame, unit_type: str, measures=READABILITY_HEADLINE) -> pd.DataFrame:
    """Headline measures of one unit type as ``estimate [95% interval]``, largest units first."""
    table = readability[readability["unit_type"] == unit_type]
    table = table.sort_values(["words", "unit"], ascending=[False, True])
    out = pd.DataFrame({"unit": table["unit"], "words": table["words"], "sentences": table["sentences"]})
    digits = {"mattr": 2}
    for m in measures:
        out[m] = [
            with_interval(v, lo, hi, digits.get(m, 1))
            for v, lo, hi in zip(table[m], table[f"{m}_ci_low"], table[f"{m}_ci_high"], strict=True)
        ]
    out["caution"] = table["caution"].fillna("")
    return out.reset_index(drop=True)


def flesch_decomposition(readability: pd.DataFrame, unit_type: str) -> pd.DataFrame:
    """Flesch Reading Ease split into its sentence-length and word-length penalties.

    FRE = 206.835 - 1.015 x words per sentence - 84.6 x syllables per word
    (Flesch 1948): the two penalties show which part of a low score comes from
    long sentences and which from long words.
    """
    from ..measures.readability import FLESCH_BASE, FLESCH_SYLLABLES_PER_WORD, FLESCH_WORDS_PER_SENTENCE

    table = readability[readability["unit_type"] == unit_type].sort_values(["words", "unit"], ascending=[False, True])
    out = pd.DataFrame(
        {
            "unit": table["unit"],
            "words": table["words"],
            "words per sentence": table["words_per_sentence"].round(1),
            "syllables per word": table["syllables_per_word"].round(2),
            "sentence-length penalty": (-FLESCH_WORDS_PER_SENTENCE * table["words_per_sentence"]).round(1),
            "word-length penalty": (-FLESCH_SYLLABLES_PER_WORD * table["syllables_per_word"]).round(1),
            "Flesch Reading Ease": table["flesch_reading_ease"].round(1),
        }
    )
    out.insert(4, "base", FLESCH_BASE)
    return out.reset_index(drop=True)


def readability_numbers(readability: pd.DataFrame, ranks: pd.DataFrame, n_boot: int) -> dict[str, int | float | str]:
    """The readability figures quoted in the prose, as plain Python values (for glue)."""
    numbers: dict[str, int | float | str] = {
        "n_measures": len(MEASURES),
        "flesch_base": float(FLESCH_BASE),
        "flesch_wps_weight": float(FLESCH_WORDS_PER_SENTENCE),
        "flesch_spw_weight": float(FLESCH_SYLLABLES_PER_WORD),
        "n_boot": int(n_boot),
        "ci_percent": int(round(100 * DEFAULT_CI)),
        "min_words": int(CAUTION_MIN_WORDS),
        "min_sentences": int(CAUTION_MIN_SENTENCES),
        "smog_sentences": int(SMOG_SAMPLE_SENTENCES),
        "min_interval_sentences": int(MIN_INTERVAL_SENTENCES),
    }
    speakers = readability[readability["unit_type"] == "speaker"]
    documents = readability[readability["unit_type"] == "document"]
    numbers["n_speakers"] = int(len(speakers))
    cautions = speakers["caution"].fillna("")
    numbers["n_speakers_caution"] = int(cautions.str.contains("fewer than", regex=False).sum())
    numbers["n_speakers_smog_only"] = int(((cautions != "") & ~cautions.str.contains("fewer than", regex=False)).sum())
    numbers["n_speakers_one_sentence"] = int((speakers["sentences"] == 1).sum())
    numbers["n_speakers_no_interval"] = int(speakers["flesch_reading_ease_ci_low"].isna().sum())
    for frame, kind in ((speakers, "speaker"), (documents, "document")):
        for unit in frame["unit"]:
            row = frame[frame["unit"] == unit].iloc[0]
            key = f"{kind}_{unit}".lower().replace(" ", "_")
            for name, column in (("fre", "flesch_reading_ease"), ("fkg", "flesch_kincaid_grade")):
                numbers[f"{key}_{name}"] = round(float(row[column]), 1)
                for bound in ("low", "high"):
                    value = row[f"{column}_ci_{bound}"]
                    if not pd.isna(value):
                        numbers[f"{key}_{name}_{bound}"] = round(float(value), 1)
            numbers[f"{key}_wps"] = round(float(row["words_per_sentence"]), 1)
            numbers[f"{key}_sentences"] = int(row["sentences"])
    fre = documents.set_index("unit")["flesch_reading_ease"]
    numbers["easiest_document"] = str(fre.idxmax())
    numbers["hardest_document"] = str(fre.idxmin())
    # Where the gap between the easiest and hardest document comes from (Flesch's two penalties).
    # The gaps are computed from the unrounded averages, then rounded once.
    by_unit = documents.set_index("unit")
    easy, hard = by_unit.loc[fre.idxmax()], by_unit.loc[fre.idxmin()]
    sentence_gap = float(FLESCH_WORDS_PER_SENTENCE * (hard["words_per_sentence"] - easy["words_per_sentence"]))
    word_gap = float(FLESCH_SYLLABLES_PER_WORD * (hard["syllables_per_word"] - easy["syllables_per_word"]))
    numbers["gap_sentence_penalty"] = round(sentence_gap, 1)
    numbers["gap_word_penalty"] = round(word_gap, 1)
    numbers["gap_larger_source"] = "word length" if word_gap > sentence_gap else "sentence length"
    scorings = [c for c in ranks.columns if ":" in c]
    numbers["n_scorings"] = int(len(scorings))
    numbers["max_rank_spread"] = int(ranks["spread"].max())
    hardest = ranks.set_index("unit")[scorings].eq(1).sum(axis=1)
    numbers["hardest_most_often"] = str(hardest.idxmax())
    numbers["hardest_most_often_count"] = int(hardest.max())
    # Which document textstat ranks hardest most often: the software, not only the formula, can decide the end.
    textstat = [c for c in scorings if c.startswith("textstat:")]
    textstat_hardest = ranks.set_index("unit")[textstat].eq(1).sum(axis=1)
    numbers["textstat_hardest"] = str(textstat_hardest.idxmax())
    numbers["textstat_hardest_count"] = int(textstat_hardest.max())
    numbers["textstat_formulas"] = int(len(textstat))
    widths = speakers.assign(width=speakers["flesch_reading_ease_ci_high"] - speakers["flesch_reading_ease_ci_low"])
    widest = widths.dropna(subset=["width"]).sort_values("width", ascending=False).iloc[0]
    numbers["widest_interval_unit"] = str(widest["unit"])
    numbers["widest_interval_width"] = round(float(widest["width"]), 1)
    numbers["widest_interval_sentences"] = int(widest["sentences"])
    return numbers


def textstat_comparison(agreement: pd.DataFrame) -> pd.DataFrame:
    """The textstat agreement table, rounded for reading."""
    return agreement.round(2)


def document_texts(segments: pd.DataFrame) -> dict[str, str]:
    """Each document's analysed text: its segments in order, a blank line between them."""
    return {doc_id: "\n\n".join(group["text"]) for doc_id, group in segments.groupby("doc_id", sort=True)}


def agreement_numbers(agreement: pd.DataFrame) -> dict[str, int | float | str]:
    """How far textstat's document scores are from ours, for the prose."""
    gap = (agreement["flesch_reading_ease"] - agreement["flesch_reading_ease_textstat"]).abs()
    formula_gap = (agreement["flesch_reading_ease_textstat_counts"] - agreement["flesch_reading_ease_textstat"]).abs()
    sentences_gap = agreement["sentences"] - agreement["sentences_textstat"]
    words_gap = (agreement["words"] - agreement["words_textstat"]).abs()
    widest = agreement.loc[gap.idxmax()]
    return {
        "textstat_max_fre_gap": round(float(gap.max()), 1),
        "textstat_max_fre_gap_doc": str(widest["doc_id"]),
        "textstat_formula_gap": float(formula_gap.max()),
        # Said in words: a gap that rounds to zero at two decimals is "exactly", not "to within 0.0e+00".
        "textstat_formula_agreement": ("exactly" if round(float(formula_gap.max()), 2) == 0
                                       else f"to within {float(formula_gap.max()):.2f} points"),
        "textstat_extra_sentences_max": int(sentences_gap.max()),
        "textstat_max_word_gap": int(words_gap.max()),
    }

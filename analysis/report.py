"""Tables, numbers and HTML views the book shows, made from the export's tables.

Nothing here computes a measure: it selects, counts and formats what the
stages produced, so a chapter cell is one call. Corpus text shown as HTML is
escaped.
"""

from __future__ import annotations

import html

import pandas as pd

from .figures import speaker_colours
from .segments import UNATTRIBUTED, attribution_rules
from .tokens import words


def with_words(segments: pd.DataFrame) -> pd.DataFrame:
    """The segments with a ``words`` column (word tokens, :func:`analysis.tokens.words`)."""
    return segments.assign(words=[len(words(t)) for t in segments["text"]])


def document_labels(documents: pd.DataFrame) -> dict[str, str]:
    """A short label per document for figures: ``doc_id (date)``."""
    return {d: f"{d} ({date})" for d, date in zip(documents["doc_id"], documents["date"], strict=True)}


def corpus_table(documents: pd.DataFrame) -> pd.DataFrame:
    """The corpus with its provenance, in date order, checksums shortened to 12 digits."""
    table = documents.sort_values(["date", "doc_id"], ignore_index=True)
    return pd.DataFrame(
        {
            "doc_id": table["doc_id"],
            "date": table["date"],
            "genre": table["genre"].str.replace("_", " "),
            "author (unquoted voice)": table["author"],
            "title": table["title"],
            "words (raw)": table["words_raw"],
            "words analysed": table["words_analysed"],
            "sha256 (first 12)": table["sha256"].str[:12],
        }
    )


def notes_table(documents: pd.DataFrame) -> pd.DataFrame:
    """What is known and inferred of each document (the manifest's ``notes``)."""
    table = documents.sort_values(["date", "doc_id"], ignore_index=True)
    return table[["doc_id", "date", "outlet", "notes"]]


def cleaning_summary(cleaning: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per document and rule: how many changes, how many raw characters, and what was removed."""
    rows = []
    for (doc_id, rule), group in cleaning.groupby(["doc_id", "rule"], sort=True):
        action = group["action"].iloc[0]
        removed = " | ".join(" ".join(t.split()) for t in group["text"]) if action.startswith("remove") else ""
        rows.append(
            {
                "doc_id": doc_id,
                "rule": rule,
                "action": action.replace("_", " "),
                "changes": len(group),
                "characters": int((group["char_end"] - group["char_start"]).sum()),
                "removed text": removed,
            }
        )
    order = {d: i for i, d in enumerate(documents.sort_values(["date", "doc_id"])["doc_id"])}
    table = pd.DataFrame(rows, columns=["doc_id", "rule", "action", "changes", "characters", "removed text"])
    return table.sort_values(["doc_id", "rule"], key=lambda c: c.map(order) if c.name == "doc_id" else c,
                             ignore_index=True)


def words_by_speaker(segments: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Words and segments per document, speaker and kind, in date order.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, label, speaker, kind, segments, words, share`` where ``share``
        is the speaker's share of the document's analysed words, in per cent.
    """
    seg = with_words(segments)
    table = (
        seg.groupby(["doc_id", "speaker", "kind"], sort=True)
        .agg(segments=("segment_id", "size"), words=("words", "sum"))
        .reset_index()
    )
    totals = table.groupby("doc_id")["words"].transform("sum")
    table["share"] = (100 * table["words"] / totals).round(1)
    labels = document_labels(documents)
    table.insert(1, "label", table["doc_id"].map(labels))
    order = {d: i for i, d in enumerate(documents.sort_values(["date", "doc_id"])["doc_id"])}
    table["_order"] = table["doc_id"].map(order)
    table = table.sort_values(["_order", "kind", "words", "speaker"], ascending=[True, True, False, True])
    return table.drop(columns="_order").reset_index(drop=True)


def speakers_table(segments: pd.DataFrame, speakers: pd.DataFrame) -> pd.DataFrame:
    """Each speaker who has a segment: kind, description, documents, segments, words."""
    seg = with_words(segments)
    counts = (
        seg.groupby("speaker", sort=True)
        .agg(documents=("doc_id", "nunique"), segments=("segment_id", "size"), words=("words", "sum"))
        .reset_index()
    )
    table = counts.merge(speakers, on="speaker", how="left").fillna({"kind": "", "description": ""})
    table = table.sort_values(["words", "speaker"], ascending=[False, True], ignore_index=True)
    return table[["speaker", "kind", "description", "documents", "segments", "words"]]


def quotes_table(quotes: pd.DataFrame, width: int = 70) -> pd.DataFrame:
    """Every quotation with its speaker and the evidence for the attribution."""
    table = quotes.copy()
    table["opening"] = [t if len(t) <= width else t[: width - 1].rstrip() + "\u2026" for t in table["text"]]
    table["attribution"] = table["attribution"].where(~table["scare"], "scare quote (narration)")
    return table[["doc_id", "quote_id", "opening", "words", "speaker", "attribution", "evidence"]]


def corpus_numbers(tables: dict[str, pd.DataFrame]) -> dict[str, int | float | str]:
    """The corpus figures quoted in the prose, as plain Python numbers (for glue)."""
    documents, segments, quotes, cleaning = (tables[k] for k in ("documents", "segments", "quotes", "cleaning"))
    seg = with_words(segments)
    quoted = seg[seg["kind"] == "quote"]
    removed = cleaning[cleaning["action"].str.startswith("remove")]
    years = documents["date"].str[:4].astype(int)
    return {
        "n_documents": int(len(documents)),
        "first_year": int(years.min()),
        "last_year": int(years.max()),
        "words_raw": int(documents["words_raw"].sum()),
        "words_analysed": int(documents["words_analysed"].sum()),
        "words_removed": int(documents["words_raw"].sum() - documents["words_analysed"].sum()),
        "n_segments": int(len(segments)),
        "n_quotes": int((~quotes["scare"]).sum()),
        "n_scare_quotes": int(quotes["scare"].sum()),
        "n_quoted_speakers": int(quoted["speaker"].nunique()),
        "n_unattributed": int((quotes["speaker"] == UNATTRIBUTED).sum()),
        "quoted_share": round(float(100 * quoted["words"].sum() / seg["words"].sum()), 1),
        "n_removals": int(len(removed)),
        "chars_removed": int((removed["char_end"] - removed["char_start"]).sum()),
        "n_rules": int(cleaning["rule"].nunique()),
        "n_speech_words": int(seg.loc[seg["kind"] == "speech", "words"].sum()),
        "min_quote_words": int(attribution_rules()["min_quote_words"]),
    }


class HTML:
    """Minimal rich-display wrapper: Jupyter shows ``_repr_html_``."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return f"<HTML view, {len(self.markup)} characters>"


def show(table: pd.DataFrame, caption: str | None = None) -> HTML:
    """A table as the book shows it: every cell in full and HTML-escaped, no index column.

    Numbers print in their shortest form (``{:g}``): the table functions round
    what they report, so no column shows spurious digits.
    """
    markup = table.to_html(
        index=False,
        escape=True,
        border=0,
        na_rep="",
        float_format="{:g}".format,
        classes="dataframe book-table",
        justify="left",
    )
    if caption:
        markup = f'<p class="table-caption"><em>{html.escape(caption)}</em></p>\n' + markup
    return HTML(markup)


def marked_document(segments: pd.DataFrame, doc_id: str) -> HTML:
    """A document as the segmentation reads it: each quotation coloured by its speaker.

    Paragraphs are the cleaned paragraphs; a quotation is shown with its speaker
    in a label before it, so a reader can audit every attribution. All corpus
    text is HTML-escaped.
    """
    seg = segments[segments["doc_id"] == doc_id]
    quoted = seg[seg["kind"] == "quote"]
    colours = speaker_colours(list(dict.fromkeys(quoted["speaker"])))
    parts = ['<div class="marked-document" style="line-height:1.6">']
    for _, paragraph in seg.groupby("paragraph", sort=True):
        pieces = []
        for row in paragraph.itertuples():
            text = html.escape(row.text)
            if row.kind == "quote":
                colour = colours[row.speaker]
                label = html.escape(row.speaker)
                pieces.append(
                    f'<span style="border-bottom:3px solid {colour}">'
                    f'<span style="font-size:75%;font-weight:bold;color:{colour}">[{label}]</span> '
                    f"\u201c{text}\u201d</span>"
                )
            else:
                pieces.append(f'<span style="color:#444">{text}</span>')
        parts.append("<p>" + " ".join(pieces) + "</p>")
    parts.append("</div>")
    return HTML("\n".join(parts))


def glue_numbers(numbers: dict[str, int | float | str]) -> None:
    """Glue each number for the prose (myst-nb ``glue``), sorted by key, without showing it.

    Values must be plain Python numbers or strings (NumPy scalars would paste as
    ``np.float64(...)``); :func:`corpus_numbers` and its kin return such values.
    """
    from myst_nb import glue

    for key, value in sorted(numbers.items()):
        # Exact types: numpy.float64 is a float subclass, but pastes as "np.float64(...)".
        if type(value) not in (int, float, str):
            raise TypeError(f"{key}: glue plain Python numbers, not {type(value).__name__}")
        glue(key, value, display=False)


# --- Readability chapter -------------------------------------------------------

READABILITY_HEADLINE = ("flesch_reading_ease", "flesch_kincaid_grade", "mattr")


def with_interval(value: float, low: float, high: float, digits: int = 1) -> str:
    """``"52.3 [47.1, 57.0]"``; ``"52.3 [no interval]"`` without bounds; ``"n/a"`` without a value."""
    if pd.isna(value):
        return "n/a"
    if pd.isna(low) or pd.isna(high):
        return f"{value:.{digits}f} [no interval]"
    return f"{value:.{digits}f} [{low:.{digits}f}, {high:.{digits}f}]"


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
    from .readability import FLESCH_BASE, FLESCH_SYLLABLES_PER_WORD, FLESCH_WORDS_PER_SENTENCE

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
    from .bootstrap import DEFAULT_CI, MIN_INTERVAL_SENTENCES
    from .readability import (
        CAUTION_MIN_SENTENCES,
        CAUTION_MIN_WORDS,
        FLESCH_BASE,
        FLESCH_SYLLABLES_PER_WORD,
        FLESCH_WORDS_PER_SENTENCE,
        MEASURES,
        SMOG_SAMPLE_SENTENCES,
    )

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
    numbers["n_speakers_caution"] = int((speakers["caution"].fillna("") != "").sum())
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
    decomposition = flesch_decomposition(readability, "document").set_index("unit")
    easy, hard = decomposition.loc[fre.idxmax()], decomposition.loc[fre.idxmin()]
    sentence_gap = float(easy["sentence-length penalty"] - hard["sentence-length penalty"])
    word_gap = float(easy["word-length penalty"] - hard["word-length penalty"])
    numbers["gap_sentence_penalty"] = round(sentence_gap, 1)
    numbers["gap_word_penalty"] = round(word_gap, 1)
    numbers["gap_larger_source"] = "word length" if word_gap > sentence_gap else "sentence length"
    scorings = [c for c in ranks.columns if ":" in c]
    numbers["n_scorings"] = int(len(scorings))
    numbers["max_rank_spread"] = int(ranks["spread"].max())
    hardest = ranks.set_index("unit")[scorings].eq(1).sum(axis=1)
    numbers["hardest_most_often"] = str(hardest.idxmax())
    numbers["hardest_most_often_count"] = int(hardest.max())
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
        "textstat_extra_sentences_max": int(sentences_gap.max()),
        "textstat_max_word_gap": int(words_gap.max()),
    }

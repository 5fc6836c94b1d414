"""Tables, numbers and HTML views the book shows, made from the export's tables.

Nothing here computes a measure: it selects, counts and formats what the
stages produced, so a chapter cell is one call. Corpus text shown as HTML is
escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..stats.bootstrap import CAUTION_MIN_SENTENCES, DEFAULT_CI
from .figures import speaker_colours
from ..measures.readability import CAUTION_MIN_WORDS
from ..measures.rhetoric import PER_WORDS, feature_labels, feature_names, features, vader_compound
from ..corpus.segments import UNATTRIBUTED, attribution_rules
from ..text.tokens import words


def with_words(segments: pd.DataFrame) -> pd.DataFrame:
    """The segments with a ``words`` column (word tokens, :func:`analysis.text.tokens.words`)."""
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
    from ..stats.bootstrap import DEFAULT_CI, MIN_INTERVAL_SENTENCES
    from ..measures.readability import (
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


# --- Framing chapter -------------------------------------------------------------

#: Sadiq Khan at three moments, as the chapter compares them: ``(label, doc_id,
#: speaker)``. The candidate's own speech (2016); the Mayor's quoted words in a
#: news story and in his press release (2017); his office's spokesperson (2024).
#: Labels start with the year, so that sorted labels are in time order.
KHAN_OVER_TIME = (
    ("2016: candidate", "khan_speech_2016", "Sadiq Khan"),
    ("2017: Mayor", "memo_2017", "Sadiq Khan"),
    ("2017: Mayor", "cityhall_2017", "Sadiq Khan"),
    ("2024: Mayor's office", "pa_2024", "Spokesperson for Sadiq Khan"),
)
#: Two outlets narrating stories about the same Mayor: ``(label, doc_id)``; only
#: their own unquoted narration is compared.
OUTLET_NARRATION = (
    ("2017: Middle East Monitor", "memo_2017"),
    ("2024: PA Media", "pa_2024"),
)


def khan_over_time(coded: pd.DataFrame) -> pd.DataFrame:
    """The coded sentences of :data:`KHAN_OVER_TIME`, with their ``period``, in that order."""
    parts = []
    for label, doc_id, speaker in KHAN_OVER_TIME:
        rows = coded[(coded["doc_id"] == doc_id) & (coded["speaker"] == speaker)]
        if rows.empty:
            raise ValueError(f"no sentences of {speaker} in {doc_id}: KHAN_OVER_TIME does not fit this corpus")
        parts.append(rows.assign(period=label))
    return pd.concat(parts, ignore_index=True)


def outlet_narration(coded: pd.DataFrame) -> pd.DataFrame:
    """The narration sentences of :data:`OUTLET_NARRATION`, with their ``outlet``, in that order."""
    parts = []
    for label, doc_id in OUTLET_NARRATION:
        rows = coded[(coded["doc_id"] == doc_id) & (coded["kind"] == "narration")]
        if rows.empty:
            raise ValueError(f"no narration in {doc_id}: OUTLET_NARRATION does not fit this corpus")
        parts.append(rows.assign(outlet=label))
    return pd.concat(parts, ignore_index=True)


def _percent(value: float, low: float, high: float) -> str:
    """A share and its interval in per cent, no decimals: ``"28 [19, 37]"``."""
    return with_interval(100 * value, 100 * low, 100 * high, digits=0)


def emphasis_overview(emphasis: pd.DataFrame, by: str = "speaker", min_sentences: int = 1) -> pd.DataFrame:
    """Hard and soft CONTEST emphasis per unit as "share [95% interval]" in per cent, largest units first."""
    table = emphasis[emphasis["sentences"] >= min_sentences]
    table = table.sort_values(["sentences", by], ascending=[False, True], kind="stable")
    return pd.DataFrame({
        by: table[by],
        "sentences": table["sentences"],
        "hard: pursue or protect (%)": [_percent(*v) for v in table[["hard", "hard_ci_low", "hard_ci_high"]].to_numpy()],
        "soft: prevent (%)": [_percent(*v) for v in table[["soft", "soft_ci_low", "soft_ci_high"]].to_numpy()],
        "hard minus soft (points)": [
            _percent(*v) for v in table[["difference", "difference_ci_low", "difference_ci_high"]].to_numpy()
        ],
        "caution": table["caution"],
    }).reset_index(drop=True)


def shares_overview(shares: pd.DataFrame, group: str, scheme: str) -> pd.DataFrame:
    """One scheme's frame shares for a few groups: a row per frame, a column per group, in per cent."""
    table = shares[shares["scheme"] == scheme]
    groups = list(dict.fromkeys(table[group]))
    out = pd.DataFrame({"frame": list(dict.fromkeys(table["frame"]))})
    for g in groups:
        rows = table[table[group] == g].set_index("frame").loc[out["frame"]]
        n = int(rows["sentences"].iloc[0])
        out[f"{g} ({n} sentences)"] = [_percent(*v) for v in rows[["share", "ci_low", "ci_high"]].to_numpy()]
    return out


def validation_comparison(a_priori: pd.DataFrame, final: pd.DataFrame) -> pd.DataFrame:
    """Precision and recall per frame: the dictionary as first written, then as revised.

    Both tables come from :func:`analysis.measures.frames.validate` on the same hand
    codes; ``hand`` and ``dictionary`` (sentences the revised dictionary codes)
    are counts, the scores are rounded to two decimals.
    """
    keys = ["scheme", "frame"]
    before = a_priori[keys + ["precision", "recall"]].rename(
        columns={"precision": "precision_a_priori", "recall": "recall_a_priori"}
    )
    table = final[keys + ["hand", "dictionary", "both", "precision", "recall", "f1"]].merge(before, on=keys)
    columns = [*keys, "hand", "dictionary", "both", "precision_a_priori", "recall_a_priori", "precision", "recall", "f1"]
    return table[columns].round(2)


def stability_summary(stability: pd.DataFrame) -> pd.DataFrame:
    """How each unit's rank on each scheme's frames survives leaving one term out, one row per unit and scheme.

    From :func:`analysis.measures.frames.leave_one_out_stability`: ``frames`` ranked,
    ``removals`` (frame x term codings tried), ``unchanged (%)`` (of those, the
    ones that leave the unit's rank where it was), ``largest move`` (ranks
    between its best and worst place) and the ``frame`` and ``term`` of that move.
    """
    rows = []
    for (unit, scheme), group in stability.groupby(["unit", "scheme"], sort=True):
        spread = group["rank_worst"] - group["rank_best"]
        widest = group.loc[spread.idxmax()]
        rows.append({
            "unit": unit,
            "scheme": scheme,
            "frames": int(len(group)),
            "removals": int(group["removals"].sum()),
            "unchanged (%)": round(100 * (1 - group["moved"].sum() / group["removals"].sum()), 1),
            "largest move (ranks)": int(spread.max()),
            "frame of that move": widest["frame"] if spread.max() > 0 else "",
            "decisive term": _short_term(widest["decisive_term"]) if spread.max() > 0 else "",
        })
    return pd.DataFrame(rows)


def _short_term(label: str) -> str:
    """A term entry's first variant, with "| ..." when it has more (``mi5 | ...``)."""
    variants = label.split(" | ")
    return variants[0] + (" | \u2026" if len(variants) > 1 else "")


def kwic_view(kwic: pd.DataFrame, scheme: str, frame: str, doc_id: str | None = None, limit: int | None = None) -> HTML:
    """Keyword-in-context lines of one frame as an HTML table, the match in bold, every text escaped."""
    lines = kwic[(kwic["scheme"] == scheme) & (kwic["frame"] == frame)]
    if doc_id is not None:
        lines = lines[lines["doc_id"] == doc_id]
    lines = lines.head(limit) if limit is not None else lines
    cells = []
    for row in lines.itertuples(index=False):
        cells.append(
            "<tr>"
            f"<td>{html.escape(row.doc_id)}:{row.sentence_id}</td>"
            f"<td>{html.escape(row.speaker)}</td>"
            f'<td style="text-align:right">{html.escape(row.left)}</td>'
            f"<td><strong>{html.escape(row.match)}</strong></td>"
            f"<td>{html.escape(row.right)}</td>"
            f"<td><code>{html.escape(row.term)}</code></td>"
            "</tr>"
        )
    head = "".join(f"<th>{h}</th>" for h in ("sentence", "speaker", "left", "match", "right", "term"))
    return HTML(f'<table class="dataframe book-table kwic"><thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(cells)}</tbody></table>")


def _share_numbers(prefix: str, row: pd.Series, column: str = "share") -> dict[str, float]:
    """A share and its interval bounds, in per cent rounded to one decimal, under ``prefix``."""
    return {
        prefix: round(100 * float(row[column]), 1),
        f"{prefix}_low": round(100 * float(row[f"{column}_ci_low" if column != "share" else "ci_low"]), 1),
        f"{prefix}_high": round(100 * float(row[f"{column}_ci_high" if column != "share" else "ci_high"]), 1),
    }


def _row(table: pd.DataFrame, **where) -> pd.Series:
    """The one row of ``table`` matching ``where`` (column=value); an error if not exactly one."""
    mask = pd.Series(True, index=table.index)
    for column, value in where.items():
        mask &= table[column] == value
    if mask.sum() != 1:
        raise ValueError(f"expected one row with {where}, found {int(mask.sum())}")
    return table[mask].iloc[0]


def framing_numbers(
    coded: pd.DataFrame,
    emphasis: pd.DataFrame,
    khan: pd.DataFrame,
    outlets: pd.DataFrame,
    validation_a_priori: pd.DataFrame,
    validation_final: pd.DataFrame,
    stability: pd.DataFrame,
    kwic: pd.DataFrame,
    entman: pd.DataFrame,
) -> dict[str, int | float | str]:
    """The framing figures quoted in the chapter's prose, as plain Python numbers (for glue).

    Shares are in per cent with one decimal; the arguments are the chapter's
    tables (:mod:`analysis.measures.frames` and :func:`khan_over_time`,
    :func:`outlet_narration` passed through :func:`analysis.measures.frames.frame_shares`).
    """
    from ..measures import frames
    from ..stats.bootstrap import CAUTION_MIN_SENTENCES, DEFAULT_CI

    numbers: dict[str, int | float | str] = {
        "n_sentences": int(len(coded)),
        "n_hand_coded": int(validation_final["sentences"].iloc[0]),
        "n_kwic_lines": int(len(kwic)),
        "caution_min_sentences": int(frames.CAUTION_MIN_SENTENCES),
        "ci_percent": round(100 * float(DEFAULT_CI), 1),
        "n_entman_gaps": int(entman["sentence_id"].isna().sum()),
    }
    for scheme in frames.schemes():
        numbers[f"n_terms_{scheme.name}"] = int(sum(len(f.terms) for f in scheme.frames))
        numbers[f"n_frames_{scheme.name}"] = int(len(scheme.frames))
    revisions = frames.revisions_table()
    validation = revisions[revisions["review"] == "validation"]
    numbers["n_added"] = int((validation["change"] == "added").sum())
    numbers["n_retired"] = int((validation["change"] == "retired").sum())
    numbers["n_domain_guards"] = int((revisions["review"] == "domain").sum())
    for label, table in (("a_priori", validation_a_priori), ("final", validation_final)):
        for scheme in frames.SCHEME_NAMES:
            pooled = _row(table, scheme=scheme, frame="(all frames)")
            numbers[f"{scheme}_precision_{label}"] = round(100 * float(pooled["precision"]), 1)
            numbers[f"{scheme}_recall_{label}"] = round(100 * float(pooled["recall"]), 1)
    # The weakest frame among those the coder found often enough to score.
    named = validation_final[(validation_final["frame"] != "(all frames)")
                             & (validation_final["hand"] >= frames.CAUTION_MIN_SENTENCES)]
    weakest = named.loc[named["recall"].idxmin()]
    numbers["weakest_recall_frame"] = str(weakest["frame"]).replace("_", " ")
    numbers["weakest_recall"] = round(100 * float(weakest["recall"]), 1)
    numbers["policy_recall"] = round(100 * float(_row(validation_final, scheme="pfc",
                                                      frame="policy_prescription")["recall"]), 1)
    for prefix, unit in (("khan", "Sadiq Khan"), ("office", "Mayor of London press office"),
                         ("stewart", "Rory Stewart campaign")):
        row = _row(emphasis, speaker=unit)
        numbers[f"{prefix}_sentences"] = int(row["sentences"])
        for measure in ("hard", "soft", "difference"):
            numbers |= _share_numbers(f"{prefix}_{measure}", row, measure)
    for prefix, (period, scheme, frame) in {
        "candidate_prepare": ("2016: candidate", "contest", "prepare"),
        "candidate_capacity": ("2016: candidate", "pfc", "capacity_and_resources"),
        "mayor_prevent": ("2017: Mayor", "contest", "prevent"),
        "mayor_prepare": ("2017: Mayor", "contest", "prepare"),
        "office_crime": ("2024: Mayor's office", "pfc", "crime_and_punishment"),
    }.items():
        numbers |= _share_numbers(prefix, _row(khan, period=period, scheme=scheme, frame=frame))
    for period, key in (("2016: candidate", "candidate"), ("2017: Mayor", "mayor"), ("2024: Mayor's office", "office")):
        numbers[f"{key}_period_sentences"] = int(_row(khan, period=period, scheme="contest", frame="prevent")["sentences"])
    for prefix, (outlet, frame) in {
        "memo_external": ("2017: Middle East Monitor", "external_regulation_and_reputation"),
        "pa_external": ("2024: PA Media", "external_regulation_and_reputation"),
        "pa_political": ("2024: PA Media", "political"),
        "memo_political": ("2017: Middle East Monitor", "political"),
        "pa_opinion": ("2024: PA Media", "public_opinion"),
    }.items():
        numbers |= _share_numbers(prefix, _row(outlets, outlet=outlet, scheme="pfc", frame=frame))
    summary = stability_summary(stability)
    numbers["stability_units"] = int(summary["unit"].nunique())
    numbers["stability_min_unchanged"] = float(summary["unchanged (%)"].min())
    numbers["stability_max_unchanged"] = float(summary["unchanged (%)"].max())
    numbers["stability_max_move"] = int(summary["largest move (ranks)"].max())
    return numbers


# --- Rhetoric chapter ---------------------------------------------------------


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


# --- Claims ----------------------------------------------------------------


def glue_sentences(sentences: dict[str, str]) -> None:
    """Glue each claim's rendered sentence as Markdown (myst-nb ``glue``), for ``{glue:md}`claim_<id>```."""
    from IPython.display import Markdown
    from myst_nb import glue

    for key, sentence in sorted(sentences.items()):
        glue(key, Markdown(sentence), display=False)


def claim_sections(book: Path | str) -> dict[str, tuple[str, str]]:
    """Where each claim is made: ``claim id -> (page, section label)``.

    A claim is made in the section (the latest MyST label ``(label)=`` before
    a heading) whose Markdown glues it (``{glue:md}`claim_<id>```) or marks it
    (``<!-- claim: id -->``, in ``index.md``), or whose figure lists it in its
    cell's ``claims`` metadata; the first such place counts. Pages are
    ``index`` and the notebooks of ``chapters/`` by stem.
    """
    import json
    import re

    book = Path(book)
    found: dict[str, tuple[str, str]] = {}

    def scan(page: str, cells: list[tuple[str, list[str]]]) -> None:
        label = ""
        for text, listed in cells:
            for line in text.splitlines():
                target = re.match(r"\(([\w-]+)\)=\s*$", line)
                label = target.group(1) if target else label
                ids = re.findall(r"\{glue:md\}`claim_(\w+)`", line)
                ids += [i.strip() for m in re.findall(r"<!--\s*claim:\s*([\w\s,]+?)\s*-->", line) for i in m.split(",")]
                for claim_id in ids:
                    found.setdefault(claim_id, (page, label))
            for claim_id in listed:
                found.setdefault(claim_id, (page, label))

    scan("index", [((book / "index.md").read_text(encoding="utf-8"), [])])
    for path in sorted((book / "chapters").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        scan(path.stem, [("".join(c["source"]) if c["cell_type"] == "markdown" else "",
                          c.get("metadata", {}).get("claims", [])) for c in cells])
    return found


def claims_overview(results, sections: dict[str, tuple[str, str]] | None = None) -> HTML:
    """Every evaluated claim as an HTML table: the section that makes it (a link), its sentence and its evidence.

    ``sections`` is :func:`claim_sections`; without it (or for a claim it does
    not place) the link goes to the claim's page.
    """
    sections = sections or {}
    rows = []
    for r in results:
        page, label = sections.get(r.claim.id, (r.claim.chapter, ""))
        href = "../index.html" if page == "index" else f"{page}.html"
        href += f"#{label}" if label else ""
        title = f"{'Introduction' if page == 'index' else page}{' § ' + label if label else ''}"
        rows.append(
            "<tr>"
            f"<td><code>{html.escape(r.claim.id)}</code></td>"
            f'<td><a href="{html.escape(href)}">{html.escape(title)}</a></td>'
            f"<td>{html.escape(r.claim.kind)}</td>"
            f"<td>{html.escape(r.sentence)}</td>"
            f"<td>{html.escape(r.evidence())}</td>"
            f"<td>{'holds' if r.holds else 'FAILS'}</td>"
            "</tr>"
        )
    head = "".join(f"<th>{h}</th>" for h in ("claim", "section", "kind", "sentence", "evidence", "holds"))
    return HTML(f'<table class="dataframe book-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')

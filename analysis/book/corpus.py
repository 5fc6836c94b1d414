"""The corpus chapter's tables and numbers: the documents, their cleaning, who speaks and how much.

Selections and counts of the pipeline's tables (:func:`analysis.pipeline.corpus_tables`),
formatted for the chapter; nothing here computes a measure.
"""

from __future__ import annotations


import pandas as pd

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
        is the speaker's share of the document's words, in per cent. A repeat
        (narration saying a quotation again) is counted once, in its quotation,
        so it is left out here; partial quotes count for their speaker.
    """
    seg = with_words(segments[segments["kind"] != "repeat"])
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
    """Each speaker who has a segment: kind, description, documents, segments, words.

    ``words`` counts every word the speaker speaks, partial quotes included; a
    repeat is counted once, in its quotation, so repeat segments are left out.
    """
    seg = with_words(segments[segments["kind"] != "repeat"])
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


#: The kinds whose words are quoted: a quotation or a partial quote (a repeat says a
#: quotation again and is counted once, in the quotation).
QUOTED_KINDS = ("quote", "partial")


def corpus_numbers(tables: dict[str, pd.DataFrame]) -> dict[str, int | float | str]:
    """The corpus figures quoted in the prose, as plain Python numbers (for glue).

    What counts as quoted: ``quoted_share`` is the per cent of the segments'
    words that are in a quotation or a partial quote (:data:`QUOTED_KINDS`:
    ``quote`` and ``partial`` segments, the partial quote's words being its
    speaker's, not the narrator's), out of every segment's words but a
    repeat's (a repeat says a quotation again, and is counted once, in the
    quotation). ``n_quoted_speakers`` counts the speakers of those quoted
    words. The sentence measures read neither partial quotes nor repeats, so
    ``words_analysed`` (the documents table) counts neither; ``n_partial_quotes``
    and ``n_repeats`` count those segments.
    """
    documents, segments, quotes, cleaning = (tables[k] for k in ("documents", "segments", "quotes", "cleaning"))
    seg = with_words(segments)
    quoted = seg[seg["kind"].isin(QUOTED_KINDS)]
    counted = seg[seg["kind"] != "repeat"]
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
        # Quotations and partial quotes (every quoted span but a scare quote), and the full
        # quotations among them.
        "n_quotes": int((~quotes["scare"]).sum()),
        # (a partial quote lies inside one sentence, so it is one segment)
        "n_full_quotes": int((~quotes["scare"]).sum()) - int((seg["kind"] == "partial").sum()),
        "n_scare_quotes": int(quotes["scare"].sum()),
        "n_quoted_speakers": int(quoted["speaker"].nunique()),
        "n_unattributed": int((quotes["speaker"] == UNATTRIBUTED).sum()),
        "quoted_share": round(float(100 * quoted["words"].sum() / counted["words"].sum()), 1),
        "n_partial_quotes": int((seg["kind"] == "partial").sum()),
        "n_repeats": int((seg["kind"] == "repeat").sum()),
        "n_removals": int(len(removed)),
        "chars_removed": int((removed["char_end"] - removed["char_start"]).sum()),
        "n_rules": int(cleaning["rule"].nunique()),
        "n_speech_words": int(seg.loc[seg["kind"] == "speech", "words"].sum()),
        "min_quote_words": int(attribution_rules()["min_quote_words"]),
    }

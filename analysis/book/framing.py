"""The framing chapter's tables and numbers, and the comparisons it makes.

Which documents, speakers and periods the chapter compares belong to the book,
not to the package: they are in ``comparisons.yaml`` at the root of the
repository (:data:`COMPARISONS_FILE`, read by :func:`read_comparisons`) and
passed to :func:`over_time`, :func:`outlet_narration` and :func:`framing_numbers`.
The rest selects and formats what :mod:`analysis.measures.frames` computed.
"""

from __future__ import annotations


from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from ..measures import frames
from ..measures.frames import schemes
from ..paths import read_yaml
from ..stats.bootstrap import DEFAULT_CI
from .views import _percent, _short_term


#: The book's comparisons, at the root of the repository (see :func:`read_comparisons`).
COMPARISONS_FILE = "comparisons.yaml"
#: What each chapter's entry of the comparisons file must hold.
_FRAMING_KEYS = {"over_time", "period_keys", "outlet_narration", "emphasis", "period_shares", "outlet_shares"}


def read_comparisons(path: Path | str) -> dict:
    """The book's comparisons: which documents, speakers and periods each chapter compares.

    Parameters
    ----------
    path
        A YAML file like the repository's ``comparisons.yaml``: a mapping of
        chapter to its comparisons (``framing``: ``over_time``,
        ``period_keys``, ``outlet_narration``, ``emphasis``,
        ``period_shares``, ``outlet_shares``).

    Raises
    ------
    ValueError
        Naming the file, if it is not such a mapping or lacks a key.
    """
    data = read_yaml(Path(path).read_text(encoding="utf-8"))
    framing = data.get("framing") if isinstance(data, dict) else None
    if not isinstance(framing, dict):
        raise ValueError(f"{path}: expected a mapping with a 'framing' entry")
    missing = sorted(_FRAMING_KEYS - set(framing))
    if missing:
        raise ValueError(f"{path}: framing lacks {', '.join(missing)}")
    return data


def over_time(coded: pd.DataFrame, periods: Sequence[Mapping[str, str]]) -> pd.DataFrame:
    """The coded sentences of one speaker in one document per entry of ``periods``, with their ``period``, in that order.

    ``periods`` are mappings of ``period``, ``doc_id`` and ``speaker`` (the
    ``over_time`` entry of :func:`read_comparisons`).
    """
    parts = []
    for entry in periods:
        doc_id, speaker = entry["doc_id"], entry["speaker"]
        rows = coded[(coded["doc_id"] == doc_id) & (coded["speaker"] == speaker)]
        if rows.empty:
            raise ValueError(f"no sentences of {speaker} in {doc_id}: the comparison does not fit this corpus")
        parts.append(rows.assign(period=entry["period"]))
    return pd.concat(parts, ignore_index=True)


def outlet_narration(coded: pd.DataFrame, outlets: Sequence[Mapping[str, str]]) -> pd.DataFrame:
    """The narration sentences of each document of ``outlets``, with their ``outlet``, in that order.

    ``outlets`` are mappings of ``outlet`` and ``doc_id`` (the
    ``outlet_narration`` entry of :func:`read_comparisons`).
    """
    parts = []
    for entry in outlets:
        doc_id = entry["doc_id"]
        rows = coded[(coded["doc_id"] == doc_id) & (coded["kind"] == "narration")]
        if rows.empty:
            raise ValueError(f"no narration in {doc_id}: the comparison does not fit this corpus")
        parts.append(rows.assign(outlet=entry["outlet"]))
    return pd.concat(parts, ignore_index=True)


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
    periods: pd.DataFrame,
    outlets: pd.DataFrame,
    validation_a_priori: pd.DataFrame,
    validation_final: pd.DataFrame,
    stability: pd.DataFrame,
    kwic: pd.DataFrame,
    comparisons: Mapping,
) -> dict[str, int | float | str]:
    """The framing figures quoted in the chapter's prose, as plain Python numbers (for glue).

    Shares are in per cent with one decimal; the arguments are the chapter's
    tables (:mod:`analysis.measures.frames` and :func:`over_time`,
    :func:`outlet_narration` passed through :func:`analysis.measures.frames.frame_shares`),
    and ``comparisons``, the ``framing`` entry of :func:`read_comparisons`:
    which speakers, periods and outlets the prose quotes.
    """
    numbers: dict[str, int | float | str] = {
        "n_sentences": int(len(coded)),
        "n_hand_coded": int(validation_final["sentences"].iloc[0]),
        "n_kwic_lines": int(len(kwic)),
        "caution_min_sentences": int(frames.CAUTION_MIN_SENTENCES),
        "ci_percent": round(100 * float(DEFAULT_CI), 1),
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
    for prefix, unit in comparisons["emphasis"].items():
        row = _row(emphasis, speaker=unit)
        numbers[f"{prefix}_sentences"] = int(row["sentences"])
        for measure in ("hard", "soft", "difference"):
            numbers |= _share_numbers(f"{prefix}_{measure}", row, measure)
    for prefix, (period, scheme, frame) in comparisons["period_shares"].items():
        numbers |= _share_numbers(prefix, _row(periods, period=period, scheme=scheme, frame=frame))
    for key, period in comparisons["period_keys"].items():
        numbers[f"{key}_period_sentences"] = int(_row(periods, period=period, scheme="contest", frame="prevent")["sentences"])
    # A share of zero resamples only to zero, so its bootstrap interval says nothing. The exact
    # (Clopper-Pearson 1934) 95% upper bound for 0 of n sentences is 1 - 0.025 ** (1 / n).
    n_mayor = numbers["mayor_period_sentences"]
    numbers["mayor_prepare_upper"] = round(100 * (1 - ((1 - DEFAULT_CI) / 2) ** (1 / n_mayor)), 1)
    for prefix, (outlet, frame) in comparisons["outlet_shares"].items():
        numbers |= _share_numbers(prefix, _row(outlets, outlet=outlet, scheme="pfc", frame=frame))
    summary = stability_summary(stability)
    numbers["stability_units"] = int(summary["unit"].nunique())
    numbers["stability_min_unchanged"] = float(summary["unchanged (%)"].min())
    numbers["stability_max_unchanged"] = float(summary["unchanged (%)"].max())
    numbers["stability_max_move"] = int(summary["largest move (ranks)"].max())
    return numbers


#: How the chapter names Entman's functions: a column heading, and the short key of its glued numbers.
ENTMAN_NAMES = {
    "problem_definition": ("problem definition", "problem"),
    "causal_interpretation": ("causal interpretation", "cause"),
    "moral_evaluation": ("moral evaluation", "moral"),
    "treatment_recommendation": ("treatment recommendation", "remedy"),
}


def entman_agreement_view(agreement: pd.DataFrame) -> pd.DataFrame:
    """The cue rules' agreement with the hand codes, one row per Entman function, as the chapter shows it.

    ``agreement`` is :func:`analysis.measures.frames.entman_agreement`. Counts of
    sentences coded by hand, by the cue rules and by both; precision and recall in
    per cent (no decimals) and Cohen's (1960) kappa to two decimals.
    """
    return pd.DataFrame({
        "function": [ENTMAN_NAMES[f][0] for f in agreement["function"]],
        "sentences": agreement["sentences"].astype(int),
        "coded by hand": agreement["hand"].astype(int),
        "coded by the cues": agreement["cues"].astype(int),
        "coded by both": agreement["both"].astype(int),
        "precision (%)": (100 * agreement["precision"]).round(0),
        "recall (%)": (100 * agreement["recall"]).round(0),
        "Cohen's kappa": agreement["kappa"].round(2),
    })


def entman_hand_counts(hand: pd.DataFrame) -> pd.DataFrame:
    """The hand codes counted per document: its sentences and how many carry each Entman function.

    ``hand`` is :func:`analysis.measures.frames.read_entman_hand_coded`; one row per
    document, sorted by ``doc_id``, one column per function in Entman's order.
    """
    counts = hand.groupby("doc_id", sort=True).agg(
        sentences=("sentence_id", "size"), **{ENTMAN_NAMES[f][0]: (f, "sum") for f in frames.ENTMAN_FUNCTIONS},
    )
    return counts.reset_index().rename(columns={"doc_id": "document"}).astype(
        {name: int for name in ("sentences", *(ENTMAN_NAMES[f][0] for f in frames.ENTMAN_FUNCTIONS))})


def entman_numbers(agreement: pd.DataFrame, hand: pd.DataFrame) -> dict[str, int | float | str]:
    """The Entman section's figures, as plain Python numbers (for glue).

    ``entman_sentences`` and ``entman_documents`` (what the hand codes cover);
    per function, under its short key (:data:`ENTMAN_NAMES`: ``problem``,
    ``cause``, ``moral``, ``remedy``), ``entman_<key>_hand``, ``_cues``,
    ``_both``, ``_precision`` and ``_recall`` (per cent, rounded to a whole
    number) and ``_kappa`` (two decimals), ``nan`` where undefined;
    ``entman_kappa_min`` and ``entman_kappa_max`` over the four functions.
    """
    numbers: dict[str, int | float | str] = {
        "entman_sentences": int(agreement["sentences"].iloc[0]),
        "entman_documents": int(hand["doc_id"].nunique()),
    }
    for row in agreement.itertuples(index=False):
        key = f"entman_{ENTMAN_NAMES[row.function][1]}"
        numbers |= {f"{key}_hand": int(row.hand), f"{key}_cues": int(row.cues), f"{key}_both": int(row.both),
                    f"{key}_precision": round(100 * float(row.precision), 0),
                    f"{key}_recall": round(100 * float(row.recall), 0), f"{key}_kappa": round(float(row.kappa), 2)}
    numbers["entman_kappa_min"] = round(float(agreement["kappa"].min()), 2)
    numbers["entman_kappa_max"] = round(float(agreement["kappa"].max()), 2)
    return numbers


def definitions_table(version: str = "final") -> pd.DataFrame:
    """Each frame of both schemes with its definition, source and number of terms."""
    rows = []
    for scheme in schemes(version):
        for frame in scheme.frames:
            rows.append({
                "scheme": scheme.name, "frame": frame.name, "label": frame.label, "definition": frame.definition,
                "source": frame.source, "terms": len(frame.terms),
                "examples": ", ".join(t.label.split(" | ")[0] for t in frame.terms[:4]),
            })
    return pd.DataFrame(rows)


def terms_table(version: str = "final") -> pd.DataFrame:
    """Every indicator term of both schemes with its exclusions and the reason for it."""
    rows = []
    for scheme in schemes(version):
        for frame in scheme.frames:
            for term in frame.terms:
                rows.append({
                    "scheme": scheme.name, "frame": frame.name, "term": term.label,
                    "case_sensitive": term.case_sensitive,
                    "unless": " | ".join(" ".join(p) for p in term.exclusions), "why": term.why,
                })
    return pd.DataFrame(rows)

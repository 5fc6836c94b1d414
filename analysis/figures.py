"""Every figure of the book, in one visual style.

One style for the whole book: the Okabe-Ito colour-blind-safe palette
(Okabe & Ito 2008, "Color Universal Design"), labelled axes with units, no
chart junk. Each function takes a tidy table from the package and returns a
:class:`matplotlib.figure.Figure`; the chapter cell that shows it carries the
caption and alt text (myst-nb cell metadata), so the figure and its words sit
together.
"""

from __future__ import annotations

import io

import matplotlib as mpl
import matplotlib.lines  # noqa: F401  (mpl.lines for legend handles)
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

# Figures are made as plain Figure objects, not through pyplot: nothing is kept
# in pyplot's global state, a notebook shows a returned figure exactly once, and
# no display backend is needed to save one.

# Okabe-Ito palette, black last; narration (outlets, offices, campaigns) in
# light grey so that the people speaking stand out.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
NARRATOR = "#BBBBBB"
STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "x",
    "grid.color": "#DDDDDD",
    "legend.frameon": False,
    "svg.hashsalt": "london-rhetoric",  # stable SVG ids
}


NARRATION_LABEL = "narration (outlet, press office, campaign)"
OTHER_LABEL = "other quoted speakers"
OTHER = "#666666"


def speaker_colours(speakers: list[str]) -> dict[str, str]:
    """A fixed colour per speaker, in the order given; past the palette, dark grey."""
    colours = {s: PALETTE[i] if i < len(PALETTE) else OTHER for i, s in enumerate(speakers)}
    colours[NARRATION_LABEL] = NARRATOR
    colours[OTHER_LABEL] = OTHER
    return colours


def words_by_speaker(words: pd.DataFrame, max_speakers: int = len(PALETTE) - 1) -> Figure:
    """Stacked horizontal bars: words per document, split by voice.

    Narration (the document's own unquoted voice) is grey; the speakers with
    the most words overall get the palette's colours, the same in every bar;
    the rest are pooled as "other quoted speakers", so no colour repeats.

    Parameters
    ----------
    words
        From :func:`analysis.report.words_by_speaker`: ``label, speaker, kind,
        words`` (``label`` names the document), in the order to draw.
    max_speakers
        How many speakers get a colour of their own.
    """
    voiced = words[words["kind"] != "narration"]
    ranking = voiced.groupby("speaker")["words"].sum().sort_values(ascending=False, kind="stable")
    ranked = sorted(ranking.index, key=lambda s: (-ranking[s], s))[:max_speakers]
    voice = words["speaker"].where(words["speaker"].isin(ranked), OTHER_LABEL)
    voice = voice.where(words["kind"] != "narration", NARRATION_LABEL)
    table = words.assign(voice=voice).pivot_table(
        index="label", columns="voice", values="words", aggfunc="sum", fill_value=0
    )
    order = list(dict.fromkeys(words["label"]))
    table = table.reindex(order[::-1])
    columns = [c for c in [NARRATION_LABEL, *ranked, OTHER_LABEL] if c in table.columns]
    colours = speaker_colours(ranked)
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(8.5, 0.55 * len(table) + 1.8), layout="constrained")
        ax = fig.subplots()
        left = pd.Series(0, index=table.index)
        for column in columns:
            values = table[column]
            ax.barh(table.index, values, left=left, color=colours[column], edgecolor="white", linewidth=0.5)
            left = left + values
        ax.set_xlabel("words analysed (count)")
        handles = [Patch(color=colours[c], label=c) for c in columns]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, title="voice")
    return fig


MEASURE_LABELS = {
    "flesch_reading_ease": "Flesch Reading Ease (score; higher = easier)",
    "flesch_kincaid_grade": "Flesch-Kincaid grade (US school grade; higher = harder)",
    "gunning_fog": "Gunning fog (years of schooling; higher = harder)",
    "smog_index": "SMOG (US school grade; higher = harder)",
}


def dot_whisker(readability: pd.DataFrame, measure: str = "flesch_reading_ease") -> Figure:
    """Estimates with their 95% intervals, speakers and documents side by side.

    Units flagged with a ``caution`` (too few words or sentences) are drawn as
    hollow grey markers; a unit without an interval (one sentence) has no
    whisker.
    """
    label = MEASURE_LABELS.get(measure, measure.replace("_", " "))
    panels = [("speaker", "speakers"), ("document", "documents")]
    heights = [max(1, int((readability["unit_type"] == t).sum())) for t, _ in panels]
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(8.5, 0.32 * sum(heights) + 2.2), layout="constrained")
        axes = fig.subplots(len(panels), 1, sharex=True, gridspec_kw={"height_ratios": heights})
        for ax, (unit_type, title) in zip(axes, panels, strict=True):
            table = readability[readability["unit_type"] == unit_type].sort_values(measure, kind="stable")
            y = range(len(table))
            caution = table["caution"].fillna("") != ""
            for yi, (_, row), flagged in zip(y, table.iterrows(), caution, strict=True):
                colour = NARRATOR if flagged else PALETTE[0]
                low, high = row[f"{measure}_ci_low"], row[f"{measure}_ci_high"]
                if not (pd.isna(low) or pd.isna(high)):
                    ax.plot([low, high], [yi, yi], color=colour, linewidth=2, solid_capstyle="butt")
                ax.plot(
                    [row[measure]],
                    [yi],
                    marker="o",
                    markersize=6,
                    color=colour if not flagged else "#777777",
                    markerfacecolor="white" if flagged else colour,
                    linestyle="none",
                )
            ax.set_yticks(list(y), list(table["unit"]))
            ax.set_title(title, loc="left")
            ax.grid(axis="y", visible=False)
        axes[-1].set_xlabel(label)
        handles = [
            mpl.lines.Line2D([], [], color=PALETTE[0], marker="o", linewidth=2, label="estimate, 95% interval"),
            mpl.lines.Line2D([], [], color="#777777", marker="o", markerfacecolor="white", linewidth=0,
                             label="too small to trust (see caution)"),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=9)
    return fig


def sentence_lengths(counts: pd.DataFrame, by: str = "speaker", min_sentences: int = 10) -> Figure:
    """Distribution of words per sentence for each unit with at least ``min_sentences`` sentences.

    A box per unit (median, quartiles, whiskers at 1.5 IQR) over every
    sentence as a dot, so the shape and the number of sentences both show.
    """
    sizes = counts.groupby(by)["words"].size()
    units = sorted(sizes[sizes >= min_sentences].index, key=lambda u: counts.loc[counts[by] == u, "words"].median())
    data = [counts.loc[counts[by] == u, "words"].to_numpy() for u in units]
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(8.5, 0.5 * len(units) + 1.6), layout="constrained")
        ax = fig.subplots()
        ax.boxplot(data, vert=False, widths=0.55, showfliers=False,
                   medianprops={"color": PALETTE[1], "linewidth": 2}, boxprops={"color": "#444444"},
                   whiskerprops={"color": "#444444"}, capprops={"color": "#444444"})
        for i, values in enumerate(data, start=1):
            # A fixed, even spread instead of random jitter keeps the figure deterministic.
            offsets = ((pd.Series(range(len(values))) % 7) - 3) * 0.04
            ax.plot(values, i + offsets.to_numpy(), marker=".", linestyle="none", color=PALETTE[0], alpha=0.45,
                    markersize=4)
        ax.set_yticks(range(1, len(units) + 1), [f"{u} ({len(d)})" for u, d in zip(units, data, strict=True)])
        ax.set_xlabel("sentence length (words)")
    return fig


def interval_width(readability: pd.DataFrame, measure: str = "flesch_reading_ease") -> Figure:
    """Width of each unit's 95% interval against its number of sentences (log scale)."""
    table = readability.dropna(subset=[f"{measure}_ci_low", f"{measure}_ci_high"])
    width = table[f"{measure}_ci_high"] - table[f"{measure}_ci_low"]
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(7.5, 4.5), layout="constrained")
        ax = fig.subplots()
        for i, unit_type in enumerate(["speaker", "document"]):
            mask = table["unit_type"] == unit_type
            ax.plot(table.loc[mask, "sentences"], width[mask], marker="os"[i], linestyle="none",
                    color=PALETTE[i], label=f"{unit_type}s")
        for sentences, w, unit in zip(table["sentences"], width, table["unit"], strict=True):
            ax.annotate(unit, (sentences, w), textcoords="offset points", xytext=(4, 3), fontsize=7, color="#444444")
        ax.set_xscale("log")
        ax.set_xlabel("sentences in the unit (count, log scale)")
        ax.set_ylabel("width of the 95% interval (score points)")
        ax.grid(axis="y", visible=True)
        ax.legend()
    return fig


def to_png(fig: Figure) -> bytes:
    """PNG bytes of a figure, without metadata that varies between versions."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def _show_in_notebooks() -> None:
    """Let a notebook display a returned Figure as PNG, as pyplot's inline backend would.

    Figures here bypass pyplot, so IPython has no formatter for them until one
    is registered; registering ours also keeps the PNG free of version metadata.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["image/png"].for_type(Figure, to_png)


_show_in_notebooks()

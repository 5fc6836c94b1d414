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

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
import textwrap

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
        From :func:`analysis.book.words_by_speaker`: ``label, speaker, kind,
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

    Units below the word or sentence minimum (their ``caution`` says "fewer
    than") are drawn as hollow grey markers; a formula's own note, such as
    SMOG's 30-sentence sample, does not make a unit hollow. A unit without an
    interval (one sentence) has no whisker.
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
            caution = table["caution"].fillna("").str.contains("fewer than", regex=False)
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
                             label="fewer than the minimum words or sentences (see caution)"),
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


# --- Framing chapter -------------------------------------------------------------

#: Heatmap colours: white (no sentence carries the frame) to the palette's blue
#: (every sentence does); one hue, so the scale reads the same in grey.
SHARE_COLOURS = mpl.colors.LinearSegmentedColormap.from_list("share", ["#FFFFFF", PALETTE[0]])
#: Above this share a heatmap cell's label is printed white, on dark blue.
DARK_CELL_SHARE = 0.55
#: "Hard" CONTEST strands in vermillion, "soft" in blue (emphasis_dots).
HARD_COLOUR, SOFT_COLOUR = PALETTE[5], PALETTE[0]


def frame_heatmap(frames: pd.DataFrame, scheme: str, unit_type: str = "speaker", min_sentences: int = 1) -> Figure:
    """Units by frames: the share of each unit's sentences carrying each frame of one scheme.

    Parameters
    ----------
    frames
        :func:`analysis.measures.frames.frames_table` (``unit_type, unit, scheme, frame,
        sentences, share, ...``), frames in scheme order.
    scheme
        ``"contest"`` or ``"pfc"``.
    unit_type
        ``"speaker"`` or ``"document"``.
    min_sentences
        Units with fewer sentences are left out.

    Rows are units, largest first, labelled with their number of sentences;
    each cell prints the share in per cent.
    """
    table = frames[(frames["scheme"] == scheme) & (frames["unit_type"] == unit_type)
                   & (frames["sentences"] >= min_sentences)]
    order = list(dict.fromkeys(table["frame"]))
    sizes = table.groupby("unit")["sentences"].first()
    units = sorted(sizes.index, key=lambda u: (-sizes[u], u))
    grid = table.pivot(index="unit", columns="frame", values="share").loc[units, order]
    with mpl.rc_context(STYLE):
        # Room for the unit labels and the colour bar, whatever the number of frames.
        fig = Figure(figsize=(max(7.0, 3.2 + 0.62 * len(order)), 0.42 * len(units) + 2.4), layout="constrained")
        ax = fig.subplots()
        image = ax.imshow(grid.to_numpy(dtype=float), cmap=SHARE_COLOURS, vmin=0.0, vmax=1.0, aspect="auto")
        for (i, j), value in pd.DataFrame(grid.to_numpy()).stack().items():
            ax.text(j, i, f"{100 * value:.0f}", ha="center", va="center", fontsize=8,
                    color="white" if value > DARK_CELL_SHARE else "#222222")
        ax.set_xticks(range(len(order)), [f.replace("_", " ") for f in order], rotation=40, ha="right")
        ax.set_yticks(range(len(units)), [f"{u} ({sizes[u]})" for u in units])
        ax.grid(False)
        ax.spines[:].set_visible(False)
        ax.set_xlabel(f"{scheme.upper() if scheme == 'contest' else 'Policy Frames Codebook'} frame")
        bar = fig.colorbar(image, ax=ax, shrink=0.8, pad=0.02, fraction=0.05)
        bar.set_label("share of the unit's sentences carrying the frame")
        bar.set_ticks([0, 0.25, 0.5, 0.75, 1.0], labels=["0%", "25%", "50%", "75%", "100%"])
    return fig


def _whisker(ax, value, low, high, y, colour, hollow: bool, marker: str = "o") -> None:
    """One estimate with its interval (no whisker when there is no interval)."""
    if not (pd.isna(low) or pd.isna(high)):
        ax.plot([100 * low, 100 * high], [y, y], color=colour, linewidth=2, solid_capstyle="butt",
                alpha=0.5 if hollow else 1.0)
    ax.plot([100 * value], [y], marker=marker, markersize=6, linestyle="none", color=colour,
            markerfacecolor="white" if hollow else colour)


def emphasis_dots(emphasis: pd.DataFrame, by: str = "speaker", min_sentences: int = 1) -> Figure:
    """"Hard" (pursue, protect) and "soft" (prevent) CONTEST emphasis per unit, with 95% intervals.

    Parameters
    ----------
    emphasis
        :func:`analysis.measures.frames.emphasis_table`.
    by
        Its unit column.
    min_sentences
        Units with fewer sentences are left out.

    Units are sorted by hard minus soft; hollow markers are units with a caution.
    """
    table = emphasis[emphasis["sentences"] >= min_sentences].sort_values(["difference", by], kind="stable")
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(8.5, 0.45 * len(table) + 1.8), layout="constrained")
        ax = fig.subplots()
        for y, row in enumerate(table.itertuples(index=False)):
            hollow = bool(row.caution)
            _whisker(ax, row.hard, row.hard_ci_low, row.hard_ci_high, y + 0.15, HARD_COLOUR, hollow, "s")
            _whisker(ax, row.soft, row.soft_ci_low, row.soft_ci_high, y - 0.15, SOFT_COLOUR, hollow, "o")
        ax.set_yticks(range(len(table)), [f"{u} ({n})" for u, n in zip(table[by], table["sentences"], strict=True)])
        ax.set_xlabel("share of the unit's sentences (%)")
        ax.set_xlim(-3, 103)
        handles = [
            mpl.lines.Line2D([], [], color=HARD_COLOUR, marker="s", linewidth=2, label="hard: pursue or protect"),
            mpl.lines.Line2D([], [], color=SOFT_COLOUR, marker="o", linewidth=2, label="soft: prevent"),
            mpl.lines.Line2D([], [], color="#777777", marker="o", markerfacecolor="white", linewidth=0,
                             label="small unit (see caution)"),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=9)
    return fig


def frame_comparison(shares: pd.DataFrame, group: str, schemes: tuple[str, ...] = ("contest", "pfc")) -> Figure:
    """Frame shares with 95% intervals for a few groups side by side, one panel per scheme.

    Parameters
    ----------
    shares
        :func:`analysis.measures.frames.frame_shares` with ``by=group``: ``group, scheme,
        frame, sentences, share, ci_low, ci_high, caution``.
    group
        The column naming each group (a period, an outlet); groups are drawn in
        the order they first appear, each in its own palette colour.
    schemes
        The schemes to draw, a panel each.

    Hollow markers are groups with fewer sentences than the caution threshold.
    """
    groups = list(dict.fromkeys(shares[group]))
    colours = {g: PALETTE[i % (len(PALETTE) - 1)] for i, g in enumerate(groups)}
    heights = [shares.loc[shares["scheme"] == s, "frame"].nunique() for s in schemes]
    step = 0.7 / max(1, len(groups))
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(8.5, 0.42 * sum(heights) + 2.0), layout="constrained")
        axes = fig.subplots(len(schemes), 1, sharex=True, gridspec_kw={"height_ratios": heights}, squeeze=False)[:, 0]
        for ax, scheme in zip(axes, schemes, strict=True):
            table = shares[shares["scheme"] == scheme]
            frames_order = list(dict.fromkeys(table["frame"]))
            for g_index, g in enumerate(groups):
                rows = table[table[group] == g].set_index("frame").loc[frames_order]
                # The first group on top of each frame's row (the axis is inverted).
                offset = (g_index - (len(groups) - 1) / 2) * step
                for y, row in enumerate(rows.itertuples()):
                    hollow = "fewer than" in row.caution
                    _whisker(ax, row.share, row.ci_low, row.ci_high, y + offset, colours[g], hollow)
            ax.set_yticks(range(len(frames_order)), [f.replace("_", " ") for f in frames_order])
            ax.invert_yaxis()
            ax.set_title("CONTEST strands" if scheme == "contest" else "Policy Frames Codebook", loc="left")
        axes[-1].set_xlabel("share of the group's sentences carrying the frame (%)")
        axes[-1].set_xlim(-3, 103)
        sizes = shares.groupby(group, sort=False)["sentences"].first()
        handles = [mpl.lines.Line2D([], [], color=colours[g], marker="o", linewidth=2, label=f"{g} ({sizes[g]})")
                   for g in groups]
        fig.legend(handles=handles, loc="outside lower center", ncols=min(3, len(groups)), fontsize=9)
    return fig


def validation_dots(validation: pd.DataFrame) -> Figure:
    """Precision and recall of each frame's dictionary against the hand codes, before and after revision.

    Parameters
    ----------
    validation
        :func:`analysis.book.validation_comparison`: ``scheme, frame, hand,
        precision_a_priori, recall_a_priori, precision, recall``. Frames that
        neither the coder nor the dictionary found are left out.
    """
    table = validation[(validation["hand"] > 0) | (validation["dictionary"] > 0)].reset_index(drop=True)
    labels = [f"{s}: {f.replace('_', ' ')}" for s, f in zip(table["scheme"], table["frame"], strict=True)]
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(8.5, 0.3 * len(table) + 2.0), layout="constrained")
        axes = fig.subplots(1, 2, sharey=True)
        for ax, measure in zip(axes, ("precision", "recall"), strict=True):
            for y, row in table.iterrows():
                before, after = row[f"{measure}_a_priori"], row[measure]
                if not (pd.isna(before) or pd.isna(after)):
                    ax.plot([100 * before, 100 * after], [y, y], color="#BBBBBB", linewidth=1.5)
                if not pd.isna(before):
                    ax.plot([100 * before], [y], marker="o", markersize=6, color=PALETTE[1],
                            markerfacecolor="white", linestyle="none")
                if not pd.isna(after):
                    ax.plot([100 * after], [y], marker="o", markersize=6, color=PALETTE[0], linestyle="none")
            ax.set_xlim(-3, 103)
            ax.set_xlabel(f"{measure} (%)")
        axes[0].set_yticks(range(len(table)), labels)
        axes[0].invert_yaxis()  # the axes share y: inverting one inverts both
        handles = [
            mpl.lines.Line2D([], [], color=PALETTE[1], marker="o", markerfacecolor="white", linewidth=0,
                             label="dictionary as first written (out of sample)"),
            mpl.lines.Line2D([], [], color=PALETTE[0], marker="o", linewidth=0,
                             label="after revision (scored on the sentences it was revised on)"),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=1, fontsize=9)
    return fig


# --- Rhetoric (chapter 3) -------------------------------------------------------------------------


def rhetoric_dots(
    rhetoric: pd.DataFrame,
    features: list[str],
    units: list[str],
    unit_type: str = "speaker",
    labels: dict[str, str] | None = None,
    ncols: int = 3,
) -> Figure:
    """Feature rates with their 95% intervals: one panel per feature, one row per unit.

    Parameters
    ----------
    rhetoric
        From :func:`analysis.measures.rhetoric.rhetoric_table`.
    features
        Features to draw, one panel each, in order.
    units
        Units (speakers or documents), top to bottom; each keeps its colour in
        every panel. A unit with a ``caution`` (too few words or sentences) is
        drawn hollow and grey.
    unit_type
        ``"speaker"`` or ``"document"``.
    labels
        Panel titles by feature (default: the feature names).
    ncols
        Panels per row.
    """
    table = rhetoric[(rhetoric["unit_type"] == unit_type) & rhetoric["unit"].isin(units)]
    rows = -(-len(features) // ncols)
    colours = speaker_colours(list(units))
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(8.5, rows * (0.28 * len(units) + 1.3) + 0.6), layout="constrained")
        axes = fig.subplots(rows, ncols, sharey=True, squeeze=False)
        for index, ax in enumerate(axes.ravel()):
            if index >= len(features):
                ax.set_visible(False)
                continue
            feature = features[index]
            for y, unit in enumerate(units):
                row = table[(table["unit"] == unit) & (table["feature"] == feature)]
                if row.empty:
                    continue
                row = row.iloc[0]
                flagged = bool(row["caution"])
                colour = NARRATOR if flagged else colours[unit]
                ax.plot([row["ci_low"], row["ci_high"]], [y, y], color=colour, linewidth=2, solid_capstyle="butt")
                ax.plot([row["value"]], [y], marker="o", markersize=5, linestyle="none",
                        color="#777777" if flagged else colour, markerfacecolor="white" if flagged else colour)
            ax.set_yticks(range(len(units)), list(units))
            ax.set_ylim(len(units) - 0.5, -0.5)
            title = (labels or {}).get(feature, feature.replace("_", " "))
            # Wrapped so that a long label does not run into the next panel's.
            ax.set_title("\n".join(textwrap.wrap(title, 30)), loc="left", fontsize=9)
            ax.set_xlabel("mean compound score" if feature == "sentiment" else "per 1,000 words", fontsize=8)
            ax.grid(axis="y", visible=False)
        handles = [
            mpl.lines.Line2D([], [], color="#444444", marker="o", linewidth=2, label="estimate, 95% interval"),
            mpl.lines.Line2D([], [], color="#777777", marker="o", markerfacecolor="white", linewidth=0,
                             label="too few words or sentences to trust (see caution)"),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=9)
    return fig


def keyness_bars(keyness: pd.DataFrame, targets: list[str], n_terms: int = 10) -> Figure:
    """Each target's most distinctive words: bars of G2, Log Ratio written beside each bar.

    Parameters
    ----------
    keyness
        From :func:`analysis.measures.keyness.textstat_keyness`.
    targets
        Speakers, one panel each, in order.
    n_terms
        Words per panel: the highest positive G2.
    """
    colours = speaker_colours(list(targets))
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(8.5, 0.24 * n_terms + 1.6), layout="constrained")
        axes = fig.subplots(1, len(targets), squeeze=False)[0]
        for ax, target in zip(axes, targets, strict=True):
            rows = keyness[(keyness["target"] == target) & (keyness["g2"] > 0)].head(n_terms)
            y = range(len(rows))
            ax.barh(list(y), rows["g2"], color=colours[target], height=0.7)
            for yi, g2, ratio in zip(y, rows["g2"], rows["log_ratio"], strict=True):
                ax.annotate(f"{ratio:+.1f}", (g2, yi), textcoords="offset points", xytext=(3, 0), va="center",
                            fontsize=7, color="#444444")
            ax.set_yticks(list(y), list(rows["term"]))
            ax.set_ylim(n_terms - 0.5, -0.5)
            ax.set_title(target, loc="left", fontsize=9)
            ax.set_xlabel("G2 (log-likelihood)", fontsize=8)
            ax.margins(x=0.25)
            ax.grid(axis="y", visible=False)
    return fig

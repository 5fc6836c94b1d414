"""The HTML views and glue of the book: tables shown whole and escaped, numbers and sentences glued into prose.

Every chapter shows tables with :func:`show`, marks up a document with
:func:`marked_document`, lists keyword-in-context lines (:func:`kwic_view`) and
device instances (:func:`devices_view`), and glues its numbers
(:func:`glue_numbers`) and claims (:func:`glue_sentences`). Corpus text shown as
HTML is escaped. Nothing here computes a measure.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from ..corpus.segments import KINDS as SEGMENT_KINDS
from ..measures.devices import DEVICES
from .figures import speaker_colours


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


#: Segment kinds whose words are a quoted speaker's (not the narrator's), and how
#: :func:`marked_document` underlines each in its speaker's colour: ``(line style,
#: label suffix, wrap in quotation marks, legend entry)``.
SPEAKER_KINDS = {
    "quote": ("solid", "", True, "a quotation, with its speaker"),
    "partial": ("dotted", ", partial quote", True,
                "a partial quote: a speaker's quoted words inside the narrator's sentence"),
    "repeat": ("dashed", ", repeated", False,
               "narration repeating a quotation word for word: the quoted speaker's words, counted once, in the quotation"),
}


def marked_document(segments: pd.DataFrame, doc_id: str) -> HTML:
    """A document as the segmentation reads it: each speaker's words coloured by their speaker.

    Paragraphs are the cleaned paragraphs. A quotation, a partial quote and a
    narration sentence repeating a quotation (a repeat) are each shown in the
    colour of the speaker whose words they are, with the speaker in a label
    before them, so a reader can audit every attribution; the underline tells
    them apart (:data:`SPEAKER_KINDS`: solid, dotted, dashed), and a legend
    above the text says which is which. All corpus text is HTML-escaped.
    """
    seg = segments[segments["doc_id"] == doc_id]
    unknown = sorted(set(seg["kind"]) - set(SEGMENT_KINDS))
    if unknown:
        raise ValueError(f"{doc_id}: segment kind(s) {unknown} are not among {list(SEGMENT_KINDS)}")
    voiced = seg[seg["kind"].isin(list(SPEAKER_KINDS))]
    colours = speaker_colours(list(dict.fromkeys(voiced["speaker"])))
    parts = ['<div class="marked-document" style="line-height:1.6">', _legend()]
    for _, paragraph in seg.groupby("paragraph", sort=True):
        pieces = []
        for row in paragraph.itertuples():
            text = html.escape(row.text)
            if row.kind in SPEAKER_KINDS:
                line, suffix, marks, _ = SPEAKER_KINDS[row.kind]
                colour = colours[row.speaker]
                label = html.escape(row.speaker + suffix)
                words = f"\u201c{text}\u201d" if marks else text
                pieces.append(
                    f'<span class="marked-{row.kind}" style="border-bottom:3px {line} {colour}">'
                    f'<span style="font-size:75%;font-weight:bold;color:{colour}">[{label}]</span> '
                    f"{words}</span>"
                )
            else:
                pieces.append(f'<span style="color:#444">{text}</span>')
        parts.append("<p>" + " ".join(pieces) + "</p>")
    parts.append("</div>")
    return HTML("\n".join(parts))


def _legend() -> str:
    """The key of :func:`marked_document`: one sample per kind of words."""
    entries = ['<span style="color:#444">grey</span>: the narrator\'s own words (or, in a speech, the speaker\'s)']
    for line, _, _, meaning in SPEAKER_KINDS.values():
        entries.append(f'<span style="border-bottom:3px {line} #444">{line} underline</span>: {html.escape(meaning)}')
    return ('<p class="marked-legend" style="font-size:85%">Key (colour: the speaker named in the label): '
            + "; ".join(entries) + ".</p>")


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


def glue_sentences(sentences: dict[str, str]) -> None:
    """Glue each claim's rendered sentence as Markdown (myst-nb ``glue``), for ``{glue:md}`claim_<id>```."""
    from IPython.display import Markdown
    from myst_nb import glue

    for key, sentence in sorted(sentences.items()):
        glue(key, Markdown(sentence), display=False)


def with_interval(value: float, low: float, high: float, digits: int = 1) -> str:
    """``"52.3 [47.1, 57.0]"``; ``"52.3 [no interval]"`` without bounds; ``"n/a"`` without a value."""
    if pd.isna(value):
        return "n/a"
    if pd.isna(low) or pd.isna(high):
        return f"{value:.{digits}f} [no interval]"
    return f"{value:.{digits}f} [{low:.{digits}f}, {high:.{digits}f}]"


def _percent(value: float, low: float, high: float) -> str:
    """A share and its interval in per cent, no decimals: ``"28 [19, 37]"``."""
    return with_interval(100 * value, 100 * low, 100 * high, digits=0)


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


def devices_view(devices: pd.DataFrame, device: str | None = None, doc_id: str | None = None):
    """The instances as the book shows them: every cell in full, corpus text HTML-escaped.

    Parameters
    ----------
    devices : pandas.DataFrame
        From :func:`analysis.measures.devices.find_devices`.
    device, doc_id : str, optional
        Show only this device / document.

    Returns
    -------
    analysis.book.HTML
        A table (:func:`analysis.book.show`) of document, speaker, device,
        sentence ids, length and text.

    Raises
    ------
    ValueError
        If ``device`` is not one of :data:`DEVICES`.
    """
    rows = devices
    if device is not None:
        if device not in DEVICES:
            raise ValueError(f"unknown device {device!r}; expected one of {DEVICES}")
        rows = rows[rows["device"] == device]
    if doc_id is not None:
        rows = rows[rows["doc_id"] == doc_id]
    view = pd.DataFrame(
        {
            "document": rows["doc_id"],
            "speaker": rows["speaker"],
            "device": rows["device"].str.replace("_", " "),
            "sentences": rows["sentences"],
            "length": rows["length"],
            "text": rows["text"],
        }
    )
    return show(view)

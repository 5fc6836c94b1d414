"""Sphinx extension: the book's PDF (``make pdf``, Sphinx's LaTeX builder) as the HTML book reads.

Three things the LaTeX writer does not do by itself, each a post-transform that runs
for the LaTeX builder only (the HTML book is untouched):

Tables from the notebooks' HTML outputs
    The chapters show their tables with :func:`analysis.book.show`, whose stored
    output holds ``text/html`` (a pandas ``to_html`` table, optionally after a
    ``<p class="table-caption">``) and ``text/plain`` (``<HTML view, N characters>``).
    The LaTeX writer cannot use HTML, so myst-nb would print the plain text. Before
    myst-nb picks a MIME type (:class:`myst_nb.sphinx_.SelectMimeType`, priority 4),
    each such output becomes a docutils table (its caption a paragraph before it, as in
    the HTML book), which Sphinx writes as a ``longtable`` (breaking across pages, its
    header repeated) with wrapping columns (``\\X`` widths from the cells' lengths), in
    a small font, every cell escaped by Sphinx's own LaTeX escaping. Any other HTML
    output (the marked-up document of the corpus chapter) becomes its paragraphs'
    plain text. The HTML is read with BeautifulSoup and the standard library's
    ``html.parser`` (pandas.read_html would need lxml or html5lib, which the book does
    not otherwise install); it is the book's own regular ``to_html`` markup.
Tables that fit the page
    Every other table with column widths (the data page's) gets wrapping columns of
    those widths.
Chapter numbers as in the HTML book
    A document is numbered in the PDF when its toctree numbers it (``numbered: true``
    on a part of ``_toc_pdf.yml``, as in ``_toc.yml``); the others (the introduction,
    the appendix, the back matter) are unnumbered chapters, so "Chapter 2" and
    "Fig. 2.1" name the same chapter and figure in both. In an unnumbered chapter
    figures and tables are numbered 1, 2, ... from 1, as the HTML book numbers them
    there ("Table 3" of the data page), not after the last numbered chapter.
Collapsed code left out
    The source of a cell the HTML book collapses (``hide-input``) is not printed.
One bibliography
    Sphinx gathers every citation at the end of the PDF under a chapter of its own; the
    list is moved into the document that holds the ``bibliography`` directive
    (``bibliography.md``), and that chapter's title is its only heading.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.latex.nodes import thebibliography
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.texescape import escape

# A column's width, in characters: its longest cell clipped to this range (so a prose
# column wraps and a number stays whole), never less than its longest word, plus
# PADDING for the space between columns (2 \tabcolsep, about 3 characters, and the
# wider sans-serif of the header); the widths are then made proportions of the text width.
MIN_COLUMN, MAX_COLUMN, PADDING = 3, 30, 4
# Tables wider than this (summed clipped widths, in characters) print in \scriptsize,
# the others in \footnotesize.
SCRIPTSIZE_ABOVE = 110
# A table with more columns than this, and fewer rows than columns, is printed transposed
# (one row per column): in portrait, 26 columns of ranks cannot be read.
MAX_COLUMNS = 12

PREAMBLE = r"""
% book_latex: the book's own chapter numbering and bibliography (see _ext/book_latex.py).
% A numbered chapter numbers its figures and tables 2.1, 2.2 (Sphinx's numfigreset); an
% unnumbered one 1, 2, from 1 in each, as the HTML book numbers them in a page outside
% the numbered chapters.
\newcounter{booksecnumdepth}
\AtBeginDocument{\setcounter{booksecnumdepth}{\value{secnumdepth}}%
  \let\bookthefigure\thefigure\let\bookthetable\thetable}
\newcommand{\booknumbered}{\setcounter{secnumdepth}{\value{booksecnumdepth}}%
  \let\thefigure\bookthefigure\let\thetable\bookthetable}
\newcommand{\bookunnumbered}{\setcounter{secnumdepth}{-1}%
  \setcounter{figure}{0}\setcounter{table}{0}%
  \renewcommand{\thefigure}{\arabic{figure}}\renewcommand{\thetable}{\arabic{table}}}
% The chapters' tables have no number (as in the HTML book): where one breaks across pages,
% Sphinx's "\tablename\ \thetable{} \textendash{} continued from previous page" loses
% its first five tokens, so it does not name the last numbered table.
\makeatletter
\def\book@gobblenumber#1#2#3#4#5{\ignorespaces}
\newcommand{\booktablesetup}{\let\tablename\book@gobblenumber}
\makeatother
% The list of references goes under the heading of the bibliography chapter; no second chapter.
\renewenvironment{sphinxthebibliography}[1]
  {\def\chapter##1##2{}\begin{thebibliography}{#1}}
  {\end{thebibliography}}
"""


def _latex(text: str, engine: str) -> nodes.raw:
    """``text`` escaped for LaTeX, ragged right, with a line break allowed after each underscore."""
    escaped = escape(text, engine).replace(r"\_", r"\_\allowbreak{}")
    return nodes.raw("", r"\raggedright\arraybackslash{}" + escaped, format="latex")


def _text(element) -> str:
    return " ".join(element.get_text(" ").split())


def _entry(text: str, engine: str) -> nodes.entry:
    paragraph = nodes.paragraph()
    paragraph += _latex(text, engine)
    return nodes.entry("", paragraph)


def _transposed(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """One row per column, headed by the values of the first column that names each row.

    That column is the first whose values are all present and distinct (a unit, a
    document); without one, the rows are numbered.
    """
    columns = list(zip(*rows, strict=True))
    key = next((i for i, values in enumerate(columns) if all(values) and len(set(values)) == len(values)), None)
    if key is None:
        corner, heads, kept = "", [str(n) for n in range(1, len(rows) + 1)], range(len(header))
    else:
        corner, heads, kept = header[key], list(columns[key]), [i for i in range(len(header)) if i != key]
    return [corner, *heads], [[header[i], *columns[i]] for i in kept]


def _column_widths(rows: list[list[str]], breaks: str = r"[\s_/]+") -> list[int]:
    """Each column's width in characters (see :data:`MIN_COLUMN`); a word ends at ``breaks``."""
    widths = []
    for column in zip(*rows, strict=True):
        words = [w for cell in column for w in re.split(breaks, cell) if w]
        longest_word = max((len(w) for w in words), default=0)
        longest_cell = max(len(cell) for cell in column)
        widths.append(max(MIN_COLUMN, longest_word, min(longest_cell, MAX_COLUMN)) + PADDING)
    return widths


def html_table_nodes(markup: str, engine: str = "xelatex") -> list[nodes.Node] | None:
    """The docutils nodes of the table in ``markup`` (a caption paragraph, the table).

    Returns ``None`` when ``markup`` holds no ``<table>``. The table has a header row
    (the ``<th>`` cells of ``<thead>``) and one row per ``<tr>`` of the body; each
    cell's text has its whitespace collapsed. A table wider than :data:`MAX_COLUMNS`
    with fewer rows than columns is transposed. It is wrapped in raw LaTeX that sets a
    small font.
    """
    soup = BeautifulSoup(markup, "html.parser")
    table = soup.find("table")
    if table is None:
        return None
    head = table.find("thead")
    header = [_text(cell) for cell in head.find_all("th")] if head else []
    body = table.find("tbody") or table
    rows = [[_text(cell) for cell in tr.find_all(["td", "th"])]
            for tr in body.find_all("tr") if tr.find_parent("thead") is None]
    rows = [row for row in rows if row]
    if not header and not rows:
        return None
    width = max([len(header)] + [len(row) for row in rows])
    header = header + [""] * (width - len(header)) if header else []
    rows = [row + [""] * (width - len(row)) for row in rows]
    if header and width > MAX_COLUMNS and len(rows) < width:
        header, rows = _transposed(header, rows)
        width = len(header)
    widths = _column_widths(([header] if header else []) + rows)

    table_node = nodes.table(classes=["longtable", "colwidths-given", "book-table"])
    group = nodes.tgroup(cols=width)
    table_node += group
    for column_width in widths:
        group += nodes.colspec(colwidth=column_width)
    if header:
        group += nodes.thead("", nodes.row("", *(_entry(text, engine) for text in header)))
    group += nodes.tbody("", *(nodes.row("", *(_entry(text, engine) for text in row)) for row in rows))

    size = r"\scriptsize" if sum(widths) > SCRIPTSIZE_ABOVE else r"\footnotesize"
    result: list[nodes.Node] = []
    caption = soup.find(class_="table-caption")
    if caption is not None:
        result.append(nodes.paragraph("", "", nodes.emphasis(text=_text(caption))))
    result += [
        nodes.raw("", r"\begingroup\booktablesetup" + size, format="latex"),
        table_node,
        nodes.raw("", r"\endgroup", format="latex"),
    ]
    return result


def html_text_nodes(markup: str) -> list[nodes.Node]:
    """The text of a non-table HTML output, one paragraph per ``<p>`` (or one in all)."""
    soup = BeautifulSoup(markup, "html.parser")
    paragraphs = [_text(p) for p in soup.find_all("p")] or [_text(soup)]
    return [nodes.paragraph(text=text) for text in paragraphs if text]


def _is_mime_bundle(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and node.get("nb_element") == "mime_bundle"


class HtmlOutputsForLatex(SphinxPostTransform):
    """Replace each notebook output that has ``text/html`` by its table (or text)."""

    default_priority = 3  # before myst-nb's SelectMimeType (4) drops the HTML
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        engine = self.config.latex_engine
        for bundle in list(self.document.findall(_is_mime_bundle)):
            html = [child for child in bundle.children if child.get("mime_type") == "text/html"]
            raw = [n for n in html[0].findall(nodes.raw)] if html else []
            if not raw:
                continue
            markup = raw[0].astext()
            replacement = html_table_nodes(markup, engine) or html_text_nodes(markup)
            bundle.replace_self(nodes.container("", *replacement, classes=["book-html-output"]))


class CollapsedInputsLeftOut(SphinxPostTransform):
    """Leave out the source of a code cell the HTML book collapses (``hide-input``).

    A page cannot be expanded: what the HTML book folds away behind a toggle (the
    chapters' setup cells, tagged by tools/tag_setup_cells.py) the PDF leaves out, and
    prints the cell's output, if it has one.
    """

    default_priority = 199  # as myst-nb's HideInputCells does for HTML
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for cell in list(self.document.findall(nodes.container)):
            if cell.get("nb_element") == "cell_code" and cell.get("hide_mode") in ("input", "input+output"):
                for source in [c for c in cell.children if c.get("nb_element") == "cell_code_source"]:
                    cell.remove(source)


class ChapterNumbering(SphinxPostTransform):
    """Number a document's chapter in the PDF only where its toctree numbers it."""

    default_priority = 700
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        numbered = {doc for doc, numbers in self.env.toc_secnumbers.items() if numbers}
        for start in list(self.document.findall(addnodes.start_of_file)):
            docname = start["docname"]
            command = r"\booknumbered" if docname in numbered else r"\bookunnumbered"
            start.insert(0, nodes.raw("", command + "\n", format="latex"))


class WrappedColumns(SphinxPostTransform):
    """Give every other table (the data page's) wrapping columns sized to its cells, in a small font.

    Without the ``colwidths-given`` class Sphinx writes a long table's columns as
    ``l`` (one line each, however long), and the tables of the data page ran off it.
    Their cells hold code (column names) that LaTeX cannot break at an underscore, so
    here a word ends only at a space.
    """

    default_priority = 700
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for table in list(self.document.findall(nodes.table)):
            if "book-table" in table["classes"]:
                continue
            rows = [[entry.astext() for entry in row.findall(nodes.entry)] for row in table.findall(nodes.row)]
            colspecs = list(table.findall(nodes.colspec))
            if not rows or any(len(row) != len(colspecs) for row in rows):
                continue  # spanning cells: left to Sphinx
            for colspec, width in zip(colspecs, _column_widths(rows, r"\s+"), strict=True):
                colspec["colwidth"] = width
            if "colwidths-given" not in table["classes"]:
                table["classes"].append("colwidths-given")
            parent, index = table.parent, table.parent.index(table)
            parent.insert(index + 1, nodes.raw("", r"\endgroup", format="latex"))
            parent.insert(index, nodes.raw("", r"\begingroup\footnotesize", format="latex"))


class BibliographyInItsChapter(SphinxPostTransform):
    """Move the list of references (``thebibliography``) into the bibliography's document."""

    default_priority = 760  # after Sphinx's BibliographyTransform (750) gathers it at the end
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        lists = [n for n in self.document.findall(thebibliography)]
        if not lists:
            return
        domain = self.env.get_domain("cite")
        docnames = sorted({key.docname for key in domain.bibliographies})
        if len(docnames) != 1:
            return
        for start in self.document.findall(addnodes.start_of_file):
            if start["docname"] == docnames[0]:
                for references in lists:
                    references.parent.remove(references)
                    start += references
                return


def _add_preamble(app: Sphinx, config) -> None:
    elements = dict(config.latex_elements)
    elements["preamble"] = elements.get("preamble", "") + PREAMBLE
    if config.latex_engine in ("xelatex", "lualatex"):
        # cmap is for pdflatex only ("pdftex not detected"): fontspec maps the fonts itself.
        elements.setdefault("cmappkg", "")
    config.latex_elements = elements


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _add_preamble)
    app.add_post_transform(HtmlOutputsForLatex)
    app.add_post_transform(CollapsedInputsLeftOut)
    app.add_post_transform(ChapterNumbering)
    app.add_post_transform(WrappedColumns)
    app.add_post_transform(BibliographyInItsChapter)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

"""_ext/book_latex.py: the chapters' HTML tables as the PDF prints them (no TeX needed)."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
from docutils import nodes
from sphinx.util import texescape

from analysis import book

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "_ext"))
import book_latex  # noqa: E402

texescape.init()  # the LaTeX builder does this at its start


def _table(result: list[nodes.Node]) -> nodes.table:
    return next(n for n in result if isinstance(n, nodes.table))


def _rows(table: nodes.table) -> list[list[str]]:
    """Each cell's LaTeX, without the ragged-right set-up every cell starts with."""
    prefix = "\\raggedright\\arraybackslash{}"
    return [[entry.astext().removeprefix(prefix) for entry in row.findall(nodes.entry)]
            for row in table.findall(nodes.row)]


def _plain(latex: str) -> str:
    return latex.replace("\\allowbreak{}", "").replace("\\_", "_")


READABILITY = pd.DataFrame({
    "unit": ["Sadiq Khan", "Mayor of London press office"],
    "words": [1719, 797],
    "flesch_reading_ease": ["57.1 [52.7, 61.7]", "33.1 [23.7, 41.4]"],
})


def test_a_shown_table_becomes_a_long_table_with_its_header_and_cells():
    table = _table(book_latex.html_table_nodes(book.show(READABILITY)._repr_html_()))
    rows = _rows(table)
    assert rows[0] == ["unit", "words", "flesch\\_\\allowbreak{}reading\\_\\allowbreak{}ease"]
    assert rows[1] == ["Sadiq Khan", "1719", "57.1 {[}52.7, 61.7{]}"]  # brackets braced, as Sphinx does
    assert {"longtable", "colwidths-given"} <= set(table["classes"])
    assert len(list(table.findall(nodes.colspec))) == 3


def test_cells_are_escaped_for_latex():
    frame = pd.DataFrame({"rule": ["50% & more_of {it}"]})
    cell = _rows(_table(book_latex.html_table_nodes(book.show(frame)._repr_html_())))[1][0]
    assert cell == r"50\% \& more\_\allowbreak{}of \{it\}"


def test_a_prose_column_is_wider_than_a_number_column():
    table = _table(book_latex.html_table_nodes(book.show(READABILITY)._repr_html_()))
    unit, words, _ = (c["colwidth"] for c in table.findall(nodes.colspec))
    assert unit > words


def test_a_caption_is_a_paragraph_before_the_table():
    result = book_latex.html_table_nodes(book.show(READABILITY, caption="Readability by speaker")._repr_html_())
    assert isinstance(result[0], nodes.paragraph) and result[0].astext() == "Readability by speaker"


def test_a_table_wider_than_the_page_is_transposed_one_row_per_column():
    frame = pd.DataFrame({"scoring": ["", ""], "unit": ["cityhall_2017", "memo_2017"]}
                         | {f"formula_{i}": [1, 2] for i in range(20)})
    rows = _rows(_table(book_latex.html_table_nodes(book.show(frame)._repr_html_())))
    # Headed by the first column that names each row (unit; scoring is empty).
    assert [_plain(cell) for cell in rows[0]] == ["unit", "cityhall_2017", "memo_2017"]
    assert [_plain(row[0]) for row in rows[1:]] == ["scoring"] + [f"formula_{i}" for i in range(20)]
    assert [_plain(cell) for cell in rows[2]] == ["formula_0", "1", "2"]


def test_html_without_a_table_becomes_its_paragraphs():
    markup = '<div><p><span>[Sadiq Khan]</span> “We will keep London safe.”</p><p>Second.</p></div>'
    assert book_latex.html_table_nodes(markup) is None
    assert [p.astext() for p in book_latex.html_text_nodes(markup)] == [
        "[Sadiq Khan] “We will keep London safe.”", "Second."]

"""Sphinx extension: the ``data-tables`` directive, listing the tables published with the book.

The Makefile exports the seeds' tables, with their ``datapackage.json``
(:mod:`analysis.datapackage`), to ``_build/site/data/`` before the book is
built; ``html_extra_path`` copies ``_build/site`` into the site, so they are
served at ``data/`` beside the pages. The directive reads that descriptor and
writes, from it and the CSV files, a table of the tables (each linked, with its
rows, columns and description) and one table of columns per table (type, unit,
description, source): the page is never typed by hand, so it cannot fall out of
step with the tables.

Settings (``sphinx: config:`` in ``_config.yml``):

``book_data_dir``
    The exported folder, relative to the book's folder (default ``_build/site/data``).
``book_data_url``
    Where the site serves it, relative to the site's root (default ``data``).

A missing folder or descriptor is an error of the directive (so a ``-W``
build fails): run ``make data`` first.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

DESCRIPTOR = "datapackage.json"


def _cell(content) -> nodes.entry:
    entry = nodes.entry()
    entry += content if isinstance(content, nodes.Node) else nodes.paragraph(text=str(content))
    return entry


def _table(header: list[str], rows: list[list], widths: list[int], label: str) -> nodes.table:
    table = nodes.table(classes=["data-tables"])
    table += nodes.title(label, label)
    group = nodes.tgroup(cols=len(header))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    head += nodes.row("", *(_cell(name) for name in header))
    body = nodes.tbody()
    group += body
    for row in rows:
        body += nodes.row("", *(_cell(value) for value in row))
    return table


def _link(text: str, uri: str) -> nodes.paragraph:
    paragraph = nodes.paragraph()
    paragraph += nodes.reference(text, text, refuri=uri, internal=False)
    return paragraph


def _rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.reader(f)) - 1


class DataTables(SphinxDirective):
    """``data-tables``: the published tables and their columns, from ``datapackage.json``."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        folder = Path(self.env.app.confdir) / self.config.book_data_dir
        path = folder / DESCRIPTOR
        if not path.is_file():
            raise self.error(f"data-tables: {path} does not exist; export the seeds first (make data)")
        self.env.note_dependency(str(path))
        package = json.loads(path.read_text(encoding="utf-8"))
        # Links relative to this page, to the folder the site serves.
        up = "../" * self.env.docname.count("/")
        base = f"{up}{self.config.book_data_url.strip('/')}/"
        output: list[nodes.Node] = [
            nodes.paragraph(
                "",
                "",
                nodes.Text("Every table is described, with the type, unit and source of each column, in "),
                nodes.reference(DESCRIPTOR, DESCRIPTOR, refuri=base + DESCRIPTOR, internal=False),
                nodes.Text(" (a Frictionless Data Package)."),
            )
        ]
        overview = []
        for resource in package["resources"]:
            csv_path = folder / resource["path"]
            self.env.note_dependency(str(csv_path))
            overview.append([
                _link(resource["path"], base + resource["path"]),
                f"{_rows(csv_path):,}",
                len(resource["schema"]["fields"]),
                resource["description"],
            ])
        output.append(_table(["Table", "Rows", "Columns", "Description"], overview, [18, 8, 8, 66], "The tables"))
        for resource in package["resources"]:
            rows = []
            for field in resource["schema"]["fields"]:
                sources = " ".join(field.get("references", []))
                rows.append([
                    nodes.paragraph("", "", nodes.literal(field["name"], field["name"])),
                    field["type"],
                    field.get("unit", ""),
                    field["description"] + (f" Source: {sources}" if sources else ""),
                ])
            label = f"Columns of {resource['path']}"
            output.append(_table(["Column", "Type", "Unit", "Description"], rows, [22, 9, 17, 52], label))
        return output


def setup(app: Sphinx) -> dict:
    app.add_config_value("book_data_dir", "_build/site/data", "env", [str])
    app.add_config_value("book_data_url", "data", "env", [str])
    app.add_directive("data-tables", DataTables)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

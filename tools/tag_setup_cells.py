"""Tag the chapters' setup cells ``hide-input``, so the book shows them collapsed.

A reader follows a chapter through its prose, tables and figures; the cells that
only prepare them are noise on the page, but must stay one click away. Jupyter Book
(myst-nb with sphinx-togglebutton) collapses the source of a code cell tagged
``hide-input`` behind a "Show code cell source" toggle.

What is a setup cell?
    * The first code cell of every chapter: its imports and the loading of the corpus
      (in the claims appendix also the check that every claim holds).
    * Any other code cell that shows nothing and only imports, loads and glues: every
      top-level statement is an ``import``, an assignment (loading or computing a value
      the next cells show), or an expression that calls a glue function (``glue`` or a
      name starting with ``glue_``, such as ``report.glue_numbers``, which pastes
      numbers into the prose without displaying them).

    A cell whose statements include an expression showing a table or figure
    (``report.show(...)``, ``figures.dot_whisker(...)``) is not one, nor is an empty cell
    or one that does not parse. The decision reads the source only, so it holds for a
    notebook not yet executed. ``hide-input`` hides only the source: whatever a setup
    cell displays stays on the page.

The script only adds the tag (it never removes one a person set) and is idempotent. A
notebook is rewritten only when a tag was added, in the layout tools/execute.py writes
(nbformat v4 JSON, sorted keys, one-space indent, non-ASCII kept, a trailing newline),
so nothing else in its bytes changes. Tags are metadata that execution ignores (see
``EXECUTION_TAGS`` in tools/execute.py): tagging does not make a notebook stale.

Usage::

    python tools/tag_setup_cells.py            # tag every chapter in chapters/
    python tools/tag_setup_cells.py --check    # list untagged setup cells, exit 1 if any; write nothing
    python tools/tag_setup_cells.py chapters/01_corpus.ipynb   # only these notebooks

Exit status: 0 when done (or, with ``--check``, when every setup cell is tagged), 1 when
``--check`` finds an untagged one, 2 on a notebook that cannot be read.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

import nbformat

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.execute import find_notebooks, serialise, write_if_changed  # noqa: E402

TAG = "hide-input"


def _is_glue_call(node: ast.expr) -> bool:
    if not isinstance(node, ast.Call):
        return False
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    return name == "glue" or name.startswith("glue_")


def is_setup_source(source: str) -> bool:
    """Whether a code cell's source only imports, assigns and glues (see the module docstring).

    Examples
    --------
    >>> is_setup_source("from analysis import report\\ntables = report.load()")
    True
    >>> is_setup_source("report.glue_numbers(report.corpus_numbers(tables))")
    True
    >>> is_setup_source("report.show(table)")
    False
    """
    try:
        statements = ast.parse(source).body
    except SyntaxError:
        return False
    setup = (ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign, ast.AugAssign)
    return bool(statements) and all(
        isinstance(s, setup) or (isinstance(s, ast.Expr) and _is_glue_call(s.value)) for s in statements
    )


def setup_cells(nb: nbformat.NotebookNode) -> list[int]:
    """Indexes (in ``nb.cells``) of the notebook's setup cells: the first code cell, and the others that pass
    :func:`is_setup_source`."""
    code = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code" and cell.source.strip()]
    return [i for n, i in enumerate(code) if n == 0 or is_setup_source(nb.cells[i].source)]


def untagged_setup_cells(nb: nbformat.NotebookNode) -> list[int]:
    """Indexes of the setup cells that lack the ``hide-input`` tag."""
    return [i for i in setup_cells(nb) if TAG not in nb.cells[i].metadata.get("tags", [])]


def tag_setup_cells(nb: nbformat.NotebookNode) -> list[int]:
    """Add ``hide-input`` to each untagged setup cell, in place; return their indexes."""
    added = untagged_setup_cells(nb)
    for i in added:
        nb.cells[i].metadata["tags"] = [*nb.cells[i].metadata.get("tags", []), TAG]
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks (default: chapters/*.ipynb)")
    parser.add_argument("--check", action="store_true", help="list untagged setup cells, exit 1 if any; write nothing")
    args = parser.parse_args(argv)
    status = 0
    for path in args.notebooks or find_notebooks():
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as exc:  # noqa: BLE001 - a missing file, bad JSON, a merge conflict
            print(f"error: {path}: cannot read the notebook: {exc}", file=sys.stderr)
            return 2
        if args.check:
            for i in untagged_setup_cells(nb):
                first = nb.cells[i].source.splitlines()[0]
                print(f"{path}: cell {i} is a setup cell without the {TAG} tag: {first}")
                status = 1
        elif added := tag_setup_cells(nb):
            write_if_changed(path, serialise(nb))
            print(f"{path}: tagged {TAG}: cell(s) {', '.join(map(str, added))}")
    return status


if __name__ == "__main__":
    sys.exit(main())

"""tools/execute.py: when a notebook counts as stale, and what a re-execution writes.

Every test but the last two works on a small repository tree in a temporary folder and
never starts a kernel. The last two execute real (two-cell) notebooks end to end.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import nbformat
import pytest

from tools import execute as nbexec

NOTEBOOK = "chapters/01_corpus.ipynb"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _notebook() -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# The corpus\n\nFive seed texts."),
            nbformat.v4.new_code_cell("from analysis import corpus\nlen(corpus.load())"),
            nbformat.v4.new_markdown_cell("Their lengths:"),
            nbformat.v4.new_code_cell("corpus.load().n_tokens.describe()"),
        ]
    )


def _record(path: Path, root: Path) -> None:
    """Store the current fingerprint, as a successful execution would."""
    nb = nbformat.read(path, as_version=4)
    fingerprint = nbexec.notebook_fingerprint(nb, nbexec.inputs_digest(root))
    path.write_text(nbexec.serialise(nbexec.normalise(nb, fingerprint)), encoding="utf-8")


def _stale(root: Path) -> bool:
    return nbexec.is_stale(root / NOTEBOOK, nbexec.inputs_digest(root))


def _edit_notebook(root: Path, edit) -> None:
    path = root / NOTEBOOK
    nb = nbformat.read(path, as_version=4)
    edit(nb)
    path.write_text(nbexec.serialise(nb), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository tree whose one notebook has just been (notionally) executed."""
    _write(tmp_path / "analysis/__init__.py", '__version__ = "0.1.0"\n')
    _write(tmp_path / "analysis/corpus.py", "def load():\n    return []\n")
    _write(tmp_path / "analysis/data/aliases.yaml", "mayor: [Sadiq Khan]\n")
    _write(tmp_path / "seeds/000_a.txt", "We will not be cowed by terrorism.\n")
    _write(tmp_path / "seeds/manifest.csv", "doc_id,file\n000,000_a.txt\n")
    _write(tmp_path / "requirements.txt", "pandas==3.1.1\n")
    _write(tmp_path / "constraints.txt", "numpy==2.4.6\n")
    _write(tmp_path / "pyproject.toml", '[project]\nname = "x"\nversion = "0.1.0"\n')
    (tmp_path / "chapters").mkdir()
    nbformat.write(_notebook(), tmp_path / NOTEBOOK)
    _record(tmp_path / NOTEBOOK, tmp_path)
    return tmp_path


# ------------------------------------------------------------------ what is current


def test_a_notebook_never_executed_is_stale(tmp_path):
    nbformat.write(_notebook(), tmp_path / "nb.ipynb")
    assert nbexec.is_stale(tmp_path / "nb.ipynb", nbexec.inputs_digest(tmp_path))


def test_a_just_executed_notebook_is_current(repo):
    assert not _stale(repo)


def test_the_fingerprint_is_stored_in_the_notebook_and_excluded_from_its_own_hash(repo):
    nb = nbformat.read(repo / NOTEBOOK, as_version=4)
    stored = nb.metadata["reproducibility"]["fingerprint"]
    assert stored.startswith("sha256:") and len(stored) == len("sha256:") + 64
    assert nbexec.notebook_fingerprint(nb, nbexec.inputs_digest(repo)) == stored


def test_editing_markdown_keeps_the_notebook_current(repo):
    def edit(nb):
        nb.cells[0].source = "# The corpus, rewritten\n\nProse changes need no re-run."
        nb.cells.append(nbformat.v4.new_markdown_cell("A new closing paragraph."))

    _edit_notebook(repo, edit)
    assert not _stale(repo)


def test_outputs_and_presentation_metadata_are_not_inputs(repo):
    def edit(nb):
        nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="hand-edited\n")]
        nb.cells[1].execution_count = 42
        nb.cells[1].metadata["tags"] = ["remove-input"]
        nb.metadata["authors"] = ["someone"]

    _edit_notebook(repo, edit)
    assert not _stale(repo)


def test_editing_a_code_cell_makes_the_notebook_stale(repo):
    _edit_notebook(repo, lambda nb: setattr(nb.cells[3], "source", "corpus.load()"))
    assert _stale(repo)


def test_adding_a_code_cell_makes_the_notebook_stale(repo):
    _edit_notebook(repo, lambda nb: nb.cells.append(nbformat.v4.new_code_cell("1 + 1")))
    assert _stale(repo)


@pytest.mark.parametrize("tag", ["raises-exception", "skip-execution"])
def test_a_tag_that_changes_execution_makes_the_notebook_stale(repo, tag):
    _edit_notebook(repo, lambda nb: nb.cells[1].metadata.setdefault("tags", []).append(tag))
    assert _stale(repo)


@pytest.mark.parametrize(
    "change",
    [
        "edit analysis/corpus.py",
        "add analysis/keyness.py",
        "edit analysis/data/aliases.yaml",
        "rename analysis/corpus.py",
        "edit seeds/000_a.txt",
        "add seeds/001_b.txt",
        "delete seeds/manifest.csv",
        "edit requirements.txt",
        "edit constraints.txt",
    ],
)
def test_changing_an_input_makes_the_notebook_stale(repo, change):
    verb, name = change.split(" ", 1)
    path = repo / name
    if verb == "edit":
        path.write_bytes(path.read_bytes() + b"# changed\n")
    elif verb == "add":
        _write(path, "x = 1\n")
    elif verb == "rename":
        path.rename(path.with_name("corpora.py"))
    elif verb == "delete":
        path.unlink()
    assert _stale(repo)


@pytest.mark.parametrize(
    "name",
    [
        "analysis/__pycache__/corpus.cpython-311.pyc",
        "analysis/corpus.pyc",
        "analysis/.corpus.py.swp",
        "seeds/.DS_Store",
        "pyproject.toml",
        "README.md",
    ],
)
def test_caches_hidden_files_and_other_files_are_not_inputs(repo, name):
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"changed or new\n")
    assert not _stale(repo)


def test_file_contents_and_names_are_hashed_without_ambiguity(tmp_path):
    """Moving bytes from one file to the next must not hash the same."""
    _write(tmp_path / "seeds/a.txt", "ab")
    _write(tmp_path / "seeds/b.txt", "c")
    before = nbexec.inputs_digest(tmp_path)
    _write(tmp_path / "seeds/a.txt", "a")
    _write(tmp_path / "seeds/b.txt", "bc")
    assert nbexec.inputs_digest(tmp_path) != before


# ---------------------------------------------------------------- what gets written


def test_normalised_notebooks_are_written_byte_identically(repo):
    path = repo / NOTEBOOK
    first = path.read_bytes()
    nb = nbformat.read(path, as_version=4)
    fingerprint = nb.metadata["reproducibility"]["fingerprint"]
    assert nbexec.serialise(nbexec.normalise(nb, fingerprint)).encode() == first
    assert first.endswith(b"}\n")
    assert not nbexec.write_if_changed(path, first.decode())


def test_normalising_strips_timing_and_fixes_the_kernelspec():
    nb = _notebook()
    nb.metadata["execution"] = {"iopub.status.busy": "2026-11-21T10:00:00Z"}
    nb.metadata["kernelspec"] = {"name": "my-venv", "display_name": "mine", "language": "python"}
    nb.cells[1].metadata["execution"] = {"iopub.execute_input": "2026-11-21T10:00:01Z"}
    nb.cells[1].metadata["ExecuteTime"] = {"end_time": "2026-11-21T10:00:02Z"}
    data = json.loads(nbexec.serialise(nbexec.normalise(nb, "sha256:" + "0" * 64)))
    assert "execution" not in data["metadata"]
    assert data["metadata"]["kernelspec"]["name"] == "python3"
    assert all("execution" not in c["metadata"] for c in data["cells"])
    assert all("ExecuteTime" not in c["metadata"] for c in data["cells"])
    assert data["nbformat"] == 4


def test_cells_without_ids_get_deterministic_ones():
    def ids():
        nb = _notebook()
        for cell in nb.cells:
            del cell["id"]
        return [c["id"] for c in nbexec.normalise(nb, "sha256:x").cells]

    assert ids() == ids() == ["cell-0000", "cell-0001", "cell-0002", "cell-0003"]


def test_nothing_is_executed_when_every_notebook_is_current(repo):
    stream = io.StringIO()
    status = nbexec.run([repo / NOTEBOOK], root=repo, stream=stream)
    assert status == 0
    assert stream.getvalue().strip().splitlines()[-1] == "executed 0, up to date 1"


def test_check_reports_stale_notebooks_without_executing(repo):
    stream = io.StringIO()
    assert nbexec.check([repo / NOTEBOOK], root=repo, stream=stream) == 0
    (repo / "seeds/000_a.txt").write_text("Changed.\n", encoding="utf-8")
    stream = io.StringIO()
    assert nbexec.check([repo / NOTEBOOK], root=repo, stream=stream) == 1
    assert f"stale: {NOTEBOOK}" in stream.getvalue()


# ------------------------------------------------------------- end to end (kernels)


def _tiny_repo(root: Path) -> tuple[Path, Path]:
    _write(root / "seeds/000_a.txt", "text\n")
    (root / "chapters").mkdir()
    good = root / "chapters/01_good.ipynb"
    bad = root / "chapters/02_bad.ipynb"
    nbformat.write(
        nbformat.v4.new_notebook(
            cells=[
                nbformat.v4.new_code_cell(
                    "import os, sys\nprint(sys.executable)\nprint(os.path.basename(os.getcwd()))"
                ),
                nbformat.v4.new_code_cell("{k: k * 2 for k in 'abc'}"),
            ]
        ),
        good,
    )
    nbformat.write(
        nbformat.v4.new_notebook(
            cells=[
                nbformat.v4.new_code_cell("x = 1"),
                nbformat.v4.new_code_cell("raise ValueError('seed text missing')"),
            ]
        ),
        bad,
    )
    return good, bad


def test_execution_is_reproducible_and_failures_name_notebook_and_cell(tmp_path):
    good, bad = _tiny_repo(tmp_path)
    bad_before = bad.read_bytes()

    stream = io.StringIO()
    status = nbexec.run([good, bad], root=tmp_path, jobs=2, timeout=60, stream=stream)
    log = stream.getvalue()

    assert status == 1
    assert "executed 1, up to date 0, failed 1" in log
    assert "chapters/02_bad.ipynb did not execute" in log
    assert "cell 2 of 2 (code cell 2)" in log and "ValueError: seed text missing" in log
    assert bad.read_bytes() == bad_before

    nb = nbformat.read(good, as_version=4)
    # The kernel is this interpreter, started in the notebook's own folder.
    assert nb.cells[0].outputs[0]["text"] == f"{sys.executable}\nchapters\n"
    assert nb.cells[1].outputs[0]["data"]["text/plain"] == "{'a': 'aa', 'b': 'bb', 'c': 'cc'}"
    assert "execution" not in nb.cells[0].metadata
    first = good.read_bytes()

    stream = io.StringIO()
    assert nbexec.run([good], root=tmp_path, force=True, timeout=60, stream=stream) == 0
    assert "(outputs unchanged)" in stream.getvalue()
    assert good.read_bytes() == first


def test_an_unreadable_notebook_is_reported_not_raised(tmp_path):
    broken = tmp_path / "chapters/03_conflict.ipynb"
    _write(broken, '{"cells": [\n<<<<<<< HEAD\n')
    stream = io.StringIO()
    assert nbexec.run([broken], root=tmp_path, stream=stream) == 1
    assert "chapters/03_conflict.ipynb did not execute" in stream.getvalue()
    assert "unreadable notebook" in stream.getvalue()


def test_a_second_run_without_changes_executes_nothing(tmp_path):
    good, _ = _tiny_repo(tmp_path)
    assert nbexec.run([good], root=tmp_path, timeout=60, stream=io.StringIO()) == 0
    stream = io.StringIO()
    assert nbexec.run([good], root=tmp_path, timeout=60, stream=stream) == 0
    assert stream.getvalue().strip() == "executed 0, up to date 1"

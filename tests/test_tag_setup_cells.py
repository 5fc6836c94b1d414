"""tools/tag_setup_cells.py: the chapters' setup cells are collapsed (``hide-input``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from tools import tag_setup_cells as tagger
from tools.execute import find_notebooks

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = find_notebooks(ROOT)

# The first cell of the corpus chapter, as written.
LOAD = (
    "from analysis import export, figures, report\n"
    "from analysis.paths import default_corpus_dir\n\n"
    "inputs = export.load(default_corpus_dir())\n"
    "tables = export.corpus_tables(inputs)"
)


def test_a_cell_that_imports_and_loads_is_setup():
    assert tagger.is_setup_source(LOAD)


def test_a_cell_that_computes_and_glues_is_setup():
    source = (
        "ranks = sensitivity.difficulty_ranks(scores)\n"
        "report.glue_numbers(report.readability_numbers(readability, ranks, export.DEFAULT_N_BOOT))"
    )
    assert tagger.is_setup_source(source)


@pytest.mark.parametrize(
    "source",
    [
        'report.show(report.readability_overview(readability, "speaker"))',
        'figures.dot_whisker(readability, "flesch_reading_ease")',
        LOAD + "\nreport.show(tables['documents'])",
        "for name in names:\n    print(name)",
        "",
        "report.show(",
    ],
    ids=["table", "figure", "load-then-show", "loop", "empty", "unparsable"],
)
def test_a_cell_that_shows_or_does_more_is_not_setup(source):
    assert not tagger.is_setup_source(source)


def test_the_first_code_cell_is_setup_even_when_it_checks_and_raises():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell("failed = check()\nif failed:\n    raise ValueError(failed)"),
        nbformat.v4.new_code_cell("if failed:\n    raise ValueError(failed)"),
        nbformat.v4.new_code_cell("report.glue_numbers(numbers)"),
    ])
    assert tagger.setup_cells(nb) == [1, 3]


@pytest.fixture
def chapter_copy(tmp_path) -> Path:
    copy = tmp_path / CHAPTERS[0].name
    shutil.copyfile(CHAPTERS[0], copy)
    notebook = nbformat.read(copy, as_version=4)
    for cell in notebook.cells:  # as if nobody had tagged it yet
        cell.metadata.pop("tags", None)
    copy.write_text(tagger.serialise(notebook), encoding="utf-8")
    return copy


def test_tagging_adds_only_the_tag_in_the_layout_execute_writes(chapter_copy):
    before = json.loads(chapter_copy.read_text(encoding="utf-8"))
    assert tagger.main([str(chapter_copy)]) == 0
    text = chapter_copy.read_text(encoding="utf-8")
    after = json.loads(text)
    assert text == json.dumps(after, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    tagged = [i for i, cell in enumerate(after["cells"]) if "hide-input" in cell["metadata"].get("tags", [])]
    assert tagged == tagger.setup_cells(nbformat.reads(text, as_version=4)) and tagged
    for cell in after["cells"]:
        cell["metadata"].pop("tags", None)
    assert after == before


def test_tagging_twice_changes_nothing(chapter_copy):
    tagger.main([str(chapter_copy)])
    once = chapter_copy.read_bytes()
    tagger.main([str(chapter_copy)])
    assert chapter_copy.read_bytes() == once


def test_check_fails_on_an_untagged_setup_cell_and_writes_nothing(chapter_copy, capsys):
    before = chapter_copy.read_bytes()
    assert tagger.main(["--check", str(chapter_copy)]) == 1
    assert "cell 1 is a setup cell without the hide-input tag" in capsys.readouterr().out
    assert chapter_copy.read_bytes() == before
    tagger.main([str(chapter_copy)])
    assert tagger.main(["--check", str(chapter_copy)]) == 0


def test_an_unreadable_notebook_is_an_error_naming_it(tmp_path, capsys):
    broken = tmp_path / "broken.ipynb"
    broken.write_text("<<<<<<< HEAD\n", encoding="utf-8")
    assert tagger.main([str(broken)]) == 2
    assert f"error: {broken}: cannot read the notebook" in capsys.readouterr().err


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[n.stem for n in CHAPTERS])
def test_every_setup_cell_of_the_chapters_is_collapsed(notebook):
    # Run `python tools/tag_setup_cells.py` after adding or editing a setup cell.
    nb = nbformat.read(notebook, as_version=4)
    assert tagger.setup_cells(nb), f"{notebook.name}: no setup cell"
    assert tagger.untagged_setup_cells(nb) == [], f"{notebook.name}: run python tools/tag_setup_cells.py"

"""The PDF of the book (``make pdf``): every chapter, the bibliography and computed numbers.

Reads the PDF named by the environment variable ``BOOK_PDF`` (``make pdf`` sets it to
``_build/latex/book.pdf`` after building it) through ``pdftotext``; without it the tests
are skipped, so the unit-test run does not need TeX.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
GLUE_ROLE = re.compile(r"\{glue:text\}`([A-Za-z_][A-Za-z0-9_]*)(?::([^`]*))?`")


def _normalise(text: str) -> str:
    """One space between words, straight quotes; ligatures and hyphens at line ends undone."""
    text = text.replace("\ufb01", "fi").replace("\ufb02", "fl").replace("\ufb00", "ff")
    text = text.translate(str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''"))
    text = re.sub(r"-\n(?=[a-z])", "", text)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pdf_text() -> str:
    value = os.environ.get("BOOK_PDF")
    if not value:
        pytest.skip("the PDF is checked by make pdf (sets BOOK_PDF)")
    path = Path(value)
    if not path.is_file():
        pytest.fail(f"{path}: no such PDF; run make pdf")
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is needed: apt-get install -y poppler-utils")
    return _normalise(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                                     check=True, capture_output=True, text=True).stdout)


def chapter_title(notebook: Path) -> str:
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise AssertionError(f"{notebook}: no title")


def glued_numbers(notebook: Path, limit: int = 3) -> list[str]:
    """The ``limit`` longest numbers the chapter's prose pastes, as the book prints them.

    The longest (``-12.4``, ``4,423``) are the least likely to be in the PDF by chance.
    """
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    stored = {}
    for cell in cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook", {})
            plain = output.get("data", {}).get(record.get("mime_prefix", "") + "text/plain")
            if record.get("name") and plain is not None:
                try:
                    stored[record["name"]] = ast.literal_eval("".join(plain))
                except (ValueError, SyntaxError):
                    pass  # not a literal: a glued sentence (text/markdown), not a number
    found = []
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        for key, spec in GLUE_ROLE.findall("".join(cell["source"])):
            value = stored.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                text = format(value, spec) if spec else str(value)
                if len(text) >= 2 and text not in found:
                    found.append(text)
    return sorted(found, key=lambda t: (-len(t), found.index(t)))[:limit]


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[n.stem for n in CHAPTERS])
def test_pdf_has_every_chapter_title(pdf_text, notebook):
    assert _normalise(chapter_title(notebook)) in pdf_text


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[n.stem for n in CHAPTERS])
def test_pdf_prints_the_numbers_each_chapter_glues(pdf_text, notebook):
    numbers = glued_numbers(notebook)
    assert numbers, f"{notebook.name}: its prose pastes no number"
    missing = [n for n in numbers if n not in pdf_text]
    assert not missing, f"{notebook.name}: glued numbers not in the PDF"


def test_pdf_has_the_bibliography_with_its_entries(pdf_text):
    assert "Bibliography" in pdf_text
    # Works the readability chapter rests on, as the bibliography lists them.
    for author in ("Flesch", "Kincaid"):
        assert author in pdf_text


def test_pdf_has_the_introduction_as_one_chapter_not_five(pdf_text):
    # The introduction's sections are sections of chapter 1 (see _toc_pdf.yml).
    assert "1.1 The question" in pdf_text

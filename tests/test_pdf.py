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
import yaml
from bs4 import BeautifulSoup

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
                except (ValueError, SyntaxError):  # a glued Markdown sentence, not a number
                    continue
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


def first_table(notebook: Path) -> tuple[list[str], list[str]]:
    """The header and the first row of the first table the chapter shows (its stored HTML)."""
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            table = BeautifulSoup("".join(output.get("data", {}).get("text/html", "")), "html.parser").find("table")
            if table is not None:
                header = [th.get_text(" ", strip=True) for th in table.find("thead").find_all("th")]
                row = [td.get_text(" ", strip=True) for td in table.find("tbody").find("tr").find_all("td")]
                return header, row
    raise AssertionError(f"{notebook}: shows no table")


def _longest_word(cells: list[str]) -> str:
    """The longest cell that is one word (a table cell wraps at spaces, so a longer one may split)."""
    words = [c for c in cells if c and " " not in c]
    assert words, f"no one-word cell in {cells}"
    return max(words, key=len)


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[n.stem for n in CHAPTERS])
def test_pdf_prints_each_chapters_tables_not_their_placeholder(pdf_text, notebook):
    header, row = first_table(notebook)
    # A cell may break after an underscore; pdftotext then puts a space or a newline there.
    text = re.sub(r"_ ", "_", pdf_text)
    assert _longest_word(header) in text
    assert _longest_word(row) in text
    assert "<HTML view" not in pdf_text


def test_pdf_has_the_bibliography_with_its_entries(pdf_text):
    assert "Bibliography" in pdf_text
    # Works the readability chapter rests on, as the bibliography lists them.
    for author in ("Flesch", "Kincaid"):
        assert author in pdf_text


def _first_paragraph(page: Path) -> str:
    """The first five words of prose of a Markdown page, after its title (markup removed)."""
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith(("#", "<!--", "(")):
            return " ".join(line.replace("`", "").split()[:5])
    raise AssertionError(f"{page}: no prose")


def test_pdf_has_one_bibliography_the_chapter_that_lists_the_references(pdf_text):
    # Sphinx writes the references as a chapter of their own at the end of the PDF;
    # _ext/book_latex.py moves them under the heading of bibliography.md.
    intro = pdf_text.index(_normalise(_first_paragraph(ROOT / "bibliography.md")))
    next_chapter = pdf_text.index(_normalise(_first_paragraph(ROOT / "how_to_cite.md")))
    first_reference = pdf_text.index("[1]")
    assert intro < first_reference < next_chapter
    assert pdf_text.count("[1]") == 1


def _first_section(notebook: Path) -> str:
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for line in "".join(cell["source"]).splitlines() if cell["cell_type"] == "markdown" else []:
            if line.startswith("## "):
                return line[3:].strip()
    raise AssertionError(f"{notebook}: no section")


def numbered_chapters(toc: Path = ROOT / "_toc_pdf.yml") -> list[Path]:
    """The notebooks of the parts the PDF's table of contents numbers, in order."""
    parts = yaml.safe_load(toc.read_text(encoding="utf-8"))["parts"]
    files = [chapter["file"] for part in parts if part.get("numbered") for chapter in part["chapters"]]
    return [ROOT / f"{file}.ipynb" for file in files]


NUMBERED = numbered_chapters()


@pytest.mark.parametrize("number,notebook", list(enumerate(NUMBERED, start=1)), ids=[n.stem for n in NUMBERED])
def test_pdf_numbers_the_chapters_as_the_html_book_does(pdf_text, number, notebook):
    # The introduction is unnumbered, so the corpus is chapter 1 in the PDF as in the HTML
    # book (numbered: true on the chapters of _toc.yml and _toc_pdf.yml).
    assert f"{number}.1 {_normalise(_first_section(notebook))}" in pdf_text
    assert f"Fig. {number}.1:" in pdf_text


def test_the_pdf_numbers_the_chapters_the_html_book_numbers():
    html_parts = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))["parts"]
    html_numbered = [c["file"] for part in html_parts if part.get("numbered") for c in part["chapters"]]
    assert [ROOT / f"{file}.ipynb" for file in html_numbered] == NUMBERED
    assert NUMBERED


def test_pdf_has_the_introduction_as_one_unnumbered_chapter(pdf_text):
    # Its sections are sections of the introduction, not chapters (see _toc_pdf.yml),
    # and have no numbers.
    section = next(line[3:].strip() for line in (ROOT / "index.md").read_text(encoding="utf-8").splitlines()
                   if line.startswith("## "))
    assert _normalise(section) in pdf_text
    assert f"1.1 {_normalise(section)}" not in pdf_text

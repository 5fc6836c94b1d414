"""The citation record (_ext/citation_record.py) and the Sphinx extensions that put it and the data in the book.

The extensions are built here on a small Sphinx project of two chapters, so
these run with the unit tests, without the book; tests/test_built_book.py
checks the built book itself.
"""

from __future__ import annotations

import io
import json
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "_ext"))
import citation_record  # noqa: E402
from citation_record import Author, CitationError, Record, read_record  # noqa: E402

BOOK = read_record(REPO_ROOT / "CITATION.cff")

TWO_PEOPLE = Record(
    title="A book on talk",
    authors=(Author(family="Khan", given="Sadiq Aman"), Author(name="City Hall Data Team")),
    version="1.2.0",
    date="2024-05-03",
    license="CC-BY-4.0",
    keywords=("terrorism",),
    repository="https://example.org/code",
)


# ------------------------------------------------------------------ the record


def test_authors_are_written_as_each_style_asks():
    person = Author(family="Khan", given="Sadiq Aman")
    assert person.apa() == "Khan, S. A."
    assert person.inverted() == "Khan, Sadiq Aman"
    assert person.natural() == "Sadiq Aman Khan"
    entity = Author(name="The project contributors")
    assert entity.apa() == entity.inverted() == "The project contributors"
    assert entity.bibtex() == "{The project contributors}"  # one name, not three


def test_apa_reference_of_the_book_and_of_a_chapter():
    assert citation_record.apa(TWO_PEOPLE) == (
        "Khan, S. A. & City Hall Data Team. (2024). *A book on talk* (Version 1.2.0). https://example.org/code"
    )
    chapter = citation_record.apa(TWO_PEOPLE, chapter="Readability: who speaks plainly?", url="https://b.org/c.html")
    assert chapter == (
        "Khan, S. A. & City Hall Data Team. (2024). Readability: who speaks plainly? In *A book on talk* "
        "(Version 1.2.0). https://b.org/c.html"
    )


def test_apa_names_three_authors_with_commas_and_an_ampersand():
    three = Record(**{**TWO_PEOPLE.__dict__, "authors": (Author("A", "B"), Author("C", "D"), Author("E", "F"))})
    assert citation_record.apa(three).startswith("A, B., C, D., & E, F. (2024).")


def test_bibtex_of_a_chapter_is_an_incollection_in_the_book():
    entry = citation_record.bibtex(TWO_PEOPLE, chapter="Framing")
    assert entry.startswith("@incollection{khan2024framing,\n")
    assert "  author    = {Khan, Sadiq Aman and {City Hall Data Team}},\n" in entry
    assert "  title     = {Framing},\n  booktitle = {A book on talk},\n" in entry
    assert "  version   = {1.2.0},\n" in entry and "  url       = {https://example.org/code},\n" in entry
    assert entry.endswith("\n}")


def test_bibtex_of_the_book_states_its_version_and_licence():
    entry = citation_record.bibtex(BOOK)
    assert entry.startswith("@book{project")
    assert f"version = {{{BOOK.version}}}" in entry
    assert f"{BOOK.license} licence" in entry


def test_highwire_tags_of_a_chapter_name_the_book_it_is_in():
    tags = citation_record.highwire_tags(TWO_PEOPLE, chapter="Framing")
    assert tags[:5] == [
        ("citation_title", "Framing"),
        ("citation_author", "Khan, Sadiq Aman"),
        ("citation_author", "City Hall Data Team"),
        ("citation_publication_date", "2024/05/03"),
        ("citation_inbook_title", "A book on talk"),
    ]
    assert "citation_pdf_url" not in dict(tags)
    assert dict(citation_record.highwire_tags(TWO_PEOPLE, pdf_url="../book.pdf"))["citation_pdf_url"] == "../book.pdf"
    assert "citation_inbook_title" not in dict(citation_record.highwire_tags(TWO_PEOPLE))


def test_dublin_core_tags_carry_title_creators_date_and_rights():
    assert citation_record.dublin_core_tags(TWO_PEOPLE) == [
        ("DC.title", "A book on talk"),
        ("DC.creator", "Khan, Sadiq Aman"),
        ("DC.creator", "City Hall Data Team"),
        ("DC.date", "2024-05-03"),
        ("DC.rights", "CC-BY-4.0"),
    ]


def test_json_ld_is_a_book_or_a_chapter_part_of_it():
    book = citation_record.json_ld(TWO_PEOPLE)
    assert book["@type"] == "Book" and book["name"] == "A book on talk" and book["version"] == "1.2.0"
    assert book["author"][0] == {"@type": "Person", "name": "Sadiq Aman Khan", "familyName": "Khan", "givenName": "Sadiq Aman"}
    assert book["author"][1] == {"@type": "Organization", "name": "City Hall Data Team"}
    chapter = citation_record.json_ld(TWO_PEOPLE, chapter="Framing", url="https://b.org/c.html")
    assert chapter["@type"] == "Chapter" and chapter["url"] == "https://b.org/c.html"
    assert chapter["isPartOf"]["@type"] == "Book" and chapter["isPartOf"]["name"] == "A book on talk"
    assert "@context" not in chapter["isPartOf"]


def test_zenodo_deposit_names_creators_family_first():
    deposit = citation_record.zenodo(TWO_PEOPLE)
    assert [c["name"] for c in deposit["creators"]] == ["Khan, Sadiq Aman", "City Hall Data Team"]
    assert deposit["related_identifiers"][0]["identifier"] == "https://example.org/code"
    assert deposit["upload_type"] == "software" and deposit["license"] == "CC-BY-4.0"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("version: 0.1.0\n", ""), "missing version"),
        (lambda t: t.replace('date-released: "2026-11-21"', "date-released: 2026-11-21"), "quoted string"),
        (lambda t: t.replace('date-released: "2026-11-21"', 'date-released: "2026-13-01"'), "not a date"),
        (lambda t: t.replace('- name: "The project contributors"', '- given-names: "Ann"'), "author 1 has neither"),
    ],
)
def test_a_record_the_book_cannot_cite_is_an_error_naming_the_file(tmp_path, edit, message):
    path = tmp_path / "CITATION.cff"
    path.write_text(edit((REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(CitationError, match=message) as error:
        read_record(path)
    assert str(path) in str(error.value)


def test_the_command_prints_the_zenodo_record(capsys):
    assert citation_record.main(["zenodo"]) == 0
    assert json.loads(capsys.readouterr().out)["version"] == BOOK.version


# ------------------------------------------------------------------ the extensions, on a small project


class _Head(HTMLParser):
    """The meta tags and JSON-LD of a page, and its text."""

    def __init__(self):
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.json_ld: list[dict] = []
        self._script = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "name" in attrs:
            self.meta.append((attrs["name"], attrs.get("content", "")))
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._script = []

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.json_ld.append(json.loads("".join(self._script)))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        self.text.append(data)


def _parse(path: Path) -> _Head:
    head = _Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def _build(src: Path, overrides: dict | None = None, env: dict | None = None, monkeypatch=None) -> tuple[Path, str]:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    if env and monkeypatch:
        for key, value in env.items():
            monkeypatch.setenv(key, value)
    out = src / "_build" / "html"
    warnings = io.StringIO()
    # Each build registers its node classes afresh, as the sphinx.testing fixtures do.
    with docutils_namespace():
        app = Sphinx(
            str(src), str(src), str(out), str(src / "_build" / "doctrees"), "html",
            confoverrides=overrides or {}, status=None, warning=warnings, freshenv=True,
        )
        app.build()
    return out, warnings.getvalue()


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "CITATION.cff").write_text((REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(REPO_ROOT / '_ext')!r})\n"
        "extensions = ['book_citation', 'book_data']\n"
        f"html_title = {BOOK.title!r}\n"
        "exclude_patterns = ['_build']\n",
        encoding="utf-8",
    )
    (tmp_path / "index.rst").write_text(
        "Home\n====\n\n.. toctree::\n\n   chapters/one\n   chapters/two\n   cite\n", encoding="utf-8"
    )
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "one.rst").write_text("Who speaks plainly?\n===================\n\nText.\n", encoding="utf-8")
    (tmp_path / "chapters" / "two.rst").write_text("Framing\n=======\n\nText.\n", encoding="utf-8")
    (tmp_path / "cite.rst").write_text(
        "How to cite\n===========\n\n.. citation-record:: apa\n\n.. citation-record:: bibtex\n", encoding="utf-8"
    )
    return tmp_path


def test_every_page_carries_the_records_tags_and_chapters_their_own_title(project):
    out, warnings = _build(project)
    assert warnings == ""
    index = _parse(out / "index.html")
    assert ("citation_title", BOOK.title) in index.meta
    assert ("DC.rights", BOOK.license) in index.meta and ("DC.date", BOOK.date) in index.meta
    assert index.json_ld[0]["@type"] == "Book" and index.json_ld[0]["version"] == BOOK.version
    chapter = _parse(out / "chapters" / "one.html")
    assert ("citation_title", "Who speaks plainly?") in chapter.meta
    assert ("citation_inbook_title", BOOK.title) in chapter.meta
    assert ("DC.title", "Who speaks plainly?") in chapter.meta
    assert chapter.json_ld[0]["@type"] == "Chapter" and chapter.json_ld[0]["isPartOf"]["name"] == BOOK.title
    back = _parse(out / "cite.html")
    assert ("citation_title", BOOK.title) in back.meta and "citation_inbook_title" not in dict(back.meta)
    assert not any(name == "citation_pdf_url" for page in (index, chapter, back) for name, _ in page.meta)


def test_each_chapter_ends_with_its_own_citation_and_the_cite_page_with_the_books(project):
    out, _ = _build(project)
    text = "".join(_parse(out / "chapters" / "two.html").text)
    assert "Cite this chapter" in text
    assert citation_record.bibtex(BOOK, chapter="Framing") in text
    assert "Cite this chapter" not in "".join(_parse(out / "index.html").text)
    cite = "".join(_parse(out / "cite.html").text)
    assert citation_record.bibtex(BOOK) in cite
    assert citation_record.apa(BOOK).replace("*", "") in cite


def test_pdf_url_is_given_relative_to_each_page_when_the_pdf_is_published(project, monkeypatch):
    out, _ = _build(project, env={"CITATION_PDF_URL": "book.pdf"}, monkeypatch=monkeypatch)
    assert ("citation_pdf_url", "book.pdf") in _parse(out / "index.html").meta
    assert ("citation_pdf_url", "../book.pdf") in _parse(out / "chapters" / "one.html").meta


def test_with_a_base_url_addresses_are_absolute(project):
    out, _ = _build(project, {"html_baseurl": "https://book.example.org/", "citation_pdf_url": "book.pdf"})
    chapter = _parse(out / "chapters" / "one.html")
    assert ("citation_pdf_url", "https://book.example.org/book.pdf") in chapter.meta
    assert chapter.json_ld[0]["url"] == "https://book.example.org/chapters/one.html"
    assert chapter.json_ld[0]["isPartOf"]["url"] == "https://book.example.org/index.html"
    assert "https://book.example.org/chapters/one.html" in "".join(chapter.text)


def test_a_book_title_other_than_the_records_is_a_warning(project):
    _, warnings = _build(project, {"html_title": "Another title"})
    assert "is not the title in CITATION.cff" in warnings


def test_the_data_page_lists_and_links_every_table(project):
    from analysis import EXPORTED, export

    from .seed_corpus import SEEDS

    export(SEEDS, project / "_build" / "site" / "data")
    (project / "data.rst").write_text("The data\n========\n\n.. data-tables::\n", encoding="utf-8")
    with (project / "index.rst").open("a", encoding="utf-8") as f:
        f.write("   data\n")
    out, warnings = _build(project, {"html_extra_path": ["_build/site"]})
    assert warnings == ""
    page = (out / "data.html").read_text(encoding="utf-8")
    for name in EXPORTED:
        assert f'href="data/{name}.csv"' in page
        assert (out / "data" / f"{name}.csv").is_file()
    assert 'href="data/datapackage.json"' in page
    assert "flesch_reading_ease_ci_low" in page and "Flesch, R. (1948)" in page


def test_the_data_page_without_an_export_is_an_error(project):
    (project / "data.rst").write_text("The data\n========\n\n.. data-tables::\n", encoding="utf-8")
    with (project / "index.rst").open("a", encoding="utf-8") as f:
        f.write("   data\n")
    _, warnings = _build(project)
    assert "datapackage.json does not exist; export the seeds first (make data)" in warnings

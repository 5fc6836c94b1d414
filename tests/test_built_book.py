"""The built book: every page's citation tags agree with CITATION.cff, and its data is published and valid.

These read the HTML of a built book, so they run after the build: ``make test``
builds the book, then runs this file with ``BUILT_BOOK=_build/html``. With
``BUILT_BOOK`` unset (the unit suite, before any build) they are skipped; with
it set, a missing folder fails them, so a build that did not happen cannot
pass.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from frictionless import validate

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "_ext"))
import citation_record  # noqa: E402

RECORD = citation_record.read_record(REPO_ROOT / "CITATION.cff")

#: Pages Sphinx makes that are not documents of the book, so carry no citation.
GENERATED = {"genindex.html", "search.html"}


@pytest.fixture(scope="module")
def site() -> Path:
    where = os.environ.get("BUILT_BOOK")
    if not where:
        pytest.skip("BUILT_BOOK is not set: make test runs these after building the book")
    path = Path(where)
    if not path.is_absolute():
        path = REPO_ROOT / path
    assert (path / "index.html").is_file(), f"BUILT_BOOK={where}: no built book there"
    return path


@pytest.fixture(scope="module")
def pages(site) -> dict[str, BeautifulSoup]:
    found = {
        path.relative_to(site).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for path in sorted(site.rglob("*.html"))
        if not path.relative_to(site).parts[0].startswith("_")
    }
    return {name: soup for name, soup in found.items() if name not in GENERATED}


def _meta(soup: BeautifulSoup, name: str) -> list[str]:
    return [tag["content"] for tag in soup.find_all("meta", attrs={"name": name})]


def _json_ld(soup: BeautifulSoup) -> list[dict]:
    return [json.loads(tag.string) for tag in soup.find_all("script", attrs={"type": "application/ld+json"})]


def _page_title(soup: BeautifulSoup) -> str:
    """The document's own title: the <title> before the book's name, without the chapter's number ("1. ")."""
    return re.sub(r"^\d+(\.\d+)*\.\s+", "", soup.title.get_text().rsplit(" \u2014 ", 1)[0])


def _is_chapter(name: str) -> bool:
    return name.startswith("chapters/")


def test_the_book_has_its_pages(pages):
    assert {"index.html", "how_to_cite.html", "data.html"} <= set(pages)
    assert sum(map(_is_chapter, pages)) >= 4


def test_every_page_carries_highwire_tags_that_match_citation_cff(pages):
    authors = [a.inverted() for a in RECORD.authors]
    for name, soup in pages.items():
        title = _page_title(soup) if _is_chapter(name) else RECORD.title
        assert _meta(soup, "citation_title") == [title], name
        assert _meta(soup, "citation_author") == authors, name
        assert _meta(soup, "citation_publication_date") == [RECORD.date.replace("-", "/")], name
        assert _meta(soup, "citation_inbook_title") == ([RECORD.title] if _is_chapter(name) else []), name


def test_every_page_carries_dublin_core_that_matches_citation_cff(pages):
    for name, soup in pages.items():
        title = _page_title(soup) if _is_chapter(name) else RECORD.title
        assert _meta(soup, "DC.title") == [title], name
        assert _meta(soup, "DC.creator") == [a.inverted() for a in RECORD.authors], name
        assert _meta(soup, "DC.date") == [RECORD.date], name
        assert _meta(soup, "DC.rights") == [RECORD.license], name


def test_index_is_a_book_and_each_chapter_a_chapter_of_it(pages):
    (book,) = _json_ld(pages["index.html"])
    assert book["@type"] == "Book" and book["name"] == RECORD.title
    assert book["datePublished"] == RECORD.date and book["version"] == RECORD.version
    for name, soup in pages.items():
        if _is_chapter(name):
            (chapter,) = _json_ld(soup)
            assert chapter["@type"] == "Chapter" and chapter["name"] == _page_title(soup), name
            assert chapter["isPartOf"]["name"] == RECORD.title and chapter["isPartOf"]["version"] == RECORD.version


def test_the_books_version_is_the_packages(pages):
    import analysis

    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (book,) = _json_ld(pages["index.html"])
    assert book["version"] == RECORD.version == pyproject["project"]["version"] == analysis.__version__


def test_a_published_pdf_is_named_on_every_page_and_is_there(site, pages):
    urls = {name: _meta(soup, "citation_pdf_url") for name, soup in pages.items()}
    if not any(urls.values()):
        return  # no PDF published with this build (citation_pdf_url unset)
    for name, (url,) in urls.items():
        target = (site / name).parent / url if "://" not in url else site / url.rsplit("/", 1)[-1]
        assert target.resolve().is_file(), f"{name}: citation_pdf_url {url} names no file"


def test_each_chapter_ends_with_its_reference_and_how_to_cite_gives_the_books(pages):
    for name, soup in pages.items():
        if _is_chapter(name):
            box = soup.find("div", class_="cite-this")
            assert box is not None, name
            assert citation_record.bibtex(RECORD, chapter=_page_title(soup)) in box.get_text(), name
    text = pages["how_to_cite.html"].get_text()
    assert citation_record.bibtex(RECORD) in text
    assert citation_record.apa(RECORD).replace("*", "") in " ".join(text.split())


def test_the_published_data_validates_and_the_data_page_links_every_table(site, pages):
    descriptor = site / "data" / "datapackage.json"
    report = validate(str(descriptor))
    assert report.valid, [error.message for task in report.tasks for error in task.errors]
    links = {a["href"] for a in pages["data.html"].find_all("a", href=True)}
    for resource in json.loads(descriptor.read_text(encoding="utf-8"))["resources"]:
        assert f"data/{resource['path']}" in links


def test_the_back_matter_pages_carry_their_generated_content(pages):
    reproducibility = pages["reproducibility.html"].get_text(" ")
    assert "Commit" in reproducibility and "replicates" in reproducibility and "random_state=0" in reproducibility
    with (REPO_ROOT / "seeds" / "manifest.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            assert row["sha256"] in reproducibility
    glossary = pages["glossary.html"]
    assert "flesch_reading_ease" in glossary.get_text(" ")
    assert any("bibliography.html#" in (a.get("href") or "") for a in glossary.find_all("a"))
    availability = pages["data_availability.html"].get_text(" ")
    assert "khan_speech_2016" in availability and "not recorded" in availability
    assert "section 29A" in availability and "not legal advice" in availability

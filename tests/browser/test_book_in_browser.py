"""The built book, opened page by page in headless Chromium at 1400 px and at 412 px.

Each test reads the visits recorded by ``visits`` (tests/browser/conftest.py), which
also saves a full-page screenshot of every page at both widths in ``_build/screenshots``.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.browser.conftest import WIDTHS, book_dir, book_pages

PAGES = book_pages(book_dir()) if book_dir() and book_dir().is_dir() else ["index.html"]
VISITS = [(page, width) for width in WIDTHS for page in PAGES]


def _ids(visit):
    return visit.page, visit.width


@pytest.mark.parametrize(("page", "width"), VISITS)
def test_page_logs_no_console_error_or_warning(visits, page, width):
    messages = [f"{m['level']}: {m['message']}" for m in visits[page, width].console
                if m["level"] in ("SEVERE", "WARNING")]
    assert not messages, f"{page} at {width}px:\n" + "\n".join(messages)


@pytest.mark.parametrize(("page", "width"), VISITS)
def test_nothing_is_wider_than_the_window(visits, page, width):
    overflow = visits[page, width].overflow
    assert not overflow, f"{page} at {width}px:\n" + "\n".join(overflow)


@pytest.mark.parametrize("page", PAGES)
def test_every_image_loads_and_has_alt_text(visits, page):
    images = visits[page, WIDTHS[0]].images
    broken = [i["src"] for i in images if not i["loaded"]]
    no_alt = [i["src"] for i in images if not (i["alt"] or "").strip()]
    assert not broken, f"{page}: images that do not load: {broken}"
    assert not no_alt, f"{page}: images without alt text: {no_alt}"


@pytest.mark.parametrize("page", PAGES)
def test_every_internal_link_and_anchor_resolves(visits, book, page):
    ids_of = {p: set(visits[p, WIDTHS[0]].ids) for p in PAGES}
    broken = []
    for href in visits[page, WIDTHS[0]].links:
        url = urlsplit(href)
        if url.scheme != "file":
            continue
        target = Path(unquote(url.path))
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            broken.append(href)
            continue
        if url.fragment and target.suffix == ".html":
            relative = target.relative_to(book).as_posix()
            if unquote(url.fragment) not in ids_of.get(relative, set()):
                broken.append(href)
    assert not broken, f"{page}: links to nothing: {broken}"


@pytest.mark.parametrize(("page", "width"), VISITS)
def test_axe_finds_no_serious_or_critical_violation(visits, page, width):
    found = [f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
             for v in visits[page, width].axe_violations]
    assert not found, f"{page} at {width}px:\n" + "\n".join(found)


def test_search_finds_a_word_from_a_chapter_offline(book, driver, visits):
    # "Flesch" occurs in the readability chapter's prose.
    driver.get((book / "search.html").as_uri() + "?q=Flesch")
    deadline = time.monotonic() + 20
    found = []
    while time.monotonic() < deadline and not found:
        found = driver.execute_script(
            "return [...document.querySelectorAll('#search-results li a')].map(a => a.getAttribute('href'))")
        time.sleep(0.2)
    assert any("02_readability" in href for href in found), found

"""Headless Chromium for the browser tests (``make test-browser``).

The tests read the book built into the folder named by the environment variable
``BOOK_HTML`` (``make test-browser`` sets it to ``_build/html``); without it they are
skipped, so the unit-test run, which comes before the build, does not open a browser.
With it, a browser that cannot start is an error, never a skip: CI must prove the book
in a real browser.

Every page is opened from disk (``file://``) with the network switched off in the
browser, at two window widths; what each visit sees is recorded once in a
:class:`PageVisit` and the tests read those records.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

WIDTHS = (1400, 412)
HEIGHT = 900
# Impacts that fail the accessibility check (axe-core's scale: minor, moderate, serious, critical).
FAILING_IMPACTS = ("serious", "critical")
SCREENSHOTS = Path("_build/screenshots")


def book_dir() -> Path | None:
    value = os.environ.get("BOOK_HTML")
    return Path(value).resolve() if value else None


def book_pages(root: Path) -> list[str]:
    """Every HTML page of the built book, relative to its root, sorted."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")
                  if not p.relative_to(root).parts[0].startswith("_"))


@dataclasses.dataclass
class PageVisit:
    """What the browser saw on one page at one width."""

    page: str
    width: int
    console: list[dict]
    overflow: list[str]
    images: list[dict]
    links: list[str]
    ids: list[str]
    axe_violations: list[dict]


# Run in the page: elements of the article sticking out past the right edge of the
# window, unless a scrolling container of their own inside the article (a table's or a
# code block's, overflow-x auto or scroll, itself within the window) holds them; the
# article's container scrolling as a whole does not count. Each as a short description.
OVERFLOW_JS = r"""
const width = document.documentElement.clientWidth;
const scrolls = el => { for (let a = el.parentElement; a && !a.matches('.bd-article'); a = a.parentElement) {
  const o = getComputedStyle(a).overflowX;
  if ((o === 'auto' || o === 'scroll') && a.getBoundingClientRect().right <= width + 1) return true;
} return false; };
const hidden = el => { for (let a = el; a; a = a.parentElement) {
  const s = getComputedStyle(a);
  if (s.display === 'none' || s.visibility === 'hidden') return true;
} return false; };
const out = [];
if (document.documentElement.scrollWidth > width + 1)
  out.push(`page scrolls sideways: ${document.documentElement.scrollWidth}px wide in ${width}px`);
for (const el of document.querySelectorAll('.bd-article *')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.right <= width + 1 || scrolls(el) || hidden(el)) continue;
  const name = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  out.push(`${name} reaches ${Math.round(r.right)}px in ${width}px: ${(el.textContent || '').trim().slice(0, 60)}`);
  if (out.length > 10) break;
}
return out;
"""

IMAGES_JS = """
return [...document.images].map(i => ({src: i.getAttribute('src'), alt: i.getAttribute('alt'),
  loaded: i.complete && i.naturalWidth > 0}));
"""


def chromium_driver(width: int = WIDTHS[0]):
    """A headless Chromium (Debian's chromium and chromedriver) with no network."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not browser or not driver_path:
        pytest.fail("chromium and chromedriver are needed: apt-get install -y chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={width},{HEIGHT}", "--allow-file-access-from-files",
                # No network at all: any request that leaves the machine fails and shows
                # up as a console error.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
                "--proxy-server=http://0.0.0.0:9", "--proxy-bypass-list=<-loopback>"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver_path), options=options)


@pytest.fixture(scope="session")
def book() -> Path:
    root = book_dir()
    if root is None:
        pytest.skip("browser tests run on a built book: make test-browser (sets BOOK_HTML)")
    if not (root / "index.html").is_file():
        pytest.fail(f"{root}: no index.html; build the book first")
    return root


@pytest.fixture(scope="session")
def driver(book):
    drv = chromium_driver()
    yield drv
    drv.quit()


def set_width(drv, width: int) -> None:
    drv.set_window_size(width, HEIGHT)
    # The window's outer size includes no chrome in headless mode, but check.
    inner = drv.execute_script("return window.innerWidth")
    if inner != width:
        drv.set_window_size(width + (width - inner), HEIGHT)


def visit(drv, root: Path, page: str, width: int) -> PageVisit:
    from axe_selenium_python import Axe

    set_width(drv, width)
    drv.get_log("browser")  # drop what earlier pages logged
    drv.get((root / page).as_uri())
    drv.execute_script("return document.fonts ? document.fonts.ready : null")
    console = drv.get_log("browser")
    overflow = drv.execute_script(OVERFLOW_JS)
    images = drv.execute_script(IMAGES_JS)
    links = drv.execute_script("return [...document.querySelectorAll('a[href]')].map(a => a.href)")
    ids = drv.execute_script("return [...document.querySelectorAll('[id]')].map(e => e.id)")
    axe = Axe(drv)
    axe.inject()
    results = axe.run()
    violations = [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]
    shot = SCREENSHOTS / f"{page.removesuffix('.html').replace('/', '-')}-{width}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    height = drv.execute_script("return document.documentElement.scrollHeight")
    drv.set_window_size(drv.get_window_size()["width"], min(height, 16000))
    drv.save_screenshot(str(shot))
    drv.set_window_size(drv.get_window_size()["width"], HEIGHT)
    return PageVisit(page, width, console, overflow, images, links, ids, violations)


@pytest.fixture(scope="session")
def visits(book, driver) -> dict[tuple[str, int], PageVisit]:
    """Every page of the book at every width, each visited once."""
    return {(page, width): visit(driver, book, page, width)
            for width in WIDTHS for page in book_pages(book)}

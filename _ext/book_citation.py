"""Sphinx extension: the book's citation, from CITATION.cff, on every page it builds.

At build time and offline, from the one record (:mod:`citation_record`):

- every HTML page gets Highwire ``citation_*`` and Dublin Core ``DC.*`` meta
  tags and schema.org JSON-LD: the book's on the index and the back matter, a
  chapter's own title (``citation_inbook_title``, ``isPartOf`` the book) on
  each chapter;
- each chapter's page ends with a "Cite this chapter" box (an APA-style
  reference and BibTeX), added to the page rather than typed in the notebook;
- the directive ``citation-record`` writes the book's reference where a page
  asks for it: ``bibtex`` or ``apa`` (the *How to cite* page);
- the book's ``version`` and ``release`` are the record's, and a book whose
  ``html_title`` (``title`` in ``_config.yml``) is not the record's title is
  a warning, so a ``-W`` build fails.

Settings (``sphinx: config:`` in ``_config.yml``):

``citation_file``
    The record, relative to the book's folder (default ``CITATION.cff``).
``citation_chapters``
    Glob patterns of the documents that are chapters (default ``chapters/*``).
``citation_pdf_url``
    Where the book's PDF is published, relative to the site's root (e.g.
    ``book.pdf``, for ``_build/html/book.pdf``) or absolute; empty (the
    default) when no PDF is published. The environment variable
    ``CITATION_PDF_URL`` sets it too (``CITATION_PDF_URL=book.pdf jupyter-book
    build .``). Every page then carries ``citation_pdf_url``.

With ``html_baseurl`` set, page addresses are absolute and go into the
chapter's BibTeX, reference and JSON-LD; without it they are left out and
``citation_pdf_url`` is relative to the page.
"""

from __future__ import annotations

import fnmatch
import hashlib
import html
import json
import os
from pathlib import Path
from urllib.parse import urljoin

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from citation_record import Record, apa_parts, bibtex, dublin_core_tags, highwire_tags, json_ld, read_record

logger = logging.getLogger(__name__)

BOX_CLASS = "cite-this"
BOX_TITLE = "Cite this chapter"


def _record_path(app: Sphinx) -> Path:
    return Path(app.confdir) / app.config.citation_file


def _record(app: Sphinx) -> Record:
    return read_record(_record_path(app))


def _config_inited(app: Sphinx, config) -> None:
    record = _record(app)
    config.version = config.release = record.version
    # Its digest as a config value: Sphinx rebuilds every page when it changes.
    config.citation_record_digest = hashlib.sha256(_record_path(app).read_bytes()).hexdigest()
    if not config.citation_pdf_url:
        config.citation_pdf_url = os.environ.get("CITATION_PDF_URL", "")


def _builder_inited(app: Sphinx) -> None:
    title = app.config.html_title
    record = _record(app)
    if title and title != record.title:
        logger.warning(
            "the book's title (%r, _config.yml) is not the title in %s (%r)",
            title,
            app.config.citation_file,
            record.title,
        )


def is_chapter(app: Sphinx, docname: str) -> bool:
    return any(fnmatch.fnmatch(docname, pattern) for pattern in app.config.citation_chapters)


def _title(app: Sphinx, docname: str) -> str:
    title = app.env.titles.get(docname)
    return title.astext() if title is not None else ""


def _page_url(app: Sphinx, docname: str) -> str:
    base = app.config.html_baseurl
    if not base or not hasattr(app.builder, "get_target_uri"):
        return ""
    return urljoin(base.rstrip("/") + "/", app.builder.get_target_uri(docname))


def _book_url(app: Sphinx) -> str:
    return _page_url(app, app.config.root_doc)


def _meta(name: str, content: str) -> str:
    return f'<meta name="{html.escape(name)}" content="{html.escape(content)}" />'


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is None and pagename not in app.env.all_docs:
        return  # genindex, search: not pages of the book
    record = _record(app)
    chapter = _title(app, pagename) if is_chapter(app, pagename) else ""
    pdf = app.config.citation_pdf_url
    if pdf and "://" not in pdf:
        base = app.config.html_baseurl
        pdf = urljoin(base.rstrip("/") + "/", pdf) if base else context["pathto"](pdf, 1)
    lines = [_meta(name, content) for name, content in highwire_tags(record, chapter, pdf)]
    # The link declares the DC. prefix (DCMI, "Expressing Dublin Core metadata using HTML"); nothing fetches it.
    lines.append('<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/" />')
    lines += [_meta(name, content) for name, content in dublin_core_tags(record, chapter)]
    data = json_ld(record, chapter, _page_url(app, pagename) if chapter else "", _book_url(app))
    # "</" cannot close the script element from inside the JSON.
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    lines.append(f'<script type="application/ld+json">\n{text}\n</script>')
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(lines) + "\n"


def _apa_paragraph(record: Record, chapter: str = "", url: str = "") -> nodes.paragraph:
    paragraph = nodes.paragraph()
    for text, italic in apa_parts(record, chapter, url):
        paragraph += nodes.emphasis(text, text) if italic else nodes.Text(text)
    return paragraph


def _bibtex_block(text: str) -> nodes.literal_block:
    block = nodes.literal_block(text, text, language="bibtex")
    block["classes"].append("citation-bibtex")
    return block


def _doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """End each chapter's page with the box that says how to cite it (HTML pages only)."""
    if app.builder.format != "html" or not is_chapter(app, docname):
        return
    record = _record(app)
    chapter = _title(app, docname)
    url = _page_url(app, docname)
    box = nodes.admonition(classes=[BOX_CLASS])
    box += nodes.title(BOX_TITLE, BOX_TITLE)
    box += _apa_paragraph(record, chapter, url)
    box += _bibtex_block(bibtex(record, chapter, url))
    # Inside the chapter's top section, so it is part of the article, after its last word.
    sections = [child for child in doctree.children if isinstance(child, nodes.section)]
    (sections[0] if sections else doctree).append(box)


class CitationRecord(SphinxDirective):
    """``citation-record`` with argument ``bibtex`` or ``apa``: the book's reference in that form."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        form = self.arguments[0]
        path = _record_path(self.env.app)
        self.env.note_dependency(str(path))
        record = read_record(path)
        url = record.url or record.repository
        if form == "bibtex":
            return [_bibtex_block(bibtex(record, url=url))]
        if form == "apa":
            return [_apa_paragraph(record, url=url)]
        raise self.error(f"citation-record: unknown form {form!r}; use bibtex or apa")


def setup(app: Sphinx) -> dict:
    app.add_config_value("citation_file", "CITATION.cff", "env", [str])
    app.add_config_value("citation_chapters", ["chapters/*"], "env", [list])
    app.add_config_value("citation_pdf_url", "", "html", [str])
    app.add_config_value("citation_record_digest", "", "env", [str])
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context)
    app.connect("doctree-resolved", _doctree_resolved)
    app.add_directive("citation-record", CitationRecord)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

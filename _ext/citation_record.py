"""The book's citation record, read from CITATION.cff, in every form a reader or machine asks for.

``CITATION.cff`` (Citation File Format 1.2.0) is the one place the book's
title, authors, version, release date, licence, abstract and keywords are
written. Everything else is derived from it here, so nothing is typed twice:

- :func:`bibtex` and :func:`apa`: the references a reader copies (the book,
  or one chapter of it);
- :func:`highwire_tags`: the ``citation_*`` meta tags that Google Scholar and
  reference managers (Zotero, Mendeley) read (Google Scholar, "Inclusion
  guidelines for webmasters", https://scholar.google.com/intl/en/scholar/inclusion.html#indexing);
- :func:`dublin_core_tags`: ``DC.*`` meta tags (DCMI Metadata Terms, and
  "Expressing Dublin Core metadata using HTML/XHTML meta and link elements");
- :func:`json_ld`: schema.org ``Book`` or ``Chapter`` (with ``isPartOf``);
- :func:`zenodo`: the ``.zenodo.json`` a release deposits, so it can mint a DOI
  (Zenodo's legacy deposit metadata, https://developers.zenodo.org/#representation).

The Sphinx extension ``book_citation`` puts them in the built pages; run
``python _ext/citation_record.py zenodo > .zenodo.json`` to regenerate
``.zenodo.json`` (tests/test_citation.py checks it is current). Nothing here
touches the network.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

#: What a record needs beyond the schema's required keys, for every form above.
REQUIRED = ("title", "authors", "version", "date-released", "license")


class CitationError(ValueError):
    """A CITATION.cff that cannot give the book's citation."""


@dataclass(frozen=True)
class Author:
    """A person (``family``, ``given``) or an entity (``name``), as CFF has them."""

    family: str = ""
    given: str = ""
    name: str = ""
    orcid: str = ""
    affiliation: str = ""

    @property
    def is_person(self) -> bool:
        return not self.name

    def natural(self) -> str:
        """``Given Family``, or the entity's name."""
        return self.name or " ".join(p for p in (self.given, self.family) if p)

    def inverted(self) -> str:
        """``Family, Given`` (Highwire's and Zenodo's form), or the entity's name."""
        if self.name:
            return self.name
        return f"{self.family}, {self.given}" if self.given else self.family

    def apa(self) -> str:
        """``Family, G. N.`` (APA 7th ed., 9.7-9.8), or the entity's name."""
        if self.name:
            return self.name
        initials = " ".join(f"{part[0]}." for part in self.given.replace("-", " ").split())
        return f"{self.family}, {initials}" if initials else self.family

    def bibtex(self) -> str:
        """``Family, Given``, an entity in braces so BibTeX does not split it into names."""
        return f"{{{self.name}}}" if self.name else self.inverted()


@dataclass(frozen=True)
class Record:
    """The citation record of the book."""

    title: str
    authors: tuple[Author, ...]
    version: str
    date: str  # YYYY-MM-DD
    license: str  # SPDX identifier
    abstract: str = ""
    keywords: tuple[str, ...] = ()
    repository: str = ""
    url: str = ""
    doi: str = ""

    @property
    def year(self) -> str:
        return self.date[:4]


def read_record(path: Path | str) -> Record:
    """Read ``CITATION.cff``.

    Raises
    ------
    CitationError
        Naming the file and the key, if a key the book's citation needs is
        missing or malformed (the schema itself is checked by the tests).
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CitationError(f"{path}: cannot be read: {error}") from None
    if not isinstance(data, dict):
        raise CitationError(f"{path}: not a mapping of keys to values")
    missing = [key for key in REQUIRED if not data.get(key)]
    if missing:
        raise CitationError(f"{path}: missing {', '.join(missing)}")
    date = data["date-released"]
    if not isinstance(date, str):
        raise CitationError(f"{path}: date-released must be a quoted string YYYY-MM-DD, not {date!r}")
    try:
        datetime.date.fromisoformat(date)
    except ValueError:
        raise CitationError(f"{path}: date-released {date!r} is not a date YYYY-MM-DD") from None
    authors = []
    for number, entry in enumerate(data["authors"], start=1):
        author = Author(
            family=" ".join(p for p in (entry.get("name-particle"), entry.get("family-names")) if p),
            given=entry.get("given-names", ""),
            name=entry.get("name", ""),
            orcid=entry.get("orcid", ""),
            affiliation=entry.get("affiliation", ""),
        )
        if not (author.name or author.family):
            raise CitationError(f"{path}: author {number} has neither family-names nor name")
        authors.append(author)
    return Record(
        title=data["title"],
        authors=tuple(authors),
        version=str(data["version"]),
        date=date,
        license=data["license"],
        abstract=" ".join(str(data.get("abstract", "")).split()),
        keywords=tuple(data.get("keywords", ())),
        repository=data.get("repository-code", ""),
        url=data.get("url", ""),
        doi=data.get("doi", ""),
    )


def _and(names: list[str], last: str) -> str:
    if len(names) <= 2:
        return f" {last} ".join(names)
    return ", ".join(names[:-1]) + f", {last} " + names[-1]


def bibtex_key(record: Record, chapter: str = "") -> str:
    """A key in Google Scholar's style: first author's first word, year, first title word (chapter's if any)."""
    first = record.authors[0]
    author = (first.family or next((w for w in first.name.split() if w.lower() != "the"), first.name)).split()[-1]
    word = next(w for w in (chapter or record.title).split() if w.isalpha() or w[:1].isalnum())
    return "".join(ch for ch in f"{author}{record.year}{word}".lower() if ch.isalnum())


def bibtex(record: Record, chapter: str = "", url: str = "") -> str:
    """The record as a BibTeX entry: ``@book``, or ``@incollection`` for a chapter.

    Parameters
    ----------
    chapter
        The chapter's title; empty for the whole book.
    url
        The page's address, when the site's is known (else the book's own, if any).
    """
    fields = [("author", " and ".join(a.bibtex() for a in record.authors))]
    if chapter:
        fields += [("title", chapter), ("booktitle", record.title)]
    else:
        fields += [("title", record.title)]
    fields += [("year", record.year), ("version", record.version)]
    if record.doi:
        fields.append(("doi", record.doi))
    if url or record.url or record.repository:
        fields.append(("url", url or record.url or record.repository))
    fields.append(("note", f"Version {record.version}, released {record.date}. {record.license} licence"))
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields)
    kind = "incollection" if chapter else "book"
    return f"@{kind}{{{bibtex_key(record, chapter)},\n{body}\n}}"


def apa_parts(record: Record, chapter: str = "", url: str = "") -> list[tuple[str, bool]]:
    """An APA-style (7th ed.) reference as ``(text, italic)`` pieces, the book's title in italics.

    Book: ``Authors. (Year). *Title* (Version v). URL``; chapter:
    ``Authors. (Year). Chapter. In *Title* (Version v). URL``.
    """
    names = [a.apa() for a in record.authors]
    authors = _and(names, "&")
    authors = authors if authors.endswith(".") else authors + "."
    parts = [(f"{authors} ({record.year}). ", False)]
    if chapter:
        end = "" if chapter[-1] in ".?!" else "."
        parts += [(f"{chapter}{end} In ", False)]
    parts += [(record.title, True), (f" (Version {record.version}).", False)]
    link = f"https://doi.org/{record.doi}" if record.doi else (url or record.url or record.repository)
    if link:
        parts.append((f" {link}", False))
    return parts


def apa(record: Record, chapter: str = "", url: str = "") -> str:
    """:func:`apa_parts` as plain text, the italic title between asterisks (Markdown)."""
    return "".join(f"*{text}*" if italic else text for text, italic in apa_parts(record, chapter, url))


def highwire_tags(record: Record, chapter: str = "", pdf_url: str = "") -> list[tuple[str, str]]:
    """``(name, content)`` of the ``citation_*`` meta tags of a page: the book's, or a chapter's.

    ``citation_publication_date`` is written ``YYYY/MM/DD``, as Google Scholar asks.
    """
    tags = [("citation_title", chapter or record.title)]
    tags += [("citation_author", a.inverted()) for a in record.authors]
    tags.append(("citation_publication_date", record.date.replace("-", "/")))
    if chapter:
        tags.append(("citation_inbook_title", record.title))
    if record.doi:
        tags.append(("citation_doi", record.doi))
    if record.keywords:
        tags.append(("citation_keywords", "; ".join(record.keywords)))
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    return tags


def dublin_core_tags(record: Record, chapter: str = "") -> list[tuple[str, str]]:
    """``(name, content)`` of the ``DC.*`` meta tags of a page."""
    tags = [("DC.title", chapter or record.title)]
    tags += [("DC.creator", a.inverted()) for a in record.authors]
    tags += [("DC.date", record.date), ("DC.rights", record.license)]
    if chapter:
        tags.append(("DC.relation.ispartof", record.title))
    if record.doi:
        tags.append(("DC.identifier", f"https://doi.org/{record.doi}"))
    return tags


def _schema_author(author: Author) -> dict:
    person = {"@type": "Person" if author.is_person else "Organization", "name": author.natural()}
    if author.is_person:
        person |= {"familyName": author.family} | ({"givenName": author.given} if author.given else {})
    if author.orcid:
        person["identifier"] = author.orcid
    return person


def json_ld(record: Record, chapter: str = "", url: str = "", book_url: str = "") -> dict:
    """schema.org JSON-LD of a page: a ``Book``, or a ``Chapter`` that ``isPartOf`` it."""
    book = {
        "@type": "Book",
        "name": record.title,
        "author": [_schema_author(a) for a in record.authors],
        "datePublished": record.date,
        "version": record.version,
        "license": f"https://spdx.org/licenses/{record.license}.html",
    }
    if record.abstract:
        book["abstract"] = record.abstract
    if record.keywords:
        book["keywords"] = list(record.keywords)
    if record.doi:
        book["identifier"] = f"https://doi.org/{record.doi}"
    if book_url or record.url:
        book["url"] = book_url or record.url
    if record.repository:
        book["codeRepository"] = record.repository  # not a Book property: readers ignore it, people see it
    if not chapter:
        return {"@context": "https://schema.org"} | book
    item = {
        "@context": "https://schema.org",
        "@type": "Chapter",
        "name": chapter,
        "author": book["author"],
        "datePublished": record.date,
        "version": record.version,
        "license": book["license"],
    }
    if url:
        item["url"] = url
    return item | {"isPartOf": book}


def zenodo(record: Record) -> dict:
    """The ``.zenodo.json`` of a release: Zenodo's deposit metadata, from the record."""
    creators = []
    for author in record.authors:
        creator = {"name": author.inverted()}
        if author.affiliation:
            creator["affiliation"] = author.affiliation
        if author.orcid:
            creator["orcid"] = author.orcid.removeprefix("https://orcid.org/")
        creators.append(creator)
    deposit = {
        "upload_type": "software",
        "title": record.title,
        "creators": creators,
        "description": record.abstract,
        "version": record.version,
        "publication_date": record.date,
        "license": record.license,
        "access_right": "open",
        "keywords": list(record.keywords),
    }
    if record.repository:
        deposit["related_identifiers"] = [
            {"identifier": record.repository, "relation": "isSupplementTo", "scheme": "url"}
        ]
    return deposit


def zenodo_json(record: Record) -> str:
    """:func:`zenodo` as the text of ``.zenodo.json``."""
    return json.dumps(zenodo(record), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the book's citation in another form, from CITATION.cff.")
    parser.add_argument("form", choices=["zenodo", "bibtex", "apa"])
    parser.add_argument("--cff", type=Path, default=Path(__file__).resolve().parent.parent / "CITATION.cff")
    args = parser.parse_args(argv)
    try:
        record = read_record(args.cff)
    except CitationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    text = {"zenodo": zenodo_json, "bibtex": lambda r: bibtex(r) + "\n", "apa": lambda r: apa(r) + "\n"}[args.form]
    sys.stdout.write(text(record))
    return 0


if __name__ == "__main__":
    sys.exit(main())

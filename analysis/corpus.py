"""Stage 1: the corpus, read and validated.

A corpus is any folder holding a ``manifest.csv`` with one row per text and at
least the columns ``doc_id, file, title, date, genre, author`` (``file`` is a
path relative to the folder). The columns ``outlet, url, sha256, notes`` are
optional, and so are ``speakers.csv`` (canonical speakers and their aliases, see
:mod:`analysis.speakers`) and ``cleaning.yaml`` (declared cleaning rules, see
:mod:`analysis.cleaning`).

Loading refuses a bad corpus before anything is computed: every problem found
is reported at once, each naming the file (and manifest row) and what is wrong,
as a :class:`CorpusError`. Texts are read lazily, one at a time, so memory stays
proportional to one document however large the corpus.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

MANIFEST = "manifest.csv"
REQUIRED_COLUMNS = ("doc_id", "file", "title", "date", "genre", "author")
OPTIONAL_COLUMNS = ("outlet", "url", "sha256", "notes")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

# doc_id becomes part of file names and table keys: keep it to a safe alphabet.
DOC_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
# ISO 8601 calendar date, or year and month where the day is unknown.
DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?\Z")
SHA256 = re.compile(r"[0-9a-f]{64}\Z")
# An HTML/XML tag: "<" straight followed by a letter or "/letter". Plain prose
# ("a < b", "<3") does not match; "<p>", "</div>", '<a href="...">' do.
MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]*)?/?>")
# Control characters other than tab, newline, carriage return, form feed:
# their presence means binary content, not text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
BOM = "\ufeff"


class CorpusError(Exception):
    """A corpus that cannot be used as it is.

    ``problems`` lists one message per problem; each names the file (and the
    manifest row where there is one) and says what is wrong.
    """

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Document:
    """One row of the manifest: a text and what is known of it."""

    doc_id: str
    file: str
    path: Path
    title: str
    date: str
    genre: str
    author: str
    outlet: str = ""
    url: str = ""
    sha256: str = ""
    notes: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def date_start(self) -> dt.date:
        """First day the date can mean (``YYYY-MM`` is read as the 1st of the month)."""
        return parse_date(self.date)


@dataclass(frozen=True)
class Corpus:
    """A validated corpus folder.

    Use :func:`read_corpus` to make one. ``documents`` is in manifest order.
    """

    path: Path
    documents: tuple[Document, ...]

    @property
    def manifest_path(self) -> Path:
        return self.path / MANIFEST

    def __len__(self) -> int:
        return len(self.documents)

    def document(self, doc_id: str) -> Document:
        """Return the document with this ``doc_id``."""
        for doc in self.documents:
            if doc.doc_id == doc_id:
                return doc
        raise KeyError(f"{self.manifest_path}: no document with doc_id {doc_id!r}")

    def texts(self) -> Iterator[tuple[Document, str]]:
        """Yield ``(document, raw text)`` one at a time, each text validated."""
        for doc in self.documents:
            yield doc, read_text(doc)

    def manifest(self) -> pd.DataFrame:
        """The manifest as a data frame (all declared columns, empty strings for gaps)."""
        rows = [{c: getattr(d, c) for c in COLUMNS} for d in self.documents]
        return pd.DataFrame(rows, columns=list(COLUMNS))


def parse_date(value: str) -> dt.date:
    """Parse ``YYYY-MM-DD`` or ``YYYY-MM`` (read as the first of the month).

    Raises
    ------
    ValueError
        If the value is not one of those forms or is not a calendar date.
    """
    match = DATE.match(value)
    if not match:
        raise ValueError(f"date {value!r} is not YYYY-MM-DD or YYYY-MM")
    year, month, day = match.groups()
    return dt.date(int(year), int(month), int(day or 1))


def read_corpus(path: Path | str, *, check_texts: bool = True) -> Corpus:
    """Read and validate a corpus folder.

    Parameters
    ----------
    path
        The corpus folder (holding ``manifest.csv``).
    check_texts
        Also read every text once to check encoding, content and checksum
        (default). With ``False`` only the manifest and the files' existence
        are checked; each text is still checked when it is read.

    Returns
    -------
    Corpus

    Raises
    ------
    CorpusError
        Listing every problem found: missing or malformed manifest, a missing
        required column, an empty required field, a bad ``doc_id``, a duplicate
        ``doc_id`` or file, an unparseable date, a listed file that is missing,
        and (with ``check_texts``) a file that is not valid UTF-8, is empty or
        binary, holds markup, or does not match its ``sha256``.
    """
    folder = Path(path)
    manifest = folder / MANIFEST
    if not folder.is_dir():
        raise CorpusError(f"{folder}: corpus folder not found")
    if not manifest.is_file():
        raise CorpusError(f"{manifest}: manifest missing (a corpus folder needs a manifest.csv)")
    header, rows = _read_manifest(manifest)
    problems: list[str] = []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise CorpusError(
            f"{manifest}: missing required column(s) {', '.join(missing)}"
            f" (required: {', '.join(REQUIRED_COLUMNS)})"
        )
    if not rows:
        raise CorpusError(f"{manifest}: no documents listed")

    documents: list[Document] = []
    seen_ids: dict[str, int] = {}
    seen_files: dict[str, int] = {}
    for line, row in rows:
        where = f"{manifest} line {line}"
        row_problems: list[str] = []
        for column in REQUIRED_COLUMNS:
            if not row.get(column, "").strip():
                row_problems.append(f"{where}: empty {column}")
        doc_id = row.get("doc_id", "").strip()
        if doc_id:
            where = f"{manifest} line {line} (doc_id {doc_id!r})"
            if not DOC_ID.match(doc_id):
                row_problems.append(f"{where}: doc_id may hold only letters, digits, '_', '.', '-'")
            if doc_id in seen_ids:
                row_problems.append(f"{where}: duplicate doc_id (first on line {seen_ids[doc_id]})")
            seen_ids.setdefault(doc_id, line)
        date = row.get("date", "").strip()
        if date:
            try:
                parse_date(date)
            except ValueError as err:
                row_problems.append(f"{where}: unparseable date: {err}")
        sha = row.get("sha256", "").strip().lower()
        if sha and not SHA256.match(sha):
            row_problems.append(f"{where}: sha256 {sha!r} is not 64 hexadecimal digits")
        rel = row.get("file", "").strip()
        file_path = None
        if rel:
            pure = PurePosixPath(rel.replace("\\", "/"))
            if pure.is_absolute() or ".." in pure.parts:
                row_problems.append(f"{where}: file {rel!r} must be a path inside the corpus folder")
            else:
                file_path = folder / pure
                if rel in seen_files:
                    row_problems.append(f"{where}: file {rel!r} already listed on line {seen_files[rel]}")
                seen_files.setdefault(rel, line)
                if not file_path.is_file():
                    row_problems.append(f"{file_path}: listed file missing ({where})")
        problems.extend(row_problems)
        if row_problems or file_path is None:
            continue
        extra = {k: v for k, v in row.items() if k not in COLUMNS}
        documents.append(
            Document(
                doc_id=doc_id,
                file=rel,
                path=file_path,
                title=row["title"].strip(),
                date=date,
                genre=row["genre"].strip(),
                author=row["author"].strip(),
                outlet=row.get("outlet", "").strip(),
                url=row.get("url", "").strip(),
                sha256=sha,
                notes=row.get("notes", "").strip(),
                extra=extra,
            )
        )
    if check_texts and not problems:
        for doc in documents:
            try:
                read_text(doc)
            except CorpusError as err:
                problems.extend(err.problems)
    if problems:
        raise CorpusError(problems)
    return Corpus(path=folder, documents=tuple(documents))


def read_text(doc: Document) -> str:
    """Read a document's text, refusing anything that is not clean UTF-8 text.

    A leading byte-order mark is dropped (offsets count from the character
    after it); nothing else is changed.

    Raises
    ------
    CorpusError
        If the file is missing, is not valid UTF-8, is binary or empty, holds
        markup, or its SHA-256 differs from the manifest's ``sha256``.
    """
    try:
        data = doc.path.read_bytes()
    except FileNotFoundError:
        raise CorpusError(f"{doc.path}: listed file missing (doc_id {doc.doc_id!r})") from None
    if doc.sha256:
        actual = hashlib.sha256(data).hexdigest()
        if actual != doc.sha256:
            raise CorpusError(
                f"{doc.path}: checksum mismatch (manifest sha256 {doc.sha256[:12]}..., file"
                f" {actual[:12]}...): the file changed since the manifest was written"
            )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise CorpusError(
            f"{doc.path}: not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start});"
            " convert the file to UTF-8"
        ) from None
    if text.startswith(BOM):
        text = text[1:]
    control = CONTROL.search(text)
    if control:
        raise CorpusError(
            f"{doc.path}: not a text file (control character {control.group()!r}"
            f" at offset {control.start()})"
        )
    if not any(ch.isalnum() for ch in text):
        raise CorpusError(f"{doc.path}: empty text (no letters or digits)")
    tag = MARKUP.search(text)
    if tag:
        line = text.count("\n", 0, tag.start()) + 1
        raise CorpusError(
            f"{doc.path}: holds markup ({tag.group()[:40]!r} on line {line}); give the corpus as plain text"
        )
    return text


def _read_manifest(manifest: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Return the header and ``(line number, row)`` pairs, refusing a malformed CSV."""
    try:
        text = manifest.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise CorpusError(f"{manifest}: not valid UTF-8 (offset {err.start})") from None
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            raise CorpusError(f"{manifest}: empty manifest (no header row)")
        header = [h.strip() for h in header]
        duplicates = sorted({h for h in header if header.count(h) > 1})
        if duplicates:
            raise CorpusError(f"{manifest}: duplicate column(s) {', '.join(duplicates)}")
        rows: list[tuple[int, dict[str, str]]] = []
        for fields in reader:
            line = reader.line_num
            if not any(f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                raise CorpusError(
                    f"{manifest} line {line}: {len(fields)} fields, but the header has {len(header)}"
                )
            rows.append((line, dict(zip(header, fields, strict=True))))
    except csv.Error as err:
        raise CorpusError(f"{manifest} line {reader.line_num}: malformed CSV ({err})") from None
    return header, rows

"""Stage 1: the corpus, read and validated.

A corpus is any folder holding a ``manifest.csv`` with one row per text and at
least the columns ``doc_id, file, title, date, genre, author`` (``file`` is a
path relative to the folder, inside it). The columns ``outlet, url, retrieved, sha256,
notes`` are optional, and so are ``speakers.csv`` (canonical speakers and their
aliases, see :mod:`analysis.corpus.speakers`) and ``cleaning.yaml`` (declared cleaning
rules, see :mod:`analysis.corpus.cleaning`). The columns and the genres are listed in
``analysis/data/corpus_vocabulary.yaml`` (:mod:`analysis.corpus.vocabulary`).

Any other column is the user's own metadata (a party, a constituency), kept in
:attr:`Document.extra` and carried into the export, unless its name is one
typo away from a known column (``outlett``), which is refused with a
suggestion. ``genre`` must be one of the listed genres, in any case
(``Speech`` is ``speech``); the document keeps the listed form.

Loading refuses a bad corpus before anything is computed: every problem found
is reported at once (every row's, and every readable text's), each naming the
file (and manifest line) and what is wrong, as a :class:`CorpusError`. Texts
are read lazily, one at a time, so memory stays proportional to one document
however large the corpus.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

from .vocabulary import canonical, near, unknown, vocabulary

MANIFEST = "manifest.csv"
REQUIRED_COLUMNS = tuple(vocabulary().manifest_required)
OPTIONAL_COLUMNS = tuple(vocabulary().manifest_optional)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
GENRES = tuple(vocabulary().genres)

# doc_id becomes part of file names and table keys: keep it to a safe alphabet.
DOC_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
# ISO 8601 calendar date, or year and month where the day is unknown.
DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?\Z")
# The day a text was retrieved is always known to the day when it is recorded at all.
FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
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
    """One row of the manifest: a text and what is known of it.

    ``genre`` is the listed, lower-case genre; ``extra`` holds the manifest's
    other columns (the user's metadata), in manifest order.
    """

    doc_id: str
    file: str
    path: Path
    title: str
    date: str
    genre: str
    author: str
    outlet: str = ""
    url: str = ""
    retrieved: str = ""
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

    Use :func:`read_corpus` to make one. ``documents`` is in manifest order;
    ``extra_columns`` are the manifest's columns beyond the known ones (the
    keys of every document's ``extra``), in manifest order.
    """

    path: Path
    documents: tuple[Document, ...]
    extra_columns: tuple[str, ...] = ()

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
        """The manifest as a data frame (the known columns, then the extra ones; empty strings for gaps)."""
        rows = [{c: getattr(d, c) for c in COLUMNS} | d.extra for d in self.documents]
        return pd.DataFrame(rows, columns=[*COLUMNS, *self.extra_columns])


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
        Listing every problem :func:`check_corpus` finds.
    """
    corpus, problems = check_corpus(path, check_texts=check_texts)
    if problems or corpus is None:
        raise CorpusError(problems)
    return corpus


def check_corpus(
    path: Path | str,
    *,
    check_texts: bool = True,
    on_text: Callable[[Document, str], None] | None = None,
) -> tuple[Corpus | None, list[str]]:
    """The corpus as far as it can be read, and every problem found in it.

    Problems: a missing or malformed manifest, a missing required column, a
    column one typo away from a known one, a row with the wrong number of
    fields, an empty required field, a bad ``doc_id``, a duplicate ``doc_id``
    or file, an unparseable date, an unknown genre, a file outside the corpus
    folder (by ``..``, an absolute path or a symbolic link) or missing, and
    (with ``check_texts``) for every listed file that can be read, one that is
    not valid UTF-8, is empty or binary, holds markup, or does not match its
    ``sha256``.

    ``on_text``: called with each document and its text as ``check_texts``
    reads it (every decodable text, with problems or not), so that a later
    stage can look at the texts without reading them again (the pipeline's
    language check, :func:`analysis.text.language.language_warning`).

    Returns
    -------
    corpus : Corpus or None
        ``None`` if the manifest cannot be read at all (no folder, no manifest,
        malformed CSV, a required column missing). When there are problems it
        holds every row with a ``doc_id``, failed or not, so that the speakers
        and cleaning rules can be checked against it; use it only then, and
        :func:`read_corpus` for analysis.
    problems : list of str
        One message per problem, each naming the file (and line).
    """
    folder = Path(path)
    manifest = folder / MANIFEST
    if not folder.is_dir():
        return None, [f"{folder}: corpus folder not found"]
    if not manifest.is_file():
        return None, [f"{manifest}: manifest missing (a corpus folder needs a manifest.csv)"]
    try:
        header_line, header, rows, problems = _read_manifest(manifest)
    except CorpusError as err:
        return None, err.problems
    extra_columns = []
    for column in header:
        if column in COLUMNS:
            continue
        suggestion = near(column, COLUMNS)
        if suggestion is None:
            extra_columns.append(column)
        else:
            problems.append(f"{manifest} line {header_line}: unknown column `{column}` (did you mean `{suggestion}`?)")
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        problems.append(
            f"{manifest} line {header_line}: missing required column(s) {', '.join(missing)}"
            f" (required: {', '.join(REQUIRED_COLUMNS)})"
        )
        return None, problems
    if not rows:
        return None, [*problems, f"{manifest}: no documents listed"]

    inside = folder.resolve()
    documents: list[Document] = []
    readable: list[Document] = []
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
        retrieved = row.get("retrieved", "").strip()
        if retrieved and not FULL_DATE.match(retrieved):
            row_problems.append(f"{where}: retrieved {retrieved!r} is not a date YYYY-MM-DD")
        elif retrieved:
            try:
                parse_date(retrieved)
            except ValueError as err:
                row_problems.append(f"{where}: unparseable retrieved date: {err}")
        genre = row.get("genre", "").strip()
        if genre:
            listed = canonical(genre, GENRES)
            if listed is None:
                row_problems.append(f"{where}: {unknown('genre', genre, GENRES)}")
            genre = listed or genre
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
                if not file_path.resolve().is_relative_to(inside):
                    row_problems.append(
                        f"{where}: file {rel!r} must be a path inside the corpus folder"
                        f" (a symbolic link leads to {file_path.resolve()})"
                    )
                    file_path = None
                elif not file_path.is_file():
                    row_problems.append(f"{file_path}: listed file missing ({where})")
                    file_path = None
        problems.extend(row_problems)
        if not doc_id:
            continue
        doc = Document(
            doc_id=doc_id,
            file=rel,
            path=file_path or folder / rel,
            title=row["title"].strip(),
            date=date,
            genre=genre,
            author=row["author"].strip(),
            outlet=row.get("outlet", "").strip(),
            url=row.get("url", "").strip(),
            retrieved=retrieved,
            sha256=sha,
            notes=row.get("notes", "").strip(),
            extra={c: row[c].strip() for c in extra_columns},
        )
        documents.append(doc)
        if file_path is not None:
            readable.append(doc)
    if check_texts:
        for doc in readable:
            text, found = _text_problems(doc)
            problems.extend(found)
            if on_text is not None and text is not None:
                on_text(doc, text)
    return Corpus(path=folder, documents=tuple(documents), extra_columns=tuple(extra_columns)), problems


def read_text(doc: Document) -> str:
    """Read a document's text, refusing anything that is not clean UTF-8 text.

    A leading byte-order mark is dropped (offsets count from the character
    after it); nothing else is changed.

    Raises
    ------
    CorpusError
        If the file is missing, is not valid UTF-8, is binary or empty, holds
        markup, or its SHA-256 differs from the manifest's ``sha256`` (each
        problem it has).
    """
    text, problems = _text_problems(doc)
    if problems or text is None:
        raise CorpusError(problems)
    return text


def _text_problems(doc: Document) -> tuple[str | None, list[str]]:
    """A document's text (``None`` if it cannot be decoded) and every problem it has."""
    try:
        data = doc.path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return None, [f"{doc.path}: listed file missing (doc_id {doc.doc_id!r})"]
    problems = []
    if doc.sha256:
        actual = hashlib.sha256(data).hexdigest()
        if actual != doc.sha256:
            problems.append(
                f"{doc.path}: checksum mismatch (manifest sha256 {doc.sha256[:12]}..., file"
                f" {actual[:12]}...): the file changed since the manifest was written"
            )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        problems.append(
            f"{doc.path}: not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start});"
            " convert the file to UTF-8"
        )
        return None, problems
    if text.startswith(BOM):
        text = text[1:]
    control = CONTROL.search(text)
    if control:
        problems.append(
            f"{doc.path}: not a text file (control character {control.group()!r}"
            f" at offset {control.start()})"
        )
    elif not any(ch.isalnum() for ch in text):
        problems.append(f"{doc.path}: empty text (no letters or digits)")
    tag = MARKUP.search(text)
    if tag:
        line = text.count("\n", 0, tag.start()) + 1
        problems.append(
            f"{doc.path}: holds markup ({tag.group()[:40]!r} on line {line}); give the corpus as plain text"
        )
    return text, problems


def _read_manifest(manifest: Path) -> tuple[int, list[str], list[tuple[int, dict[str, str]]], list[str]]:
    """Return the header's line, the header, ``(line number, row)`` pairs, and the rows' problems.

    A row with the wrong number of fields is a problem and left out; a
    manifest that is not UTF-8, has no header, repeats a column or is not
    well-formed CSV cannot be read further and raises :class:`CorpusError`.
    """
    try:
        text = manifest.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise CorpusError(f"{manifest}: not valid UTF-8 (offset {err.start})") from None
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    problems: list[str] = []
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            raise CorpusError(f"{manifest}: empty manifest (no header row)")
        header_line = reader.line_num
        header = [h.strip() for h in header]
        duplicates = sorted({h for h in header if header.count(h) > 1})
        if duplicates:
            raise CorpusError(f"{manifest} line {header_line}: duplicate column(s) {', '.join(duplicates)}")
        rows: list[tuple[int, dict[str, str]]] = []
        for fields in reader:
            line = reader.line_num
            if not any(f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                problems.append(f"{manifest} line {line}: {len(fields)} fields, but the header has {len(header)}")
                continue
            rows.append((line, dict(zip(header, fields, strict=True))))
    except csv.Error as err:
        raise CorpusError(f"{manifest} line {reader.line_num}: malformed CSV ({err})") from None
    return header_line, header, rows, problems

"""The tidy tables of a corpus, and their export as CSV files.

:func:`corpus_tables` runs the stages (read -> clean -> segment) document by
document, so memory holds one text at a time plus the result tables, and
returns every table the book uses. The chapters call the same functions, so a
number in the book and a row in the export come from one computation.

:func:`export` validates the whole corpus before writing anything, writes the
tables into a temporary folder beside ``out`` and renames it into place, so a
failed run leaves no (or the previous) ``out``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from .cleaning import AUDIT_COLUMNS, Rule, clean_text, read_rules
from .corpus import Corpus, Document, read_corpus, read_text
from .segments import QUOTE_COLUMNS, SEGMENT_COLUMNS, concat, segment_document
from .speakers import SpeakerTable, read_speakers
from .tokens import words

DOCUMENT_COLUMNS = [
    "doc_id",
    "file",
    "title",
    "date",
    "genre",
    "author",
    "outlet",
    "sha256",
    "words_raw",
    "words_analysed",
    "notes",
]


@dataclass(frozen=True)
class CorpusInputs:
    """A validated corpus with its speakers and cleaning rules."""

    corpus: Corpus
    speakers: SpeakerTable
    rules: tuple[Rule, ...]


def load(corpus_dir: Path | str) -> CorpusInputs:
    """Read and validate a corpus folder, its ``speakers.csv`` and ``cleaning.yaml``.

    Raises
    ------
    analysis.corpus.CorpusError
        On any problem in any of them (see :func:`analysis.corpus.read_corpus`).
    """
    corpus = read_corpus(corpus_dir)
    return CorpusInputs(corpus, read_speakers(corpus.path), read_rules(corpus))


def process_document(doc: Document, speakers: SpeakerTable, rules: tuple[Rule, ...]) -> dict[str, pd.DataFrame]:
    """All per-document tables for one document: read, clean, segment."""
    raw = read_text(doc)
    cleaned = clean_text(doc, raw, rules)
    segmented = segment_document(doc, cleaned, speakers)
    row = {c: getattr(doc, c) for c in DOCUMENT_COLUMNS if hasattr(doc, c)}
    row["words_raw"] = len(words(raw))
    row["words_analysed"] = sum(len(words(t)) for t in segmented.segments["text"])
    return {
        "documents": pd.DataFrame([row], columns=DOCUMENT_COLUMNS),
        "segments": segmented.segments,
        "quotes": segmented.quotes,
        "cleaning": pd.DataFrame(cleaned.audit, columns=AUDIT_COLUMNS),
    }


def _process(args: tuple[Document, SpeakerTable, tuple[Rule, ...]]) -> dict[str, pd.DataFrame]:
    return process_document(*args)


TABLE_COLUMNS = {
    "documents": DOCUMENT_COLUMNS,
    "segments": [*SEGMENT_COLUMNS, "paragraph", "quote_id"],
    "quotes": QUOTE_COLUMNS,
    "cleaning": AUDIT_COLUMNS,
}
SORT_KEYS = {
    "documents": ["doc_id"],
    "segments": ["doc_id", "segment_id"],
    "quotes": ["doc_id", "quote_id"],
    "cleaning": ["doc_id", "char_start", "rule"],
}


def corpus_tables(inputs: CorpusInputs, *, jobs: int = 1, progress: bool = False) -> dict[str, pd.DataFrame]:
    """The corpus's tables: ``documents``, ``segments``, ``quotes``, ``cleaning``.

    Parameters
    ----------
    inputs
        From :func:`load`.
    jobs
        Worker processes (``1``: in this process). Documents are independent, so
        they are processed in parallel and the results put back in order.
    progress
        Show a progress bar on stderr.

    Returns
    -------
    dict of str to pandas.DataFrame
        Each table sorted by its keys (``doc_id`` first), so output does not
        depend on ``jobs``.
    """
    docs = inputs.corpus.documents
    work = [(d, inputs.speakers, inputs.rules) for d in docs]
    bar = dict(total=len(docs), unit="doc", disable=not progress, file=sys.stderr, desc="documents")
    if jobs > 1 and len(docs) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(tqdm(pool.map(_process, work, chunksize=max(1, len(docs) // (4 * jobs))), **bar))
    else:
        results = [_process(w) for w in tqdm(work, **bar)]
    tables = {}
    for name, columns in TABLE_COLUMNS.items():
        table = concat((r[name] for r in results), columns)
        tables[name] = table.sort_values(SORT_KEYS[name], kind="stable", ignore_index=True)
    return tables


EXPORTED = {
    "documents": DOCUMENT_COLUMNS,
    "segments": SEGMENT_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "cleaning": AUDIT_COLUMNS,
}


def export(
    corpus_dir: Path | str,
    out: Path | str,
    *,
    jobs: int = 1,
    progress: bool = False,
    log: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write the corpus's tables as UTF-8 CSV files into ``out``, atomically.

    Tables: ``documents.csv``, ``segments.csv`` (the columns of
    :data:`analysis.segments.SEGMENT_COLUMNS`), ``quotes.csv`` (each quotation
    with its attribution rule and evidence) and ``cleaning.csv`` (the cleaning
    audit).

    Returns
    -------
    list of pathlib.Path
        The files written, in ``out``.

    Raises
    ------
    analysis.corpus.CorpusError
        Before anything is written, if the corpus is not valid.
    """
    inputs = load(corpus_dir)
    tables = corpus_tables(inputs, jobs=jobs, progress=progress)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)  # mkdtemp makes it private; the export is not
    try:
        for name, columns in EXPORTED.items():
            tables[name][columns].to_csv(staging / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
        _replace_dir(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    written = [out / f"{name}.csv" for name in EXPORTED]
    if log:
        for path in written:
            log(f"wrote {path} ({len(tables[path.stem])} rows)")
    return written


def _replace_dir(new: Path, target: Path) -> None:
    """Move ``new`` to ``target``, replacing any previous ``target`` only once ``new`` is complete."""
    if not target.exists():
        os.replace(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    os.replace(target, old / "previous")
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(old / "previous", target)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)

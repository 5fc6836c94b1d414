"""The export: the corpus's tables written as CSV files, atomically, with their ``datapackage.json``.

:func:`export` checks that ``out`` may be the export's folder
(:func:`analysis.output.outdir.check_out`) and validates the whole corpus before
writing anything, writes the tables into a staging folder beside ``out`` and
moves them into place (:meth:`analysis.output.outdir.OutputFolder.publish`), so a
failed or interrupted run leaves no (or the previous) export. It runs the
pipeline's batches (:func:`analysis.pipeline.run_batches`) with a ``finish``
(:func:`stream_batch`) that writes, in each worker, the batch's rows of the
large per-document tables (:data:`STREAMED`) and the document rows of the
measure tables (:data:`DOCUMENT_ROWS`), so no process holds the text tables of
a whole large corpus; the same workers then compute the speaker rows, which
need the whole corpus, and the main process writes those first. Every file is
written by :func:`analysis.output.csv.write_csv`.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from ..corpus.cleaning import AUDIT_COLUMNS
from ..corpus.manifest import Corpus
from ..corpus.segments import QUOTE_COLUMNS, REPEAT_COLUMNS, SEGMENT_COLUMNS
from ..measures import devices, frames, keyness, rhetoric
from ..pipeline import (
    DOCUMENT_COLUMNS,
    SORT_KEYS,
    CorpusInputs,
    document_columns,
    joined_measures,
    keyness_gap,
    load,
    run_batches,
    speaker_measures,
    unattributed_quotes,
)
from ..scheduler import pool as scheduling
from ..stats.bootstrap import DEFAULT_N_BOOT, UNIT_TYPES, is_unit
from ..text.words import Words
from .csv import write_csv
from .datapackage import DESCRIPTOR, write_datapackage
from .outdir import OutputFolder, check_out, remove_staging, sigint_deferred


def frames_summary(scheme_list: tuple[frames.Scheme, ...]) -> str:
    """The export's summary line of the frame schemes used: each one's origin and domain.

    Examples
    --------
    >>> frames_summary(frames.schemes())
    'frames: contest (shipped; domain: terrorism and extremism), pfc (shipped; domain: terrorism and extremism)'
    """
    return "frames: " + ", ".join(scheme.describe() for scheme in scheme_list)


def rhetoric_summary(feature_list: tuple[rhetoric.Feature, ...]) -> str:
    """The export's summary line of the rhetoric word lists: their domain, and the topic-bound ones' own.

    Examples
    --------
    >>> rhetoric_summary(rhetoric.features())  # doctest: +ELLIPSIS
    'rhetoric: domain: English political talk ... on any topic; threat (domain: collective threat ...; 83 guards of ours)'
    """
    general = sorted({f.domain for f in feature_list if not f.topic_bound})
    bound = [
        f"{f.name} (domain: {f.domain}" + (f"; {len(f.exclusions)} guards of ours)" if f.exclusions else ")")
        for f in feature_list if f.topic_bound
    ]
    return "rhetoric: domain: " + "; ".join([", ".join(general) or "not stated", *bound])


#: The per-document tables the export streams to disk from its workers, with
#: their exported columns.
STREAMED = {
    "documents": DOCUMENT_COLUMNS,
    "segments": SEGMENT_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "repeats": REPEAT_COLUMNS,
    "cleaning": AUDIT_COLUMNS,
    "devices": devices.DEVICE_COLUMNS,
    "kwic": frames.KWIC_COLUMNS,
}


#: The measure tables whose document rows the export's workers write (as the
#: file of :data:`EXPORTED` named here), after the speaker rows, which need the
#: whole corpus and are written by the main process.
DOCUMENT_ROWS = {"readability_documents": "readability", "rhetoric_documents": "rhetoric", "frames_documents": "frames"}


def _exported_columns(table: pd.DataFrame, name: str) -> pd.DataFrame:
    """``table`` with the columns the export writes to ``name.csv``."""
    columns = EXPORTED[name]
    return table if columns is None else table[columns]


def _part(folder: Path, name: str, number: int) -> Path:
    return folder / f".{name}.part{number:06d}.csv"


def _write_streamed(table: pd.DataFrame, folder: Path, name: str, number: int) -> None:
    """Write one batch's rows of a streamed table, without header, as part ``number``.

    documents.csv is made with its columns, the corpus's extra ones included.
    """
    columns = list(table.columns) if name == "documents" else STREAMED[name]
    write_csv(table[columns], _part(folder, name, number), header=False)


def _join_streamed(folder: Path, n_parts: int, corpus: Corpus) -> None:
    """Join each streamed table's parts, in batch order, under its header; remove the parts."""
    for name, columns in STREAMED.items():
        if name == "documents":
            columns = document_columns(corpus)
        # The header as pandas writes it, so quoting follows the same rules.
        _join_parts(folder, name, n_parts, pd.DataFrame(columns=columns).to_csv(index=False, lineterminator="\n"))


def _join_parts(folder: Path, name: str, n_parts: int, head: str) -> None:
    """Write ``name.csv`` in ``folder``: ``head``, then the parts in batch order, which are removed."""
    with (folder / f"{name}.csv").open("wb") as out:
        out.write(head.encode("utf-8"))
        for number in range(n_parts):
            part = _part(folder, name, number)
            with part.open("rb") as f:
                shutil.copyfileobj(f, out)
            part.unlink()


def stream_batch(folder: Path, tables: dict, words: Words, number: int) -> dict:
    """A batch's ``finish`` in the export (see :class:`analysis.pipeline.Batch`): run in its worker.

    Writes the batch's rows of the tables of :data:`STREAMED` and the
    document rows of :data:`DOCUMENT_ROWS` into ``folder`` as part
    ``number``, and sends back the rest: the tables the speaker stage needs,
    the streamed tables' row counts (``{name}_rows``), the document rows'
    exported column types (``{name}_types``), the quotations no rule could
    attribute, and the sentences' words as codes of the batch's own word
    types (made already, for coding frames), not as strings: the speaker
    stage needs only which words are the same.
    """
    tables["unattributed_quotes"] = unattributed_quotes(tables["quotes"])
    for name in STREAMED:
        table = tables.pop(name)
        _write_streamed(table.sort_values(SORT_KEYS[name], kind="stable"), folder, name, number)
        tables[f"{name}_rows"] = len(table)
    for name, exported in DOCUMENT_ROWS.items():
        # Kept as well: they are small, and the main process needs their
        # columns and types to know the parts can follow its speaker rows.
        table = _exported_columns(tables[name].sort_values(SORT_KEYS[name], kind="stable"), exported)
        write_csv(table, _part(folder, exported, number), header=False)
        tables[f"{name}_types"] = table.dtypes
    tables["token_codes"], tables["token_types"] = words.codes, words.types
    tables["counts"] = tables["counts"].drop(columns="tokens")
    return tables


def collect_batch(tables: dict, words: Words, number: int) -> dict:
    """A batch's ``finish`` on a cluster whose workers may not share the main process's disk.

    :func:`stream_batch` into a temporary folder of the worker, whose parts
    are sent back as bytes (``parts``: file name to bytes) for the main
    process to write (:func:`_write_parts`), as each batch's result arrives.
    """
    with tempfile.TemporaryDirectory(prefix="london-rhetoric-") as folder:
        tables = stream_batch(Path(folder), tables, words, number)
        tables["parts"] = {path.name: path.read_bytes() for path in sorted(Path(folder).iterdir())}
    return tables


def _write_parts(staging: Path, result: dict, number: int) -> None:
    """Write the parts a batch sent back (:func:`collect_batch`) into the staging folder."""
    for name, data in result.pop("parts").items():
        (staging / name).write_bytes(data)


def _remove_parts(folder: Path, name: str, n_parts: int) -> None:
    for number in range(n_parts):
        _part(folder, name, number).unlink()


EXPORTED = {
    "documents": DOCUMENT_COLUMNS,
    "segments": SEGMENT_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "repeats": REPEAT_COLUMNS,
    "cleaning": AUDIT_COLUMNS,
    "readability": None,  # all columns (see analysis.measures.readability.readability_table)
    "rhetoric": rhetoric.RHETORIC_COLUMNS,
    "devices": devices.DEVICE_COLUMNS,
    "keyness": keyness.KEYNESS_COLUMNS,
    "frames": frames.FRAMES_COLUMNS,
    "kwic": frames.KWIC_COLUMNS,
}


def written_files() -> list[str]:
    """The names of the files an export writes in its folder: the tables of :data:`EXPORTED`, then
    ``datapackage.json``."""
    return [*(f"{name}.csv" for name in EXPORTED), DESCRIPTOR]


def export(
    corpus_dir: Path | str,
    out: Path | str,
    *,
    jobs: int = 1,
    n_boot: int = DEFAULT_N_BOOT,
    random_state: int = 0,
    progress: bool = False,
    log: Callable[[str], None] | None = None,
    frame_files: list[Path] | None = None,
    scheduler: str | None = None,
) -> list[Path]:
    """Write the corpus's tables as UTF-8 CSV files into ``out``, atomically.

    Tables: ``documents.csv``, ``segments.csv`` (the columns of
    :data:`analysis.corpus.segments.SEGMENT_COLUMNS`), ``quotes.csv`` (each quotation
    with its attribution rule and evidence), ``cleaning.csv`` (the cleaning
    audit), ``readability.csv`` (:func:`analysis.measures.readability.readability_table`),
    ``rhetoric.csv`` (:func:`analysis.measures.rhetoric.rhetoric_table`), ``devices.csv``
    (:func:`analysis.measures.devices.find_devices`), ``keyness.csv``
    (:func:`analysis.measures.keyness.textstat_keyness`), ``frames.csv``
    (:func:`analysis.measures.frames.frames_table`) and ``kwic.csv``
    (:func:`analysis.measures.frames.kwic_table`); and ``datapackage.json``, which
    describes them (:func:`analysis.output.datapackage.write_datapackage`). Frames are coded with the schemes
    of ``frame_files`` if given, else those of the corpus's ``frames/*.yaml``,
    else the shipped ones (:func:`read_schemes`); ``log`` is told which
    (:func:`frames_summary`).

    ``out`` is the export's own folder: it must not exist, be empty, or hold
    an earlier export, known by the marker file that export left
    (:data:`analysis.output.outdir.MARKER`, listing the files it wrote); replacing
    an earlier export removes only those files. See
    :func:`analysis.output.outdir.check_out` for the folders refused.

    ``scheduler``: run the batches and the speaker groups on a Dask cluster
    (:func:`analysis.scheduler.connect`: an address, or ``local:N``) instead
    of ``jobs`` local processes; the tables are the same bytes.

    Words of unattributed quotations are left out of the speaker rows and
    counted per document (``words_unattributed``); a corpus of one speaker
    gets a ``keyness.csv`` without rows (:func:`keyness_gap`). ``log`` gets a
    line per file written, then the unattributed words of the corpus and why
    a table has no rows, then a ``warning:`` line per text that does not look
    like English (:attr:`analysis.pipeline.CorpusInputs.warnings`); the texts
    are measured all the same.

    Returns
    -------
    list of pathlib.Path
        The files written, in ``out``.

    Raises
    ------
    analysis.output.outdir.OutputFolderError
        Before any work, if ``out`` cannot be the export's folder.
    analysis.corpus.manifest.CorpusError
        Before anything is written, if the corpus is not valid.
    analysis.scheduler.SchedulerError
        Before anything is written, if ``scheduler`` cannot be used.
    """
    target = check_out(out, corpus_dir, written_files())
    with scheduling(jobs, scheduler) as (pool, jobs):
        return _export(load(corpus_dir, frame_files), target, Path(out), jobs, pool, n_boot, random_state, progress, log)


def _export(
    inputs: CorpusInputs,
    target: OutputFolder,
    out: Path,
    jobs: int,
    pool: ProcessPoolExecutor | None,
    n_boot: int,
    random_state: int,
    progress: bool,
    log: Callable[[str], None] | None,
) -> list[Path]:
    """:func:`export` of a loaded corpus on ``pool``, into ``target`` (``out`` as the caller named it)."""
    staging = target.make_staging()
    try:
        if getattr(pool, "remote", False):  # workers that may not share this disk send the parts back
            finish, received = collect_batch, functools.partial(_write_parts, staging)
        else:
            finish, received = functools.partial(stream_batch, staging), None
        done = run_batches(inputs, jobs, pool, progress, n_boot, random_state, finish, received)
        tables, n_parts = done.tables, len(done.results)
        speakers = speaker_measures(
            tables, n_boot, random_state, jobs, pool, meanwhile=lambda: _join_streamed(staging, n_parts, inputs.corpus),
            token_ids=done.token_ids, scheme_list=inputs.schemes or None,
        )
        write_csv(speakers["keyness"][EXPORTED["keyness"]], staging / "keyness.csv")
        # The workers wrote the per-document tables and the document rows of
        # the measure tables; the speaker rows go before the latter.
        heads = {
            "readability_documents": speakers["readability"],
            "rhetoric_documents": speakers["rhetoric"],
            "frames_documents": frames.frames_table_from_units([speakers["frames"]]),
        }
        rows = {name: sum(r[f"{name}_rows"] for r in done.results) for name in STREAMED}
        rows["keyness"] = len(speakers["keyness"])
        for name, exported in DOCUMENT_ROWS.items():
            head = _exported_columns(heads[name], exported)
            rows[exported] = len(head) + len(tables[name])
            if _same_types(head.dtypes, [r[f"{name}_types"] for r in done.results]):
                _join_parts(staging, exported, n_parts, head.to_csv(index=False, lineterminator="\n"))
            else:
                # Parts written with other columns or types (a column all
                # missing in some batch, say) would not read as one table.
                _remove_parts(staging, exported, n_parts)
                whole = joined_measures(speakers, tables)[exported]
                write_csv(_exported_columns(whole, exported), staging / f"{exported}.csv")
        descriptor = write_datapackage(staging, inputs.corpus.path.name)
        target.publish(staging, written_files())
    finally:
        with sigint_deferred():
            # Cancelled batches first: no worker may write into the staging folder once it is gone.
            if pool is not None:
                pool.shutdown(cancel_futures=True)
            remove_staging(staging)
    written = [out / f"{name}.csv" for name in EXPORTED]
    if log:
        log(frames_summary(inputs.schemes or frames.schemes()))
        log(rhetoric_summary(rhetoric.features()))
        for path in written:
            log(f"wrote {path} ({rows[path.stem]} rows)")
        for line in _summary(tables, sum(r["unattributed_quotes"] for r in done.results)):
            log(line)
        for warning in inputs.warnings:
            log(f"warning: {warning}")
    return written + [out / descriptor.name]


def _same_types(head: pd.Series, parts: list[pd.Series]) -> bool:
    """Whether every part was written with the head's columns and types (so the parts can follow it)."""
    return all(t.index.equals(head.index) and t.equals(head) for t in parts)


def _summary(tables: dict[str, pd.DataFrame], unattributed_quotes: int) -> list[str]:
    """The export's closing lines: the words left out of the speaker rows, and a table it could not fill."""
    counts = tables["counts"]
    words = int(counts.loc[~is_unit(counts, UNIT_TYPES["speaker"]), "words"].sum())
    lines = [f"unattributed: {words} words in {unattributed_quotes} quotations, left out of the speaker rows"]
    gap = keyness_gap(tables["term_counts"])
    if gap:
        lines.append(f"keyness.csv: no rows: {gap}")
    return lines

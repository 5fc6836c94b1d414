"""The tidy tables of a corpus, and their export as CSV files.

:func:`corpus_tables` runs the stages (read -> clean -> segment) document by
document, so memory holds one text at a time plus the result tables, and
returns every table the book uses. The chapters call the same functions, so a
number in the book and a row in the export come from one computation.

:func:`export` checks that ``out`` may be the export's folder
(:func:`analysis.output.outdir.check_out`) and validates the whole corpus before
writing anything, writes the tables into a staging folder beside ``out`` and
moves them into place (:meth:`analysis.output.outdir.OutputFolder.publish`), so a
failed or interrupted run leaves no (or the previous) export. Its workers
write the rows of the large per-document tables there batch by batch
(:data:`STREAMED`), so no process holds the text tables of a whole large corpus, and the document rows
of the measure tables (:data:`DOCUMENT_ROWS`); the same workers then compute
the speaker rows, which need the whole corpus, and the main process writes
those first.
"""

from __future__ import annotations

import contextlib
import csv
import itertools
import re
import shutil
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype
from tqdm import tqdm

from .measures import devices, frames, keyness, readability, rhetoric
from .stats.bootstrap import DEFAULT_N_BOOT, UNIT_TYPES, bootstrap_groups, is_unit, sentence_order, unit_groups
from .corpus.cleaning import AUDIT_COLUMNS, Rule, check_rules, clean_text
from .corpus.manifest import COLUMNS, Corpus, CorpusError, Document, check_corpus, read_text
from .text.counts import LANGUAGE, cmudict_syllables, get_pyphen, sentence_counts
from .output.datapackage import DESCRIPTOR, write_datapackage
from .output.outdir import OutputFolder, check_out, remove_staging, sigint_deferred
from .measures.readability import words_of_rows
from .corpus.segments import (
    QUOTE_COLUMNS,
    SEGMENT_COLUMNS,
    UNATTRIBUTED,
    attribution_rules,
    concat,
    quote_frame,
    segment_document,
    segment_frame,
)
from .text.sentences import sentence_table
from .corpus.speakers import SpeakerTable, check_speakers
from .text.tokens import count_words
from .text.words import Words, word_codes
from .corpus.vocabulary import near

#: The columns of documents.csv, before the manifest's extra columns (the
#: user's own metadata, :attr:`analysis.corpus.manifest.Corpus.extra_columns`), which
#: follow in manifest order (see :func:`document_columns`).
DOCUMENT_COLUMNS = [
    "doc_id",
    "file",
    "title",
    "date",
    "genre",
    "author",
    "outlet",
    "url",
    "sha256",
    "words_raw",
    "words_analysed",
    "words_unattributed",
    "notes",
]


def document_columns(corpus: Corpus) -> list[str]:
    """The columns of the corpus's documents.csv: :data:`DOCUMENT_COLUMNS`, then its extra manifest columns."""
    return [*DOCUMENT_COLUMNS, *corpus.extra_columns]


@dataclass(frozen=True)
class CorpusInputs:
    """A validated corpus with its speakers and cleaning rules."""

    corpus: Corpus
    speakers: SpeakerTable
    rules: tuple[Rule, ...]
    #: The frame schemes to code with (:func:`load_schemes`); empty: the shipped ones.
    schemes: tuple[frames.Scheme, ...] = ()


def load(corpus_dir: Path | str, frame_files: list[Path] | None = None) -> CorpusInputs:
    """Read and validate a corpus folder, its ``speakers.csv`` and ``cleaning.yaml``, and its frame schemes.

    ``frame_files``: scheme files to code frames with instead of the corpus's
    own or the shipped ones (:func:`load_schemes`).

    Every problem of all three is found in one run: the manifest's and every
    readable text's (:func:`analysis.corpus.manifest.check_corpus`), an extra manifest
    column that would clash with a column documents.csv computes, the
    speakers' (:func:`analysis.corpus.speakers.check_speakers`) and the cleaning
    rules' (:func:`analysis.corpus.cleaning.check_rules`, scoped to the rows of the
    manifest that could be read).

    Raises
    ------
    analysis.corpus.manifest.CorpusError
        Listing every problem, in that order.
    """
    corpus, problems = check_corpus(corpus_dir)
    if corpus is not None:
        computed = [c for c in DOCUMENT_COLUMNS if c not in COLUMNS]
        for column in corpus.extra_columns:
            clash = column if column in computed else near(column, computed)
            if clash is not None:
                problems.append(
                    f"{corpus.manifest_path} line 1: column `{column}` would clash with the column `{clash}`"
                    " that the export computes for documents.csv; rename it"
                )
    speakers, found = check_speakers(corpus_dir)
    problems += found
    rules, found = check_rules(corpus_dir, corpus)
    problems += found
    schemes, found = _check_schemes(corpus_dir, frame_files)
    problems += found
    if problems or corpus is None:
        raise CorpusError(problems)
    return CorpusInputs(corpus, speakers, rules, schemes)


def _check_schemes(corpus_dir: Path | str, frame_files: list[Path] | None) -> tuple[tuple[frames.Scheme, ...], list[str]]:
    """The corpus's frame schemes (:func:`load_schemes`) and the problems found in them."""
    try:
        return load_schemes(corpus_dir, frame_files), []
    except CorpusError as err:
        return (), err.problems


def load_schemes(corpus_dir: Path | str, frame_files: list[Path] | None = None) -> tuple[frames.Scheme, ...]:
    """The frame schemes of a corpus (:func:`analysis.measures.frames.resolve_schemes`): ``frame_files`` if
    given, else the corpus's ``frames/*.yaml``, else the shipped CONTEST and Policy Frames schemes.

    Raises
    ------
    analysis.corpus.manifest.CorpusError
        One problem per bad scheme file (naming the file and the entry) or scheme name used twice.
    """
    try:
        return frames.resolve_schemes(corpus_dir, frame_files)
    except frames.SchemeError as err:
        raise CorpusError(str(err).splitlines()) from None


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


def process_documents(
    docs: list[Document],
    speakers: SpeakerTable,
    rules: tuple[Rule, ...],
    n_boot: int = DEFAULT_N_BOOT,
    random_state: int = 0,
    scheme_list: tuple[frames.Scheme, ...] | None = None,
) -> dict[str, pd.DataFrame]:
    """All per-document tables for a batch of documents: read, clean, segment, split, count, score.

    Everything that needs only one document's text happens here, so it runs in
    worker processes and memory holds one text at a time; what is kept is
    tables (the per-sentence counts carry the sentence's words for lexical
    diversity, not its text). Sentences are counted a batch at a time because
    counting works per distinct word form, which a batch shares. Document-level
    measures need one document only, so they are computed here too
    (``readability_documents``); speaker-level ones need the whole corpus
    (:func:`measure_tables`). Frames are coded with ``scheme_list``
    (default: the shipped schemes, :func:`analysis.measures.frames.schemes`).
    """
    return _process_documents(docs, speakers, rules, n_boot, random_state, scheme_list)[0]


def _process_documents(
    docs: list[Document],
    speakers: SpeakerTable,
    rules: tuple[Rule, ...],
    n_boot: int,
    random_state: int,
    scheme_list: tuple[frames.Scheme, ...] | None,
) -> tuple[dict[str, pd.DataFrame], Words]:
    """:func:`process_documents`, and the batch's :class:`analysis.text.words.Words` (made once, read by every
    measure)."""
    scheme_list = scheme_list or frames.schemes()
    rows, segments, quotes, audits = [], [], [], []
    for doc in docs:
        raw = read_text(doc)
        cleaned = clean_text(doc, raw, rules)
        segmented = segment_document(doc, cleaned, speakers)
        row = {c: getattr(doc, c) for c in DOCUMENT_COLUMNS if hasattr(doc, c)}
        row["words_raw"] = count_words(raw)
        rows.append(row | doc.extra)
        segments.extend(segmented.segment_rows)
        quotes.extend(segmented.quote_rows)
        audits.extend(cleaned.audit)
    segments = segment_frame(segments)
    counts = sentence_counts(sentence_table(segments))
    words = Words.of(counts)
    coded, kwic = frames.code_sentences_with_kwic(counts, scheme_list=scheme_list, words=words)
    features = rhetoric.sentence_features(counts, words)
    # Every document of a corpus has the same extra columns (the manifest's).
    documents = pd.DataFrame(rows, columns=[*DOCUMENT_COLUMNS, *(docs[0].extra if docs else ())])
    analysed = counts.groupby("doc_id")["words"].sum()
    documents["words_analysed"] = documents["doc_id"].map(analysed).fillna(0).astype("int64")
    # Words of quotations no rule could attribute: in the document's rows, in no speaker's.
    unattributed = counts[~is_unit(counts, UNIT_TYPES["speaker"])].groupby("doc_id")["words"].sum()
    documents["words_unattributed"] = documents["doc_id"].map(unattributed).fillna(0).astype("int64")
    scored = unit_measures(counts, features, coded, "document", n_boot, random_state, token_ids=words.codes,
                           scheme_list=scheme_list)
    tables = {
        "documents": documents,
        "segments": segments,
        "quotes": quote_frame(quotes),
        "cleaning": pd.DataFrame(audits, columns=AUDIT_COLUMNS),
        "counts": counts.drop(columns="text"),
        "readability_documents": scored["readability"],
        "frames_coded": coded,
        "kwic": kwic,
        "frames_documents": scored["frames"],
        "features": features,
        "rhetoric_documents": scored["rhetoric"],
        "devices": devices.find_devices(counts, words),
        "term_counts": keyness.term_counts(counts, words),
    }
    return tables, words


#: The columns that identify a sentence in every per-sentence table.
SENTENCE_ID = ["doc_id", "sentence_id"]


def unit_measures(
    counts: pd.DataFrame,
    features: pd.DataFrame,
    coded: pd.DataFrame,
    unit_type: str,
    n_boot: int = DEFAULT_N_BOOT,
    random_state: int = 0,
    token_ids: np.ndarray | None = None,
    scheme_list: tuple[frames.Scheme, ...] | None = None,
) -> dict[str, pd.DataFrame]:
    """The readability, rhetoric and frames rows of one unit type, from one bootstrap draw per unit.

    The same tables as :func:`analysis.measures.readability.readability_units`,
    :func:`analysis.measures.rhetoric.rhetoric_units` and
    :func:`analysis.measures.frames.frame_units`: every unit's stream depends only on
    the seed and the unit (:func:`analysis.stats.bootstrap.unit_seed`), so the three
    would draw the same resamples; here they are drawn once and every measure
    family's per-sentence columns are summed with them
    (:func:`analysis.stats.bootstrap.bootstrap_groups`).

    Parameters
    ----------
    counts, features, coded
        One row per sentence, the same sentences in the same order: from
        :func:`analysis.text.counts.sentence_counts`,
        :func:`analysis.measures.rhetoric.sentence_features` and
        :func:`analysis.measures.frames.code_sentences`.
    unit_type
        ``"speaker"`` or ``"document"``.
    n_boot, random_state
        Bootstrap replicates per unit and seed.
    token_ids
        The words of ``counts`` as codes, one per word type in any numbering,
        sentence after sentence; made of its ``tokens`` column when ``None``
        (and then ``counts`` needs one).
    scheme_list
        The frame schemes ``coded`` was coded with (default: the shipped ones).

    Returns
    -------
    dict of str to pandas.DataFrame
        ``readability``, ``rhetoric`` and ``frames``. Sentences of no unit
        (:func:`analysis.stats.bootstrap.is_unit`: unattributed quotations, for
        speakers) are left out.

    Raises
    ------
    ValueError
        If ``unit_type`` is unknown, the tables do not hold the same sentences,
        or one lacks a column its measures need.
    """
    if unit_type not in UNIT_TYPES:
        raise ValueError(f"unit_type must be one of {list(UNIT_TYPES)}, not {unit_type!r}")
    column = UNIT_TYPES[unit_type]
    counts, features, coded = (t.reset_index(drop=True) for t in (counts, features, coded))
    for name, table in (("features", features), ("coded", coded)):
        if len(table) != len(counts) or not table[SENTENCE_ID].equals(counts[SENTENCE_ID]):
            raise ValueError(f"the {name} table does not hold the sentences of the counts table, in its order")
    if counts[column].isna().any():
        raise ValueError(f"missing values in {column}: every sentence must belong to a unit")
    keep = is_unit(counts, column)
    if not keep.all():
        # Unattributed quotations are no speaker's (analysis.stats.bootstrap.is_unit).
        if token_ids is not None:
            token_ids = words_of_rows(token_ids, counts["words"].to_numpy(), np.flatnonzero(keep))
        counts, features, coded = (t[keep].reset_index(drop=True) for t in (counts, features, coded))
    rows = sentence_order(counts, [column])
    keys = counts[[column]].take(rows).reset_index(drop=True)
    # The words as codes, which is all MATTR and MTLD need (which words are
    # the same). For a batch of documents, the batch's Words has them already;
    # the export gives the speakers' codes from those of the batches.
    if token_ids is None:
        missing = [c for c in ("words", "tokens") if c not in counts.columns]
        if missing:
            raise ValueError(f"counts table lacks column(s) {missing}; make it with analysis.text.counts.sentence_counts")
        lengths, token_ids, _ = word_codes(counts["tokens"].tolist())
        if not np.array_equal(lengths, counts["words"].to_numpy(dtype=np.int64)):
            raise ValueError("the tokens column does not match the words column; recount with sentence_counts")
    families = [
        (readability.sentence_values(counts, token_ids, keys, rows), readability.statistic),
        (rhetoric.sentence_values(features, rows), rhetoric.statistic()),
        (frames.sentence_values(coded, rows, scheme_list), frames.statistic),
    ]
    read, rhet, frame = bootstrap_groups(keys, families, n_boot, random_state)
    return {
        "readability": readability.as_unit_table(readability.unit_rows(read, [column]), unit_type),
        "rhetoric": rhetoric.unit_rows(rhet, unit_type),
        "frames": frames.as_unit_table(frames.unit_rows(frame, coded, [column], scheme_list), unit_type),
    }


def _unattributed_quotes(quotes: pd.DataFrame) -> int:
    """How many quotations no attribution rule could attribute (their words are no speaker's)."""
    return int((quotes["speaker"] == UNATTRIBUTED).sum())


def _process(args: tuple) -> dict:
    *arguments, stream_to, number = args
    tables, words = _process_documents(*arguments)
    if stream_to is not None:
        tables["unattributed_quotes"] = _unattributed_quotes(tables["quotes"])
        for name in STREAMED:
            table = tables.pop(name)
            _write_streamed(table.sort_values(SORT_KEYS[name], kind="stable"), stream_to, name, number)
            tables[f"{name}_rows"] = len(table)
        for name, exported in DOCUMENT_ROWS.items():
            # Kept as well: they are small, and the main process needs their
            # columns and types to know the parts can follow its speaker rows.
            table = tables[name].sort_values(SORT_KEYS[name], kind="stable")
            _to_csv(_exported_columns(table, exported), _part(stream_to, exported, number), header=False)
        # The sentences' words go back as codes of the batch's own word types
        # (made already, for coding frames), not as strings: the speaker stage
        # needs only which words are the same.
        tables["token_codes"], tables["token_types"] = words.codes, words.types
        tables["counts"] = tables["counts"].drop(columns="tokens")
    return tables


#: The per-document tables the export streams to disk from its workers, with
#: their exported columns.
STREAMED = {
    "documents": DOCUMENT_COLUMNS,
    "segments": SEGMENT_COLUMNS,
    "quotes": QUOTE_COLUMNS,
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
    _to_csv(table[columns], _part(folder, name, number), header=False)


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


def _remove_parts(folder: Path, name: str, n_parts: int) -> None:
    for number in range(n_parts):
        _part(folder, name, number).unlink()


# Words per batch handed to a worker: large enough that per-batch costs
# (building tables; counting, coding and looking up each distinct word form
# once; scoring each distinct sentence with VADER once) are shared, small
# enough that memory stays small and the workers evenly loaded (with several
# jobs a corpus is cut into at least four batches per job). Measured on the
# benchmark corpus in one process: 50,000 words used about a fifth less CPU
# than 20,000, and 100,000 about 7% less than 50,000 (a third of that from
# VADER, which the benchmark flatters: its copies repeat sentences, and a
# batch scores each distinct sentence once).
BATCH_WORDS = 100_000


SORT_KEYS = {
    "documents": ["doc_id"],
    "segments": ["doc_id", "segment_id"],
    "quotes": ["doc_id", "quote_id"],
    "cleaning": ["doc_id", "char_start", "rule"],
    "counts": ["doc_id", "sentence_id"],
    "readability_documents": ["unit"],
    "frames_coded": ["doc_id", "sentence_id"],
    "kwic": ["doc_id", "sentence_id"],
    "frames_documents": ["unit"],
    "features": ["doc_id", "sentence_id"],
    "rhetoric_documents": ["unit"],
    "devices": ["doc_id", "sentence_id"],
    "term_counts": ["speaker", "term"],
}


def corpus_tables(
    inputs: CorpusInputs,
    *,
    jobs: int = 1,
    progress: bool = False,
    n_boot: int = DEFAULT_N_BOOT,
    random_state: int = 0,
) -> dict[str, pd.DataFrame]:
    """The corpus's per-document tables: ``documents``, ``segments``, ``quotes``,
    ``cleaning``, ``counts`` (per sentence) and ``readability_documents``.

    Parameters
    ----------
    inputs
        From :func:`load`.
    jobs
        Worker processes (``1``: in this process). Documents are independent, so
        they are processed in parallel and the results put back in order.
    progress
        Show a progress bar on stderr.
    n_boot, random_state
        Bootstrap replicates and seed of the document-level intervals.

    Returns
    -------
    dict of str to pandas.DataFrame
        Each table sorted by its keys (``doc_id`` first), so output does not
        depend on ``jobs``. (With ``jobs > 1`` the dictionaries are read
        before the workers start; see :func:`_read_data`.)
    """
    with _workers(jobs) as pool:
        return _corpus_tables(inputs, jobs, pool, progress, n_boot, random_state, None).tables


@dataclass
class _Processed:
    """What :func:`_corpus_tables` gives the export: the tables kept in memory,
    the row counts of the streamed ones, the number of parts of each streamed
    file, for each table of :data:`DOCUMENT_ROWS` the columns and types its
    parts were written with (``None`` if batches differed), and the words of
    ``counts`` as codes (its ``tokens`` column is then left out), and how many
    quotations no rule could attribute."""

    tables: dict[str, pd.DataFrame]
    rows: dict[str, int]
    n_parts: int
    part_types: dict[str, pd.Series | None]
    token_ids: np.ndarray | None = None
    unattributed_quotes: int = 0


def _corpus_tables(
    inputs: CorpusInputs,
    jobs: int,
    pool: ProcessPoolExecutor | None,
    progress: bool,
    n_boot: int,
    random_state: int,
    stream_to: Path | None,
) -> _Processed:
    """:func:`corpus_tables` on ``pool``, of ``jobs`` workers (``None``: in this process), or with
    ``stream_to`` a folder: the tables of :data:`STREAMED` are then written
    there as CSV parts (joined by :func:`_join_streamed`), each worker writing
    its batch's rows, instead of being returned (with their row counts), and
    so are the document rows of the measure tables (:data:`DOCUMENT_ROWS`),
    which are also returned; ``counts`` then comes without its ``tokens``,
    its words as codes instead. The export streams, so that no process holds
    the text tables of the whole corpus and their CSV formatting runs in the
    workers.
    """
    # Batches in doc_id order: each batch's rows sorted by a table's keys,
    # batch after batch, are the whole table sorted by those keys (the keys
    # start with doc_id), so streamed parts can simply be joined.
    docs = sorted(inputs.corpus.documents, key=lambda doc: doc.doc_id)
    batches = _batches(docs, jobs)
    work = [
        (batch, inputs.speakers, inputs.rules, n_boot, random_state, inputs.schemes or None, stream_to, number)
        for number, batch in enumerate(batches)
    ]
    bar = dict(total=len(docs), unit="doc", disable=not progress, file=sys.stderr, desc="documents")
    results = []
    with tqdm(**bar) as progress_bar:
        if pool is not None and len(batches) > 1:
            for batch, result in zip(batches, pool.map(_process, work), strict=True):
                results.append(result)
                progress_bar.update(len(batch))
        else:
            for batch, item in zip(batches, work, strict=True):
                results.append(_process(item))
                progress_bar.update(len(batch))
    token_ids = _renumbered_codes(results) if stream_to is not None else None
    tables = {}
    for name, keys in SORT_KEYS.items():
        if stream_to is not None and name in STREAMED:
            continue
        columns = list(results[0][name].columns) if results else keys
        table = concat((r[name] for r in results), columns)
        order = table.sort_values(keys, kind="stable").index.to_numpy()
        if name == "counts" and token_ids is not None and len(table):
            token_ids = words_of_rows(token_ids, table["words"].to_numpy(), order)
        tables[name] = table.take(order).reset_index(drop=True)
    rows: dict[str, int] = {}
    part_types: dict[str, pd.Series | None] = {}
    if stream_to is None:
        unattributed_quotes = _unattributed_quotes(tables["quotes"])
    else:
        unattributed_quotes = sum(r["unattributed_quotes"] for r in results)
        rows = {name: sum(r[f"{name}_rows"] for r in results) for name in STREAMED}
        for name, exported in DOCUMENT_ROWS.items():
            types = [_exported_columns(r[name], exported).dtypes for r in results]
            same = all(t.index.equals(types[0].index) and t.equals(types[0]) for t in types)
            part_types[name] = types[0] if types and same else None
    return _Processed(tables, rows, len(batches), part_types, token_ids, unattributed_quotes)


def _renumbered_codes(results: list[dict]) -> np.ndarray:
    """The words of the batches' sentences, batch after batch, as codes of one numbering.

    Each batch numbers its own word types (:func:`analysis.text.words.word_codes`);
    the types of all batches are numbered together here (a few tens of
    thousands of strings, not the corpus's words) and each batch's codes
    renumbered.
    """
    types = [np.asarray(r.pop("token_types"), dtype=object) for r in results]
    codes = [r.pop("token_codes") for r in results]
    numbering, _ = pd.factorize(np.concatenate(types)) if types else (np.zeros(0, dtype=np.int64), None)
    first = np.cumsum([0, *(len(t) for t in types)])
    renumbered = [numbering[first[b] : first[b + 1]][codes[b]] for b in range(len(types))]
    return np.concatenate(renumbered).astype(np.int64) if renumbered else np.zeros(0, dtype=np.int64)


@contextlib.contextmanager
def _workers(jobs: int) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of ``jobs`` worker processes for both stages of the export, or ``None`` for one job.

    The workers start at once and read the dictionaries and rule files they
    need (:func:`_read_data`) while this process goes on: the export reads
    and checks the corpus meanwhile.
    """
    if jobs <= 1:
        yield None
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker) as pool:
        try:
            # The pool starts a worker for each task submitted while none is idle.
            for _ in range(jobs):
                pool.submit(int)
            yield pool
        finally:
            # After an error or a Ctrl-C, the batches not started are dropped, not run.
            pool.shutdown(cancel_futures=True)


def _start_worker() -> None:
    """Start a worker: Ctrl-C is left to the main process, which stops the pool; then :func:`_read_data`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _read_data()


def _read_data() -> None:
    """Read the dictionaries and rule files a worker needs, before its first batch.

    Each is read once per process and kept (CMUdict's syllables, Pyphen's
    hyphenation patterns, the frame schemes, the rhetoric and device lists,
    VADER's lexicon, the attribution rules). Run as each worker starts, it
    overlaps the main process's own start (reading and checking the corpus)
    instead of the workers' first batches.
    """
    cmudict_syllables()
    get_pyphen(LANGUAGE)
    frames.schemes()
    rhetoric.features()
    rhetoric.vader_analyzer()
    devices.rules()
    attribution_rules()


def _batches(docs: list[Document], jobs: int) -> list[list[Document]]:
    """Split documents, in order, into batches of about equal size, at most ``BATCH_WORDS`` words (by file size).

    With several workers there are at least four batches a worker, and a
    whole number of batches a worker: the workers then run out of batches
    together, instead of one finishing the last batch while the others wait.
    """
    sizes = [max(1, d.path.stat().st_size // 6) for d in docs]  # ~6 bytes a word
    total = sum(sizes)
    count = -(-total // BATCH_WORDS)  # ceiling
    if jobs > 1:
        count = jobs * -(-max(count, 4 * jobs) // jobs)
    # A document goes to the batch its last word falls in, batches cutting
    # the running total into ``count`` equal parts (a document longer than a
    # part makes one batch fewer).
    batches: list[list[Document]] = []
    last = -1
    for doc, end in zip(docs, itertools.accumulate(sizes), strict=True):
        number = (end - 1) * count // total
        if number != last:
            batches.append([])
            last = number
        batches[-1].append(doc)
    return batches


def measure_tables(
    tables: dict[str, pd.DataFrame],
    *,
    n_boot: int = DEFAULT_N_BOOT,
    random_state: int = 0,
    jobs: int = 1,
    scheme_list: tuple[frames.Scheme, ...] | None = None,
) -> dict[str, pd.DataFrame]:
    """The measures that need the whole corpus, joined with the per-document ones:
    ``readability``, ``rhetoric``, ``keyness`` and ``frames``.

    Parameters
    ----------
    tables
        From :func:`corpus_tables`.
    n_boot
        Bootstrap replicates per unit (speaker, document).
    random_state
        Seed of the bootstrap (each unit's stream derives from it).
    jobs
        Worker processes; the tables do not depend on it.
    scheme_list
        The frame schemes the tables were coded with (``CorpusInputs.schemes``;
        default: the shipped ones).
    """
    with _workers(jobs) as pool:
        return _joined(_speaker_measures(tables, n_boot, random_state, jobs, pool, scheme_list=scheme_list), tables)


def _joined(speakers: dict[str, pd.DataFrame], tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The measure tables: the speaker rows of :func:`_speaker_measures`, then the document rows."""
    return {
        "readability": pd.concat([speakers["readability"], tables["readability_documents"]], ignore_index=True),
        "rhetoric": pd.concat([speakers["rhetoric"], tables["rhetoric_documents"]], ignore_index=True),
        "keyness": speakers["keyness"],
        "frames": frames.frames_table_from_units([speakers["frames"], tables["frames_documents"]]),
    }


def _speaker_measures(
    tables: dict[str, pd.DataFrame],
    n_boot: int,
    random_state: int,
    jobs: int,
    pool: ProcessPoolExecutor | None,
    meanwhile: Callable[[], None] = lambda: None,
    token_ids: np.ndarray | None = None,
    scheme_list: tuple[frames.Scheme, ...] | None = None,
) -> dict[str, pd.DataFrame]:
    """The speaker rows of ``readability``, ``rhetoric`` and ``frames``, and ``keyness``.

    Speakers are split into groups of whole speakers, twice as many as the
    workers of ``pool`` (of ``jobs`` workers; ``None``: in this process), and
    handed out largest first, each to the first worker free: one speaker
    holding much of the corpus (a third of the benchmark's words) then does
    not leave the others idle. Every unit has its own random stream, so the
    numbers do not depend on the grouping. ``meanwhile`` is called while the
    workers compute (the export joins its streamed files then). ``token_ids``
    are the words of ``tables["counts"]`` as codes (see :func:`unit_measures`).
    Unattributed quotations are in no speaker's group
    (:func:`analysis.stats.bootstrap.unit_groups`). ``keyness`` has no rows where
    the corpus has fewer than two speakers (:func:`keyness_gap`).
    """
    counts, features, coded = (tables[name] for name in ("counts", "features", "frames_coded"))
    groups = unit_groups(counts, UNIT_TYPES["speaker"], 2 * jobs if pool is not None else 1)
    words = counts["words"].to_numpy()
    groups.sort(key=lambda rows: -int(words[rows].sum()))
    work = (
        (counts.iloc[g], features.iloc[g], coded.iloc[g], "speaker", n_boot, random_state,
         None if token_ids is None else words_of_rows(token_ids, words, g), scheme_list)
        for g in groups
    )
    if pool is not None and len(groups) > 1:
        # Each group is sent as soon as it is cut out, so the largest starts first.
        futures = [pool.submit(_unit_measures, item) for item in work]
        # Keyness needs only the term counts: computed while the workers bootstrap.
        keyness_table = _keyness(tables["term_counts"])
        meanwhile()
        parts = [future.result() for future in futures]
    else:
        keyness_table = _keyness(tables["term_counts"])
        meanwhile()
        parts = [_unit_measures(item) for item in work]
    speakers = {
        name: pd.concat([part[name] for part in parts]).sort_values("unit", kind="stable", ignore_index=True)
        for name in ("readability", "rhetoric", "frames")
    }
    return speakers | {"keyness": keyness_table}


def _unit_measures(args: tuple) -> dict[str, pd.DataFrame]:
    return unit_measures(*args)


def _keyness(term_counts: pd.DataFrame) -> pd.DataFrame:
    """:func:`analysis.measures.keyness.textstat_keyness` of the corpus, or no rows where it has no reference
    (:func:`keyness_gap` says why)."""
    if keyness_gap(term_counts):
        return keyness.empty_table()
    return keyness.textstat_keyness(term_counts)


def keyness_gap(term_counts: pd.DataFrame) -> str:
    """Why the corpus has no keyness table (``""`` if it has one): keyness compares a speaker with the others.

    Examples
    --------
    >>> keyness_gap(pd.DataFrame({"speaker": ["A", "(unattributed)"], "term": "we", "count": 3}))
    'keyness needs at least two speakers, a target and a reference: the corpus has 1'
    """
    found = len(keyness.speakers(term_counts))
    if found >= 2:
        return ""
    return f"keyness needs at least two speakers, a target and a reference: the corpus has {found}"


EXPORTED = {
    "documents": DOCUMENT_COLUMNS,
    "segments": SEGMENT_COLUMNS,
    "quotes": QUOTE_COLUMNS,
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
    else the shipped ones (:func:`load_schemes`); ``log`` is told which
    (:func:`frames_summary`).

    ``out`` is the export's own folder: it must not exist, be empty, or hold
    an earlier export, known by the marker file that export left
    (:data:`analysis.output.outdir.MARKER`, listing the files it wrote); replacing
    an earlier export removes only those files. See
    :func:`analysis.output.outdir.check_out` for the folders refused.

    Words of unattributed quotations are left out of the speaker rows and
    counted per document (``words_unattributed``); a corpus of one speaker
    gets a ``keyness.csv`` without rows (:func:`keyness_gap`). ``log`` gets a
    line per file written, then the unattributed words of the corpus and why
    a table has no rows.

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
    """
    target = check_out(out, corpus_dir, written_files())
    with _workers(jobs) as pool:
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
        done = _corpus_tables(inputs, jobs, pool, progress, n_boot, random_state, staging)
        tables = done.tables
        speakers = _speaker_measures(
            tables, n_boot, random_state, jobs, pool, meanwhile=lambda: _join_streamed(staging, done.n_parts, inputs.corpus),
            token_ids=done.token_ids, scheme_list=inputs.schemes or None,
        )
        _to_csv(speakers["keyness"][EXPORTED["keyness"]], staging / "keyness.csv")
        # The workers wrote the per-document tables and the document rows of
        # the measure tables; the speaker rows go before the latter.
        heads = {
            "readability_documents": speakers["readability"],
            "rhetoric_documents": speakers["rhetoric"],
            "frames_documents": frames.frames_table_from_units([speakers["frames"]]),
        }
        rows = done.rows | {"keyness": len(speakers["keyness"])}
        for name, exported in DOCUMENT_ROWS.items():
            head = _exported_columns(heads[name], exported)
            rows[exported] = len(head) + len(tables[name])
            if done.part_types[name] is not None and head.dtypes.equals(done.part_types[name]):
                _join_parts(staging, exported, done.n_parts, head.to_csv(index=False, lineterminator="\n"))
            else:
                # Parts written with other columns or types (a column all
                # missing in some batch, say) would not read as one table.
                _remove_parts(staging, exported, done.n_parts)
                whole = _joined(speakers, tables)[exported]
                _to_csv(_exported_columns(whole, exported), staging / f"{exported}.csv")
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
        for line in _summary(tables, done.unattributed_quotes):
            log(line)
    return written + [out / descriptor.name]


def _summary(tables: dict[str, pd.DataFrame], unattributed_quotes: int) -> list[str]:
    """The export's closing lines: the words left out of the speaker rows, and a table it could not fill."""
    counts = tables["counts"]
    words = int(counts.loc[~is_unit(counts, UNIT_TYPES["speaker"]), "words"].sum())
    lines = [f"unattributed: {words} words in {unattributed_quotes} quotations, left out of the speaker rows"]
    gap = keyness_gap(tables["term_counts"])
    if gap:
        lines.append(f"keyness.csv: no rows: {gap}")
    return lines


def _to_csv(table: pd.DataFrame, path: Path, header: bool = True) -> None:
    """Every CSV of the export is written here, so all are formatted alike.

    pandas writes a table by formatting every cell and handing the rows to the
    standard library's ``csv.writer`` (minimal quoting, ``"`` doubled). A
    table of integers, booleans, floats and text, as every table of the
    export is, is handed to that same writer here with the values pandas
    would give it (``str`` of each; a float's shortest repr, empty if
    missing): the same bytes, in about half the time pandas' cell formatting
    took for ``kwic.csv``. Other tables (text missing, other types) are
    written by pandas.

    Of a plain table of two columns or more, the rows are joined here rather
    than by the writer (:func:`_csv_rows`), which hands each row to the file
    on its own: the per-document tables have hundreds of thousands of rows,
    and joining them as one string took a quarter less time.
    """
    columns = _plain_columns(table)
    if columns is None:
        table.to_csv(path, index=False, header=header, encoding="utf-8", lineterminator="\n")
        return
    head = [[str(name)] for name in table.columns] if header else None
    text = _csv_rows(columns, head)
    with open(path, "w", encoding="utf-8", newline="") as f:
        if text is not None:
            f.write(text)
            return
        writer = csv.writer(f, lineterminator="\n")
        if head:
            writer.writerow(table.columns)
        writer.writerows(zip(*columns))


# The characters csv.writer (QUOTE_MINIMAL, "\n" line ends) puts a field in
# quotes for: the delimiter, the quote character and the line end.
_CSV_QUOTED = re.compile(r'[,"\n]')


def _csv_rows(columns: list[list[str]], head: list[list[str]] | None) -> str | None:
    """The CSV text ``csv.writer`` would write for these columns (after a header row ``head``), or
    ``None`` where its rules are not the plain ones below: it writes a row of one empty field as
    ``""``, and whether it quotes a carriage return has changed between Python versions."""
    if len(columns) < 2:
        return None
    fields = []
    for values in columns if head is None else (h + values for h, values in zip(head, columns, strict=True)):
        joined = "".join(values)
        if "\r" in joined:
            return None
        if _CSV_QUOTED.search(joined) is not None:
            # Quoted, with each quote character doubled (the writer's doublequote).
            values = ['"' + v.replace('"', '""') + '"' if _CSV_QUOTED.search(v) else v for v in values]
        fields.append(values)
    return "".join(row + "\n" for row in map(",".join, zip(*fields)))


def _plain_columns(table: pd.DataFrame) -> list[list] | None:
    """Each column's values as pandas writes them, if every column holds integers, booleans, floats or strings.

    ``None`` for anything else, including missing text, pandas' nullable
    integer and boolean types, repeated column names and a table without
    columns: pandas writes those.
    """
    if not len(table.columns) or table.columns.has_duplicates:
        return None
    columns = []
    for _, column in table.items():
        if isinstance(column.dtype, np.dtype) and column.dtype.kind in "iub":
            columns.append(list(map(str, column.tolist())))
        elif column.dtype == np.float64:
            # pandas writes numpy's str of each float64, which is Python's
            # shortest repr (tests check this on random bit patterns), and
            # nothing for a missing value.
            columns.append(["" if value != value else repr(value) for value in column.tolist()])
        elif infer_dtype(column, skipna=False) == "string" and not column.isna().any():
            # (A column of pandas' string types says "string" even with missing values.)
            columns.append(column.tolist())
        else:
            return None
    return columns

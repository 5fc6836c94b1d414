"""The pipeline: a corpus loaded and checked, cut into batches, each batch run through the stages.

:func:`load` reads and checks a corpus folder (manifest, speakers, cleaning
rules, frame schemes) and reports every problem at once. :func:`corpus_tables`
runs the stages of one document at a time (read -> clean -> segment ->
sentences and counts -> frames, rhetoric, devices, keyness and the document
rows of the measures; :func:`process_documents`), batch by batch, in worker
processes if asked (:func:`workers`, :func:`run_batches`), and returns every
table the book uses, each sorted by its keys, so the output does not depend
on the number of jobs. :func:`measure_tables` adds what needs the whole
corpus: the speaker (and occasion) rows of every measure, and keyness. The chapters call the
same functions as the export (:mod:`analysis.output.export`), so a number in
the book and a row in the export come from one computation.

Each batch's words are numbered once (:class:`analysis.text.words.Words`)
and handed to every measure of the batch.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from .corpus.cleaning import AUDIT_COLUMNS, Rule, check_rules, clean_text
from .corpus.manifest import COLUMNS, Corpus, CorpusError, Document, check_corpus, read_text
from .corpus.segments import (
    UNATTRIBUTED,
    attribution_rules,
    concat,
    quote_frame,
    repeat_frame,
    segment_document,
    segment_frame,
)
from .corpus.speakers import SpeakerTable, check_speakers
from .corpus.vocabulary import near
from .measures import FAMILIES, devices, frames, keyness, rhetoric, unit_tables
from .stats.bootstrap import DEFAULT_N_BOOT, UNIT_TYPES, is_unit, unit_groups
from .text.counts import LANGUAGE, cmudict_syllables, get_pyphen, sentence_counts
from .text.language import language_warning
from .text.sentences import sentence_table
from .text.tokens import count_words
from .text.words import Words, words_of_rows

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
    "retrieved",
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
    #: The frame schemes to code with (:func:`read_schemes`); empty: the shipped ones.
    schemes: tuple[frames.Scheme, ...] = ()
    #: Warnings that do not stop the analysis: each text that does not look like English
    #: (:func:`analysis.text.language.language_warning`), in the manifest's order.
    warnings: tuple[str, ...] = ()


def load(corpus_dir: Path | str, frame_files: list[Path] | None = None) -> CorpusInputs:
    """Read and validate a corpus folder, its ``speakers.csv`` and ``cleaning.yaml``, and its frame schemes.

    ``frame_files``: scheme files to code frames with instead of the corpus's
    own or the shipped ones (:func:`read_schemes`).

    Every problem of all three is found in one run: the manifest's and every
    readable text's (:func:`analysis.corpus.manifest.check_corpus`), an extra manifest
    column that would clash with a column documents.csv computes, the
    speakers' (:func:`analysis.corpus.speakers.check_speakers`) and the cleaning
    rules' (:func:`analysis.corpus.cleaning.check_rules`, scoped to the rows of the
    manifest that could be read).

    A text that does not look like English is not a problem but a warning
    (:attr:`CorpusInputs.warnings`), found from the same reading of the texts.

    Raises
    ------
    analysis.corpus.manifest.CorpusError
        Listing every problem, in that order.
    """
    warnings: list[str] = []

    def look_at(doc: Document, text: str) -> None:
        warning = language_warning(doc.path, text)
        if warning is not None:
            warnings.append(warning)

    corpus, problems = check_corpus(corpus_dir, on_text=look_at)
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
    return CorpusInputs(corpus, speakers, rules, schemes, tuple(warnings))


def _check_schemes(corpus_dir: Path | str, frame_files: list[Path] | None) -> tuple[tuple[frames.Scheme, ...], list[str]]:
    """The corpus's frame schemes (:func:`read_schemes`) and the problems found in them."""
    try:
        return read_schemes(corpus_dir, frame_files), []
    except CorpusError as err:
        return (), err.problems


def read_schemes(corpus_dir: Path | str, frame_files: list[Path] | None = None) -> tuple[frames.Scheme, ...]:
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
    texts: tuple[str, ...] | None = None,
) -> tuple[dict[str, pd.DataFrame], Words]:
    """:func:`process_documents`, and the batch's :class:`analysis.text.words.Words` (made once, read by every
    measure). ``texts``: the documents' texts as :func:`analysis.corpus.manifest.read_text` read them
    (default: read here)."""
    scheme_list = scheme_list or frames.schemes()
    rows, segments, quotes, audits, repeats = [], [], [], [], []
    for number, doc in enumerate(docs):
        raw = read_text(doc) if texts is None else texts[number]
        cleaned = clean_text(doc, raw, rules)
        segmented = segment_document(doc, cleaned, speakers)
        row = {c: getattr(doc, c) for c in DOCUMENT_COLUMNS if hasattr(doc, c)}
        row["words_raw"] = count_words(raw)
        rows.append(row | doc.extra)
        segments.extend(segmented.segment_rows)
        quotes.extend(segmented.quote_rows)
        repeats.extend(segmented.repeat_rows)
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
        "repeats": repeat_frame(repeats),
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

    :func:`analysis.measures.family.unit_tables` of the three families of
    :data:`analysis.measures.FAMILIES`, the function the chapters' tables call
    too: every unit's stream depends only on the seed and the unit
    (:func:`analysis.stats.bootstrap.unit_seed`), so the resamples are drawn
    once and every family's per-sentence columns are summed with them.

    Parameters
    ----------
    counts, features, coded
        One row per sentence, the same sentences in the same order: from
        :func:`analysis.text.counts.sentence_counts`,
        :func:`analysis.measures.rhetoric.sentence_features` and
        :func:`analysis.measures.frames.code_sentences`.
    unit_type
        ``"speaker"``, ``"occasion"`` or ``"document"``.
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
    tables = {"counts": counts, "features": features, "coded": coded}
    return unit_tables(tables, unit_type, FAMILIES, n_boot, random_state, token_ids, scheme_list)


def unattributed_quotes(quotes: pd.DataFrame) -> int:
    """How many quotations no attribution rule could attribute (their words are no speaker's)."""
    return int((quotes["speaker"] == UNATTRIBUTED).sum())


@dataclass(frozen=True)
class Batch:
    """One batch of documents as handed to a worker, with what processing it needs.

    ``finish`` is called in the worker on the batch's tables, its
    :class:`analysis.text.words.Words` and its ``number``, and gives what goes
    back to the main process (default: the tables). The export's finish writes
    the large tables to disk there and sends back their row counts
    (:func:`analysis.output.export.stream_batch`); it must be picklable (a
    module-level function, or a :func:`functools.partial` of one). ``texts``
    are the documents' texts, read by the main process for workers that may
    not share its disk (:func:`with_texts`); ``None``: the worker reads them.
    """

    number: int
    docs: list[Document]
    inputs: CorpusInputs
    n_boot: int
    random_state: int
    finish: Callable[[dict, Words, int], dict] | None = None
    texts: tuple[str, ...] | None = None


def with_texts(batch: Batch) -> Batch:
    """``batch`` with its documents' texts read (:func:`analysis.corpus.manifest.read_text`), to send to a
    worker on another machine."""
    return dataclasses.replace(batch, texts=tuple(read_text(doc) for doc in batch.docs))


def _process(batch: Batch) -> dict:
    """Run in a worker: :func:`process_documents` on one batch, then its ``finish``."""
    tables, words = _process_documents(batch.docs, batch.inputs.speakers, batch.inputs.rules, batch.n_boot,
                                       batch.random_state, batch.inputs.schemes or None, batch.texts)
    return tables if batch.finish is None else batch.finish(tables, words, batch.number)


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
    "repeats": ["doc_id", "segment_id"],
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
    with workers(jobs) as pool:
        return run_batches(inputs, jobs, pool, progress, n_boot, random_state).tables


@dataclass
class Batches:
    """What :func:`run_batches` gives: the batches' tables joined in order, and each batch's own results.

    ``tables`` holds each table of :data:`SORT_KEYS` the batches sent back,
    concatenated and sorted by its keys; ``results`` the rest of what each
    batch's ``finish`` sent back (row counts, say), in batch order; and
    ``token_ids`` the words of ``tables["counts"]`` as codes of one numbering,
    where the batches sent their words as codes (``token_codes`` and
    ``token_types``) rather than as a ``tokens`` column.
    """

    tables: dict[str, pd.DataFrame]
    results: list[dict]
    token_ids: np.ndarray | None = None


def run_batches(
    inputs: CorpusInputs,
    jobs: int,
    pool: ProcessPoolExecutor | None,
    progress: bool,
    n_boot: int,
    random_state: int,
    finish: Callable[[dict, Words, int], dict] | None = None,
    received: Callable[[dict, int], None] | None = None,
) -> Batches:
    """:func:`corpus_tables` on ``pool``, of ``jobs`` workers (``None``: in this process), each batch's
    tables passed through ``finish`` in its worker (see :class:`Batch`), then through ``received`` in this
    process with the batch's number, batch after batch in order.

    A pool whose ``remote`` attribute is true (:class:`analysis.scheduler.DaskPool`) has workers that may
    not share this disk: the batches are sent with their texts (:func:`with_texts`).
    """
    # Batches in doc_id order: each batch's rows sorted by a table's keys,
    # batch after batch, are the whole table sorted by those keys (the keys
    # start with doc_id), so parts written by the workers can simply be joined.
    docs = sorted(inputs.corpus.documents, key=lambda doc: doc.doc_id)
    batches = [Batch(number, batch, inputs, n_boot, random_state, finish)
               for number, batch in enumerate(_batches(docs, jobs))]
    bar = dict(total=len(docs), unit="doc", disable=not progress, file=sys.stderr, desc="documents")
    results = []
    with tqdm(**bar) as progress_bar:
        if pool is not None and len(batches) > 1:
            sent = map(with_texts, batches) if getattr(pool, "remote", False) else batches
            done = zip(batches, pool.map(_process, sent), strict=True)
        else:
            done = ((batch, _process(batch)) for batch in batches)
        for batch, result in done:
            if received is not None:
                received(result, batch.number)
            results.append(result)
            progress_bar.update(len(batch.docs))
    token_ids = _renumbered_codes(results) if results and "token_codes" in results[0] else None
    tables = {}
    for name, keys in SORT_KEYS.items():
        if results and name not in results[0]:
            continue  # kept by the batches' finish (written to disk)
        columns = list(results[0][name].columns) if results else keys
        table = concat((r.pop(name) for r in results), columns)
        order = table.sort_values(keys, kind="stable").index.to_numpy()
        if name == "counts" and token_ids is not None and len(table):
            token_ids = words_of_rows(token_ids, table["words"].to_numpy(), order)
        tables[name] = table.take(order).reset_index(drop=True)
    return Batches(tables, results, token_ids)


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
def workers(jobs: int) -> Iterator[ProcessPoolExecutor | None]:
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
    with workers(jobs) as pool:
        return joined_measures(speaker_measures(tables, n_boot, random_state, jobs, pool, scheme_list=scheme_list), tables)


def joined_measures(speakers: dict[str, pd.DataFrame], tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The measure tables: the speaker and occasion rows of :func:`speaker_measures`, then the document rows."""
    return {
        "readability": pd.concat([speakers["readability"], tables["readability_documents"]], ignore_index=True),
        "rhetoric": pd.concat([speakers["rhetoric"], tables["rhetoric_documents"]], ignore_index=True),
        "keyness": speakers["keyness"],
        "frames": frames.frames_table_from_units([speakers["frames"], tables["frames_documents"]]),
    }


def speaker_measures(
    tables: dict[str, pd.DataFrame],
    n_boot: int,
    random_state: int,
    jobs: int,
    pool: ProcessPoolExecutor | None,
    meanwhile: Callable[[], None] = lambda: None,
    token_ids: np.ndarray | None = None,
    scheme_list: tuple[frames.Scheme, ...] | None = None,
) -> dict[str, pd.DataFrame]:
    """The speaker rows of ``readability``, ``rhetoric`` and ``frames``, then their occasion rows (a speaker
    of several documents in each of them; :func:`analysis.stats.bootstrap.occasions`), and ``keyness``.

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
    # A group holds whole speakers, so it holds the occasions of its speakers too.
    work = (
        (counts.iloc[g], features.iloc[g], coded.iloc[g], unit_type, n_boot, random_state,
         None if token_ids is None else words_of_rows(token_ids, words, g), scheme_list)
        for g in groups
        for unit_type in SPEAKER_UNIT_TYPES
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
    by_type = {unit_type: parts[i :: len(SPEAKER_UNIT_TYPES)] for i, unit_type in enumerate(SPEAKER_UNIT_TYPES)}
    speakers = {
        name: pd.concat(
            [
                pd.concat(_rows_or_first([part[name] for part in by_type[unit_type]])).sort_values("unit", kind="stable")
                for unit_type in SPEAKER_UNIT_TYPES
            ],
            ignore_index=True,
        )
        for name in ("readability", "rhetoric", "frames")
    }
    return speakers | {"keyness": keyness_table}


def _rows_or_first(parts: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """The parts that have rows, or the first if none has: a group of speakers of one document each has no
    occasions, and its empty table's columns (of no type) would change the types of the others' when joined."""
    full = [part for part in parts if len(part)]
    return full or parts[:1]


#: The unit types made of a speaker's sentences alone, computed by :func:`speaker_measures` (in this order).
SPEAKER_UNIT_TYPES = ("speaker", "occasion")


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


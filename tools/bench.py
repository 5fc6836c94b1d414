"""``make bench``: time the full export on a corpus of a million words or more.

The corpus is the seed corpus varied and repeated: each copy of a seed text
keeps its first paragraph and shuffles the order of the others with a seeded
generator, so copies differ while staying real text (a hard-wrapped text with
no blank-line paragraphs is copied as it is). Copies get their own ``doc_id``,
checksum and manifest row; ``speakers.csv`` is copied and ``cleaning.yaml``
rescoped to the copies, so the corpus is in the documented manifest format and
the export cannot tell it from a real one.

Two things are timed in this run, each in a fresh Python process so that both
pay their start-up and dictionary loading:

1. the full export, ``python -m analysis export --jobs N`` (every table);
2. one ``textstat.flesch_reading_ease`` pass over the same raw texts.

Each is timed ``--repeat`` times (default 3), alternating, and the fastest
of each is reported, as ``timeit`` does: the run least disturbed by whatever
else the machine is doing. It prints words per second for each, the CPU
seconds of the export (all its processes), and the ratio export / textstat.
The project's target is a ratio of at most 2; the benchmark reports, it does
not assert (timings vary with the machine's load).
"""

from __future__ import annotations

import argparse
import compileall
import csv
import hashlib
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.corpus import read_corpus  # noqa: E402
from analysis.tokens import words  # noqa: E402

TEXTSTAT_PASS = """
import sys, textstat
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*.txt")):
    textstat.flesch_reading_ease(path.read_text(encoding="utf-8"))
"""


def vary(text: str, rng: random.Random) -> str:
    """Shuffle a text's blank-line paragraphs after the first; keep a text without them."""
    blocks = text.split("\n\n")
    if len(blocks) < 3:
        return text
    head, rest = blocks[:1], blocks[1:]
    rng.shuffle(rest)
    return "\n\n".join(head + rest)


def build_corpus(seeds: Path, target: Path, min_words: int, random_state: int) -> tuple[int, int]:
    """Write the varied, repeated corpus into ``target``; return (documents, words)."""
    corpus = read_corpus(seeds)
    rng = random.Random(random_state)
    rows, copies_of = [], {d.doc_id: [] for d in corpus.documents}
    total = 0
    copy = 0
    while total < min_words:
        for doc, raw in corpus.texts():
            text = raw if copy == 0 else vary(raw, rng)
            doc_id = f"{doc.doc_id}_c{copy:04d}"
            name = f"{doc_id}.txt"
            data = text.encode("utf-8")
            (target / name).write_bytes(data)
            rows.append([doc_id, name, doc.title, doc.date, doc.genre, doc.author, doc.outlet, "",
                         hashlib.sha256(data).hexdigest(), f"benchmark copy {copy} of {doc.doc_id}"])
            copies_of[doc.doc_id].append(doc_id)
            total += len(words(text))
        copy += 1
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


def timed(command: list[str]) -> tuple[float, float]:
    """Run ``command``; return its wall-clock seconds and the CPU seconds of it and its workers."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=1_000_000, help="minimum corpus size in words")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="export worker processes")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed runs of each, alternating (the fastest of each is reported: the least disturbed"
                             " by whatever else the machine is doing)")
    args = parser.parse_args(argv)
    # Time the package as an installed one is: byte-compiled, like textstat in
    # the virtual environment. (With PYTHONDONTWRITEBYTECODE set, as on some
    # machines, every run would otherwise compile the package again.)
    compileall.compile_dir(ROOT / "analysis", quiet=1)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        corpus_dir = Path(tmp) / "corpus"
        corpus_dir.mkdir()
        n_docs, n_words = build_corpus(ROOT / "seeds", corpus_dir, args.words, random_state=0)
        print(f"corpus: {n_docs} documents, {n_words:,} words (seeds varied and repeated)")
        export_times, textstat_times = [], []
        for run in range(args.repeat):
            out = Path(tmp) / f"out{run}"
            export_times.append(
                timed([sys.executable, "-m", "analysis", "export", "--corpus", str(corpus_dir), "--out", str(out),
                       "--jobs", str(args.jobs), "--quiet"])
            )
            textstat_times.append(timed([sys.executable, "-c", TEXTSTAT_PASS, str(corpus_dir)]))
        (export_s, export_cpu), (textstat_s, _) = min(export_times), min(textstat_times)
        tables = sorted(p.name for p in (Path(tmp) / "out0").glob("*.csv"))
    print(
        f"export ({args.jobs} jobs, tables: {', '.join(tables)}): {export_s:.2f} s, {n_words / export_s:,.0f} words/s"
        f" ({export_cpu:.2f} s of CPU in all processes)"
    )
    print(f"textstat.flesch_reading_ease, one pass: {textstat_s:.2f} s, {n_words / textstat_s:,.0f} words/s")
    print(f"ratio export / textstat pass: {export_s / textstat_s:.2f} (target: at most 2.00)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

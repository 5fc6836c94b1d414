"""Command line: ``python -m analysis COMMAND``.

Commands
--------
``validate``
    Check a corpus folder (manifest, files, encodings, checksums, speakers,
    cleaning rules) and report every problem.
``export``
    Write the corpus's tidy tables as CSV files into a folder, atomically.

A problem with the input is reported as ``error: <file>: <problem>`` lines on
stderr with exit status 2 and nothing written; a traceback means a bug.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .bootstrap import DEFAULT_N_BOOT
from .corpus import CorpusError
from .export import EXPORTED, export, load
from .paths import default_corpus_dir

EXIT_INPUT_ERROR = 2


def _corpus_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        metavar="DIR",
        help="corpus folder holding manifest.csv (default: the book's seeds/ folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description=(
            "Rhetoric, readability and framing of political texts. A corpus is a folder with a "
            "manifest.csv (required columns: doc_id, file, title, date, genre, author; optional: "
            "outlet, url, sha256, notes), the text files it lists (UTF-8 plain text), and optionally "
            "speakers.csv (speakers and aliases) and cleaning.yaml (declared cleaning rules)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check a corpus folder and report every problem", description="Check a corpus folder."
    )
    _corpus_arg(validate)

    tables = ", ".join(f"{name}.csv" for name in EXPORTED)
    exp = commands.add_parser(
        "export",
        help="write the corpus's tables as CSV files",
        description=f"Write the corpus's tidy tables ({tables}) as UTF-8 CSV into OUT. "
        "The folder appears complete or not at all; an existing OUT is replaced only on success.",
    )
    _corpus_arg(exp)
    exp.add_argument("--out", type=Path, required=True, metavar="OUT", help="output folder")
    exp.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="worker processes (default 0: one per core; 1 works in this process; the tables do not depend on it)",
    )
    exp.add_argument(
        "--n-boot",
        type=int,
        default=DEFAULT_N_BOOT,
        metavar="N",
        help=f"bootstrap resamples per speaker and document for every interval (default {DEFAULT_N_BOOT})",
    )
    exp.add_argument(
        "--random-state",
        type=int,
        default=0,
        metavar="SEED",
        help="seed of the bootstrap; the same seed gives the same tables (default 0)",
    )
    exp.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        corpus_dir = args.corpus if args.corpus is not None else default_corpus_dir()
    except FileNotFoundError as err:
        print(f"error: {err}; pass --corpus DIR", file=sys.stderr)
        return EXIT_INPUT_ERROR
    try:
        if args.command == "validate":
            # load() reads and checks every file, the speakers and the cleaning rules;
            # nothing needs to be measured to know the corpus is usable.
            inputs = load(corpus_dir)
            print(
                f"{corpus_dir}: {len(inputs.corpus)} documents, {len(inputs.speakers.aliases)} speaker aliases,"
                f" {len(inputs.rules)} cleaning rules: valid"
            )
        elif args.command == "export":
            if args.jobs < 0 or args.n_boot < 1:
                print("error: --jobs must be 0 (one per core) or more, --n-boot 1 or more", file=sys.stderr)
                return EXIT_INPUT_ERROR
            jobs = args.jobs or os.cpu_count() or 1
            log = None if args.quiet else (lambda line: print(line, file=sys.stderr))
            export(
                corpus_dir,
                args.out,
                jobs=jobs,
                n_boot=args.n_boot,
                random_state=args.random_state,
                progress=not args.quiet and sys.stderr.isatty(),
                log=log,
            )
    except CorpusError as err:
        for problem in err.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    return 0

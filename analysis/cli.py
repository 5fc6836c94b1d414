"""Command line: ``python -m analysis COMMAND``.

Commands
--------
``validate``
    Check a corpus folder (manifest, files, encodings, checksums, speakers,
    cleaning rules) and report every problem.
``export``
    Write the corpus's tidy tables as CSV files into a folder of their own,
    atomically (see :mod:`analysis.output.outdir` for the folders it accepts).
``claims``
    Evaluate the book's claims (``claims.yaml``) against the corpus's tables:
    one line per claim; exit 0 when all hold, 1 when any fails.

The command is ``python -m analysis`` or, installed, ``london-rhetoric``.
Exit status: 0 done; 2 bad input (a problem with the corpus, the output
folder or an option), reported as ``error: <file>: <problem>`` lines on
stderr with nothing written; 1 the export could not be written (a full disk,
say: an ``error:`` line, the previous export left as it was) or, with a
traceback, a bug; 130 interrupted (Ctrl-C), reported as one line, with
nothing left behind. A warning (a text that does not look like English, see
:mod:`analysis.text.language`) is a ``warning: <file>: <what>`` line on stderr
from ``validate`` and in ``export``'s summary; it does not change the status.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .book.claims import CLAIMS_FILE, ClaimError, Evidence, claims_table, evaluate_all, read_claims
from .corpus.manifest import MANIFEST, CorpusError
from .output.export import EXPORTED, export
from .output.outdir import MARKER, OutputFolderError
from .paths import default_corpus_dir, repo_root
from .pipeline import load
from .scheduler import SchedulerError
from .stats.bootstrap import DEFAULT_N_BOOT

EXIT_WRITE_ERROR = 1
EXIT_INPUT_ERROR = 2
#: The shell's status for a command ended by SIGINT (128 + 2).
EXIT_INTERRUPTED = 130

#: The name of the console script (pyproject.toml, ``[project.scripts]``).
SCRIPT = "london-rhetoric"


def _corpus_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        metavar="DIR",
        help="corpus folder holding manifest.csv, or that manifest.csv (default: the book's seeds/ folder)",
    )


def _frames_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--frames",
        type=Path,
        nargs="+",
        default=None,
        metavar="FILE",
        help="frame scheme files (YAML, the format of analysis/data/frames_*.yaml) to code frames with; "
        "default: the corpus's frames/*.yaml if it has any, else the shipped CONTEST and Policy Frames "
        "schemes (written for terrorism and extremism)",
    )


def _corpus_folder(path: Path) -> Path:
    """The corpus folder ``--corpus`` names: the folder itself, or the folder of the ``manifest.csv`` named.

    Raises
    ------
    CorpusError
        If ``path`` does not exist, or is a file other than a ``manifest.csv``.
    """
    if path.is_file():
        if path.name == MANIFEST:
            return path.parent
        raise CorpusError(f"{path}: not a corpus folder; --corpus takes a folder holding {MANIFEST}, or its {MANIFEST}")
    if not path.is_dir():
        raise CorpusError(f"{path}: corpus folder not found")
    return path


def invoked_as() -> str:
    """The command as the user typed it, for the help: the name the program runs under (``sys.argv[0]``),
    or :data:`SCRIPT` when that is a Python file or not known (``python -m analysis`` says so itself)."""
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return name if name and name != "-c" and not name.endswith(".py") else SCRIPT


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; ``prog`` is the command shown in its usage (default :func:`invoked_as`)."""
    parser = argparse.ArgumentParser(
        prog=prog or invoked_as(),
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
    _frames_arg(validate)

    tables = ", ".join(f"{name}.csv" for name in EXPORTED)
    exp = commands.add_parser(
        "export",
        help="write the corpus's tables as CSV files",
        description=f"Write the corpus's tidy tables ({tables}) as UTF-8 CSV into OUT, with a file {MARKER} "
        "listing them. OUT is the export's own folder: a new or empty folder, or one an earlier export wrote "
        "(whose files, as its marker lists them, are replaced; other files in it stay). It may not be, hold or "
        "lie inside the corpus or the book's repository (but for its _build/), nor be or hold the current folder. "
        "OUT holds the whole export or, after an error or Ctrl-C, what it held before.",
    )
    _corpus_arg(exp)
    _frames_arg(exp)
    exp.add_argument(
        "--out", type=Path, required=True, metavar="OUT", help="output folder: new, empty, or an earlier export's"
    )
    exp.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="worker processes (default 0: one per core; 1 works in this process; the tables do not depend on it)",
    )
    exp.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run on a Dask cluster instead of --jobs local processes: a scheduler's address (tcp://host:8786), "
        "or local:N for a cluster of N worker processes here; needs the [dask] extra; the tables are the same",
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

    claims_cmd = commands.add_parser(
        "claims",
        help="evaluate the book's claims against the corpus's tables",
        description="Evaluate every claim of BOOK/claims.yaml against the tables of the corpus, computed afresh "
        "as the export computes them. One line per claim: id, chapter, holds or FAILS, the evidence numbers. "
        "Exit 0 when all hold, 1 when any fails, 2 on bad input.",
    )
    _corpus_arg(claims_cmd)
    claims_cmd.add_argument(
        "--book", type=Path, default=None, metavar="DIR", help="folder holding claims.yaml (default: the book's root)"
    )
    claims_cmd.add_argument("--csv", type=Path, default=None, metavar="FILE", help="also write the results as CSV")
    return parser


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    """Run the command line ``argv`` (default ``sys.argv[1:]``); return the exit status.

    ``prog`` is the command shown in the help (default :func:`invoked_as`).
    """
    try:
        return _run(build_parser(prog).parse_args(argv))
    except KeyboardInterrupt:
        # The export has removed its staging folder and stopped its workers on the way out.
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _run(args: argparse.Namespace) -> int:
    try:
        corpus_dir = _corpus_folder(args.corpus) if args.corpus is not None else default_corpus_dir()
    except FileNotFoundError as err:
        print(f"error: {err}; pass --corpus DIR", file=sys.stderr)
        return EXIT_INPUT_ERROR
    except CorpusError as err:
        for problem in err.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    try:
        if args.command == "validate":
            # load() reads and checks every file, the speakers and the cleaning rules;
            # nothing needs to be measured to know the corpus is usable.
            inputs = load(corpus_dir, args.frames)
            for warning in inputs.warnings:
                print(f"warning: {warning}", file=sys.stderr)
            print(
                f"{corpus_dir}: {len(inputs.corpus)} documents, {len(inputs.speakers.aliases)} speaker aliases,"
                f" {len(inputs.rules)} cleaning rules: valid"
            )
        elif args.command == "export":
            if args.jobs < 0 or args.n_boot < 1:
                print("error: --jobs must be 0 (one per core) or more, --n-boot 1 or more", file=sys.stderr)
                return EXIT_INPUT_ERROR
            if args.scheduler is not None and args.jobs:
                print("error: --jobs and --scheduler exclude each other (the cluster's workers are the jobs)",
                      file=sys.stderr)
                return EXIT_INPUT_ERROR
            jobs = args.jobs or os.cpu_count() or 1
            log = None if args.quiet else (lambda line: print(line, file=sys.stderr))
            try:
                export(
                    corpus_dir,
                    args.out,
                    jobs=jobs,
                    n_boot=args.n_boot,
                    random_state=args.random_state,
                    progress=not args.quiet and sys.stderr.isatty(),
                    log=log,
                    frame_files=args.frames,
                    scheduler=args.scheduler,
                )
            except OSError as err:
                print(f"error: {args.out}: the export could not be written: {err}", file=sys.stderr)
                return EXIT_WRITE_ERROR
        elif args.command == "claims":
            return _claims(args, corpus_dir)
    except (CorpusError, OutputFolderError, SchedulerError) as err:
        for problem in err.problems if isinstance(err, CorpusError) else [str(err)]:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    return 0


def _claims(args: argparse.Namespace, corpus_dir: Path) -> int:
    """The ``claims`` command: evaluate, print one line per claim, optionally write a CSV."""
    book = args.book if args.book is not None else repo_root()
    try:
        claims = read_claims(book / CLAIMS_FILE)
        results = evaluate_all(claims, Evidence.from_corpus(corpus_dir))
    except ClaimError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    for r in results:
        print(f"{r.claim.id}\t{r.claim.chapter}\t{'holds' if r.holds else 'FAILS'}\t{r.evidence()}")
    failed = [r for r in results if not r.holds]
    if args.csv is not None:
        claims_table(results).to_csv(args.csv, index=False, lineterminator="\n")
    print(f"{len(results)} claims: {len(results) - len(failed)} hold, {len(failed)} fail", file=sys.stderr)
    return 1 if failed else 0

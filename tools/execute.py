"""Re-execute the book's stale notebooks in place, so that their stored outputs reproduce.

The book is built with execution switched off (``_config.yml``): what a reader sees is
what is stored in ``chapters/*.ipynb``. This script is what keeps those stored outputs
honest. It runs a notebook again only when something that could change its outputs has
changed, and writes it back byte-for-byte the same when nothing did, so that
``git status`` stays clean after a re-run and a diff of a notebook is a diff of results.

When is a notebook stale?
    Each executed notebook carries ``metadata["reproducibility"]["fingerprint"]``, a
    sha256 over everything its outputs depend on:

    * the source of its code cells, plus the two cell tags that change what execution
      does (``raises-exception``, ``skip-execution``); markdown cells and every other
      piece of metadata are left out, so editing prose never forces a re-run;
    * every file under ``analysis/`` and ``seeds/`` (sorted relative paths and bytes;
      ``__pycache__``, ``*.pyc`` and hidden files are skipped);
    * ``requirements.txt`` and ``constraints.txt`` (the environment the outputs came from);
    * :data:`FINGERPRINT_VERSION`, so a change to this script's normalisation re-runs all.

    The fingerprint is stored inside the notebook (and left out of its own hash), so a
    fresh clone knows its notebooks are current without any cache. A notebook is stale
    when the stored value differs from the computed one, or is missing.

How is it executed?
    With :class:`nbclient.NotebookClient`, ``allow_errors=False``, ``record_timing=False``,
    a per-cell timeout, the kernel's working directory set to the notebook's own folder,
    and the kernel always being ipykernel on *this* interpreter (``sys.executable``),
    whatever kernelspecs a user has installed (see :class:`RunningInterpreterKernelSpecs`).
    Stale notebooks run in parallel, one process each, up to the number of cores.

    The kernel talks to us over ZeroMQ on Unix-domain sockets (``ipc``) rather than TCP on
    127.0.0.1, so execution also works in a sandbox without a network (``unshare -n``,
    where even the loopback interface is down).

What is normalised before writing?
    No ``metadata.execution`` on the notebook or its cells (nor the ``ExecuteTime`` of
    the jupyter-contrib extension); a fixed ``kernelspec``; ``language_info`` as the
    kernel reports it; deterministic ids for cells that lack one (nbformat >= 4.5); the
    nbformat v4 JSON layout (sorted keys, one-space indent) with a trailing newline. The
    file is only rewritten when its bytes change.

Usage::

    python tools/execute.py            # re-execute stale notebooks in chapters/
    python tools/execute.py --force    # re-execute all of them
    python tools/execute.py --check    # list stale notebooks, exit 1 if any; run nothing
    python tools/execute.py chapters/01_corpus.ipynb   # only these notebooks

Exit status: 0 when every notebook is current at the end, 1 if any failed to execute
(the failing notebook and cell are named on stderr; the notebook file is left as it was),
2 for a usage error.

References
----------
Rule, A. et al. (2019). Ten simple rules for writing and sharing computational analyses
in Jupyter Notebooks. PLOS Computational Biology 15(7), e1007007 (rule 10: make the
notebook re-run from top to bottom and share the environment it ran in).
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import nbformat

REPO_ROOT = Path(__file__).resolve().parent.parent

#: Folder (relative to the repository root) whose ``*.ipynb`` files are the book's chapters.
NOTEBOOK_DIR = "chapters"
#: Folders whose every file is an input of every notebook.
INPUT_DIRS = ("analysis", "seeds")
#: Single files that are inputs of every notebook (the pinned environment).
INPUT_FILES = ("requirements.txt", "constraints.txt", "claims.yaml")
#: Folder names never descended into when hashing input folders.
SKIPPED_DIR_NAMES = frozenset({"__pycache__", ".ipynb_checkpoints"})
#: File suffixes never hashed (byte-compiled caches differ between machines).
SKIPPED_SUFFIXES = frozenset({".pyc", ".pyo"})
#: Cell tags that change what execution does, so they are part of the fingerprint.
EXECUTION_TAGS = ("raises-exception", "skip-execution")

#: Bump when the normalisation below changes, so every notebook is re-executed once.
FINGERPRINT_VERSION = 1
#: Where the fingerprint lives: ``nb.metadata[METADATA_KEY]["fingerprint"]``.
METADATA_KEY = "reproducibility"

#: Default time limit for one cell, in seconds.
DEFAULT_CELL_TIMEOUT_S = 600
#: The only kernel this book runs: ipykernel's native kernel on this interpreter.
KERNEL_NAME = "python3"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL_NAME}

#: Set in the kernels' environment unless the caller already set them (``make`` does):
#: a fixed hash seed makes set and dict-of-str orderings, and so outputs, reproducible.
KERNEL_ENVIRONMENT = {"PYTHONHASHSEED": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}

_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


# --------------------------------------------------------------------------- fingerprint


def _update_with_bytes(digest: "hashlib._Hash", label: str, payload: bytes) -> None:
    """Feed ``label`` and ``payload`` to ``digest``, length-prefixed so no two inputs collide."""
    name = label.encode("utf-8")
    digest.update(len(name).to_bytes(8, "big"))
    digest.update(name)
    digest.update(len(payload).to_bytes(8, "big"))
    digest.update(payload)


def _iter_input_files(folder: Path) -> Iterable[Path]:
    """Yield every file under ``folder`` that the notebooks can depend on, sorted."""
    if not folder.is_dir():
        return
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [
            d for d in dirnames if d not in SKIPPED_DIR_NAMES and not d.startswith(".")
        ]
        for filename in filenames:
            if filename.startswith(".") or Path(filename).suffix in SKIPPED_SUFFIXES:
                continue
            found.append(Path(dirpath, filename))
    yield from sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def inputs_digest(root: Path = REPO_ROOT) -> str:
    """Return the sha256 of the inputs shared by every notebook.

    Parameters
    ----------
    root : pathlib.Path
        The repository root.

    Returns
    -------
    str
        Hex digest over every file in :data:`INPUT_DIRS` and every file in
        :data:`INPUT_FILES` (a missing file counts as absent, not as an error).
    """
    digest = hashlib.sha256()
    for folder in INPUT_DIRS:
        for path in _iter_input_files(root / folder):
            _update_with_bytes(digest, path.relative_to(root).as_posix(), path.read_bytes())
    for name in INPUT_FILES:
        path = root / name
        if path.is_file():
            _update_with_bytes(digest, name, path.read_bytes())
        else:
            _update_with_bytes(digest, name + " (absent)", b"")
    return digest.hexdigest()


def notebook_fingerprint(nb: nbformat.NotebookNode, shared_inputs: str) -> str:
    """Return the fingerprint of one notebook given the digest of the shared inputs.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook. Only its code cells' sources and execution tags are read.
    shared_inputs : str
        :func:`inputs_digest` of the repository.

    Returns
    -------
    str
        ``"sha256:<hex>"``.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    >>> a = notebook_fingerprint(nb, "x")
    >>> nb.cells.append(nbformat.v4.new_markdown_cell("Prose does not count."))
    >>> notebook_fingerprint(nb, "x") == a
    True
    """
    digest = hashlib.sha256()
    _update_with_bytes(digest, "fingerprint-version", str(FINGERPRINT_VERSION).encode())
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):  # nbformat joins these on read; be safe on raw dicts
            source = "".join(source)
        tags = cell.get("metadata", {}).get("tags", [])
        execution_tags = ",".join(tag for tag in EXECUTION_TAGS if tag in tags)
        _update_with_bytes(digest, "code", source.encode("utf-8"))
        _update_with_bytes(digest, "tags", execution_tags.encode("utf-8"))
    _update_with_bytes(digest, "shared-inputs", shared_inputs.encode("ascii"))
    return "sha256:" + digest.hexdigest()


def stored_fingerprint(nb: nbformat.NotebookNode) -> str | None:
    """Return the fingerprint stored in the notebook's metadata, or ``None``."""
    record = nb.metadata.get(METADATA_KEY)
    if isinstance(record, dict):
        value = record.get("fingerprint")
        return value if isinstance(value, str) else None
    return None


def is_stale(path: Path, shared_inputs: str) -> bool:
    """Return whether the notebook at ``path`` must be re-executed."""
    nb = nbformat.read(path, as_version=4)
    return stored_fingerprint(nb) != notebook_fingerprint(nb, shared_inputs)


def find_notebooks(root: Path = REPO_ROOT) -> list[Path]:
    """Return the chapter notebooks, sorted, skipping checkpoints and hidden files."""
    folder = root / NOTEBOOK_DIR
    return sorted(
        path
        for path in folder.glob("*.ipynb")
        if path.is_file() and not path.name.startswith(".")
    )


# ----------------------------------------------------------------------- normalisation


def normalise(nb: nbformat.NotebookNode, fingerprint: str) -> nbformat.NotebookNode:
    """Strip what varies between runs of the same notebook and record its fingerprint.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A freshly executed notebook; changed in place.
    fingerprint : str
        The value to store under ``metadata["reproducibility"]["fingerprint"]``.

    Returns
    -------
    nbformat.NotebookNode
        The same object, for chaining.
    """
    nb.metadata.pop("execution", None)
    nb.metadata.pop("papermill", None)
    nb.metadata["kernelspec"] = nbformat.from_dict(dict(KERNELSPEC))
    nb.metadata[METADATA_KEY] = nbformat.from_dict({"fingerprint": fingerprint})
    uses_cell_ids = (nb.nbformat, nb.nbformat_minor) >= (4, 5)
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
        if uses_cell_ids and not cell.get("id"):
            # nbformat would otherwise invent a random id on every write.
            cell["id"] = f"cell-{index:04d}"
    return nb


def serialise(nb: nbformat.NotebookNode) -> str:
    """Return the notebook as nbformat v4 JSON text with a trailing newline."""
    text = nbformat.writes(nb, version=4)
    return text if text.endswith("\n") else text + "\n"


def write_if_changed(path: Path, text: str) -> bool:
    """Atomically replace ``path`` with ``text`` unless it already holds exactly that."""
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return True


# --------------------------------------------------------------------------- execution


def with_unix_socket_transport(base: type) -> type:
    """Return a subclass of the kernel manager class ``base`` that uses ``ipc`` sockets.

    Why: in a sandbox without a network of its own (``unshare -n``) the loopback
    interface is down, so a kernel can bind 127.0.0.1 but nobody can connect to it and
    the client waits until it times out. Unix-domain sockets are files and work there.

    The socket paths must be absolute: jupyter_client's default for ``ipc`` is the
    relative ``kernel-ipc-<n>``, which the kernel (started in the notebook's folder) and
    the client (in ours) would resolve to two different files. Each kernel gets its own
    prefix in the Jupyter runtime folder, so parallel kernels never collide.
    ``conftest.py`` applies the same class to nbval's kernels.
    """
    import uuid

    from jupyter_core.paths import jupyter_runtime_dir
    from traitlets import default

    class UnixSocketKernelManager(base):
        @default("transport")
        def _default_transport(self):
            return "ipc"

        @default("ip")
        def _default_ip(self):
            runtime = Path(jupyter_runtime_dir())
            runtime.mkdir(parents=True, exist_ok=True)
            return str(runtime / f"kernel-{uuid.uuid4()}-ipc")

    UnixSocketKernelManager.__name__ = f"UnixSocket{base.__name__}"
    UnixSocketKernelManager.__qualname__ = UnixSocketKernelManager.__name__
    return UnixSocketKernelManager


def _kernel_manager_class():
    """Build the kernel manager class lazily, so importing this module stays cheap."""
    from ipykernel.kernelspec import RESOURCES, get_kernel_dict
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class RunningInterpreterKernelSpecs(KernelSpecManager):
        """Resolve ``python3`` to ipykernel on ``sys.executable`` and nothing else.

        jupyter_client looks kernelspecs up on a search path that includes the user's
        own folders (``~/.local/share/jupyter/kernels``); a ``python3`` spec there would
        shadow the one in ``.venv`` and run the notebooks on another interpreter. This
        manager ignores the search path altogether (the same approach as nbval's
        ``--nbval-current-env``).
        """

        def get_kernel_spec(self, kernel_name):
            if kernel_name != KERNEL_NAME:
                raise NoSuchKernel(kernel_name)
            return self.kernel_spec_class(resource_dir=RESOURCES, **get_kernel_dict())

        def find_kernel_specs(self):
            return {KERNEL_NAME: RESOURCES}

    class BookKernelManager(with_unix_socket_transport(AsyncKernelManager)):
        """Kernel manager for the book: this interpreter, Unix-domain sockets."""

        @default("kernel_spec_manager")
        def _default_kernel_spec_manager(self):
            return RunningInterpreterKernelSpecs(parent=self)

    return BookKernelManager


@dataclass(frozen=True)
class Outcome:
    """What happened to one notebook."""

    path: str
    ok: bool
    seconds: float
    written: bool = False
    error: str = ""


def _describe_failure(nb: nbformat.NotebookNode, cell_index: int | None, exc: BaseException) -> str:
    """Name the failing cell and quote the first lines of its source and the error."""
    lines = []
    if cell_index is not None and 0 <= cell_index < len(nb.cells):
        cell = nb.cells[cell_index]
        code_number = sum(1 for c in nb.cells[: cell_index + 1] if c.cell_type == "code")
        lines.append(f"cell {cell_index + 1} of {len(nb.cells)} (code cell {code_number}):")
        for source_line in cell.source.splitlines()[:6]:
            lines.append(f"    | {source_line}")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                lines.append(f"{output.get('ename')}: {output.get('evalue')}")
                traceback = _ANSI_ESCAPE.sub("", "\n".join(output.get("traceback", [])))
                lines.extend("    " + line for line in traceback.splitlines()[-15:])
                break
        else:
            message = str(exc).strip().splitlines()
            lines.append(f"{type(exc).__name__}: {message[-1] if message else ''}")
    else:
        lines.append(f"{type(exc).__name__}: {exc}")
    return "\n".join(lines)


def execute_notebook(path: str, fingerprint: str, timeout: int) -> dict:
    """Execute one notebook in place; never raises.

    Parameters
    ----------
    path : str
        The notebook file. Its folder is the kernel's working directory.
    fingerprint : str
        The fingerprint to record when execution succeeds.
    timeout : int
        Time limit for one cell, in seconds.

    Returns
    -------
    dict
        The fields of :class:`Outcome` (a plain dict, so that it crosses the process
        boundary whatever name this module runs under). ``ok`` is False when a cell
        raised, timed out or the kernel died; the file is then left untouched.
    """
    from nbclient import NotebookClient

    start = time.perf_counter()
    notebook_path = Path(path)
    try:
        nb = nbformat.read(notebook_path, as_version=4)
    except Exception as exc:  # noqa: BLE001 - reported like any other failure
        return dict(path=path, ok=False, seconds=0.0, error=f"unreadable notebook: {exc}")
    current = {"index": None}

    def remember_cell(cell, cell_index, **_):
        current["index"] = cell_index

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL_NAME,
        kernel_manager_class=_kernel_manager_class(),
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": str(notebook_path.parent.resolve())}},
        on_cell_execute=remember_cell,
    )
    try:
        client.execute()
    except Exception as exc:  # noqa: BLE001 - every failure is reported, none is fatal here
        return dict(
            path=path,
            ok=False,
            seconds=time.perf_counter() - start,
            error=_describe_failure(nb, current["index"], exc),
        )
    written = write_if_changed(notebook_path, serialise(normalise(nb, fingerprint)))
    return dict(path=path, ok=True, seconds=time.perf_counter() - start, written=written)


def available_cores() -> int:
    """Return the number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def run(
    notebooks: list[Path],
    root: Path = REPO_ROOT,
    force: bool = False,
    timeout: int = DEFAULT_CELL_TIMEOUT_S,
    jobs: int | None = None,
    stream=sys.stderr,
) -> int:
    """Execute the stale (or, with ``force``, all) ``notebooks``; return an exit status."""
    for name, value in KERNEL_ENVIRONMENT.items():
        os.environ.setdefault(name, value)  # kernels inherit this process's environment
    shared = inputs_digest(root)
    todo: list[tuple[Path, str]] = []
    failures: list[Outcome] = []
    for path in notebooks:
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as exc:  # noqa: BLE001 - e.g. a merge conflict left in the JSON
            failures.append(Outcome(str(path), False, 0.0, error=f"unreadable notebook: {exc}"))
            continue
        fingerprint = notebook_fingerprint(nb, shared)
        if force or stored_fingerprint(nb) != fingerprint:
            todo.append((path, fingerprint))
    up_to_date = len(notebooks) - len(todo) - len(failures)

    if todo:
        workers = max(1, min(jobs or available_cores(), len(todo)))
        print(
            f"executing {len(todo)} notebook(s) with {workers} worker(s), "
            f"{timeout} s per cell",
            file=stream,
            flush=True,
        )
        if workers == 1:
            results = (execute_notebook(str(p), fp, timeout) for p, fp in todo)
            pool = None
        else:
            pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("spawn")
            )
            futures = [pool.submit(execute_notebook, str(p), fp, timeout) for p, fp in todo]
            results = (future.result() for future in as_completed(futures))
        try:
            for done, result in enumerate(results, start=1):
                outcome = Outcome(**result)
                name = _display(Path(outcome.path), root)
                if outcome.ok:
                    note = "" if outcome.written else " (outputs unchanged)"
                    print(
                        f"[{done}/{len(todo)}] {name} executed in {outcome.seconds:.1f} s{note}",
                        file=stream,
                        flush=True,
                    )
                else:
                    failures.append(outcome)
                    print(
                        f"[{done}/{len(todo)}] {name} FAILED after {outcome.seconds:.1f} s",
                        file=stream,
                        flush=True,
                    )
        finally:
            if pool is not None:
                pool.shutdown()

    executed = len(notebooks) - up_to_date - len(failures)
    summary = f"executed {executed}, up to date {up_to_date}"
    if failures:
        summary += f", failed {len(failures)}"
    print(summary, file=stream, flush=True)
    for outcome in failures:
        print(
            f"\nerror: {_display(Path(outcome.path), root)} did not execute; "
            f"the file was left unchanged.\n{outcome.error}",
            file=stream,
            flush=True,
        )
    return 1 if failures else 0


def check(notebooks: list[Path], root: Path = REPO_ROOT, stream=sys.stderr) -> int:
    """Report stale notebooks without executing them; return 1 if any is stale."""
    shared = inputs_digest(root)
    stale = []
    for path in notebooks:
        try:
            if is_stale(path, shared):
                stale.append(path)
                print(f"stale: {_display(path, root)}", file=stream)
        except Exception as exc:  # noqa: BLE001 - an unreadable notebook is not current
            stale.append(path)
            print(f"stale: {_display(path, root)} (unreadable: {exc})", file=stream)
    print(f"stale {len(stale)}, up to date {len(notebooks) - len(stale)}", file=stream)
    return 1 if stale else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Re-execute stale chapter notebooks in place, reproducibly."
    )
    parser.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        help=f"notebooks to consider (default: {NOTEBOOK_DIR}/*.ipynb)",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--force", action="store_true", help="re-execute even if up to date")
    mode.add_argument(
        "--check", action="store_true", help="only report stale notebooks (exit 1 if any)"
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=DEFAULT_CELL_TIMEOUT_S,
        help="time limit for one cell, in seconds (default: %(default)s)",
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="parallel notebooks (default: number of cores)"
    )
    args = parser.parse_args(argv)

    notebooks = args.notebooks or find_notebooks(REPO_ROOT)
    missing = [str(p) for p in notebooks if not p.is_file()]
    if missing:
        parser.error("no such notebook: " + ", ".join(missing))
    if args.check:
        return check(notebooks)
    return run(notebooks, force=args.force, timeout=args.timeout, jobs=args.jobs)


if __name__ == "__main__":
    sys.exit(main())

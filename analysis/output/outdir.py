"""The export's output folder: which folders it may write, and how it replaces an earlier export.

The folder an export writes is the export's own. It may be a folder that does
not exist yet, an empty folder, or a folder an earlier export wrote, which is
known by the marker file that export left in it (:data:`MARKER`, listing
exactly the files it wrote). Anything else is refused before any work is done
(:func:`check_out`): a folder holding other files, a file, and any folder that
is, holds or lies inside the corpus, the current working folder or the book's
repository (but for the repository's ``_build/``, its git-ignored build
output).

Replacing an earlier export removes only the files its marker lists; files a
user put beside them stay. The new export is built in a staging folder beside
the output folder and moved in file by file (:meth:`OutputFolder.publish`);
an error or a Ctrl-C during the moves puts every file back as it was, so the
folder holds the whole new export or the whole previous one.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..paths import repo_root

#: The file an export leaves in its folder, listing the files it wrote.
MARKER = ".analysis-export.json"

#: The repository's folder of build output (git-ignored), where an export may go.
BUILD_FOLDER = "_build"


class OutputFolderError(ValueError):
    """The output folder cannot be the export's; ``str()`` is ``"<folder>: <why>"``."""

    def __init__(self, path: Path | str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = Path(path)
        self.problem = problem


def book_repository() -> Path | None:
    """The repository the package sits in (:func:`analysis.paths.repo_root` of its own folder), or ``None``."""
    try:
        return repo_root(Path(__file__).parent)
    except FileNotFoundError:
        return None


@dataclass(frozen=True)
class OutputFolder:
    """A checked output folder (from :func:`check_out`).

    Attributes
    ----------
    path
        The folder, absolute, symbolic links and ``..`` resolved.
    previous
        The files an earlier export wrote there (from its marker), or ``None``
        if the folder is new or empty.
    """

    path: Path
    previous: tuple[str, ...] | None

    def make_staging(self) -> Path:
        """A new, empty staging folder beside :attr:`path` (inside it if that is a mount point).

        The parent folders of :attr:`path` are made if missing. Remove it with
        :func:`remove_staging` once done.
        """
        parent = self.path.parent
        if self.path.is_dir() and os.stat(self.path).st_dev != os.stat(parent).st_dev:
            # Files move in by renaming, which works within one file system only.
            parent = self.path
        parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.staging.", dir=parent))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(folder, 0o777 & ~umask)  # mkdtemp makes it private; the export is not
        return folder

    def publish(self, staging: Path, files: Iterable[str]) -> None:
        """Move ``files`` (names in ``staging``) into the folder, with a marker listing them.

        Replaces the previous export: its files (as its marker lists them) are
        removed, every other file stays. If the folder does not exist, the
        staging folder becomes it, at once. Otherwise the files move one by
        one, the files they replace put aside in a folder beside ``staging``,
        and Ctrl-C held back meanwhile (:func:`sigint_deferred`); on any error
        every move is undone and the error raised. ``staging`` is then left
        holding what it held, for the caller to remove.

        Raises
        ------
        OutputFolderError
            If a move cannot be undone; the message names the folder the
            previous export's files were put aside in, which is kept.
        """
        files = sorted(files)
        marker = {"written_by": "analysis export", "version": __version__, "files": files}
        (staging / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
        if not self.path.exists():
            os.replace(staging, self.path)
            return
        with sigint_deferred():
            moves = _Moves(Path(tempfile.mkdtemp(prefix=f".{self.path.name}.replaced.", dir=staging.parent)))
            try:
                for name in files:
                    moves.move(staging / name, self.path / name)
                for name in self.previous or ():
                    if name not in files and os.path.lexists(self.path / name):
                        moves.move(self.path / name, None)
                # The marker last: until it is replaced, the old one lists every
                # file a crash between moves could leave (the tables' names do
                # not change between versions).
                moves.move(staging / MARKER, self.path / MARKER)
                moves.done.clear()  # the moves stand: nothing to undo
            except BaseException as err:
                try:
                    moves.undo()
                except BaseException as undo_err:
                    raise OutputFolderError(
                        self.path, f"could not restore the previous export after {err!r}; its files are in {moves.backup}"
                    ) from undo_err
                raise
            finally:
                if not moves.done:  # all done and committed, or all undone
                    shutil.rmtree(moves.backup, ignore_errors=True)


class _Moves:
    """Renames, each recorded so all can be undone; what a move displaces goes to ``backup``."""

    def __init__(self, backup: Path):
        self.backup = backup
        self.done: list[tuple[Path, Path]] = []

    def _rename(self, source: Path, target: Path) -> None:
        os.replace(source, target)
        self.done.append((source, target))

    def move(self, source: Path, target: Path | None) -> None:
        """Move ``source`` to ``target``, first putting an existing ``target`` aside (``None``: only put aside)."""
        aside = target if target is not None else source
        if os.path.lexists(aside):
            self._rename(aside, self.backup / aside.name)
        if target is not None:
            self._rename(source, target)

    def undo(self) -> None:
        while self.done:
            source, target = self.done[-1]
            os.replace(target, source)
            self.done.pop()


def remove_staging(staging: Path) -> None:
    """Remove a staging folder (from :meth:`OutputFolder.make_staging`) and what it holds, Ctrl-C held back."""
    with sigint_deferred():
        shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def sigint_deferred() -> Iterator[None]:
    """Hold back SIGINT (Ctrl-C) until the block ends, then act on it as its handler would have.

    With the default handler a Ctrl-C pressed meanwhile raises
    :class:`KeyboardInterrupt` when the block ends, not in the middle of it.
    Python runs signal handlers in the main thread only, so a block in
    another thread is not interrupted anyway. (Blocking the signal with
    ``pthread_sigmask`` would not do: it holds for one thread, and the signal
    goes to any other, such as a progress bar's monitor.)
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(frame))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received and callable(previous):
            previous(signal.SIGINT, received[-1])
        elif received and previous == signal.SIG_DFL:
            os.kill(os.getpid(), signal.SIGINT)


def check_out(out: Path | str, corpus_dir: Path | str, files: Iterable[str]) -> OutputFolder:
    """Check that ``out`` may be the folder of an export of ``corpus_dir`` writing ``files``.

    Parameters
    ----------
    out
        The output folder.
    corpus_dir
        The corpus folder read.
    files
        The names of the files the export writes in ``out``.

    Returns
    -------
    OutputFolder

    Raises
    ------
    OutputFolderError
        If ``out`` is, holds or lies inside the corpus folder; is or holds the
        current working folder; is, holds or lies inside the book's repository
        (:func:`book_repository`), unless it lies inside its ``_build/``
        folder; exists but is not a folder; is a folder neither empty nor
        written by an export (no :data:`MARKER`); holds a marker that is
        malformed or lists a file outside the folder, or a folder; or holds a
        file of the same name as one of ``files`` that its marker does not
        list.
    """
    try:
        path = Path(out).resolve()
    except (OSError, RuntimeError) as err:  # a loop of symbolic links, say
        raise OutputFolderError(out, f"cannot be resolved ({err})") from None
    _refuse_overlap(out, path, Path(corpus_dir).resolve(), "the corpus folder")
    cwd = Path.cwd().resolve()
    if cwd.is_relative_to(path):
        where = "is" if cwd == path else "holds"
        raise OutputFolderError(out, f"{where} the current folder; name a folder of the export's own")
    repo = book_repository()
    if repo is not None:
        build = (repo / BUILD_FOLDER).resolve()
        if path == build or not path.is_relative_to(build):
            _refuse_overlap(out, path, repo, "the book's repository", f"; an export may go under {build}")
    if not path.exists():
        if os.path.lexists(out):
            raise OutputFolderError(out, "is a symbolic link to nothing")
        return OutputFolder(path, None)
    if not path.is_dir():
        raise OutputFolderError(out, "is a file, not a folder")
    try:
        present = {entry.name for entry in path.iterdir()}
    except OSError as err:
        raise OutputFolderError(out, f"cannot be read ({err.strerror})") from None
    if not present:
        return OutputFolder(path, None)
    if MARKER not in present:
        raise OutputFolderError(
            out, f"is not empty and no export wrote it (it has no {MARKER}); name a new or empty folder"
        )
    previous = _read_marker(out, path / MARKER)
    for name in previous:
        if (path / name).is_dir() and not (path / name).is_symlink():
            raise OutputFolderError(out, f"{MARKER} lists {name}, which is a folder; not replacing it")
    for name in sorted(set(files) - set(previous)):
        if name in present:
            raise OutputFolderError(out, f"holds {name}, which the earlier export did not write; not replacing it")
    return OutputFolder(path, previous)


def _refuse_overlap(out: Path | str, path: Path, other: Path, what: str, hint: str = "") -> None:
    """Refuse ``path`` (given as ``out``) if it is, holds or lies inside ``other``, ``what`` it is."""
    for where, overlaps in (("is", path == other), ("holds", other.is_relative_to(path)),
                            ("lies inside", path.is_relative_to(other))):
        if overlaps:
            raise OutputFolderError(out, f"{where} {what} {other}{hint}")


def _read_marker(out: Path | str, marker: Path) -> tuple[str, ...]:
    """The file names an export's marker lists; refused if it is not what :meth:`OutputFolder.publish` writes."""
    try:
        content = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise OutputFolderError(out, f"{MARKER} is malformed ({err}); not replacing the folder") from None
    files = content.get("files") if isinstance(content, dict) else None
    if not isinstance(files, list) or not all(isinstance(name, str) for name in files):
        raise OutputFolderError(out, f"{MARKER} is malformed (no list of file names); not replacing the folder")
    for name in files:
        # The export writes plain file names: anything else would name a file elsewhere.
        if name in ("", ".", "..", MARKER) or "/" in name or "\\" in name or "\0" in name:
            raise OutputFolderError(out, f"{MARKER} lists {name!r}, not a file in the folder; not replacing the folder")
    return tuple(files)

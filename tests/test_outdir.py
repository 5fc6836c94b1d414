"""The export's output folder is its own: what it may write, and what replacing an earlier export removes."""

import json
import os
import shutil
import signal
from pathlib import Path

import pytest

from analysis import __version__, pipeline
from analysis.output import outdir
from analysis.cli import main
from analysis.output.export import export, written_files
from analysis.output.outdir import MARKER, OutputFolderError, check_out

from .seed_corpus import SEEDS

TABLES = sorted(written_files())
N_BOOT = 20  # the tables' numbers do not matter here; fewer resamples, quicker exports


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (its path relative to it) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path):
    """A user's project folder: a copy of the seed corpus in ``corpus/`` beside a thesis."""
    shutil.copytree(SEEDS, tmp_path / "project" / "corpus")
    (tmp_path / "project" / "thesis.docx").write_bytes(b"PK\x03\x04 four years of work")
    return tmp_path / "project"


@pytest.fixture
def no_work(monkeypatch):
    """Fail the test if the export starts reading the corpus: a refusal must come before any work."""

    def load(corpus_dir):
        raise AssertionError("the export read the corpus before refusing its output folder")

    monkeypatch.setattr(pipeline, "load", load)


def refused(capsys, corpus: Path, out: Path | str, *words: str) -> None:
    """``export --corpus corpus --out out`` exits 2 with one ``error: <out>: ...`` line holding ``words``."""
    assert main(["export", "--corpus", str(corpus), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {out}: ") and err.count("\n") == 1, err
    for word in words:
        assert word in err, err


def test_out_that_is_the_corpus_is_refused(project, capsys, no_work):
    before = snapshot(project)
    refused(capsys, project / "corpus", project / "corpus", "is the corpus folder")
    assert snapshot(project) == before


def test_out_holding_the_corpus_is_refused_and_the_thesis_stays(project, capsys, no_work):
    before = snapshot(project)
    refused(capsys, project / "corpus", project, "holds the corpus folder")
    assert snapshot(project) == before


def test_out_inside_the_corpus_is_refused(project, capsys, no_work):
    before = snapshot(project)
    refused(capsys, project / "corpus", project / "corpus" / "tables", "lies inside the corpus folder")
    assert snapshot(project) == before
    assert not (project / "corpus" / "tables").exists()


def test_out_is_compared_after_resolving_symbolic_links_and_dot_dot(project, capsys, no_work):
    (project / "link").symlink_to(project / "corpus")
    before = snapshot(project)
    refused(capsys, project / "corpus", project / "link", "is the corpus folder")
    refused(capsys, project / "corpus", project / "corpus" / ".." / "corpus", "is the corpus folder")
    refused(capsys, project / "link" / "manifest.csv", project / "corpus", "is the corpus folder")
    assert snapshot(project) == before


@pytest.mark.parametrize("out", [".", ".."])
def test_out_that_is_or_holds_the_current_folder_is_refused(tmp_path, capsys, monkeypatch, no_work, out):
    work = tmp_path / "work"
    work.mkdir()
    (work / "notes.txt").write_text("mine\n")
    monkeypatch.chdir(work)
    before = snapshot(tmp_path)
    refused(capsys, SEEDS, out, "the current folder")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("where", ["root", "inside"])
def test_out_in_the_books_repository_is_refused(project, capsys, monkeypatch, no_work, where):
    repo = outdir.book_repository()
    assert repo is not None and (repo / "_config.yml").is_file()
    monkeypatch.chdir(project)
    out = repo if where == "root" else repo / "tables-from-the-export"
    top = {p.name: p.read_bytes() for p in repo.iterdir() if p.is_file()}
    before = snapshot(repo / "seeds")
    refused(capsys, project / "corpus", out, "the book's repository", "_build")
    assert out.exists() == (where == "root")
    assert {p.name: p.read_bytes() for p in repo.iterdir() if p.is_file()} == top
    assert snapshot(repo / "seeds") == before


def test_out_under_the_repositorys_build_folder_is_allowed(tmp_path, capsys, monkeypatch):
    repo = tmp_path / "book"
    (repo / "_build").mkdir(parents=True)
    (repo / "_config.yml").write_text("title: a book\n")
    monkeypatch.setattr(outdir, "book_repository", lambda: repo)
    refused(capsys, SEEDS, repo / "data", "lies inside the book's repository")
    refused(capsys, SEEDS, repo / "_build", "lies inside the book's repository")
    export(SEEDS, repo / "_build" / "html" / "data", n_boot=N_BOOT)
    assert sorted(p.name for p in (repo / "_build" / "html" / "data").iterdir()) == sorted([MARKER, *TABLES])


def test_folder_holding_other_files_is_refused(project, capsys, no_work):
    (project / "corpus").rename(project.parent / "corpus")
    before = snapshot(project)
    refused(capsys, project.parent / "corpus", project, "not empty", MARKER)
    assert snapshot(project) == before


def test_out_that_is_a_file_is_refused(project, capsys, no_work):
    before = snapshot(project)
    refused(capsys, project / "corpus", project / "thesis.docx", "is a file")
    assert snapshot(project) == before


def test_out_that_is_a_broken_link_is_refused(tmp_path, capsys, no_work):
    (tmp_path / "out").symlink_to(tmp_path / "nowhere")
    refused(capsys, SEEDS, tmp_path / "out", "symbolic link to nothing")
    assert not (tmp_path / "nowhere").exists()


def test_out_that_is_a_loop_of_links_is_refused(tmp_path, capsys, no_work):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    refused(capsys, SEEDS, tmp_path / "a", "cannot be resolved")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]


def test_an_empty_folder_is_accepted(tmp_path):
    (tmp_path / "out").mkdir()
    export(SEEDS, tmp_path / "out", n_boot=N_BOOT)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([MARKER, *TABLES])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder left


def test_exporting_twice_replaces_only_what_the_export_wrote(tmp_path):
    out = tmp_path / "out"
    export(SEEDS, out, n_boot=N_BOOT)
    marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    assert marker["files"] == TABLES and marker["version"] == __version__
    (out / "notes.txt").write_text("what I make of these tables\n", encoding="utf-8")
    (out / "documents.csv").write_text("an old table\n", encoding="utf-8")
    before = snapshot(out)
    export(SEEDS, out, n_boot=N_BOOT)
    after = snapshot(out)
    assert after["notes.txt"] == before["notes.txt"]
    assert after["documents.csv"] != b"an old table\n"
    assert sorted(after) == sorted([MARKER, "notes.txt", *TABLES])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_replacing_removes_files_the_earlier_export_wrote_and_this_one_does_not(tmp_path):
    out = tmp_path / "out"
    export(SEEDS, out, n_boot=N_BOOT)
    (out / "old_table.csv").write_text("a table an earlier version wrote\n")
    (out / MARKER).write_text(json.dumps({"version": "0.0.1", "files": [*TABLES, "old_table.csv"]}))
    export(SEEDS, out, n_boot=N_BOOT)
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, *TABLES])


@pytest.mark.parametrize(
    "marker",
    [
        "not json",
        json.dumps(["documents.csv"]),
        json.dumps({"version": "0.1.0"}),
        json.dumps({"files": "documents.csv"}),
        json.dumps({"files": [1]}),
        json.dumps({"files": ["../thesis.docx"]}),
        json.dumps({"files": ["/etc/hostname"]}),
        json.dumps({"files": [".."]}),
        json.dumps({"files": ["sub/table.csv"]}),
        json.dumps({"files": [MARKER]}),
    ],
)
def test_a_malformed_marker_or_one_listing_files_outside_the_folder_is_refused(project, capsys, no_work, marker):
    out = project / "tables"
    out.mkdir()
    (out / MARKER).write_text(marker, encoding="utf-8")
    (out / "documents.csv").write_text("a table\n")
    (out / "sub").mkdir()
    (out / "sub" / "table.csv").write_text("a user's table\n")
    before = snapshot(project)
    refused(capsys, project / "corpus", out, MARKER)
    assert snapshot(project) == before


def test_a_marker_listing_a_folder_is_refused(project, capsys, no_work):
    out = project / "tables"
    (out / "mine").mkdir(parents=True)
    (out / "mine" / "draft.txt").write_text("a user's draft\n")
    (out / MARKER).write_text(json.dumps({"files": ["mine"]}))
    before = snapshot(project)
    refused(capsys, project / "corpus", out, "mine", "is a folder")
    assert snapshot(project) == before


def test_a_file_named_as_a_table_the_earlier_export_did_not_write_is_refused(project, capsys, no_work):
    out = project / "tables"
    out.mkdir()
    (out / MARKER).write_text(json.dumps({"files": ["documents.csv"]}))
    (out / "kwic.csv").write_text("a user's own kwic\n")
    before = snapshot(project)
    refused(capsys, project / "corpus", out, "kwic.csv", "did not write")
    assert snapshot(project) == before


def test_the_api_raises_output_folder_error(project, no_work):
    with pytest.raises(OutputFolderError, match="holds the corpus folder") as info:
        export(project / "corpus", project)
    assert info.value.path == project


# The swap, on folders of a few small files: a previous export with a user's note, and a staged new one.


def previous_export(out: Path) -> outdir.OutputFolder:
    out.mkdir()
    for name in ("a.csv", "b.csv", "old.csv"):
        (out / name).write_text(f"old {name}\n")
    (out / "notes.txt").write_text("mine\n")
    (out / MARKER).write_text(json.dumps({"version": "0.0.1", "files": ["a.csv", "b.csv", "old.csv"]}))
    return check_out(out, SEEDS, ["a.csv", "b.csv", "c.csv"])


def staged(target: outdir.OutputFolder) -> Path:
    staging = target.make_staging()
    for name in ("a.csv", "b.csv", "c.csv"):
        (staging / name).write_text(f"new {name}\n")
    return staging


def publish(target: outdir.OutputFolder) -> None:
    staging = staged(target)
    try:
        target.publish(staging, ["a.csv", "b.csv", "c.csv"])
    finally:
        outdir.remove_staging(staging)


def replace_failing_at(monkeypatch, k: int, error: BaseException) -> list:
    """Make the ``k``-th call of ``os.replace`` raise ``error`` instead of renaming; return the list of calls."""
    calls = []
    real = os.replace

    def replace(source, target):
        calls.append((source, target))
        if len(calls) == k:
            raise error
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    return calls


# Moves: a, b (each: the old aside, the new in), c, then old.csv aside, then the marker (old aside, new in).
SWAP_STEPS = 2 + 2 + 1 + 1 + 2


def test_swap_moves_the_new_files_in_and_removes_only_the_old_export(tmp_path, monkeypatch):
    target = previous_export(tmp_path / "out")
    calls = replace_failing_at(monkeypatch, 0, KeyboardInterrupt())
    publish(target)
    assert len(calls) == SWAP_STEPS
    after = snapshot(tmp_path)
    assert after == {
        "out/a.csv": b"new a.csv\n",
        "out/b.csv": b"new b.csv\n",
        "out/c.csv": b"new c.csv\n",
        "out/notes.txt": b"mine\n",
        f"out/{MARKER}": after[f"out/{MARKER}"],
    }
    assert json.loads(after[f"out/{MARKER}"])["files"] == ["a.csv", "b.csv", "c.csv"]


@pytest.mark.parametrize("error", [KeyboardInterrupt(), OSError("disk full")], ids=["ctrl-c", "oserror"])
def test_an_interrupted_swap_restores_the_previous_export_at_every_step(tmp_path, monkeypatch, error):
    for k in range(1, SWAP_STEPS + 1):
        out = tmp_path / f"out{k}"
        target = previous_export(out)
        before = snapshot(out)
        calls = replace_failing_at(monkeypatch, k, error)
        with pytest.raises(type(error)):
            publish(target)
        monkeypatch.undo()
        assert len(calls) >= k
        assert snapshot(out) == before, k
        assert sorted(p.name for p in tmp_path.iterdir()) == [f"out{i}" for i in range(1, k + 1)], k


def test_ctrl_c_during_the_swap_waits_for_its_end(tmp_path, monkeypatch):
    """A real SIGINT is held back while files move: the new export is whole, then the interrupt is raised."""
    target = previous_export(tmp_path / "out")
    real = os.replace

    def replace(source, target):
        os.kill(os.getpid(), signal.SIGINT)
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        publish(target)
    monkeypatch.undo()
    assert (tmp_path / "out" / "c.csv").read_text() == "new c.csv\n"
    assert not (tmp_path / "out" / "old.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_new_folder_appears_whole_or_not_at_all(tmp_path, monkeypatch):
    target = check_out(tmp_path / "out", SEEDS, ["a.csv", "b.csv", "c.csv"])
    replace_failing_at(monkeypatch, 1, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        publish(target)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []
    publish(target)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([MARKER, "a.csv", "b.csv", "c.csv"])


@pytest.mark.parametrize("k", [1, 11, 22])
def test_ctrl_c_while_the_export_swaps_leaves_the_previous_export_and_no_staging(tmp_path, monkeypatch, capsys, k):
    out = tmp_path / "out"
    export(SEEDS, out, n_boot=N_BOOT)
    (out / "notes.txt").write_text("mine\n")
    before = snapshot(out)
    # 22 moves: each of the ten tables and the marker put aside, then moved in.
    calls = []
    real_publish = outdir.OutputFolder.publish

    def publish(self, staging, files):
        with monkeypatch.context() as during:
            calls.append(replace_failing_at(during, k, KeyboardInterrupt()))
            real_publish(self, staging, files)

    monkeypatch.setattr(outdir.OutputFolder, "publish", publish)
    assert main(["export", "--corpus", str(SEEDS), "--out", str(out), "--quiet", "--n-boot", str(N_BOOT)]) == 130
    assert capsys.readouterr().err == "interrupted\n"
    assert len(calls[0]) >= k
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_swap_that_cannot_be_undone_says_where_the_previous_files_are(tmp_path, monkeypatch):
    target = previous_export(tmp_path / "out")
    before = snapshot(tmp_path / "out")
    calls = []
    real = os.replace

    def replace(source, target):
        calls.append(source)
        if len(calls) == 3:
            raise OSError("disk gone")  # putting the old b.csv aside
        if len(calls) == 4:
            raise OSError("still gone")  # undoing: moving the new a.csv back
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputFolderError, match="could not restore the previous export") as info:
        publish(target)
    monkeypatch.undo()
    (backup,) = tmp_path.glob(".out.replaced.*")
    assert str(backup) in str(info.value)
    now, aside = snapshot(tmp_path / "out"), snapshot(backup)
    for name, content in before.items():  # each previous file, in its folder or put aside
        assert content in (now.get(name), aside.get(name)), name

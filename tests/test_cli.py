"""The command line: its name in the help, what --corpus accepts, and Ctrl-C."""

import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import cli
from analysis.output import export as export_module
from analysis.cli import main

from .seed_corpus import SEEDS

N_BOOT = 20


def help_usage(command: list[str]) -> str:
    result = subprocess.run([*command, "--help"], capture_output=True, text=True, check=True, cwd=SEEDS.parent)
    return result.stdout.splitlines()[0]


def test_python_dash_m_help_names_python_dash_m_analysis():
    assert help_usage([sys.executable, "-m", "analysis"]).startswith("usage: python -m analysis ")


def test_console_script_help_names_london_rhetoric():
    script = Path(sys.executable).parent / cli.SCRIPT
    if not script.exists():
        pytest.skip(f"{cli.SCRIPT} is not installed beside {sys.executable}")
    assert help_usage([str(script)]).startswith(f"usage: {cli.SCRIPT} ")


@pytest.mark.parametrize(
    ("argv0", "prog"),
    [("/venv/bin/london-rhetoric", "london-rhetoric"), ("/repo/analysis/__main__.py", cli.SCRIPT), ("", cli.SCRIPT)],
)
def test_the_help_names_the_command_as_invoked(monkeypatch, argv0, prog):
    monkeypatch.setattr(sys, "argv", [argv0])
    assert cli.invoked_as() == prog
    assert cli.build_parser().format_usage().startswith(f"usage: {prog} ")


def test_corpus_may_be_named_by_its_manifest(tmp_path, capsys):
    assert main(["validate", "--corpus", str(SEEDS / "manifest.csv")]) == 0
    assert "valid" in capsys.readouterr().out
    out = tmp_path / "out"
    assert main(["export", "--corpus", str(SEEDS / "manifest.csv"), "--out", str(out), "--quiet",
                 "--n-boot", str(N_BOOT)]) == 0
    assert (out / "documents.csv").read_text(encoding="utf-8").count("\n") == 6


@pytest.mark.parametrize("command", ["validate", "export"])
def test_a_missing_corpus_is_named(tmp_path, capsys, command):
    missing = tmp_path / "no-such-corpus"
    extra = ["--out", str(tmp_path / "out")] if command == "export" else []
    assert main([command, "--corpus", str(missing), *extra]) == 2
    assert capsys.readouterr().err == f"error: {missing}: corpus folder not found\n"
    assert sorted(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["validate", "export"])
def test_a_corpus_file_other_than_a_manifest_says_what_was_expected(tmp_path, capsys, command):
    thesis = tmp_path / "thesis.docx"
    thesis.write_bytes(b"PK")
    extra = ["--out", str(tmp_path / "out")] if command == "export" else []
    assert main([command, "--corpus", str(thesis), *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {thesis}: not a corpus folder") and "manifest.csv" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.docx"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_during_the_export_ends_with_one_line_and_leaves_nothing(tmp_path, capsys, monkeypatch, jobs):
    out = tmp_path / "out"
    export_module.export(SEEDS, out, n_boot=N_BOOT)
    (out / "notes.txt").write_text("mine\n")
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    # Keyness runs in the main process while the workers bootstrap the speakers.
    monkeypatch.setattr(export_module.keyness, "textstat_keyness", interrupted)
    argv = ["export", "--corpus", str(SEEDS), "--out", str(out), "--jobs", str(jobs), "--n-boot", str(N_BOOT)]
    assert main(argv) == 130
    assert capsys.readouterr().err == "interrupted\n"
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert multiprocessing.active_children() == []


def test_ctrl_c_during_validate_ends_with_one_line(capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "load", interrupted)
    assert main(["validate", "--corpus", str(SEEDS)]) == 130
    assert capsys.readouterr().err == "interrupted\n"


def test_a_write_error_is_one_error_line_with_status_1_and_the_previous_export_kept(tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    export_module.export(SEEDS, out, n_boot=N_BOOT)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module, "_join_parts", full)
    assert main(["export", "--corpus", str(SEEDS), "--out", str(out), "--quiet", "--n-boot", str(N_BOOT)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {out}: the export could not be written") and "No space left" in err
    assert err.count("\n") == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_help_of_export_states_the_rules_for_out(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for words in (".analysis-export.json", "new or empty folder", "other files in it stay", "_build/"):
        assert words in text

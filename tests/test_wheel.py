"""Specification of the package as a wheel: it installs on its own, with its data, and its command works.

``make bootstrap`` downloads the wheels of the package's declared dependencies
(pyproject.toml, at the versions constraints.txt pins) into
``.venv/wheelhouse``; the test builds the package's wheel, installs it into a
fresh virtual environment from that folder only (no index, no network), and
runs the installed ``london-rhetoric export`` on the seeds. A dependency the
package uses but does not declare fails here, as it would for a user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from analysis import export
from analysis.paths import DATA_DIR

ROOT = Path(__file__).resolve().parents[1]
WHEELHOUSE = ROOT / ".venv" / "wheelhouse"

needs_wheelhouse = pytest.mark.skipif(
    not WHEELHOUSE.is_dir() and not os.environ.get("CI"),
    reason="no .venv/wheelhouse: make bootstrap downloads it (CI must have it)",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # Built from a copy, so the build leaves nothing in the repository.
    source = tmp_path_factory.mktemp("source")
    shutil.copytree(ROOT / "analysis", source / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(dist), str(source)], check=True, capture_output=True)
    (found,) = dist.glob("*.whl")
    return found


def test_the_wheel_holds_every_subpackage_and_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = sorted(p.parent.relative_to(ROOT).as_posix() for p in (ROOT / "analysis").rglob("__init__.py"))
    assert {f"{package}/__init__.py" for package in packages} <= names
    data = {f"analysis/data/{p.name}" for p in DATA_DIR.iterdir() if p.is_file()}
    assert data and data <= names


@needs_wheelhouse
def test_the_wheel_installs_alone_and_its_command_exports_the_seeds(wheel, tmp_path):
    assert WHEELHOUSE.is_dir(), "CI must have .venv/wheelhouse (make bootstrap makes it)"
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV"))}
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-index", "--find-links", str(WHEELHOUSE),
                    str(wheel)], check=True, capture_output=True, env=clean)
    out = tmp_path / "out"
    run = subprocess.run([str(env_dir / "bin" / "london-rhetoric"), "export", "--corpus", str(ROOT / "seeds"),
                          "--out", str(out), "--quiet"], cwd=tmp_path, capture_output=True, text=True, env=clean)
    assert run.returncode == 0, run.stderr
    reference = tmp_path / "reference"
    written = export(ROOT / "seeds", reference)
    for path in written:
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name

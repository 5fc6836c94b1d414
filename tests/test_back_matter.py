"""The back matter's generated parts (_ext/back_matter.py): reproducibility, glossary of measures, data availability.

The directives are built here on a small Sphinx project of three Markdown pages
and a copy of the seeds, so these run with the unit tests, without the book;
tests/test_built_book.py checks the built book's pages.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import sys
from pathlib import Path

import pytest

from analysis import DEFAULT_N_BOOT
from analysis import export

from .seed_corpus import SEEDS

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "_ext"))
import back_matter  # noqa: E402

MEASURE_TABLES = ["readability", "rhetoric", "frames", "keyness", "devices"]
# Columns of the measure tables that say which unit, term or instance a row is, or how much
# text it rests on: everything else is a measure and must be in the glossary.
NOT_MEASURES = {
    "unit_type", "unit", "words", "sentences", "caution", "feature", "frame", "target", "term",
    "count_target", "count_reference", "doc_id", "speaker", "sentence_id", "pattern", "text",
}


@pytest.fixture(scope="module")
def seeds_export(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "out"
    export(SEEDS, out)
    return out


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


# ------------------------------------------------------------------ the glossary's content


def test_the_glossary_covers_every_measure_column_of_the_measure_tables(seeds_export):
    covered = {column for entry in back_matter.glossary_lines(MEASURE_TABLES) for column in entry["columns"]}
    for table in MEASURE_TABLES:
        for column in _header(seeds_export / f"{table}.csv"):
            if column not in NOT_MEASURES:
                assert f"{table}.csv:{column}" in covered, f"{table}.csv column {column} is not in the glossary"


def test_the_glossary_has_a_line_per_rhetoric_feature_frame_scheme_and_device(seeds_export):
    terms = [entry["where"] for entry in back_matter.glossary_lines(MEASURE_TABLES)]
    with (seeds_export / "rhetoric.csv").open(encoding="utf-8", newline="") as f:
        features = {row["feature"] for row in csv.DictReader(f)}
    with (seeds_export / "frames.csv").open(encoding="utf-8", newline="") as f:
        schemes = {row["scheme"] for row in csv.DictReader(f)}
    for feature in features:
        assert f"rhetoric.csv, column value where feature is {feature}" in terms
    for scheme in schemes:
        assert f"frames.csv, columns hits and share where scheme is {scheme}" in terms
    from analysis import DEVICES

    for device in DEVICES:
        assert f"devices.csv, rows where device is {device}" in terms


def test_every_glossary_reference_is_in_references_bib():
    bib = (REPO_ROOT / "references.bib").read_text(encoding="utf-8")
    for entry in back_matter.glossary_lines(MEASURE_TABLES):
        for key in entry["references"]:
            assert f"{{{key}," in bib, f"{entry['term']}: {key} is not in references.bib"


def test_a_measure_column_without_a_glossary_line_is_an_error(monkeypatch):
    described = back_matter._data_yaml("columns.yaml")
    del described["tables"]["keyness"]["columns"]["g2"]["glossary"]
    monkeypatch.setattr(back_matter, "_data_yaml", lambda name: described if name == "columns.yaml" else
                        back_matter.yaml.safe_load((REPO_ROOT / "analysis" / "data" / name).read_text(encoding="utf-8")))
    with pytest.raises(back_matter.BackMatterError, match=r"columns.yaml: measure column\(s\) keyness.g2 have no glossary"):
        back_matter.glossary_lines(MEASURE_TABLES)


# ------------------------------------------------------------------ the reproducibility facts


def test_the_pins_are_read_from_requirements_and_the_installed_versions_match_them():
    pins = dict(back_matter.pinned_requirements(REPO_ROOT / "requirements.txt"))
    assert pins["pandas"] and pins["textstat"] == "0.7.8"
    assert "-c constraints.txt" not in pins and "." not in pins
    for name, version in pins.items():
        assert back_matter.installed_version(name) == version, name


def test_the_checksums_are_computed_from_the_files_and_match_the_manifest():
    with (SEEDS / "manifest.csv").open(encoding="utf-8", newline="") as f:
        manifest = {row["doc_id"]: row["sha256"] for row in csv.DictReader(f)}
    rows = back_matter.text_checksums(SEEDS)
    assert [doc_id for doc_id, _, _ in rows] == list(manifest)
    for doc_id, file, sha in rows:
        assert sha == hashlib.sha256((SEEDS / file).read_bytes()).hexdigest() == manifest[doc_id]


def test_the_bootstrap_settings_are_the_packages_defaults():
    assert back_matter.bootstrap_settings() == {"n_boot": DEFAULT_N_BOOT, "random_state": 0, "ci": 0.95}


def test_outside_a_git_checkout_the_commit_says_so(tmp_path):
    assert back_matter.git_commit(tmp_path) == "not a git checkout"


# ------------------------------------------------------------------ the pages, built


def _build(src: Path) -> tuple[Path, str]:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    out = src / "_build" / "html"
    warnings = io.StringIO()
    with docutils_namespace():
        app = Sphinx(str(src), str(src), str(out), str(src / "_build" / "doctrees"), "html",
                     status=None, warning=warnings, freshenv=True)
        app.build()
    return out, warnings.getvalue()


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(SEEDS, tmp_path / "corpus")
    shutil.copy(REPO_ROOT / "references.bib", tmp_path / "references.bib")
    shutil.copy(REPO_ROOT / "requirements.txt", tmp_path / "requirements.txt")
    (tmp_path / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(REPO_ROOT / '_ext')!r})\n"
        "extensions = ['myst_parser', 'sphinxcontrib.bibtex', 'back_matter']\n"
        "bibtex_bibfiles = ['references.bib']\n"
        "bibtex_reference_style = 'author_year'\n"
        "back_matter_corpus = 'corpus'\n"
        "exclude_patterns = ['_build', 'corpus']\n",
        encoding="utf-8",
    )
    (tmp_path / "index.md").write_text(
        "# Home\n\n```{toctree}\nreproducibility\nglossary\ndata_availability\nbibliography\n```\n", encoding="utf-8"
    )
    (tmp_path / "reproducibility.md").write_text("# Reproducibility\n\n```{reproducibility}\n```\n", encoding="utf-8")
    (tmp_path / "glossary.md").write_text("# Glossary\n\n```{measure-glossary}\n```\n", encoding="utf-8")
    (tmp_path / "data_availability.md").write_text("# Data\n\n```{seed-sources}\n```\n", encoding="utf-8")
    (tmp_path / "bibliography.md").write_text("# Bibliography\n\n```{bibliography}\n```\n", encoding="utf-8")
    return tmp_path


def test_the_three_pages_build_with_their_generated_content(project):
    out, warnings = _build(project)
    assert warnings == ""
    reproducibility = (out / "reproducibility.html").read_text(encoding="utf-8")
    assert "not a git checkout" in reproducibility  # the project is a plain folder
    assert f"{DEFAULT_N_BOOT:,} replicates" in reproducibility and "random_state=0" in reproducibility
    for _, file, sha in back_matter.text_checksums(SEEDS):
        assert file in reproducibility and sha in reproducibility
    assert "textstat" in reproducibility and "0.7.8" in reproducibility
    glossary = (out / "glossary.html").read_text(encoding="utf-8")
    assert "flesch_reading_ease" in glossary and 'href="bibliography.html#' in glossary
    assert "Flesch, 1948" in glossary
    sources = (out / "data_availability.html").read_text(encoding="utf-8")
    for doc_id in ("khan_speech_2016", "memo_2017", "cityhall_2017", "stewart_2020", "pa_2024"):
        assert doc_id.replace("_", "") in sources.replace("_", "")
    assert sources.count("not recorded") == 5 and "Middle East Monitor (MEMO), 2017-06-13" in sources


def test_a_recorded_url_and_retrieval_date_are_shown(project):
    manifest = project / "corpus" / "manifest.csv"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("Labour Party website,,,", "Labour Party website,https://example.org/s,2024-05-03,", 1),
                        encoding="utf-8")
    out, warnings = _build(project)
    assert warnings == ""
    sources = (out / "data_availability.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/s"' in sources and "2024-05-03" in sources
    assert sources.count("not recorded") == 4


def test_a_text_that_differs_from_its_checksum_fails_the_build(project):
    path = project / "corpus" / "002_ef6294e7b7f48bde.txt"
    path.write_bytes(path.read_bytes() + b"\nAn added line.")
    _, warnings = _build(project)
    assert "reproducibility: " in warnings and "002_ef6294e7b7f48bde.txt: SHA-256" in warnings
    assert "differs from the manifest's 989525c8189b" in warnings

"""Sphinx extension: the generated parts of the back matter (reproducibility, glossary, data availability).

Three directives, each writing its part of a page from the files and the
environment at build time, so that none of it is typed by hand or stored in a
notebook (a commit stored in an output would change at every commit):

``reproducibility``
    The environment the book was built in: the Python version, the installed
    version of every package pinned in ``requirements.txt`` (read with
    :mod:`importlib.metadata`, beside its pin), the git commit (``git
    rev-parse HEAD``, or "not a git checkout"), the bootstrap's seed and number
    of replicates (the defaults of :func:`analysis.bootstrap.bootstrap_groups`,
    which every chapter uses), and the SHA-256 of every text of the corpus,
    computed from the files and checked against the manifest: a mismatch is an
    error of the directive, so a ``-W`` build fails.
``measure-glossary``
    One line per measure of the tables the book reports: what it is, its
    source (a ``{cite:p}`` role, so the bibliography links it) and its table
    and column, from the ``glossary`` entries of ``analysis/data/columns.yaml``;
    then one line per value of a column whose values are measures (the
    rhetoric features, the devices, the framing schemes). A number column, or
    a column with references, of a covered table without a ``glossary`` entry
    is an error, so the glossary cannot fall behind the tables.
``seed-sources``
    One row per text of the corpus, from its manifest: where it came from (the
    ``url`` where known, else the outlet and date), when it was retrieved
    (``retrieved``, else "not recorded") and its checksum.

The directives write MyST Markdown and parse it in place, so they belong in a
Markdown (MyST) page. Nothing here touches the network.

Settings (``sphinx: config:`` in ``_config.yml``):

``back_matter_corpus``
    The corpus folder, relative to the book's folder (default ``seeds``).
``back_matter_requirements``
    The pinned requirements, relative to the book's folder (default ``requirements.txt``).
``back_matter_glossary_tables``
    The tables the glossary covers (default: readability, rhetoric, frames, keyness, devices).
"""

from __future__ import annotations

import hashlib
import inspect
import platform
import re
import subprocess
from importlib import metadata, resources
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

NOT_GIT = "not a git checkout"
GLOSSARY_TABLES = ["readability", "rhetoric", "frames", "keyness", "devices"]

# A pinned requirement, "name==version" (extras allowed); other lines (-c, -e, comments) are not pins.
_PIN = re.compile(r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*(?P<version>[^\s;#]+)")
# The bounds of a measure's interval (as analysis.datapackage reads them).
_BOUNDS = ("_ci_low", "_ci_high")


class BackMatterError(ValueError):
    """What a back-matter directive cannot write (the message names the file and the problem)."""


# ------------------------------------------------------------------ reading


def pinned_requirements(path: Path) -> list[tuple[str, str]]:
    """``(name, pinned version)`` of every ``name==version`` line of a requirements file, in file order."""
    pins = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line.split("#", 1)[0])
        if match:
            pins.append((match["name"], match["version"]))
    return pins


def installed_version(name: str) -> str:
    """The installed version of distribution ``name``, or ``"not installed"``."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def git_commit(folder: Path) -> str:
    """``git rev-parse HEAD`` in ``folder`` (with "(uncommitted changes)" when the tree differs), or "not a git checkout"."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, check=True, timeout=30
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=folder, capture_output=True, text=True, check=True, timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return NOT_GIT
    return f"{head} (with uncommitted changes)" if status else head


def bootstrap_settings() -> dict[str, object]:
    """The bootstrap's defaults, which every chapter uses: ``n_boot``, ``random_state``, ``ci``."""
    from analysis.stats import bootstrap

    parameters = inspect.signature(bootstrap.bootstrap_groups).parameters
    return {
        "n_boot": bootstrap.DEFAULT_N_BOOT,
        "random_state": parameters["random_state"].default,
        "ci": bootstrap.DEFAULT_CI,
    }


def text_checksums(corpus_dir: Path) -> list[tuple[str, str, str]]:
    """``(doc_id, file, SHA-256)`` of every text of the corpus, computed from the files.

    Raises
    ------
    BackMatterError
        If a file's checksum differs from the manifest's ``sha256``.
    """
    from analysis import read_corpus

    rows = []
    for doc in read_corpus(corpus_dir, check_texts=False).documents:
        actual = hashlib.sha256(doc.path.read_bytes()).hexdigest()
        if doc.sha256 and actual != doc.sha256:
            raise BackMatterError(
                f"{doc.path}: SHA-256 {actual} differs from the manifest's {doc.sha256} "
                f"({corpus_dir / 'manifest.csv'}, doc_id {doc.doc_id})"
            )
        rows.append((doc.doc_id, doc.file, actual))
    return rows


def _data_yaml(name: str):
    return yaml.safe_load(resources.files("analysis").joinpath(f"data/{name}").read_text(encoding="utf-8"))


def glossary_lines(tables: list[str]) -> list[dict]:
    """The glossary: one entry per measure column, then one per measure value, from the package's data files.

    Returns
    -------
    list of dict
        ``term``, ``what``, ``references`` (BibTeX keys), ``where`` (table and
        column(s)) and ``columns`` (the columns the entry covers, in ``table.csv:column`` form).

    Raises
    ------
    BackMatterError
        For a number column, or a column with references, without a ``glossary`` entry; for
        ``glossary_values`` that do not match the values the package defines.
    """
    from analysis import DEVICES

    described = _data_yaml("columns.yaml")["tables"]
    entries, missing = [], []
    for table in tables:
        for column, spec in described[table]["columns"].items():
            is_measure = spec.get("type") == "number" or bool(spec.get("references"))
            if "glossary" not in spec:
                if is_measure:
                    missing.append(f"{table}.{column}")
                continue
            bounds = [column + suffix for suffix in _BOUNDS] if table == "readability" else []
            entries.append({
                "term": column,
                "what": spec["glossary"],
                "references": list(spec.get("references", [])),
                "where": f"{table}.csv, column {column}" + (f" (interval: {', '.join(bounds)})" if bounds else ""),
                "columns": [f"{table}.csv:{c}" for c in [column, *bounds]],
            })
    if missing:
        raise BackMatterError(
            f"analysis/data/columns.yaml: measure column(s) {', '.join(missing)} have no glossary entry"
        )
    if "rhetoric" in tables:
        for name, feature in _data_yaml("rhetoric_features.yaml")["features"].items():
            entries.append({
                "term": feature["label"],
                "what": " ".join(feature["description"].split()),
                "references": [feature["reference"]] if feature.get("reference") else [],
                "where": f"rhetoric.csv, column value where feature is {name}",
                "columns": [],
            })
    if "frames" in tables:
        for data_file in ("frames_pfc.yaml", "frames_contest.yaml"):
            scheme = _data_yaml(data_file)
            labels = ", ".join(frame["label"] for frame in scheme["frames"])
            entries.append({
                "term": scheme["title"].split(":")[0],
                "what": f"A framing scheme, its frames coded by indicator terms ({data_file}): {labels}.",
                "references": [scheme["citation_key"]],
                "where": f"frames.csv, columns hits and share where scheme is {scheme['scheme']}",
                "columns": [],
            })
    if "devices" in tables:
        values = described["devices"]["columns"]["device"].get("glossary_values", {})
        if sorted(values) != sorted(DEVICES):
            raise BackMatterError(
                "analysis/data/columns.yaml: devices.device glossary_values "
                f"{sorted(values)} differ from analysis.DEVICES {sorted(DEVICES)}"
            )
        for name in DEVICES:
            entries.append({
                "term": name,
                "what": values[name]["glossary"],
                "references": list(values[name].get("references", [])),
                "where": f"devices.csv, rows where device is {name}",
                "columns": [],
            })
    return entries


# ------------------------------------------------------------------ writing


def _escape(text: str) -> str:
    """A table cell's text with the characters Markdown tables and roles would read escaped."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _cite(keys: list[str]) -> str:
    return f"{{cite:p}}`{','.join(keys)}`" if keys else "(written for this project)"


class _MarkdownDirective(SphinxDirective):
    has_content = False

    def markdown(self) -> list[str]:  # pragma: no cover - every directive overrides it
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        try:
            text = "\n".join(self.markdown())
        except (BackMatterError, OSError, ValueError) as err:
            raise self.error(f"{self.name}: {err}") from None
        return self.parse_text_to_nodes(text)

    def _path(self, setting: str) -> Path:
        path = Path(self.env.app.confdir) / getattr(self.config, setting)
        self.env.note_dependency(str(path))
        return path


class Reproducibility(_MarkdownDirective):
    """``reproducibility``: the build's environment, commit, bootstrap settings and the texts' checksums."""

    def markdown(self) -> list[str]:
        root = Path(self.env.app.confdir)
        # The commit and the installed packages are not files Sphinx can watch: read them at every build.
        self.env.note_reread()
        corpus = self._path("back_matter_corpus")
        self.env.note_dependency(str(corpus / "manifest.csv"))
        settings = bootstrap_settings()
        head, _, state = git_commit(root).partition(" (")
        commit = head if head == NOT_GIT else f"`{head}`" + (f" ({state}" if state else "")
        lines = [
            f"- **Commit**: {commit}",
            f"- **Python**: {platform.python_version()} ({platform.python_implementation()})",
            f"- **Bootstrap**: {settings['n_boot']:,} replicates (`n_boot`), seed `random_state={settings['random_state']}`, "
            f"{settings['ci']:.0%} intervals (the defaults of `analysis.bootstrap`, which every chapter uses)",
            "",
        ]
        rows = []
        for name, pinned in pinned_requirements(self._path("back_matter_requirements")):
            installed = installed_version(name)
            rows.append([f"`{name}`", pinned, installed if installed == pinned else f"**{installed}**"])
        lines += ["Packages pinned in `requirements.txt` (a version in bold differs from its pin):", ""]
        lines += _md_table(["Package", "Pinned", "Installed"], rows)
        lines += ["", f"SHA-256 of the texts of `{self.config.back_matter_corpus}/`, computed from the files at "
                  "build time and checked against `manifest.csv`:", ""]
        # A list, not a table: a 64-digit checksum does not fit a table's column in the PDF.
        for doc_id, file, sha in text_checksums(corpus):
            self.env.note_dependency(str(corpus / file))
            lines += [f"- {_escape(doc_id)}, `{file}`:", "", f"  `{sha}`", ""]
        return lines


class MeasureGlossary(_MarkdownDirective):
    """``measure-glossary``: one line per measure, with its source and its table and column."""

    def markdown(self) -> list[str]:
        self.env.note_dependency(str(resources.files("analysis").joinpath("data/columns.yaml")))
        lines = []
        for entry in glossary_lines(list(self.config.back_matter_glossary_tables)):
            what = entry["what"].rstrip(".")
            lines.append(f"- **{_escape(entry['term'])}**: {what} {_cite(entry['references'])}. *{_escape(entry['where'])}.*")
        return lines


class SeedSources(_MarkdownDirective):
    """``seed-sources``: where each text of the corpus came from and when it was retrieved, from its manifest."""

    def markdown(self) -> list[str]:
        from analysis import read_corpus

        corpus = self._path("back_matter_corpus")
        self.env.note_dependency(str(corpus / "manifest.csv"))
        rows = []
        for doc in read_corpus(corpus, check_texts=False).documents:
            source = f"<{doc.url}>" if doc.url else f"{_escape(doc.outlet or doc.author)}, {doc.date} (no url recorded)"
            rows.append([
                _escape(doc.doc_id),
                _escape(doc.title),
                source,
                doc.retrieved or "not recorded",
            ])
        return _md_table(["doc_id", "Title", "Source", "Retrieved"], rows)


def setup(app: Sphinx) -> dict:
    app.add_config_value("back_matter_corpus", "seeds", "env", [str])
    app.add_config_value("back_matter_requirements", "requirements.txt", "env", [str])
    app.add_config_value("back_matter_glossary_tables", GLOSSARY_TABLES, "env", [list])
    app.add_directive("reproducibility", Reproducibility)
    app.add_directive("measure-glossary", MeasureGlossary)
    app.add_directive("seed-sources", SeedSources)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

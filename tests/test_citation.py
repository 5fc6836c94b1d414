"""CITATION.cff is valid Citation File Format 1.2.0 and agrees with the rest of the repository:
the package's version, .zenodo.json, the changelog and the book's configuration.

The schema is the official one, vendored in ``tests/data/`` (provenance in
``tests/data/README.md``), so this runs without a network.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
CITATION = REPO_ROOT / "CITATION.cff"
SCHEMA = Path(__file__).resolve().parent / "data" / "cff-schema-1.2.0.json"
ZENODO = REPO_ROOT / ".zenodo.json"

sys.path.insert(0, str(REPO_ROOT / "_ext"))
import citation_record  # noqa: E402  (the book's citation extension, kept in _ext/)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    # Formats (date, uri, email) are only checked when a format checker is given.
    return jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


@pytest.fixture(scope="module")
def citation() -> dict:
    return yaml.safe_load(CITATION.read_text(encoding="utf-8"))


def _messages(validator: jsonschema.Draft7Validator, instance) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
        for error in validator.iter_errors(instance)
    ]


def test_vendored_schema_is_the_official_cff_1_2_0_schema():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    assert set(schema["required"]) == {"authors", "cff-version", "message", "title"}


def test_citation_cff_is_valid_against_the_cff_1_2_0_schema(validator, citation):
    assert _messages(validator, citation) == []


def _without(key):
    def edit(data):
        del data[key]

    return edit


def _set(key, value):
    def edit(data):
        data[key] = value

    return edit


BROKEN_COPIES = {
    "no authors": _without("authors"),
    "empty author list": _set("authors", []),
    "author that is neither a person nor an entity": _set("authors", [{"nickname": "x"}]),
    "wrong cff-version": _set("cff-version", "1.1.0"),
    "no message": _without("message"),
    "licence that is not an SPDX id": _set("license", "MIT License"),
    # What YAML makes of an unquoted date: a date object, not the string CFF requires.
    "unquoted date-released": _set("date-released", datetime.date(2026, 11, 21)),
    "date-released that is not a date": _set("date-released", "21/11/2026"),
    "misspelt key": _set("titel", "A book"),
    "type that is neither software nor dataset": _set("type", "book"),
}


@pytest.mark.parametrize("breakage", sorted(BROKEN_COPIES))
def test_a_deliberately_broken_copy_is_rejected(validator, citation, breakage):
    broken = copy.deepcopy(citation)
    BROKEN_COPIES[breakage](broken)
    assert _messages(validator, broken), f"schema accepted a CITATION.cff with {breakage}"


def test_unquoted_date_in_yaml_text_is_rejected(validator):
    """The whole path, from YAML text: quoting the date is what keeps the file valid."""
    text = CITATION.read_text(encoding="utf-8")
    unquoted, count = re.subn(
        r'^date-released: "(\d{4}-\d{2}-\d{2})"$', r"date-released: \1", text, flags=re.M
    )
    assert count == 1
    assert _messages(validator, yaml.safe_load(unquoted))


def _release_heading(changelog: str) -> re.Match | None:
    """The first released version in CHANGELOG.md: ``## [X.Y.Z] - YYYY-MM-DD``."""
    return re.search(r"^## \[(\d+\.\d+\.\d+[^\]]*)\] - (\d{4}-\d{2}-\d{2})$", changelog, flags=re.M)


def test_one_version_everywhere(citation):
    """CITATION.cff, pyproject.toml, analysis.__version__, .zenodo.json and the changelog's latest release agree.

    The book takes its version from CITATION.cff (the citation extension sets
    Sphinx's ``version``), and tests/test_built_book.py checks the built pages.
    """
    import analysis

    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    zenodo = json.loads(ZENODO.read_text(encoding="utf-8"))
    release = _release_heading((REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))
    assert release is not None, "CHANGELOG.md has no '## [X.Y.Z] - YYYY-MM-DD' heading"
    versions = {
        "CITATION.cff": citation["version"],
        "pyproject.toml": pyproject["project"]["version"],
        "analysis.__version__": analysis.__version__,
        ".zenodo.json": zenodo["version"],
        "CHANGELOG.md": release[1],
    }
    assert set(versions.values()) == {citation["version"]}, versions
    assert release[2] == citation["date-released"] == zenodo["publication_date"]


def test_zenodo_json_is_derived_from_citation_cff():
    """Regenerate with: .venv/bin/python _ext/citation_record.py zenodo > .zenodo.json"""
    assert ZENODO.read_text(encoding="utf-8") == citation_record.zenodo_json(citation_record.read_record(CITATION))


def test_zenodo_json_carries_every_field_of_the_record(citation):
    zenodo = json.loads(ZENODO.read_text(encoding="utf-8"))
    assert zenodo["title"] == citation["title"]
    assert zenodo["description"] == " ".join(citation["abstract"].split())
    assert zenodo["license"] == citation["license"]
    assert zenodo["keywords"] == citation["keywords"]
    assert [c["name"] for c in zenodo["creators"]] == [
        a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in citation["authors"]
    ]


def test_book_title_is_the_citation_title(citation):
    config = yaml.safe_load((REPO_ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["title"] == citation["title"]


def test_how_to_cite_page_generates_the_record_instead_of_typing_it(citation):
    page = (REPO_ROOT / "how_to_cite.md").read_text(encoding="utf-8")
    assert "CITATION.cff" in page
    assert "```{citation-record} bibtex\n```" in page and "```{citation-record} apa\n```" in page
    # Typed copies are what drifts: neither the version nor the title is written out.
    assert citation["version"] not in page
    assert citation["title"] not in page
    assert "@book" not in page

"""CITATION.cff is valid Citation File Format 1.2.0 and agrees with the rest of the repository.

The schema is the official one, vendored in ``tests/data/`` (provenance in
``tests/data/README.md``), so this runs without a network.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
CITATION = REPO_ROOT / "CITATION.cff"
SCHEMA = Path(__file__).resolve().parent / "data" / "cff-schema-1.2.0.json"


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


def test_citation_version_is_the_package_version(citation):
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert citation["version"] == pyproject["project"]["version"]


def test_how_to_cite_page_agrees_with_citation_cff(citation):
    page = (REPO_ROOT / "how_to_cite.md").read_text(encoding="utf-8")
    assert "CITATION.cff" in page
    assert citation["title"] in page
    assert f"version   = {{{citation['version']}}}" in page
    assert f"year      = {{{citation['date-released'][:4]}}}" in page

"""datapackage.json: every exported table and column described, and valid Frictionless."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from frictionless import validate

from analysis.output.datapackage import (
    DESCRIPTOR,
    DescriptionError,
    column_descriptions,
    datapackage_descriptor,
    table_schema,
    write_datapackage,
)
from analysis import EXPORTED, export
from analysis.paths import repo_root

from .seed_corpus import SEEDS

REFERENCES_BIB = repo_root(Path(__file__).parent) / "references.bib"


@pytest.fixture(scope="module")
def seeds_export(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "seeds"
    export(SEEDS, out)
    return out


@pytest.fixture(scope="module")
def descriptor(seeds_export) -> dict:
    return json.loads((seeds_export / DESCRIPTOR).read_text(encoding="utf-8"))


def _errors(report) -> list[str]:
    return [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors] + [
        error.message for error in report.errors
    ]


def test_export_writes_a_datapackage_that_frictionless_validates(seeds_export):
    report = validate(str(seeds_export / DESCRIPTOR))
    assert report.valid, _errors(report)


def test_datapackage_describes_every_exported_table(descriptor, seeds_export):
    assert {r["name"] for r in descriptor["resources"]} == set(EXPORTED)
    for resource in descriptor["resources"]:
        assert (seeds_export / resource["path"]).is_file()
        assert resource["description"]


def test_every_column_the_export_writes_has_its_own_description(descriptor, seeds_export):
    """No column of the seeds falls back to the generic manifest description: each is in columns.yaml."""
    for resource in descriptor["resources"]:
        with (seeds_export / resource["path"]).open(encoding="utf-8") as f:
            header = f.readline().rstrip("\n").split(",")
        fields = resource["schema"]["fields"]
        assert [field["name"] for field in fields] == header
        for field in fields:
            assert field["type"] in {"string", "integer", "number", "boolean"}, field
            assert field["description"] and field["description"] != "user metadata from the manifest", (
                f"{resource['path']}: column {field['name']} lacks a description in analysis/data/columns.yaml"
            )


def test_measures_carry_their_unit_and_reference(descriptor):
    readability = next(r for r in descriptor["resources"] if r["name"] == "readability")
    fields = {f["name"]: f for f in readability["schema"]["fields"]}
    assert fields["flesch_reading_ease"]["references"][0].startswith("Flesch, R. (1948)")
    assert fields["flesch_reading_ease"]["unit"].startswith("score")
    low = fields["flesch_reading_ease_ci_low"]
    assert low["unit"] == fields["flesch_reading_ease"]["unit"]
    assert low["description"].startswith("Lower bound of the 95% sentence-bootstrap interval")
    assert any(ref.startswith("Benoit, K.") for ref in low["references"])


def test_a_column_without_a_description_is_an_error():
    with pytest.raises(DescriptionError, match=r"readability\.csv: column\(s\) new_index have no description"):
        table_schema("readability", ["unit_type", "unit", "new_index"])


def test_a_bound_of_an_undescribed_measure_is_an_error():
    with pytest.raises(DescriptionError, match="new_index_ci_low"):
        table_schema("readability", ["unit_type", "new_index_ci_low"])


def test_a_table_that_is_not_described_is_an_error(tmp_path):
    (tmp_path / "sentiment.csv").write_text("doc_id,score\nd1,0.5\n", encoding="utf-8")
    with pytest.raises(DescriptionError, match=r"sentiment\.csv not described"):
        datapackage_descriptor(tmp_path, "x")


def test_an_extra_manifest_column_of_documents_is_user_metadata():
    schema = table_schema("documents", ["doc_id", "region"])
    assert schema["fields"][1] == {"name": "region", "type": "string", "description": "user metadata from the manifest"}
    assert schema["primaryKey"] == ["doc_id"]


def test_every_reference_is_a_source_of_the_bibliography():
    keys = set(re.findall(r"^@\w+\{([^,]+),", REFERENCES_BIB.read_text(encoding="utf-8"), flags=re.M))
    descriptions = column_descriptions()
    assert set(descriptions["references"]) <= keys
    for table in descriptions["tables"].values():
        for column in table["columns"].values():
            assert set(column.get("references", [])) <= set(descriptions["references"]), column


def test_frictionless_rejects_values_that_break_the_declared_types(seeds_export, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(seeds_export, broken)
    documents = broken / "documents.csv"
    rows = list(csv.reader(io.StringIO(documents.read_text(encoding="utf-8"))))
    rows[1][rows[0].index("words_raw")] = "many"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    documents.write_text(buffer.getvalue(), encoding="utf-8")
    report = validate(str(broken / DESCRIPTOR))
    assert not report.valid
    assert any("many" in message for message in _errors(report)), _errors(report)


def test_descriptor_is_the_same_bytes_for_the_same_tables(seeds_export, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(seeds_export, copy)
    write_datapackage(copy, "seeds")
    assert (copy / DESCRIPTOR).read_bytes() == (seeds_export / DESCRIPTOR).read_bytes()


def test_package_name_follows_the_specification(tmp_path):
    (tmp_path / "kwic.csv").write_text(
        "doc_id,sentence_id,speaker,scheme,frame,term,left,match,right\n", encoding="utf-8"
    )
    assert datapackage_descriptor(tmp_path, "My Corpus (2024)")["name"] == "my-corpus--2024-"

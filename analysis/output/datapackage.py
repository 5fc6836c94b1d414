"""The Frictionless Data Package descriptor of an export: every table and column described.

:func:`write_datapackage` writes ``datapackage.json`` beside the CSV files of
an export (Frictionless Data Package and Table Schema, v1 specifications,
https://specs.frictionlessdata.io/), so the tables can be read, typed and
validated without this package: each table is a resource with its
description and primary key, each column a field with its type, description
and, for a measure, its unit and the source it follows.

The descriptor is built from the header each CSV file actually has, with the
descriptions kept as data in ``data/columns.yaml``: a column is described by
name, or as the interval bound of a described measure (``X_ci_low``,
``X_ci_high``), or, in ``documents.csv`` only, as a column the corpus's own
manifest adds. Any other column, or a CSV file of a table the data file does
not know, is an error (:class:`DescriptionError`): the descriptor never
publishes a column nobody has described.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from ..paths import data_file, read_yaml

#: The file the export writes beside its tables.
DESCRIPTOR = "datapackage.json"

#: The table whose columns beyond the described ones come from the corpus's manifest.
USER_COLUMNS_TABLE = "documents"
USER_COLUMN = {"type": "string", "description": "user metadata from the manifest"}

# The bounds of a measure's interval (see the readability table).
_INTERVAL_BOUND = re.compile(r"^(?P<measure>.+)_ci_(?P<bound>low|high)$")
_BOUND_WORDS = {"low": "Lower", "high": "Upper"}

# Field properties copied from the data file, in this order.
_FIELD_KEYS = ("type", "description", "unit")


class DescriptionError(ValueError):
    """A table or column of an export that ``data/columns.yaml`` does not describe."""


def column_descriptions() -> dict:
    """The parsed ``data/columns.yaml``: ``references`` and ``tables``."""
    text = data_file("columns.yaml").read_text(encoding="utf-8")
    return read_yaml(text)


def table_schema(table: str, header: list[str], descriptions: dict | None = None) -> dict:
    """The Table Schema of one exported table, from its header.

    Parameters
    ----------
    table
        The table's name (its file name without ``.csv``).
    header
        Its columns, as written.
    descriptions
        :func:`column_descriptions` (read when ``None``).

    Returns
    -------
    dict
        ``fields`` (one per column, in header order) and, where the data file
        gives one, ``primaryKey``.

    Raises
    ------
    DescriptionError
        Naming every column that has no description.
    """
    descriptions = column_descriptions() if descriptions is None else descriptions
    if table not in descriptions["tables"]:
        raise DescriptionError(f"{table}.csv: no table of that name is described in analysis/data/columns.yaml")
    spec = descriptions["tables"][table]
    fields, missing = [], []
    for name in header:
        field = _field(name, spec["columns"], table, descriptions["references"])
        if field is None:
            missing.append(name)
        else:
            fields.append(field)
    if missing:
        raise DescriptionError(
            f"{table}.csv: column(s) {', '.join(missing)} have no description in analysis/data/columns.yaml"
        )
    schema: dict = {"fields": fields}
    if spec.get("primary_key"):
        schema["primaryKey"] = list(spec["primary_key"])
    return schema


def _field(name: str, columns: dict, table: str, references: dict) -> dict | None:
    """The field descriptor of column ``name``, or ``None`` if nothing describes it."""
    if name in columns:
        entry = columns[name]
        description = entry["description"]
    elif (bound := _INTERVAL_BOUND.match(name)) and bound["measure"] in columns:
        entry = columns[bound["measure"]]
        description = (
            f"{_BOUND_WORDS[bound['bound']]} bound of the 95% sentence-bootstrap interval of {bound['measure']}."
        )
        entry = entry | {"references": [*entry.get("references", []), "benoit2019"]}
    elif table == USER_COLUMNS_TABLE:
        return {"name": name, **USER_COLUMN}
    else:
        return None
    field = {"name": name} | {key: entry[key] for key in _FIELD_KEYS if key in entry}
    field["description"] = description
    if entry.get("references"):
        field["references"] = [references[key] for key in dict.fromkeys(entry["references"])]
    return field


def datapackage_descriptor(folder: Path | str, name: str) -> dict:
    """The Data Package descriptor of the CSV files in ``folder``.

    Parameters
    ----------
    folder
        An export's folder (or its staging folder).
    name
        The package's name, e.g. the corpus folder's name; lower-cased, and
        every character outside ``a-z0-9._-`` becomes ``-``, as the
        specification requires.

    Returns
    -------
    dict
        The descriptor, its resources in the order of ``data/columns.yaml``.

    Raises
    ------
    DescriptionError
        For a CSV file or a column ``data/columns.yaml`` does not describe.
    """
    folder = Path(folder)
    descriptions = column_descriptions()
    tables = {path.stem: path for path in folder.glob("*.csv")}
    unknown = sorted(set(tables) - set(descriptions["tables"]))
    if unknown:
        raise DescriptionError(
            f"{folder}: {', '.join(f'{t}.csv' for t in unknown)} not described in analysis/data/columns.yaml"
        )
    resources_ = [
        {
            "name": table,
            "path": f"{table}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": descriptions["tables"][table]["description"],
            "schema": table_schema(table, _header(tables[table]), descriptions),
        }
        for table in descriptions["tables"]
        if table in tables
    ]
    slug = re.sub(r"[^a-z0-9._-]", "-", name.lower()) or "corpus"
    return {
        "profile": "tabular-data-package",
        "name": slug,
        "title": f"Tables of the corpus {name}",
        "description": (
            "Tidy tables exported by `python -m analysis export` (the analysis package of the book "
            "'Terrorism talk in London politics'): one CSV file per table, UTF-8, comma-separated, "
            "with a header row; an empty cell is a missing value."
        ),
        "resources": resources_,
    }


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return next(csv.reader(f), [])


def write_datapackage(folder: Path | str, name: str) -> Path:
    """Write :func:`datapackage_descriptor` of ``folder`` as ``folder/datapackage.json``.

    The JSON is indented and its keys keep their order, so the file is the same
    bytes for the same tables.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    path = Path(folder) / DESCRIPTOR
    text = json.dumps(datapackage_descriptor(folder, name), indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return path

"""Every CSV file of the export is written here, so all are formatted alike: as pandas writes them.

:func:`write_csv` gives the bytes of ``DataFrame.to_csv(index=False,
lineterminator="\\n")`` (UTF-8, minimal quoting, ``"`` doubled, floats as
their shortest repr, missing values empty). For a table of plain columns it
formats the rows itself; ``tests/test_csv.py`` checks the bytes against
pandas', on the export's kinds of values and on random text and float bit
patterns.

Why a hand-written writer. Measured on the tables of the full benchmark
corpus (``tools/bench.py``: 1.03 million words, 262 documents; the ten tables
of the export, 251,267 rows), writing time only, best of three:
this writer 0.70 s, ``DataFrame.to_csv`` 0.98 s (the same bytes, 1.4 times
as long), pyarrow 26.0.1's ``pyarrow.csv.write_csv`` 0.07 s (with
``quoting_style="needed"``) but not the same bytes in any table (it quotes
and formats floats its own way), so it would change every exported file.
Kept, then, as the fastest writer of the export's exact bytes; anything it
does not know to be plain (text missing, other types) goes to pandas.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype


def write_csv(table: pd.DataFrame, path: Path, header: bool = True) -> None:
    """Every CSV of the export is written here, so all are formatted alike.

    pandas writes a table by formatting every cell and handing the rows to the
    standard library's ``csv.writer`` (minimal quoting, ``"`` doubled). A
    table of integers, booleans, floats and text, as every table of the
    export is, is handed to that same writer here with the values pandas
    would give it (``str`` of each; a float's shortest repr, empty if
    missing): the same bytes, in about half the time pandas' cell formatting
    took for ``kwic.csv``. Other tables (text missing, other types) are
    written by pandas.

    Of a plain table of two columns or more, the rows are joined here rather
    than by the writer (:func:`_csv_rows`), which hands each row to the file
    on its own: the per-document tables have hundreds of thousands of rows,
    and joining them as one string took a quarter less time.
    """
    columns = _plain_columns(table)
    if columns is None:
        table.to_csv(path, index=False, header=header, encoding="utf-8", lineterminator="\n")
        return
    head = [[str(name)] for name in table.columns] if header else None
    text = _csv_rows(columns, head)
    with open(path, "w", encoding="utf-8", newline="") as f:
        if text is not None:
            f.write(text)
            return
        writer = csv.writer(f, lineterminator="\n")
        if head:
            writer.writerow(table.columns)
        writer.writerows(zip(*columns))


# The characters csv.writer (QUOTE_MINIMAL, "\n" line ends) puts a field in
# quotes for: the delimiter, the quote character and the line end.
_CSV_QUOTED = re.compile(r'[,"\n]')


def _csv_rows(columns: list[list[str]], head: list[list[str]] | None) -> str | None:
    """The CSV text ``csv.writer`` would write for these columns (after a header row ``head``), or
    ``None`` where its rules are not the plain ones below: it writes a row of one empty field as
    ``""``, and whether it quotes a carriage return has changed between Python versions."""
    if len(columns) < 2:
        return None
    fields = []
    for values in columns if head is None else (h + values for h, values in zip(head, columns, strict=True)):
        joined = "".join(values)
        if "\r" in joined:
            return None
        if _CSV_QUOTED.search(joined) is not None:
            # Quoted, with each quote character doubled (the writer's doublequote).
            values = ['"' + v.replace('"', '""') + '"' if _CSV_QUOTED.search(v) else v for v in values]
        fields.append(values)
    return "".join(row + "\n" for row in map(",".join, zip(*fields)))


def _plain_columns(table: pd.DataFrame) -> list[list] | None:
    """Each column's values as pandas writes them, if every column holds integers, booleans, floats or strings.

    ``None`` for anything else, including missing text, pandas' nullable
    integer and boolean types, repeated column names and a table without
    columns: pandas writes those.
    """
    if not len(table.columns) or table.columns.has_duplicates:
        return None
    columns = []
    for _, column in table.items():
        if isinstance(column.dtype, np.dtype) and column.dtype.kind in "iub":
            columns.append(list(map(str, column.tolist())))
        elif column.dtype == np.float64:
            # pandas writes numpy's str of each float64, which is Python's
            # shortest repr (tests check this on random bit patterns), and
            # nothing for a missing value.
            columns.append(["" if value != value else repr(value) for value in column.tolist()])
        elif infer_dtype(column, skipna=False) == "string" and not column.isna().any():
            # (A column of pandas' string types says "string" even with missing values.)
            columns.append(column.tolist())
        else:
            return None
    return columns

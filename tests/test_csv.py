"""Specification of the export's CSV writer (analysis.output.csv): the bytes pandas' to_csv writes, faster."""

import numpy as np
import pandas as pd
import pytest

from analysis.output import csv as csv_module


@pytest.mark.parametrize("header", [True, False])
def test_csv_writer_gives_pandas_bytes(tmp_path, header):
    """Tables of integers, booleans and text go straight to csv.writer; pandas' bytes either way."""
    text = ["plain", 'he said "no"', "a, b", "two\nlines", "carriage\rreturn", "", " spaced ", "London’s £400,000"]
    plain = pd.DataFrame({"text": text, "n": range(len(text)), "flag": [True, False] * 4})
    plain["label"] = pd.Series(text, dtype="string")
    other = plain.assign(share=[0.1, 1 / 3, float("nan"), 2.0, 1e-5, 0.0, 5.5, 7.25],
                         missing=[None, "x", None, "y", "z", None, "w", "v"])
    gaps = [pd.DataFrame({"text": pd.Series(["a", None], dtype=dtype)}) for dtype in ("str", "string", object)]
    gaps += [pd.DataFrame({"n": pd.array([1, None], dtype="Int64"), "b": pd.array([True, None], dtype="boolean")})]
    gaps += [pd.DataFrame({"x": np.array([0.1, 1 / 3], dtype=np.float32), "n": [1, 2]})]  # float32: pandas
    rng = np.random.default_rng(0)
    floats = pd.DataFrame({  # random bit patterns, magnitudes, and the special values
        "bits": rng.integers(0, 2**63, size=2000, dtype=np.int64).view(np.float64),
        "scaled": rng.normal(size=2000) * 10.0 ** rng.integers(-30, 30, size=2000),
        "special": ([0.0, -0.0, 1e16, 1e-5, 1e15, 1e-4, float("nan"), float("inf"), -float("inf"), 5e-324] * 200),
        "text": ["a"] * 2000,
    })
    odd = [pd.DataFrame([[1, "a"], [2, "b"]], columns=["x", "x"]), pd.DataFrame(index=range(3))]
    assert csv_module._plain_columns(plain) is not None
    assert csv_module._plain_columns(floats) is not None
    # Floats and missing values, whatever the column's type: pandas writes them.
    assert csv_module._plain_columns(other) is None
    assert all(csv_module._plain_columns(table) is None for table in gaps + odd)
    for table in (plain, plain.iloc[:0], other, floats, floats[["special"]], *gaps, *odd,
                  pd.DataFrame({"only": ["", "x"]})):
        csv_module.write_csv(table, tmp_path / "t.csv", header=header)
        expected = table.to_csv(index=False, header=header, lineterminator="\n").encode("utf-8")
        assert (tmp_path / "t.csv").read_bytes() == expected


@pytest.mark.parametrize("seed", range(4))
def test_joined_csv_rows_give_pandas_bytes_on_random_text(tmp_path, seed):
    """Fields with delimiters, quotes, line ends, carriage returns, spaces or nothing, in 1 to 4 columns."""
    import random

    rng = random.Random(seed)
    alphabet = ["a", "Z", " ", ",", '"', "\n", "é", "’", "\t", "''", "x,y"] + (["\r"] if seed == 3 else [])
    n = rng.randint(0, 40)
    data = {f"c{i}": ["".join(rng.choices(alphabet, k=rng.randint(0, 4))) for _ in range(n)]
            for i in range(rng.randint(1, 4))}
    data["n"] = range(n)
    for table in (pd.DataFrame(data), pd.DataFrame(data).drop(columns="n")):
        for header in (True, False):
            csv_module.write_csv(table, tmp_path / "t.csv", header=header)
            expected = table.to_csv(index=False, header=header, lineterminator="\n").encode("utf-8")
            assert (tmp_path / "t.csv").read_bytes() == expected

"""The measure contract, written once: what a measure family computes per sentence, how a unit's sentences
add up to its measures, and which rows it gives.

Every measure with an interval (readability, rhetoric, frames) is a function
of *sums of per-sentence values*, so one bootstrap draw per unit serves every
family (:func:`analysis.stats.bootstrap.bootstrap_groups`). A family is a
:class:`Family` value that its measure module defines once, as ``FAMILY``:

``sentence_values(sentences)``
    The ``(n, k)`` matrix of the values it sums, one row per sentence, rows in
    the unit order of ``sentences.rows`` (a :class:`UnitSentences`).
``statistic(sums)``
    Its measures from summed values: ``(m, ...)`` from ``(..., k)`` (any
    leading axes are replicates), measures first.
``unit_rows(intervals, sentences)``
    The rows of its table (``readability.csv``, ``rhetoric.csv``,
    ``frames.csv``) for the units, from their
    :class:`analysis.stats.bootstrap.UnitIntervals`.

:func:`unit_tables` computes the tables of any families for one unit type;
the export's workers (:func:`analysis.pipeline.unit_measures`) and the
chapters' tables (:func:`analysis.measures.readability.readability_table`,
:func:`analysis.measures.rhetoric.rhetoric_table`,
:func:`analysis.measures.frames.frames_table`) all call it, so a number in the
book and a row of the export come from one computation. A new family is one
more ``FAMILY`` (and its entry in :data:`analysis.measures.FAMILIES`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..stats.bootstrap import (
    DEFAULT_CI,
    UNIT_TYPES,
    UnitIntervals,
    bootstrap_groups,
    is_unit,
    sentence_order,
    with_unit_column,
)
from ..text.words import word_codes, words_of_rows

__all__ = ["Family", "UnitSentences", "unit_tables"]

#: The columns that identify a sentence in every per-sentence table.
SENTENCE_ID = ["doc_id", "sentence_id"]


@dataclass(frozen=True)
class UnitSentences:
    """The sentences of the units being scored, as every family reads them.

    ``tables`` holds one row per sentence, the same sentences in the same
    order, by name (``counts``, ``features``, ``coded``: each family reads the
    one it names); ``rows`` are the positions grouping each unit's sentences in
    reading order (:func:`analysis.stats.bootstrap.sentence_order`) and
    ``keys`` the unit column in that order; ``token_ids`` the words of
    ``counts`` as codes (for lexical diversity); ``scheme_list`` the frame
    schemes ``coded`` was coded with (``None``: the shipped ones).
    """

    tables: Mapping[str, pd.DataFrame]
    unit_type: str
    rows: np.ndarray
    keys: pd.DataFrame
    token_ids: np.ndarray | None = None
    scheme_list: tuple | None = None

    @property
    def column(self) -> str:
        """The unit column of the sentence tables (``speaker``, ``occasion``, ``doc_id``)."""
        return UNIT_TYPES[self.unit_type]


@dataclass(frozen=True)
class Family:
    """One measure family's side of the contract (see the module docstring)."""

    name: str
    table: str
    sentence_values: Callable[[UnitSentences], np.ndarray]
    statistic: Callable[[np.ndarray], np.ndarray]
    unit_rows: Callable[[UnitIntervals, UnitSentences], pd.DataFrame]


def unit_tables(
    tables: Mapping[str, pd.DataFrame],
    unit_type: str,
    families: Sequence[Family],
    n_boot: int,
    random_state: int = 0,
    token_ids: np.ndarray | None = None,
    scheme_list: tuple | None = None,
    ci: float = DEFAULT_CI,
) -> dict[str, pd.DataFrame]:
    """The rows of each family's table for one unit type, from one bootstrap draw per unit.

    Parameters
    ----------
    tables
        The sentence tables the families read (each :attr:`Family.table`),
        one row per sentence, the same sentences in the same order.
    unit_type
        ``"speaker"``, ``"occasion"`` (a speaker of several documents in one of
        them; :func:`analysis.stats.bootstrap.occasions`, decided on ``tables``)
        or ``"document"``.
    families
        The families to compute.
    n_boot, random_state
        Bootstrap replicates per unit and seed; every unit's stream depends only
        on the seed and the unit (:func:`analysis.stats.bootstrap.unit_seed`), so
        the rows do not depend on which families or units are computed together.
    token_ids
        The words of ``tables["counts"]`` as codes, in any numbering, sentence
        after sentence; made of its ``tokens`` column when ``None`` and a family
        needs them.
    scheme_list
        The frame schemes ``tables["coded"]`` was coded with.
    ci
        Coverage of the intervals.

    Returns
    -------
    dict of str to pandas.DataFrame
        Each family's rows, by :attr:`Family.name`. Sentences of no unit
        (:func:`analysis.stats.bootstrap.is_unit`: unattributed quotations, for
        speakers and occasions; a speaker's of one document, for occasions) are
        left out.

    Raises
    ------
    ValueError
        If ``unit_type`` is unknown, the tables do not hold the same sentences,
        a sentence has no unit, or a table lacks a column its family needs.
    """
    if unit_type not in UNIT_TYPES:
        raise ValueError(f"unit_type must be one of {list(UNIT_TYPES)}, not {unit_type!r}")
    column = UNIT_TYPES[unit_type]
    names = list(dict.fromkeys(f.table for f in families))
    tables = {name: with_unit_column(tables[name].reset_index(drop=True), unit_type) for name in names}
    first = tables[names[0]]
    for name in names[1:]:
        table = tables[name]
        if len(table) != len(first) or not table[SENTENCE_ID].equals(first[SENTENCE_ID]):
            raise ValueError(f"the {name} table does not hold the sentences of the {names[0]} table, in its order")
    if first[column].isna().any():
        raise ValueError(f"missing values in {column}: every sentence must belong to a unit")
    keep = is_unit(first, column)
    if not keep.all():
        # Unattributed quotations are no speaker's (analysis.stats.bootstrap.is_unit).
        if token_ids is not None:
            token_ids = words_of_rows(token_ids, tables["counts"]["words"].to_numpy(), np.flatnonzero(keep))
        tables = {name: table[keep].reset_index(drop=True) for name, table in tables.items()}
        first = tables[names[0]]
    if token_ids is None and "counts" in tables:
        counts = tables["counts"]
        missing = [c for c in ("words", "tokens") if c not in counts.columns]
        if missing:
            raise ValueError(f"counts table lacks column(s) {missing}; make it with analysis.text.counts.sentence_counts")
        lengths, token_ids, _ = word_codes(counts["tokens"].tolist())
        if not np.array_equal(lengths, counts["words"].to_numpy(dtype=np.int64)):
            raise ValueError("the tokens column does not match the words column; recount with sentence_counts")
    rows = sentence_order(first, [column])
    keys = first[[column]].take(rows).reset_index(drop=True)
    sentences = UnitSentences(tables, unit_type, rows, keys, token_ids, scheme_list)
    drawn = bootstrap_groups(keys, [(f.sentence_values(sentences), f.statistic) for f in families], n_boot,
                             random_state, ci)
    return {f.name: f.unit_rows(intervals, sentences) for f, intervals in zip(families, drawn, strict=True)}

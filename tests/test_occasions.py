"""Occasion units: a speaker who speaks in more than one document is also a unit in each of them."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import pipeline
from analysis.paths import default_corpus_dir
from analysis.stats.bootstrap import UNIT_TYPES, occasions, unit_seed


@pytest.fixture(scope="module")
def seeds():
    tables = pipeline.corpus_tables(pipeline.load(default_corpus_dir()), n_boot=50)
    return tables | pipeline.measure_tables(tables, n_boot=50)


def test_occasions_name_only_speakers_of_several_documents():
    table = pd.DataFrame({"speaker": ["Sadiq Khan", "Sadiq Khan", "Mark Rowley", "(unattributed)", "(unattributed)"],
                          "doc_id": ["memo_2017", "cityhall_2017", "pa_2024", "memo_2017", "pa_2024"]})
    assert occasions(table).tolist() == ["Sadiq Khan @ memo_2017", "Sadiq Khan @ cityhall_2017", "", "", ""]


@pytest.mark.parametrize("table", ["readability", "rhetoric", "frames"])
def test_the_measure_tables_have_occasions_exactly_for_speakers_of_several_documents(seeds, table):
    counts = seeds["counts"][seeds["counts"]["speaker"] != "(unattributed)"]
    pairs = counts[["speaker", "doc_id"]].drop_duplicates()
    several = pairs[pairs.groupby("speaker")["doc_id"].transform("size") > 1]
    expected = sorted(f"{s} @ {d}" for s, d in several.itertuples(index=False))
    rows = seeds[table]
    assert sorted(set(rows.loc[rows["unit_type"] == "occasion", "unit"])) == expected
    assert {"Sadiq Khan @ khan_speech_2016", "Sadiq Khan @ memo_2017", "Sadiq Khan @ cityhall_2017"} <= set(expected)


@pytest.mark.parametrize("table", ["readability", "rhetoric", "frames"])
def test_occasion_rows_come_after_the_speaker_rows_and_before_the_document_rows(seeds, table):
    types = seeds[table]["unit_type"].drop_duplicates().tolist()
    assert types == ["speaker", "occasion", "document"] == list(UNIT_TYPES)


def test_an_occasions_words_are_its_speakers_words_in_that_document(seeds):
    readability, counts = seeds["readability"], seeds["counts"]
    khan = readability[(readability["unit_type"] == "occasion") & readability["unit"].str.startswith("Sadiq Khan @ ")]
    for unit, words in khan[["unit", "words"]].itertuples(index=False):
        doc_id = unit.split(" @ ")[1]
        assert words == counts.loc[(counts["speaker"] == "Sadiq Khan") & (counts["doc_id"] == doc_id), "words"].sum()
    speaker = readability[(readability["unit_type"] == "speaker") & (readability["unit"] == "Sadiq Khan")]
    assert khan["words"].sum() == speaker["words"].item()


def test_occasions_have_streams_of_their_own(seeds):
    readability = seeds["readability"]
    seeds_of = {t: {unit_seed(0, (u,))[1] for u in readability.loc[readability["unit_type"] == t, "unit"]}
                for t in UNIT_TYPES}
    assert not seeds_of["occasion"] & (seeds_of["speaker"] | seeds_of["document"])


def test_speaker_and_document_rows_do_not_depend_on_the_occasions(seeds):
    from analysis import readability_table
    from analysis.measures.readability import readability_units

    table = readability_table(seeds["counts"], n_boot=50)
    for unit_type in ("speaker", "document"):
        alone = readability_units(seeds["counts"], unit_type, n_boot=50)
        pd.testing.assert_frame_equal(table[table["unit_type"] == unit_type].reset_index(drop=True), alone)

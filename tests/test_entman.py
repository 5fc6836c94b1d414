"""Specification of the Entman agreement: cue rules applied to every sentence, scored against a reader.

Kappa, precision and recall are checked on a hand-worked 2x2 table; the hand-coded
fixture is checked to cover every seed sentence once, with the reviewed sentences
coded as its notes say; no level of agreement is asserted, since that is what the
chapter reports, not a property of the code.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from analysis.measures import frames
from analysis.measures.frames import (
    AGREEMENT_COLUMNS,
    ENTMAN_FUNCTIONS,
    ENTMAN_HAND_CODED,
    cohen_kappa,
    entman_agreement,
    entman_cue_codes,
    read_entman_hand_coded,
)

from .seed_corpus import seed_sentences

FIXTURE = Path(__file__).parent / "fixtures" / "entman_hand_coded.csv"
NOTES = FIXTURE.with_suffix(".md")


def codes(**columns: list[int]) -> pd.DataFrame:
    """A coding of sentences d:1..n, every function 0 unless given."""
    n = len(next(iter(columns.values())))
    table = pd.DataFrame({"doc_id": "d", "sentence_id": range(1, n + 1)})
    for function in ENTMAN_FUNCTIONS:
        table[function] = columns.get(function, [0] * n)
    return table


# ------------------------------------------------------------------ the measure


def test_kappa_of_a_hand_worked_two_by_two_table():
    # both 3, hand only 1, cues only 2, neither 4 (n = 10):
    # p_o = 7/10; hand shares 4/10, cues 5/10; p_c = 0.4 * 0.5 + 0.6 * 0.5 = 0.5; kappa = 0.2 / 0.5.
    assert cohen_kappa(3, 1, 2, 4) == pytest.approx(0.4)


def test_kappa_is_one_for_perfect_agreement_zero_at_chance_and_undefined_for_constant_codes():
    assert cohen_kappa(2, 0, 0, 3) == 1
    assert cohen_kappa(1, 1, 1, 1) == 0  # p_o = p_c = 1/2
    assert cohen_kappa(1, 2, 2, 0) < 0  # less than chance
    assert math.isnan(cohen_kappa(0, 0, 0, 5)) and math.isnan(cohen_kappa(4, 0, 0, 0))


def test_agreement_counts_the_two_by_two_table_and_scores_it():
    hand = codes(treatment_recommendation=[1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    cues = codes(treatment_recommendation=[1, 1, 1, 0, 1, 1, 0, 0, 0, 0])
    table = entman_agreement(cues, hand)
    assert list(table.columns) == AGREEMENT_COLUMNS
    assert table["function"].tolist() == list(ENTMAN_FUNCTIONS)
    row = table.set_index("function").loc["treatment_recommendation"]
    assert (row["sentences"], row["hand"], row["cues"]) == (10, 4, 5)
    assert (row["both"], row["hand_only"], row["cues_only"], row["neither"]) == (3, 1, 2, 4)
    assert row["precision"] == pytest.approx(3 / 5) and row["recall"] == pytest.approx(3 / 4)
    assert row["observed_agreement"] == pytest.approx(0.7) and row["chance_agreement"] == pytest.approx(0.5)
    assert row["kappa"] == pytest.approx(0.4)


def test_agreement_is_undefined_where_no_sentence_is_coded():
    row = entman_agreement(codes(moral_evaluation=[0, 0]), codes(moral_evaluation=[0, 0])).iloc[2]
    assert row["neither"] == 2 and row["observed_agreement"] == 1
    assert math.isnan(row["precision"]) and math.isnan(row["recall"]) and math.isnan(row["kappa"])


def test_agreement_pairs_sentences_by_key_not_by_row_order():
    hand = codes(problem_definition=[1, 0, 0])
    cues = codes(problem_definition=[1, 0, 0]).iloc[::-1]
    assert entman_agreement(cues, hand).iloc[0]["kappa"] == 1


def test_agreement_refuses_a_sentence_in_one_table_only():
    with pytest.raises(ValueError, match="sentence d:3 is not in the cue table"):
        entman_agreement(codes(problem_definition=[1, 0]), codes(problem_definition=[1, 0, 0]))
    with pytest.raises(ValueError, match="sentence d:3 is not in the hand codes"):
        entman_agreement(codes(problem_definition=[1, 0, 0]), codes(problem_definition=[1, 0]))


def test_agreement_refuses_codes_made_for_another_sentence_splitting():
    hand, cues = codes(problem_definition=[1, 0]), codes(problem_definition=[1, 0])
    hand["text"], cues["text"] = ["A threat.", "We act."], ["A threat. We act.", ""]
    with pytest.raises(ValueError, match="d:1 reads 'A threat.' in the hand codes .* another sentence splitting"):
        entman_agreement(cues, hand)


def test_agreement_refuses_a_missing_function_a_repeated_sentence_and_a_code_not_zero_or_one():
    with pytest.raises(ValueError, match="cue table: missing column"):
        entman_agreement(codes(problem_definition=[1]).drop(columns="moral_evaluation"), codes(problem_definition=[1]))
    twice = pd.concat([codes(problem_definition=[1])] * 2)
    with pytest.raises(ValueError, match="hand codes: sentence d:1 appears twice"):
        entman_agreement(codes(problem_definition=[1]), twice)
    with pytest.raises(ValueError, match="cue table: treatment_recommendation holds a value other than 0 or 1"):
        entman_agreement(codes(treatment_recommendation=[2]), codes(treatment_recommendation=[1]))


# ------------------------------------------------------------------ the cue rules


def test_cue_codes_need_a_cue_of_the_function_and_a_topic_term():
    sentences = pd.DataFrame({"doc_id": "d", "segment_id": 1, "sentence_id": [1, 2], "speaker": "S",
                              "kind": "speech", "text": ["We must tackle extremism.", "We must tackle congestion."]})
    coded = entman_cue_codes(sentences)
    assert coded["treatment_recommendation"].tolist() == [1, 0]
    assert list(coded.columns) == ["doc_id", "sentence_id", "speaker", "kind", "text", *ENTMAN_FUNCTIONS]


def test_cue_codes_give_every_seed_sentence_a_code_and_contain_the_evidence_table():
    sentences = seed_sentences()
    coded = entman_cue_codes(sentences)
    assert len(coded) == len(sentences)
    evidence = frames.entman_table(sentences)
    carried = {(r.doc_id, f, r.sentence_id) for r in coded.itertuples() for f in ENTMAN_FUNCTIONS
               if getattr(r, f) == 1}
    for row in evidence.itertuples():
        if pd.isna(row.sentence_id):  # "no sentence matches": the per-sentence coding finds none either
            assert not any(d == row.doc_id and f == row.function for d, f, _ in carried)
        else:
            assert (row.doc_id, row.function, row.sentence_id) in carried


# ------------------------------------------------------------------ the fixture


def hand_codes() -> pd.DataFrame:
    return read_entman_hand_coded(FIXTURE)


def test_the_fixture_covers_every_seed_sentence_exactly_once_with_its_text():
    hand, sentences = hand_codes(), seed_sentences()
    assert not hand.duplicated(["doc_id", "sentence_id"]).any()
    keys = ["doc_id", "sentence_id"]
    merged = sentences[[*keys, "text"]].merge(hand[[*keys, "text"]], on=keys, how="outer", indicator=True)
    assert (merged["_merge"] == "both").all() and len(hand) == len(sentences)
    assert (merged["text_x"] == merged["text_y"]).all()


def test_the_fixture_says_who_coded_when_and_before_the_cue_rules():
    header = "\n".join(line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.startswith("#"))
    assert "Who:" in header and "AI model" in header and "2026-12-08" in header and "BEFORE" in header
    notes = NOTES.read_text(encoding="utf-8")
    assert "entman1993" in notes and "define problems" in notes and "suggest" in notes


def test_the_fixture_codes_the_three_reviewed_sentences_as_its_notes_explain():
    hand = hand_codes().set_index(["doc_id", "sentence_id"])
    arrest = hand.loc[("pa_2024", 8)]  # "he would be arrested if he did not leave": the incident, not a remedy
    assert "would be arrested" in arrest["text"]
    assert arrest[list(ENTMAN_FUNCTIONS)].tolist() == [1, 0, 0, 0]
    parent = hand.loc[("khan_speech_2016", 36)]  # "something that no parent should have to do": a judgement
    assert "no parent should have to do" in parent["text"]
    assert parent[list(ENTMAN_FUNCTIONS)].tolist() == [1, 0, 1, 0]
    stewart = hand.loc["stewart_2020"]  # the plan's remedies are not problems for what they are meant to stop
    for sentence_id in (6, 24, 32):
        assert stewart.loc[sentence_id, list(ENTMAN_FUNCTIONS)].tolist() == [0, 0, 0, 1]


def test_agreement_on_the_fixture_has_one_row_per_function_over_every_sentence():
    table = entman_agreement(entman_cue_codes(seed_sentences()), hand_codes())
    assert table.shape == (len(ENTMAN_FUNCTIONS), len(AGREEMENT_COLUMNS))
    assert table["function"].tolist() == list(ENTMAN_FUNCTIONS)
    assert (table["sentences"] == len(seed_sentences())).all()
    cells = table[["both", "hand_only", "cues_only", "neither"]].sum(axis=1)
    assert (cells == table["sentences"]).all()
    assert (table["hand"] == hand_codes()[list(ENTMAN_FUNCTIONS)].sum().to_numpy()).all()


# ------------------------------------------------------------------ what the book shows


def test_the_book_shows_agreement_in_per_cent_and_kappa_to_two_decimals():
    from analysis import book

    hand = codes(treatment_recommendation=[1, 1, 0, 0, 1, 0], problem_definition=[1, 0, 0, 0, 0, 0])
    cues = codes(treatment_recommendation=[1, 0, 1, 0, 1, 0], problem_definition=[1, 0, 0, 0, 0, 0])
    view = book.entman_agreement_view(entman_agreement(cues, hand))
    remedy = view.set_index("function").loc["treatment recommendation"]
    # 2x2: both 2, hand only 1, cues only 1, neither 2; p_o = 4/6, p_c = 1/2, kappa = 1/3.
    assert remedy[["coded by hand", "coded by the cues", "coded by both"]].tolist() == [3, 3, 2]
    assert remedy["precision (%)"] == 67 and remedy["recall (%)"] == 67 and remedy["Cohen's kappa"] == 0.33
    numbers = book.entman_numbers(entman_agreement(cues, hand), hand)
    assert numbers["entman_remedy_kappa"] == 0.33 and numbers["entman_problem_kappa"] == 1.0
    assert numbers["entman_kappa_min"] == 0.33 and numbers["entman_kappa_max"] == 1.0
    assert numbers["entman_sentences"] == 6 and numbers["entman_documents"] == 1


def test_the_book_counts_the_hand_codes_per_document_in_entmans_order():
    from analysis import book

    counts = book.entman_hand_counts(hand_codes())
    assert counts["document"].tolist() == sorted(hand_codes()["doc_id"].unique())
    assert counts.columns.tolist()[2:] == ["problem definition", "causal interpretation", "moral evaluation",
                                          "treatment recommendation"]
    assert counts["sentences"].sum() == len(hand_codes())
    stewart = counts.set_index("document").loc["stewart_2020"]
    assert stewart["treatment recommendation"] == 25 and stewart["sentences"] == 33  # the fixture's notes


# ------------------------------------------------------------------ bad fixtures


def write_fixture(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "codes.csv"
    header = "doc_id,sentence_id,text," + ",".join(ENTMAN_FUNCTIONS)
    path.write_text("# a header line\n" + "\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_reading_a_fixture_keeps_a_hash_inside_a_sentence_as_text(tmp_path):
    table = read_entman_hand_coded(write_fixture(tmp_path, ["d,1,see london.gov.uk#acc,0,0,0,1"]))
    assert table.loc[0, "text"] == "see london.gov.uk#acc" and table.loc[0, "treatment_recommendation"] == 1


def test_reading_a_fixture_names_the_file_and_line_of_a_code_not_zero_or_one(tmp_path):
    path = write_fixture(tmp_path, ["d,1,A threat.,1,0,0,0", "d,2,We act.,0,0,0,yes"])
    with pytest.raises(ValueError, match=r"codes\.csv, line 4: treatment_recommendation is 'yes', not 0 or 1"):
        read_entman_hand_coded(path)


def test_reading_a_fixture_names_a_sentence_coded_twice_and_a_missing_column(tmp_path):
    with pytest.raises(ValueError, match=r"line 4: sentence d:1 is coded twice"):
        read_entman_hand_coded(write_fixture(tmp_path, ["d,1,A.,1,0,0,0", "d,1,A.,1,0,0,0"]))
    path = tmp_path / "short.csv"
    path.write_text("doc_id,sentence_id,text,problem_definition\nd,1,A.,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"short\.csv: missing column\(s\) causal_interpretation"):
        read_entman_hand_coded(path)


def test_the_default_fixture_is_the_seed_codes():
    assert read_entman_hand_coded().equals(hand_codes())
    assert ENTMAN_HAND_CODED.endswith(FIXTURE.name)

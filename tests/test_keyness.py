"""Specification of keyness (analysis.measures.keyness) and of keyness.csv.

G2 and Log Ratio are worked by hand from 2x2 tables in each test; term counts
are checked on seed sentences counted by hand and, for the corpus, against an
independent count with a regular expression.
"""

from __future__ import annotations

import doctest

import math
import re

import pandas as pd
import pytest

from analysis.book import keyness_numbers
from analysis.measures import keyness as keyness_module
from analysis import UNATTRIBUTED, sentence_counts
from analysis.measures.keyness import (
    KEYNESS_COLUMNS,
    MIN_COUNT,
    MIN_G2,
    ZERO_ADJUSTMENT,
    g2,
    log_ratio,
    p_value,
    speakers,
    term_counts,
    textstat_keyness,
    top_terms,
)


@pytest.fixture(scope="module")
def seed_counts(seed_sentences) -> pd.DataFrame:
    return term_counts(seed_sentences)


# --- The statistics, by hand ---------------------------------------------------------------------------


def test_g2_of_a_word_the_target_overuses():
    # a = 10 of c = 1,000 target words; b = 20 of d = 9,000 reference words.
    # E1 = 1000 * 30 / 10000 = 3; E2 = 9000 * 30 / 10000 = 27.
    # G2 = 2 * (10 ln(10/3) + 20 ln(20/27)) = 2 * (12.0397 - 6.0021) = 12.0753
    expected = 2 * (10 * math.log(10 / 3) + 20 * math.log(20 / 27))
    assert float(g2(10, 20, 1000, 9000)) == pytest.approx(expected)
    assert expected == pytest.approx(12.0753, abs=1e-4)


def test_g2_with_a_word_the_reference_never_uses():
    # a = 5 of 100, b = 0 of 900: E1 = 100 * 5 / 1000 = 0.5; 0 ln 0 = 0. G2 = 2 * 5 ln(5 / 0.5) = 10 ln 10.
    assert float(g2(5, 0, 100, 900)) == pytest.approx(10 * math.log(10))


def test_g2_is_negative_for_a_word_the_target_underuses_and_zero_for_equal_rates():
    # The first table with target and reference swapped: E1 = 27, E2 = 3, the same magnitude, 20/9000 < 10/1000.
    assert float(g2(20, 10, 9000, 1000)) == pytest.approx(-2 * (20 * math.log(20 / 27) + 10 * math.log(10 / 3)))
    assert float(g2(20, 10, 9000, 1000)) < 0
    assert float(g2(3, 27, 1000, 9000)) == 0.0  # 3/1000 = 27/9000


def test_log_ratio_is_the_binary_log_of_the_ratio_of_relative_frequencies():
    # (10/1000) / (20/9000) = 0.01 / 0.00222 = 4.5
    assert float(log_ratio(10, 20, 1000, 9000)) == pytest.approx(math.log2(4.5))
    # twice as frequent is +1, half as frequent -1
    assert float(log_ratio(2, 1, 100, 100)) == pytest.approx(1.0)
    assert float(log_ratio(1, 2, 100, 100)) == pytest.approx(-1.0)


def test_log_ratio_replaces_a_zero_count_by_one_half():
    # b = 0 becomes 0.5: (5/100) / (0.5/900) = 90
    assert ZERO_ADJUSTMENT == 0.5
    assert float(log_ratio(5, 0, 100, 900)) == pytest.approx(math.log2(90))


def test_p_value_is_the_chi_square_tail_with_one_degree_of_freedom():
    assert float(p_value(3.841458820694124)) == pytest.approx(0.05, abs=1e-9)
    assert float(p_value(-3.841458820694124)) == pytest.approx(0.05, abs=1e-9)  # sign is direction only
    assert float(p_value(0.0)) == 1.0


# --- Counting -------------------------------------------------------------------------------------------


def test_term_counts_are_lower_cased_words_per_speaker():
    sentences = pd.DataFrame({
        "speaker": ["Sadiq Khan", "Sadiq Khan", "Rory Stewart"],
        # khan_speech_2016 sentences 39 and 50, and a made-up line
        "text": ["I’ll act to keep Londoners safe.", "I am determined to do what is necessary to keep Londoners safe.",
                 "Keep London safe."],
    })
    counts = term_counts(sentences).set_index(["speaker", "term"])["count"]
    # Khan: keep 2, londoners 2, safe 2, to 3 (act to, determined to, necessary to), i'll 1, i 1.
    assert counts[("Sadiq Khan", "keep")] == 2 and counts[("Sadiq Khan", "to")] == 3
    assert counts[("Sadiq Khan", "i'll")] == 1 and counts[("Sadiq Khan", "i")] == 1
    assert counts[("Rory Stewart", "keep")] == 1 and ("Rory Stewart", "londoners") not in counts.index
    assert counts.sum() == 6 + 12 + 3


def test_counts_from_the_tokens_column_equal_counts_from_the_text(seed_sentences, seed_counts):
    pd.testing.assert_frame_equal(term_counts(sentence_counts(seed_sentences)), seed_counts)


@pytest.mark.parametrize("texts", [[], [""], ["Öl und Zürich", "", "zürich öl", "Zebra. Apple", "Éclair"]])
def test_counts_from_tokens_and_from_text_agree_on_edge_cases(texts):
    """No sentence, an empty sentence, and terms and speakers beyond ASCII, whose order is by code point."""
    speakers = ["Zoë", "Ann", "Émile", "Zoë", "Ann"][: len(texts)]
    table = pd.DataFrame({"speaker": pd.Series(speakers, dtype=str), "text": pd.Series(texts, dtype=str)})
    pd.testing.assert_frame_equal(term_counts(sentence_counts(table.assign(
        doc_id="d", segment_id=0, sentence_id=range(len(texts)), kind="speech"))), term_counts(table))


def test_khans_i_is_counted_as_an_independent_count_finds_it(seed_sentences, seed_counts):
    # The pronoun I standing alone (not I'll, I've, I'm), by a regular expression instead of the tokenizer.
    khan = seed_sentences[seed_sentences["speaker"] == "Sadiq Khan"]["text"]
    by_regex = sum(len(re.findall(r"(?<![\w'’])I(?![\w'’])", t)) for t in khan)
    counted = seed_counts[(seed_counts["speaker"] == "Sadiq Khan") & (seed_counts["term"] == "i")]["count"]
    assert counted.item() == by_regex


# --- The keyness table ------------------------------------------------------------------------------------


def test_a_two_speaker_table_worked_by_hand():
    counts = pd.DataFrame({"speaker": ["A", "A", "B", "B"], "term": ["we", "the", "we", "the"],
                           "count": [10, 990, 20, 8980]})
    table = textstat_keyness(counts, target="A", min_count=1, min_g2=3.84)
    assert list(table.columns) == KEYNESS_COLUMNS
    we = table.set_index("term").loc["we"]
    assert (we["count_target"], we["count_reference"]) == (10, 20)
    assert we["g2"] == pytest.approx(12.0753, abs=1e-4)
    assert we["log_ratio"] == pytest.approx(math.log2(4.5))
    # "the": 990/1000 against 8980/9000, used less by A: not A's, however low the bar.
    assert table["term"].tolist() == ["we"]
    assert textstat_keyness(counts, target="A", min_count=1, min_g2=1e-9)["term"].tolist() == ["we"]


# --- Which words are distinctive: the thresholds -------------------------------------------------------


def test_the_g2_threshold_is_the_critical_value_at_one_in_ten_thousand():
    # Rayson, Berridge & Francis (2004): 15.13 is the chi-square (1 d.f.) critical value at p < 0.0001.
    assert MIN_G2 == 15.13 and MIN_COUNT == 5
    assert float(p_value(MIN_G2)) == pytest.approx(1e-4, rel=1e-2)


def test_a_word_just_below_the_g2_threshold_is_left_out():
    # A word used 5 times in A's 1,000 words and never in B's: E1 = 1000 * 5 / (1000 + d), b = 0,
    # so G2 = 2 * 5 ln(5 / E1) = 10 ln((1000 + d) / 1000).
    # d = 3,000: 10 ln 4 = 13.86 < 15.13, left out; d = 4,000: 10 ln 5 = 16.09, listed.
    for d, listed in ((3000, False), (4000, True)):
        counts = pd.DataFrame({"speaker": ["A", "A", "B"], "term": ["cve", "the", "the"], "count": [5, 995, d]})
        table = textstat_keyness(counts, target="A")
        assert ("cve" in set(table["term"])) == listed, d
        assert float(g2(5, 0, 1000, d)) == pytest.approx(10 * math.log((1000 + d) / 1000))


def test_a_word_used_fewer_than_five_times_is_left_out_however_high_its_g2():
    # 4 of A's 100 words, none of B's 9,900: G2 = 8 ln 100 = 36.8, far past 15.13, but only 4 uses.
    counts = pd.DataFrame({"speaker": ["A", "A", "B"], "term": ["cve", "the", "the"], "count": [4, 96, 9900]})
    assert float(g2(4, 0, 100, 9900)) == pytest.approx(8 * math.log(100))
    assert textstat_keyness(counts, target="A").empty
    assert textstat_keyness(counts, target="A", min_count=4)["term"].tolist() == ["cve"]


def test_every_seed_word_past_both_thresholds_is_listed_and_no_other(seed_counts):
    table = textstat_keyness(seed_counts)
    totals = seed_counts.groupby("speaker")["count"].sum()
    by_term = seed_counts.groupby("term")["count"].sum()
    expected = set()
    for row in seed_counts.itertuples(index=False):
        a = row.count
        b = by_term[row.term] - a
        c = totals[row.speaker]
        if a >= MIN_COUNT and float(g2(a, b, c, totals.sum() - c)) >= MIN_G2:
            expected.add((row.speaker, row.term))
    assert set(zip(table["target"], table["term"], strict=True)) == expected
    assert (table["g2"] >= MIN_G2).all() and (table["count_target"] >= MIN_COUNT).all()
    assert (table["log_ratio"] > 0).all() and (table["p_value"] < 1e-4).all()


def test_common_words_are_not_listed_as_distinctive_of_the_seeds(seed_counts):
    # "the" and "a" passed in the first version of the table, with p = 0.89-0.94.
    assert not {"the", "a"} & set(textstat_keyness(seed_counts)["term"])


def test_a_higher_bar_lists_a_subset(seed_counts):
    low = textstat_keyness(seed_counts, min_g2=3.84)
    high = textstat_keyness(seed_counts)
    pairs = set(zip(low["target"], low["term"], strict=True))
    assert set(zip(high["target"], high["term"], strict=True)) < pairs


# --- Unattributed words -------------------------------------------------------------------------------------


def test_unattributed_words_are_neither_a_target_nor_in_the_reference():
    counts = pd.DataFrame({
        "speaker": ["A", "A", "B", UNATTRIBUTED, UNATTRIBUTED],
        "term": ["cve", "the", "the", "cve", "the"],
        "count": [10, 990, 9000, 50, 50],
    })
    table = textstat_keyness(counts)
    assert UNATTRIBUTED not in set(table["target"])
    # As if the unattributed words were not there: A's "cve" against B's 9,000 words, not the 50 "cve".
    pd.testing.assert_frame_equal(table, textstat_keyness(counts[counts["speaker"] != UNATTRIBUTED]))
    assert table.set_index("term").loc["cve", "count_reference"] == 0
    assert speakers(counts) == ["A", "B"]
    with pytest.raises(ValueError, match="no speaker"):
        textstat_keyness(counts, target=UNATTRIBUTED)
    with pytest.raises(ValueError, match="at least two speakers"):
        textstat_keyness(counts[counts["speaker"] != "B"])


def test_counts_of_several_documents_are_added_up(seed_sentences, seed_counts):
    per_document = pd.concat([term_counts(doc) for _, doc in seed_sentences.groupby("doc_id")], ignore_index=True)
    pd.testing.assert_frame_equal(textstat_keyness(per_document), textstat_keyness(seed_counts))


def test_the_reference_is_every_other_speaker_pooled(seed_counts):
    table = textstat_keyness(seed_counts, min_count=1)
    totals = seed_counts.groupby("term")["count"].sum()
    assert (table["count_target"] + table["count_reference"] == table["term"].map(totals)).all()


def test_the_minimum_count_applies_to_the_target(seed_counts):
    table = textstat_keyness(seed_counts, min_count=5)
    assert (table["count_target"] >= 5).all()
    assert set(table["target"]) <= set(seed_counts["speaker"])


def test_rows_are_sorted_by_target_then_most_distinctive(seed_counts):
    table = textstat_keyness(seed_counts, min_count=3)
    for _, rows in table.groupby("target", sort=False):
        assert rows["g2"].is_monotonic_decreasing
    assert table["target"].is_monotonic_increasing


def test_khans_most_distinctive_word_is_i(seed_counts):
    top = top_terms(textstat_keyness(seed_counts, min_count=3), ["Sadiq Khan"], n=1)
    assert top["term"].tolist() == ["i"]


def test_bad_input_is_refused(seed_counts):
    with pytest.raises(ValueError, match="at least two speakers"):
        textstat_keyness(seed_counts[seed_counts["speaker"] == "Sadiq Khan"])
    with pytest.raises(ValueError, match="no speaker"):
        textstat_keyness(seed_counts, target="Boris Johnson")
    with pytest.raises(ValueError, match="min_count"):
        textstat_keyness(seed_counts, min_count=0)
    for bad in (0, -3.84, True, "15.13"):
        with pytest.raises(ValueError, match="min_g2"):
            textstat_keyness(seed_counts, min_g2=bad)
    with pytest.raises(ValueError, match="negative"):
        textstat_keyness(seed_counts.assign(count=-1))
    with pytest.raises(ValueError, match="lack column"):
        textstat_keyness(seed_counts.drop(columns="count"))
    with pytest.raises(TypeError, match="not str"):
        term_counts(pd.DataFrame({"speaker": ["A"], "text": [None]}))


def test_numbers_for_the_prose(seed_counts):
    numbers = keyness_numbers(textstat_keyness(seed_counts, min_count=3), {"khan": "Sadiq Khan"}, n=2)
    assert numbers["khan_term_1"] == "i"
    assert all(type(v) in (int, float, str) for v in numbers.values())
    with pytest.raises(ValueError, match="fewer than"):
        keyness_numbers(textstat_keyness(seed_counts, min_count=3), {"x": "Matt Twist"}, n=3)


def test_the_examples_in_the_docstrings_are_true():
    result = doctest.testmod(keyness_module)
    assert result.attempted > 0 and result.failed == 0


def test_the_figure_has_a_panel_per_target_with_its_top_words(seed_counts):
    from analysis.book import figures

    table = textstat_keyness(seed_counts, min_count=3)
    fig = figures.keyness_bars(table, ["Sadiq Khan", "Rory Stewart campaign"], n_terms=4)
    assert len(fig.axes) == 2
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == top_terms(table, ["Sadiq Khan"], 4)["term"].tolist()


def test_the_chapters_calls_give_three_words_for_each_voice_it_names(seed_sentences):
    """chapters/03_rhetoric.ipynb: its table (at least three uses), numbers, top five and figure of ten."""
    from analysis.book import figures

    targets = {"khan": "Sadiq Khan", "office": "Mayor of London press office", "campaign": "Rory Stewart campaign"}
    key = textstat_keyness(term_counts(seed_sentences), min_count=3)
    numbers = keyness_numbers(key, targets)
    assert [numbers[f"khan_term_{k}"] for k in (1, 2, 3)] == ["i", "that", "extremists"]
    assert [numbers[f"campaign_term_{k}"] for k in (1, 2)] == ["rory", "would"]
    top = top_terms(key, list(targets.values()), n=5)
    assert (top["g2"] >= MIN_G2).all()
    fig = figures.keyness_bars(key, list(targets.values()), n_terms=10)
    assert len(fig.axes) == 3

"""The shared sentence bootstrap (Benoit, Munger & Spirling 2019)."""

import numpy as np
import pandas as pd
import pytest

from analysis.bootstrap import bootstrap_units, resample_sums, unit_seed


def rate(sums):
    """Hits per 1,000 words from summed (words, hits)."""
    return np.stack([1000 * sums[..., 1] / sums[..., 0]])


def table():
    # Speaker A: 4 sentences of 10 words with 0, 1, 2, 3 hits -> 6 / 40 words = 150 per 1,000.
    # Speaker B: one sentence of 20 words with 1 hit -> 50 per 1,000.
    return pd.DataFrame(
        {
            "speaker": ["A", "A", "A", "A", "B"],
            "words": [10, 10, 10, 10, 20],
            "hits": [0, 1, 2, 3, 1],
        }
    )


def test_estimate_is_the_statistic_of_the_unit_sums():
    result = bootstrap_units(table(), "speaker", ["words", "hits"], rate, n_boot=200)
    assert list(result.keys["speaker"]) == ["A", "B"]
    assert result.estimate[0].tolist() == [150.0, 50.0]
    assert result.sentences.tolist() == [4, 1]


def test_interval_contains_the_estimate_and_stays_within_the_possible_range():
    result = bootstrap_units(table(), "speaker", ["words", "hits"], rate, n_boot=2000)
    low, high = result.low[0, 0], result.high[0, 0]
    # A resample of four 10-word sentences has between 0 and 12 hits: 0 to 300 per 1,000.
    assert 0 <= low <= 150 <= high <= 300
    assert low < high


def test_one_sentence_gets_no_interval_rather_than_a_zero_width_one():
    result = bootstrap_units(table(), "speaker", ["words", "hits"], rate, n_boot=200)
    assert result.single.tolist() == [False, True]
    assert np.isnan(result.low[0, 1]) and np.isnan(result.high[0, 1])


def test_seeded_and_independent_of_the_other_units():
    alone = bootstrap_units(table().iloc[:4], "speaker", ["words", "hits"], rate, n_boot=300, random_state=7)
    together = bootstrap_units(table(), "speaker", ["words", "hits"], rate, n_boot=300, random_state=7)
    again = bootstrap_units(table(), "speaker", ["words", "hits"], rate, n_boot=300, random_state=7)
    assert (alone.low[0, 0], alone.high[0, 0]) == (together.low[0, 0], together.high[0, 0])
    assert np.array_equal(together.low, again.low, equal_nan=True)


def test_resample_sums_draw_whole_sentences():
    matrix = np.array([[10.0, 0.0], [10.0, 3.0]])
    sums = resample_sums(matrix, 500, np.random.default_rng(unit_seed(0, ("A",))))
    assert (sums[:, 0] == 20).all()  # two sentences of ten words, whatever was drawn
    assert set(sums[:, 1]) <= {0.0, 3.0, 6.0}


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="n_boot"):
        bootstrap_units(table(), "speaker", ["words", "hits"], rate, n_boot=0)
    with pytest.raises(ValueError, match="ci"):
        bootstrap_units(table(), "speaker", ["words", "hits"], rate, ci=1.5)

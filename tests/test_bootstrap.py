"""The shared sentence bootstrap (Benoit, Munger & Spirling 2019)."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis.stats.bootstrap import bootstrap_groups, bootstrap_units, contain, percentile_interval, resample_sums, unit_seed


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


def test_an_interval_that_misses_its_estimate_is_widened_and_flagged():
    estimates = np.array([10.0, 10.0, 10.0, np.nan])
    low = np.array([10.5, 9.0, 10.0 + 1e-12, 1.0])
    high = np.array([11.0, 11.0, 11.0, 2.0])
    undefined = np.array([False, False, False, False])
    new_low, new_high, missed, no_interval = contain(estimates, low, high, undefined)
    np.testing.assert_array_equal(missed, [True, False, False, False])  # floating-point slack is not a miss
    np.testing.assert_allclose(new_low[:3], [10.0, 9.0, 10.0])
    np.testing.assert_allclose(new_high[:3], [11.0, 11.0, 11.0])
    assert math.isnan(new_low[3]) and math.isnan(new_high[3])  # no estimate, no interval
    assert not no_interval.any()


@pytest.mark.parametrize("ci", [0.5, 0.9, 0.95, 0.99])
@pytest.mark.parametrize("n_boot", [1, 2, 7, 1000])
def test_percentile_interval_is_numpys_default_quantile(ci, n_boot):
    replicates = np.random.default_rng(3).normal(size=(4, 6, n_boot))
    replicates[0, 0] = 1.0  # ties
    low, high = percentile_interval(replicates, ci)
    expected = np.quantile(replicates, [(1 - ci) / 2, 1 - (1 - ci) / 2], axis=-1)
    assert np.array_equal(low, expected[0]) and np.array_equal(high, expected[1])  # to the last bit


def test_families_drawn_together_get_the_intervals_they_get_alone():
    values = table().assign(sentences=1, other=[5, 0, 1, 1, 2])
    keys = values[["speaker"]]
    share = lambda s: np.stack([s[..., 1] / s[..., 0]])  # noqa: E731
    rate_family = (values[["words", "hits"]].to_numpy(float), rate)
    share_family = (values[["sentences", "other"]].to_numpy(float), share)
    together = bootstrap_groups(keys, [rate_family, share_family], n_boot=300, random_state=5)
    for family, result in zip([rate_family, share_family], together, strict=True):
        (alone,) = bootstrap_groups(keys, [family], n_boot=300, random_state=5)
        for field in ("estimate", "low", "high", "sums", "sentences"):
            assert np.array_equal(getattr(alone, field), getattr(result, field), equal_nan=True)


def test_the_units_of_a_family_must_be_contiguous():
    values = table().iloc[[0, 4, 1, 2, 3]]
    with pytest.raises(ValueError, match="contiguous"):
        bootstrap_groups(values[["speaker"]], [(values[["words", "hits"]].to_numpy(float), rate)])
    with pytest.raises(ValueError, match="rows"):
        bootstrap_groups(table()[["speaker"]], [(np.ones((3, 2)), rate)])


def test_a_units_interval_does_not_depend_on_the_order_of_the_rows():
    values = table().assign(doc_id="d", segment_id=0, sentence_id=range(5))
    shuffled = values.iloc[[3, 4, 0, 2, 1]]
    ordered = bootstrap_units(values, "speaker", ["words", "hits"], rate, n_boot=300)
    again = bootstrap_units(shuffled, "speaker", ["words", "hits"], rate, n_boot=300)
    assert np.array_equal(ordered.low, again.low, equal_nan=True)
    assert np.array_equal(ordered.high, again.high, equal_nan=True)


# --- Units: unattributed words are no speaker's -----------------------------------------------------------


def test_unattributed_sentences_belong_to_no_speaker_but_to_their_document():
    from analysis.stats.bootstrap import NOT_A_UNIT, is_unit
    from analysis import UNATTRIBUTED

    sentences = table().assign(doc_id=["d1", "d1", "d2", "d2", "d2"], speaker=["A", UNATTRIBUTED, "A", "A", "B"])
    from analysis.stats.bootstrap import with_unit_column

    assert NOT_A_UNIT["speaker"] == frozenset({UNATTRIBUTED})
    assert is_unit(sentences, "speaker").tolist() == [True, False, True, True, True]
    assert is_unit(sentences, "doc_id").all()
    # Nor to an occasion; B speaks in one document only, so has none either.
    assert is_unit(with_unit_column(sentences, "occasion"), "occasion").tolist() == [True, False, True, True, False]


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_unit_groups_hold_whole_speakers_and_no_unattributed_sentence(jobs):
    from analysis.stats.bootstrap import unit_groups
    from analysis import UNATTRIBUTED

    sentences = table().assign(speaker=["A", UNATTRIBUTED, "A", "A", "B"])
    groups = unit_groups(sentences, "speaker", jobs)
    assert np.sort(np.concatenate(groups)).tolist() == [0, 2, 3, 4]
    for group in groups:  # a speaker's sentences all in one group
        members = sentences["speaker"].iloc[group]
        assert sorted(group) == np.flatnonzero(sentences["speaker"].isin(set(members))).tolist()

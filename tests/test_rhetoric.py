"""Specification of the rhetoric features (analysis.measures.rhetoric) and of rhetoric.csv.

Feature counts are checked on seed sentences counted by hand, word by word;
the counting is written beside each test. Rates and intervals are checked on
small tables worked by hand, and on the whole seed corpus for the invariants
of the export (every interval contains its value, small units carry a
caution, the order of rows).
"""

from __future__ import annotations

import doctest

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentimentIntensityAnalyzer

from analysis import book
from analysis.measures import rhetoric
from analysis.stats.bootstrap import SINGLE_SENTENCE_NOTE
from analysis.measures.readability import CAUTION_MIN_WORDS
from analysis.stats.bootstrap import CAUTION_MIN_SENTENCES
from analysis.measures.rhetoric import feature_names, read_features, rhetoric_table, sentence_features, vader_compound

REPO = Path(__file__).resolve().parents[1]
#: The feature names the issue fixes; others may be added, these may not go.
REQUIRED_FEATURES = [
    "first_person_singular",
    "first_person_plural",
    "second_person",
    "third_person_plural",
    "obligation",
    "commitment",
    "certainty",
    "hedging",
    "negation",
    "questions",
    "sentiment",
]


def table(*texts: str, speaker: str = "Sadiq Khan", doc_id: str = "khan_speech_2016") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": doc_id,
            "segment_id": 0,
            "sentence_id": range(1, len(texts) + 1),
            "speaker": speaker,
            "kind": "speech",
            "text": list(texts),
        }
    )


def counts(text: str) -> dict[str, int]:
    """The non-zero counts of one sentence (sentiment left out)."""
    row = sentence_features(table(text)).iloc[0]
    return {name: int(row[name]) for name in ["words", *feature_names()[:-1]] if row[name]}


@pytest.fixture(scope="module")
def seed_features(seed_sentences) -> pd.DataFrame:
    return sentence_features(seed_sentences)


@pytest.fixture(scope="module")
def seed_table(seed_features) -> pd.DataFrame:
    return rhetoric_table(seed_features, n_boot=400)


# --- The word lists ---------------------------------------------------------------------------------


def test_the_issue_features_are_all_there_in_order_and_sentiment_is_last():
    names = feature_names()
    assert [n for n in names if n in REQUIRED_FEATURES] == REQUIRED_FEATURES
    assert names[-1] == "sentiment"


def test_every_feature_names_its_source_and_every_cited_key_is_in_the_bibliography():
    bibliography = (REPO / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"@\w+\{([^,]+),", bibliography))
    for feature in rhetoric.features():
        assert feature.source.strip(), feature.name
        if feature.kind != "questions":
            assert feature.reference in keys, f"{feature.name}: add {feature.reference} to references.bib"


def test_intensifiers_are_words_vader_itself_treats_as_boosters():
    intensifiers = {f.name: f for f in rhetoric.features()}["intensifiers"]
    assert intensifiers.words, "the list is not empty"
    for word in intensifiers.words:
        assert BOOSTER_DICT.get(word, 0) > 0, word


def test_the_threat_list_is_the_whole_240_word_dictionary_of_choi_et_al():
    threat = {f.name: f for f in rhetoric.features()}["threat"]
    assert len(threat.words) == 240 and not (threat.prefixes or threat.suffixes or threat.phrases)
    assert {"terrorism", "threat", "vulnerable", "protect", "security"} <= threat.words


def test_rooduijn_and_pauwels_stems_match_their_inflections():
    populism = {f.name: f for f in rhetoric.features()}["populism"]
    assert populism.matches("elites") and populism.matches("establishment") and populism.matches("betrayal")
    assert populism.matches("politicians") and populism.matches("propaganda")
    assert not populism.matches("elected") and not populism.matches("police")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("on the whole", "exactly two words"),
        ("ex*tremism", "only at the start or end"),
        ("Must", "lower-case"),
        (True, "lower-case"),  # what YAML makes of an unquoted "true"
    ],
)
def test_a_malformed_entry_is_refused(tmp_path, entry, message):
    path = tmp_path / "features.yaml"
    path.write_text(
        "features:\n"
        "  obligation: {kind: lexicon, label: x, description: x, source: x, reference: x, entries: [%s]}\n"
        "  sentiment: {kind: vader_compound, label: x, description: x, source: x, reference: x}\n"
        % (("true" if entry is True else f'"{entry}"'),),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=message):
        read_features(path)


def test_a_feature_without_a_source_is_refused(tmp_path):
    path = tmp_path / "features.yaml"
    path.write_text(
        "features:\n  obligation: {kind: lexicon, label: x, description: x, reference: x, entries: [must]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="lacks"):
        read_features(path)


# --- Counting in seed sentences, by hand ------------------------------------------------------------


def test_a_contraction_is_a_pronoun_and_a_commitment():
    # khan_speech_2016: I'll | act | to | keep | Londoners | safe = 6 words; I'll is "I" and "'ll".
    assert counts("I’ll act to keep Londoners safe.") == {"words": 6, "first_person_singular": 1, "commitment": 1}


def test_two_word_obligations_are_counted_once_each():
    # khan_speech_2016, 18 words: I had to discuss police protection with my young daughters
    # something that no parent should have to do.  I, my: 2; had to, should, have to: 3; no: 1.
    assert counts(
        "I had to discuss police protection with my young daughters – something that no parent should have to do."
    ) == {"words": 18, "first_person_singular": 2, "obligation": 3, "negation": 1}


def test_khans_call_to_report_hate_crime():
    # memo_2017, 19 words. I: 1; must: 1; they: 1; attack: a threat word, and emotive (VADER -2.1).
    assert counts(
        "One thing I have said is that Londoners must report all and every attack in which they are involved."
    ) == {"words": 19, "first_person_singular": 1, "third_person_plural": 1, "obligation": 1, "threat": 1,
          "emotive": 1}


def test_the_mayors_warning():
    # cityhall_2017, 21 words. we: 1; can't: 1 (n't); threat words: warned, escape, threat, violent (4);
    # emotive (|VADER| >= 2): threat (-2.4), violent (-2.9).
    assert counts(
        "But, as the experts have warned, we can’t escape the fact that the capital faces a growing threat "
        "from violent extremism."
    ) == {"words": 21, "first_person_plural": 1, "negation": 1, "threat": 4, "emotive": 2}


def test_the_commissioners_reassurance():
    # pa_2024, 16 words. We: 1; absolutely: an intensifier; vulnerable, terrorist, attacks: threat (3);
    # emotive: terrorist (-3.7) only (attacks -1.9 and vulnerable -0.9 are below 2).
    assert counts(
        "We absolutely understand how vulnerable Jewish and Muslim Londoners feel since the terrorist attacks on Israel."
    ) == {"words": 16, "first_person_plural": 1, "intensifiers": 1, "threat": 3, "emotive": 1}


def test_the_campaign_writes_its_promises_with_would():
    # stewart_2020, 25 words (the dash is not one), "would" twice; "dedicated" is emotive (VADER +2.0).
    assert counts(
        "As Mayor Rory would triple the number of uniformed police on the streets of London – and these would be "
        "neighbourhood officers, dedicated to specific wards."
    ) == {"words": 25, "hypothetical": 2, "emotive": 1}


def test_case_tells_the_modal_and_the_pronoun_from_names():
    # May (the month, the surname) and US (the United States) mid-sentence are names; "us" is the pronoun.
    assert counts("The Met will meet Theresa May in May, and the US team will brief us.") == {
        "words": 15, "first_person_plural": 1, "commitment": 2}
    # Capitalised as the first word of its sentence, a word counts: Must, we; and it is a question.
    assert counts("Must we wait?") == {"words": 3, "first_person_plural": 1, "obligation": 1, "questions": 1}


def test_a_question_is_a_sentence_ending_in_a_question_mark():
    assert counts("Who will keep London safe?")["questions"] == 1
    assert counts("Who will keep London safe?”")["questions"] == 1  # a closing quotation mark after it
    assert "questions" not in counts("“Why?” he asked.")


def test_a_phrase_does_not_run_across_sentences():
    features = sentence_features(table("We need", "to act now."))
    assert features["obligation"].tolist() == [0, 0]


def test_sentiment_is_vaders_compound_score_of_the_sentence():
    text = "Extremism is a cancer eating away at our society and it is a problem that is getting worse."
    expected = SentimentIntensityAnalyzer().polarity_scores(text)["compound"]
    assert sentence_features(table(text))["sentiment"].iloc[0] == expected


def test_vader_reads_we_will_not_let_the_terrorists_win_as_positive():
    # The misreading the chapter quotes: "win" (+2.8) outweighs "terrorists", and "not" does not reach "win".
    assert vader_compound([book.SENTIMENT_PROBE])[0] == pytest.approx(0.796, abs=1e-3)


def test_counting_is_per_sentence_so_documents_can_be_counted_apart(seed_sentences, seed_features):
    apart = pd.concat(
        [sentence_features(doc) for _, doc in seed_sentences.groupby("doc_id", sort=False)], ignore_index=True
    )
    pd.testing.assert_frame_equal(apart, seed_features)


def test_the_features_table_keeps_the_sentences_and_adds_int_counts(seed_sentences, seed_features):
    assert list(seed_features.columns) == ["doc_id", "segment_id", "sentence_id", "speaker", "kind", "words",
                                           *feature_names()]
    assert len(seed_features) == len(seed_sentences)
    for name in ["words", *feature_names()[:-1]]:
        assert seed_features[name].dtype == np.int64, name
    assert seed_features["sentiment"].between(-1, 1).all()


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="lacks column"):
        sentence_features(table("x").drop(columns="speaker"))
    with pytest.raises(TypeError, match="not str"):
        sentence_features(table("x").assign(text=[None]))


# --- Rates, intervals and rhetoric.csv ----------------------------------------------------------------


def test_a_rate_is_hits_per_thousand_words_and_sentiment_a_mean_per_sentence():
    # 6 + 11 = 17 words; commitment: I'll, will = 2, so 1000 * 2 / 17.
    texts = ["I’ll act to keep Londoners safe.", "And if gaps are identified, I will act to fill them."]
    out = rhetoric_table(sentence_features(table(*texts)), n_boot=200)
    speaker = out[out["unit_type"] == "speaker"].set_index("feature")
    assert speaker.loc["commitment", "value"] == pytest.approx(1000 * 2 / 17)
    assert speaker.loc["first_person_singular", "value"] == pytest.approx(1000 * 2 / 17)
    compound = [SentimentIntensityAnalyzer().polarity_scores(t)["compound"] for t in texts]
    assert speaker.loc["sentiment", "value"] == pytest.approx(sum(compound) / 2)
    assert speaker["words"].iloc[0] == 17 and speaker["sentences"].iloc[0] == 2


def test_the_table_has_speakers_then_occasions_then_documents_each_sorted_features_in_order(seed_table):
    assert list(seed_table.columns) == rhetoric.RHETORIC_COLUMNS
    kinds = seed_table["unit_type"].tolist()
    assert kinds == sorted(kinds, key=["speaker", "occasion", "document"].index)
    for unit_type, part in seed_table.groupby("unit_type", sort=False):
        units = part["unit"].drop_duplicates().tolist()
        assert units == sorted(units), unit_type
        for _, rows in part.groupby("unit", sort=False):
            assert rows["feature"].tolist() == feature_names()


def test_every_interval_contains_its_value_and_only_single_sentences_have_none(seed_table):
    bounded = seed_table.dropna(subset=["ci_low", "ci_high"])
    assert (bounded["ci_low"] <= bounded["value"]).all()
    assert (bounded["value"] <= bounded["ci_high"]).all()
    unbounded = seed_table[seed_table["ci_low"].isna() | seed_table["ci_high"].isna()]
    assert (unbounded["sentences"] == 1).all() and len(unbounded) > 0
    assert unbounded["caution"].str.contains(SINGLE_SENTENCE_NOTE, regex=False).all()


def test_small_units_carry_a_caution_like_the_readability_table(seed_table):
    for row in seed_table.drop_duplicates(["unit_type", "unit"]).itertuples():
        assert (f"fewer than {CAUTION_MIN_WORDS} words" in row.caution) == (row.words < CAUTION_MIN_WORDS)
        assert (f"fewer than {CAUTION_MIN_SENTENCES} sentences" in row.caution) == (
            row.sentences < CAUTION_MIN_SENTENCES)


def test_units_cover_every_sentence(seed_table, seed_features):
    for unit_type in ("speaker", "document"):
        per_unit = seed_table[(seed_table["unit_type"] == unit_type) & (seed_table["feature"] == "questions")]
        assert per_unit["words"].sum() == seed_features["words"].sum()
        assert per_unit["sentences"].sum() == len(seed_features)


def test_intervals_are_reproducible_and_a_units_interval_ignores_other_units(seed_features):
    khan = seed_features[seed_features["speaker"] == "Sadiq Khan"]
    alone = rhetoric_table(khan, n_boot=300, random_state=7)
    together = rhetoric_table(seed_features, n_boot=300, random_state=7)
    pick = ["unit", "feature", "value", "ci_low", "ci_high"]
    a = alone[alone["unit_type"] == "speaker"][pick].reset_index(drop=True)
    b = together[(together["unit_type"] == "speaker") & (together["unit"] == "Sadiq Khan")][pick]
    pd.testing.assert_frame_equal(a, b.reset_index(drop=True))
    assert rhetoric_table(khan, n_boot=300, random_state=7).equals(alone)


def test_khan_speaks_as_i_far_more_than_the_press_office(seed_table):
    # The chapter's first finding, as a specification of the seed data: the intervals do not overlap.
    speakers = seed_table[(seed_table["unit_type"] == "speaker") & (seed_table["feature"] == "first_person_singular")]
    rates = speakers.set_index("unit")
    assert rates.loc["Mayor of London press office", "value"] == 0
    assert rates.loc["Sadiq Khan", "ci_low"] > rates.loc["Mayor of London press office", "ci_high"]


def test_a_table_without_the_feature_columns_is_refused(seed_features):
    with pytest.raises(ValueError, match="lacks column"):
        rhetoric_table(seed_features.drop(columns="negation"))
    with pytest.raises(ValueError, match="n_boot"):
        rhetoric_table(seed_features, n_boot=0)


def test_compare_units_shows_value_and_interval(seed_table):
    view = book.compare_units(seed_table, "document", ["khan_speech_2016"], ["commitment"])
    row = seed_table[(seed_table["unit"] == "khan_speech_2016") & (seed_table["feature"] == "commitment")].iloc[0]
    assert view.iloc[0, 1] == f"{row['value']:.1f} [{row['ci_low']:.1f}, {row['ci_high']:.1f}]"
    single = book.compare_units(seed_table, "speaker", ["Jeff Halper"], ["threat"])
    assert single.iloc[0, 1].endswith("[no interval]")
    with pytest.raises(ValueError, match="no document"):
        book.compare_units(seed_table, "document", ["no_such_doc"])


def test_numbers_for_the_prose_are_plain_python(seed_table, seed_features):
    numbers = book.rhetoric_numbers(seed_table, {"khan": ("speaker", "Sadiq Khan")}, ["commitment"], seed_features)
    numbers |= book.sentiment_numbers(seed_features)
    assert all(type(v) in (int, float) for v in numbers.values())
    assert numbers["khan_commitment_low"] <= numbers["khan_commitment"] <= numbers["khan_commitment_high"]
    assert numbers["total_commitment"] == int(seed_features["commitment"].sum())
    assert numbers["n_negative"] + numbers["n_positive"] + numbers["n_neutral"] == numbers["n_sentences"]
    assert not math.isnan(numbers["probe_sentiment"])


def test_the_examples_in_the_docstrings_are_true():
    result = doctest.testmod(rhetoric)
    assert result.attempted > 0 and result.failed == 0


def test_the_figure_has_a_panel_per_feature_and_a_row_per_unit(seed_table):
    from analysis.book import figures

    units = book.main_units(seed_table)
    fig = figures.rhetoric_dots(seed_table, ["commitment", "hypothetical"], units, labels=rhetoric.feature_labels())
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 2
    assert [t.get_text() for t in visible[0].get_yticklabels()] == units
    assert visible[1].get_title(loc="left") == "hypothetical (would)"


def test_unit_rows_note_each_statistics_flags_after_its_units_reasons():
    """Row u*k + j is unit u's j-th statistic; a statistic's own notes follow the unit's reasons."""
    from analysis.stats.bootstrap import UnitIntervals
    from analysis.measures.rhetoric import feature_names, unit_rows

    k = len(feature_names())
    keys = pd.DataFrame({"speaker": ["B", "A"]})  # rows come back sorted by unit
    shape = (k, 2)
    no_interval = np.zeros(shape, dtype=bool)
    missed = np.zeros(shape, dtype=bool)
    no_interval[0, 1] = True  # A's first feature
    missed[k - 1, 0] = missed[k - 1, 1] = True  # both units' sentiment
    estimate = np.arange(2 * k, dtype=float).reshape(shape)
    sums = np.array([[5000.0] + [0.0] * (k + 1), [40.0] + [0.0] * (k + 1)])
    result = UnitIntervals(keys, sums, np.array([300, 3]), estimate, estimate - 1, estimate + 1, missed,
                           no_interval, np.array([False, False]))
    table = unit_rows(result, "speaker")
    assert table["unit"].tolist() == ["A"] * k + ["B"] * k
    assert table["feature"].tolist() == feature_names() * 2
    a, b = table[table["unit"] == "A"], table[table["unit"] == "B"]
    small = "fewer than 100 words; fewer than 10 sentences"
    assert a["caution"].iloc[0] == small + "; no interval: undefined in some resamples"
    assert a["caution"].iloc[k - 1] == small + "; interval widened to include the estimate"
    assert set(a["caution"].iloc[1 : k - 1]) == {small}
    assert b["caution"].iloc[k - 1] == "interval widened to include the estimate"
    assert set(b["caution"].iloc[: k - 1]) == {""}
    assert a["value"].tolist() == estimate[:, 1].tolist() and b["words"].tolist() == [5000] * k


def test_unit_rows_of_no_unit_are_an_empty_table_of_the_columns():
    from analysis.stats.bootstrap import UnitIntervals
    from analysis.measures.rhetoric import RHETORIC_COLUMNS, feature_names, unit_rows

    k = len(feature_names())
    none = np.zeros((k, 0))
    result = UnitIntervals(pd.DataFrame({"doc_id": pd.Series([], dtype=str)}), np.zeros((0, k + 2)), np.zeros(0),
                           none, none, none, none.astype(bool), none.astype(bool), np.zeros(0, dtype=bool))
    pd.testing.assert_frame_equal(unit_rows(result, "document"), pd.DataFrame(columns=RHETORIC_COLUMNS))


# --- The file's keys, domains and guards ----------------------------------------------------------

MINIMAL = (
    "features:\n"
    "  threat: {kind: lexicon, label: x, description: x, source: x, reference: x, entries: [attack, attacks]%s}\n"
    "  sentiment: {kind: vader_compound, label: x, description: x, source: x, reference: x}\n"
)


@pytest.mark.parametrize(("text", "message"), [
    ("domian: news\n" + MINIMAL % "", "unknown key\\(s\\) domian"),
    (MINIMAL % ", unles: []", "feature threat: unknown key\\(s\\) unles"),
    (MINIMAL % ", min_abs_valence: 2", "feature threat: unknown key\\(s\\) min_abs_valence"),
    (MINIMAL % ", unless: [{phrase: political attack, why: x}]", "unless\\[0\\] lacks \\['added'\\]"),
    (MINIMAL % ", unless: [{phrase: political attack, why: x, added: x, note: x}]", "unknown key\\(s\\) note"),
    (MINIMAL % ", unless: [{phrase: housing target, why: x, added: x}]", "must contain a word the feature counts"),
    (MINIMAL % ", unless: [{phrase: Political attack, why: x, added: x}]", "has capitals"),
])
def test_a_setting_the_loader_does_not_understand_is_refused(tmp_path, text, message):
    path = tmp_path / "features.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=f"{re.escape(str(path))}.*{message}"):
        read_features(path)


def test_the_threat_lexicon_states_its_domain_and_keeps_the_published_list_whole():
    by_name = {f.name: f for f in rhetoric.features()}
    threat = by_name["threat"]
    assert threat.topic_bound and threat.domain.startswith("collective threat")
    assert not by_name["hedging"].topic_bound and "any topic" in by_name["hedging"].domain
    assert len(threat.words) == 240 and {"attack", "attacks", "targets", "security", "forces"} <= threat.words
    assert len(threat.exclusions) > 50


def test_a_guard_drops_a_two_word_entry_inside_its_phrase(tmp_path, monkeypatch, request):
    path = tmp_path / "features.yaml"
    path.write_text(
        "features:\n"
        "  obligation: {kind: lexicon, label: x, description: x, source: x, reference: x, entries: [need to],\n"
        "    unless: [{phrase: need to know, why: x, added: x}]}\n"
        "  sentiment: {kind: vader_compound, label: x, description: x, source: x, reference: x}\n",
        encoding="utf-8",
    )
    custom = read_features(path)
    assert custom[0].exclusions == (("need", "to", "know"),)
    request.addfinalizer(rhetoric._lexicon_row.cache_clear)  # the shipped features' rows again afterwards
    rhetoric._lexicon_row.cache_clear()
    monkeypatch.setattr(rhetoric, "features", lambda: custom)
    assert sentence_features(table("We need to know.", "We need to act."))["obligation"].tolist() == [0, 1]


@pytest.mark.parametrize("text", [
    "The Mayor's attack on the council's record was unfair.",
    "Her attack on the Mayor's budget was a political attack.",
    "The leader came under attack from critics over the housing plans.",
    "We will meet our housing targets and the 2030 targets for new homes.",
    "Tenants need security of tenure and job security.",
    "The boroughs joined forces against market forces in the housing market.",
    "Families face the threat of eviction and the threat of closure of the library.",
    "There has been an explosion in house prices and an explosion in rents.",
    "The plan met a storm of protest and a war of words; it was political suicide.",
    "The night tube is a victim of its own success.",
])
def test_the_everyday_senses_of_threat_words_do_not_count_as_threat(text):
    assert counts(text).get("threat", 0) == 0, counts(text)


@pytest.mark.parametrize(("text", "threat"), [
    # cityhall_2017:10: tragic | terrorist | attacks = 3
    ("London has suffered four tragic terrorist attacks at Westminster, London Bridge, Finsbury Park and Parsons "
     "Green, and many more have been thwarted.", 3),
    # khan_speech_2016:54: kill | terrorist | attack = 3
    ("But our officers will know that if they are required to shoot to kill to keep Londoners safe during a "
     "terrorist attack \u2013 I will have their back.", 3),
    # stewart_2020:35: forces (police forces, no guard reaches them) | terrorist | threats = 3
    ("In future Rory would increase cooperation with the police forces of other global capitals, such as Paris and "
     "New York, to make sure that the Met stays at the cutting edge even as terrorist threats evolve.", 3),
    ("Terrorists look for soft targets.", 2),
])
def test_the_threat_senses_of_guarded_words_still_count(text, threat):
    assert counts(text)["threat"] == threat

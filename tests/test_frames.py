"""Specification of frame coding: the schemes as data, the matching rules, the measures and their validation.

Every frame's terms are checked on real seed sentences that should and should
not carry the frame (false friends included); shares and intervals are checked
against values worked out by hand; the dictionary is scored against the
hand-coded fixture, whose codes were written before the dictionary was run.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis import book, sentence_counts
from analysis.book import figures
from analysis.measures import frames
from analysis.cli import main
from analysis.paths import data_file, repo_root
from analysis.stats.bootstrap import SINGLE_SENTENCE_NOTE, resample_sums, unit_seed
from analysis.text.matcher import compiled_glob
from analysis.measures.frames import SchemeError, code_sentences, frame_shares, parse_scheme
from analysis.measures.frames import coding as frame_coding
from analysis.text.tokens import normalise, tokens, words

from .seed_corpus import seed_sentences

FIXTURE = Path(__file__).parent / "fixtures" / "frames_hand_coded.csv"
CONTEST_FRAMES = ["prevent", "pursue", "protect", "prepare"]
PFC_FRAMES = [
    "economic", "capacity_and_resources", "morality", "fairness_and_equality", "legality",
    "policy_prescription", "crime_and_punishment", "security_and_defense", "health_and_safety",
    "quality_of_life", "cultural_identity", "public_opinion", "political",
    "external_regulation_and_reputation", "other",
]


def seed_coded() -> pd.DataFrame:
    return code_sentences(seed_sentences())


def one_sentence(text: str, speaker: str = "S", doc_id: str = "d") -> pd.DataFrame:
    return pd.DataFrame({"doc_id": doc_id, "segment_id": 1, "sentence_id": [1], "speaker": speaker,
                         "kind": "speech", "text": [text]})


def sentences_of(texts: list[str], speaker: str = "S", doc_id: str = "d") -> pd.DataFrame:
    return pd.DataFrame({"doc_id": doc_id, "segment_id": 1, "sentence_id": range(1, len(texts) + 1),
                         "speaker": speaker, "kind": "speech", "text": texts})


def carries(text: str, scheme: str, frame: str) -> bool:
    return bool(code_sentences(one_sentence(text))[f"has_{scheme}_{frame}"].iloc[0])


# ----------------------------------------------------------------- the schemes


def test_the_schemes_have_the_frames_of_their_sources_in_order():
    assert frames.read_scheme("contest").frame_names == CONTEST_FRAMES
    assert frames.read_scheme("pfc").frame_names == PFC_FRAMES
    assert [s.name for s in frames.schemes()] == ["contest", "pfc"]


@pytest.mark.parametrize("scheme", frames.SCHEME_NAMES)
def test_every_frame_has_a_definition_a_source_and_reasoned_terms(scheme):
    for frame in frames.read_scheme(scheme).frames:
        assert frame.definition and frame.source and frame.scope
        assert frame.terms, frame.name
        assert all(term.why for term in frame.terms)


def test_the_contest_definitions_quote_the_strategy():
    definitions = {f.name: f.definition for f in frames.read_scheme("contest").frames}
    assert definitions["prevent"] == "To stop people becoming terrorists or supporting terrorism."
    assert definitions["pursue"] == "To stop terrorist attacks."
    assert definitions["protect"] == "To strengthen our protection against a terrorist attack."
    assert definitions["prepare"] == "To mitigate the impact of a terrorist attack."


def test_only_the_pfc_other_frame_is_residual():
    residual = [(s.name, f.name) for s in frames.schemes() for f in s.frames if f.residual]
    assert residual == [("pfc", "other")]


def test_the_a_priori_dictionary_is_the_final_one_without_the_revisions():
    revisions = frames.revisions_table()
    assert set(revisions["change"]) == {"added", "retired"}
    assert revisions["reason"].str.len().min() > 10
    final = {(s.name, f.name, t.label) for s in frames.schemes() for f in s.frames for t in f.terms}
    first = {(s.name, f.name, t.label) for s in frames.schemes("a_priori") for f in s.frames for t in f.terms}
    terms = revisions[~revisions["entry"].str.contains(", unless: ") & ~revisions["entry"].str.startswith("name: ")]
    added = set(map(tuple, terms.loc[terms["change"] == "added", ["scheme", "frame", "entry"]].to_numpy()))
    retired = set(map(tuple, terms.loc[terms["change"] == "retired", ["scheme", "frame", "entry"]].to_numpy()))
    assert final - first == added - retired
    assert first - final == retired - added


def test_the_validated_dictionary_is_the_final_one_without_the_domain_review():
    revisions = frames.revisions_table()
    assert set(revisions["review"]) == {"validation", "domain"}
    final = {(s.name, f.name, t.label) for s in frames.schemes() for f in s.frames for t in f.terms}
    validated = {(s.name, f.name, t.label) for s in frames.schemes("validated") for f in s.frames for t in f.terms}
    domain = revisions[(revisions["review"] == "domain") & ~revisions["entry"].str.contains(", unless: ")
                       & ~revisions["entry"].str.startswith("name: ")]
    added = set(map(tuple, domain.loc[domain["change"] == "added", ["scheme", "frame", "entry"]].to_numpy()))
    retired = set(map(tuple, domain.loc[domain["change"] == "retired", ["scheme", "frame", "entry"]].to_numpy()))
    assert final - validated == added - retired
    assert validated - final == retired - added


def test_the_domain_review_changes_the_coding_of_no_seed_sentence(seed_sentences):
    """The chapter says so: the guards for senses outside terrorism leave every seed sentence's frames as they were."""
    final = frames.code_sentences(seed_sentences, frames.schemes("final"))
    validated = frames.code_sentences(seed_sentences, frames.schemes("validated"))
    pd.testing.assert_frame_equal(final, validated)


MINIMAL = """
scheme: toy
title: Toy
source: A source.
citation_key: toy2000
frames:
  - frame: alpha
    label: Alpha
    definition: The alpha frame.
    source: p. 1
    scope: Anything alpha.
    terms:
      - term: alpha
        why: "Alpha named."
"""


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('        why: "Alpha named."', '        why: "Alpha named."\n        unles: []', "terms[0] 'alpha': unknown key(s) unles"),
        ('        why: "Alpha named."\n', "", "terms[0] 'alpha': missing key(s) why"),
        ("      - term: alpha", "      - term: Alpha", "'Alpha' has capitals"),
        ("      - term: alpha", "      - term: al%pha", "'al%pha' is not a word pattern"),
        ("      - term: alpha", "      - term: \"alpha\u2019s\"", "write apostrophes straight"),
        ('        why: "Alpha named."', '        why: "Alpha named."\n        unless:\n          - phrase: beta gamma\n'
         '            why: "No."', "must contain the term's words"),
        ('        why: "Alpha named."', '        why: "Alpha named."\n      - term: [beta, alpha]\n        why: "Again."',
         "'alpha' is already a term of this frame"),
        ('        why: "Alpha named."', '        why: "Alpha named."\n        added_after_validation: x\n'
         '        retired_after_validation: y', "one revision mark at most"),
        ("    scope: Anything alpha.\n", "", "frames[0]: missing key(s) scope"),
        ("frames:", "frames: [", "not valid YAML"),
        ("frames:", "names: Alpha Trust\nframes:", "names must be a list"),
        ("frames:", "names:\n  - name: Alpha Trust\nframes:", "names[0] 'Alpha Trust': missing key(s) why"),
        ("frames:", "names:\n  - name: alpha trust\n    why: x\nframes:", "written with its capitals"),
        ("frames:", "names:\n  - name: A B\n    why: x\n  - name: A B\n    why: y\nframes:", "'A B' appears twice"),
    ],
)
def test_a_bad_scheme_file_is_refused_naming_the_file_and_the_entry(old, new, message):
    assert old in MINIMAL
    with pytest.raises(SchemeError) as error:
        parse_scheme(MINIMAL.replace(old, new), "toy.yaml")
    assert str(error.value).startswith("toy.yaml: ")
    assert message in str(error.value)


def test_the_minimal_scheme_file_is_valid():
    scheme = parse_scheme(MINIMAL, "toy.yaml")
    assert scheme.frame_names == ["alpha"] and scheme.frames[0].terms[0].variants == (("alpha",),)


def test_a_name_masks_its_words_from_every_term_of_the_scheme():
    scheme = parse_scheme(MINIMAL.replace("frames:", "names:\n  - name: Alpha Trust\n    why: An organisation.\nframes:"),
                          "toy.yaml")
    assert [name.label for name in scheme.names] == ["Alpha Trust"]
    texts = ["The Alpha Trust met.", "Trust alpha.", "The alpha trust met.", "Alpha Trust and alpha again."]
    coded = code_sentences(sentences_of(texts), [scheme])
    # Inside the name (with its capitals) alpha is no indicator; elsewhere, and in lower case, it is.
    assert coded["has_toy_alpha"].tolist() == [False, True, True, True]
    assert coded["hits_toy_alpha"].tolist() == [0, 1, 1, 1]
    kwic = frames.kwic_table(sentences_of(texts), scheme_list=[scheme])
    assert kwic["sentence_id"].tolist() == [2, 3, 4] and kwic["left"].iloc[-1] == "Alpha Trust and"


def test_the_community_security_trust_is_neither_security_nor_public_opinion():
    sentence = seed_sentences().query("doc_id == 'pa_2024' and sentence_id == 31")
    assert "Community Security Trust" in sentence["text"].iloc[0]
    final = code_sentences(sentence).iloc[0]
    assert not final["has_pfc_security_and_defense"] and not final["has_pfc_public_opinion"]
    assert final["has_pfc_cultural_identity"]  # "Jewish community": the name masks only its own words
    first = code_sentences(sentence, frames.schemes("a_priori")).iloc[0]
    assert first["has_pfc_security_and_defense"] and first["has_pfc_public_opinion"]  # the name came after validation
    assert carries("Our security depends on public trust.", "pfc", "security_and_defense")
    assert carries("Our security depends on public trust.", "pfc", "public_opinion")


# ------------------------------------------------------- each frame on seed sentences

# (doc_id, sentence_id, scheme, frame, expected, why): real seed sentences,
# including the false friends each exclusion exists for.
SEED_CASES = [
    ("khan_speech_2016", 79, "contest", "prevent", True, "the Prevent programme named"),
    ("cityhall_2017", 3, "contest", "prevent", True, "safeguarding and extremist ideologies"),
    ("pa_2024", 4, "contest", "prevent", False, "protest policing, no counter-extremism"),
    ("khan_speech_2016", 63, "contest", "pursue", True, "the intelligence services stopping attacks"),
    ("stewart_2020", 22, "contest", "pursue", True, "people convicted of terrorism offences"),
    ("cityhall_2017", 16, "contest", "pursue", False, "a threat named, not an investigation"),
    ("memo_2017", 8, "contest", "protect", True, "barriers"),
    ("cityhall_2017", 27, "contest", "protect", True, "CCTV and security along the Thames"),
    ("khan_speech_2016", 19, "contest", "protect", False, "the borders of Iraq and Syria are not UK border security"),
    ("khan_speech_2016", 41, "contest", "prepare", True, "emergency services and an exercise"),
    ("stewart_2020", 7, "contest", "prepare", True, "armed rapid response capacity"),
    ("pa_2024", 24, "contest", "prepare", False, "a public response is not the emergency response"),
    ("memo_2017", 14, "pfc", "economic", True, "huge amounts of money"),
    ("memo_2017", 15, "pfc", "economic", True, "marketability of products"),
    ("stewart_2020", 7, "pfc", "economic", False, "investment in policing is a resource, not the economy"),
    ("khan_speech_2016", 58, "pfc", "capacity_and_resources", True, "cuts to the Met"),
    ("stewart_2020", 7, "pfc", "capacity_and_resources", True, "investment in response capacity"),
    ("stewart_2020", 33, "pfc", "capacity_and_resources", False, "the cutting edge is not a cut"),
    ("khan_speech_2016", 22, "pfc", "morality", True, "a perverse and disgusting ideology"),
    ("cityhall_2017", 6, "pfc", "morality", True, "vile ideologies"),
    ("memo_2017", 23, "pfc", "morality", False, "hate crime is a crime category, not moral condemnation"),
    ("memo_2017", 18, "pfc", "fairness_and_equality", True, "Islamophobic incidents"),
    ("pa_2024", 33, "pfc", "fairness_and_equality", True, "race or religion"),
    ("khan_speech_2016", 73, "pfc", "fairness_and_equality", False, "British Muslims speaking out"),
    ("pa_2024", 23, "pfc", "legality", False, "policing marches, no law named"),
    ("khan_speech_2016", 79, "pfc", "policy_prescription", True, "overhaul programmes"),
    ("cityhall_2017", 12, "pfc", "policy_prescription", True, "assessment of programmes"),
    ("pa_2024", 11, "pfc", "policy_prescription", False, "an apology accepted"),
    ("khan_speech_2016", 58, "pfc", "crime_and_punishment", True, "The Met, capitalised"),
    ("memo_2017", 23, "pfc", "crime_and_punishment", True, "hate crime"),
    ("cityhall_2017", 33, "pfc", "crime_and_punishment", False, "the Deputy Mayor for Policing and Crime is an office"),
    ("khan_speech_2016", 8, "pfc", "security_and_defense", True, "a deadly threat"),
    ("khan_speech_2016", 85, "pfc", "security_and_defense", True, "keeping Londoners safe"),
    ("pa_2024", 4, "pfc", "security_and_defense", False, "threatened with arrest is not a threat to security"),
    ("khan_speech_2016", 52, "pfc", "health_and_safety", True, "killing"),
    ("khan_speech_2016", 35, "pfc", "health_and_safety", False, "death threats are not deaths"),
    ("cityhall_2017", 16, "pfc", "health_and_safety", False, "violent extremism names the issue"),
    ("khan_speech_2016", 15, "pfc", "quality_of_life", True, "anguish"),
    ("khan_speech_2016", 29, "pfc", "quality_of_life", True, "worry about my daughters"),
    ("khan_speech_2016", 56, "pfc", "quality_of_life", False, "neighbourhood policing on London's streets"),
    ("khan_speech_2016", 73, "pfc", "cultural_identity", True, "British Muslims"),
    ("pa_2024", 27, "pfc", "cultural_identity", True, "Jewish and Muslim Londoners"),
    ("memo_2017", 6, "pfc", "cultural_identity", False, "Jewish News is a newspaper"),
    ("cityhall_2017", 4, "pfc", "cultural_identity", False, "Islamic State is a terrorist group"),
    ("pa_2024", 4, "pfc", "public_opinion", True, "an outcry"),
    ("pa_2024", 24, "pfc", "public_opinion", True, "the confidence of communities"),
    ("pa_2024", 26, "pfc", "public_opinion", False, "feeling safe is security, not opinion"),
    ("khan_speech_2016", 57, "pfc", "political", True, "the Tories"),
    ("pa_2024", 5, "pfc", "political", True, "pressure to resign"),
    ("cityhall_2017", 9, "pfc", "political", False, "Westminster as the place of an attack"),
    ("cityhall_2017", 40, "pfc", "political", False, "the Government's Prevent Agenda is a policy's owner"),
    ("memo_2017", 3, "pfc", "external_regulation_and_reputation", True, "advice from Israel"),
    ("khan_speech_2016", 18, "pfc", "external_regulation_and_reputation", True, "the attacks on Paris"),
    ("cityhall_2017", 16, "pfc", "external_regulation_and_reputation", False, "the capital's own threat"),
    ("khan_speech_2016", 43, "pfc", "other", True, "terror named, no other dimension"),
    ("khan_speech_2016", 8, "pfc", "other", False, "the threat is the security frame"),
]


@pytest.mark.parametrize("doc_id, sentence_id, scheme, frame, expected, why", SEED_CASES,
                         ids=[f"{c[2]}:{c[3]}:{c[0]}:{c[1]}:{c[4]}" for c in SEED_CASES])
def test_each_frame_on_real_seed_sentences(doc_id, sentence_id, scheme, frame, expected, why):
    coded = seed_coded()
    row = coded[(coded["doc_id"] == doc_id) & (coded["sentence_id"] == sentence_id)]
    assert len(row) == 1
    assert bool(row[f"has_{scheme}_{frame}"].iloc[0]) is expected, why


def test_every_frame_is_specified_by_a_sentence_that_must_not_match():
    negatives = {(c[2], c[3]) for c in SEED_CASES if not c[4]}
    assert negatives == {(s.name, f) for s in frames.schemes() for f in s.frame_names}


@pytest.mark.parametrize(
    "text, scheme, frame, expected",
    [
        ("I'll work with the Government to overhaul programmes like Prevent.", "contest", "prevent", True),
        ("We must prevent attacks.", "contest", "prevent", False),  # the verb
        ("The right to protest is protected by law.", "pfc", "legality", True),  # no seed sentence names the law
        ("They met the Commissioner on Monday.", "pfc", "crime_and_punishment", False),  # the verb
        ("The Met met the Commissioner on Monday.", "pfc", "crime_and_punishment", True),
        ("The disruption to daily life was severe.", "contest", "pursue", False),
        ("Officers disrupted the plot.", "contest", "pursue", True),
    ],
)
def test_false_friends_in_sentences_written_for_the_rule(text, scheme, frame, expected):
    assert carries(text, scheme, frame) is expected


# -------------------------------------------------------------------- matching


def test_globs_match_whole_words():
    assert carries("He was radicalised online.", "contest", "prevent")  # radicali[sz]*
    assert carries("He was radicalized online.", "contest", "prevent")
    assert not carries("The ideal was clear.", "contest", "prevent")  # ideolog* needs the whole prefix
    assert carries("Counter-terrorism police arrested him.", "contest", "pursue")


def test_a_phrase_never_spans_two_sentences():
    joined = sentences_of(["Security guards were posted."])
    assert code_sentences(joined)["has_contest_protect"].tolist() == [1]
    split = sentences_of(["We need more security.", "Guards were posted."])
    assert code_sentences(split)["has_contest_protect"].tolist() == [0, 0]


def test_a_match_inside_a_longer_match_of_the_same_frame_counts_once():
    # "counter-terrorism police*" and nothing else of pursue: one hit, not two.
    coded = code_sentences(one_sentence("Counter-terrorism police were there."))
    assert coded["hits_contest_pursue"].iloc[0] == 1


def test_hits_count_every_match_across_frames():
    # pursue: counter-terrorism police, arrested, suspect; crime: police, arrested.
    coded = code_sentences(one_sentence("Counter-terrorism police arrested the suspect."))
    assert coded["hits_contest_pursue"].iloc[0] == 3
    assert coded["hits_pfc_crime_and_punishment"].iloc[0] == 2


def test_the_residual_frame_is_the_issue_without_any_named_frame():
    assert carries("Terror came to London.", "pfc", "other")
    assert not carries("The terror threat is severe.", "pfc", "other")  # security_and_defense
    assert not carries("Nothing happened.", "pfc", "other")


def test_the_tokens_column_of_the_counts_gives_the_same_coding():
    sentences = seed_sentences()
    assert code_sentences(sentence_counts(sentences)).equals(code_sentences(sentences))


@pytest.mark.parametrize("version", ["final", "a_priori"])
@pytest.mark.parametrize("extra", [
    ["PREVENT, prevent or Prevent‐style?", "It’s Prevent's duty, in Prevent’ quotes, the Met’s met"],
    ["İstanbul’s Prevent officers met the Met.", "Σ Prevent: the Met’s met"],  # word_offsets searches
])
def test_case_sensitive_terms_are_checked_against_the_words_as_tokenised(version, extra):
    # The words as written are cut from the text at word_offsets rather than
    # tokenised again: the matches kept must be those the tokeniser's words give.
    texts = [*seed_sentences()["text"], *extra]
    sentences = sentences_of(texts)
    scheme_list = frames.schemes(version)
    coding = frame_coding._code(sentences, scheme_list)
    sensitive = [t for t, term in enumerate(coding.terms) if term.case_sensitive]
    assert sensitive
    m = coding.matches
    found = sorted((int(t), int(v), int(s)) for t, v, s in zip(m.term, m.variant, m.start, strict=True) if t in sensitive)
    # The same terms without case: the candidates; kept where the words() of the sentence match with capitals.
    relaxed = [dataclasses.replace(term, case_sensitive=False) for term in coding.terms]
    candidates = frame_coding._find_matches(relaxed, coding.vocab)
    expected = []
    for t, v, start, row in zip(candidates.term, candidates.variant, candidates.start, candidates.row, strict=True):
        if t not in sensitive:
            continue
        written = words(texts[row])[start - coding.vocab.first_word[row]:]
        globs = coding.terms[t].variants[v]
        if all(compiled_glob(glob).fullmatch(word) for glob, word in zip(globs, written, strict=False)):
            expected.append((int(t), int(v), int(start)))
    assert found == sorted(expected)
    assert len(found) < len([t for t in candidates.term if t in sensitive])  # some candidates fail on case


def test_coding_is_per_sentence_so_documents_can_be_coded_apart():
    sentences = seed_sentences()
    apart = pd.concat([code_sentences(group) for _, group in sentences.groupby("doc_id", sort=True)],
                      ignore_index=True)
    together = code_sentences(sentences.sort_values(["doc_id", "sentence_id"], ignore_index=True))
    assert apart.equals(together)


def test_coding_needs_the_sentence_columns():
    with pytest.raises(ValueError, match="lacks column"):
        code_sentences(pd.DataFrame({"text": ["x"]}))


def test_an_empty_sentence_table_codes_to_an_empty_table():
    coded = code_sentences(sentences_of([]))
    assert len(coded) == 0 and "has_contest_prevent" in coded.columns


# -------------------------------------------------------------------- measures


def test_a_share_is_the_fraction_of_sentences_carrying_the_frame():
    texts = ["Extremism is a cancer.", "No.", "Yes.", "Thanks."]
    shares = frame_shares(code_sentences(sentences_of(texts)), n_boot=200)
    row = shares[shares["frame"] == "prevent"].iloc[0]
    assert row["share"] == 0.25 and row["hits"] == 1 and row["sentences"] == 4


def test_the_interval_is_the_percentile_interval_of_the_unit_s_own_resamples():
    texts = ["Extremism is a cancer.", "No.", "Radicalisation and extremism.", "Thanks.", "Fine."]
    coded = code_sentences(sentences_of(texts, speaker="S"))
    shares = frame_shares(coded, n_boot=500, random_state=7)
    row = shares[shares["frame"] == "prevent"].iloc[0]
    # By hand: the same stream the bootstrap gives speaker "S", the same resamples.
    matrix = np.column_stack([np.ones(5), coded["has_contest_prevent"].to_numpy(float)])
    sums = resample_sums(matrix, 500, np.random.default_rng(unit_seed(7, ("S",))))
    low, high = np.quantile(sums[:, 1] / sums[:, 0], [0.025, 0.975])
    assert (row["share"], row["ci_low"], row["ci_high"]) == (0.4, low, high)


def test_two_sentences_one_carrying_span_the_whole_range():
    # Resampling two sentences gives 0, 1 or 2 copies of the carrying one, with
    # probabilities 1/4, 1/2, 1/4: the 2.5th percentile is 0 and the 97.5th is 1.
    shares = frame_shares(code_sentences(sentences_of(["Extremism grows.", "No."])), n_boot=1000)
    row = shares[shares["frame"] == "prevent"].iloc[0]
    assert (row["share"], row["ci_low"], row["ci_high"]) == (0.5, 0.0, 1.0)
    assert row["caution"] == f"fewer than {frames.CAUTION_MIN_SENTENCES} sentences"


def test_a_frame_every_sentence_carries_has_a_single_point_interval_flagged():
    texts = ["Extremism grows."] * frames.CAUTION_MIN_SENTENCES
    row = frame_shares(code_sentences(sentences_of(texts)), n_boot=100).query("frame == 'prevent'").iloc[0]
    assert (row["share"], row["ci_low"], row["ci_high"]) == (1.0, 1.0, 1.0)
    assert "single point" in row["caution"]


def test_a_single_sentence_has_no_interval():
    row = frame_shares(code_sentences(one_sentence("Extremism grows.")), n_boot=100).query("frame == 'prevent'").iloc[0]
    assert row["share"] == 1.0 and pd.isna(row["ci_low"]) and pd.isna(row["ci_high"])
    assert SINGLE_SENTENCE_NOTE in row["caution"]


def test_frames_csv_is_complete_and_every_interval_contains_its_estimate():
    coded = seed_coded()
    table = frames.frames_table(coded, n_boot=200)
    assert list(table.columns) == frames.FRAMES_COLUMNS
    speakers, documents = coded["speaker"].nunique(), coded["doc_id"].nunique()
    # Sadiq Khan in three documents, Mark Rowley in two.
    occasions = 5
    n_frames = len(CONTEST_FRAMES) + len(PFC_FRAMES)
    assert len(table) == (speakers + occasions + documents) * n_frames
    assert list(dict.fromkeys(table["unit_type"])) == ["speaker", "occasion", "document"]
    assert table.groupby(["unit_type", "unit"]).size().eq(n_frames).all()
    defined = table["ci_low"].notna()
    assert (table.loc[defined, "ci_low"] <= table.loc[defined, "share"]).all()
    assert (table.loc[defined, "share"] <= table.loc[defined, "ci_high"]).all()
    assert (~defined == (table["sentences"] < 2)).all()
    small = table["sentences"] < frames.CAUTION_MIN_SENTENCES
    assert table.loc[small, "caution"].str.contains("fewer than").all()
    assert not table.loc[~small, "caution"].str.contains("fewer than").any()
    assert table["hits"].ge(0).all() and (table["hits"] >= (table["share"] > 0)).all()


def test_frames_csv_is_deterministic():
    coded = seed_coded()
    assert frames.frames_table(coded, n_boot=100).equals(frames.frames_table(coded, n_boot=100))


def test_hard_and_soft_emphasis_by_hand():
    texts = ["Police arrested the suspect.", "Extremism grows.", "Radicalisation and an arrest.", "No."]
    table = frames.emphasis_table(code_sentences(sentences_of(texts)), n_boot=200)
    row = table.iloc[0]
    # hard: sentences 1 and 3 (pursue); soft: sentences 2 and 3 (prevent).
    assert (row["hard"], row["soft"], row["difference"]) == (0.5, 0.5, 0.0)
    assert row["difference_ci_low"] <= 0.0 <= row["difference_ci_high"]


def test_hard_and_soft_must_be_contest_strands():
    with pytest.raises(ValueError, match="not a CONTEST strand"):
        frames.emphasis_table(seed_coded(), hard=("security",))


# ------------------------------------------------------------ keyword in context


def test_every_hit_has_one_kwic_line_quoting_the_sentence():
    sentences = seed_sentences()
    coded, kwic = frames.code_sentences_with_kwic(sentences)
    assert list(kwic.columns) == frames.KWIC_COLUMNS
    hit_columns = [c[3] for c in frames.frame_columns()]
    assert len(kwic) == int(coded[hit_columns].to_numpy().sum())
    texts = sentences.set_index(["doc_id", "sentence_id"])["text"]
    for line in kwic.itertuples(index=False):
        text = texts[(line.doc_id, line.sentence_id)]
        assert line.match in text and line.left in text and line.right in text
    assert kwic.equals(frames.kwic_table(sentences))


def test_a_kwic_line_shows_the_words_as_written():
    line = frames.kwic_table(one_sentence("Overhaul programmes like Prevent."), window=2)
    prevent = line[(line["scheme"] == "contest")].iloc[0]
    assert (prevent["left"], prevent["match"], prevent["right"], prevent["term"]) == (
        "programmes like", "Prevent", "", "Prevent")  # context is words: the stop is not one


# ------------------------------------------------------------------- validation


def hand_codes() -> pd.DataFrame:
    return frames.read_hand_coded(FIXTURE)


def test_the_hand_coded_fixture_is_large_enough_and_says_how_and_when_it_was_coded():
    header = [line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert any("How:" in line for line in header) and any("When:" in line for line in header)
    assert len(hand_codes()) >= 150


def test_the_hand_codes_belong_to_the_seed_sentences_as_split_now():
    hand = hand_codes()
    table = frames.validate(seed_coded(), hand, seed_sentences())
    assert table["sentences"].eq(len(hand)).all()


def test_precision_and_recall_by_hand():
    coded = code_sentences(sentences_of(["Extremism grows.", "Radicalisation.", "No.", "Terror."]))
    hand = pd.DataFrame({"doc_id": "d", "sentence_id": [1, 2, 3, 4], "text": "",
                         "contest": ["prevent", "", "prevent", ""], "pfc": ""})
    row = frames.validate(coded, hand).query("scheme == 'contest' and frame == 'prevent'").iloc[0]
    # dictionary: sentences 1 and 2; hand: 1 and 3; both: 1.
    assert (row["hand"], row["dictionary"], row["both"], row["precision"], row["recall"]) == (2, 2, 1, 0.5, 0.5)
    assert np.isnan(frames.validate(coded, hand).query("frame == 'pursue'").iloc[0]["precision"])


def test_validation_refuses_codes_for_other_sentences_or_frames():
    coded = seed_coded()
    hand = hand_codes()
    with pytest.raises(ValueError, match="another sentence splitting"):
        frames.validate(coded, hand.assign(text="changed"), seed_sentences())
    with pytest.raises(ValueError, match="unknown contest frame"):
        frames.validate(coded, hand.assign(contest="deter"))
    with pytest.raises(ValueError, match="not in the coded table"):
        frames.validate(coded[coded["doc_id"] != "pa_2024"], hand)


def test_the_first_dictionary_scored_out_of_sample_as_reported():
    # The a priori dictionary met the hand codes once; its pooled counts are the
    # book's out-of-sample validation and must not drift. (They moved once, from
    # contest 118/79/73 and pfc 332/363/206, when partial quotes and repeats left the
    # sentence table and the fixture was re-keyed: see its header.)
    scheme_list = frames.schemes("a_priori")
    table = frames.validate(code_sentences(seed_sentences(), scheme_list), hand_codes(), scheme_list=scheme_list)
    pooled = table[table["frame"] == "(all frames)"].set_index("scheme")
    assert tuple(pooled.loc["contest", ["hand", "dictionary", "both"]]) == (114, 77, 71)
    assert tuple(pooled.loc["pfc", ["hand", "dictionary", "both"]]) == (318, 351, 196)


def test_the_revised_dictionary_agrees_with_the_hand_codes():
    # In-sample (revised on these sentences): a floor against regressions, not evidence of validity.
    table = frames.validate(seed_coded(), hand_codes())
    pooled = table[table["frame"] == "(all frames)"].set_index("scheme")
    assert pooled.loc["contest", "precision"] >= 0.9 and pooled.loc["contest", "recall"] >= 0.8
    assert pooled.loc["pfc", "precision"] >= 0.7 and pooled.loc["pfc", "recall"] >= 0.75


def test_leave_one_out_moves_a_rank_only_when_the_term_decides_it():
    texts_a = ["Radicalisation grows.", "Radicalisation again.", "No."]
    texts_b = ["Extremism grows.", "No.", "No."]
    table = pd.concat([sentences_of(texts_a, speaker="A"), sentences_of(texts_b, speaker="B", doc_id="e")],
                      ignore_index=True)
    loo = frames.leave_one_out_stability(table)
    prevent = loo[(loo["frame"] == "prevent")].set_index("unit")
    # A leads (2/3 against 1/3); without the radicalisation term A falls to 0 and to rank 2.
    assert prevent.loc["A", "rank"] == 1 and prevent.loc["A", "rank_worst"] == 2
    assert prevent.loc["A", "decisive_term"].startswith("radicali[sz]*")
    assert prevent.loc["A", "moved"] == 1 and prevent.loc["B", "moved"] == 1


def test_leave_one_out_ranks_only_units_large_enough():
    loo = frames.leave_one_out_stability(seed_sentences(), min_sentences=frames.CAUTION_MIN_SENTENCES)
    sizes = seed_sentences().groupby("speaker").size()
    assert set(loo["unit"]) == set(sizes[sizes >= frames.CAUTION_MIN_SENTENCES].index)
    assert (loo["rank_best"] <= loo["rank"]).all() and (loo["rank"] <= loo["rank_worst"]).all()


# ----------------------------------------------------------------------- Entman


def test_entman_evidence_is_on_topic_and_carries_a_cue_of_its_function():
    table = frames.entman_table(seed_sentences())
    assert list(dict.fromkeys(table["function"])) == list(frames.ENTMAN_FUNCTIONS)
    documents = seed_sentences()["doc_id"].unique()
    assert set(map(tuple, table[["doc_id", "function"]].to_numpy())) == {
        (d, f) for d in documents for f in frames.ENTMAN_FUNCTIONS
    }
    found = table[table["sentence_id"].notna()]
    assert (found["cues"] != "").all()
    assert table.groupby(["doc_id", "function"]).size().le(frames.ENTMAN_EVIDENCE_PER_FUNCTION).all()
    gaps = table[table["sentence_id"].isna()]
    assert (gaps["cues"] == "no sentence matches").all() and (gaps["text"] == "").all()


def test_entman_cues_skip_a_threat_of_arrest():
    table = frames.entman_table(one_sentence("He was threatened with arrest at the protest."))
    assert table.query("function == 'problem_definition'")["sentence_id"].isna().all()


# ------------------------------------------------------------- what the book shows


def test_chapter_tables_numbers_and_figures():
    sentences = seed_sentences()
    coded, kwic = frames.code_sentences_with_kwic(sentences)
    table = frames.frames_table(coded, n_boot=100)
    emphasis = frames.emphasis_table(coded, n_boot=100)
    comparisons = book.read_comparisons(repo_root() / book.COMPARISONS_FILE)["framing"]
    khan = frame_shares(book.over_time(coded, comparisons["over_time"]), "period", n_boot=100)
    outlets = frame_shares(book.outlet_narration(coded, comparisons["outlet_narration"]), "outlet", n_boot=100)
    a_priori = frames.validate(code_sentences(sentences, frames.schemes("a_priori")), hand_codes(),
                               scheme_list=frames.schemes("a_priori"))
    final = frames.validate(coded, hand_codes())
    stability = frames.leave_one_out_stability(sentences, min_sentences=frames.CAUTION_MIN_SENTENCES)
    numbers = book.framing_numbers(coded, emphasis, khan, outlets, a_priori, final, stability, kwic, comparisons)
    assert all(type(v) in (int, float, str) for v in numbers.values())
    assert numbers["n_hand_coded"] >= 150
    assert list(dict.fromkeys(khan["period"])) == sorted(set(khan["period"]))  # time order
    for fig in (
        figures.frame_heatmap(table, "contest"),
        figures.frame_heatmap(table, "pfc", min_sentences=2),
        figures.emphasis_dots(emphasis),
        figures.frame_comparison(khan, "period"),
        figures.frame_comparison(outlets, "outlet"),
        figures.validation_dots(book.validation_comparison(a_priori, final)),
    ):
        assert isinstance(fig, Figure)
    assert figures.to_png(figures.emphasis_dots(emphasis)) == figures.to_png(figures.emphasis_dots(emphasis))


def test_kwic_view_escapes_the_corpus_text():
    kwic = pd.DataFrame([{"doc_id": "d", "sentence_id": 1, "speaker": "A & B", "scheme": "contest",
                          "frame": "prevent", "term": "x", "left": "<b>", "match": "Prevent", "right": "</b>"}])
    markup = book.kwic_view(kwic, "contest", "prevent")._repr_html_()
    assert "&lt;b&gt;" in markup and "A &amp; B" in markup and "<b>" not in markup


def test_cautions_of_many_rows_equal_the_caution_of_each():
    from analysis.measures.frames import CAUTION_MIN_SENTENCES
    from analysis.measures.frames.shares import _caution, _cautions

    sentences = np.array([1, CAUTION_MIN_SENTENCES - 1, CAUTION_MIN_SENTENCES, 500] * 4)
    share = np.array([0.0, 1.0, 0.25, np.nan] * 4)
    missed = np.array([False] * 8 + [True] * 8)
    single = np.array([True, False] * 8)
    expected = [_caution(int(n), float(s), bool(m), bool(o)) for n, s, m, o in zip(sentences, share, missed, single)]
    assert _cautions(sentences, share, missed, single) == expected
    assert len(set(expected)) > 4


# ------------------------------------------------- schemes of one's own, and the domain

HOUSING_SCHEME = """
scheme: housing
title: Housing supply and affordability
source: Written for a test.
domain: housing
frames:
  - frame: supply
    label: Supply
    definition: Building more homes.
    source: test
    scope: Targets, building, planning.
    terms:
      - term: ["target*", "build*"]
        why: "Housing targets and building are supply."
  - frame: affordability
    label: Affordability
    definition: What homes cost.
    source: test
    scope: Rents and prices.
    terms:
      - term: ["rent*", "afford*"]
        why: "Rents and affordability."
  - frame: other
    label: Other
    definition: Anything else.
    source: test
    scope: A sentence with no named frame.
    residual: true
"""

HOUSING_TEXT = (
    "Housing is infrastructure. We will meet a 40% housing target. "
    "The council's chief finance officer said: \u201cRents are too high.\u201d\n\nThank you.\n"
)


def housing_corpus(folder: Path, own_frames: bool = True) -> Path:
    folder.mkdir()
    (folder / "debate.txt").write_text(HOUSING_TEXT, encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "doc_id,file,title,date,genre,author\nhousing_1,debate.txt,Debate,2024-05-01,speech,A Councillor\n",
        encoding="utf-8",
    )
    if own_frames:
        (folder / "frames").mkdir()
        (folder / "frames" / "housing.yaml").write_text(HOUSING_SCHEME, encoding="utf-8")
    return folder


@pytest.mark.parametrize("text, scheme, frame", [
    ("Housing is infrastructure.", "contest", "protect"),
    ("We will meet a 40% housing target.", "pfc", "security_and_defense"),
    ("The Mayor set a target of 300,000 homes.", "pfc", "security_and_defense"),
    ("There are targets for 2030 and targets for new homes.", "pfc", "security_and_defense"),
    ("The council's chief finance officer resigned.", "pfc", "crime_and_punishment"),
    ("Tenants need security of tenure.", "pfc", "security_and_defense"),
    ("They bought a plot of land.", "contest", "pursue"),
    ("There are barriers to home ownership.", "contest", "protect"),
])
def test_senses_outside_terrorism_get_no_security_or_crime_frame(text, scheme, frame):
    assert not carries(text, scheme, frame)


@pytest.mark.parametrize("text, scheme, frame", [
    ("We must protect critical national infrastructure.", "contest", "protect"),
    ("Extremists target the vulnerable.", "pfc", "security_and_defense"),
    ("The station was a target for terrorists.", "pfc", "security_and_defense"),
    ("An armed police officer shot the attacker.", "pfc", "crime_and_punishment"),
    ("The plot was foiled.", "contest", "pursue"),
])
def test_the_terrorism_senses_of_guarded_words_keep_their_frames(text, scheme, frame):
    assert carries(text, scheme, frame)


def test_the_shipped_schemes_state_their_domain_and_the_residual_frame_holds_no_terms_of_its_own():
    for scheme in frames.schemes():
        assert scheme.domain == "terrorism and extremism" and scheme.shipped
    import yaml
    pfc = yaml.safe_load(data_file("frames_pfc.yaml").read_text("utf-8"))
    other = next(f for f in pfc["frames"] if f["frame"] == "other")
    assert other["residual"] and "terms" not in other and pfc["issue"]


def test_a_residual_frame_without_issue_terms_is_every_sentence_without_a_named_frame():
    scheme = parse_scheme(HOUSING_SCHEME, "housing.yaml")
    coded = code_sentences(sentences_of(["Rents are high.", "Thank you."]), [scheme])
    assert coded["has_housing_affordability"].tolist() == [1, 0]
    assert coded["has_housing_other"].tolist() == [0, 1] and coded["hits_housing_other"].tolist() == [0, 0]


def test_a_residual_frame_may_not_list_terms():
    bad = HOUSING_SCHEME.replace("    residual: true\n", "    residual: true\n    terms:\n      - term: x\n        why: y\n")
    with pytest.raises(SchemeError, match="housing.yaml: frames\\[2\\] 'other': a residual frame has no terms"):
        parse_scheme(bad, "housing.yaml")


def test_schemes_come_from_files_then_the_corpus_then_the_package(tmp_path):
    corpus = housing_corpus(tmp_path / "c")
    assert [s.name for s in frames.resolve_schemes(corpus)] == ["housing"]
    other = tmp_path / "other.yaml"
    other.write_text(HOUSING_SCHEME.replace("scheme: housing", "scheme: rent"), encoding="utf-8")
    assert [s.name for s in frames.resolve_schemes(corpus, [other])] == ["rent"]
    (corpus / "frames" / "housing.yaml").unlink()
    assert frames.resolve_schemes(corpus) == frames.schemes()


def test_scheme_names_must_be_unique_across_files(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for path in (a, b):
        path.write_text(HOUSING_SCHEME, encoding="utf-8")
    with pytest.raises(SchemeError, match=f"{b}: scheme name 'housing' is already the name of {a}"):
        frames.read_scheme_files([a, b])


def test_a_corpus_with_its_own_scheme_exports_only_that_scheme_and_says_so(tmp_path, capsys):
    corpus = housing_corpus(tmp_path / "c")
    out = tmp_path / "out"
    assert main(["export", "--corpus", str(corpus), "--out", str(out)]) == 0
    table = pd.read_csv(out / "frames.csv")
    assert set(table["scheme"]) == {"housing"}
    assert set(table["frame"]) == {"supply", "affordability", "other"}
    kwic = pd.read_csv(out / "kwic.csv")
    assert set(kwic["scheme"]) == {"housing"} and "target" in set(kwic["match"])
    assert f"frames: housing ({corpus / 'frames' / 'housing.yaml'}; domain: housing)" in capsys.readouterr().err


def test_frames_files_named_on_the_command_line_replace_the_corpus_s_own(tmp_path):
    corpus = housing_corpus(tmp_path / "c")
    rent = tmp_path / "rent.yaml"
    rent.write_text(HOUSING_SCHEME.replace("scheme: housing", "scheme: rent"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["export", "--corpus", str(corpus), "--out", str(out), "--quiet", "--frames", str(rent)]) == 0
    assert set(pd.read_csv(out / "frames.csv")["scheme"]) == {"rent"}


def test_the_shipped_schemes_on_housing_texts_give_no_security_or_crime_frame(tmp_path, capsys):
    corpus = housing_corpus(tmp_path / "c", own_frames=False)
    out = tmp_path / "out"
    assert main(["export", "--corpus", str(corpus), "--out", str(out)]) == 0
    assert ("frames: contest (shipped; domain: terrorism and extremism), "
            "pfc (shipped; domain: terrorism and extremism)") in capsys.readouterr().err
    table = pd.read_csv(out / "frames.csv")
    framed = table[(table["hits"] > 0) & table["frame"].isin(["protect", "security_and_defense", "crime_and_punishment"])]
    assert framed.empty, framed


@pytest.mark.parametrize("command", ["export", "validate"])
def test_a_bad_scheme_file_is_refused_naming_the_file_and_the_problem(tmp_path, capsys, command):
    corpus = housing_corpus(tmp_path / "c")
    bad = corpus / "frames" / "housing.yaml"
    bad.write_text(HOUSING_SCHEME.replace('        why: "Rents and affordability."\n', ""), encoding="utf-8")
    out = tmp_path / "out"
    args = [command, "--corpus", str(corpus)] + (["--out", str(out), "--quiet"] if command == "export" else [])
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"error: {bad}: frames[1] 'affordability': terms[0] 'rent* | afford*': missing key(s) why" in err
    assert "Traceback" not in err and not out.exists()


def test_a_missing_or_malformed_frames_file_is_an_error_with_its_line(tmp_path, capsys):
    corpus = housing_corpus(tmp_path / "c", own_frames=False)
    broken = tmp_path / "broken.yaml"
    broken.write_text("scheme: x\nframes: [\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["export", "--corpus", str(corpus), "--out", str(out), "--quiet",
                 "--frames", str(broken), str(tmp_path / "none.yaml")]) == 2
    err = capsys.readouterr().err
    assert f"error: {broken}: not valid YAML" in err and "line 3" in err
    assert f"error: {tmp_path / 'none.yaml'}: scheme file not found" in err and not out.exists()


@pytest.mark.parametrize("text, scheme, frame", [
    ("Her housing case officer never replied.", "contest", "pursue"),
    ("Her housing case officer never replied.", "pfc", "crime_and_punishment"),
    ("The ombudsman is investigating complaints about damp.", "contest", "pursue"),
    ("I suspect the budget will be late.", "contest", "pursue"),
    ("Every flat needs smoke detectors.", "contest", "pursue"),
    ("Tenants were victims of rogue landlords.", "contest", "prepare"),
    ("Tube fares will rise and new stations will open.", "contest", "protect"),
    ("We will safeguard the green belt.", "contest", "protect"),
    ("We will safeguard the green belt.", "contest", "prevent"),
    ("The council published its response to the consultation.", "contest", "prepare"),
    ("Repair response times have doubled.", "contest", "prepare"),
    ("The council is charged with delivering homes.", "contest", "pursue"),
    ("We keep a contingency fund.", "contest", "prepare"),
    ("The Mayor's attack on the council's record was unfair.", "pfc", "security_and_defense"),
    ("The leader came under attack from critics over the plans.", "pfc", "security_and_defense"),
    ("She attacked the housing plans.", "pfc", "security_and_defense"),
    ("The new flats cost a bomb.", "pfc", "security_and_defense"),
    ("Rents have seen explosive growth.", "pfc", "security_and_defense"),
    ("He defended his record on housing.", "pfc", "security_and_defense"),
    ("It is a safe seat for Labour.", "pfc", "security_and_defense"),
    ("She made a threat to resign.", "pfc", "security_and_defense"),
])
def test_more_senses_outside_terrorism_get_no_frame(text, scheme, frame):
    assert not carries(text, scheme, frame)


def test_a_political_attack_is_not_the_issue_of_the_residual_frame():
    coded = code_sentences(one_sentence("The Mayor's attack on the council's record was unfair."))
    assert coded["has_pfc_other"].iloc[0] == 0 and coded["hits_pfc_other"].iloc[0] == 0


@pytest.mark.parametrize("text, scheme, frame", [
    # stewart_2020:28
    ("Under Rory\u2019s plans a single specialist case officer would be assigned to each terrorist \u2013 to follow "
     "them right through the system, and make sure this information flow continues when they\u2019re released.",
     "contest", "pursue"),
    # cityhall_2017:3
    ("Working to strengthen communities, safeguard the vulnerable and stop the spread of violent extremist ideology.",
     "contest", "prevent"),
    # khan_speech_2016:54
    ("But our officers will know that if they are required to shoot to kill to keep Londoners safe during a "
     "terrorist attack \u2013 I will have their back.", "pfc", "security_and_defense"),
    ("Terrorists hit soft targets.", "pfc", "security_and_defense"),
    ("He was killed in an attack on the tube.", "contest", "protect"),
])
def test_the_terrorism_senses_of_newly_guarded_words_keep_their_frames(text, scheme, frame):
    assert carries(text, scheme, frame)


def test_the_export_logs_the_rhetoric_lexicons_domain(tmp_path, capsys):
    corpus = housing_corpus(tmp_path / "c", own_frames=False)
    assert main(["export", "--corpus", str(corpus), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "rhetoric: domain: English political talk" in err
    assert "threat (domain: collective threat (disaster, war, terrorism, disease) in English news text; " in err

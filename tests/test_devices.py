"""Specification of the rhetorical-device detectors (analysis.devices) and of devices.csv.

Each device is checked on seed sentences that are instances and on seed
sentences that look like instances and are not (precision over recall). The
last tests fix every instance found in the five seed texts: each was read and
confirmed by hand, so a change of rule that adds or loses one shows here.
"""

from __future__ import annotations

import doctest

import pandas as pd
import pytest

from analysis import devices
from analysis.devices import DEVICE_COLUMNS, DEVICES, find_devices
from analysis.sentences import sentence_table
from analysis.tokens import words
from tests.seed_corpus import tables


def table(*texts: str, speaker: str | list[str] = "Sadiq Khan", doc_id: str = "khan_speech_2016",
          first_id: int = 1) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": doc_id,
            "sentence_id": range(first_id, first_id + len(texts)),
            "speaker": speaker,
            "text": list(texts),
        }
    )


def found(*texts: str, device: str, **kwargs) -> list[tuple[int, str]]:
    """``(length, text)`` of each instance of ``device`` in the sentences."""
    rows = find_devices(table(*texts, **kwargs))
    rows = rows[rows["device"] == device]
    return list(zip(rows["length"], rows["text"], strict=True))


@pytest.fixture(scope="module")
def seed_sentences() -> pd.DataFrame:
    return sentence_table(tables()["segments"])


@pytest.fixture(scope="module")
def seed_devices(seed_sentences) -> pd.DataFrame:
    return find_devices(seed_sentences)


# --- Anaphora ----------------------------------------------------------------------------------------

WHO = [
    "I will be the British Muslim who takes the fight to the extremists.",
    "Who ensures London has the response capability we need to keep Londoners safe.",
    "Who backs police to do what is necessary during terrorist attacks.",
    "And who acts to tackle the underlying conditions that allow extremism and radicalisation to take root.",
]


def test_fragments_opening_with_who_continue_the_sentence_before_them():
    # khan_speech_2016, sentences 10-13: four who-clauses, the first inside the sentence they continue.
    assert found(*WHO, device="anaphora") == [(4, " / ".join(WHO))]


def test_a_pair_of_sentences_needs_two_shared_words_and_one_of_substance():
    # cityhall_2017 (Sadiq Khan): "it means" twice; "means" is a content word.
    assert found(
        "It means protecting vulnerable people who are at risk of extremism and sharing best practice.",
        "And it means a more strategic and tailored approach that can make a real difference in preventing "
        "extremism across the capital.",
        device="anaphora",
    )[0][0] == 2
    # khan_speech_2016: "I'll promote" and "I will promote" open alike once written out.
    assert found(
        "I’ll promote integration through planning rules - designing-in spaces where people can mix.",
        "And I will promote community programmes that bring people from different backgrounds together, as well "
        "as much more.",
        device="anaphora",
    )[0][0] == 2


def test_a_shared_pronoun_and_auxiliary_is_not_anaphora():
    # khan_speech_2016: "I had ... / I had ..." shares only function words.
    assert found(
        "I had death threats from extremists when I voted for same sex marriage.",
        "I had to discuss police protection with my young daughters – something that no parent should have to do.",
        device="anaphora",
    ) == []
    # stewart_2020 (campaign): "He would advocate ... / He would also call ...".
    assert found(
        "He would advocate for more terrorist separation units, and for better use of them.",
        "He would also call for greater collaboration and information sharing between our police, prison and "
        "probation databases, in order to improve our understanding of criminals and the risks that they pose.",
        device="anaphora", speaker="Rory Stewart campaign", doc_id="stewart_2020",
    ) == []


def test_articles_and_names_do_not_make_anaphora():
    # cityhall_2017, notes to editors: four sentences opening "The", two of them "The London".
    assert found(
        "- The CVE programme will work with the London Hate Crime Panel and the London CONTEST Board.",
        "- The London Hate Crime Panel was established by the Mayor's Office for Policing and Crime and meets "
        "twice a year, working with partners to implement the Hate Crime Strategy.",
        "- The London CONTEST Board is chaired by the Deputy Mayor for Policing and Crime, Sophie Linden, and "
        "aims to provide a strategic lead in addressing London's threat, risks and vulnerabilities in relation "
        "to counter-terrorism.",
        "The board looks across the CONTEST strategy, encompassing Protect, Prepare, Pursue and Prevent.",
        device="anaphora", speaker="Mayor of London press office", doc_id="cityhall_2017",
    ) == []


def test_anaphora_needs_one_speaker_and_consecutive_sentences():
    assert found(*WHO, device="anaphora", speaker=["Sadiq Khan", "Sadiq Khan", "PA Media", "Sadiq Khan"]) == []
    gapped = table(*WHO).assign(sentence_id=[10, 11, 13, 15])
    assert (find_devices(gapped)["device"] != "anaphora").all()


# --- Epistrophe ----------------------------------------------------------------------------------------


def test_consecutive_sentences_ending_alike_are_epistrophe():
    # khan_speech_2016, sentences 84-85.
    assert found(
        "It plays a vital role in keeping Londoners safe.",
        "There really is nothing more important to me than keeping Londoners safe.",
        device="epistrophe",
    )[0][0] == 2


def test_sharing_only_the_last_word_is_not_epistrophe():
    # khan_speech_2016, sentences 50-51: "... to keep Londoners safe." / "... to keep us safe."
    assert found(
        "I am determined to do what is necessary to keep Londoners safe.",
        "And I want Londoners to know that I will give my full backing to our armed officers to take the "
        "decisions necessary to keep us safe.",
        device="epistrophe",
    ) == []


# --- Tricolon -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "length", "text"),
    [
        ("Extremists are exploiting the young, the vulnerable and the weak.", 3,
         "the young, the vulnerable and the weak"),
        ("London faces a deadly threat from extremism, radicalisation and terrorism.", 3,
         "extremism, radicalisation and terrorism"),
        ("To make our city safer we must put aside partisan politics, and grip four things: intelligence, "
         "rehabilitation, control and response.", 4, "intelligence, rehabilitation, control and response"),
        ("The new work on Countering Violent Extremism (CVE) will involve an in-depth consultation with experts, "
         "local authorities, stakeholders, women's groups and all of the capital's communities to identify a "
         "London-specific tool-kit of operational improvements that can be implemented as soon as possible to "
         "help counter hate crime and violent extremism.", 5,
         "experts, local authorities, stakeholders, women's groups and all of the capital's communities"),
        ("Labels such as ‘Combat proven’, ‘Tested in Gaza’ and ‘Approved by the Israel Defence Forces’ on Israeli "
         "or foreign products greatly improves their marketability,", 3,
         "‘Combat proven’, ‘Tested in Gaza’ and ‘Approved by the Israel Defence Forces’"),
        ("Today, as with every other day, our officers will continue to police with courage, empathy and "
         "impartiality.", 3, "courage, empathy and impartiality"),
    ],
)
def test_lists_of_three_or_more_parallel_items(sentence, length, text):
    assert found(sentence, device="tricolon") == [(length, text)]


@pytest.mark.parametrize(
    "sentence",
    [
        # a clause, not an item: "Jacqui has been there"
        "As Home Secretary, Jacqui has been there and taken the tough decisions.",
        # appositions: a name between commas, then a verb phrase
        "The Mayor of London, Sadiq Khan, has sought advice from Israel about how to combat the kind of urban "
        "terrorism seen recently in the Manchester and London Bridge attacks.",
        "The Commissioner is also expected to meet the Home Secretary, James Cleverly, in the coming days, and has "
        "come under pressure to resign after a series of criticisms of the Met’s approach to protests over the "
        "past six months.",
        # a connective opens the would-be middle item
        "- The purpose of the Mayor's CVE group is to provide advice for operational improvements, therefore any "
        "early findings and quick deliverables will be conveyed at the earliest opportunity to the London CONTEST "
        "Board during the course of the work.",
        # clauses joined by "but" and "or"
        "We welcome the Met Police’s apology, and recognise the complexities of policing fast-moving public "
        "protests, but simply being Jewish, or of any other race or religion, should never be seen as provocative.",
        # a list inside a job title is a name
        "- Countering Violent Extremism work will involve the Deputy Mayor for Policing and Crime and the Deputy "
        "Mayor for Social Integration, Social Mobility and Community Engagement as well as staff from across City "
        "Hall.",
        # a number with a comma is one word, not two items
        "The Mayor's CVE work will be supported with a £400,000 investment from the Mayor, and similar work is "
        "underway in Manchester following the attack on Manchester Arena in May.",
    ],
)
def test_commas_and_and_without_a_list(sentence):
    assert found(sentence, device="tricolon") == []


def test_a_list_whose_items_mix_names_and_phrases_is_an_apposition():
    sentence = (
        "- The London CONTEST Board is chaired by the Deputy Mayor for Policing and Crime, Sophie Linden, and aims "
        "to provide a strategic lead in addressing London's threat, risks and vulnerabilities in relation to "
        "counter-terrorism."
    )
    # Only the real list of the sentence is found, not "Crime, Sophie Linden, and aims".
    assert found(sentence, device="tricolon") == [(3, "threat, risks and vulnerabilities")]


# --- Repetition ------------------------------------------------------------------------------------------


def test_a_repeated_phrase_is_found_with_its_variant_forms():
    rows = found(
        "There is no greater responsibility for a Mayor of London than keeping Londoners safe.",
        "Who ensures London has the response capability we need to keep Londoners safe.",
        "I’ll act to keep Londoners safe.",
        device="repetition",
    )
    assert rows == [(3, "keep Londoners safe / keeping Londoners safe")]


def test_only_the_longest_form_with_the_same_count_is_listed():
    # khan_speech_2016, sentences 10, 38 and 86: the refrain, said three times.
    rows = find_devices(table(
        "I will be the British Muslim who takes the fight to the extremists.",
        "And why I unashamedly say today, that I will be the British Muslim who takes the fight to the extremists.",
        "As Mayor, I will be the British Muslim who takes the fight to the extremists.",
    ))
    repeated = rows[rows["device"] == "repetition"]
    assert repeated["pattern"].tolist() == ["British Muslim who takes the fight to the extremists"]
    assert repeated["length"].tolist() == [3] and repeated["sentences"].tolist() == ["1 2 3"]


def test_turns_of_phrase_said_twice_and_names_are_not_repetition():
    # "in order to keep" twice (khan_speech_2016, sentences 4 and 21): only two content words.
    assert found(
        "She has lived and breathed security in order to keep us safe.",
        "It was a terrible reminder that we need to do much more in order to keep Londoners safe.",
        device="repetition",
    ) == []
    # "London CONTEST Board" three times: a name.
    assert found(
        "- The CVE programme will work with the London Hate Crime Panel and the London CONTEST Board.",
        "- The London CONTEST Board is chaired by the Deputy Mayor for Policing and Crime.",
        "Any early findings will be conveyed to the London CONTEST Board.",
        device="repetition", speaker="Mayor of London press office", doc_id="cityhall_2017",
    ) == []


def test_a_phrase_two_speakers_say_once_each_is_not_repeated():
    sentence = "To make our city safer we must put aside partisan politics, and grip four things."
    assert found(sentence, sentence, device="repetition", speaker=["Rory Stewart campaign", "Rory Stewart"]) == []
    assert found(sentence, sentence, device="repetition", speaker="Rory Stewart")[0][0] == 2


# --- Rhetorical questions ------------------------------------------------------------------------------


def test_a_question_the_speaker_answers_or_leaves_is_rhetorical():
    # No seed text asks a question; these sentences are made for the test.
    assert found("Who will keep London safe?", "I will.", device="rhetorical_question") == [
        (1, "Who will keep London safe?")]
    assert found("And what did the Government do?", device="rhetorical_question")[0][0] == 1


def test_a_question_someone_else_answers_is_not_rhetorical():
    assert found("Will you resign?", "No, I will not.", device="rhetorical_question",
                 speaker=["PA Media", "Mark Rowley"]) == []


def test_a_quoted_question_inside_a_sentence_is_not_a_question():
    assert found("“Why?” he asked.", device="rhetorical_question") == []


# --- Antithesis ---------------------------------------------------------------------------------------


def test_not_x_but_y():
    # khan_speech_2016, sentence 75; pa_2024, Gideon Falter.
    assert found(
        "Not because they are more responsible for extremism than anyone else, but because they can be most "
        "effective at challenging the poisonous ideology.",
        device="antithesis",
    )[0][0] == 2
    assert len(found(
        "how the change we need is not from frontline officers but the top of the Met, which has repeatedly put "
        "these officers in impossible situations",
        device="antithesis", speaker="Gideon Falter", doc_id="pa_2024",
    )) == 1


def test_on_the_one_hand_on_the_other():
    # stewart_2020, General Sir Graeme Lamb.
    assert len(found(
        "He understands more than most that what is required is so often a difficult but necessary contradiction: "
        "courageous restraint on the one hand but the willingness to act decisively when necessary on the other.",
        device="antithesis", speaker="Graeme Lamb", doc_id="stewart_2020",
    )) == 1


@pytest.mark.parametrize(
    "sentence",
    [
        # "not only ... but" adds, it does not contrast (memo_2017)
        "My office has been in contact not only with Tel Aviv but other places as well,",
        # "but" before "not" (khan_speech_2016)
        "It is now more than a decade since 7/7, but the threat to London has not diminished.",
        # negation of a clause, then a concession (made for the test)
        "He did not leave the protest, but he was not arrested.",
        "This is not easy, but we will do it.",
    ],
)
def test_not_and_but_without_an_antithesis(sentence):
    assert found(sentence, device="antithesis") == []


# --- The table -------------------------------------------------------------------------------------------


def test_the_table_has_its_columns_and_order(seed_devices):
    assert list(seed_devices.columns) == DEVICE_COLUMNS
    assert set(seed_devices["device"]) <= set(DEVICES)
    order = {d: i for i, d in enumerate(DEVICES)}
    keys = list(zip(seed_devices["doc_id"], seed_devices["sentence_id"], seed_devices["device"].map(order),
                    seed_devices["text"], strict=True))
    assert keys == sorted(keys)


def test_devices_are_found_per_document(seed_sentences, seed_devices):
    apart = pd.concat([find_devices(doc) for _, doc in seed_sentences.groupby("doc_id")], ignore_index=True)
    pd.testing.assert_frame_equal(apart, seed_devices)


def test_splitting_at_clause_breaks_keeps_every_word(seed_sentences):
    # The detectors read a sentence's words piece by piece; the pieces must give the tokenizer's words,
    # URLs and numbers with commas included.
    for row in seed_sentences.itertuples():
        parsed = devices._Sentence.read(row.doc_id, row.sentence_id, row.speaker, row.text)
        assert parsed.words == words(row.text), row.text
    url = "The minutes are available here:https://www.london.gov.uk/what-we-do/london-contest#acc-i-48136, as £400,000."
    assert devices._Sentence.read("d", 1, "s", url).words == words(url)


#: Every instance in the seed texts, read and confirmed by hand: (doc_id, device, sentences, length).
SEED_INSTANCES = {
    ("cityhall_2017", "repetition", "1 5", 2),        # "run throughout 2018"
    ("cityhall_2017", "tricolon", "2", 3),            # experts, local authorities and communities
    ("cityhall_2017", "repetition", "2 11", 2),       # Consulting / consultation with experts, local authorities
    ("cityhall_2017", "tricolon", "3", 3),            # strengthen ..., safeguard ... and stop ...
    ("cityhall_2017", "repetition", "3 6 12 35", 4),  # safeguard(s/ing) the vulnerable
    ("cityhall_2017", "repetition", "3 12 35", 3),    # stop(ping) the spread
    ("cityhall_2017", "repetition", "3 35", 2),       # the whole triad, in the bullets and the notes
    ("cityhall_2017", "tricolon", "8", 3),            # marginalised, disengaged and unempowered
    ("cityhall_2017", "tricolon", "10", 4),           # Westminster, London Bridge, Finsbury Park and Parsons Green
    ("cityhall_2017", "tricolon", "11", 5),           # experts, ..., and all of the capital's communities
    ("cityhall_2017", "tricolon", "12", 3),           # to strengthen ..., to safeguard ... and to stop ...
    ("cityhall_2017", "repetition", "12 35", 2),      # stop(ping) the spread of extremist ideologies
    ("cityhall_2017", "repetition", "13 41", 2),      # government's Prevent agenda
    ("cityhall_2017", "tricolon", "18", 4),           # the Mayor repeats the four attacks
    ("cityhall_2017", "tricolon", "20", 3),           # strengthen, integrate and empower communities
    ("cityhall_2017", "anaphora", "21 22", 2),        # It means ... / And it means ...
    ("cityhall_2017", "tricolon", "35", 3),           # two lists in one note to editors
    ("cityhall_2017", "tricolon", "38", 3),           # threat, risks and vulnerabilities
    ("cityhall_2017", "tricolon", "39", 4),           # Protect, Prepare, Pursue and Prevent
    ("khan_speech_2016", "repetition", "4 51 87", 3),  # keep us safe
    ("khan_speech_2016", "repetition", "6 11 21 39 50 54 84 85", 8),  # keep(ing) Londoners safe
    ("khan_speech_2016", "tricolon", "8", 3),         # extremism, radicalisation and terrorism
    ("khan_speech_2016", "anaphora", "10 11 12 13", 4),  # ... who ... / Who ... / Who ... / And who ...
    ("khan_speech_2016", "repetition", "10 38 86", 3),   # British Muslim who takes the fight to the extremists
    ("khan_speech_2016", "repetition", "13 26 62 67 88", 5),  # extremism and radicalisation
    ("khan_speech_2016", "repetition", "13 88", 2),   # tackle(s) the underlying conditions that allow ...
    ("khan_speech_2016", "tricolon", "23", 3),        # the young, the vulnerable and the weak
    ("khan_speech_2016", "repetition", "55 83 84", 3),  # play(s) a vital role
    ("khan_speech_2016", "repetition", "62 67", 2),   # root out extremism and radicalisation
    ("khan_speech_2016", "repetition", "69 70 72", 3),  # people from different
    ("khan_speech_2016", "repetition", "70 72", 2),   # people from different backgrounds
    ("khan_speech_2016", "anaphora", "71 72", 2),     # I'll promote ... / And I will promote ...
    ("khan_speech_2016", "repetition", "73 74", 2),   # mainstream British Muslim(s)
    ("khan_speech_2016", "antithesis", "75", 2),      # Not because ..., but because ...
    ("khan_speech_2016", "epistrophe", "84 85", 2),   # ... keeping Londoners safe. / ... keeping Londoners safe.
    ("khan_speech_2016", "anaphora", "86 87 88", 3),  # the refrain at the close
    ("memo_2017", "tricolon", "15", 3),               # Halper's three quoted labels
    ("pa_2024", "antithesis", "13", 2),               # not from frontline officers but the top of the Met
    ("pa_2024", "tricolon", "29", 3),                 # courage, empathy and impartiality
    ("stewart_2020", "tricolon", "2", 4),             # intelligence, rehabilitation, control and response
    ("stewart_2020", "tricolon", "5", 4),             # the same, in Rory Stewart's quotation
    ("stewart_2020", "tricolon", "12", 3),            # energy, patience and attention (to detail)
    ("stewart_2020", "antithesis", "14", 2),          # on the one hand ... on the other
    ("stewart_2020", "tricolon", "19", 3),            # of radical Islam, of communities, and of the way ...
    ("stewart_2020", "tricolon", "25", 3),            # police, prison and probation databases
    ("stewart_2020", "tricolon", "30", 5),            # five probation measures
}


def test_the_seed_instances_are_exactly_those_confirmed_by_hand(seed_devices):
    got = set(zip(seed_devices["doc_id"], seed_devices["device"], seed_devices["sentences"],
                  seed_devices["length"], strict=True))
    assert got == SEED_INSTANCES
    assert len(seed_devices) == len(SEED_INSTANCES) + 1  # cityhall_2017 sentence 35 holds two lists


def test_the_book_view_escapes_the_corpus_text():
    rows = find_devices(table("Extremists are exploiting the <b>young</b>, the vulnerable and the weak."))
    markup = devices.devices_view(rows)._repr_html_()
    assert "&lt;b&gt;young&lt;/b&gt;" in markup and "<b>" not in markup


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="lacks column"):
        find_devices(table("x").drop(columns="speaker"))
    with pytest.raises(ValueError, match="repeats"):
        find_devices(table("x", "y").assign(sentence_id=1))
    with pytest.raises(TypeError, match="not str"):
        find_devices(table("x").assign(text=[3]))
    with pytest.raises(ValueError, match="unknown device"):
        devices.devices_view(table("x").assign(device="x"), device="hyperbole")


def test_numbers_for_the_prose(seed_devices):
    numbers = devices.device_numbers(seed_devices)
    assert numbers["n_devices"] == sum(numbers[f"n_{d}"] for d in DEVICES)
    assert numbers["top_repetition"] == "keep Londoners safe" and numbers["top_repetition_count"] == 8
    assert numbers["longest_anaphora"] == 4


def test_the_examples_in_the_docstrings_are_true():
    result = doctest.testmod(devices)
    assert result.attempted > 0 and result.failed == 0

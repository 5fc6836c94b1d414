"""Who said what: every quotation in the seeds goes to its real speaker.

Each rule is checked on the real seed sentence that motivated it; the expected
speakers in fixtures/expected_quotes.csv were read by hand from the texts.
"""

import csv
import datetime as dt
from pathlib import Path

import pytest

from analysis import CleanedText, Document
from analysis.corpus.segments import UNATTRIBUTED, find_quotes, paragraphs, segment_document
from analysis.corpus.speakers import Alias, SpeakerTable

from .seed_corpus import inputs, tables

FIXTURE = Path(__file__).parent / "fixtures" / "expected_quotes.csv"


def expected():
    with FIXTURE.open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def quote_row(doc_id, opening):
    quotes = tables()["quotes"]
    rows = quotes[(quotes["doc_id"] == doc_id) & quotes["text"].str.startswith(opening)]
    assert len(rows) == 1, f"{doc_id}: {len(rows)} quotes open with {opening!r}"
    return rows.iloc[0]


@pytest.mark.parametrize("row", expected(), ids=lambda r: f"{r['doc_id']}:{r['opening'][:20]}")
def test_every_seed_quote_goes_to_its_real_speaker(row):
    found = quote_row(row["doc_id"], row["opening"])
    assert found["speaker"] == row["speaker"]
    assert bool(found["scare"]) == (row["kind"] == "scare")
    assert (found["attribution"] == "partial") == (row["kind"] == "partial")


def test_no_quote_is_missed_or_invented():
    quotes = tables()["quotes"]
    assert len(quotes) == len(expected())
    assert UNATTRIBUTED not in set(quotes["speaker"])


@pytest.mark.parametrize("doc_id", ["memo_2017", "pa_2024", "cityhall_2017", "stewart_2020"])
def test_narration_is_the_outlets_never_a_quoted_persons(doc_id):
    segments = tables()["segments"]
    doc = inputs().corpus.document(doc_id)
    narration = segments[(segments["doc_id"] == doc_id) & (segments["kind"] == "narration")]
    assert len(narration) > 0
    assert set(narration["speaker"]) == {doc.author}
    voiced = segments["kind"].isin(["quote", "partial", "repeat"])
    quoted = set(segments.loc[(segments["doc_id"] == doc_id) & voiced, "speaker"])
    assert doc.author not in quoted


def test_a_speech_is_its_speakers_throughout():
    segments = tables()["segments"]
    speech = segments[segments["doc_id"] == "khan_speech_2016"]
    assert set(speech["kind"]) == {"speech"} and set(speech["speaker"]) == {"Sadiq Khan"}
    # The scare quote 'man made laws' stays inside the speech.
    assert any("what they call \u2018man made laws\u2019 and said" in t for t in speech["text"])


def test_attribution_rules_used_on_the_seeds():
    quotes = tables()["quotes"].set_index("text")
    rule = {text[:30]: r for text, r in quotes["attribution"].items()}
    assert rule["My office has been in contact "] == "after"  # ", he told Jewish News"
    assert rule["Labels such as \u2018Combat proven\u2019"] == "after"  # ", wrote Jeff Halper"
    assert rule["One thing I have said is that "] == "continuation"  # after ", insisted Khan."
    assert rule["I have already set out Operati"] == "continuation"  # next paragraph, no attribution
    assert rule["To make our city safer we must"] == "before"  # "Rory Stewart said:" paragraph
    assert rule["lots of things, things like pu"] == "subject"  # "The mayor pointed out that ..."


def test_pronoun_resolves_to_the_last_person_named_in_narration():
    # "The CAA said Mr Falter had accepted Mr Twist's apology ... He has also spoken to ... and
    # discussed 'how the change ...'": "He" is Mr Falter, not Mr Twist nor the Commissioner.
    assert quote_row("pa_2024", "how the change")["speaker"] == "Gideon Falter"


def test_ambiguous_alias_takes_the_speaker_mentioned_last():
    # "the spokesman" is listed for both spokespeople; the text introduced "A spokesman for Mr Khan".
    row = quote_row("pa_2024", "The Met have an extremely")
    assert row["speaker"] == "Spokesperson for Sadiq Khan" and row["evidence"] == "The spokesman added:"


def test_dated_alias_the_mayor_of_london_is_khan_in_2017():
    row = quote_row("cityhall_2017", "London is one of the most diverse")
    assert row["speaker"] == "Sadiq Khan" and row["evidence"] == "The Mayor of London, , said:"


def test_british_multi_paragraph_quotes_become_one_quote():
    # The Government source's quote opens in one paragraph and closes only in the next.
    row = quote_row("pa_2024", "The PM has seen the footage")
    assert row["text"].endswith("Sadiq Khan to do his job in holding the Met to account.")
    # Sir Mark's runs over four paragraphs; the Mayor's in 004 over three, with straight quotes.
    assert quote_row("pa_2024", "Every member of the Met")["text"].endswith("empathy and impartiality.")
    mayor = quote_row("cityhall_2017", "London is one of the most diverse")
    assert mayor["text"].endswith("preventing extremism across the capital.")
    assert "we can't escape the fact" in mayor["text"]  # an apostrophe, not a closing mark


def test_nested_quotes_stay_with_the_outer_speaker():
    row = quote_row("memo_2017", "Labels such as")
    assert "\u2018Tested in Gaza\u2019" in row["text"] and row["speaker"] == "Jeff Halper"
    row = quote_row("pa_2024", "The PM has seen the footage")
    assert "\u2018openly Jewish\u2019" in row["text"] and row["speaker"] == "Government source"


def test_quote_opened_curly_and_closed_straight():
    row = quote_row("stewart_2020", "I have already set out Operation Local")
    assert row["text"].endswith("in Streatham on Sunday afternoon.")


def test_scare_quotes_with_no_speaker_in_their_sentence_stay_in_narration_with_their_marks():
    segments = tables()["segments"]
    memo = " ".join(segments.loc[(segments["doc_id"] == "memo_2017") & (segments["kind"] == "narration"), "text"])
    # "What has been called Israel's 'Matrix of Control'": a passive with no agent names no one.
    assert "What has been called Israel\u2019s \u201cMatrix of Control\u201d is in demand" in memo
    assert quote_row("memo_2017", "Matrix of Control")["attribution"] == "scare"


# Every partial quote of the seeds, by its seed sentence: (document, the quoted words,
# speaker, the rule of data/attribution.yaml that named the speaker).
PARTIAL_QUOTES = [
    # "The mayor of London Sadiq Khan has summoned the Metropolitan Police Commissioner to discuss
    # 'community relations'"
    ("pa_2024", "community relations", "Sadiq Khan", "summon-to-discuss"),
    # "footage showing an officer describing Gideon Falter, chief executive of the Campaign Against
    # Antisemitism (CAA), as 'openly Jewish'": the officer's words, no one named: a role speaker.
    ("pa_2024", "openly Jewish", "unnamed officer", "describe-as"),
    # "... and another saying he would be arrested ... as his presence was 'antagonising'"
    ("pa_2024", "antagonising", "another unnamed officer", "say-that"),
    # "... its first apology, which had suggested opponents of pro-Palestinian marches 'must know ...'"
    ("pa_2024", "must know that their presence is provocative", "Metropolitan Police", "subject"),
    # "Assistant Commissioner Matt Twist has also written to Mr Falter, offering him a private meeting 'to ...'"
    ("pa_2024", "to both apologise to him personally", "Matt Twist", "say-that"),
    # "He has also spoken to Met Police Federation chairman Rick Prior and discussed 'how the change ...'"
    ("pa_2024", "how the change we need", "Gideon Falter", "say-that"),
    # "Both Mr Falter and former home secretary Suella Braverman called for Sir Mark to go, accusing
    # him of 'emboldening' antisemites": several speakers together.
    ("pa_2024", "emboldening", "Gideon Falter and Suella Braverman", "accuse-of"),
    # "A spokesman for Mr Khan said the Met's handling of the incident was 'concerning' and its initial
    # statement had been 'insensitive and wrong'."
    ("pa_2024", "concerning", "Spokesperson for Sadiq Khan", "say-that"),
    ("pa_2024", "insensitive and wrong", "Spokesperson for Sadiq Khan", "say-that"),
]


@pytest.mark.parametrize("doc_id,text,speaker,rule", PARTIAL_QUOTES, ids=[p[1][:20] for p in PARTIAL_QUOTES])
def test_partial_quote_belongs_to_the_speaker_its_sentence_names_never_the_narrator(doc_id, text, speaker, rule):
    segments = tables()["segments"]
    found = segments[(segments["doc_id"] == doc_id) & segments["text"].str.startswith(text)]
    assert list(found["kind"]) == ["partial"] and list(found["speaker"]) == [speaker]
    row = quote_row(doc_id, text)
    assert row["attribution"] == "partial" and row["evidence"].startswith(f"{rule}: ") and not row["scare"]
    narration = segments[(segments["doc_id"] == doc_id) & (segments["kind"] == "narration")]
    assert not narration["text"].str.contains(text, regex=False).any()


def test_every_partial_quote_of_the_seeds_is_listed():
    quotes = tables()["quotes"]
    partial = quotes[quotes["attribution"] == "partial"]
    assert sorted(partial["text"].str[:20]) == sorted(p[1][:20] for p in PARTIAL_QUOTES)


def test_a_pronoun_naming_a_group_leaves_a_short_quote_a_scare_quote_in_the_speech():
    # "They have criticised me for taking part in what they call 'man made laws'": "they" (the
    # extremists) names no speaker, so the words stay in Sadiq Khan's speech.
    row = quote_row("khan_speech_2016", "man made laws")
    assert row["scare"] and row["attribution"] == "scare" and row["speaker"] == "Sadiq Khan"


def test_partial_quotes_and_repeats_are_no_sentences_of_any_measure():
    from analysis.text.sentences import SENTENCE_KINDS, sentence_table

    segments = tables()["segments"]
    assert set(segments["kind"]) <= {*SENTENCE_KINDS, "partial", "repeat"}
    sentences = sentence_table(segments)
    assert not sentences["kind"].isin(["partial", "repeat"]).any()
    pa = sentences[sentences["doc_id"] == "pa_2024"]
    assert "A spokesman for Mr Khan said the Met\u2019s handling of the incident was" in set(pa["text"])
    assert not pa["text"].str.contains("concerning", regex=False).any()
    # words_analysed counts the sentences' words only.
    documents = tables()["documents"].set_index("doc_id")
    counts = tables()["counts"].groupby("doc_id")["words"].sum()
    assert (documents["words_analysed"] == counts.reindex(documents.index, fill_value=0)).all()


def test_partial_quote_rules_are_data_each_with_a_reason():
    from analysis.corpus.segments import _patterns, attribution_rules

    rules = attribution_rules()["partial_quotes"]
    assert [r["id"] for r in rules] == [i for i, _ in _patterns()["partial"]]
    assert all(set(r) == {"id", "pattern", "reason"} and r["reason"].strip() for r in rules)


def segment_text(text, speakers=None, genre="news", author="The Paper"):
    doc, cleaned = make_document(text, genre=genre, author=author)
    return segment_document(doc, cleaned, speakers or SpeakerTable.empty())


def test_an_unnamed_role_speaks_as_written_and_another_is_a_second_of_that_role():
    result = segment_text(
        "Video showed a steward describing the man as \u201cdangerous\u201d and another saying he was "
        "\u201cunwelcome\u201d.\n"
    )
    quotes = result.quotes
    assert list(quotes["speaker"]) == ["unnamed steward", "another unnamed steward"]
    assert list(quotes["attribution"]) == ["partial", "partial"]


def test_a_partial_quote_no_rule_can_attribute_stays_a_scare_quote():
    result = segment_text("What some have called the \u201cnew normal\u201d is here.\n")
    assert list(result.quotes["attribution"]) == ["scare"]
    assert list(result.segments["kind"]) == ["narration"]


def test_a_quote_holding_a_whole_sentence_is_a_quote_not_a_partial_one():
    # As in memo_2017: "The mayor pointed out that he ... had learned 'lots of things, ... There are ...'".
    assert quote_row("memo_2017", "lots of things")["attribution"] == "subject"


def test_segments_stay_within_one_paragraph_and_in_text_order():
    segments = tables()["segments"]
    for _, group in segments.groupby("doc_id"):
        assert list(group["segment_id"]) == list(range(1, len(group) + 1))
        assert group["char_start"].is_monotonic_increasing
        assert (group["char_end"] > group["char_start"]).all()


def make_document(text, genre="news", author="The Paper", date="2020-01-01"):
    doc = Document("d", "d.txt", Path("d.txt"), "T", date, genre, author)
    return doc, CleanedText("d", text, text, list(range(len(text) + 1)))


def test_short_quote_directly_attributed_is_a_quote():
    doc, cleaned = make_document("\u201cNo,\u201d she said. The talks ended.\n")
    speakers = SpeakerTable.empty()
    result = segment_document(doc, cleaned, speakers)
    assert list(result.quotes["scare"]) == [False]


def test_unknown_speaker_is_named_as_written_and_unattributed_is_never_guessed():
    doc, cleaned = make_document(
        "Jane Roe said: \u201cWe will act on this today.\u201d\n\n"
        "The paper closed. \u201cSomething was said by somebody here.\u201d\n"
    )
    quotes = segment_document(doc, cleaned, SpeakerTable.empty()).quotes
    assert list(quotes["speaker"]) == ["Jane Roe", UNATTRIBUTED]


def test_alias_outside_its_dates_does_not_name_the_speaker():
    speakers = SpeakerTable(
        SpeakerTable.empty().speakers,
        (Alias("the Mayor", "Sadiq Khan", dt.date(2016, 5, 9)),),
    )
    text = "The Mayor said: \u201cWe will keep the city safe for all.\u201d\n"
    early, cleaned = make_document(text, date="2015-01-01")
    late, _ = make_document(text, date="2017-01-01")
    assert segment_document(late, cleaned, speakers).quotes["speaker"][0] == "Sadiq Khan"
    assert segment_document(early, cleaned, speakers).quotes["speaker"][0] != "Sadiq Khan"


def test_apostrophes_are_not_quotation_marks():
    text = "The Mayor's plan: 'We can't wait,' she said of London's needs.\n"
    quotes = find_quotes(text, paragraphs(text))
    assert len(quotes) == 1
    s, e = quotes[0].spans[0][1:]
    assert text[s:e] == "We can't wait,"


# The speed-ups in segments.py and speakers.py must not change a result: each
# is checked here against the plain form it replaced.


def test_normalise_whitespace_is_the_regex_collapse_it_replaced():
    import random
    import re

    from analysis.corpus.segments import normalise_whitespace

    rng = random.Random(5)
    alphabet = [" ", "\n", "\t", "\r", "\x0b", "\x1c", "\u00a0", "\u2028", "\u3000", "\u200b", "a", "_", "\u00e9"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        assert normalise_whitespace(text) == re.sub(r"\s+", " ", text).strip(), repr(text)


def _find_reference(finder, text):
    """MentionFinder.find with the full regex: every alias tried at every offset."""
    found = []
    for m in finder._regex.finditer(text):
        form = m.group()
        if form.lower() in ("he", "she"):
            found.append((m.start(), m.end(), form, ()))
            continue
        candidates = finder._exact.get(form) or finder._lower.get(form.lower())
        if candidates:
            found.append((m.start(), m.end(), form, candidates))
    return found


def test_mention_finder_quick_regex_finds_what_the_full_regex_does():
    import random

    from analysis.corpus.speakers import MentionFinder

    pairs = [
        ("the Mayor", "Sadiq Khan"), ("The Times", "The Times"), ("Sir Mark", "Mark Rowley"),
        ("Sir Mark Rowley", "Mark Rowley"), ("sir", "Sir"), ("K", "K"), ("kelvin", "Kelvin"),
        ("\u00c9mile", "\u00c9mile"), ("i", "I"), ("-dash", "Dash"), ("O'Brien", "O'Brien"),
        ("the force", "Met"), ("Theresa", "Theresa May"), ("Khan", "Sadiq Khan"), ("khan", "Khan title"),
    ]
    finder = MentionFinder(tuple(Alias(a, s) for a, s in pairs))
    assert finder._quick is not None
    # Letters the case-insensitive engine matches to s, k and i send a text to the full regex.
    extra = [" ", "\n", "-", "_", "'", "\u2019", ".", "\u017f", "\u212a", "\u0130", "\u0131", "\u00e9",
             "he", "She", "HE", "THE ", "x", "1"]
    fragments = [a for a, _ in pairs] + [a.upper() for a, _ in pairs] + [a[1:] for a, _ in pairs] + extra
    rng = random.Random(11)
    quick = 0
    for _ in range(4000):
        text = "".join(rng.choice(fragments) for _ in range(rng.randint(0, 10)))
        got = [(m.start, m.end, m.text, m.candidates) for m in finder.find(text)]
        assert got == _find_reference(finder, text), repr(text)
        quick += finder._quick_suits(text)
    assert quick > 1000  # the quick regex was the one used for most texts


def test_text_with_a_long_s_is_left_to_the_full_regex():
    # The full regex matches "\u017fhe" as "she" (and find then drops it, as no
    # pronoun is spelt so); the quick one would not match it at all.
    finder = SpeakerTable.empty().finder(None)
    text = "Then \u017fhe said so."
    assert [m.group() for m in finder._regex.finditer(text)] == ["\u017fhe"]
    assert not finder._quick_suits(text)
    assert finder.find(text) == []


def test_mentions_inside_quotes_are_left_out_whatever_the_spans():
    import random

    from analysis.corpus.segments import _outside
    from analysis.corpus.speakers import Mention

    rng = random.Random(2)
    for _ in range(2000):
        spans = [(s, s + rng.randint(-2, 6)) for s in (rng.randint(0, 20) for _ in range(rng.randint(0, 4)))]
        mentions = [Mention(x, x + 1, "he", ()) for x in sorted(rng.randint(0, 25) for _ in range(5))]
        expected = [m for m in mentions if not any(s <= m.start < e for s, e in spans)]
        assert _outside(mentions, spans) == expected


def _cleaned(doc):
    from analysis import clean_text
    from analysis.corpus.manifest import read_text

    return clean_text(doc, read_text(doc), inputs().rules)


def _seed_texts():
    """The cleaned text of every seed document."""
    return [_cleaned(doc).text for doc in inputs().corpus.documents]


def _texts_of(alphabet, seed, n=3000, longest=40):
    """``n`` random strings of up to ``longest`` pieces from ``alphabet``."""
    import random

    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))) for _ in range(n)]


def test_caseless_ascii_lists_every_character_the_engine_takes_for_an_ascii_letter():
    import re
    import string
    import sys

    from analysis.corpus.speakers import _CASELESS_ASCII

    any_letter = re.compile("(?i:[a-z])")
    found: dict[str, str] = {}
    for code in range(0x80, sys.maxunicode + 1):
        char = chr(code)
        if any_letter.match(char):
            for letter in string.ascii_lowercase:
                if re.match(f"(?i:[{letter}])", char):
                    found[letter] = found.get(letter, "") + char
    assert found == _CASELESS_ASCII


def test_find_up_to_an_end_gives_the_mentions_of_the_full_find_that_start_before_it():
    import random

    finder = inputs().speakers.finder(None)
    rng = random.Random(3)
    texts = _seed_texts()
    texts.append("Then \u017fhe said so, and Sadiq Khan said he would. " * 3)  # the full regex's path
    mentions = 0
    for text in texts:
        full = finder.find(text)
        mentions += len(full)
        ends = {0, 1, len(text), len(text) + 5, *(m.start for m in full), *(m.end for m in full)}
        ends |= {rng.randint(0, len(text)) for _ in range(30)}
        for end in ends:
            assert finder.find(text, end) == [m for m in full if m.start < end], end
    assert mentions > 50


def test_segment_document_finds_every_mention_attribution_could_use(monkeypatch):
    # segment_document looks for mentions only up to the end of the paragraph
    # where the last quote ends; the results are those of a search of the whole text.
    from analysis.corpus.speakers import MentionFinder

    speakers = inputs().speakers
    docs = [(doc, _cleaned(doc)) for doc in inputs().corpus.documents]
    # The last quote is attributed by a pronoun after it, in its own paragraph,
    # to the person named before it; the next paragraph names someone else.
    doc, cleaned = make_document(
        "Sadiq Khan spoke first. \u201cWe will act on this today,\u201d he said.\n"
        "Rory Stewart replied later, and he was brief.\n",
        date="2017-01-01",
    )
    docs.append((doc, cleaned))
    limited = [segment_document(d, c, speakers) for d, c in docs]
    assert list(limited[-1].quotes["speaker"]) == ["Sadiq Khan"]
    assert list(limited[-1].quotes["attribution"]) == ["after"]
    whole = MentionFinder.find
    monkeypatch.setattr(MentionFinder, "find", lambda self, text, end=None: whole(self, text))
    for (d, c), result in zip(docs, limited):
        again = segment_document(d, c, speakers)
        assert again.segment_rows == result.segment_rows and again.quote_rows == result.quote_rows, d.doc_id


def test_sentence_start_is_the_one_a_search_of_the_whole_text_gives():
    import bisect

    from analysis.corpus.segments import SENTENCE_END, _Context

    alphabet = [".", "!", "?", '"', "'", "\u201d", "\u2019", ")", "]", " ", " ", "\n", "\t", "\u00a0", "a", "B", "a b"]
    texts = _seed_texts() + _texts_of(alphabet, seed=7)
    checked = 0
    for text in texts:
        paras = paragraphs(text)
        ctx = _Context(text, paras, [], [], SpeakerTable.empty())
        # The rule as it was: every sentence end of the text, and every paragraph start.
        starts = sorted({m.end() for m in SENTENCE_END.finditer(text)} | {s for s, _ in paras} | {0})
        for offset, char in enumerate(text):
            if char.isspace():
                continue
            para = paras[ctx.paragraph_of(offset)][0]
            expected = max(starts[bisect.bisect_right(starts, offset) - 1], para)
            assert ctx.sentence_start(offset) == expected, (text, offset)
            checked += 1
    assert checked > 50000


def _find_quotes_reference(text, paras):
    """find_quotes as it was: a regex search for quotation marks in each paragraph."""
    import re

    from analysis.corpus.quotes import OPENERS, QUOTE_CHARS, Quote, _classify

    quote_mark = re.compile("[" + re.escape(QUOTE_CHARS) + "]")
    quotes, current, stack = [], None, []
    for number, (p_start, p_end) in enumerate(paras):
        scan_from = p_start
        if current is not None:
            outer = stack[0] if stack else "double"
            if text[p_start] in OPENERS[outer]:
                stack = [outer]
                scan_from = p_start + 1
                span_start = scan_from
            else:
                current, stack = None, []
        for match in quote_mark.finditer(text, scan_from, p_end):
            i = match.start()
            prev = text[i - 1] if i > p_start else " "
            nxt = text[i + 1] if i + 1 < p_end else " "
            kind = _classify(text[i], prev, nxt, stack)
            if kind is None:
                continue
            action, mark = kind
            if action == "open":
                if not stack:
                    current = Quote(quote_id=len(quotes) + 1, open_at=i)
                    quotes.append(current)
                    span_start = i + 1
                stack.append(mark)
            else:
                while stack and stack.pop() != mark:
                    pass
                if not stack and current is not None:
                    current.spans.append((number, span_start, i))
                    current.close_at = i
                    current = None
        if current is not None:
            current.spans.append((number, span_start, p_end))
    return [q for q in quotes if any(e > s for _, s, e in q.spans)]


def test_find_quotes_is_the_paragraph_by_paragraph_search_it_replaced():
    alphabet = ["\u201c", "\u201d", '"', "\u2018", "\u2019", "'", " ", "\n", "\n\n", "a", "b c", ".", "(", "\u2014"]
    texts = _seed_texts() + _texts_of(alphabet, seed=13)
    found = 0
    for text in texts:
        paras = paragraphs(text)
        got = find_quotes(text, paras)
        assert got == _find_quotes_reference(text, paras), repr(text)
        found += len(got)
        # Some paragraphs only: marks outside them are not read.
        assert find_quotes(text, paras[1::2]) == _find_quotes_reference(text, paras[1::2]), repr(text)
    assert found > 3000


def test_offsets_are_those_of_a_regex_search_for_the_characters():
    import re

    from analysis.corpus.quotes import QUOTE_CHARS, _offsets

    quote_mark = re.compile("[" + re.escape(QUOTE_CHARS) + "]")
    for text in _seed_texts() + _texts_of(["\u201c", "'", '"', "a", " ", "\u2019"], seed=17, n=500):
        assert _offsets(text, QUOTE_CHARS) == [m.start() for m in quote_mark.finditer(text)]


def test_every_white_space_character_but_the_space_is_unprintable():
    # normalise_whitespace's fast path rests on this.
    import sys

    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert len(spaces) > 20
    assert [c for c in spaces if c.isprintable()] == [" "]


def test_normalise_whitespace_of_printable_text_is_the_regex_collapse():
    import re

    from analysis.corpus.segments import normalise_whitespace

    texts = _texts_of([" ", " ", "a", "B", "\u00e9", "\u2019", ".", "\u00a0", "\t", "\u200b"], seed=19, longest=12)
    fast = 0
    for text in texts:
        assert normalise_whitespace(text) == re.sub(r"\s+", " ", text).strip(), repr(text)
        fast += "  " not in text and text.isprintable()
    assert fast > 300  # the fast path was taken for many texts


def test_verb_pattern_finds_what_the_plain_alternation_of_verbs_does():
    import re
    import sys

    from analysis.corpus.segments import _patterns, attribution_rules

    verbs = sorted(attribution_rules()["reporting_verbs"], key=len, reverse=True)
    plain = re.compile(r"\b(?i:" + "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in verbs) + r")\b")
    verb = _patterns()["verb"]
    # The look-ahead's class takes, in any case, the characters the verbs' first letters do.
    firsts = sorted({v[0] for v in verbs})
    as_class = re.compile("(?i:[" + "".join(firsts) + "])")
    as_literals = re.compile("(?i:" + "|".join(firsts) + ")")
    chars = (chr(c) for c in range(sys.maxunicode + 1))
    assert all(bool(as_class.match(c)) == bool(as_literals.match(c)) for c in chars)
    fragments = [*verbs, *(v.upper() for v in verbs), " ", "\n", "x", "-", "\u017f", "\u212a", "\u0130", "ed", "Said"]
    texts = _seed_texts() + _texts_of(fragments, seed=23, n=2000, longest=6)
    for text in texts:
        assert [m.span() for m in verb.finditer(text)] == [m.span() for m in plain.finditer(text)], repr(text)

"""Narration that repeats a quotation of its document word for word is the quoted speaker's, counted once."""

import random
from pathlib import Path

from analysis.corpus.cleaning import CleanedText
from analysis.corpus.manifest import Document
from analysis.corpus.segments import Quote, attribution_rules, find_repeats, segment_document
from analysis.text.sentences import sentence_table, split_sentences
from analysis.corpus.speakers import SpeakerTable
from analysis.text.tokens import normalise, words

from .seed_corpus import tables


def segment_text(text):
    doc = Document("d", "d.txt", Path("d.txt"), "T", "2020-01-01", "news", "The Paper")
    return segment_document(doc, CleanedText("d", text, text, list(range(len(text) + 1))), SpeakerTable.empty())


def test_the_campaigns_repeats_of_rory_stewart_are_listed_and_his():
    repeats = tables()["repeats"]
    stewart = repeats[repeats["doc_id"] == "stewart_2020"]
    # The standfirst is his first quotation; "We learned the value of such teams ..." a sentence of his second.
    assert list(stewart["quote_id"]) == [1, 2]
    assert set(stewart["speaker"]) == {"Rory Stewart"}
    assert stewart["text"].iloc[0].startswith("To make our city safer we must put aside partisan politics")
    assert stewart["text"].iloc[1].startswith("We learned the value of such teams")
    segments = tables()["segments"].set_index(["doc_id", "segment_id"])
    for row in stewart.itertuples():
        segment = segments.loc[(row.doc_id, row.segment_id)]
        assert segment["kind"] == "repeat" and segment["speaker"] == "Rory Stewart" and segment["text"] == row.text


def test_the_repeats_are_gone_from_the_campaigns_narration_words():
    sentences = sentence_table(tables()["segments"])
    narration = sentences[(sentences["doc_id"] == "stewart_2020") & (sentences["kind"] == "narration")]
    text = " ".join(narration["text"])
    assert "We learned the value" not in text and "grip four things" not in text
    assert "must" not in [normalise(w) for w in words(text)]


def test_the_press_offices_repeat_of_the_mayors_words_is_his():
    # "This year, the UK has seen an unprecedented shift in the threat of terrorism." repeats, word for
    # word, the opening of a sentence of the Mayor's quotation ("This year the UK has seen ...").
    repeats = tables()["repeats"]
    city = repeats[repeats["doc_id"] == "cityhall_2017"]
    assert list(city["speaker"]) == ["Sadiq Khan"] and list(city["words"]) == [14]


def test_a_repeat_is_a_whole_sentence_of_at_least_min_repeat_words():
    assert attribution_rules()["min_repeat_words"] == 5
    quote = "The Mayor said: \u201cWe will keep London safe and we will act now.\u201d\n"
    # Four words: too short to be evidence of copying.
    assert list(segment_text(quote + "We will act now.\n").segments["kind"]) == ["narration", "quote", "narration"]
    # Five words of the quote, word for word (case and punctuation aside): a repeat.
    found = segment_text(quote + "Safe, and we will act.\n")
    assert list(found.segments["kind"]) == ["narration", "quote", "repeat"]
    found = segment_text(quote + "London safe and we will. It rained.\n")
    assert list(found.segments["kind"]) == ["narration", "quote", "repeat", "narration"]
    assert list(found.repeats["quote_id"]) == [1] and list(found.repeats["text"]) == ["London safe and we will."]
    # A sentence with one word more than the quote holds is no repeat.
    assert "repeat" not in set(segment_text(quote + "London safe and we will not.\n").segments["kind"])


def brute_force_repeats(text, spans, quote_texts, min_words):
    """Readable reference: each sentence against every run of every quote."""
    quoted = [[normalise(w) for w in words(q)] for q in quote_texts]
    found = []
    for start, end in spans:
        for s, e in split_sentences(text[start:end]):
            ws = [normalise(w) for w in words(text[start + s : start + e])]
            match = None
            if len(ws) >= min_words:
                match = next(
                    (n for n, q in enumerate(quoted) for at in range(len(q)) if q[at : at + len(ws)] == ws), None
                )
            found.append(match)
    return found


def test_find_repeats_finds_what_comparing_every_run_does():
    rng = random.Random(0)
    vocabulary = ["we", "will", "act", "now", "safe", "London", "the", "city", "keep", "and"]
    for _ in range(50):
        quote_texts = [" ".join(rng.choices(vocabulary, k=rng.randint(3, 30))) + "." for _ in range(2)]
        text = quote_texts[0] + " " + quote_texts[1] + "\n"
        quotes, cursor = [], 0
        for number, q in enumerate(quote_texts):
            start = text.index(q, cursor)
            quotes.append(Quote(number + 1, start, [(0, start, start + len(q))]))
            cursor = start + len(q)
        sentences = []
        for _ in range(5):
            q = rng.choice(quote_texts).split()
            at = rng.randrange(len(q))
            sentences.append(" ".join(q[at : at + rng.randint(1, 12)]).rstrip(".").capitalize() + ".")
        narration = " ".join(sentences)
        full = text + narration
        start = len(text)
        pieces = [(1, start, len(full), None, "narration")]
        cut = find_repeats(pieces, full, quotes, 5)
        fast = []
        for _, s, e, quote, _kind in cut:
            fast.extend([quote.quote_id - 1 if quote else None] * len(split_sentences(full[s:e])))
        expected = brute_force_repeats(full, [(start, len(full))], quote_texts, 5)
        # The reference names the first quote holding the run; so does find_repeats.
        assert fast == expected, (quote_texts, narration)

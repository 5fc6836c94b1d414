"""Specification of the word tokenizer, one convention at a time, on seed sentences.

Examples are seed lines as they stand unless the test says "adapted".
"""

from __future__ import annotations

import doctest
import random
import re
import sys
from pathlib import Path

import pytest
import textstat

import analysis.text.sentences
import analysis.text.tokens
from analysis.text.tokens import (
    NonWord,
    Token,
    count_words,
    non_words,
    normalise,
    normalise_characters,
    tokens,
    types,
    words,
    words_of_each,
)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


# --- Words are runs of letters and digits; punctuation is not a word --------------------------


def test_plain_sentence():
    assert words("Thank you.") == ["Thank", "you"]  # 003


def test_punctuation_quotes_and_brackets_are_not_words():
    # 000
    text = "Home Secretary Amber Rudd (L), Mayor of London Sadiq Khanc (C) and Labour party MP Diana Abbott (R) speak"
    assert words(text) == [
        "Home", "Secretary", "Amber", "Rudd", "L", "Mayor", "of", "London", "Sadiq", "Khanc",
        "C", "and", "Labour", "party", "MP", "Diana", "Abbott", "R", "speak",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 003: en dash
        ("But worse – it showed", ["But", "worse", "it", "showed"]),
        # 001: em dash, spaced hyphen, double hyphen
        ("on the other — from his time", ["on", "the", "other", "from", "his", "time"]),
        ("Operation Local - my plan", ["Operation", "Local", "my", "plan"]),
        ("rooted in experience -- he can", ["rooted", "in", "experience", "he", "can"]),
        # 004: a straight quote standing for a lost dash
        ("violent extremism ' from both", ["violent", "extremism", "from", "both"]),
        # 004: a bullet hyphen
        ("- The CVE programme", ["The", "CVE", "programme"]),
    ],
)
def test_dashes_standing_alone_are_not_words(text, expected):
    assert words(text) == expected


# --- Apostrophes: contractions and possessives are one word, normalised to ' -------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I’ll act to keep Londoners safe.", ["I'll", "act", "to", "keep", "Londoners", "safe"]),  # 003, curly
        ("It's a responsibility", ["It's", "a", "responsibility"]),  # 003, straight
        ("terrorists don’t fall", ["terrorists", "don't", "fall"]),  # 001
        ("London’s safety", ["London's", "safety"]),  # 001
        ("we can't escape the fact", ["we", "can't", "escape", "the", "fact"]),  # 004
        ("women's groups and all of the capital's communities", ["women's", "groups", "and", "all", "of", "the", "capital's", "communities"]),  # 004
    ],
)
def test_contractions_and_possessives_are_one_word(text, expected):
    assert words(text) == expected


def test_curly_and_straight_apostrophes_give_the_same_word():
    # 003 writes both "It's" and "It’s".
    assert words("It's a responsibility") == words("It’s a responsibility")
    assert words("It’s a threat")[0] == "It's"


def test_offsets_keep_the_curly_apostrophe_as_written():
    text = "That’s why as Mayor, I’ll bring back real neighbourhood policing to London’s streets."  # 003
    token = tokens(text)[-2]
    assert token == Token("London's", 68, 76)
    assert text[token.start : token.end] == "London’s"


def test_normalised_apostrophes_give_textstat_the_cmudict_syllables():
    # textstat.syllable_count deletes curly apostrophes but keeps straight ones in
    # contractions; only the straight form is found in CMUdict. Hand-checked
    # against CMUdict: haven't = HH AE1 V AH0 N T (2), you've = Y UW1 V (1).
    assert textstat.syllable_count("haven’t") == 1
    assert textstat.syllable_count("you’ve") == 2
    assert [textstat.syllable_count(w) for w in words("haven’t you’ve")] == [2, 1]


def test_plural_possessive_keeps_its_final_apostrophe():
    # Adapted from 002 ("Jewish Londoners feel safe" -> "Jewish Londoners' safety").
    assert words("discuss what more the Met can do to ensure Jewish Londoners' safety") [-2:] == ["Londoners'", "safety"]
    assert words("the officers’ union")[1] == "officers'"


def test_a_closing_single_quote_after_s_is_not_a_possessive():
    # 003: the quote ‘man made laws’ closes after an "s".
    text = "what they call ‘man made laws’ and said that anyone who votes for me"
    assert words(text)[3:6] == ["man", "made", "laws"]
    # 000: nested single quotes inside a double quote.
    text = "“Labels such as ‘Combat proven’, ‘Tested in Gaza’ and ‘Approved by the Israel Defence Forces’ on Israeli"
    assert "Forces" in words(text)


def test_a_possessive_after_a_closed_quote_is_kept():
    # Adapted from 000: a possessive after a single quote that has already closed.
    text = "What has been called Israel’s ‘Matrix of Control’ serves governments’ interests"
    assert words(text)[-2:] == ["governments'", "interests"]


def test_straight_single_quotes_as_quotation_marks_are_not_words():
    # 004: the Mayor's quote opens and closes with straight single quotes.
    text = "said: 'London is one of the most diverse and open cities in the world. And across the capital.'"
    assert words(text)[:3] == ["said", "London", "is"]
    assert words(text)[-1] == "capital"


# --- Hyphenated compounds are one word ---------------------------------------------------------


@pytest.mark.parametrize(
    "compound",
    ["counter-terrorism", "London-specific", "de-radicalisation", "no-one", "designing-in", "tool-kit", "pro-Palestinian", "fast-moving"],
)
def test_hyphenated_compounds_are_one_word(compound):
    # All from the seeds (003, 004, 002).
    assert words(f"a {compound} word") == ["a", compound, "word"]


def test_unicode_hyphens_are_normalised():
    assert words("counter\u2010terrorism and counter\u2011terrorism") == ["counter-terrorism", "and", "counter-terrorism"]


# --- Numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("since 7/7, but", ["since", "7/7", "but"]),  # 003
        ("more than £600 million under", ["more", "than", "600", "million", "under"]),  # 003
        ("with a £400,000 investment", ["with", "a", "400,000", "investment"]),  # 004
        ("more than 1,000 guests", ["more", "than", "1,000", "guests"]),  # 000
        ("June 13, 2017 at 4:09 pm", ["June", "13", "2017", "at", "4:09", "pm"]),  # 000
        ("throughout 2018.", ["throughout", "2018"]),  # 004
        ("by more than 70.5 per cent.", ["by", "more", "than", "70.5", "per", "cent"]),  # adapted from 003
        ("on 20/12/2017 at 4.30pm", ["on", "20/12/2017", "at", "4.30pm"]),  # adapted from 004
    ],
)
def test_numbers_with_separators_are_one_word_without_the_currency_sign(text, expected):
    assert words(text) == expected


def test_money_offsets_let_the_currency_sign_be_recovered():
    text = "The Met has faced cuts of more than £600 million under the Tories."  # 003
    token = tokens(text)[8]
    assert token.word == "600"
    assert text[token.start - 1 : token.end] == "£600"


def test_a_slash_between_words_separates_them():
    # 004 and 000
    assert words("the so-called Islamic State/Daesh - in the capital") == ["the", "so-called", "Islamic", "State", "Daesh", "in", "the", "capital"]
    assert words("[Ray Tang/Anadolu Agency]") == ["Ray", "Tang", "Anadolu", "Agency"]


# --- URLs and e-mail addresses are not words; abbreviations with stops are one word -------------

URL = (
    "https://www.london.gov.uk/what-we-do/mayors-office-policing-and-crime-mopac/"
    "governance-and-decision-making/london-contest#acc-i-48136"
)
# 004, notes to editors: the last sentence of the "contest-bullet-url"
# paragraph of tests/fixtures/hand_counts.yaml, its line breaks as spaces.
MINUTES = f"The minutes of the meetings so far this year are available here:{URL}"


def test_the_minutes_sentence_is_in_the_seed():
    seed = " ".join((SEEDS / "004_896e14ac2f014d2a.txt").read_text(encoding="utf-8").split())
    assert MINUTES in seed


def test_a_url_is_no_word_even_glued_to_the_word_before():
    # "here:" has no space before the URL: "here" is a word, the URL none.
    assert words(MINUTES) == "The minutes of the meetings so far this year are available here".split()
    assert count_words(MINUTES) == 12
    assert [t.word for t in tokens(MINUTES)] == words(MINUTES)


def test_a_url_and_an_email_address_in_a_sentence_count_as_no_word():
    # Adapted from 004: its notes to editors give no address; press releases usually do.
    text = f"Contact press.office@london.gov.uk or see {URL}."
    assert words(text) == ["Contact", "or", "see"]
    assert count_words(text) == 3
    assert words_of_each([text, MINUTES]) == [words(text), words(MINUTES)]


def test_non_words_returns_the_url_and_email_left_out_and_the_text_keeps_them():
    text = f"Contact press.office@london.gov.uk or see {URL}."
    email_start = text.index("press")
    url_start = text.index("https")
    assert non_words(text) == [
        NonWord("press.office@london.gov.uk", email_start, email_start + 26, "email"),
        NonWord(URL, url_start, url_start + len(URL), "url"),
    ]
    # No word is found inside an address: words and addresses do not overlap.
    for token in tokens(text):
        assert all(token.end <= found.start or token.start >= found.end for found in non_words(text))
    assert non_words("A sentence with no address. e.g. 3.5 U.K. end.The") == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (f"available here: {URL}.", URL),  # adapted from 004: the stop is the sentence's
        ("see www.london.gov.uk, today", "www.london.gov.uk"),
        ("see HTTP://London.gov.uk/Mopac) today", "HTTP://London.gov.uk/Mopac"),
        ("see london.gov.uk/what-we-do/mopac.", "london.gov.uk/what-we-do/mopac"),  # a bare domain and path
        ("see london.gov.uk, today", "london.gov.uk"),
        ("write to a‐b@x.co.uk. today", "a‐b@x.co.uk"),  # Unicode hyphen, normalised first
    ],
)
def test_each_shape_of_address_is_left_out_up_to_its_closing_punctuation(text, address):
    (found,) = non_words(text)
    assert found.text == address == text[found.start : found.end]
    # The words are those of the text with the address blanked out.
    blanked = text[: found.start] + " " * len(address) + text[found.end :]
    assert words(text) == words(blanked)
    assert count_words(text) == len(words(blanked))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in the UK.It was", ["in", "the", "UK", "It", "was"]),  # a lost space: "it" is not a listed domain
        ("GOV.UK and Gov.UK", ["GOV", "UK", "and", "Gov", "UK"]),  # a name in capitals, not an address
        ("me@home and @Met", ["me", "home", "and", "Met"]),  # no domain after the @
        ("http:// and www. alone", ["http", "and", "www", "alone"]),
    ],
)
def test_what_only_looks_like_an_address_stays_words(text, expected):
    assert words(text) == expected
    assert non_words(text) == []


def test_the_top_level_domains_are_lower_case_words_of_letters():
    assert all(re.fullmatch("[a-z]+", domain) for domain in analysis.text.tokens.TOP_LEVEL_DOMAINS)
    assert list(analysis.text.tokens.TOP_LEVEL_DOMAINS) == sorted(set(analysis.text.tokens.TOP_LEVEL_DOMAINS))


def test_letters_with_stops_are_one_word_with_their_stops():
    # Adapted from 000.
    assert words("other places, e.g. Tel Aviv, i.e. abroad") == ["other", "places", "e.g.", "Tel", "Aviv", "i.e.", "abroad"]
    assert words("at 4:09 p.m. today") == ["at", "4:09", "p.m.", "today"]
    assert words("Mr. Khan") == ["Mr", "Khan"]


# --- Case, types and bad input ------------------------------------------------------------------


def test_lowercase_option_keeps_offsets():
    text = "I’ll act to keep Londoners safe."  # 003
    assert [t.start for t in tokens(text, lowercase=True)] == [t.start for t in tokens(text)]
    assert words(text, lowercase=True) == ["i'll", "act", "to", "keep", "londoners", "safe"]


def test_normalise_and_types():
    assert normalise("London’s") == "london's"
    assert normalise("Counter\u2010Terrorism") == "counter-terrorism"
    # 003: "It's" and "It’s" are one type; "Mayor" and "mayor" are one type.
    assert types("It's a responsibility. It’s a threat that I will act to tackle as Mayor, the mayor.") == {
        "it's", "a", "responsibility", "threat", "that", "i", "will", "act", "to", "tackle", "as", "mayor", "the",
    }  # fmt: skip


def test_offsets_match_the_text_on_every_seed():
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for token in tokens(text):
            assert normalise(text[token.start : token.end]) == normalise(token.word), (path.name, token)


def test_tokenising_is_deterministic():
    text = (SEEDS / "002_ef6294e7b7f48bde.txt").read_text(encoding="utf-8")
    assert tokens(text) == tokens(text)


def test_text_without_words_has_no_tokens():
    assert words("") == []
    assert words(" – — -- ‘’ “” . , ; £ ") == []


def test_non_string_input_is_an_error():
    with pytest.raises(TypeError, match="text must be str, not NoneType"):
        words(None)


# --- count_words and words_of_each are words(), faster ------------------------------------------

# Strings on the edges of the rules: possessives and closing quotes, e-mail
# addresses (with a Unicode hyphen), URLs, letters with stops, numbers, and
# the record separator words_of_each joins texts with.
TRICKY = [
    "",
    " ",
    "Londoners' safety",
    "what they call ‘man made laws’ and Londoners’ homes",
    "'tis the Jones' house, 'bout time",
    "mail a\u2010b@x.co.uk or a-b@x.com, @handle and me@home",
    "see https://www.london.gov.uk/x_(y). or www.met.police.uk/news’",
    "here:london.gov.uk/mopac, news@met.police.uk; example.com.au x.co.uk/ a.gov.uk.b",
    "WWW.example.com HTTPS://A.B/c?d=e, e.g. i.e. U.K.-based a.m.",
    "£400,000 3.5 4:09 7/7 20/12/2017 1,2, 3. 4/ /5",
    "counter‐terrorism no‑one de-radicalisation -- – —",
    "ΟΔΥΣΣΕΥΣ and İstanbul",
    "a\x1eb \x1e c's\x1e",
    "s' s's ‘s’ 's'",
]


def seed_texts():
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


@pytest.mark.parametrize("text", [*TRICKY, *seed_texts()])
def test_count_words_is_the_number_of_words(text):
    assert count_words(text) == len(words(text))


# Strings on the edges of count_words's shortcut and the fast form of the token
# rule: white space other than the space, chunks that are letters and digits
# to str.isalnum but hold no word or two words to the regex (U+02BC is a
# letter; "_" is not), the shapes with stops glued to words.
EDGES = [
    "ʼʼ ʼtis Londonersʼ snake_case _ __init__",
    "a\u00a0b\tc\nd\re\x1cf\x1fg\u2028h\u3000i\u200bj",
    "x² ½ ١٢٣ 4½ Ⅻ İstanbul straße ǅemal",
    "end.The I.They e.g.they U.K.-based 3.a a.3 a.b.c. A.B",
    "http://x.y/z, (https://a.b) hTTps://A.B www.a.b WWW.a.b www. http:// htp://a.b",
    "a.uk b.UK c.uk- d.uk_ e.ukx f.uk/ g.uk/. h-.uk -i.uk j..uk k.co.uk’s l.gov.uk' m.london.n",
    "9/11's 1990s' '90s 2,000,000. 3:4:5/6.7,8 4.-5 a-b-c- -a a--b a'-b",
    "x@y.z a.b+c@d-e.f-g.h @ a@ @b.c a@b. ‘Londoners’ safety’ s's' S'",
]


def _rule_as_written(text):
    """The word matches of the token rule as the module docstring and its parts write it.

    At each place the first shape that matches is taken; URLs, e-mail
    addresses and bare domains are matched and left out.
    """
    t = analysis.text.tokens
    not_words = [t.URL_PATTERN, t.EMAIL_PATTERN, t.BARE_DOMAIN_PATTERN]
    rule = "|".join([*(f"({shape})" for shape in not_words), t._LETTERS_WITH_STOPS, t._WORD])
    return [m.span() for m in re.finditer(rule, text) if m.lastindex is None]


def _words_rule_as_written(text):
    """The matches of the rule for words alone: letters with stops, then a word."""
    return [m.span() for m in re.finditer(f"{analysis.text.tokens._LETTERS_WITH_STOPS}|{analysis.text.tokens._WORD}", text)]


def _random_texts(count=3000, seed=20170320):
    """Random strings made of the characters and shapes the rules turn on."""
    pieces = [
        *"aAsSeEgGhHtTpPwWUKI0179²½ß_ ",
        *"''’ʼ-‐‑–—.,:/;!?()[]>\"“”‘@+£\n\t\u00a0\x1e",
        "https://", "http://", "www.", "e.g.", "U.K.", "4:09", "400,000", "7/7", "don't", "Londoners'",
        "a@b.co", "x-y@z.org", " the ", " and ", ".uk", ".com", "gov", ".gov.uk/", "london", ".london",
    ]  # fmt: skip
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 25))) for _ in range(count)]


def test_the_fast_token_rule_matches_the_rule_as_written():
    # _TOKEN is _LETTERS_WITH_STOPS | _WORD rewritten for speed; on any text
    # (normalised or not) it must find the same spans.
    for text in [*TRICKY, *EDGES, *seed_texts(), *_random_texts()]:
        for variant in (text, normalise_characters(text)):
            found = [m.span() for m in analysis.text.tokens._TOKEN.finditer(variant)]
            assert found == _words_rule_as_written(variant), variant


def test_a_text_without_the_hint_holds_no_address():
    # The tokenizer reads a text without _NON_WORD_HINT with the rule for
    # words alone: right only if no address shape can match in it.
    t = analysis.text.tokens
    address = re.compile("|".join([t.URL_PATTERN, t.EMAIL_PATTERN, t.BARE_DOMAIN_PATTERN]))
    for text in [*TRICKY, *EDGES, *seed_texts(), *_random_texts()]:
        for variant in (text, normalise_characters(text)):
            if t._NON_WORD_HINT.search(variant) is None:
                assert address.search(variant) is None, variant


@pytest.mark.parametrize("text", [*TRICKY, *EDGES, *seed_texts()])
def test_words_and_tokens_are_the_matches_of_the_rule_as_written(text):
    spans = _rule_as_written(normalise_characters(text))
    assert [(t.start, t.end) for t in tokens(text)] == [
        # A final apostrophe closing a quotation is trimmed (tested above).
        (start, end - 1 if text[end - 1] in "'’ʼ" and analysis.text.tokens._closes_quotation(text, end - 1) else end)
        for start, end in spans
    ]
    assert len(words(text)) == len(spans)


def test_the_character_classes_count_words_relies_on():
    # count_words splits on str.split's white space and takes a chunk for which
    # str.isalnum holds as one word: that is right only if these are exactly
    # the regex's \s and [^\W_], for every character.
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert re.findall(r"\s", every) == [c for c in every if c.isspace()]
    assert re.findall(r"[^\W_]", every) == [c for c in every if c.isalnum()]


@pytest.mark.parametrize("text", [*TRICKY, *EDGES, *seed_texts()])
def test_count_words_is_the_number_of_matches_of_the_rule_as_written(text):
    assert count_words(text) == len(_rule_as_written(normalise_characters(text)))


def test_count_words_is_the_number_of_words_on_random_texts():
    for text in _random_texts():
        assert count_words(text) == len(words(text)) == len(_rule_as_written(normalise_characters(text))), text


def test_count_words_on_chunks_of_letters_and_digits():
    # Chunks str.isalnum takes as one word each, and near misses.
    assert count_words("x² ½ straße ǅemal ١٢٣") == 5
    assert count_words("ʼʼ snake_case") == 2  # "''" is no word; "snake", "case"
    assert count_words("a\u00a0b\u2028c\x1ed") == 4


def test_count_words_refuses_a_non_string():
    with pytest.raises(TypeError, match="text must be str, not NoneType"):
        count_words(None)


@pytest.mark.parametrize("lowercase", [False, True])
def test_words_of_each_is_words_of_each_text(lowercase):
    sentences = [text[start:end] for text in seed_texts() for start, end in analysis.text.sentences.split_sentences(text)]
    for texts in (sentences, TRICKY, [*TRICKY, *sentences, *TRICKY], TRICKY[:1], []):
        assert words_of_each(texts, lowercase) == [words(text, lowercase) for text in texts]
    # Without the separator in any text, so that the texts are joined.
    plain = [text.replace("\x1e", " ") for text in TRICKY]
    assert words_of_each(plain, lowercase) == [words(text, lowercase) for text in plain]


def test_words_of_each_refuses_a_non_string():
    with pytest.raises(TypeError, match="text must be str, not NoneType"):
        words_of_each(["a", None])


# --- The examples in the docstrings are true ----------------------------------------------------


@pytest.mark.parametrize("module", [analysis.text.tokens, analysis.text.sentences])
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0

"""Specification of analysis.measures.sentiment: VADER's compound score, equal to vaderSentiment 3.3.2's.

vaderSentiment is the oracle: every seed sentence, and a generated set of
sentences built to exercise each of VADER's rules (negation, boosters, "but",
capitals, ! and ?, idioms, "least", "kind of", emoticons, emoji, the special
cases), must score exactly (equal floats) what ``polarity_scores`` gives, by
the readable form and by the fast path alike.
"""

from __future__ import annotations

import doctest
import random
import time

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.measures import sentiment
from analysis.measures.sentiment import _but_rule, _but_rule_readable, sentence_compound, vader_compound

ORACLE = SentimentIntensityAnalyzer()

#: Words chosen so that every rule of VADER fires in some generated sentence.
POSITIVE = ["good", "great", "safe", "win", "love", "hope", "GOOD", "Great", "good!", "'safe'", "(win)", "free"]
NEGATIVE = ["bad", "terror", "attack", "hate", "kill", "BAD", "Fear", "bad?", "evil,", "shit", "death", "die"]
BOOSTERS = ["very", "VERY", "extremely", "so", "barely", "slightly", "kinda", "sort", "kind", "of", "just", "enough",
            "more", "most", "less", "little", "Totally"]
NEGATIONS = ["not", "never", "no", "nor", "or", "don't", "isn't", "cannot", "without", "doubt", "Never", "NOT",
             "nothing", "ain't", "this", "least", "at", "very"]
IDIOMS = ["the shit", "bad ass", "badass", "the bomb", "bus stop", "yeah right", "kiss of death", "to die for",
          "beating heart", "kind of", "sort of", "just enough", "at least", "very least", "no good or bad",
          "never so good", "without a doubt"]
OTHER = ["we", "will", "let", "the", "terrorists", "London", "and", "a", "to", "is", "was", "but", "But", "BUT",
         "US", "I", "they"]
MARKS = ["", ".", "!", "!!", "!!!!!", "?", "??", "???", "????", "?!", "..."]
EMOTICONS = [":)", ":(", ":-)", ":D", ";)", "<3", ":/", "=)", ":-(("]
EMOJI = ["\U0001f498", "\U0001f601", "\U0001f622", "\u2764", "\U0001f44d", "x\U0001f602", "\U0001f602\U0001f602"]


def generated_sentences(n: int, seed: int = 0) -> list[str]:
    """``n`` sentences of 1 to 30 words drawn from the word pools above, with end marks (seeded)."""
    rng = random.Random(seed)
    pools = [POSITIVE, NEGATIVE, BOOSTERS, NEGATIONS, IDIOMS, OTHER, OTHER, EMOTICONS, EMOJI]
    weights = [3, 3, 3, 3, 1, 5, 5, 0.3, 0.3]
    result = []
    for _ in range(n):
        words = [rng.choice(rng.choices(pools, weights)[0]) for _ in range(rng.randint(1, 30))]
        if rng.random() < 0.2:
            words = [w.upper() for w in words]
        result.append(" ".join(words) + rng.choice(MARKS))
    return result


def oracle(texts: list[str]) -> list[float]:
    return [ORACLE.polarity_scores(t)["compound"] for t in texts]


def test_every_seed_sentence_scores_as_vader_does(seed_sentences):
    texts = seed_sentences["text"].tolist()
    expected = oracle(texts)
    assert vader_compound(texts).tolist() == expected
    assert [sentence_compound(t) for t in texts] == expected


def test_generated_sentences_score_as_vader_does_by_both_forms():
    texts = generated_sentences(6000)
    expected = oracle(texts)
    assert [sentence_compound(t) for t in texts] == expected
    assert vader_compound(texts).tolist() == expected
    # the set exercises the rules: many sentences with "but", scores of both signs, emoji
    assert sum("but" in t.lower().split() for t in texts) > 500
    assert min(expected) < -0.5 < 0.5 < max(expected)


@pytest.mark.parametrize(
    "text",
    [
        "VADER is smart, handsome, and funny!",
        "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
        "VADER is not smart, handsome, nor funny.",
        "At least it isn't a horrible book.",
        "The book was only kind of good.",
        "The plot was good, but the characters are uncompelling and the dialog is not great.",
        "Today only kinda sux! But I'll get by, lol",
        "Make sure you :) or :D today!",
        "Catch utf-8 emoji such as \U0001f498 and \U0001f48b and \U0001f601",
        "Sentiment analysis has never been this good!",
        "With VADER, sentiment analysis is the shit!",
        "On the other hand, VADER is quite bad ass",
        "Without a doubt, excellent idea.",
        "Roger Dodger is one of the least compelling variations on this theme.",
        "Roger Dodger is at least compelling as a variation on the theme.",
        "no good or bad, but good good bad good but bad",
        "That was the kiss of death, yeah right",
        "",
        "   ",
    ],
)
def test_vaders_own_examples_score_as_vader_does(text):
    expected = ORACLE.polarity_scores(text)["compound"]
    assert sentence_compound(text) == expected
    assert vader_compound([text])[0] == expected


def test_the_but_rule_replays_vaders_lookup_by_value():
    # Scores before "but" (position 2) are halved, after it x 1.5; but the loop finds each score
    # by value: when it reaches the 0.5 after "but", the first 0.5 is the 1.0 already halved
    # (position 1), which is halved again, and the 0.5 after "but" is left as it is.
    lowers = ["good", "great", "but", "fine"]
    expected = _but_rule_readable([0.5, 1.0, 0, 0.5], lowers)
    assert expected == [0.25, 0.25, 0, 0.5]
    assert _but_rule([0, 1, 3], [0.5, 1.0, 0.5], 2) == [0.25, 0.25, 0.5]


def test_the_but_rule_equals_its_readable_form_on_repeated_scores():
    rng = random.Random(1)
    for _ in range(2000):
        n = rng.randint(1, 25)
        sentiments = [rng.choice([0, 0, 1.0, 1.5, -1.0, 0.5, 2.25, 0.75]) for _ in range(n)]
        bi = rng.randrange(n)
        lowers = ["x"] * n
        lowers[bi] = "but"
        sentiments[bi] = 0
        expected = _but_rule_readable(list(sentiments), lowers)
        positions = [k for k, v in enumerate(sentiments) if v != 0]
        got = _but_rule(positions, [sentiments[k] for k in positions], bi)
        assert got == [expected[k] for k in positions]


def test_a_run_on_sentence_costs_time_proportional_to_its_length():
    # 20,000 words of ten types with "but" in one sentence; vaderSentiment is quadratic here.
    rng = random.Random(0)
    types = "we will not let the terrorists win but keep safe".split()
    short = " ".join(rng.choice(types) for _ in range(2_000))
    long = " ".join(rng.choice(types) for _ in range(20_000))
    start = time.perf_counter()
    vader_compound([short])
    small = time.perf_counter() - start
    start = time.perf_counter()
    vader_compound([long])
    large = time.perf_counter() - start
    assert large < 40 * max(small, 1e-3)  # ten times the words: about ten times the time, not a hundred


def test_doctests_pass():
    assert doctest.testmod(sentiment).failed == 0

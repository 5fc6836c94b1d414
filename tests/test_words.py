"""Specification of the text layer's word values: word codes, offsets and the one phrase matcher
(analysis.text.words, analysis.text.matcher)."""

import numpy as np
import pytest

from analysis.text import words as words_module
from analysis.text.matcher import Matcher, phrase_matches_readable
from analysis.text.tokens import normalise, tokens, words
from analysis.text.words import Words, word_offsets

from .seed_corpus import seed_sentences


def test_words_of_a_batch_are_numbered_once_and_read_only():
    w = Words(["we will act", "we act"], ["We will act.", "We act."])
    assert w.lengths.tolist() == [3, 2] and w.types == ("act", "we", "will")
    assert w.codes.tolist() == [1, 2, 0, 1, 0]
    assert not w.codes.flags.writeable and not w.lengths.flags.writeable
    assert w.offsets is w.offsets  # found once, kept by the value, not by the module
    assert [a.tolist() for a in w.offsets] == [[0, 3, 8, 0, 3], [2, 7, 11, 2, 6]]


def test_words_without_texts_cannot_be_located():
    with pytest.raises(ValueError, match="without the sentences' texts"):
        Words(["we act"]).offsets


def test_word_offsets_are_those_of_the_tokenizer():
    for text in seed_sentences()["text"]:
        expected = [(t.start, t.end) for t in tokens(text)]
        assert words_module._word_spans(text, " ".join(t.word for t in tokens(text, lowercase=True))) == expected


def searched_offsets(texts: list[str], token_strings: list[str]):
    """What word_offsets gives by searching for each word in turn, or the error it raises."""
    joined = "\n".join(texts)
    lowered = words_module._searched_text(joined)
    in_place = len(lowered) == len(joined) and "\u03a3" not in joined
    try:
        return words_module._searched_offsets(texts, token_strings, lowered, in_place)
    except ValueError as error:
        return str(error)


def offsets_or_error(texts: list[str], token_strings: list[str]):
    try:
        return word_offsets(texts, token_strings)
    except ValueError as error:
        return str(error)


def test_word_offsets_found_by_counting_letters_are_those_of_the_search():
    seeds = list(seed_sentences()["text"])
    texts = [*seeds, "", "It’s 7/7, e.g. U.K.-based -- see https://x.org/a_(b) or me@x.org.",
             "_me@x.org", "Ωmega ΣΑΣ"]
    token_strings = [" ".join(words(text, lowercase=True)) for text in texts]
    for n in (len(seeds), len(texts) - 2):  # placed by counting
        lowered = words_module._searched_text("\n".join(texts[:n]))
        assert words_module._aligned_offsets(texts[:n], token_strings[:n], lowered) is not None
    for some in (texts[: len(seeds)], texts[:-2], texts[:-1], texts):  # the last two: searched
        found = offsets_or_error(some, token_strings[: len(some)])
        expected = searched_offsets(some, token_strings[: len(some)])
        assert all(np.array_equal(a, b) for a, b in zip(found, expected, strict=True))


def test_words_are_not_found_inside_an_address():
    # "news" and "or" are in the URL and the address too; the words are after them.
    texts = ["see https://x.org/news news", "Write to news@x.org or call."]
    token_strings = [" ".join(words(text, lowercase=True)) for text in texts]
    assert token_strings == ["see news", "write to or call"]
    start, end = word_offsets(texts, token_strings)
    expected = [(t.start, t.end) for text in texts for t in tokens(text)]
    assert list(zip(start.tolist(), end.tolist(), strict=True)) == expected == [(0, 3), (23, 27), (0, 5), (6, 8),
                                                                                  (20, 22), (23, 27)]
    assert searched_offsets(texts, token_strings)[0].tolist() == start.tolist()
    assert [words_module._word_spans(text, string) for text, string in zip(texts, token_strings)] == [
        [(0, 3), (23, 27)], [(0, 5), (6, 8), (20, 22), (23, 27)]]


@pytest.mark.parametrize("texts, token_strings", [
    (["a cat", "b"], ["cat", "b"]),  # a letter in a gap
    (["ab"], ["b"]),  # a word starting inside another
    (["a", "ab"], ["a b", "a"]),  # a word placed past its sentence's end
    (["ab", "c"], ["a", "b c"]),  # a word placed before its sentence's start
    (["The cat."], ["the dog"]),  # a word not in the text
    (["x y"], ["x  y"]),  # an empty word
    (["x y"], [" x y"]),
    (["_me@x.org wrote"], ["_me@x.org wrote"]),  # a word starting with neither letter nor digit
    (["İstanbul is big."], ["i̇stanbul is big"]),  # lower-casing that adds a character
    (["—", "Hi."], ["", "hi"]),
    (["Fine 😀 ok 𝐀b."], [" ".join(words("Fine 😀 ok 𝐀b.", lowercase=True))]),  # beyond the BMP
    ([], []),
])
def test_word_offsets_that_counting_cannot_place_are_searched_for(texts, token_strings):
    found = offsets_or_error(texts, token_strings)
    expected = searched_offsets(texts, token_strings)
    if isinstance(expected, str):
        assert found == expected
    else:
        assert all(np.array_equal(a, b) and a.dtype == np.int64 for a, b in zip(found, expected, strict=True))


def test_phrases_match_word_after_word_within_a_sentence():
    rng = np.random.default_rng(0)
    vocabulary = ["the", "vulnerable", "their", "lives", "at", "risk", "of", "terror", "terrorism", "police", "xyz"]
    token_strings = [" ".join(rng.choice(vocabulary, size=int(rng.integers(0, 8)))) for _ in range(300)]
    phrases = [("*", "their", "lives"), ("the", "vulnerable"), ("terror*",), ("at", "risk", "of"), ("police",),
               ("*",), ("*", "*"), ("the", "*", "lives"), ("nowhere",), ("t?e", "[tv]*"), ("lives", "nowhere"),
               ("police", "police", "police", "police")]
    phrase, start = Matcher(Words(token_strings)).phrase_matches(phrases)
    expected = phrase_matches_readable(token_strings, phrases)
    assert list(zip(phrase.tolist(), start.tolist(), strict=True)) == expected

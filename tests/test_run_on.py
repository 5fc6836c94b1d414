"""Specification: a run-on document (no sentence ends) costs time proportional to its length.

A speech-recognition transcript or an OCR page can be one sentence of tens of
thousands of words. Every per-document stage (segmentation and attribution,
sentences, counts, frames, rhetoric with sentiment, devices, keyness, the
document bootstrap) must then cost about ten times as much for ten times the
words, not a hundred. Timings are loose on purpose (a shared machine): the
bound is what a quadratic stage cannot meet, not a speed target.
"""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

import pytest

from analysis.measures import devices
from analysis import load, process_documents
from tests.seed_corpus import SEEDS, sentences_of

SPEECH_TYPES = ["we", "will", "not", "let", "the", "terrorists", "win", "but", "keep", "london", "safe", "and"]
QUOTE_TYPES = ["we", "will", "\u201cnot", "let\u201d", "said", "Khan", "the", "terrorists", "Mr", "win",
               "\u2018keep", "safe\u2019", "he", "told"]


def run_on(kind: str, n_words: int) -> str:
    rng = random.Random(0)
    if kind == "one word":
        return " ".join(["terror"] * n_words)
    if kind == "ten types":
        return " ".join(rng.choice(SPEECH_TYPES) for _ in range(n_words))
    return " ".join(rng.choice(QUOTE_TYPES) for _ in range(n_words))


def corpus_with(text: str, folder: Path):
    """The seed corpus plus one run-on speech of Sadiq Khan's."""
    shutil.copytree(SEEDS, folder)
    (folder / "runon.txt").write_text(text + "\n", encoding="utf-8")
    with (folder / "manifest.csv").open("a", encoding="utf-8") as f:
        f.write("runon,runon.txt,Run-on transcript,2016-03-20,speech,Sadiq Khan,,,,,\n")
    inputs = load(folder)
    doc = next(d for d in inputs.corpus.documents if d.doc_id == "runon")
    return inputs, doc


def seconds(inputs, doc) -> float:
    start = time.perf_counter()
    tables = process_documents([doc], inputs.speakers, inputs.rules, n_boot=50)
    elapsed = time.perf_counter() - start
    assert tables["documents"]["words_analysed"].iloc[0] > 0
    return elapsed


@pytest.mark.parametrize("kind", ["one word", "ten types", "quotations"])
def test_a_50000_word_run_on_document_costs_about_ten_times_a_5000_word_one(kind, tmp_path):
    small_inputs, small_doc = corpus_with(run_on(kind, 5_000), tmp_path / "small")
    large_inputs, large_doc = corpus_with(run_on(kind, 50_000), tmp_path / "large")
    seconds(small_inputs, small_doc)  # dictionaries read, caches warm
    small = min(seconds(small_inputs, small_doc) for _ in range(2))
    large = seconds(large_inputs, large_doc)
    # Linear: about 10 times; quadratic would be 100 times. (Before the bounds, one word
    # said 4,000 times took 18 s in devices alone.)
    assert large < 30 * small + 1.0, (small, large)


def test_repeated_phrases_are_compared_over_at_most_max_words_words():
    # One word said 3,000 times holds repeated phrases of every length; they are
    # found up to max_words words, one row per length.
    max_words = int(devices.rules().repetition["max_words"])
    found = devices.find_devices(sentences_of(" ".join(["terror"] * 3_000) + "."))
    repetition = found[found["device"] == "repetition"]
    lengths = repetition["pattern"].str.split().str.len()
    assert lengths.max() == max_words
    assert len(repetition) == max_words - 2  # every length from 3 words


def test_a_repeated_passage_longer_than_max_words_is_reported_once_as_its_first_words():
    rng = random.Random(3)
    pool = ["keep", "londoners", "safe", "tackle", "extremism", "communities", "police", "city", "threat", "work"]
    passage = " ".join(rng.choice(pool) + str(i) for i in range(40))
    found = devices.find_devices(sentences_of(f"First {passage} here.", f"Then {passage} again."))
    repetition = found[found["device"] == "repetition"]
    assert len(repetition) == 1
    max_words = int(devices.rules().repetition["max_words"])
    assert repetition["pattern"].iloc[0] == " ".join(passage.split()[:max_words])

"""The seed corpus, loaded once for the tests that read it."""

import functools
from pathlib import Path

import pandas as pd

from analysis import corpus_tables, load, sentence_table
from analysis.paths import repo_root

SEEDS = repo_root(Path(__file__).parent) / "seeds"


@functools.lru_cache(maxsize=1)
def inputs():
    return load(SEEDS)


@functools.lru_cache(maxsize=1)
def tables():
    return corpus_tables(inputs())


def seed_sentences() -> pd.DataFrame:
    """The seed corpus's sentences table (a fresh copy each call)."""
    return sentence_table(tables()["segments"])


def sentences_of(*texts: str, speaker: str = "Sadiq Khan", doc_id: str = "003") -> pd.DataFrame:
    """A sentences table with one row per text, as the sentence stage makes it."""
    return pd.DataFrame(
        {
            "doc_id": doc_id,
            "segment_id": 0,
            "sentence_id": range(len(texts)),
            "speaker": speaker,
            "kind": "speech",
            "text": list(texts),
        }
    )

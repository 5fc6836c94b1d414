"""The seed corpus, loaded once for the tests that read it."""

import functools
from pathlib import Path

from analysis.export import corpus_tables, load
from analysis.paths import repo_root

SEEDS = repo_root(Path(__file__).parent) / "seeds"


@functools.lru_cache(maxsize=1)
def inputs():
    return load(SEEDS)


@functools.lru_cache(maxsize=1)
def tables():
    return corpus_tables(inputs())

"""Fixtures shared by the test modules."""

from __future__ import annotations

import pandas as pd
import pytest

from tests import seed_corpus


@pytest.fixture(scope="module")
def seed_sentences() -> pd.DataFrame:
    """Every sentence of the five seeds, a copy for each test module (:func:`tests.seed_corpus.seed_sentences`)."""
    return seed_corpus.seed_sentences()

"""Whether a text looks like English: the share of its words that are English's common function words.

Every measure of the package is English-only: the readability formulas were
fitted on English readers, and the rhetoric and frame lexicons, the syllable
counter and the sentence splitter are English. A text in another language is
measured all the same, to numbers that mean nothing, so loading a corpus warns
about such a text (:func:`language_warning`) without refusing it.

The test is a small, cited heuristic, not a language identifier: a text's
*English share* is the share of its words (:func:`analysis.text.tokens.words`,
in lower case) that are in the shipped list of English function words
(``analysis/data/english_function_words.txt``: the function words among the
100 most frequent lemmas of the Oxford English Corpus, with the inflected forms
of *be*, *have* and *do*; the file says which and why). Function words are
closed-class and frequent whatever the topic: the OEC's 100 most frequent
lemmas make up about half of written English, and the five seed texts score
between 37% and 45% on this list. Another language shares a few short forms
with it ("a", "in", "no", "was") but few enough that a paragraph of French,
German or Spanish scores under 5% (the tests' paragraphs: 1%, 4%, 3%).

The threshold, :data:`ENGLISH_MIN_SHARE` = 20%, is about half the lowest
English score and several times the foreign ones, so neither a plain English
text heavy with names and numbers nor a foreign text with English quotations
crosses it by accident. A text of fewer than
:data:`LANGUAGE_MIN_WORDS` = 50 words is not judged: a share of so few words
varies too much (a 20-word headline may hold no function word at all).

References
----------
Oxford Dictionaries (2011). *The OEC: facts about the language*. Oxford
University Press (the 100 most frequent lemmas of the Oxford English Corpus).
"""

from __future__ import annotations

import functools
from pathlib import Path

from ..corpus.manifest import Corpus, read_text
from ..paths import data_file
from .tokens import words

#: A text whose English share is below this does not look like English.
ENGLISH_MIN_SHARE = 0.20
#: A text of fewer words than this is not judged.
LANGUAGE_MIN_WORDS = 50
FUNCTION_WORDS_FILE = "english_function_words.txt"


def read_function_words(path: Path | str) -> frozenset[str]:
    """Read a list of function words: one word a line, ``#`` comments and blank lines skipped.

    Parameters
    ----------
    path
        The list's file.

    Returns
    -------
    frozenset of str
        The words, in lower case.
    """
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.lstrip().startswith("#"))


@functools.cache
def function_words() -> frozenset[str]:
    """The shipped list of English function words (``analysis/data/english_function_words.txt``), read once."""
    return read_function_words(data_file(FUNCTION_WORDS_FILE))


def english_share(text: str) -> float | None:
    """The share of a text's words that are common English function words.

    Parameters
    ----------
    text
        Any text.

    Returns
    -------
    float or None
        The share, from 0 to 1; ``None`` for a text of fewer than
        :data:`LANGUAGE_MIN_WORDS` words, which is not judged.

    References
    ----------
    The list: the function words among the 100 most frequent lemmas of the
    Oxford English Corpus (Oxford Dictionaries 2011); see the module's notes.

    Examples
    --------
    >>> english_share("The police said that the attack was over.")  # under 50 words: not judged
    >>> round(english_share("the city and its people " * 10), 2)
    0.6
    """
    found = words(text, lowercase=True)
    if len(found) < LANGUAGE_MIN_WORDS:
        return None
    listed = function_words()
    return sum(word in listed for word in found) / len(found)


def language_warning(name: str | Path, text: str) -> str | None:
    """The warning for a text that does not look like English, or ``None``.

    A text of fewer than :data:`LANGUAGE_MIN_WORDS` words, or whose
    :func:`english_share` is at least :data:`ENGLISH_MIN_SHARE`, gets none.

    Parameters
    ----------
    name
        What the warning names: the text's file.
    text
        The text.

    Returns
    -------
    str or None
        ``"<name>: does not look like English (N% of its words are common
        English words; the measures are English-only)"``, N rounded to a whole
        per cent.
    """
    share = english_share(text)
    if share is None or share >= ENGLISH_MIN_SHARE:
        return None
    return (
        f"{name}: does not look like English ({round(share * 100)}% of its words are common English words;"
        " the measures are English-only)"
    )


def language_warnings(corpus: Corpus) -> list[str]:
    """The :func:`language_warning` of every document of a corpus, in the corpus's order.

    Reads every text (:func:`analysis.corpus.manifest.read_text`). Loading a
    corpus (:func:`analysis.pipeline.load`) gives the same warnings as
    :attr:`analysis.pipeline.CorpusInputs.warnings` from the one reading it
    validates the texts with; this is for a corpus already read.

    Parameters
    ----------
    corpus
        A read corpus (:func:`analysis.corpus.manifest.read_corpus`).

    Returns
    -------
    list of str
        One warning per text that does not look like English.
    """
    found = (language_warning(doc.path, read_text(doc)) for doc in corpus.documents)
    return [warning for warning in found if warning is not None]

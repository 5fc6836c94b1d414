"""Split a segment of text into sentences.

The splitter works on the ``text`` of one speaker segment (one paragraph,
whitespace-normalised), but any string will do. It returns character spans, so
a sentence can always be traced back to the exact characters it came from.

Rules
-----
A sentence ends at a *stop*: a run of ``.``, ``!``, ``?`` or ``…`` (so ``...``
and ``?!`` are one stop), followed by any closing marks ``’ ' ” " ) ]`` and then
by whitespace or the end of the text. The closing marks belong to the sentence
they close: ``...keep us safe.”`` and ``...is very welcome."`` end after the
quotation mark. Besides stops, a blank line (two line breaks with only spaces
between) always ends a sentence, so that two paragraphs never share one; a
single line break does not (press releases are hard-wrapped mid-sentence).

A stop is *not* a sentence end when

1. the next word (after the whitespace and any opening quotation marks or
   brackets) starts with a lower-case letter: ``“Why?” he asked.`` is one
   sentence, and so is ``pears etc. and apples``;
2. it is a single ``.`` straight after an abbreviation listed in
   ``data/abbreviations.txt`` whose kind says so: a *title* (``Mr.``, ``Dr.``,
   ``St.``) or an *inside* abbreviation (``e.g.``, ``i.e.``) never ends a
   sentence; a *number* abbreviation (``No.``, ``p.``) does not end one before a
   digit; an *ends_if_capital* abbreviation (``etc.``) behaves like any word;
3. it is a single ``.`` after a single capital letter other than ``I`` and the
   next word is capitalised: initials, as in ``J. K. Rowling``. (``I.`` is left
   out because "World War I." and the pronoun end sentences far more often
   than an initial I. stands before a surname.)

Because a stop needs whitespace (or the end) after it, nothing inside a token
can end a sentence: decimals (``3.5``), money (``£400,000``), ``7/7``, times
(``4:09 pm``) and URLs (``https://www.london.gov.uk/...#acc-i-48136``) are safe
without special cases. A colon never ends a sentence (``Sir Mark said: “Every
member ...”`` is one sentence). Text after the last stop, or text with no stop
at all (a heading such as ``Intelligence``, a bullet item, ``As a Dad, I worry
about my daughters``), is a sentence of its own, however short: every word of
the text is in exactly one sentence.

A piece with no letter or digit (a ``”`` cut off from its stop by a space at
the end of the text, an ellipsis opening it) is not a sentence: it joins the
sentence before it, or, at the start of the text, the one after it. A text with
no letter or digit at all has no sentence.

Known limits, accepted and documented: a title abbreviation at the very end of
a sentence (``lives on Baker St. The house``) does not end it; a new sentence
that starts with a lower-case word (``iPhone``) is joined to the one before; a
missing space after a stop (``safe.Next``) joins two sentences.

Why not textstat's splitter
---------------------------
textstat 0.7.8 (the readability library this project uses) counts sentences
with ``re.findall(r"\\b[^.!?]+[.!?]*", text)`` and then *drops every piece of
two words or fewer* (``textstat/backend/counts/_count_sentences.py``). So
"Thank you." after a speech's last sentence is not counted, a decimal point
splits a sentence in two ("rose by 3." / "5 per cent"), so does a stopped title
("will meet Mr." / "Khan on Monday ..."), and, since only ``.!?`` end a piece,
an unpunctuated heading is merged into the sentence after it. It
also returns only a count, not the sentences. Readability scores divide by the
sentence count, so these errors move the scores; this module is used instead,
and ``tests/test_sentences.py`` shows the two disagreeing on seed lines.

Why not NLTK's Punkt
--------------------
Punkt needs its trained model (``punkt_tab``) downloaded at run time with
``nltk.download``; nothing in this project may touch the network when the book
is built or tested, and an unsupervised model would also make the rules above
harder to state and to test. The rules here are few, written down, and tested
one by one on seed sentences.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..paths import data_file

__all__ = [
    "ABBREVIATIONS",
    "ABBREVIATIONS_FILE",
    "SENTENCE_COLUMNS",
    "SENTENCE_KINDS",
    "read_abbreviations",
    "sentence_table",
    "sentence_texts",
    "sentences",
    "split_sentences",
]

ABBREVIATIONS_FILE = data_file("abbreviations.txt")

#: The kinds an abbreviation may have in ``data/abbreviations.txt``.
KINDS = frozenset({"title", "inside", "number", "ends_if_capital"})


def read_abbreviations(path: Path | str = ABBREVIATIONS_FILE) -> dict[str, str]:
    """Read the abbreviation list.

    Parameters
    ----------
    path : pathlib.Path or str, optional
        A file in the format of ``analysis/data/abbreviations.txt``: one
        ``<form> <kind>`` pair a line, ``#`` starting a comment.

    Returns
    -------
    dict of str to str
        Each form *without* its final stop (``"e.g"``, ``"Mr"``), mapped to its
        kind.

    Raises
    ------
    ValueError
        If a line does not have exactly two fields, a form does not end with a
        stop, a kind is unknown, or a form is listed twice.

    Examples
    --------
    >>> read_abbreviations()["Mr"]
    'title'
    >>> read_abbreviations()["e.g"]
    'inside'
    """
    table: dict[str, str] = {}
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        fields = line.split()
        if len(fields) != 2:
            raise ValueError(f"{path}:{number}: expected '<form> <kind>', got {raw!r}")
        form, kind = fields
        if not form.endswith("."):
            raise ValueError(f"{path}:{number}: form {form!r} must be written with its final stop")
        if kind not in KINDS:
            raise ValueError(f"{path}:{number}: unknown kind {kind!r}; expected one of {sorted(KINDS)}")
        key = form[:-1]
        if key in table:
            raise ValueError(f"{path}:{number}: {form!r} is listed twice")
        table[key] = kind
    return table


#: Abbreviation (without its final stop) -> kind, read once at import.
ABBREVIATIONS: dict[str, str] = read_abbreviations()

# A candidate sentence end: a stop with its closing marks, then whitespace or
# the end; or a blank line. The lookahead keeps dots inside 3.5, £400,000 and
# URLs from ever being candidates. The pattern opens with one character class
# so that the regex engine skips in C to the next stop or line break instead
# of trying both alternatives at every character (about 2.5 times faster);
# each alternative then tells by a lookbehind which of the two it began with.
# The match is the stop with its closing marks, or the blank line; ``blank``
# (the blank line less its first break) is None for a stop.
_CANDIDATE = re.compile(
    r"[.!?\u2026\n]"
    r"(?:(?<=[.!?\u2026])[.!?\u2026]*['\u2019\"\u201d)\]]*(?=\s|\Z)"
    r"|(?<=\n)(?P<blank>[^\S\n]*\n))"
)
# What follows a candidate: whitespace, opening marks, then the first character
# of the next word (None at the end of the text).
_NEXT = re.compile(r"\s*['\u2018\"\u201c(\[]*(\S)?")
# Opening marks stripped from the word before a stop ("(e.g." -> "e.g").
_OPENERS = "'\u2018\"\u201c([\u201a\u201e"
_WORD_CHAR = re.compile(r"[^\W_]")


def _word_before(text: str, end: int) -> str:
    """Return the whitespace-delimited word ending at ``end``, opening marks stripped."""
    start = end
    # Walk back by hand: a regex anchored at ``end`` would rescan from the
    # start of the text for every stop.
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip(_OPENERS)


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Decide whether a stop candidate is a sentence end (rules in the module docstring)."""
    following = _NEXT.match(text, match.end()).group(1)
    if following is None:
        return True
    if following.islower():
        return False
    if match.group() != ".":
        # ?, !, an ellipsis, or a closed quotation (the match is the stop and
        # its closing marks): nothing can continue it.
        return True
    word = _word_before(text, match.start())
    kind = ABBREVIATIONS.get(word)
    if kind == "title" or kind == "inside":
        return False
    if kind == "number":
        return not following.isdigit()
    if len(word) == 1 and word.isupper() and word != "I" and following.isupper():
        return False
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return the character spans of the sentences in ``text``.

    Parameters
    ----------
    text : str
        Any string; normally the whitespace-normalised text of one segment.

    Returns
    -------
    list of tuple of (int, int)
        ``(start, end)`` of each sentence, in order, so that
        ``text[start:end]`` is the sentence with no surrounding whitespace.
        Every letter and digit of ``text`` lies in exactly one span. Empty if
        ``text`` has no letter or digit.

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> split_sentences("Some of our actions have increased this concern. I personally "
    ...                 "reiterate our apology from earlier this week.")
    [(0, 48), (49, 107)]
    >>> split_sentences("Intelligence")
    [(0, 12)]
    >>> split_sentences("Sir Mark Rowley will meet Mr. Khan on Monday.")
    [(0, 45)]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    spans: list[tuple[int, int]] = []
    start = 0
    length = len(text)
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        # A candidate at the end of the text always ends a sentence (nothing
        # follows it); most segments end so, and skip the checks.
        if end < length and match.group("blank") is None and not _ends_sentence(text, match):
            continue
        start = _close(text, start, end, spans)
    if start < length:  # an empty rest adds nothing
        _close(text, start, length, spans)
    return spans


def _close(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> int:
    """Append ``text[start:end]``, trimmed, to ``spans``; return where the next sentence starts.

    A piece without a letter or digit is not a sentence: it is added to the
    previous span, or, if there is none yet, carried into the next one (the
    returned start stays at ``start``).
    """
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return end
    first = start + len(piece) - len(piece.lstrip())
    last = first + len(stripped)
    if _WORD_CHAR.search(stripped):
        spans.append((first, last))
        return end
    if spans:
        spans[-1] = (spans[-1][0], last)
        return end
    return start


def sentences(text: str) -> list[str]:
    """Return the sentences of ``text`` as strings.

    A convenience over :func:`split_sentences`, which documents the rules.

    Parameters
    ----------
    text : str
        Any string; normally the text of one segment.

    Returns
    -------
    list of str
        The sentences, in order, trimmed of surrounding whitespace.

    Examples
    --------
    >>> sentences("I had death threats from extremists when I voted for same sex marriage. "
    ...           "I had to discuss police protection with my young daughters \u2013 something "
    ...           "that no parent should have to do.")  # doctest: +NORMALIZE_WHITESPACE
    ['I had death threats from extremists when I voted for same sex marriage.',
     'I had to discuss police protection with my young daughters \u2013 something that no parent should have to do.']
    """
    return [text[start:end] for start, end in split_sentences(text)]


SENTENCE_COLUMNS = ["doc_id", "segment_id", "sentence_id", "speaker", "kind", "text"]

#: The segment kinds whose text is split into sentences, which every measure
#: reads. A ``partial`` quote (quoted words inside a sentence of narration) is
#: a fragment, not a sentence, and a ``repeat`` (narration repeating a
#: quotation word for word) is counted once, in the quotation: both stay out
#: of every sentence measure (see :mod:`analysis.segments`).
SENTENCE_KINDS = ("speech", "narration", "quote")


def sentence_texts(sentences, required=SENTENCE_COLUMNS) -> list[str]:
    """Check a sentences table and return its texts: the one check every measure stage makes.

    Raises
    ------
    ValueError
        If a ``required`` column is missing (named in the message).
    TypeError
        If a ``text`` value is not a string (its row named).
    """
    missing = [c for c in required if c not in sentences.columns]
    if missing:
        raise ValueError(f"sentences table lacks column(s) {missing}; make it with analysis.text.sentences.sentence_table")
    texts = sentences["text"].tolist()
    for position, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"text of row {position} is {type(text).__name__}, not str")
    return texts


def sentence_table(segments):
    """Split every segment into sentences: the stage between segments and measures.

    Parameters
    ----------
    segments : pandas.DataFrame
        Speaker segments (:func:`analysis.corpus.segments.segment_document`), with at
        least ``doc_id, segment_id, speaker, kind, text``.

    Returns
    -------
    pandas.DataFrame
        One row per sentence, columns ``doc_id, segment_id, sentence_id,
        speaker, kind, text``; ``sentence_id`` counts from 1 within each
        document, in text order. A sentence never crosses a segment, so it has
        one speaker. Segments of a kind not in :data:`SENTENCE_KINDS`
        (``partial``, ``repeat``) have no sentences.
    """
    import pandas as pd

    rows = []
    numbers: dict[str, int] = {}
    # Columns as lists: iterating a pandas column boxes every value through
    # pandas' own iterator, several times slower than a list.
    for doc_id, segment_id, speaker, kind, text in zip(
        *(segments[column].tolist() for column in ("doc_id", "segment_id", "speaker", "kind", "text")),
        strict=True,
    ):
        if kind not in SENTENCE_KINDS:
            continue
        for start, end in split_sentences(text):
            numbers[doc_id] = numbers.get(doc_id, 0) + 1
            rows.append((doc_id, segment_id, numbers[doc_id], speaker, kind, text[start:end]))
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)

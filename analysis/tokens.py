"""Cut text into word tokens for counting, readability and vocabulary measures.

Conventions
-----------
A *word* is a run of letters or digits, extended across

* an apostrophe between two letters or digits: contractions and possessives
  are one word (``I’ll``, ``don't``, ``London’s``); so is a plural possessive
  with its final apostrophe (``Londoners'``), see below;
* a hyphen between two letters or digits: compounds are one word
  (``counter-terrorism``, ``London-specific``, ``de-radicalisation``,
  ``no-one``);
* a ``.`` ``,`` ``:`` or ``/`` between two digits: a number with separators is
  one word (``400,000``, ``3.5``, ``4:09``, ``7/7``, ``20/12/2017``);

plus three whole-token shapes tried first: a URL (``https://...`` or
``www....``, up to the last character that is not closing punctuation), an
e-mail address, and letters with stops (``e.g.``, ``i.e.``, ``a.m.``, kept with
their stops).

Not words: punctuation, quotation marks, brackets, dashes of any length
standing alone (``-``, ``–``, ``—``, ``--``), and symbols. A currency sign is a
symbol, so ``£400,000`` gives the word ``400,000`` (one word, as a reader and
textstat's ``lexicon_count`` both count it); the offsets of :func:`tokens` let
a keyword-in-context view show the ``£`` again. ``4:09 pm`` is two words,
``4:09`` and ``pm``.

Apostrophes and hyphens are normalised in the returned words: the typographic
apostrophe ``’`` (U+2019) and the modifier letter apostrophe ``ʼ`` (U+02BC)
become ``'``, and the Unicode hyphens U+2010 and U+2011 become ``-``. So
``I’ll`` and ``I'll`` are one type for lexical diversity and keyness, and
``textstat.syllable_count``, which keeps straight apostrophes in contractions
but deletes curly ones, finds the word in CMUdict: curly ``haven’t`` becomes
"havent", guessed at 1 syllable, where straight ``haven't`` is looked up as 2.

A final apostrophe after ``s`` is a plural possessive (``Londoners' safety``)
unless it closes a single quotation opened earlier in the same text and not yet
closed (``what they call ‘man made laws’ and``): then it is a quotation mark
and not part of the word. A possessive inside a single-quoted passage is
misread as its closing mark; British quotations use double marks outside and
single marks only for a quote within a quote, so this is rare. A leading
apostrophe (``’90s``, ``'em``) is always read as an opening quotation mark.

Case is kept; pass ``lowercase=True``, or use :func:`normalise`, to compare
types ("Mayor" and "mayor" as one).
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Token", "normalise", "tokens", "types", "words"]

# Characters that are apostrophes or hyphens in a word, and what they become.
_APOSTROPHES = "'\u2019\u02bc"
_HYPHENS = "-\u2010\u2011"
# The same sets for use inside a regex character class ("-" escaped so that it
# is not read as a range).
_APOSTROPHE_CLASS = re.escape(_APOSTROPHES)
_HYPHEN_CLASS = re.escape(_HYPHENS)
_NORMALISE = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-"})

_LETTER_OR_DIGIT = r"[^\W_]"
_TOKEN = re.compile(
    # A URL runs to its last character that is not closing punctuation, so a
    # URL ending a sentence does not take the stop.
    r"(?:(?i:https?://)|www\.)\S*[^\s.,;:!?'\"\u2019\u201d)\]>]"
    r"|[\w.+-]+@[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)+"
    # Single letters joined by stops, with or without the last one: e.g.,
    # i.e., a.m., U.K; not followed by a letter, so "I.T" in "I.They" is not one.
    r"|[^\W\d_](?:\.[^\W\d_])+\.?(?![^\W_])"
    # A word: letters/digits joined by an apostrophe or hyphen, or digits
    # joined by . , : / ; then an optional final apostrophe after s (a plural
    # possessive, checked against open quotations in tokens()).
    rf"|{_LETTER_OR_DIGIT}+(?:(?:[{_APOSTROPHE_CLASS}{_HYPHEN_CLASS}]|(?<=\d)[.,:/](?=\d)){_LETTER_OR_DIGIT}+)*"
    rf"(?:(?<=[sS])[{_APOSTROPHE_CLASS}](?!{_LETTER_OR_DIGIT}))?"
)
# An opening single quotation mark: a left single quote anywhere, or a straight
# quote at the start of the text or after a space, bracket or opening double
# quote, with a letter or digit after it.
_OPEN_SINGLE = re.compile(rf"\u2018|(?<![^\s(\[\u201c\"\u2014\u2013])'(?={_LETTER_OR_DIGIT})")
# A closing single quotation mark (or an apostrophe that looks like one): after
# a non-space, with no letter or digit after it.
_CLOSE_SINGLE = re.compile(rf"(?<=\S)['\u2019](?!{_LETTER_OR_DIGIT})")


class Token(NamedTuple):
    """A word and where it is in the text.

    ``text[start:end]`` is the word as written; ``word`` is the same with
    apostrophes and hyphens normalised (and lower-cased if asked).
    """

    word: str
    start: int
    end: int


def _closes_quotation(text: str, apostrophe: int) -> bool:
    """Whether the final apostrophe at ``apostrophe`` closes an open single quotation."""
    opening = None
    for opening in _OPEN_SINGLE.finditer(text, 0, apostrophe):
        pass
    if opening is None:
        return False
    return _CLOSE_SINGLE.search(text, opening.end(), apostrophe) is None


def tokens(text: str, lowercase: bool = False) -> list[Token]:
    """Return the word tokens of ``text`` with their character offsets.

    Parameters
    ----------
    text : str
        Any string; normally one segment or one sentence.
    lowercase : bool, optional
        Lower-case the returned words (offsets are unchanged). Default False.

    Returns
    -------
    list of Token
        ``(word, start, end)`` for each word, in order. The conventions are in
        the module docstring.

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> tokens("The Met has faced cuts of more than £600 million under the Tories.")[6:9]
    [Token(word='more', start=26, end=30), Token(word='than', start=31, end=35), Token(word='600', start=37, end=40)]
    >>> tokens("I’ll act to keep Londoners safe.", lowercase=True)[0]
    Token(word="i'll", start=0, end=4)
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    found: list[Token] = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        surface = match.group()
        if surface[-1] in _APOSTROPHES and _closes_quotation(text, end - 1):
            end -= 1
            surface = surface[:-1]
        word = surface.translate(_NORMALISE)
        found.append(Token(word.lower() if lowercase else word, start, end))
    return found


def words(text: str, lowercase: bool = False) -> list[str]:
    """Return the words of ``text``, for counting.

    Parameters
    ----------
    text : str
        Any string; normally one segment or one sentence.
    lowercase : bool, optional
        Lower-case the words. Default False.

    Returns
    -------
    list of str
        The words, in order, apostrophes and hyphens normalised (see the
        module docstring for what is a word).

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> words("It is now more than a decade since 7/7, but the threat to London has not diminished.")
    ['It', 'is', 'now', 'more', 'than', 'a', 'decade', 'since', '7/7', 'but', 'the', 'threat', 'to', 'London', 'has', 'not', 'diminished']
    >>> words("That’s why as Mayor, I’ll bring back real neighbourhood policing to London’s streets.")[:2]
    ["That's", 'why']
    >>> words("our anti-extremism and de-radicalisation programmes -- like Prevent – and more")
    ['our', 'anti-extremism', 'and', 'de-radicalisation', 'programmes', 'like', 'Prevent', 'and', 'more']
    """
    return [token.word for token in tokens(text, lowercase=lowercase)]


def normalise(word: str) -> str:
    """Return the form of a word used to compare types: lower case, straight apostrophes and hyphens.

    Parameters
    ----------
    word : str
        A word, as returned by :func:`words` or written by hand.

    Returns
    -------
    str
        The word lower-cased, with ``’``/``ʼ`` as ``'`` and Unicode hyphens as ``-``.

    Examples
    --------
    >>> normalise("London’s")
    "london's"
    """
    return word.translate(_NORMALISE).lower()


def types(text: str) -> set[str]:
    """Return the set of distinct normalised words (types) in ``text``.

    Parameters
    ----------
    text : str
        Any string.

    Returns
    -------
    set of str
        The distinct words, lower-cased and normalised as by :func:`normalise`.

    Examples
    --------
    >>> sorted(types("Londoners must report all and every attack. London’s Londoners"))
    ['all', 'and', 'attack', 'every', "london's", 'londoners', 'must', 'report']
    """
    return set(words(text, lowercase=True))

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

plus one whole-token shape tried first: letters with stops (``e.g.``,
``i.e.``, ``a.m.``, kept with their stops).

Not words: URLs and e-mail addresses. A reader does not read an address as
prose, and counting one as a word gives it the syllables and letters of a
very long word: 004's ``https://www.london.gov.uk/what-we-do/...`` alone
would be 32 syllables, 49 in its sentence of 13 words. So the tokenizer
matches them as whole tokens, before any word (:data:`URL_PATTERN`,
:data:`EMAIL_PATTERN`, :data:`BARE_DOMAIN_PATTERN`), and leaves them out:
``here:https://...`` gives the one word ``here``. They stay in the text (the
segments, sentences and keyword-in-context lines keep them), and
:func:`non_words` returns where they are, so that what is left out of the
counts can be reported. The three shapes:

* a URL: a scheme ``http://`` or ``https://`` (any case) or a host starting
  ``www.``, then every character up to white space, ending at the last
  character that is not closing punctuation;
* an e-mail address: ``name@domain.tld``;
* a bare domain, with or without a path: ``london.gov.uk``,
  ``london.gov.uk/mopac``, ending in one of the top-level domains of
  :data:`TOP_LEVEL_DOMAINS`, written in lower case.

Every measure that reads words (readability counts, lexical diversity,
rhetoric per 1,000 words, keyness, frames, devices) reads them here, so none
of them counts an address.

Not words: punctuation, quotation marks, brackets, dashes of any length
standing alone (``-``, ``–``, ``—``, ``--``), and symbols. A slash joins digits
only: between words it stands for "or" or "and", so ``State/Daesh`` is two
words (``7/7`` is one). A currency sign is a
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

Known limits, accepted and documented: a URL whose last character is a
closing bracket loses it (``.../Foo_(bar)`` ends at ``bar``, and ``)`` is no
word anyway), because a bracket after a URL far more often closes the
sentence's own parenthesis; a bare domain is found only with a listed
top-level domain in lower case, so ``GOV.UK`` written as a name is the two
words ``GOV`` and ``UK``, and a missing space after a stop (``in the UK.It``)
is never read as a domain; a hyphen after letters with stops splits
(``U.K.-based`` is ``U.K.`` and ``based``).

The functions are pure: the same text always gives the same tokens, and
nothing is read or cached at call time. Offsets returned by :func:`tokens` are
into the string passed in, so tokenising a sentence gives offsets into that
sentence; add the sentence's start from
:func:`analysis.sentences.split_sentences` to place it in the segment.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from typing import NamedTuple

__all__ = [
    "BARE_DOMAIN_PATTERN",
    "EMAIL_PATTERN",
    "NonWord",
    "TOP_LEVEL_DOMAINS",
    "Token",
    "URL_PATTERN",
    "count_words",
    "non_words",
    "normalise",
    "normalise_characters",
    "tokens",
    "types",
    "words",
    "words_of_each",
]

# Characters that are apostrophes or hyphens inside a word (each normalised to
# the first of its set by normalise_characters).
_APOSTROPHES = "'\u2019\u02bc"
_HYPHENS = "-\u2010\u2011"
# The same sets for use inside a regex character class ("-" escaped so that it
# is not read as a range).
_APOSTROPHE_CLASS = re.escape(_APOSTROPHES)
_HYPHEN_CLASS = re.escape(_HYPHENS)

_LETTER_OR_DIGIT = r"[^\W_]"
_LETTER = r"[^\W\d_]"
# --- Not words: URLs and e-mail addresses (module docstring) ---
# Closing punctuation a URL or a domain's path does not end in: a URL ending a
# sentence or a clause leaves its stop, comma or closing quote or bracket to
# the sentence.
_URL_END = r"[^\s.,;:!?'\"\u2019\u201d)\]>]"
#: A URL: the scheme ``http://`` or ``https://`` of RFC 3986 (section 3, the
#: two schemes of the web; schemes are case-insensitive, section 3.1), or a
#: host written without its scheme as ``www.``; then every character up to
#: white space, less closing punctuation at the end (``_URL_END``).
URL_PATTERN = rf"(?:(?i:https?://)|www\.)\S*{_URL_END}"
# A domain label: letters and digits, hyphens inside (RFC 1035, section 2.3.1,
# the "LDH" rule; Unicode letters allowed for internationalised names, and "_"
# inside, which some hosts use).
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
#: An e-mail address: RFC 5322's ``local-part "@" domain`` (section 3.4.1) in
#: the form addresses are written in prose: a local part of letters, digits
#: and ``. _ + -`` (the dot-atom characters in use; RFC 5322 allows a few more
#: symbols, unseen in press releases), then a domain of at least two labels.
EMAIL_PATTERN = rf"[\w.+-]+@{_LABEL}(?:\.{_LABEL})+"
#: The top-level domains a bare domain (``london.gov.uk/...``) may end in: the
#: generic domains of RFC 1591 (section 2) but ``mil``, ``info`` (the most used
#: generic domain added since), and those of the places the corpus writes
#: about: the European Union's ``eu``, the United Kingdom's ``uk`` and the city
#: domain ``london``. A closed list, not every top-level domain: many country
#: codes are English words or abbreviations (``it``, ``me``, ``us``, ``in``,
#: ``to``, ``am``, ``no``), and ``end.It`` with a space lost after the stop is
#: a sentence boundary, not a domain.
TOP_LEVEL_DOMAINS = ("com", "edu", "eu", "gov", "info", "int", "london", "net", "org", "uk")
_TOP_LEVEL_DOMAIN = rf"(?:{'|'.join(TOP_LEVEL_DOMAINS)})(?![\w-])"
#: A bare domain, with or without a path: labels joined by stops, the last a
#: lower-case :data:`TOP_LEVEL_DOMAINS` entry not followed by a letter, digit
#: or hyphen, then perhaps ``/`` and a path ending as a URL ends.
BARE_DOMAIN_PATTERN = rf"(?:{_LABEL}\.)+{_TOP_LEVEL_DOMAIN}(?:/(?:\S*{_URL_END})?)?"
# Each shape holds one of these, so a text without any holds no URL, e-mail
# address or bare domain, and is tokenised with the faster rule for words
# alone: "://" or "www." (a URL), "@" (an e-mail address), a stop and a
# top-level domain (a bare domain).
_NON_WORD_HINT = re.compile(rf"://|www\.|@|\.{_TOP_LEVEL_DOMAIN}")

# Single letters joined by stops, with or without the last one: e.g., i.e.,
# a.m., U.K; not followed by a letter, so "I.T" in "I.They" is not one.
_LETTERS_WITH_STOPS = rf"{_LETTER}(?:\.{_LETTER})+\.?(?!{_LETTER_OR_DIGIT})"
# A word: letters/digits joined by an apostrophe or hyphen, or digits joined by
# . , : / ; then an optional final apostrophe after s (a plural possessive,
# checked against open quotations in tokens()).
_JOINS = f"{_APOSTROPHE_CLASS}{_HYPHEN_CLASS}"
_JOINT = rf"(?:[{_JOINS}]|(?<=\d)[.,:/](?=\d))"
_FINAL_S_APOSTROPHE = rf"(?<=[sS])[{_APOSTROPHE_CLASS}](?!{_LETTER_OR_DIGIT})"
_WORD = rf"{_LETTER_OR_DIGIT}+(?:{_JOINT}{_LETTER_OR_DIGIT}+)*(?:{_FINAL_S_APOSTROPHE})?"
# The token rule as written: at each place, the first shape that matches. The
# named shapes are not words and are left out (module docstring); a word
# matches with no group set (lastgroup None).
_TOKEN_OR_NON_WORD = re.compile(
    rf"(?P<url>{URL_PATTERN})|(?P<email>{EMAIL_PATTERN})|(?P<domain>{BARE_DOMAIN_PATTERN})"
    rf"|{_LETTERS_WITH_STOPS}|{_WORD}"
)
# The rule for words alone, "|".join([_LETTERS_WITH_STOPS, _WORD]), used on a
# text without _NON_WORD_HINT, rewritten into a form
# Python's regex engine runs in about 40% less time (tests check that the two
# match alike on the seeds, tricky strings and random ones). The time goes on
# the engine's work at each word, so:
# - letters with stops and a word both start with a letter or digit, matched
#   once before the two are tried (ab|ac is a(?:b|c)); letters with stops then
#   open with their "." and check the first letter by a look-behind, so that
#   the engine gives them up at once before any other character;
# - an optional part is written (?:part|) rather than (?:part)?, opening with a
#   set of the characters that can start it: the engine rejects the part on
#   the next character (most often a space) without entering it, where a ? or
#   * of a group sets up a repeat at every word. So a word's first joint opens
#   with any joining character and then checks it ((?<=\d)[.,:/](?=\d) is
#   [.,:/](?<=\d.)(?=\d)); a final apostrophe is checked for an "s" before it.
_TOKEN_FAST = (
    rf"{_LETTER_OR_DIGIT}(?:"
    rf"\.(?<={_LETTER}\.){_LETTER}(?:\.{_LETTER})*\.?(?!{_LETTER_OR_DIGIT})"
    rf"|{_LETTER_OR_DIGIT}*"
    rf"(?:[{_JOINS}.,:/](?:(?<=[{_JOINS}])|(?<=\d.)(?=\d)){_LETTER_OR_DIGIT}+(?:{_JOINT}{_LETTER_OR_DIGIT}+)*|)"
    rf"(?:[{_APOSTROPHE_CLASS}](?<=[sS].)(?!{_LETTER_OR_DIGIT})|)"
    r")"
)
_TOKEN = re.compile(_TOKEN_FAST)
# The same rule with an empty group at the end, for count_words: findall then
# returns the group, an empty string that Python never allocates, instead of a
# new string per word; and a word's count does not depend on whether a final
# apostrophe is kept (trimming it never removes or adds a match).
_COUNT = re.compile(f"(?:{_TOKEN.pattern})()")
# words_of_each tokenises many texts as one string, joined by this separator:
# the ASCII record separator, which no text is expected to hold (checked), is
# white space to the regular expressions, so no word runs across it, and is
# matched as a token of its own, so the words can be dealt back to their texts.
_SEPARATOR = "\x1e"
_TOKEN_OR_SEPARATOR = re.compile(f"{_SEPARATOR}|{_TOKEN.pattern}")
# Where a word could end in an apostrophe (a plural possessive after "s"); a
# text without one takes the fast path of words().
_FINAL_APOSTROPHE = re.compile(rf"[sS][{_APOSTROPHE_CLASS}](?!{_LETTER_OR_DIGIT})")
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


class NonWord(NamedTuple):
    """A URL or an e-mail address: text that is not read as words, and where it is.

    ``text[start:end]`` is the address as written; ``kind`` is ``"url"``
    (:data:`URL_PATTERN`), ``"email"`` (:data:`EMAIL_PATTERN`) or
    ``"domain"`` (:data:`BARE_DOMAIN_PATTERN`).
    """

    text: str
    start: int
    end: int
    kind: str


def non_words(text: str) -> list[NonWord]:
    """Return the URLs and e-mail addresses of ``text``, which are not words, with their offsets.

    The tokenizer reads them and leaves them out of :func:`words`,
    :func:`tokens`, :func:`count_words` and :func:`words_of_each`, so no
    measure counts their words, syllables or letters; the text itself keeps
    them (a sentence's ``text`` still holds its URL). This function says what
    was left out: :func:`analysis.text.counts.sentence_counts` counts them per
    sentence, in its ``non_words`` column.

    Parameters
    ----------
    text : str
        Any string; normally one segment or one sentence.

    Returns
    -------
    list of NonWord
        ``(text, start, end, kind)`` for each URL, e-mail address or bare
        domain, in order, as found in the same left-to-right reading that
        finds the words (the shapes are in the module docstring).

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> non_words("Write to press@london.gov.uk or see www.london.gov.uk.")
    [NonWord(text='press@london.gov.uk', start=9, end=28, kind='email'), NonWord(text='www.london.gov.uk', start=36, end=53, kind='url')]
    >>> words("Write to press@london.gov.uk or see www.london.gov.uk.")
    ['Write', 'to', 'or', 'see']
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    normalised = normalise_characters(text)
    if _NON_WORD_HINT.search(normalised) is None:
        return []
    return [
        NonWord(text[match.start() : match.end()], match.start(), match.end(), match.lastgroup)
        for match in _TOKEN_OR_NON_WORD.finditer(normalised)
        if match.lastgroup is not None
    ]


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
    normalised = normalise_characters(text)
    if lowercase:
        return [Token(normalised[start:end].lower(), start, end) for start, end in _spans(text, normalised)]
    return [Token(normalised[start:end], start, end) for start, end in _spans(text, normalised)]


def normalise_characters(text: str) -> str:
    """Return ``text`` with apostrophes and hyphens normalised, character for character.

    Each replacement is one character for one, so offsets into the result are
    offsets into ``text``. Chained ``str.replace`` is several times faster
    than ``str.translate`` here.

    Examples
    --------
    >>> normalise_characters("London’s well‐known")
    "London's well-known"
    """
    return text.replace("\u2019", "'").replace("\u02bc", "'").replace("\u2010", "-").replace("\u2011", "-")


def _spans(text: str, normalised: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` of every word of ``text`` (``normalised`` is its normalised form)."""
    if _NON_WORD_HINT.search(normalised) is None:
        matches = _TOKEN.finditer(normalised)
    else:
        # URLs and e-mail addresses are read as tokens, so that no word is
        # found inside one, and left out.
        matches = (match for match in _TOKEN_OR_NON_WORD.finditer(normalised) if match.lastgroup is None)
    spans = []
    for match in matches:
        start, end = match.span()
        # A final apostrophe is kept only as a plural possessive (module docstring).
        if normalised[end - 1] == "'" and _closes_quotation(text, end - 1):
            end -= 1
        spans.append((start, end))
    return spans


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
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    normalised = normalise_characters(text)
    if _FINAL_APOSTROPHE.search(normalised) is None and _NON_WORD_HINT.search(normalised) is None:
        # Fast path (most texts): no word can end in an apostrophe, so no match
        # needs the quotation check of _spans, and no URL or e-mail address is
        # to be left out, so findall builds the strings in C. Words hold no
        # white space, so one join and split lower-cases all.
        found = _TOKEN.findall(normalised)
        if lowercase and found:
            return " ".join(found).lower().split(" ")
        return found
    if lowercase:
        return [normalised[start:end].lower() for start, end in _spans(text, normalised)]
    return [normalised[start:end] for start, end in _spans(text, normalised)]


def words_of_each(texts: Sequence[str], lowercase: bool = False) -> list[list[str]]:
    """Return the words of each text: ``[words(text, lowercase) for text in texts]``, faster.

    Parameters
    ----------
    texts : sequence of str
        Any strings; normally the sentences of a table.
    lowercase : bool, optional
        Lower-case the words. Default False.

    Returns
    -------
    list of list of str
        The words of each text, as :func:`words` returns them.

    Raises
    ------
    TypeError
        If a text is not a string.

    Examples
    --------
    >>> words_of_each(["Thank you.", "", "Londoners' safety"])
    [['Thank', 'you'], [], ["Londoners'", 'safety']]
    """
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != len(texts) - 1:  # a text holds the separator, or there are none
        return [words(text, lowercase) for text in texts]
    # One findall over all the texts: for short texts such as sentences, the
    # cost of a call per text is about a third of the tokenising time.
    normalised = normalise_characters(joined)
    found = _TOKEN_OR_SEPARATOR.findall(normalised)
    if lowercase and found:
        found = " ".join(found).lower().split(" ")
    per_text = []
    start = 0
    for _ in range(len(texts) - 1):
        end = found.index(_SEPARATOR, start)
        per_text.append(found[start:end])
        start = end + 1
    per_text.append(found[start:])
    # The texts that words() does not take down its fast path (a word that may
    # end in an apostrophe, or a URL or e-mail address) are tokenised again on
    # their own. Neither shape holds the separator, and the look-aheads that
    # end them treat it as they treat the end of a text.
    positions = [match.start() for match in _FINAL_APOSTROPHE.finditer(normalised)]
    positions += [match.start() for match in _NON_WORD_HINT.finditer(normalised)]
    if positions:
        ends = list(itertools.accumulate(len(text) + 1 for text in texts))
        for index in {bisect.bisect_right(ends, position) for position in positions}:
            per_text[index] = words(texts[index], lowercase)
    return per_text


def count_words(text: str) -> int:
    """Return the number of words in ``text``: ``len(words(text))``, faster.

    Parameters
    ----------
    text : str
        Any string; often a whole document.

    Returns
    -------
    int
        The number of words, as :func:`words` finds them.

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> count_words("It is now more than a decade since 7/7, but the threat to London has not diminished.")
    17
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    # Normalising matters for the count: the e-mail shape allows "-" but not
    # U+2010, for instance, and U+02BC is a letter to str.isalnum. The
    # quotation check on a final apostrophe only moves a word's end, so it is
    # not needed here.
    #
    # Only the chunks between white space that are not all letters and digits
    # go through the regex; on prose that is about one in eight. The count is
    # the same as over the whole text because
    # - no match holds or starts with white space (str.split and the regex's
    #   \s agree on what that is, as tests check), and whether a match starts
    #   or ends at a place in a chunk depends only on the chunk: the
    #   look-arounds that can look past its ends see white space or the end of
    #   the text, which they treat alike. So the matches in a text are those
    #   in each chunk, and chunks can be regrouped with single spaces between;
    # - a chunk of letters and digits only (str.isalnum: exactly the
    #   characters of [^\W_], as tests check) is one match, a word: the URL,
    #   e-mail, bare-domain and letters-with-stops shapes all need
    #   punctuation (so a URL or e-mail address is in the rest if it is in the
    #   text, and so is the _NON_WORD_HINT it holds).
    chunks = normalise_characters(text).split()
    others = list(itertools.filterfalse(str.isalnum, chunks))
    rest = " ".join(others)
    found = len(_COUNT.findall(rest))
    # The chunks that may hold a URL or e-mail address (a _NON_WORD_HINT,
    # which holds no white space, is in one chunk) are counted again with the
    # rule as written, which leaves addresses out; the count is a sum over
    # chunks, so theirs replaces what the rule for words alone found in them.
    starts = sorted({rest.rfind(" ", 0, hint.start()) + 1 for hint in _NON_WORD_HINT.finditer(rest)})
    if starts:
        ends = [rest.find(" ", start) for start in starts]
        hinted = " ".join(rest[start:] if end == -1 else rest[start:end] for start, end in zip(starts, ends))
        found -= len(_COUNT.findall(hinted))
        found += sum(1 for match in _TOKEN_OR_NON_WORD.finditer(hinted) if match.lastgroup is None)
    return len(chunks) - len(others) + found


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
    return normalise_characters(word).lower()


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

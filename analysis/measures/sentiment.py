"""VADER's compound sentiment score, as vaderSentiment 3.3.2 computes it, at a fraction of its cost.

VADER (Hutto & Gilbert 2014) scores a sentence by giving each word of its
lexicon a valence, adjusting it by the words around it, and normalising the
sum. The package's ``SentimentIntensityAnalyzer.polarity_scores`` does this
in pure Python, with costs that are not in the rules: every lexicon word
lower-cases the whole sentence four times (so a sentence costs its length
times its lexicon words, quadratic in a run-on sentence), and the "but" rule
looks every score up again in the list (quadratic too). On a million words it
was more than half the export's time.

This module computes the same numbers (equal floats: the tests compare every
seed sentence and a large generated set with vaderSentiment, which stays the
oracle) in time proportional to the words:

* :func:`sentence_compound` is the *readable form*: one sentence, VADER's
  steps in VADER's order, one helper per rule, the sentence lower-cased once.
* :func:`vader_compound` is the *fast path* for many sentences: each distinct
  text is scored once; each distinct whitespace-separated token is stripped,
  lower-cased and looked up once per call (a corpus has tens of thousands of
  word types, millions of words); a sentence without a lexicon word scores
  0.0 without further work; and only the lexicon words of a sentence go
  through the rules (words outside the lexicon score 0 and add nothing to the
  sum). The "but" rule is replayed exactly in n log n (:func:`_but_rule`).

The rules, in the order applied (Hutto & Gilbert 2014, section "Heuristics";
the constants are vaderSentiment's, read from the package):

1. *Emoji* are replaced by their description (the package's emoji lexicon),
   and the text is split at white space; each token loses its leading and
   trailing ASCII punctuation unless that leaves two characters or fewer (an
   emoticon such as ``:)`` is kept whole) (:func:`_tokens`).
2. A *booster* or dampener (``very``, ``kind of``) scores 0 itself, as does
   ``kind`` before ``of``; a word outside the lexicon scores 0
   (:func:`_sentence_valences`).
3. A lexicon word takes its mean rating; ``no`` before another lexicon word
   scores 0 and *negates* the next words: a word one or two after ``no``, or
   three after it with ``or``/``nor`` between, is multiplied by -0.74
   (:func:`_word_valence`).
4. *Capitals*: a word in capitals, in a sentence where some but not all words
   are, gains 0.733 in the direction of its valence.
5. The three words before a lexicon word that are not themselves lexicon
   words may *boost* or dampen it (by 0.293, times 0.95 and 0.9 for the
   second and third word back; a booster in capitals adds 0.733)
   (:func:`_scalar`), and *negate* it (``not``, ``never``, any ``n't`` word:
   times -0.74; "never so/this" instead strengthens by 1.25; "without doubt"
   leaves it) (:func:`_negation`); after the third, the *special-case idioms*
   (``the shit``, ``bad ass``, ``kiss of death``, ...) replace it and the
   two-word boosters (``kind of``, ``sort of``) add to it
   (:func:`_special_idioms`).
6. *"least"* before a word negates it, unless "at least" or "very least"
   (:func:`_least`).
7. *"but"*: scores before the first ``but`` are halved, those after it
   multiplied by 1.5, as the package's loop does it, which finds each score
   by value (:func:`_but_rule`, :func:`_but_rule_readable`).
8. *Punctuation emphasis*: each ``!`` (up to four) adds 0.292, two or three
   ``?`` add 0.18 each, more add 0.96, in the direction of the sum
   (:func:`_punctuation_emphasis`); the sum ``x`` is normalised to
   ``x / sqrt(x * x + 15)`` and rounded to four decimals.

Sums are taken with Python's ``sum`` over the same values in the same order
as the package, so the floats are equal, not merely close.

References
----------
Hutto, C. J., & Gilbert, E. (2014). VADER: A parsimonious rule-based model for
sentiment analysis of social media text. *Proceedings of the Eighth
International AAAI Conference on Weblogs and Social Media (ICWSM-14)*.
[hutto2014]
"""

from __future__ import annotations

import functools
import heapq
import math
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["VaderRules", "sentence_compound", "vader_analyzer", "vader_compound", "vader_rules"]


@functools.lru_cache(maxsize=1)
def vader_analyzer():
    """vaderSentiment's analyser (the oracle, and the holder of the lexicons); built once per process."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@dataclass(frozen=True)
class VaderRules:
    """VADER's lexicons and constants, as vaderSentiment 3.3.2 defines them."""

    #: word (lower case) -> mean valence rating
    lexicon: dict[str, float]
    #: one-character emoji -> its description (longer keys never match: VADER reads a character at a time)
    emojis: dict[str, str]
    #: booster or dampener (one or two words) -> its increment
    boosters: dict[str, float]
    negations: frozenset[str]
    special_cases: dict[str, float]
    booster_increment: float
    cap_increment: float
    negation_scalar: float


@functools.lru_cache(maxsize=1)
def vader_rules() -> VaderRules:
    """The lexicons and constants of the installed vaderSentiment (read once per process)."""
    from vaderSentiment import vaderSentiment as vs

    analyzer = vader_analyzer()
    return VaderRules(
        lexicon=analyzer.lexicon,
        emojis={key: value for key, value in analyzer.emojis.items() if len(key) == 1},
        boosters=dict(vs.BOOSTER_DICT),
        negations=frozenset(vs.NEGATE),
        special_cases=dict(vs.SPECIAL_CASES),
        booster_increment=vs.B_INCR,
        cap_increment=vs.C_INCR,
        negation_scalar=vs.N_SCALAR,
    )


# --- Rule 1: the text and its tokens --------------------------------------------------------


def _without_emoji(text: str, r: VaderRules) -> str:
    """The text with each emoji replaced by its description, a space before it unless one is there; stripped."""
    if text.isascii() or r.emojis.keys().isdisjoint(text):
        return text.strip()
    out = []
    prev_space = True
    for ch in text:
        description = r.emojis.get(ch)
        if description is not None:
            if not prev_space:
                out.append(" ")
            out.append(description)
            prev_space = False
        else:
            out.append(ch)
            prev_space = ch == " "
    return "".join(out).strip()


def _strip_punctuation(token: str) -> str:
    """A token without leading and trailing ASCII punctuation, unless that leaves two characters or fewer."""
    stripped = token.strip(string.punctuation)
    return token if len(stripped) <= 2 else stripped


def _tokens(text: str, r: VaderRules) -> list[str]:
    """VADER's words and emoticons of a text, as written (rule 1)."""
    return [_strip_punctuation(token) for token in _without_emoji(text, r).split()]


def _cap_differential(uppers: Sequence[bool]) -> bool:
    """Whether some but not all words are in capitals (rule 4)."""
    n_upper = sum(uppers)
    return 0 < len(uppers) - n_upper < len(uppers)


# --- Rules 3 to 6: one lexicon word -----------------------------------------------------------


def _negated(lower: str, r: VaderRules) -> bool:
    """Whether a word negates: a negation word or any word with ``n't``."""
    return lower in r.negations or "n't" in lower


def _scalar(lower: str, upper: bool, valence: float, cap_diff: bool, r: VaderRules) -> float:
    """The increment a preceding booster or dampener gives a word of this valence (rule 5)."""
    scalar = 0.0
    if lower in r.boosters:
        scalar = r.boosters[lower]
        if valence < 0:
            scalar *= -1
        if upper and cap_diff:
            if valence > 0:
                scalar += r.cap_increment
            else:
                scalar -= r.cap_increment
    return scalar


def _negation(valence: float, lowers: Sequence[str], start_i: int, i: int, r: VaderRules) -> float:
    """Negation by the word ``start_i + 1`` before word ``i`` (rule 5; VADER's ``_negation_check``)."""
    if start_i == 0:
        if _negated(lowers[i - 1], r):
            valence = valence * r.negation_scalar
    if start_i == 1:
        if lowers[i - 2] == "never" and (lowers[i - 1] == "so" or lowers[i - 1] == "this"):
            valence = valence * 1.25
        elif lowers[i - 2] == "without" and lowers[i - 1] == "doubt":
            pass
        elif _negated(lowers[i - 2], r):
            valence = valence * r.negation_scalar
    if start_i == 2:
        if (lowers[i - 3] == "never" and (lowers[i - 2] == "so" or lowers[i - 2] == "this")
                or (lowers[i - 1] == "so" or lowers[i - 1] == "this")):
            valence = valence * 1.25
        elif lowers[i - 3] == "without" and (lowers[i - 2] == "doubt" or lowers[i - 1] == "doubt"):
            pass
        elif _negated(lowers[i - 3], r):
            valence = valence * r.negation_scalar
    return valence


def _special_idioms(valence: float, lowers: Sequence[str], i: int, r: VaderRules) -> float:
    """Special-case idioms around word ``i`` (``i >= 3``) and two-word boosters before it (rule 5)."""
    special = r.special_cases
    onezero = f"{lowers[i - 1]} {lowers[i]}"
    twoonezero = f"{lowers[i - 2]} {lowers[i - 1]} {lowers[i]}"
    twoone = f"{lowers[i - 2]} {lowers[i - 1]}"
    threetwoone = f"{lowers[i - 3]} {lowers[i - 2]} {lowers[i - 1]}"
    threetwo = f"{lowers[i - 3]} {lowers[i - 2]}"
    for sequence in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if sequence in special:
            valence = special[sequence]
            break
    if len(lowers) - 1 > i:
        zeroone = f"{lowers[i]} {lowers[i + 1]}"
        if zeroone in special:
            valence = special[zeroone]
    if len(lowers) - 1 > i + 1:
        zeroonetwo = f"{lowers[i]} {lowers[i + 1]} {lowers[i + 2]}"
        if zeroonetwo in special:
            valence = special[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in r.boosters:
            valence = valence + r.boosters[n_gram]
    return valence


def _least(valence: float, lowers: Sequence[str], i: int, r: VaderRules) -> float:
    """Negation by "least" before word ``i``, unless "at least" or "very least" (rule 6)."""
    if i > 1 and lowers[i - 1] not in r.lexicon and lowers[i - 1] == "least":
        if lowers[i - 2] != "at" and lowers[i - 2] != "very":
            valence = valence * r.negation_scalar
    elif i > 0 and lowers[i - 1] not in r.lexicon and lowers[i - 1] == "least":
        valence = valence * r.negation_scalar
    return valence


def _word_valence(i: int, lowers: Sequence[str], uppers: Sequence[bool], cap_diff: bool, r: VaderRules) -> float:
    """The valence of lexicon word ``i`` in its sentence (rules 3 to 6; VADER's ``sentiment_valence``)."""
    lexicon = r.lexicon
    item = lowers[i]
    valence = lexicon[item]
    if item == "no" and i != len(lowers) - 1 and lowers[i + 1] in lexicon:
        valence = 0.0
    if ((i > 0 and lowers[i - 1] == "no") or (i > 1 and lowers[i - 2] == "no")
            or (i > 2 and lowers[i - 3] == "no" and lowers[i - 1] in ("or", "nor"))):
        valence = lexicon[item] * r.negation_scalar
    if uppers[i] and cap_diff:
        if valence > 0:
            valence += r.cap_increment
        else:
            valence -= r.cap_increment
    for start_i in range(3):
        before = i - (start_i + 1)
        if i > start_i and lowers[before] not in lexicon:
            s = _scalar(lowers[before], uppers[before], valence, cap_diff, r)
            if start_i == 1 and s != 0:
                s = s * 0.95
            if start_i == 2 and s != 0:
                s = s * 0.9
            valence = valence + s
            valence = _negation(valence, lowers, start_i, i, r)
            if start_i == 2:
                valence = _special_idioms(valence, lowers, i, r)
    return _least(valence, lowers, i, r)


def _scored(i: int, lowers: Sequence[str], r: VaderRules) -> bool:
    """Whether word ``i`` goes through the rules: a lexicon word, not a booster, not "kind" before "of" (rule 2)."""
    lower = lowers[i]
    if lower in r.boosters:
        return False
    if i < len(lowers) - 1 and lower == "kind" and lowers[i + 1] == "of":
        return False
    return lower in r.lexicon


# --- Rules 7 and 8: the sentence --------------------------------------------------------------


def _but_rule_readable(sentiments: list[float], lowers: Sequence[str]) -> list[float]:
    """VADER's ``_but_check`` as the package writes it (quadratic: kept as the reference of :func:`_but_rule`).

    Each score is looked up *by value* (``list.index``), so where two words
    share a score the first is the one scaled, possibly again.
    """
    if "but" in lowers:
        bi = lowers.index("but")
        for sentiment in sentiments:
            si = sentiments.index(sentiment)
            if si < bi:
                sentiments.pop(si)
                sentiments.insert(si, sentiment * 0.5)
            elif si > bi:
                sentiments.pop(si)
                sentiments.insert(si, sentiment * 1.5)
    return sentiments


def _but_rule(positions: list[int], values: list[float], bi: int) -> list[float]:
    """:func:`_but_rule_readable` on the non-zero scores only, in n log n; the new scores in order.

    ``positions`` are the words (increasing) whose score ``values`` is not
    zero. A zero scaled stays zero, and a zero never equals a non-zero score,
    so the zeros can be left out. The loop visits position k and scales the
    *first* position holding the same value: a heap of positions per value
    (entries whose value has since changed are dropped when met) finds it.
    A position is only ever halved or only multiplied by 1.5, so it never
    holds an old value again.
    """
    values = list(values)
    holders: dict[float, list[int]] = {}
    for k, value in enumerate(values):
        holders.setdefault(value, []).append(k)  # increasing: already a heap
    for k in range(len(values)):
        value = values[k]
        heap = holders[value]
        while values[heap[0]] != value:
            heapq.heappop(heap)
        first = heap[0]
        if positions[first] < bi:
            new = value * 0.5
        elif positions[first] > bi:
            new = value * 1.5
        else:
            continue
        values[first] = new
        heapq.heappush(holders.setdefault(new, []), first)
    return values


def _punctuation_emphasis(text: str) -> float:
    """Emphasis of ``!`` (0.292 each, up to four) and ``?`` (0.18 each if two or three, 0.96 if more) (rule 8)."""
    ep_amplifier = min(text.count("!"), 4) * 0.292
    qm_count = text.count("?")
    qm_amplifier = 0
    if qm_count > 1:
        qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
    return ep_amplifier + qm_amplifier


def _compound(total: float, text: str) -> float:
    """The compound score of a sentence whose word scores sum to ``total`` (rule 8)."""
    if total > 0:
        total += _punctuation_emphasis(text)
    elif total < 0:
        total -= _punctuation_emphasis(text)
    score = total / math.sqrt((total * total) + 15)
    return round(min(max(score, -1.0), 1.0), 4)


def _sentence_valences(lowers: Sequence[str], uppers: Sequence[bool], r: VaderRules) -> list[float]:
    """Every word's score, zeros included (rule 2), before the "but" rule."""
    cap_diff = _cap_differential(uppers)
    return [
        _word_valence(i, lowers, uppers, cap_diff, r) if _scored(i, lowers, r) else 0
        for i in range(len(lowers))
    ]


def sentence_compound(text: str) -> float:
    """VADER's compound score of one sentence (the readable form of :func:`vader_compound`).

    Parameters
    ----------
    text : str

    Returns
    -------
    float
        In [-1, 1], rounded to four decimals, equal to
        ``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]``
        of vaderSentiment 3.3.2.

    References
    ----------
    Hutto, C. J., & Gilbert, E. (2014). [hutto2014]

    Examples
    --------
    >>> sentence_compound("We will not let the terrorists win."), sentence_compound("Thank you.")
    (0.796, 0.3612)
    """
    r = vader_rules()
    clean = _without_emoji(text, r)
    tokens = [_strip_punctuation(token) for token in clean.split()]
    if not tokens:
        return 0.0
    lowers = [token.lower() for token in tokens]
    sentiments = _sentence_valences(lowers, [token.isupper() for token in tokens], r)
    sentiments = _but_rule_readable(sentiments, lowers)
    return _compound(float(sum(sentiments)), clean)


class _TokenTable:
    """Each distinct token of a call, stripped and lower-cased once, and whether it is a lexicon word."""

    def __init__(self, r: VaderRules):
        self.rules = r
        self.number: dict[str, int] = {}
        self.lower: list[str] = []
        self.upper: list[bool] = []
        self.in_lexicon: list[bool] = []

    def numbers(self, tokens: list[str]) -> list[int]:
        numbers = list(map(self.number.get, tokens))
        if None in numbers:
            for token in tokens:
                if token not in self.number:
                    word = _strip_punctuation(token)
                    lower = word.lower()
                    self.number[token] = len(self.lower)
                    self.lower.append(lower)
                    self.upper.append(word.isupper())
                    self.in_lexicon.append(lower in self.rules.lexicon and lower not in self.rules.boosters)
            numbers = list(map(self.number.get, tokens))
        return numbers


def _fast_compound(text: str, table: _TokenTable) -> float:
    """:func:`sentence_compound` of one text, with the tokens of ``table``; only lexicon words go through the rules."""
    r = table.rules
    clean = _without_emoji(text, r)
    numbers = table.numbers(clean.split())
    in_lexicon = table.in_lexicon
    candidates = [k for k, number in enumerate(numbers) if in_lexicon[number]]
    if not candidates:
        return 0.0
    lower_of = table.lower
    lowers = [lower_of[number] for number in numbers]
    upper_of = table.upper
    uppers = [upper_of[number] for number in numbers]
    cap_diff = _cap_differential(uppers)
    positions, values = [], []
    for i in candidates:
        if _scored(i, lowers, r):
            value = _word_valence(i, lowers, uppers, cap_diff, r)
            if value != 0:
                positions.append(i)
                values.append(value)
    if "but" in lowers and values:
        values = _but_rule(positions, values, lowers.index("but"))
    # Zeros add nothing to a sum that starts at 0 (and is never -0.0), so the sum is the package's.
    return _compound(float(sum(values)), clean)


def vader_compound(texts: Iterable[str]) -> np.ndarray:
    """VADER's compound score of each text, as :func:`sentence_compound` gives it, computed for many at once.

    Parameters
    ----------
    texts : iterable of str
        Sentences.

    Returns
    -------
    numpy.ndarray
        float64 scores in [-1, 1], in the order given.

    References
    ----------
    Hutto, C. J., & Gilbert, E. (2014). [hutto2014]

    Examples
    --------
    >>> [float(s) for s in vader_compound(["We will not let the terrorists win.", "Thank you."])]
    [0.796, 0.3612]
    """
    table = _TokenTable(vader_rules())
    scores: dict[str, float] = {}
    result = []
    for text in texts:
        score = scores.get(text)
        if score is None:
            score = scores[text] = _fast_compound(text, table)
        result.append(score)
    return np.asarray(result, dtype=float)

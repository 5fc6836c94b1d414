"""Phrases a speaker repeats within one document.

The rules are in ``data/devices.yaml`` (``repetition``): a phrase of at least
``min_words`` words, said at least ``min_occurrences`` times by one speaker in
one document, compared by stems, opening and closing with a content word. A
repeated name or date is not a device (``names_and_dates``): a phrase made only
of name words (capitalised in one of its occurrences), stop words,
possessives and dates or numbers is the same thing named again, and dates and
numbers are not content words of a phrase.
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from .lexicon import FORM_SEPARATOR, Rules, _Row
from .sentences import _Table


# --- Repetition ------------------------------------------------------------------------------


def _repetitions(table: _Table, r: Rules) -> list[_Row]:
    """Repeated phrases of every (document, speaker), found in one vectorised pass.

    Phrases grow a word at a time (a phrase can be repeated only if its first
    n words are), as integer codes: each step numbers the distinct pairs
    (phrase code, next word's stem code) of the phrases still repeated.
    Words are handled by the numbers of their stems (:class:`_Lexicon`), so
    each form is stemmed once per process. The phrases of every length are
    then tested together (:func:`_phrases`). Phrases grow to at most
    ``max_words`` words (``data/devices.yaml``), so the cost is the words
    times ``max_words``, even in a run-on text holding repeated phrases of
    every length.
    """
    rule = r.repetition
    min_words, min_occurrences = int(rule["min_words"]), int(rule["min_occurrences"])
    max_words = int(rule["max_words"])
    lower_code = table.lower_code
    n = len(lower_code)
    if n == 0:
        return []
    stem_code = table.values.stem[lower_code]
    content = ~table.values.stop[lower_code]
    sentence_of = table.sentence_of
    sentence_end = table.first_array[1:][sentence_of]  # per word: the first word after its sentence
    # (document, speaker) groups, numbered from integer pairs.
    group_of = (table.doc_code * (int(table.speaker_code.max()) + 1) + table.speaker_code)[sentence_of]
    n_stems = int(stem_code.max()) + 1

    # Level 1: every content word, keyed by (group, stem).
    positions = np.flatnonzero(content)
    codes = pd.factorize(group_of[positions] * n_stems + stem_code[positions])[0]
    found: list[tuple[np.ndarray, np.ndarray, int]] = []  # (starts, codes, width) of the phrases of each length
    numbered = 0  # the codes of each length follow those of the lengths before
    width = 1
    while len(positions):
        counts = np.bincount(codes)
        repeated = counts[codes] >= min_occurrences
        if not repeated.all():
            positions, codes = positions[repeated], codes[repeated]
        if not len(positions):
            break
        if width >= min_words:
            keep = content[positions + width - 1]
            if keep.any():
                found.append((positions[keep], codes[keep] + numbered, width))
                numbered += len(counts)
        if width == max_words:
            break
        # Grow by one word within the sentence (a sentence's words are consecutive: up to its end).
        inside = positions + width < sentence_end[positions]
        positions, codes = positions[inside], codes[inside]
        pairs = codes.astype(np.int64) * n_stems + stem_code[positions + width]
        codes = pd.factorize(pairs)[0]
        width += 1
    if not found:
        return []
    starts = np.concatenate([s for s, _, _ in found])
    codes = np.concatenate([c for _, c, _ in found])
    widths = np.repeat([w for _, _, w in found], [len(s) for s, _, _ in found])
    return _phrases(table, starts, codes, widths, stem_code, content, r)


def _phrases(table: _Table, starts: np.ndarray, codes: np.ndarray, widths: np.ndarray, stem_code: np.ndarray,
             content: np.ndarray, r: Rules) -> list[_Row]:
    """The rows of the repeated phrases that pass the tests of the module docstring.

    Each occurrence of a phrase is given by the position of its first word
    (``starts``), the phrase's code and its number of words.
    """
    rule = r.repetition
    dated = _dates_and_numbers(table, rule)
    counted = content & ~dated  # a date or a number is not a content word of the phrase (data/devices.yaml)
    order = np.lexsort((starts, codes))
    starts, codes, widths = starts[order], codes[order], widths[order]
    first = np.flatnonzero(np.concatenate([[True], codes[1:] != codes[:-1]]))
    occurrences = np.diff(np.append(first, len(starts)))
    ends = starts + widths
    # Running counts: the content words, and the content words not capitalised, before each position.
    content_before = np.concatenate([[0], np.cumsum(counted)])
    common_before = np.concatenate([[0], np.cumsum(counted & ~table.capitalised)])
    n_content = (content_before[ends] - content_before[starts])[first]
    keep = (n_content >= int(rule["min_content_words"])) | (occurrences >= int(rule["min_occurrences_short"]))
    names = (common_before[ends] - common_before[starts]) == 0  # every content word capitalised
    keep &= ~np.logical_and.reduceat(names, first)
    keep &= ~_names_and_dates(table, starts, widths, first, counted, dated)
    # The occurrences of the phrases kept so far, in the same order.
    for step in (1, -1):
        if not keep.any():
            return []
        rows, kept_first = _rows_of(first, occurrences, keep)
        keep[keep] = ~_extends(starts[rows], widths[rows], kept_first, stem_code, content, table, step,
                               int(rule["max_words"]))
    rows, kept_first = _rows_of(first, occurrences, keep)
    occurrence = starts[rows]
    sentences = table.sentence_of[occurrence].tolist()
    char_starts = table.start_array[occurrence].tolist()
    char_ends = table.end_array[occurrence + widths[rows] - 1].tolist()
    texts, sentence_ids = table.texts, table.sentence_ids
    result = []
    for a, b in zip(kept_first.tolist(), [*kept_first[1:].tolist(), len(rows)], strict=True):
        forms: dict[str, int] = {}
        for i in range(a, b):
            text = texts[sentences[i]][char_starts[i] : char_ends[i]]
            forms[text] = forms.get(text, 0) + 1
        ids = [sentence_ids[s] for s in sentences[a:b]]
        ordered = sorted(forms, key=lambda f: -forms[f])  # stable: first occurrence wins ties
        # The sentence ids sorted: the row's sentence_id, the first, is the least.
        result.append(table.row(sentences[a], "repetition", sorted(set(ids)), b - a, ordered[0],
                                FORM_SEPARATOR.join(ordered)))
    return result


def _dates_and_numbers(table: _Table, rule: dict) -> np.ndarray:
    """Per word: is it a date or a number (starts with a digit, or is one of ``names_and_dates.date_words``)?"""
    date_words = frozenset(rule["names_and_dates"]["date_words"])
    forms = table.forms
    is_date = np.fromiter((form[:1].isdigit() or form in date_words for form in forms), dtype=bool, count=len(forms))
    return is_date[table.lower_code] if len(forms) else np.zeros(len(table.lower_code), dtype=bool)


def _names_and_dates(table: _Table, starts: np.ndarray, widths: np.ndarray, first: np.ndarray, content: np.ndarray,
                     dated: np.ndarray) -> np.ndarray:
    """Per phrase: is it a name or a date, not a device (``data/devices.yaml``)?

    Every word of the phrase is a name word (capitalised in at least one of
    the phrase's occurrences, at that place), not a content word (a stop
    word: determiners, possessive pronouns), a possessive ('s) or a date or
    number; and at least one is a name word or a date. ``content`` already
    leaves dates and numbers out. Occurrences are sorted by phrase, each
    phrase's first at ``first``; all occurrences of a phrase have its width.
    """
    n = len(content)
    possessive = np.fromiter((form.endswith("'s") for form in table.forms), dtype=bool,
                             count=len(table.forms))[table.lower_code] if len(table.forms) else np.zeros(n, dtype=bool)
    allowed = np.ones(len(first), dtype=bool)
    named = np.zeros(len(first), dtype=bool)
    for k in range(int(widths.max()) if len(widths) else 0):
        inside = k < widths
        at = np.minimum(starts + k, n - 1)
        capital = np.logical_or.reduceat(table.capitalised[at] & inside, first)
        date = np.logical_or.reduceat(dated[at] & inside, first)
        other = np.logical_or.reduceat(inside & (content[at] | dated[at]) & ~possessive[at], first)
        allowed &= capital | date | ~other
        named |= capital | date
    return allowed & named


def _rows_of(first: np.ndarray, occurrences: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows of the phrases kept (phrase ``g`` has rows ``first[g]`` on, ``occurrences[g]`` of them), in order;
    and where each kept phrase's rows start among them."""
    sizes = occurrences[keep]
    kept_first = np.cumsum(sizes) - sizes
    return np.repeat(first[keep] - kept_first, sizes) + np.arange(int(sizes.sum())), kept_first


def _extends(starts: np.ndarray, widths: np.ndarray, first: np.ndarray, stem_code: np.ndarray, content: np.ndarray,
             table: _Table, step: int, max_words: int) -> np.ndarray:
    """Per phrase: do all its occurrences continue alike (right, step 1; left, -1) up to a content word?

    If so a longer phrase, bounded by content words, occurs as often, and only
    that one is reported. ``starts`` (and ``widths``) are sorted by phrase,
    each phrase's first row at ``first``. The longer phrase has at most
    ``max_words`` words (phrases longer are not compared); a phrase of
    ``max_words`` words is a window of a longer repeated passage, and is
    dropped if all its occurrences continue alike by one word to the left
    (the window one word earlier covers it), so a passage is reported once,
    as its first ``max_words`` words.
    """
    n = len(stem_code)
    result = np.zeros(len(first), dtype=bool)
    steps_left = max_words - widths[first]  # how far each phrase may grow
    open_ = steps_left > 0  # still agreeing, no content word reached yet
    own = table.sentence_of[starts]
    # The words of the sentence on that side: up to (right) or from (left) this position.
    limit = table.first_array[own + 1] if step == 1 else table.first_array[own]
    at = starts + widths - 1 if step == 1 else starts
    if step == -1:
        full = ~open_
        if full.any():
            before = at - 1
            code = np.where(before >= limit, stem_code[np.maximum(before, 0)], -1)
            agree = (np.minimum.reduceat(code, first) == np.maximum.reduceat(code, first)) & (code[first] >= 0)
            result |= full & agree
    while open_.any():
        steps_left = steps_left - 1
        at = at + step
        valid = at < limit if step == 1 else at >= limit
        safe = np.minimum(at, n - 1) if step == 1 else np.maximum(at, 0)
        code = np.where(valid, stem_code[safe], -1)
        agree = (np.minimum.reduceat(code, first) == np.maximum.reduceat(code, first)) & (code[first] >= 0)
        reached = agree & open_ & content[safe[first]]
        result |= reached
        open_ &= agree & ~reached & (steps_left > 0)
    return result

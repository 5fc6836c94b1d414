"""Lists of three or more items (tricolons and longer): the fast, array form and its readable twin.
"""

from __future__ import annotations


import numpy as np

from .candidates import _Candidates
from .lexicon import COMMA, Rules, _MAY_HAVE_LIST, _QUOTE, _QUOTES, _Row
from .sentences import _Sentence, _Table


# --- Tricolon ------------------------------------------------------------------------------


def _pieces(sentence: _Sentence) -> list[tuple[int, int]]:
    """Word ranges between the commas of a sentence."""
    bounds = [0, *(i for i, sep in sentence.breaks if sep == COMMA), len(sentence.lowers)]
    return list(zip(bounds[:-1], bounds[1:], strict=True))


def _counts(flags: np.ndarray) -> np.ndarray:
    """``c[i]``: how many of ``flags[:i]`` are true (so words a..b-1 hold ``c[b] - c[a]``)."""
    return np.concatenate([[0], np.cumsum(flags)])


def _tricolons(table: _Table, r: Rules, candidates: _Candidates) -> list[_Row]:
    """The lists of the module docstring, sought from every comma of ``candidates.lists`` at once.

    A list starts in the piece before a comma (piece ``i``; pieces are the
    word ranges between commas, :func:`_pieces`) and runs: its middle items
    fill the pieces after the comma until a piece opens with a list
    conjunction ("A, B, and C") or holds one ("A, B and C"), where its last
    item starts. Its first item is read back from the comma (``first
    item``), its last item forward from the conjunction (``last item``).
    Every step is taken for all lists at once; the words are table-wide
    positions (``g``), a sentence's words from ``first[s]``. A list found, the
    next in its sentence starts in its last piece or after.
    """
    rows: list[_Row] = []
    chosen = candidates.lists
    comma_sentence, comma_start, comma_stop = table.commas
    # The cheap test on the text, for the sentences concerned (kept in a
    # mask over the sentences: looked up, not searched for as np.isin would).
    sentences = np.unique(comma_sentence[chosen])
    kept = np.zeros(len(table), dtype=bool)
    kept[sentences] = [_MAY_HAVE_LIST.search(table.texts[s]) is not None for s in sentences.tolist()]
    chosen = chosen[kept[comma_sentence[chosen]]]
    n = len(chosen)
    if not n:
        return rows
    rule = r.tricolon
    max_middle, max_anchored, max_final = (int(rule[k]) for k in ("max_middle_words", "max_anchored_words",
                                                                   "max_final_words"))
    code, v, first = table.lower_code, table.values, table.first_array
    last_word = len(code) - 1
    conjunction = v.list_conjunction[code]
    opener, clause, stop = v.middle_opener[code], v.clause[code], v.stop[code]
    hard = table.hard_before  # a break other than a comma before the word
    clause_count, hard_count = _counts(clause), _counts(hard)
    # The list conjunctions' positions, then the end: the first at or after a
    # position is found by a search, for the few positions asked about.
    conjunction_at = np.append(np.flatnonzero(conjunction), len(code))

    def middle_ok(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Whether words a..b-1 can be a middle item: a short phrase, not a clause."""
        safe = np.minimum(a, last_word)
        return ((b - a > 0) & (b - a <= max_middle) & (hard_count[b] == hard_count[np.minimum(a + 1, b)])
                & ~opener[safe] & (clause_count[b] == clause_count[a]))

    # The middle items, piece after piece. Lists still going: `going`, at comma `comma[going]`.
    comma = chosen.copy()
    failed = np.zeros(n, dtype=bool)
    final_start, final_comma = np.full(n, -1), np.full(n, -1)
    middles: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (list, first word, end) of each middle item
    going = np.arange(n)
    while len(going):
        c = comma[going]
        base = first[comma_sentence[c]]
        a, b = base + comma_start[c], base + comma_stop[c]
        empty = a >= b
        opening = ~empty & conjunction[np.minimum(a, last_word)]  # "A, B, and C"
        join = np.minimum(conjunction_at[np.searchsorted(conjunction_at, np.minimum(a + 1, len(code)))], b)
        holding = ~empty & ~opening & (join < b)  # "A, B and C": the last middle item and the last item
        end = np.where(holding, join, b)
        fit = ~empty & ~opening & middle_ok(a, end)
        fail = empty | (opening & (b - a < 2)) | (~opening & ~fit) | (holding & (join + 1 >= b))
        middle = ~fail & ~opening
        middles.append((going[middle], a[middle], end[middle]))
        done = ~fail & (opening | holding)
        final_start[going[done]] = np.where(opening, a + 1, join + 1)[done]
        final_comma[going[done]] = c[done]
        on = ~fail & ~done
        more = (c + 1 < len(comma_sentence)) & (comma_sentence[np.minimum(c + 1, len(comma_sentence) - 1)]
                                                 == comma_sentence[c])
        failed[going[fail | (on & ~more)]] = True
        going = going[on & more]
        comma[going] += 1
    middle_list = np.concatenate([m[0] for m in middles])
    order = np.argsort(middle_list, kind="stable")  # each list's middle items, in order
    middle_list, middle_a, middle_end = (np.concatenate([m[k] for m in middles])[order] for k in range(3))
    n_middles = np.bincount(middle_list, minlength=n)
    failed |= n_middles == 0
    first_middle = np.cumsum(n_middles) - n_middles  # each list's first middle item, in the arrays above
    longest = np.zeros(n, dtype=np.int64)
    np.maximum.at(longest, middle_list, middle_end - middle_a)
    # The anchor: the stop word every middle item opens with, if they all open with the same word.
    anchor = np.full(n, -1)
    if len(middle_a):
        opening_code = code[middle_a]
        leading = np.minimum(first_middle, len(middle_a) - 1)  # (lists without middle items have failed)
        same = np.ones(n, dtype=bool)
        np.logical_and.at(same, middle_list, opening_code == opening_code[leading[middle_list]])
        anchor = np.where(same & stop[middle_a[leading]], opening_code[leading], -1)

    # The first item: piece i, read back from the comma.
    s = comma_sentence[chosen]
    base = first[s]
    previous = (chosen > 0) & (comma_sentence[np.maximum(chosen - 1, 0)] == s)
    piece_start = base + np.where(previous, comma_start[np.maximum(chosen - 1, 0)], 0)
    piece_end = base + comma_start[chosen]
    # No further back than the last break other than a comma inside the piece.
    hard_at = np.flatnonzero(hard)
    floor = np.maximum(piece_start, np.append(-1, hard_at)[np.searchsorted(hard_at, piece_end)])
    first_start = np.full(n, -1)
    for t in range(1, max_anchored + 1):
        k = piece_end - t
        hit = ((first_start < 0) & (anchor >= 0) & (k >= np.maximum(floor, piece_end - max_anchored))
               & (code[np.clip(k, 0, last_word)] == anchor))
        first_start[hit] = k[hit]
    start, active = piece_end.copy(), first_start < 0
    for _ in range(int(longest.max(initial=0))):
        active &= (start > floor) & (piece_end - start < longest) & ~stop[np.clip(start - 1, 0, last_word)]
        start[active] -= 1
    first_start = np.where(first_start < 0, start, first_start)
    failed |= first_start >= piece_end

    # The last item: from after the conjunction, to a break, a stop word of
    # rule, max_final words (or, quoted, to a closing quotation mark); less the
    # stop words it ends with.
    a = np.maximum(final_start, 0)
    b = first[comma_sentence[np.maximum(final_comma, 0)]] + comma_stop[np.maximum(final_comma, 0)]
    quoted = table.quoted(np.minimum(a, last_word))
    failed |= ~quoted & clause[np.minimum(a, last_word)]
    final_stop = v.final_stop[code]
    end, active = a + 1, ~failed
    for _ in range(max_final):
        active &= (end < b) & (end - a < max_final)
        at = np.minimum(end, last_word)
        active &= ~hard[at] & (quoted | ~final_stop[at])
        if (active & quoted).any():
            inside = active & quoted
            active[inside] = ~table.quote_before(at[inside])
        end[active] += 1
    active = ~quoted
    for _ in range(max_final):
        active &= (end > a + 1) & stop[np.clip(end - 1, 0, last_word)]
        end[active] -= 1
    final_end = end

    # Items alike in kind: no names beside common phrases (unless all are
    # quoted), and not a list of names inside a longer name.
    joiner, capitalised = v.name_joiner[code], table.capitalised
    known = ~joiner
    known[first[:-1][table.lengths > 0]] = False  # a sentence's first word is capitalised whatever it is
    known_before, capital_before = _counts(known), _counts(known & capitalised)
    plain_before = _counts(~(capitalised | joiner))
    item_list = np.concatenate([np.arange(n), middle_list, np.arange(n)])
    item_a = np.concatenate([first_start, middle_a, np.maximum(final_start, 0)])
    item_b = np.concatenate([piece_end, middle_end, final_end])
    item_a, item_b = np.minimum(item_a, item_b), item_b  # (failed lists' items may be out of order)
    n_known = known_before[item_b] - known_before[item_a]
    n_capital = capital_before[item_b] - capital_before[item_a]
    names = np.bincount(item_list, (n_known > 0) & (n_capital == n_known), minlength=n) > 0
    common = np.bincount(item_list, n_capital < n_known, minlength=n) > 0
    unquoted = np.bincount(item_list, ~table.quoted(np.minimum(item_a, last_word)), minlength=n) > 0
    failed |= names & common & unquoted
    plain = np.bincount(item_list, plain_before[item_b] - plain_before[item_a], minlength=n) > 0
    before, active = first_start - 1, ~plain & ~failed  # back over the joining words before the list
    while True:
        active &= (before >= base) & joiner[np.clip(before, 0, last_word)]
        if not active.any():
            break
        before[active] -= 1
    failed |= ~plain & (before > base) & capitalised[np.clip(before, 0, last_word)]

    # The lists found, a sentence's in order; each starts in its last piece or after.
    place = chosen - np.searchsorted(comma_sentence, comma_sentence[chosen])  # piece i: the comma's place
    last_piece = final_comma - np.searchsorted(comma_sentence, comma_sentence[np.maximum(final_comma, 0)]) + 1
    found = np.flatnonzero(~failed)
    middle_bounds = np.append(first_middle, len(middle_a))
    starts, ends = table.start_array, table.end_array
    # Per list found: its sentence, piece i, last piece; the character offsets of its items; whether quoted.
    columns = [s, place, last_piece, middle_bounds[:-1], middle_bounds[1:], starts[first_start], ends[piece_end - 1],
               starts[np.maximum(final_start, 0)], ends[np.maximum(final_end - 1, 0)],
               table.quoted(np.minimum(first_start, last_word)), quoted]
    middle_start, middle_stop = starts[middle_a].tolist(), ends[np.maximum(middle_end - 1, 0)].tolist()
    texts, sentence_ids = table.texts, table.sentence_ids
    sentence, after = -1, 0
    for s_k, i, last, m0, m1, a0, b0, a1, b1, quoted_first, quoted_last in zip(
            *(column[found].tolist() for column in columns), strict=True):
        if s_k == sentence and i < after:
            continue
        sentence, after = s_k, last
        text = texts[s_k]
        pattern = " | ".join([text[a0:b0], *(text[a:b] for a, b in zip(middle_start[m0:m1], middle_stop[m0:m1])),
                              text[a1:b1]])
        # Quoted items keep their quotation marks.
        start = a0 - 1 if quoted_first else a0
        end = b1 + 1 if quoted_last and b1 < len(text) and text[b1] in _QUOTES else b1
        rows.append(table.row(s_k, "tricolon", [sentence_ids[s_k]], m1 - m0 + 2, pattern, text[start:end]))
    return rows


def lists_readable(sentence: _Sentence, r: Rules) -> list[tuple[int, str]]:
    """``(length, text)`` of each list in the sentence, found word by word: the readable twin of :func:`_tricolons`.

    The rule of the package docstring and of ``data/devices.yaml``, followed
    one word at a time in one sentence; ``tests/test_devices.py`` checks that
    :func:`analysis.measures.devices.find_devices` finds the same lists, on the
    seeds and on random sentences full of commas, conjunctions, names and
    quotation marks.
    """
    rule, lowers, text = r.tricolon, sentence.lowers, sentence.text
    pieces = _pieces(sentence)
    hard = [i for i, mark in sentence.breaks if mark != COMMA]

    def quoted(a):
        start = sentence.starts[a]
        return start > 0 and text[start - 1] in _QUOTES

    def middle_ok(a, b):
        return (0 < b - a <= rule["max_middle_words"] and not any(a < i < b for i in hard)
                and lowers[a] not in rule["middle_openers"]
                and not any(w in rule["clause_words"] for w in lowers[a:b]))

    def first_item(a, b, anchor, longest):
        floor = max([a, *(i for i in hard if a < i < b)])
        if anchor is not None:
            for i in range(b - 1, max(floor, b - rule["max_anchored_words"]) - 1, -1):
                if lowers[i] == anchor:
                    return i
        start = b
        while start > floor and b - start < longest and lowers[start - 1] not in r.stopwords:
            start -= 1
        return start if start < b else None

    def final_item(a, b):
        is_quoted = quoted(a)
        if not is_quoted and lowers[a] in rule["clause_words"]:
            return None
        end = a + 1
        while end < b and end - a < rule["max_final_words"]:
            if end in hard:
                break
            if is_quoted:
                if _QUOTE.search(text, sentence.ends[end - 1], sentence.starts[end]):
                    break
            elif lowers[end] in rule["final_item_stops"] | rule["clause_words"]:
                break
            end += 1
        if not is_quoted:
            while end > a + 1 and lowers[end - 1] in r.stopwords:
                end -= 1
        return end

    def kind(a, b):
        known = [sentence.capitalised[i] for i in range(a, b) if i > 0 and lowers[i] not in rule["name_joiners"]]
        return "unknown" if not known else "name" if all(known) else "common"

    def name_list(items):
        joiners = rule["name_joiners"]
        if not all(sentence.capitalised[i] or lowers[i] in joiners for a, b in items for i in range(a, b)):
            return False
        before = items[0][0] - 1
        while before >= 0 and lowers[before] in joiners:
            before -= 1
        return before > 0 and sentence.capitalised[before]

    def list_from(i):
        middles = []
        for j in range(i + 1, len(pieces)):
            a, b = pieces[j]
            if a == b:
                return None
            if lowers[a] in rule["list_conjunctions"]:
                if b - a < 2:
                    return None
                final_start = a + 1
                break
            joins = [k for k in range(a, b) if lowers[k] in rule["list_conjunctions"]]
            if joins:
                if not middle_ok(a, joins[0]) or joins[0] + 1 >= b:
                    return None
                middles.append((a, joins[0]))
                final_start = joins[0] + 1
                break
            if not middle_ok(a, b):
                return None
            middles.append((a, b))
        else:
            return None
        if not middles:
            return None
        firsts = {lowers[a] for a, _ in middles}
        anchor = firsts.pop() if len(firsts) == 1 and next(iter(firsts)) in r.stopwords else None
        first_start = first_item(*pieces[i], anchor, max(b - a for a, b in middles))
        final_end = final_item(final_start, pieces[j][1])
        if first_start is None or final_end is None:
            return None
        items = [(first_start, pieces[i][1]), *middles, (final_start, final_end)]
        if len({kind(a, b) for a, b in items} - {"unknown"}) > 1 and not all(quoted(a) for a, _ in items):
            return None
        return None if name_list(items) else (items, j)

    found, i = [], 0
    while i < len(pieces) - 1:
        listed = list_from(i)
        if listed is None:
            i += 1
            continue
        items, i = listed
        start, end = sentence.starts[items[0][0]], sentence.ends[items[-1][1] - 1]
        start -= quoted(items[0][0])
        end += quoted(items[-1][0]) and end < len(text) and text[end] in _QUOTES
        found.append((len(items), text[start:end]))
    return found

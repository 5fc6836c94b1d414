"""Stage 3a: quotation marks. Where the quotations of a cleaned text open and close.

Curly and straight, double and single marks are read with a stack, so a quote
nested in a quote stays with the outer one. A closing ``’`` or ``'`` between
two letters is an apostrophe (London's, can't); one elsewhere closes a single
quote only when one is open. A quote still open at the end of a paragraph
continues when the next paragraph opens with a quotation mark (British style:
"each paragraph opened, closed only at the end") and is otherwise taken to end
with its paragraph. Mixed marks (a quote opened ``“`` and closed ``"``) are
accepted. Who said each quotation is :mod:`analysis.corpus.segments`' business.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The speaker of a quotation no rule attributes: never guessed.
UNATTRIBUTED = "(unattributed)"

OPEN_DOUBLE, CLOSE_DOUBLE, STRAIGHT_DOUBLE = "\u201c", "\u201d", '"'
OPEN_SINGLE, CLOSE_SINGLE, STRAIGHT_SINGLE = "\u2018", "\u2019", "'"
QUOTE_CHARS = OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT_DOUBLE + OPEN_SINGLE + CLOSE_SINGLE + STRAIGHT_SINGLE
OPENERS = {"double": (OPEN_DOUBLE, STRAIGHT_DOUBLE), "single": (OPEN_SINGLE, STRAIGHT_SINGLE)}
# Characters after which a straight single quote can open a quotation.
OPEN_CONTEXT = " \t\n([{\u2013\u2014-:" + OPEN_DOUBLE + STRAIGHT_DOUBLE



@dataclass
class Quote:
    """A top-level quotation: its content spans (one per paragraph) in the cleaned text."""

    quote_id: int
    open_at: int  # offset of the opening mark
    spans: list[tuple[int, int, int]] = field(default_factory=list)  # (paragraph, start, end)
    close_at: int | None = None  # offset of the closing mark; None if closed leniently
    speaker: str = UNATTRIBUTED
    attribution: str = "unattributed"
    evidence: str = ""
    scare: bool = False
    n_words: int = 0  # words quoted, all spans; set by attribute()

    @property
    def start(self) -> int:
        return self.spans[0][1]

    @property
    def end(self) -> int:
        return self.spans[-1][2]

    @property
    def after(self) -> int:
        """Offset just after the quote (after its closing mark when there is one)."""
        return self.close_at + 1 if self.close_at is not None else self.end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank line of a cleaned text, stripped.

    After cleaning, a paragraph is a line: hard-wrapped text has been reflowed
    and blank-line paragraphs are lines of their own.
    """
    spans = []
    start = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            offset = start + line.index(stripped[0])
            spans.append((offset, offset + len(stripped)))
        start += len(line) + 1
    return spans


def find_quotes(text: str, paras: list[tuple[int, int]]) -> list[Quote]:
    """Find the top-level quotations of a cleaned text (see the module docstring)."""
    quotes: list[Quote] = []
    current: Quote | None = None
    stack: list[str] = []
    # Only quotation marks matter: jump from one to the next. They are found
    # once for the whole text (most paragraphs hold none), and a paragraph takes
    # those before its end; the text's length closes the list.
    marks = _offsets(text, QUOTE_CHARS)
    marks.append(len(text))
    k = 0  # the next mark
    for number, (p_start, p_end) in enumerate(paras):
        scan_from = p_start
        if current is not None:
            outer = stack[0] if stack else "double"
            if text[p_start] in OPENERS[outer]:
                stack = [outer]  # continuation: inner quotes end with their paragraph
                scan_from = p_start + 1
                span_start = scan_from
            else:
                current = None
                stack = []
        while marks[k] < scan_from:  # a continuation's opening mark
            k += 1
        while marks[k] < p_end:
            i = marks[k]
            k += 1
            ch = text[i]
            prev = text[i - 1] if i > p_start else " "
            nxt = text[i + 1] if i + 1 < p_end else " "
            kind = _classify(ch, prev, nxt, stack)
            if kind is None:
                continue
            action, mark = kind
            if action == "open":
                if not stack:
                    current = Quote(quote_id=len(quotes) + 1, open_at=i)
                    quotes.append(current)
                    span_start = i + 1
                stack.append(mark)
            else:  # close
                while stack and stack.pop() != mark:
                    pass
                if not stack and current is not None:
                    current.spans.append((number, span_start, i))
                    current.close_at = i
                    current = None
        if current is not None:
            current.spans.append((number, span_start, p_end))
    return [q for q in quotes if any(e > s for _, s, e in q.spans)]


def _offsets(text: str, chars: str) -> list[int]:
    """The offsets in ``text`` of each of the characters ``chars``, in order."""
    # Several times faster than a regex search for the set: str.find scans for
    # one character at C speed, where the regex engine tests every character of
    # the text against the set.
    found = []
    for char in chars:
        at = text.find(char)
        while at != -1:
            found.append(at)
            at = text.find(char, at + 1)
    found.sort()
    return found


def _classify(ch: str, prev: str, nxt: str, stack: list[str]) -> tuple[str, str] | None:
    """``("open"|"close", "double"|"single")`` for a quotation mark, or None for an apostrophe."""
    if ch == OPEN_DOUBLE:
        return "open", "double"
    if ch == CLOSE_DOUBLE:
        return ("close", "double") if "double" in stack else None
    if ch == STRAIGHT_DOUBLE:
        return ("close", "double") if "double" in stack else ("open", "double")
    if ch == OPEN_SINGLE:
        return "open", "single"
    # U+2019 and the straight single quote are apostrophes between letters.
    if prev.isalnum() and nxt.isalnum():
        return None
    if "single" in stack and not prev.isspace():
        return "close", "single"
    if ch == STRAIGHT_SINGLE and prev in OPEN_CONTEXT and (nxt.isalnum() or nxt in QUOTE_CHARS):
        return "open", "single"
    return None

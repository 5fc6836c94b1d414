"""Stage 3: who said what. Documents split into segments of one speaker each.

A segment is a run of text, inside one paragraph, spoken or written by one
speaker, of one ``kind``:

``speech``
    the unquoted text of a document its author delivered (genre in
    ``spoken_genres`` of ``data/attribution.yaml``);
``narration``
    the unquoted voice of an outlet, press office or campaign (the manifest's
    ``author``). Narration is never attributed to anyone it quotes;
``quote``
    a quotation, attributed to its speaker from the text around it.

Quotation marks. Curly and straight, double and single marks are read with a
stack, so a quote nested in a quote stays with the outer speaker. A closing
``’`` or ``'`` between two letters is an apostrophe (London's, can't); one
elsewhere closes a single quote only when one is open. A quote still open at
the end of a paragraph continues when the next paragraph opens with a
quotation mark (British style: "each paragraph opened, closed only at the
end") and is otherwise taken to end with its paragraph. Mixed marks (a quote
opened ``“`` and closed ``"``) are accepted.

Attribution, tried in this order for each quote (the rule used is recorded):

``after``
    an attribution clause right after the quote: ``“...,” he told Jewish
    News``, ``“...,” insisted Khan``, ``“...,” wrote Jeff Halper``;
``before``
    a reporting verb and a colon right before it, in its sentence or as the
    whole previous paragraph: ``Sir Mark said: “...``, ``Rory Stewart said:``;
``continuation``
    nothing but white space and the previous quote's attribution clause since
    the previous quote: the same speaker goes on (``“...,” insisted Khan.
    “One thing I have said ...”``);
``subject``
    a reporting verb and a named speaker earlier in the quote's own sentence:
    the first one named (``The mayor pointed out that ... “lots of things
    ...”``, ``Assistant Commissioner Matt Twist has also written to Mr Falter,
    offering him a private meeting “to both apologise ...”``);
``unattributed``
    none of these: speaker ``(unattributed)``; never guessed.

Names resolve through the corpus's ``speakers.csv`` (aliases, with the dates
they hold). "he"/"she" resolve to the first person named in the latest
sentence of narration that names one. Spokespeople and anonymous sources are
speakers of their own ("Home Office spokesperson"), never the person they
speak for. A name not in ``speakers.csv`` is used as written.

Scare quotes and short partial quotes: see ``min_quote_words``.

Limitations: indirect (reported) speech stays narration; a pronoun is resolved
by recency alone, without gender or syntax; quotation marks used for titles are
read as quotes.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

import pandas as pd

from .cleaning import CleanedText
from .manifest import Document
from ..paths import read_yaml
from .speakers import Mention, SpeakerTable
from ..text.tokens import count_words

UNATTRIBUTED = "(unattributed)"
KINDS = ("speech", "narration", "quote")
SEGMENT_COLUMNS = ["doc_id", "segment_id", "speaker", "kind", "char_start", "char_end", "text"]
QUOTE_COLUMNS = [
    "doc_id",
    "quote_id",
    "speaker",
    "attribution",
    "evidence",
    "words",
    "scare",
    "char_start",
    "char_end",
    "text",
]

OPEN_DOUBLE, CLOSE_DOUBLE, STRAIGHT_DOUBLE = "\u201c", "\u201d", '"'
OPEN_SINGLE, CLOSE_SINGLE, STRAIGHT_SINGLE = "\u2018", "\u2019", "'"
QUOTE_CHARS = OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT_DOUBLE + OPEN_SINGLE + CLOSE_SINGLE + STRAIGHT_SINGLE
OPENERS = {"double": (OPEN_DOUBLE, STRAIGHT_DOUBLE), "single": (OPEN_SINGLE, STRAIGHT_SINGLE)}
# Characters after which a straight single quote can open a quotation.
OPEN_CONTEXT = " \t\n([{\u2013\u2014-:" + OPEN_DOUBLE + STRAIGHT_DOUBLE

# A sentence ends at . ! or ? (perhaps followed by closing quotes or brackets)
# and white space. Used only to find the clause around a quote.
SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")
WHITESPACE = re.compile(r"\s+")
# A letter or digit: \w is exactly str.isalnum() plus "_". One search finds
# whether a span holds one without a Python-level loop over its characters.
ALNUM = re.compile(r"[^\W_]")
CAPITALISED = r"[A-Z][\w\u2019'.-]*"
# A speaker named in an attribution clause but not in speakers.csv is used as
# written, if the phrase is short enough to be a name or a description.
MAX_NAME_WORDS = 6
#: The lead of a quotation (the text before it in its sentence) is read over at
#: most this many characters, cut at a word: in a run-on text (a transcript, an
#: OCR page) a sentence can run for thousands of words, and every quotation in
#: it would otherwise read, search and quote as evidence all that precedes it,
#: a cost that grows with the square of the sentence. The longest lead in the
#: seeds has 284 characters.
MAX_LEAD_CHARS = 1000
#: A sentence end is searched for no further than this many characters past the
#: next quotation's opening mark (the text after a quotation stops there anyway;
#: the end's closing marks and space are far shorter).
SENTENCE_END_REACH = 100
PRONOUN = re.compile(r"(?i:he|she|they|it)\Z")


@functools.lru_cache(maxsize=1)
def attribution_rules() -> dict:
    """The data-file rules: ``spoken_genres``, ``min_quote_words``, ``reporting_verbs``."""
    text = resources.files("analysis").joinpath("data/attribution.yaml").read_text(encoding="utf-8")
    return read_yaml(text)


@functools.lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    verbs = sorted(attribution_rules()["reporting_verbs"], key=len, reverse=True)
    # The look-ahead for the letters a verb starts with matches nothing the verbs
    # would not: it only lets the engine pass over most words at one test each
    # instead of trying every verb (the verb search is over twice as fast).
    firsts = "".join(sorted({re.escape(v[0]) for v in verbs}))
    verb = rf"(?=(?i:[{firsts}]))(?i:" + "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in verbs) + r")"
    # Names are matched as capitalised words (case-sensitive); verbs, pronouns
    # and articles in any case.
    subject = (
        r"(?:(?i:he|she|they|it)"
        rf"|(?:(?i:an?|the|one)\s+)?(?:{CAPITALISED}\s+){{0,5}}(?i:spokes(?:man|woman|person)|source|official)s?"
        rf"|(?:(?i:the)\s+)?{CAPITALISED}(?:\s+(?:of\s+)?{CAPITALISED}){{0,5}}"
        r"|(?i:the)\s+\w+(?:\s+\w+)?)"
    )
    return {
        "verb": re.compile(rf"\b{verb}\b"),
        # ", he told Jewish News" / ", insisted Khan" / ". The spokesman added"
        "after": re.compile(
            rf"^[\s,.;:!?\u2013\u2014-]*(?:(?P<before>{subject})\s+{verb}|{verb}\s+(?P<after>{subject}))\b"
        ),
        # "Sir Mark said: " / "Rory Stewart said:" / "X told Jewish News: "
        "before": re.compile(rf"\b{verb}\b[^.!?:]{{0,40}}:\s*$"),
        # The subject of a "before" clause: its opening words up to a comma or the verb.
        "before_subject": re.compile(rf"^\s*(?P<name>[^,:]+?)\s*(?:,[^:]*)?\s+{verb}\b"),
    }


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


class _Context:
    """What attribution needs to know about one cleaned document."""

    def __init__(self, text: str, paras: list[tuple[int, int]], quotes: list[Quote],
                 mentions: list[Mention], speakers: SpeakerTable):
        self.text = text
        self.paras = paras
        self.para_starts = [s for s, _ in paras]
        self.speakers = speakers
        self.mentions = _outside(mentions, [(q.start, q.end) for q in quotes])
        self.mention_starts = [m.start for m in self.mentions]
        # Sentence starts of the paragraphs asked about, found when first asked:
        # attribution looks into a few paragraphs of a document, not all.
        self._sentence_starts: dict[int, list[int]] = {}
        # For focus(): per mention index, the latest person mention before it
        # and the first at or after it (made when first asked).
        self._person_before: list[int] | None = None
        self._person_from: list[int] | None = None

    def paragraph_of(self, offset: int) -> int:
        return bisect.bisect_right(self.para_starts, offset) - 1

    def sentence_start(self, offset: int) -> int:
        """Start of the sentence holding ``offset`` (a non-space), not before its paragraph."""
        number = self.paragraph_of(offset)
        starts = self._sentence_starts.get(number)
        if starts is None:
            # A sentence starts where a SENTENCE_END match ends. A match ends a
            # run of white space, and a paragraph begins and ends with a
            # non-space, so a match ending in a paragraph lies wholly inside it:
            # a search of the paragraph alone finds the ends the whole text has.
            p_start, p_end = self.paras[number]
            starts = [p_start] + [m.end() for m in SENTENCE_END.finditer(self.text, p_start, p_end)]
            self._sentence_starts[number] = starts
        return starts[bisect.bisect_right(starts, offset) - 1]

    def sentence_end(self, offset: int, stop: int | None = None) -> int:
        """End of the sentence holding ``offset``, not after its paragraph; if ``stop`` is given, searched for
        only up to about ``stop`` (an end beyond it may be reported as the paragraph's end)."""
        para_end = self.paras[self.paragraph_of(offset)][1]
        end = para_end if stop is None else min(para_end, stop + SENTENCE_END_REACH)
        m = SENTENCE_END.search(self.text, offset, end)
        return m.start() + 1 if m else para_end

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        lo = bisect.bisect_left(self.mention_starts, start)
        hi = bisect.bisect_left(self.mention_starts, end)
        return self.mentions[lo:hi]

    def resolve(self, mention: Mention) -> str | None:
        """The canonical speaker a mention names at its place in the text, or None."""
        if mention.is_pronoun:
            return self.focus(mention.start)
        if len(mention.candidates) == 1:
            return mention.candidates[0]
        before = self.mentions_in(0, mention.start)
        for earlier in reversed(before):
            named = set(earlier.candidates) & set(mention.candidates)
            if len(named) == 1:
                return named.pop()
        return None

    def focus(self, offset: int) -> str | None:
        """The person "he"/"she" at ``offset`` refers to: the first person named in the
        latest sentence (of narration, up to ``offset``) that names one.

        The person mentions are indexed once per document, so a call costs
        a bisection, not a pass over every mention before ``offset``.
        """
        if self._person_before is None:
            is_person = [
                not m.is_pronoun and len(m.candidates) == 1 and self.speakers.kind(m.candidates[0]) == "person"
                for m in self.mentions
            ]
            before, latest = [], -1
            for i, person in enumerate(is_person):
                before.append(latest)
                if person:
                    latest = i
            before.append(latest)
            after, earliest = [0] * (len(is_person) + 1), len(is_person)
            for i in range(len(is_person), -1, -1):
                if i < len(is_person) and is_person[i]:
                    earliest = i
                after[i] = earliest
            self._person_before, self._person_from = before, after
        latest = self._person_before[bisect.bisect_left(self.mention_starts, offset)]
        if latest < 0:
            return None
        last = self.sentence_start(self.mentions[latest].start)
        first = self._person_from[bisect.bisect_left(self.mention_starts, last)]
        return self.mentions[first].candidates[0]

    def first_speaker(self, start: int, end: int, written: str | None = None) -> str | None:
        """The first speaker named in ``[start, end)``; failing that, the phrase ``written``."""
        for mention in self.mentions_in(start, end):
            speaker = self.resolve(mention)
            if speaker:
                return speaker
        if written and not PRONOUN.match(written) and len(written.split()) <= MAX_NAME_WORDS:
            return self.speakers.canonical(written)
        return None


def attribute(quotes: list[Quote], ctx: _Context, min_words: int) -> None:
    """Set each quote's speaker, attribution rule, evidence, scare flag and word count.

    ``quotes`` are in text order, as :func:`find_quotes` gives them.
    """
    patterns = _patterns()
    text = ctx.text
    # Sorted (quotes are in text order), so the next quote after one is found
    # by bisection rather than by a scan of every quote for every quote.
    opens = [o.open_at for o in quotes]
    previous: Quote | None = None
    previous_clause_end = 0
    for q in quotes:
        n_words = q.n_words = count_words(" ".join(text[s:e] for _, s, e in q.spans))
        para_start, _ = ctx.paras[ctx.paragraph_of(q.open_at)]
        pre_start = ctx.sentence_start(q.open_at)
        if q.open_at - pre_start > MAX_LEAD_CHARS:
            cut = WHITESPACE.search(text, q.open_at - MAX_LEAD_CHARS, q.open_at)
            pre_start = cut.end() if cut else q.open_at - MAX_LEAD_CHARS
        pre = text[pre_start : q.open_at]
        following = bisect.bisect_left(opens, q.after)
        next_open = opens[following] if following < len(opens) else None
        post_end = ctx.sentence_end(q.after, next_open) if q.after < len(text) else q.after
        if next_open is not None:
            post_end = min(post_end, next_open)
        post = text[q.after : post_end] if ctx.paragraph_of(q.after) == ctx.paragraph_of(q.end) else ""
        clause_end = q.after

        speaker, rule, evidence = None, "unattributed", ""
        after = patterns["after"].match(post)
        if after:
            written = after.group("before") or after.group("after")
            speaker = ctx.first_speaker(q.after, q.after + after.end(), written)
            rule, evidence, clause_end = "after", post[: after.end()].strip(" ,"), q.after + after.end()
        if speaker is None:
            lead = pre
            lead_start = pre_start
            if not pre.strip() and q.open_at == para_start and ctx.paragraph_of(q.open_at) > 0:
                lead_start, lead_end = ctx.paras[ctx.paragraph_of(q.open_at) - 1]
                lead = text[lead_start:lead_end]
            # The clause must end in a colon (then only white space): checking
            # that first spares most leads the search for a reporting verb.
            if lead.rstrip().endswith(":") and patterns["before"].search(lead):
                subject = patterns["before_subject"].match(lead)
                written = subject.group("name") if subject else None
                speaker = ctx.first_speaker(lead_start, lead_start + len(lead), written)
                rule, evidence = "before", lead.strip()
        if speaker is None and previous is not None and not previous.scare:
            if not ALNUM.search(text, previous_clause_end, q.open_at):
                speaker, rule, evidence = previous.speaker, "continuation", f"after quote {previous.quote_id}"
        if speaker is None and pre.strip() and patterns["verb"].search(pre):
            speaker = ctx.first_speaker(pre_start, q.open_at)
            if speaker:
                rule, evidence = "subject", pre.strip()
        q.scare = n_words < min_words and rule not in ("after", "before", "continuation")
        q.speaker = speaker or UNATTRIBUTED
        q.attribution = rule if speaker else "unattributed"
        q.evidence = evidence if speaker else ""
        if not q.scare:
            previous, previous_clause_end = q, clause_end


def _outside(mentions: list[Mention], spans: list[tuple[int, int]]) -> list[Mention]:
    """The mentions that start in none of the ``[start, end)`` spans."""
    # A mention at x is inside a span when one starting at or before x ends
    # after x. Bisecting the spans by start and keeping the furthest end reached
    # so far answers that without scanning every span for every mention.
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    reach = list(itertools.accumulate((e for _, e in spans), max))
    kept = []
    for m in mentions:
        i = bisect.bisect_right(starts, m.start) - 1
        if i < 0 or reach[i] <= m.start:
            kept.append(m)
    return kept


@dataclass
class SegmentedDocument:
    """A document's segments and quotes: rows, and the same as tidy tables.

    The rows (tuples in the order of ``SEGMENT_TABLE_COLUMNS`` and
    ``QUOTE_COLUMNS``) let a batch of documents build one table instead of one
    per document, which is most of the cost for short documents.
    """

    doc_id: str
    segment_rows: list[tuple]
    quote_rows: list[tuple]

    @property
    def segments(self) -> pd.DataFrame:
        return segment_frame(self.segment_rows)

    @property
    def quotes(self) -> pd.DataFrame:
        return quote_frame(self.quote_rows)


SEGMENT_TABLE_COLUMNS = [*SEGMENT_COLUMNS, "paragraph", "quote_id"]


def segment_frame(rows: list[tuple]) -> pd.DataFrame:
    """The segments table from segment rows (of one document or many)."""
    return pd.DataFrame(rows, columns=SEGMENT_TABLE_COLUMNS)


def quote_frame(rows: list[tuple]) -> pd.DataFrame:
    """The quotes table from quote rows (of one document or many)."""
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


def segment_document(doc: Document, cleaned: CleanedText, speakers: SpeakerTable) -> SegmentedDocument:
    """Split a cleaned document into speaker segments.

    Parameters
    ----------
    doc
        The manifest row (its ``genre``, ``author`` and ``date`` matter).
    cleaned
        Its cleaned text, from :func:`analysis.cleaning.clean_text`.
    speakers
        The corpus's speakers and aliases.

    Returns
    -------
    SegmentedDocument
        Rows, and as tables: ``segments``: ``doc_id, segment_id, speaker, kind, char_start, char_end,
        text`` plus ``paragraph`` and ``quote_id`` (0 outside quotes), in text
        order; offsets are into the raw text, ``text`` is the cleaned span with
        white space normalised. Pieces holding no letter or digit (a lone
        full stop left between two quotes, a bullet marker) are not segments.
        ``quotes``: one row per top-level quotation (see ``QUOTE_COLUMNS``),
        scare quotes included and flagged.
    """
    rules = attribution_rules()
    text = cleaned.text
    paras = paragraphs(text)
    quotes = find_quotes(text, paras)
    # Attribution looks at mentions before a quote and in its paragraph, never
    # after the paragraph where the last quote ends: the rest are not looked for.
    last_paragraph_end = paras[quotes[-1].spans[-1][0]][1] if quotes else 0
    mentions = speakers.finder(doc.date_start).find(text, last_paragraph_end)
    ctx = _Context(text, paras, quotes, mentions, speakers)
    attribute(quotes, ctx, int(rules["min_quote_words"]))

    narrator = speakers.canonical(doc.author)
    narration_kind = "speech" if doc.genre in rules["spoken_genres"] else "narration"
    real = [q for q in quotes if not q.scare]
    pieces: list[tuple[int, int, int, Quote | None]] = []  # paragraph, start, end, quote
    by_paragraph: dict[int, list[tuple[int, int, Quote]]] = {}
    for q in real:
        for number, s, e in q.spans:
            by_paragraph.setdefault(number, []).append((s, e, q))
    for number, (p_start, p_end) in enumerate(paras):
        cursor = p_start
        # Quotes come in text order, and their spans, so each paragraph's do too.
        for s, e, q in by_paragraph.get(number, ()):
            mark_start = s - 1 if s > p_start and text[s - 1] in QUOTE_CHARS else s
            pieces.append((number, cursor, mark_start, None))
            pieces.append((number, s, e, q))
            cursor = e + 1 if e < p_end and text[e] in QUOTE_CHARS else e
        pieces.append((number, cursor, p_end, None))

    rows = []
    for number, s, e, q in pieces:
        span = text[s:e]
        if not ALNUM.search(span):
            continue
        lead = len(span) - len(span.lstrip())
        trail = len(span) - len(span.rstrip())
        s, e = s + lead, e - trail
        char_start, char_end = cleaned.raw_span(s, e)
        # normalise_whitespace(span) below is that of text[s:e]: it drops the ends.
        rows.append(
            (
                doc.doc_id,
                len(rows) + 1,
                q.speaker if q else narrator,
                "quote" if q else narration_kind,
                char_start,
                char_end,
                normalise_whitespace(span),
                number + 1,
                q.quote_id if q else 0,
            )
        )
    quote_rows = []
    for q in quotes:
        start, end = q.start, q.end
        char_start, char_end = cleaned.raw_span(start, end) if end > start else (0, 0)
        quoted = " ".join(text[s:e] for _, s, e in q.spans)
        quote_rows.append(
            (
                doc.doc_id,
                q.quote_id,
                narrator if q.scare else q.speaker,
                "scare" if q.scare else q.attribution,
                q.evidence,
                q.n_words,  # len(words(quoted)), counted by attribute()
                q.scare,
                char_start,
                char_end,
                normalise_whitespace(quoted),
            )
        )
    return SegmentedDocument(doc.doc_id, rows, quote_rows)


def normalise_whitespace(text: str) -> str:
    """Collapse every run of white space (no-break spaces and line breaks too) to one space."""
    # A printable string holds no white space but the space (every other
    # white-space character is unprintable), so one without two spaces in a row
    # has only its ends to lose: the common case, and str.strip() skips building
    # a string per word. Otherwise str.split() splits at the same characters as
    # the regex \s (both use str.isspace) and drops the ends as strip() does, at
    # a fraction of the cost of WHITESPACE.sub(" ", text).strip().
    if "  " not in text and text.isprintable():
        return text.strip()
    return " ".join(text.split())


def concat(parts: Iterable[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """Concatenate per-document tables (an empty corpus gives an empty table)."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)

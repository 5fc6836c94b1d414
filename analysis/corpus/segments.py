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
    a quotation, attributed to its speaker from the text around it;
``partial``
    a partial quote: quoted words inside a sentence of narration whose
    speaker the sentence names (below);
``repeat``
    narration that repeats a quotation of the same document word for word
    (below).

``partial`` and ``repeat`` segments are no sentences: ``sentence_table``
(:data:`analysis.sentences.SENTENCE_KINDS`) leaves them out, so their words
count in no measure and not in a document's ``words_analysed``; they are no
part of the narrator's words either.

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
``partial``
    a quote set inside a sentence of narration (text before its opening mark
    in the sentence) that holds no sentence end is a fragment of that
    sentence. Its speaker is the one named by the first pattern of
    ``partial_quotes`` in ``data/attribution.yaml`` that fits the sentence up
    to the quote ("A spokesman for Mr Khan said the Met's handling ... was
    “concerning”", "an officer describing Gideon Falter ... as “openly
    Jewish”", "Both Mr Falter and former home secretary Suella Braverman
    called for Sir Mark to go, accusing him of “emboldening”", "Sadiq Khan
    has summoned the Metropolitan Police Commissioner to discuss “community
    relations”"), failing that the ``subject`` rule's. A role with an
    indefinite article and no name ("an officer") is a role speaker as
    written (``unnamed officer``), "another" a second one (``another unnamed
    officer``), never the narrator; several speakers together are joined by
    " and ". The evidence is the pattern's id and the sentence up to the
    quote. A quote holding a whole sentence (memo_2017's "lots of things ...
    There are other things ...") is a ``quote`` (rule ``subject``);
``unattributed``
    none of these: speaker ``(unattributed)``; never guessed.

Names resolve through the corpus's ``speakers.csv`` (aliases, with the dates
they hold). "he"/"she" resolve to the first person named in the latest
sentence of narration that names one. Spokespeople and anonymous sources are
speakers of their own ("Home Office spokesperson"), never the person they
speak for. A name not in ``speakers.csv`` is used as written.

Scare quotes: a quoted span of fewer than ``min_quote_words`` words that no
rule above attributes (its sentence names no speaker for it: "What has been
called Israel's “Matrix of Control”"; "what they call ‘man made laws’", where
the plural "they" is never resolved) stays in the narration, flagged
``scare``.

Verbatim repeats (:func:`find_repeats`): a sentence of narration, or a
headline line, of at least ``min_repeat_words`` words whose normalised words
all occur in order in one quotation of the document repeats it (the
campaign's standfirst, word for word Rory Stewart's first quotation): kind
``repeat``, the quoted speaker, counted once (in the quotation), listed in
the ``repeats`` table. Speech is never checked: a speaker who repeats words he
quotes speaks them.

Limitations: indirect (reported) speech without quotation marks stays narration; a pronoun is resolved
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
from .quotes import (
    QUOTE_CHARS,
    UNATTRIBUTED,
    Quote,
    find_quotes,
    paragraphs,
)
from .manifest import Document
from ..paths import read_yaml
from .speakers import Mention, SpeakerTable
from ..text.sentences import split_sentences
from ..text.tokens import count_words, normalise, words

KINDS = ("speech", "narration", "quote", "partial", "repeat")
REPEAT_COLUMNS = ["doc_id", "segment_id", "quote_id", "speaker", "words", "char_start", "char_end", "text"]
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
# Placeholders of the partial-quote patterns (data/attribution.yaml). A subject
# next to its verb: "he", "another", "an officer", "A spokesman for Mr Khan",
# "Assistant Commissioner Matt Twist".
PARTIAL_SUBJECT = (
    r"(?:(?i:he|she|they|another)"
    r"|(?i:an?|one|the)\s+(?:[\w\u2019'-]+\s+){0,3}?[\w\u2019'-]+"
    rf"|{CAPITALISED}(?:\s+{CAPITALISED}){{0,5}})"
)
# The opening noun phrase of a sentence: names (perhaps after lower-case
# descriptors: "former home secretary Suella Braverman"), joined by "and".
_NAME = rf"(?:(?:{CAPITALISED}|[a-z]+)\s+){{0,6}}{CAPITALISED}"
PARTIAL_NAMES = rf"(?:(?i:both)\s+)?{_NAME}(?:\s+and\s+{_NAME})*"
CONJUNCTS = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
ROLE = re.compile(r"(?i:an?|one)\s+(?P<role>[a-z][\w-]*)\Z")
ANOTHER = re.compile(r"(?i:another)\Z")
# Capitalised words ending a written phrase: the name after its descriptors.
TRAILING_NAME = re.compile(rf"(?:{CAPITALISED}\s+){{0,4}}{CAPITALISED}\Z")


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
        "partial": [
            (rule["id"], re.compile(
                rule["pattern"].replace("{subject}", PARTIAL_SUBJECT).replace("{names}", PARTIAL_NAMES)
                .replace("{reporting_verb}", verb)
            ))
            for rule in attribution_rules()["partial_quotes"]
        ],
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
        # The role noun of the latest unnamed speaker ("an officer"), for "another".
        self.last_role: str | None = None

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


    def named_speakers(self, start: int, end: int) -> str | None:
        """The speaker, or speakers joined by " and ", a subject phrase ``text[start:end]`` names.

        Each conjunct ("Both Mr Falter and former home secretary Suella
        Braverman") names the first speaker mentioned in it; failing that, a
        role with an indefinite article is an unnamed speaker ("an officer":
        ``unnamed officer``), "another" a second one of the latest role, and a
        phrase ending in capitalised words the name they spell ("Suella
        Braverman"). None if any conjunct names no one (a plural "they" is
        never resolved).
        """
        rules = attribution_rules()
        phrase = self.text[start:end]
        both = re.match(r"(?i:both)\s+", phrase)
        cursor = start + (both.end() if both else 0)
        bounds = [m.span() for m in CONJUNCTS.finditer(self.text, cursor, end)]
        names = []
        for part_start, part_end in zip([cursor, *(e for _, e in bounds)], [*(s for s, _ in bounds), end]):
            written = self.text[part_start:part_end].strip()
            speaker = next(filter(None, map(self.resolve, self.mentions_in(part_start, part_end))), None)
            if speaker is None and (role := ROLE.match(written)):
                self.last_role = role.group("role").lower()
                speaker = rules["unnamed_speaker"].format(role=self.last_role)
            elif speaker is None and ANOTHER.match(written) and self.last_role:
                speaker = rules["another_unnamed_speaker"].format(role=self.last_role)
            elif speaker is None and (name := TRAILING_NAME.search(written)) and len(written.split()) <= MAX_NAME_WORDS:
                speaker = self.speakers.canonical(name.group())
            if speaker is None:
                return None
            if speaker not in names:
                names.append(speaker)
        return " and ".join(names) or None

    def partial_speaker(self, lead: str, lead_start: int, rules: list) -> tuple[str | None, str]:
        """The speaker of a partial quote by the first pattern of ``rules`` (``(id, regex)``) that
        matches ``lead`` (starting at ``lead_start``) and names someone, with the pattern's id."""
        for rule_id, pattern in rules:
            m = pattern.search(lead)
            if m:
                speaker = self.named_speakers(lead_start + m.start("speaker"), lead_start + m.end("speaker"))
                if speaker:
                    return speaker, rule_id
        return None, ""


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
        fragment = (
            speaker is None and len(q.spans) == 1 and ALNUM.search(pre) is not None
            and SENTENCE_END.search(text, q.start, q.end) is None
        )
        if fragment:
            # A partial quote: words set in a sentence of narration (see the module docstring).
            speaker, rule_id = ctx.partial_speaker(pre, pre_start, patterns["partial"])
            if speaker is None and patterns["verb"].search(pre):
                speaker, rule_id = ctx.first_speaker(pre_start, q.open_at), "subject"
            if speaker:
                rule, evidence = "partial", f"{rule_id}: {pre.strip()}"
        if speaker is None and pre.strip() and patterns["verb"].search(pre):
            speaker = ctx.first_speaker(pre_start, q.open_at)
            if speaker:
                rule, evidence = "subject", pre.strip()
        q.scare = n_words < min_words and rule not in ("after", "before", "continuation", "partial")
        q.speaker = speaker or UNATTRIBUTED
        q.attribution = rule if speaker else "unattributed"
        q.evidence = evidence if speaker else ""
        if not q.scare and rule != "partial":
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
    repeat_rows: list[tuple] = field(default_factory=list)

    @property
    def segments(self) -> pd.DataFrame:
        return segment_frame(self.segment_rows)

    @property
    def quotes(self) -> pd.DataFrame:
        return quote_frame(self.quote_rows)

    @property
    def repeats(self) -> pd.DataFrame:
        return repeat_frame(self.repeat_rows)


SEGMENT_TABLE_COLUMNS = [*SEGMENT_COLUMNS, "paragraph", "quote_id"]


def segment_frame(rows: list[tuple]) -> pd.DataFrame:
    """The segments table from segment rows (of one document or many)."""
    return pd.DataFrame(rows, columns=SEGMENT_TABLE_COLUMNS)


def quote_frame(rows: list[tuple]) -> pd.DataFrame:
    """The quotes table from quote rows (of one document or many)."""
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


def repeat_frame(rows: list[tuple]) -> pd.DataFrame:
    """The repeats table (``REPEAT_COLUMNS``) from repeat rows (of one document or many)."""
    return pd.DataFrame(rows, columns=REPEAT_COLUMNS)


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
    pieces: list[tuple[int, int, int, Quote | None, str]] = []  # paragraph, start, end, quote, kind
    by_paragraph: dict[int, list[tuple[int, int, Quote]]] = {}
    for q in real:
        for number, s, e in q.spans:
            by_paragraph.setdefault(number, []).append((s, e, q))
    for number, (p_start, p_end) in enumerate(paras):
        cursor = p_start
        # Quotes come in text order, and their spans, so each paragraph's do too.
        for s, e, q in by_paragraph.get(number, ()):
            mark_start = s - 1 if s > p_start and text[s - 1] in QUOTE_CHARS else s
            pieces.append((number, cursor, mark_start, None, narration_kind))
            pieces.append((number, s, e, q, "partial" if q.attribution == "partial" else "quote"))
            cursor = e + 1 if e < p_end and text[e] in QUOTE_CHARS else e
        pieces.append((number, cursor, p_end, None, narration_kind))
    if narration_kind == "narration":
        sources = [q for q in real if q.attribution != "partial"]
        pieces = find_repeats(pieces, text, sources, int(rules["min_repeat_words"]))

    rows = []
    repeat_rows = []
    for number, s, e, q, kind in pieces:
        span = text[s:e]
        if not ALNUM.search(span):
            continue
        lead = len(span) - len(span.lstrip())
        trail = len(span) - len(span.rstrip())
        s, e = s + lead, e - trail
        char_start, char_end = cleaned.raw_span(s, e)
        # normalise_whitespace(span) below is that of text[s:e]: it drops the ends.
        span = normalise_whitespace(span)
        rows.append(
            (doc.doc_id, len(rows) + 1, q.speaker if q else narrator, kind, char_start, char_end, span,
             number + 1, q.quote_id if q else 0)
        )
        if kind == "repeat":
            repeat_rows.append(
                (doc.doc_id, len(rows), q.quote_id, q.speaker, count_words(span), char_start, char_end, span)
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
    return SegmentedDocument(doc.doc_id, rows, quote_rows, repeat_rows)


def find_repeats(pieces: list[tuple], text: str, quotes: list[Quote], min_words: int) -> list[tuple]:
    """Cut the sentences of narration that repeat a quotation word for word out of their pieces.

    Parameters
    ----------
    pieces
        ``(paragraph, start, end, quote, kind)`` of a document, in text order.
    text
        The cleaned text the offsets point into.
    quotes
        The quotations a sentence may repeat (whole quotes, not partial ones).
    min_words
        The fewest words a repeated sentence has (``min_repeat_words``).

    Returns
    -------
    list of tuple
        The same pieces, each narration piece split into runs of sentences:
        a run of sentences (or a headline line) whose normalised words
        (:func:`analysis.tokens.normalise`: lower case, straight apostrophes)
        each occur in order in one quotation becomes a piece of kind
        ``repeat`` with that quotation; the rest stay narration.

    Notes
    -----
    The quotations' word ``min_words``-grams are indexed once in a dict, and a
    sentence is checked only against the places where its first
    ``min_words`` words occur, so the cost is linear in the document's words
    (times the few places a run of that many words recurs in its quotes), not
    a comparison of every run with every other.
    """
    if not quotes:
        return pieces
    quoted = [[normalise(w) for w in words(" ".join(text[s:e] for _, s, e in q.spans))] for q in quotes]
    index: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for number, ws in enumerate(quoted):
        for at in range(len(ws) - min_words + 1):
            index.setdefault(tuple(ws[at : at + min_words]), []).append((number, at))

    def repeated(sentence: str) -> Quote | None:
        ws = [normalise(w) for w in words(sentence)]
        if len(ws) < min_words:
            return None
        for number, at in index.get(tuple(ws[:min_words]), ()):
            if quoted[number][at : at + len(ws)] == ws:
                return quotes[number]
        return None

    result = []
    for piece in pieces:
        number, start, end, quote, kind = piece
        if quote is not None or kind != "narration":
            result.append(piece)
            continue
        spans = split_sentences(text[start:end])
        runs = [(span, repeated(text[start + span[0] : start + span[1]])) for span in spans]
        groups = [(q, [span for span, _ in run]) for q, run in itertools.groupby(runs, key=lambda r: r[1])]
        for position, (q, run) in enumerate(groups):
            run_start = start + (run[0][0] if position else 0)
            run_end = start + groups[position + 1][1][0][0] if position + 1 < len(groups) else end
            result.append((number, run_start, run_end, q, "repeat" if q else "narration"))
    return result


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

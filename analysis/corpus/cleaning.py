"""Stage 2: cleaning, declared as data and audited.

The raw texts are never edited. Each corpus may declare its cleaning rules in
``cleaning.yaml`` (which documents or outlets, which pattern, why); this module
applies them in file order and keeps, for every character of the cleaned text,
the offset of the raw character it came from. Every analysed character thus
traces back to the raw file, and every change is listed in an audit table.

Actions
-------
``remove``
    Delete every match of ``pattern`` (a Python regular expression, multiline
    mode: ``^``/``$`` match at line ends).
``replace``
    Replace every match of ``pattern`` with ``replacement``.
``remove_repeated_title``
    Delete any later line that repeats the document's first line when that line
    is the manifest title (a page that prints its headline twice).
``join_broken_paragraphs``
    Join a blank-line paragraph break that falls inside a sentence: the line
    before ends without a stop and the next paragraph starts in lower case.
``unwrap``
    Reflow hard-wrapped lines into paragraphs (see :func:`unwrap_breaks`).

Scope: ``documents`` (a list of ``doc_id``) and/or ``outlets`` (a list of
``outlet`` values); with neither, a rule applies to every document.

Every rule needs ``id``, ``action`` and ``reason``; ``remove`` needs a
``pattern``, ``replace`` a ``pattern`` and a ``replacement``, and the other
actions take neither. The keys and actions, with their meanings, are listed in
``analysis/data/corpus_vocabulary.yaml`` (:mod:`analysis.corpus.vocabulary`). A key
not listed (``outlet:`` for ``outlets:``, which would otherwise leave the rule
applying to every document), a key an action does not take, a key given twice,
a ``documents`` entry naming no document and an ``outlets`` entry naming no
document's outlet are all refused, each with the file, the line and, where a
known name is one typo away, a suggestion. The action is read in any case
(``Remove`` is ``remove``); key names are read exactly as written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from ..paths import compose_yaml, construct_yaml
from .manifest import Corpus, CorpusError, Document
from .vocabulary import canonical, did_you_mean, near, unknown, vocabulary

RULES_FILE = "cleaning.yaml"
ACTIONS = tuple(vocabulary().actions)
#: The keys, beyond id, action and reason, that each action needs (and the only ones it takes).
ACTION_KEYS = vocabulary().action_keys
TOP_LEVEL_KEYS = tuple(vocabulary().cleaning_top_level)
RULE_KEYS = tuple(vocabulary().rule_keys)
SCOPE_KEYS = ("documents", "outlets")
# An outlets entry naming no outlet is reported with the corpus's outlets when
# there are at most this many to list.
LISTED_OUTLETS = 12
AUDIT_COLUMNS = ["doc_id", "rule", "action", "char_start", "char_end", "text", "reason"]

# Hard-wrap reflow (see unwrap_breaks). A line ending in a stop, question or
# exclamation mark or colon, perhaps followed by closing quotes or brackets...
TERMINAL = re.compile(r"[.!?:][\"'\u201d\u2019)\]]*\s*$")
# ...followed by a line starting a sentence (capital, digit or opening quote)
# ends a paragraph.
STARTS_SENTENCE = re.compile(r"[\"'\u201c\u2018(\[]?[A-Z0-9]")
BULLETS = ("-", "\u2013", "\u2022", "*")
# The parts of TERMINAL as strings, and the bullets' characters, for
# unwrap_breaks.
_STOPS = (".", "!", "?", ":")
_CLOSING_MARKS = "\"'\u201d\u2019)]"
_BULLET_CHARACTERS = "".join(BULLETS)
# Inside a bullet item, a line shorter than this share of the wrap width,
# followed by a capitalised line, ends the item: bullet items carry no final
# stop, and a wrapped line is nearly as long as the wrap width.
SHORT_LINE = 0.75
# The wrap width is the 90th percentile of line lengths, not the maximum, so
# that an unbreakable URL does not set it.
WIDTH_QUANTILE = 0.9


@dataclass(frozen=True)
class Rule:
    """One declared cleaning rule."""

    id: str
    action: str
    reason: str
    pattern: re.Pattern[str] | None = None
    replacement: str = ""
    documents: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()

    def applies_to(self, doc: Document) -> bool:
        if not self.documents and not self.outlets:
            return True
        return doc.doc_id in self._documents or doc.outlet in self._outlets

    # Sets for applies_to, which runs once per rule per document: a rule may name
    # thousands of documents, and a tuple is searched one item at a time.
    @functools.cached_property
    def _documents(self) -> frozenset[str]:
        return frozenset(self.documents)

    @functools.cached_property
    def _outlets(self) -> frozenset[str]:
        return frozenset(self.outlets)


@dataclass
class CleanedText:
    """A document's cleaned text and, per character, its offset in the raw text.

    ``index[i]`` is the raw offset of ``text[i]``; ``index`` has one more item
    than ``text``: the raw length, so that a span ``[i, j)`` of the cleaned text
    maps to the raw span ``[index[i], index[j - 1] + 1)``.
    """

    doc_id: str
    raw: str
    text: str
    index: list[int]
    audit: list[dict] = field(default_factory=list)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(char_start, char_end)`` of the cleaned span ``[start, end)``."""
        if end <= start:
            raise ValueError(f"empty span [{start}, {end})")
        return self.index[start], self.index[end - 1] + 1


def read_rules(corpus: Corpus) -> tuple[Rule, ...]:
    """Read and check ``cleaning.yaml`` in the corpus folder (none: no rules).

    Raises
    ------
    CorpusError
        Listing every problem :func:`check_rules` finds.
    """
    rules, problems = check_rules(corpus.path, corpus)
    if problems:
        raise CorpusError(problems)
    return rules


def check_rules(corpus_dir: Path | str, corpus: Corpus | None = None) -> tuple[tuple[Rule, ...], list[str]]:
    """The rules of a corpus folder's ``cleaning.yaml``, and every problem found in it.

    Parameters
    ----------
    corpus_dir
        The corpus folder.
    corpus
        The corpus the rules are scoped to (as far as it could be read, see
        :func:`analysis.corpus.manifest.check_corpus`); ``None``: the scopes are not
        checked.

    Returns
    -------
    rules : tuple of Rule
        Those without problems; use them only when there are none.
    problems : list of str
        One per problem, naming the file and line: malformed YAML, an unknown
        or repeated key (top level or in a rule), a rule without ``id``,
        ``action`` or ``reason``, an unknown action, a key its action needs
        missing or one it does not take given, an invalid pattern, a repeated
        id, a scope that is not a non-empty list, and (with ``corpus``) a
        ``documents`` entry naming no document or an ``outlets`` entry naming
        no document's outlet.
    """
    path = Path(corpus_dir) / RULES_FILE
    if not path.is_file():
        return (), []
    try:
        root = compose_yaml(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        return (), [f"{path}: malformed YAML ({err})"]
    # Before construct_yaml, which writes merged keys (<<) into the tree.
    repeated = _repeated_keys(path, root)
    data = construct_yaml(root)
    if not isinstance(data, dict):
        line = _line(root) if root is not None else 1
        return (), [f"{path} line {line}: expected a mapping with a list under `rules`"]
    problems = repeated
    keys = _keys(root)
    for key, key_node in keys.items():
        if key not in TOP_LEVEL_KEYS:
            problems.append(f"{path} line {_line(key_node)}: {unknown('key', key, TOP_LEVEL_KEYS)}")
    if not isinstance(data.get("rules"), list):
        line = _line(keys["rules"]) if "rules" in keys else _line(root)
        return (), [*problems, f"{path} line {line}: expected a list of rules under `rules`"]
    scope = _Scope(corpus) if corpus is not None else None
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for node, item in zip(_value(root, "rules").value, data["rules"], strict=True):
        rule = _check_rule(path, node, item, seen, scope, problems)
        if rule is not None:
            rules.append(rule)
    return tuple(rules), problems


@dataclass(frozen=True)
class _Scope:
    """What a rule's scope may name: the corpus's doc_ids and outlets."""

    corpus: Corpus

    @functools.cached_property
    def doc_ids(self) -> frozenset[str]:
        return frozenset(d.doc_id for d in self.corpus.documents)

    @functools.cached_property
    def outlets(self) -> tuple[str, ...]:
        return tuple(sorted({d.outlet for d in self.corpus.documents if d.outlet}))


def _check_rule(
    path: Path, node: yaml.Node, item, seen: dict[str, int], scope: _Scope | None, problems: list[str]
) -> Rule | None:
    """The rule of one item of ``rules``, or ``None``, each of its problems added to ``problems``."""
    where = _at(path, node)
    if not isinstance(item, dict):
        problems.append(f"{where}: expected a rule (a mapping of id, action, reason, ...)")
        return None
    found: list[str] = []
    rule_id = str(item.get("id", "")).strip() if _scalar(item.get("id", "")) else ""
    where = _at(path, node, rule_id)
    keys = _keys(node)
    at = {key: _at(path, key_node, rule_id) for key, key_node in keys.items()}
    for key in keys:
        if key not in RULE_KEYS:
            found.append(f"{at[key]}: {unknown('key', key, RULE_KEYS)}")
    for key in ("id", "action", "reason"):
        if not (_scalar(item.get(key)) and str(item[key]).strip()):
            found.append(f"{at.get(key, where)}: every rule needs {'an' if key[0] in 'ai' else 'a'} {key}")
    if rule_id in seen:
        found.append(f"{where}: id used twice (first on line {seen[rule_id]})")
    seen.setdefault(rule_id, _line(node))
    action = item.get("action")
    if _scalar(action) and str(action).strip():
        action = canonical(str(action), ACTIONS)
        if action is None:
            found.append(f"{at['action']}: {unknown('action', str(item['action']), ACTIONS)}")
    else:
        action = None
    pattern = None
    if action is not None:
        for key in ACTION_KEYS[action]:
            if key not in item:
                found.append(f"{where}: action {action} needs a `{key}`")
        for key in ("pattern", "replacement"):
            if key in item and key not in ACTION_KEYS[action]:
                found.append(f"{at[key]}: action {action} takes no `{key}`")
        if "pattern" in ACTION_KEYS[action] and "pattern" in item:
            if not isinstance(item["pattern"], str):
                found.append(f"{at['pattern']}: the pattern must be a string (quote it)")
            else:
                try:
                    pattern = re.compile(item["pattern"], re.MULTILINE)
                except re.error as err:
                    found.append(f"{at['pattern']}: invalid pattern ({err})")
        if "replacement" in item and not _scalar(item["replacement"]):
            found.append(f"{at['replacement']}: the replacement must be a string")
    scopes = {}
    for key in SCOPE_KEYS:
        if key in item:
            scopes[key] = _scope_entries(path, rule_id, key, _value(node, key), item[key], at[key], scope, found)
    problems.extend(found)
    if found:
        return None
    return Rule(
        id=rule_id,
        action=action,
        reason=str(item["reason"]).strip(),
        pattern=pattern,
        replacement=str(item.get("replacement", "")),
        documents=scopes.get("documents", ()),
        outlets=scopes.get("outlets", ()),
    )


def _scope_entries(
    path: Path, rule_id: str, key: str, node: yaml.Node, value, where: str, scope: _Scope | None,
    problems: list[str],
) -> tuple[str, ...]:
    """The entries of a rule's ``documents`` or ``outlets``, each checked against the corpus."""
    if not isinstance(value, list) or not value or not all(_scalar(v) for v in value):
        problems.append(
            f"{where}: `{key}` must be a non-empty list ({key}: [a, b]); leave it out for a rule"
            " that applies to every document"
        )
        return ()
    entries = tuple(str(v) for v in value)
    if scope is None:
        return entries
    for entry, entry_node in zip(entries, node.value, strict=True):
        at = _at(path, entry_node, rule_id)
        if key == "documents" and entry not in scope.doc_ids:
            problems.append(f"{at}: unknown doc_id `{entry}` in `documents`{did_you_mean(entry, scope.doc_ids)}")
        elif key == "outlets" and entry not in scope.outlets:
            suggestion = near(entry, scope.outlets)
            if suggestion is not None:
                hint = f" (did you mean `{suggestion}`?)"
            elif not scope.outlets:
                hint = " (no document gives an outlet)"
            elif len(scope.outlets) <= LISTED_OUTLETS:
                hint = f" (the outlets: {'; '.join(scope.outlets)})"
            else:
                hint = ""
            problems.append(f"{at}: outlet `{entry}` in `outlets` is no document's outlet{hint}")
    return entries


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _at(path: Path, node: yaml.Node, rule_id: str = "") -> str:
    """Where a node is, for a message: ``<file> line N``, and the rule's id when it has one."""
    return f"{path} line {_line(node)}" + (f" (rule {rule_id})" if rule_id else "")


def _scalar(value) -> bool:
    """Whether a YAML value is a single value (a string, number, boolean or date), not a list or mapping."""
    return value is not None and not isinstance(value, (list, dict))


def _keys(node: yaml.MappingNode) -> dict[str, yaml.Node]:
    """A mapping node's keys (as text) and their nodes (the last of a key, which is the one read)."""
    return {str(key_node.value): key_node for key_node, _ in node.value}


def _repeated_keys(path: Path, root: yaml.Node | None) -> list[str]:
    """A problem for every key given twice in one mapping (YAML loaders silently keep the last)."""
    problems: list[tuple[int, str]] = []
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:  # an alias: its anchor's node again
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, yaml.Node] = {}
            for key_node, value in node.value:
                key = str(key_node.value)
                if key in first and key != "<<":
                    problems.append((_line(key_node), f"{path} line {_line(key_node)}: key `{key}` given twice"
                                                      f" (first on line {_line(first[key])})"))
                first.setdefault(key, key_node)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return [message for _, message in sorted(problems)]


def _value(node: yaml.MappingNode, key: str) -> yaml.Node:
    """The value node of ``key`` in a mapping node (its last, as YAML loaders keep the last)."""
    return [value for key_node, value in node.value if str(key_node.value) == key][-1]


def clean_text(doc: Document, raw: str, rules: Iterable[Rule]) -> CleanedText:
    """Apply the rules that hold for ``doc`` to its raw text, in order.

    Parameters
    ----------
    doc
        The document (its ``doc_id``, ``outlet`` and ``title`` scope the rules).
    raw
        Its raw text, as read by :func:`analysis.corpus.manifest.read_text`.
    rules
        Rules from :func:`read_rules`.

    Returns
    -------
    CleanedText
        With an audit row per change: ``doc_id, rule, action, char_start,
        char_end`` (raw offsets), the raw ``text`` changed, and the ``reason``.
    """
    cleaned = CleanedText(doc.doc_id, raw, raw, _offsets(len(raw) + 1))
    for rule in rules:
        if not rule.applies_to(doc):
            continue
        edits = list(_EDITS[rule.action](rule, doc, cleaned.text))
        if edits:
            _apply(cleaned, rule, edits)
    return cleaned


# Longer texts get an index of their own rather than a slice of the shared offsets.
_MAX_SHARED_OFFSETS = 1 << 18


@functools.lru_cache(maxsize=1)
def _shared_offsets() -> list[int]:
    """``[0, 1, ..., _MAX_SHARED_OFFSETS - 1]``, made once per process and only ever sliced, never written."""
    return list(range(_MAX_SHARED_OFFSETS))


def _offsets(n: int) -> list[int]:
    """A new list ``[0, 1, ..., n - 1]``.

    Building the index is a large share of cleaning: ``list(range(n))`` makes
    every int afresh, while a slice of a list of the same ints only copies
    references, several times faster.
    """
    if n > _MAX_SHARED_OFFSETS:
        return list(range(n))
    return _shared_offsets()[:n]


def _apply(cleaned: CleanedText, rule: Rule, edits: list[tuple[int, int, str]]) -> None:
    """Apply non-overlapping ``(start, end, replacement)`` edits of the cleaned text."""
    text, index = cleaned.text, cleaned.index
    # When every edit keeps the length (join_broken_paragraphs, unwrap), each
    # character keeps its raw offset: the index stays as it is, and is not
    # rebuilt piece by piece.
    same_length = all(len(replacement) == end - start for start, end, replacement in edits)
    pieces: list[str] = []
    new_index: list[int] = []
    last = 0
    for start, end, replacement in sorted(edits):
        pieces.append(text[last:start])
        raw_start, raw_end = index[start], index[end - 1] + 1 if end > start else index[start]
        pieces.append(replacement)
        if not same_length:
            new_index.extend(index[last:start])
            if len(replacement) == end - start:
                new_index.extend(index[start:end])
            else:
                new_index.extend([raw_start] * len(replacement))
        cleaned.audit.append(
            {
                "doc_id": cleaned.doc_id,
                "rule": rule.id,
                "action": rule.action,
                "char_start": raw_start,
                "char_end": raw_end,
                "text": cleaned.raw[raw_start:raw_end],
                "reason": rule.reason,
            }
        )
        last = end
    pieces.append(text[last:])
    cleaned.text = "".join(pieces)
    if not same_length:
        new_index.extend(index[last:])
        cleaned.index = new_index


def _regex_edits(rule: Rule, doc: Document, text: str) -> Iterable[tuple[int, int, str]]:
    replacement = rule.replacement if rule.action == "replace" else ""
    for m in rule.pattern.finditer(text):
        if m.end() > m.start():
            yield m.start(), m.end(), replacement


def _repeated_title_edits(rule: Rule, doc: Document, text: str) -> Iterable[tuple[int, int, str]]:
    lines = list(_lines(text))
    nonblank = [(s, e) for s, e in lines if text[s:e].strip()]
    if not nonblank or text[nonblank[0][0] : nonblank[0][1]].strip() != doc.title:
        return
    for start, end in nonblank[1:]:
        if text[start:end].strip() == doc.title:
            yield start, min(end + 1, len(text)), ""


# A line break after a character that is not white space or a stop, then a
# blank line, then lower case. The look-behind comes after the first "\n"
# (checking the character before it) so that the pattern starts with a literal
# the regex engine can scan for, instead of trying the look-behind at every
# offset; it matches the same spans as "(?<=[...])\n...".
BROKEN_PARAGRAPH = re.compile(r"\n(?<=[^\s.!?:;\"'\u201d\u2019)]\n)[^\S\n]*\n\s*(?=[a-z])")


def _broken_paragraph_edits(rule: Rule, doc: Document, text: str) -> Iterable[tuple[int, int, str]]:
    for m in BROKEN_PARAGRAPH.finditer(text):
        yield m.start(), m.end(), " " * (m.end() - m.start())


def _unwrap_edits(rule: Rule, doc: Document, text: str) -> Iterable[tuple[int, int, str]]:
    for position in unwrap_breaks(text):
        yield position, position + 1, " "


_EDITS: dict[str, Callable[[Rule, Document, str], Iterable[tuple[int, int, str]]]] = {
    "remove": _regex_edits,
    "replace": _regex_edits,
    "remove_repeated_title": _repeated_title_edits,
    "join_broken_paragraphs": _broken_paragraph_edits,
    "unwrap": _unwrap_edits,
}


def _lines(text: str) -> Iterable[tuple[int, int]]:
    start = 0
    for part in text.split("\n"):
        yield start, start + len(part)
        start += len(part) + 1


def unwrap_breaks(text: str) -> list[int]:
    """Offsets of the line breaks that hard wrapping put inside paragraphs.

    A single line break between two non-blank lines is kept (a paragraph ends)
    when: either line is a bullet marker or the next starts a bullet item; the
    line ends with a stop, ``?``, ``!`` or ``:`` (perhaps before a closing quote)
    and the next starts a sentence; the line is a heading in capitals ("ENDS");
    or, inside a bullet item, the line is short (under ``SHORT_LINE`` of the wrap
    width) and the next starts with a capital, since bullet items carry no final
    stop. Every other single line break is a wrap, to be joined with a space.

    Examples
    --------
    >>> unwrap_breaks("a line that wraps\\nhere. And ends.\\nNext paragraph.")
    [17]
    """
    # One pass over the lines, each stripped once. A line is ``a`` as the first
    # of a pair and ``b`` as the second, so its stripped forms are kept from one
    # pair to the next instead of slicing the text twice per pair. The tests
    # are inlined on the stripped forms (a bullet marker is a line that is
    # one of BULLETS; an item starts with a bullet and a space) and
    # the heading test, which reads the whole line, comes last, to run only
    # when the others have not settled the pair (the tests have no side
    # effects, so their order does not change the result).
    lines = text.split("\n")
    stripped = [line.strip() for line in lines]
    lengths = sorted(len(line) for line, bare in zip(lines, stripped, strict=True) if bare)
    if not lengths:
        return []
    width = lengths[min(len(lengths) - 1, int(WIDTH_QUANTILE * len(lengths)))]
    short = SHORT_LINE * width
    joins: list[int] = []
    in_item = False
    e1 = -1  # offset of the line break ending the current line
    for i in range(len(lines) - 1):
        e1 += len(lines[i]) + 1
        a_bare, b = stripped[i], stripped[i + 1]
        if not a_bare or not b:
            in_item = False
            continue
        a_marker = a_bare in BULLETS
        b_item = b[0] in _BULLET_CHARACTERS and b[1:2] == " "
        if a_marker or b_item or b in BULLETS:
            in_item = a_marker or b_item
            continue
        a = lines[i].rstrip()
        if (
            # TERMINAL.search(a), for a line without trailing white space: a
            # stop, then closing marks to the end.
            (a.rstrip(_CLOSING_MARKS).endswith(_STOPS) and STARTS_SENTENCE.match(b) is not None)
            or (in_item and len(a_bare) < short and b[:1].isupper())
            # a heading in capitals: no lower-case letter (the test that most
            # often fails, so it goes first), and some letter
            or (not any(map(str.islower, a)) and any(map(str.isalpha, a)))
        ):
            in_item = False
        else:
            joins.append(e1)
    return joins


def clean_corpus(corpus: Corpus, rules: Iterable[Rule] | None = None) -> Iterable[CleanedText]:
    """Yield each document's :class:`CleanedText`, one at a time."""
    rules = tuple(read_rules(corpus) if rules is None else rules)
    for doc, raw in corpus.texts():
        yield clean_text(doc, raw, rules)


def cleaning_audit(cleaned: Iterable[CleanedText]) -> pd.DataFrame:
    """One row per change, in document and offset order (see :func:`clean_text`)."""
    rows = [row for c in cleaned for row in c.audit]
    return pd.DataFrame(rows, columns=AUDIT_COLUMNS).sort_values(
        ["doc_id", "char_start", "rule"], kind="stable", ignore_index=True
    )


def rules_table(rules: Iterable[Rule]) -> pd.DataFrame:
    """The declared rules as a table: ``rule, action, scope, pattern, reason``."""
    rows = []
    for r in rules:
        scope = ", ".join([*r.documents, *r.outlets]) or "all documents"
        rows.append(
            {
                "rule": r.id,
                "action": r.action,
                "scope": scope,
                "pattern": r.pattern.pattern if r.pattern else "",
                "reason": r.reason,
            }
        )
    return pd.DataFrame(rows, columns=["rule", "action", "scope", "pattern", "reason"])

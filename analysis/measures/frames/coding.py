"""Frame coding: every sentence coded with the frames of the schemes, and its keyword-in-context lines.

Terms are matched with the one phrase matcher (:class:`analysis.text.matcher.Matcher`)
on the batch's :class:`analysis.text.words.Words`; see :mod:`analysis.measures.frames`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...text.matcher import Matcher, compiled_glob
from ...text.sentences import sentence_texts
from ...text.tokens import normalise_characters
from ...text.words import Words
from .dictionary import Frame, KWIC_COLUMNS, KWIC_WINDOW, SENTENCE_KEYS, Scheme, Term, frame_columns, schemes


# ------------------------------------------------------------------------ matching


@dataclass
class _Matches:
    """Every match of every term: parallel arrays, one entry per match.

    ``term`` indexes the matcher's term list; ``start``/``end`` are word
    positions in the :class:`analysis.text.matcher.Matcher`; ``row`` is the sentence's row.
    """

    term: np.ndarray
    variant: np.ndarray
    row: np.ndarray
    start: np.ndarray
    end: np.ndarray

    def take(self, keep: np.ndarray) -> _Matches:
        return _Matches(*(getattr(self, f)[keep] for f in ("term", "variant", "row", "start", "end")))


@dataclass(frozen=True)
class _TermPhrases:
    """The phrases of a list of terms, numbered: every variant (lower-cased), then every exclusion."""

    phrases: tuple[tuple[str, ...], ...]
    variant_term: np.ndarray  # the term of each variant
    variant_number: np.ndarray  # its number among the term's variants
    lengths: np.ndarray  # each variant's number of words
    exclusions: dict[int, list[tuple[int, int]]]  # term: (phrase number, length) of each of its exclusions
    checked: tuple[int, ...]  # the variants of terms with exclusions or case, in order
    labels: np.ndarray  # each variant as written (object)
    first_variant: np.ndarray  # the number of each term's first variant


@functools.lru_cache(maxsize=16)
def _term_phrases(terms: tuple[Term, ...]) -> _TermPhrases:
    """The phrases of ``terms`` for :meth:`analysis.text.matcher.Matcher.phrase_matches`; kept, as every batch has the same terms."""
    variant_term: list[int] = []
    variant_number: list[int] = []
    phrases: list[tuple[str, ...]] = []
    checked: list[int] = []
    exclusions: dict[int, list[tuple[int, int]]] = {}
    for t, term in enumerate(terms):
        for v, variant in enumerate(term.variants):
            if term.case_sensitive or term.exclusions:
                checked.append(len(phrases))
            variant_term.append(t)
            variant_number.append(v)
            phrases.append(tuple(w.lower() for w in variant))
    lengths = np.fromiter(map(len, phrases), dtype=np.int64, count=len(phrases))
    for t, term in enumerate(terms):
        for p in term.exclusions:
            exclusions.setdefault(t, []).append((len(phrases), len(p)))
            phrases.append(p)
    arrays = [np.asarray(a, dtype=np.int64) for a in (variant_term, variant_number)]
    labels = np.array([" ".join(v) for term in terms for v in term.variants], dtype=object)
    first_variant = np.cumsum([0] + [len(term.variants) for term in terms])
    for a in (*arrays, lengths, labels, first_variant):
        a.setflags(write=False)
    return _TermPhrases(tuple(phrases), *arrays, lengths, exclusions, tuple(checked), labels, first_variant)


def _find_matches(terms: Sequence[Term], vocab: Matcher) -> _Matches:
    """All matches of ``terms`` (exclusions and case applied; nested matches kept).

    ``vocab`` holds the words of the sentences (and their texts). The
    matches are in term order, then variant order, then position.
    """
    table = _term_phrases(tuple(terms))
    n_variants = len(table.variant_term)
    phrase, all_starts = vocab.phrase_matches(table.phrases)
    # Phrase numbers come sorted, so each phrase's matches are one slice.
    bounds = np.searchsorted(phrase, np.arange(len(table.phrases) + 1)).tolist()
    phrase, starts = phrase[: bounds[n_variants]], all_starts[: bounds[n_variants]]
    ends = starts + table.lengths[phrase]
    keep = np.ones(len(starts), dtype=bool)
    offsets = None  # where the words are written, found once if a case-sensitive term has candidates
    # Exclusions and case apply to few terms: their variants are taken one at a time.
    for v in table.checked:
        lo, hi = bounds[v], bounds[v + 1]
        if lo == hi:
            continue
        t = int(table.variant_term[v])
        for e, ex_len in table.exclusions.get(t, ()):
            ex_starts = all_starts[bounds[e] : bounds[e + 1]]
            if len(ex_starts) == 0:
                continue
            # The latest exclusion match starting at or before the term's
            # match covers it if it reaches the match's end.
            idx = np.searchsorted(ex_starts, starts[lo:hi], side="right") - 1
            has = idx >= 0
            covered = np.zeros(hi - lo, dtype=bool)
            covered[has] = ex_starts[idx[has]] + ex_len >= ends[lo:hi][has]
            keep[lo:hi] &= ~covered
        if terms[t].case_sensitive:
            variant = terms[t].variants[table.variant_number[v]]
            if offsets is None:
                offsets = vocab.words.offsets
            keep[lo:hi] &= _case_matches(variant, starts[lo:hi], vocab, vocab.words.texts, offsets)
    phrase = phrase[keep]
    return _Matches(table.variant_term[phrase], table.variant_number[phrase], vocab.sentence[starts[keep]],
                    starts[keep], ends[keep])


def _case_matches(variant, starts, vocab, texts, offsets) -> np.ndarray:
    """Whether each candidate match also matches with capitals, as written in the text.

    Each word is cut from its sentence at its :func:`analysis.text.words.word_offsets` and its
    apostrophes and hyphens normalised: the word :func:`analysis.text.tokens.words`
    gives, without tokenising the sentence again.
    """
    word_start, word_end = offsets
    rows = vocab.sentence[starts].tolist()
    ok = np.ones(len(starts), dtype=bool)
    for k, glob in enumerate(variant):
        fullmatch = compiled_glob(glob).fullmatch
        at = starts + k  # a match lies within its sentence
        ok &= np.fromiter(
            (fullmatch(normalise_characters(texts[row][a:b])) is not None
             for row, a, b in zip(rows, word_start[at].tolist(), word_end[at].tolist(), strict=True)),
            dtype=bool, count=len(rows),
        )
    return ok


def _name_words(scheme: Scheme, vocab: Matcher) -> np.ndarray:
    """Whether each word of ``vocab`` is inside a match of one of the scheme's names (with its capitals)."""
    inside = np.zeros(vocab.n, dtype=bool)
    phrase, starts = vocab.phrase_matches(tuple(tuple(w.lower() for w in name.words) for name in scheme.names))
    for k, name in enumerate(scheme.names):
        at = starts[phrase == k]
        if len(at) == 0:
            continue
        at = at[_case_matches(name.words, at, vocab, vocab.words.texts, vocab.words.offsets)]
        for j in range(len(name.words)):
            inside[at + j] = True
    return inside


def _outside_names(matches: _Matches, terms: Sequence[Term], scheme_list: Sequence[Scheme], vocab: Matcher) -> np.ndarray:
    """Mask of the matches with no word inside a name of their term's scheme (:class:`Name`)."""
    keep = np.ones(len(matches.start), dtype=bool)
    scheme_of_term = np.array([term.scheme for term in terms], dtype=object)
    for scheme in scheme_list:
        if not scheme.names:
            continue
        # Words inside a name before each position: a match covers one if the count grows over it.
        before = np.concatenate([[0], np.cumsum(_name_words(scheme, vocab))])
        ours = scheme_of_term[matches.term] == scheme.name
        keep[ours] = before[matches.end[ours]] == before[matches.start[ours]]
    return keep


def _not_nested(matches: _Matches, frame_of_term: np.ndarray) -> np.ndarray:
    """Mask of matches not inside a longer (or earlier identical) match of the same frame."""
    if len(matches.start) == 0:
        return np.zeros(0, dtype=bool)
    frame = frame_of_term[matches.term]
    order = np.lexsort((matches.term, -matches.end, matches.start, frame))
    keep = np.zeros(len(order), dtype=bool)
    f, s, e = frame[order], matches.start[order], matches.end[order]
    boundaries = np.flatnonzero(np.diff(f)) + 1
    for lo, hi in zip(np.concatenate([[0], boundaries]), np.concatenate([boundaries, [len(order)]]), strict=True):
        running = np.maximum.accumulate(e[lo:hi])
        previous = np.concatenate([[-1], running[:-1]])
        keep[order[lo:hi]] = e[lo:hi] > previous
    return keep


@dataclass
class _Coding:
    """The matcher's view of one table of sentences under a list of schemes."""

    scheme_list: tuple[Scheme, ...]
    terms: list[Term]
    frame_index: np.ndarray  # frame number (over all schemes) of each term
    frames: list[tuple[Scheme, Frame]]
    vocab: Matcher
    matches: _Matches  # nested matches included
    counted: np.ndarray  # mask: the matches counted as hits


def _code(sentences: pd.DataFrame, scheme_list: Sequence[Scheme] | None, words: Words | None = None) -> _Coding:
    scheme_list = tuple(schemes() if scheme_list is None else scheme_list)
    frames = [(s, f) for s in scheme_list for f in s.frames]
    terms: list[Term] = []
    frame_index = []
    for number, (_, frame) in enumerate(frames):
        terms.extend(frame.terms)
        frame_index.extend([number] * len(frame.terms))
    frame_index_arr = np.asarray(frame_index, dtype=np.int64)
    vocab = Matcher(Words.of(sentences) if words is None else words)
    matches = _find_matches(terms, vocab)
    matches = matches.take(_outside_names(matches, terms, scheme_list, vocab))
    return _Coding(scheme_list, terms, frame_index_arr, frames, vocab, matches,
                   _not_nested(matches, frame_index_arr))


def _check_sentences(sentences: pd.DataFrame, required: Iterable[str] = (*SENTENCE_KEYS, "text")) -> None:
    sentence_texts(sentences, tuple(required))


def _has_matrix(coding: _Coding, n: int, drop_term: int | None = None) -> np.ndarray:
    """``(n, frames)`` 0/1: which frames each sentence carries (optionally without one term)."""
    m = coding.matches
    keep = np.ones(len(m.term), dtype=bool) if drop_term is None else m.term != drop_term
    has = np.zeros((n, len(coding.frames)), dtype=np.int64)
    has[m.row[keep], coding.frame_index[m.term[keep]]] = 1
    _apply_residual(coding, has)
    return has


def _apply_residual(coding: _Coding, has: np.ndarray, hits: np.ndarray | None = None) -> None:
    """A residual frame is carried only by sentences carrying no other frame of its scheme."""
    for scheme in coding.scheme_list:
        columns = [i for i, (s, _) in enumerate(coding.frames) if s is scheme]
        for i in columns:
            if coding.frames[i][1].residual:
                others = [j for j in columns if j != i]
                elsewhere = has[:, others].any(axis=1) if others else np.zeros(len(has), dtype=bool)
                if not coding.frames[i][1].terms:  # no issue terms: every sentence without a named frame
                    has[:, i] = 1
                has[elsewhere, i] = 0
                if hits is not None:
                    hits[elsewhere, i] = 0


def code_sentences(sentences: pd.DataFrame, scheme_list: Sequence[Scheme] | None = None) -> pd.DataFrame:
    """Code every sentence with the frames of the schemes.

    Parameters
    ----------
    sentences : pandas.DataFrame
        One row per sentence (:func:`analysis.text.sentences.sentence_table`), with
        ``doc_id, segment_id, sentence_id, speaker, kind, text``. If it also has
        the ``tokens`` column of :func:`analysis.text.counts.sentence_counts` (the
        lower-cased words joined by spaces), those words are used rather than
        tokenising the text again.
    scheme_list : sequence of Scheme, optional
        Default: :func:`schemes` (both schemes, final version).

    Returns
    -------
    pandas.DataFrame
        One row per sentence, in the given order: ``doc_id, segment_id,
        sentence_id, speaker, kind`` and, for every frame (see
        :func:`frame_columns`), ``has_<scheme>_<frame>`` (1 if the sentence
        carries the frame) and ``hits_<scheme>_<frame>`` (its indicator
        matches). Each sentence is coded on its own, so coding documents
        separately and concatenating gives the same table.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": "d", "segment_id": 1, "sentence_id": [1, 2], "speaker": "S",
    ...     "kind": "speech", "text": ["I'll work to overhaul programmes like Prevent.",
    ...                                "We must prevent attacks."]})
    >>> coded = code_sentences(table)
    >>> coded["has_contest_prevent"].tolist(), coded["hits_pfc_security_and_defense"].tolist()
    ([1, 0], [0, 1])
    """
    _check_sentences(sentences)
    return _coded_table(_code(sentences, scheme_list), sentences)


def _coded_table(coding: _Coding, sentences: pd.DataFrame) -> pd.DataFrame:
    """The per-sentence table of a coding (see :func:`code_sentences`)."""
    n = len(sentences)
    m = coding.matches
    width = len(coding.frames)
    cell = m.row[coding.counted] * width + coding.frame_index[m.term[coding.counted]]
    hits = np.bincount(cell, minlength=n * width).reshape(n, width).astype(np.int64)
    has = (hits > 0).astype(np.int64)
    _apply_residual(coding, has, hits)
    result = sentences[SENTENCE_KEYS].reset_index(drop=True).copy()
    columns = frame_columns(coding.scheme_list)
    data = {}
    for i, (_, _, has_col, hits_col) in enumerate(columns):
        data[has_col] = has[:, i]
        data[hits_col] = hits[:, i]
    return pd.concat([result, pd.DataFrame(data)], axis=1)


# ------------------------------------------------------------- keyword in context


def kwic_table(
    sentences: pd.DataFrame, window: int = KWIC_WINDOW, scheme_list: Sequence[Scheme] | None = None
) -> pd.DataFrame:
    """Keyword-in-context lines for every counted indicator match: the ``kwic.csv`` export.

    Parameters
    ----------
    sentences : pandas.DataFrame
        As for :func:`code_sentences`.
    window : int, optional
        Words of context each side, within the sentence. Default :data:`KWIC_WINDOW`.
    scheme_list : sequence of Scheme, optional
        Default: :func:`schemes`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`KWIC_COLUMNS`: ``doc_id, sentence_id, speaker, scheme,
        frame``, ``term`` (the term variant that matched, as written in the
        scheme file), and ``left``, ``match``, ``right``: the sentence's own
        text around the match (``match`` as written, capitals and all). One
        line per hit of :func:`code_sentences`, so every coded frame is backed
        by its lines (for the residual ``other``, the issue terms of the
        sentences that carry it). Sorted by document, sentence, scheme and
        frame order, and position.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": "d", "segment_id": 1, "sentence_id": [7], "speaker": "S",
    ...     "kind": "speech", "text": ["It’s a threat that I will act to tackle as Mayor."]})
    >>> line = kwic_table(table, window=3).query("frame == 'security_and_defense'").iloc[0]
    >>> line["left"], line["match"], line["right"]
    ('It’s a', 'threat', 'that I will')
    """
    _check_sentences(sentences)
    return _kwic(_code(sentences, scheme_list), sentences, window)


def code_sentences_with_kwic(
    sentences: pd.DataFrame, window: int = KWIC_WINDOW, scheme_list: Sequence[Scheme] | None = None,
    words: Words | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`code_sentences` and :func:`kwic_table` from one matching pass (what the export needs).

    ``words`` are the sentences' :class:`analysis.text.words.Words`, if the
    caller has them already (the pipeline makes them once per batch).
    """
    _check_sentences(sentences)
    coding = _code(sentences, scheme_list, words)
    return _coded_table(coding, sentences), _kwic(coding, sentences, window)


def _kwic(coding: _Coding, sentences: pd.DataFrame, window: int) -> pd.DataFrame:
    """The keyword-in-context lines of a coding (see :func:`kwic_table`)."""
    if window < 0:
        raise ValueError(f"window must be 0 or more words, not {window}")
    n = len(sentences)
    width = len(coding.frames)
    counted = np.flatnonzero(coding.counted)
    row = coding.matches.row[counted]
    frame_number = coding.frame_index[coding.matches.term[counted]]
    has = np.zeros((n, width), dtype=np.int64)
    has[row, frame_number] = 1
    _apply_residual(coding, has)
    # A residual frame's issue terms only where it is carried.
    m = coding.matches.take(counted[has[row, frame_number] == 1])
    frame_number = coding.frame_index[m.term]
    # By row, frame and start: one stable sort by a combined key (lexsort is slow on short arrays).
    order = np.argsort((m.row * width + frame_number) * max(coding.vocab.n, 1) + m.start, kind="stable")
    rows = m.row[order]
    texts = sentences["text"].tolist()
    # Word positions are those of the vocabulary, which reads the same tokens.
    start, end = coding.vocab.words.offsets
    first = coding.vocab.first_word[rows]
    stop = first + coding.vocab.lengths[rows]  # after the sentence's last word
    match_first, match_stop = m.start[order], m.end[order]
    left_from = start[np.maximum(match_first - window, first)].tolist()
    match_start = start[match_first].tolist()
    match_end = end[match_stop - 1].tolist()
    right_to = end[np.minimum(match_stop + window, stop) - 1].tolist()
    line_texts = [texts[row] for row in rows.tolist()]
    table = _term_phrases(tuple(coding.terms))
    return pd.DataFrame({
        "doc_id": sentences["doc_id"].to_numpy()[rows],
        "sentence_id": sentences["sentence_id"].to_numpy()[rows],
        "speaker": sentences["speaker"].to_numpy()[rows],
        "scheme": np.array([s.name for s, _ in coding.frames], dtype=object)[frame_number[order]],
        "frame": np.array([f.name for _, f in coding.frames], dtype=object)[frame_number[order]],
        "term": table.labels[(table.first_variant[m.term] + m.variant)[order]],
        "left": [t[a:b].strip() for t, a, b in zip(line_texts, left_from, match_start, strict=True)],
        "match": [t[a:b] for t, a, b in zip(line_texts, match_start, match_end, strict=True)],
        "right": [t[a:b].strip() for t, a, b in zip(line_texts, match_end, right_to, strict=True)],
    }, columns=KWIC_COLUMNS)

"""Entman's four framing functions: the sentences that best evidence each, per document (Entman 1993).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import yaml

from ...paths import read_yaml
from ...text.tokens import tokens as word_tokens
from .coding import _check_sentences, _code
from .dictionary import ENTMAN_EVIDENCE_PER_FUNCTION, ENTMAN_FUNCTIONS, Frame, Scheme, SchemeError, Term, _CUE_KEYS, _check_keys, _data_path, _parse_frames, _parse_term, _text


# ---------------------------------------------------------------------- Entman


@dataclass(frozen=True)
class EntmanCues:
    """Entman's four functions as cue patterns, with the topic a sentence must be about."""

    functions: tuple[Frame, ...]
    topic: tuple[Term, ...]
    selection: str
    path: str


@functools.lru_cache(maxsize=1)
def read_entman_cues() -> EntmanCues:
    """Read and validate ``analysis/data/entman_cues.yaml`` (the format of the scheme files).

    Raises
    ------
    SchemeError
        If the file is not valid, or does not define exactly Entman's four functions.
    """
    text, path = _data_path("entman_cues.yaml")
    try:
        data = read_yaml(text)
    except yaml.YAMLError as exc:
        raise SchemeError(f"{path}: not valid YAML: {exc}") from None
    data = _check_keys(data, _CUE_KEYS, path)
    functions = _parse_frames(data["frames"], "entman", "final", path)
    names = tuple(f.name for f in functions)
    if names != ENTMAN_FUNCTIONS:
        raise SchemeError(f"{path}: frames must be Entman's four functions {ENTMAN_FUNCTIONS}, in order; found {names}")
    if not isinstance(data["topic"], list) or not data["topic"]:
        raise SchemeError(f"{path}: topic must be a non-empty list of terms")
    topic = tuple(
        t for j, entry in enumerate(data["topic"])
        if (t := _parse_term(entry, "entman", "topic", "final", f"{path}: topic[{j}]")) is not None
    )
    return EntmanCues(functions, topic, _text(data["selection"], f"{path}: selection"), path)


def entman_table(sentences: pd.DataFrame, per_function: int = ENTMAN_EVIDENCE_PER_FUNCTION) -> pd.DataFrame:
    """Evidence for Entman's four frame functions in each document: quoted sentences, chosen by rule.

    Entman (1993, p. 52): frames "define problems", "diagnose causes", "make
    moral judgments" and "suggest remedies". Each function has cue patterns
    (``analysis/data/entman_cues.yaml``, with the reason for each). The rule:
    a sentence is evidence for a function when it matches one of the
    function's cues *and* one of the topic terms (it is about terrorism,
    extremism or security); per document and function, the ``per_function``
    sentences matching the most distinct cues are shown, earlier sentences
    first on ties. Cues find candidates for a reader to judge; they do not
    measure the functions.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, function, sentence_id, speaker, cues, text``: ``cues`` the
        cue words matched, as written. A document with no evidence for a
        function has one row with ``sentence_id`` missing, ``cues`` "no
        sentence matches" and an empty ``text``. Sorted by document, function
        (Entman's order) and rank.
    """
    _check_sentences(sentences)
    cues = read_entman_cues()
    topic_frame = Frame("topic", "topic", "-", "-", "-", cues.topic)
    pseudo = Scheme("entman", "Entman", "-", "entman1993", (*cues.functions, topic_frame), cues.path, "final")
    coding = _code(sentences, [pseudo])
    m = coding.matches.take(coding.counted)
    n = len(sentences)
    topic_number = len(cues.functions)
    on_topic = np.zeros(n, dtype=bool)
    on_topic[m.row[coding.frame_index[m.term] == topic_number]] = True
    texts = sentences["text"].tolist()
    cue_words: dict[tuple[int, int], list[str]] = {}
    toks: dict[int, list] = {}
    for i in np.lexsort((m.start, m.row)).tolist():
        f = int(coding.frame_index[m.term[i]])
        row = int(m.row[i])
        if f == topic_number or not on_topic[row]:
            continue
        if row not in toks:
            toks[row] = word_tokens(texts[row])
        first = int(coding.vocab.first_word[row])
        a, b = int(m.start[i]) - first, int(m.end[i]) - first
        written = texts[row][toks[row][a].start : toks[row][b - 1].end]
        found = cue_words.setdefault((row, f), [])
        if written.lower() not in (w.lower() for w in found):
            found.append(written)
    doc_ids = sentences["doc_id"].tolist()
    rows = []
    for doc_id in sorted(set(doc_ids)):
        doc_rows = [r for r in range(n) if doc_ids[r] == doc_id]
        for f, function in enumerate(cues.functions):
            candidates = [(-len(cue_words[(r, f)]), r) for r in doc_rows if (r, f) in cue_words]
            chosen = [r for _, r in sorted(candidates)[:per_function]]
            if not chosen:
                rows.append((doc_id, function.name, pd.NA, "", "no sentence matches", ""))
            for r in chosen:
                rows.append((doc_id, function.name, sentences["sentence_id"].iloc[r], sentences["speaker"].iloc[r],
                             ", ".join(cue_words[(r, f)]), texts[r]))
    table = pd.DataFrame(rows, columns=["doc_id", "function", "sentence_id", "speaker", "cues", "text"])
    table["sentence_id"] = table["sentence_id"].astype("Int64")
    return table

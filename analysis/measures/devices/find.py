"""The devices of every document, as one table, and their counts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ...text.sentences import sentence_texts
from ...text.words import Words
from .candidates import _candidates
from .detectors import _anaphora_epistrophe, _antitheses, _rhetorical_questions
from .lexicon import DEVICES, DEVICE_COLUMNS, REQUIRED_COLUMNS, rules
from .repetition import _repetitions
from .sentences import _Table
from .tricolon import _tricolons


# --- The table -----------------------------------------------------------------------------


def find_devices(sentences: pd.DataFrame, words: Words | None = None) -> pd.DataFrame:
    """Find the rhetorical devices of every document.

    Pure and per document: the devices of a document depend only on its own
    sentences, so documents can be searched in worker processes and the
    results concatenated.

    Parameters
    ----------
    sentences : pandas.DataFrame
        One row per sentence (:func:`analysis.text.sentences.sentence_table`), with
        at least ``doc_id, sentence_id, speaker, text``. If it also has the
        ``tokens`` column of :func:`analysis.text.counts.sentence_counts` (the
        lower-cased words joined by spaces), those words are used rather than
        tokenising the text again.
    words : analysis.text.words.Words, optional
        The sentences' words, in the table's order, if the caller has them
        (the pipeline makes them once per batch).

    Returns
    -------
    pandas.DataFrame
        One row per instance, columns:

        ``doc_id``, ``speaker``
            Where, and whose.
        ``device``
            One of :data:`DEVICES`.
        ``sentence_id``
            The instance's first sentence.
        ``sentences``
            The ids of all its sentences, space-separated (a repetition: the
            sentences it occurs in).
        ``length``
            Units of an anaphora or epistrophe, items of a list, occurrences
            of a repeated phrase; 2 for an antithesis, 1 for a question.
        ``pattern``
            What repeats or contrasts: the shared opening or ending, the list
            items separated by ``" | "``, the phrase's most frequent form,
            ``"not ... but"``.
        ``text``
            The instance as written: its sentences joined by ``" / "``, the
            list from its first item to its last, the phrase's forms.

        Sorted by ``doc_id``, ``sentence_id``, device (in :data:`DEVICES`
        order) and ``text``.

    Raises
    ------
    ValueError
        If a required column is missing, or a ``(doc_id, sentence_id)`` repeats.
    TypeError
        If a ``text`` value is not a string.

    References
    ----------
    Atkinson (1984) [atkinson1984]; Lanham (1991) [lanham1991]; Porter (2001) [porter2001].

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": "khan_speech_2016", "sentence_id": [23],
    ...     "speaker": "Sadiq Khan", "text": ["Extremists are exploiting the young, the vulnerable and the weak."]})
    >>> find_devices(table)[["device", "length", "text"]].values.tolist()
    [['tricolon', 3, 'the young, the vulnerable and the weak']]
    """
    texts = sentence_texts(sentences, REQUIRED_COLUMNS)
    doc_ids = list(map(str, sentences["doc_id"].tolist()))
    sentence_ids = list(map(int, sentences["sentence_id"].tolist()))
    order = _document_order(doc_ids, sentence_ids)
    r = rules()
    if words is None:
        words = Words.of(sentences)
    table = _Table(doc_ids, sentence_ids, list(map(str, sentences["speaker"].tolist())), texts, words, order, r)
    # Each detector goes through the documents in order; only instances of
    # one device in one sentence can tie in the sort below, and they keep the
    # order they are found in.
    candidates = _candidates(table, r)
    rows = [
        *_anaphora_epistrophe(table, r, candidates),
        *_tricolons(table, r, candidates),
        *_antitheses(table, r, candidates),
        *_rhetorical_questions(table),
        *_repetitions(table, r),
    ]
    rank = {d: i for i, d in enumerate(DEVICES)}
    # (doc_id, sentence_id, device, text): places 0, 3, 2 and 7 of a row (_Row).
    rows.sort(key=lambda row: (row[0], row[3], rank[row[2]], row[7]))
    if not rows:
        return pd.DataFrame(rows, columns=DEVICE_COLUMNS).astype({"sentence_id": np.int64, "length": np.int64})
    columns = dict(zip(DEVICE_COLUMNS, map(list, zip(*rows, strict=True)), strict=True))
    for c in ("sentence_id", "length"):
        columns[c] = np.array(columns[c], dtype=np.int64)
    return pd.DataFrame(columns)


def _document_order(doc_ids: list[str], sentence_ids: list[int]) -> list[int] | None:
    """The sentences' positions in document order: by document, then sentence id; None if they are in it.

    Sentences are in document order if each document's sentences are together
    and their ids increase (the documents themselves may come in any order:
    each is searched on its own and the result is sorted).

    Raises
    ------
    ValueError
        If a ``(doc_id, sentence_id)`` repeats.
    """
    n = len(doc_ids)
    changes = [i for i in range(1, n) if doc_ids[i] != doc_ids[i - 1]]
    if len(changes) + 1 == len(set(doc_ids)) or n == 0:
        ids = np.asarray(sentence_ids, dtype=np.int64)
        rising = ids[1:] > ids[:-1]
        rising[np.asarray(changes, dtype=np.int64) - 1] = True
        if rising.all():
            return None
    keys = list(zip(doc_ids, sentence_ids))
    if len(set(keys)) != n:
        raise ValueError("sentences table repeats a (doc_id, sentence_id)")
    return sorted(range(n), key=keys.__getitem__)


# --- Views for the book ------------------------------------------------------------------------


def device_counts(devices: pd.DataFrame, documents: Sequence[str] | None = None) -> pd.DataFrame:
    """Instances of each device per document: one row per document, one column per device.

    Parameters
    ----------
    devices : pandas.DataFrame
        From :func:`find_devices`.
    documents : sequence of str, optional
        Rows, in order (documents without a device get zeros); default the
        documents in ``devices``, sorted.
    """
    docs = list(documents) if documents is not None else sorted(devices["doc_id"].unique())
    counts = devices.groupby(["doc_id", "device"]).size().unstack(fill_value=0)
    counts = counts.reindex(index=docs, columns=list(DEVICES), fill_value=0)
    return counts.rename_axis(index="doc_id", columns=None).reset_index()

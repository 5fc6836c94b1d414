"""Validation of the frame dictionary against hand coding, and its leave-one-term-out stability.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .coding import _check_sentences, _code, _has_matrix
from .dictionary import HAND_CODED, SCHEME_NAMES, SENTENCE_KEYS, Scheme, schemes


# ---------------------------------------------------------------------- validation


def read_hand_coded(path: str | Path | None = None) -> pd.DataFrame:
    """Read a hand-coded fixture: ``#`` header lines, then ``doc_id, sentence_id, text, contest, pfc``.

    Parameters
    ----------
    path : str or Path, optional
        Default: the seed corpus's codes, :data:`HAND_CODED` in the repository.

    The frame columns hold frame names separated by ``;`` (empty: none). Only
    leading lines starting with ``#`` are the header, so a ``#`` inside a
    sentence (a URL's anchor) is text.
    """
    if path is None:
        from ...paths import repo_root

        path = repo_root() / HAND_CODED
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    body = "".join(lines[next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines)):])
    from io import StringIO

    table = pd.read_csv(StringIO(body), dtype=str, keep_default_na=False)
    missing = [c for c in ("doc_id", "sentence_id", "text", *SCHEME_NAMES) if c not in table.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {missing}")
    table["sentence_id"] = table["sentence_id"].astype(int)
    return table


def validate(coded: pd.DataFrame, hand: pd.DataFrame, sentences: pd.DataFrame | None = None,
             scheme_list: Sequence[Scheme] | None = None) -> pd.DataFrame:
    """Precision and recall of the dictionary against hand codes, per frame.

    Parameters
    ----------
    coded : pandas.DataFrame
        From :func:`code_sentences`.
    hand : pandas.DataFrame
        From :func:`read_hand_coded`: ``doc_id, sentence_id, text`` and a
        column per scheme of ``;``-separated frame names.
    sentences : pandas.DataFrame, optional
        The sentence table ``coded`` came from; if given, each hand-coded
        sentence's ``text`` must equal it, so that codes made for one sentence
        splitting are never scored against another.
    scheme_list : sequence of Scheme, optional
        Default: :func:`schemes`.

    Returns
    -------
    pandas.DataFrame
        One row per scheme and frame, then a row ``frame == "(all frames)"``
        per scheme pooling every frame's decisions (micro-average):
        ``scheme, frame, sentences`` (hand-coded), ``hand`` (sentences coded
        with the frame by hand), ``dictionary`` (by the dictionary),
        ``both``, ``precision`` (both / dictionary), ``recall`` (both / hand)
        and ``f1``; ``nan`` where a denominator is 0.

    Raises
    ------
    ValueError
        If a hand-coded sentence is not in ``coded``, its text differs, or a
        hand code names an unknown frame.
    """
    scheme_list = tuple(schemes() if scheme_list is None else scheme_list)
    keys = ["doc_id", "sentence_id"]
    merged = hand.merge(coded, on=keys, how="left", indicator=True, validate="one_to_one")
    absent = merged[merged["_merge"] != "both"]
    if len(absent):
        first = absent.iloc[0]
        raise ValueError(f"hand-coded sentence {first['doc_id']}:{first['sentence_id']} is not in the coded table")
    if sentences is not None:
        texts = hand.merge(sentences[keys + ["text"]], on=keys, how="left", suffixes=("", "_now"))
        differ = texts[texts["text"] != texts["text_now"]]
        if len(differ):
            first = differ.iloc[0]
            raise ValueError(
                f"hand-coded sentence {first['doc_id']}:{first['sentence_id']} reads {first['text']!r} "
                f"but the sentence table has {first['text_now']!r}: the codes belong to another sentence splitting"
            )
    rows = []
    for scheme in scheme_list:
        names = scheme.frame_names
        hand_sets = [set(filter(None, codes.split(";"))) for codes in merged[scheme.name]]
        unknown = sorted(set().union(*hand_sets) - set(names)) if hand_sets else []
        if unknown:
            raise ValueError(f"hand codes name unknown {scheme.name} frame(s): {', '.join(unknown)}")
        totals = np.zeros(3, dtype=np.int64)
        for frame in names:
            by_hand = np.array([frame in s for s in hand_sets], dtype=bool)
            by_dict = merged[f"has_{scheme.name}_{frame}"].to_numpy() == 1
            counts = np.array([by_hand.sum(), by_dict.sum(), (by_hand & by_dict).sum()])
            totals += counts
            rows.append(_scores(scheme.name, frame, len(merged), *counts))
        rows.append(_scores(scheme.name, "(all frames)", len(merged), *totals))
    return pd.DataFrame(rows)


def _scores(scheme: str, frame: str, sentences: int, hand: int, dictionary: int, both: int) -> dict:
    precision = both / dictionary if dictionary else float("nan")
    recall = both / hand if hand else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if dictionary and hand and (precision + recall) else float("nan")
    return {
        "scheme": scheme, "frame": frame, "sentences": int(sentences), "hand": int(hand),
        "dictionary": int(dictionary), "both": int(both), "precision": precision, "recall": recall, "f1": f1,
    }


def leave_one_out_stability(
    sentences: pd.DataFrame,
    by: str = "speaker",
    min_sentences: int = 1,
    scheme_list: Sequence[Scheme] | None = None,
) -> pd.DataFrame:
    """How each unit's rank on each frame moves when one indicator term at a time is left out.

    For every frame, units are ranked by share (1 = the highest; tied units
    share the best rank). Each term of the scheme is then left out in turn
    (all its variants), the sentences are coded again and the units ranked
    again. A term of another frame changes a frame's ranking only through the
    residual frame (``other``), which is carried when no named frame is.

    Parameters
    ----------
    sentences : pandas.DataFrame
        As for :func:`code_sentences` (with the ``by`` column).
    by : str, optional
        The unit column. Default ``"speaker"``.
    min_sentences : int, optional
        Rank only units with at least this many sentences (rankings of units
        of one or two sentences are mostly ties at 0 or 1). Default 1.
    scheme_list : sequence of Scheme, optional
        Default: :func:`schemes`.

    Returns
    -------
    pandas.DataFrame
        One row per scheme, frame and unit: ``scheme, frame, unit, share,
        rank`` (with every term), ``rank_best`` and ``rank_worst`` (over the
        leave-one-out codings), ``removals`` (terms whose removal could change
        the frame), ``moved`` (how many of them change the unit's rank) and
        ``decisive_term`` (the term whose removal moves the unit furthest,
        first in file order; empty when none moves it).
    """
    _check_sentences(sentences, (*SENTENCE_KEYS, "text", by))
    coding = _code(sentences, scheme_list)
    n = len(sentences)
    unit_codes, units = pd.factorize(sentences[by], sort=True)
    sizes = np.bincount(unit_codes, minlength=len(units))
    ranked = sizes >= min_sentences
    full = _has_matrix(coding, n)

    def ranks(has: np.ndarray, column: int) -> np.ndarray:
        share = np.bincount(unit_codes, weights=has[:, column], minlength=len(units)) / np.maximum(sizes, 1)
        values = pd.Series(np.where(ranked, share, np.nan))
        return values.rank(method="min", ascending=False).to_numpy()

    rows = []
    for f, (scheme, frame) in enumerate(coding.frames):
        in_scheme = [i for i, (s, _) in enumerate(coding.frames) if s is scheme]
        candidates = [t for t in range(len(coding.terms)) if coding.frame_index[t] == f
                      or (frame.residual and coding.frame_index[t] in in_scheme)]
        base = ranks(full, f)
        share = np.bincount(unit_codes, weights=full[:, f], minlength=len(units)) / np.maximum(sizes, 1)
        best, worst = base.copy(), base.copy()
        moved = np.zeros(len(units), dtype=np.int64)
        decisive = [""] * len(units)
        shift = np.zeros(len(units))
        for t in candidates:
            again = ranks(_has_matrix(coding, n, drop_term=t), f)
            best, worst = np.fmin(best, again), np.fmax(worst, again)
            change = np.abs(again - base)
            moved += (change > 0).astype(np.int64)
            for u in np.flatnonzero(change > shift):
                decisive[u], shift[u] = coding.terms[t].label, change[u]
        for u in np.flatnonzero(ranked):
            rows.append({
                "scheme": scheme.name, "frame": frame.name, "unit": units[u], "share": float(share[u]),
                "rank": int(base[u]), "rank_best": int(best[u]), "rank_worst": int(worst[u]),
                "removals": len(candidates), "moved": int(moved[u]), "decisive_term": decisive[u],
            })
    return pd.DataFrame(rows)

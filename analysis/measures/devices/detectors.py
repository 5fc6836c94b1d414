"""Anaphora and epistrophe, antithesis, and rhetorical questions.
"""

from __future__ import annotations



from .candidates import _Candidates, _Stretch, _WholeSentences, _clauses, _row
from .lexicon import Rules, UNIT_SEPARATOR, _MAY_HAVE_ANTITHESIS, _ONE_HAND, _QUESTION_END, _Row
from .sentences import _Table, _runs


def _anaphora_epistrophe(table: _Table, r: Rules, candidates: _Candidates) -> list[_Row]:
    rows = []
    for first_sentence, stop_sentence, opening, ending in candidates.stretches:
        stretch = _Stretch(table, first_sentence, stop_sentence)
        spans = _WholeSentences(stretch)
        for first, stop, shared in _runs(spans, r, False, stretch, groups=opening):
            units = [stretch[u] for u in range(first, stop)]
            rows.append(_row(units[0], "anaphora", [s.sentence_id for s in units], stop - first, " ".join(shared),
                             UNIT_SEPARATOR.join(s.text for s in units)))
        for first, stop, shared in _runs(spans, r, True, groups=ending):
            units = [stretch[u] for u in range(first, stop)]
            rows.append(_row(units[0], "epistrophe", [s.sentence_id for s in units], stop - first,
                             " ".join(shared[::-1]), UNIT_SEPARATOR.join(s.text for s in units)))
    for i, opening, ending in candidates.clause_runs:
        sentence = table.sentence(i)
        clauses = [(sentence, a, b) for a, b in _clauses(sentence)]
        for device, is_ending, groups in (("anaphora", False, opening), ("epistrophe", True, ending)):
            for first, stop, shared in _runs(clauses, r, is_ending, groups=groups):
                pattern = " ".join(shared[::-1] if is_ending else shared)
                rows.append(_row(sentence, device, [sentence.sentence_id], stop - first, pattern, sentence.text))
    return rows


# --- Antithesis and rhetorical questions ---------------------------------------------------------


def _antitheses(table: _Table, r: Rules, candidates: _Candidates) -> list[_Row]:
    rows = []
    rule = r.antithesis
    for index in candidates.contrasts:
        if not _MAY_HAVE_ANTITHESIS.search(table.texts[index]):
            continue
        sentence = table.sentence(index)
        if _ONE_HAND.search(sentence.text):
            rows.append(_row(sentence, "antithesis", [sentence.sentence_id], 2, "on the one hand ... on the other",
                             sentence.text))
            continue
        lower = sentence.lowers
        for k, word in enumerate(lower):
            if word != "not" or k + 1 >= len(lower):
                continue
            if lower[k + 1] in rule["excluded_after_not"] or (k > 0 and lower[k - 1] in rule["clausal_auxiliaries"]):
                continue
            window = lower[k + 2 : k + 2 + rule["max_gap_words"]]
            if "but" not in window:
                continue
            m = k + 2 + window.index("but")
            if m + 1 >= len(lower) or lower[m + 1] in rule["excluded_after_but"] or lower[m + 1] in rule["subject_pronouns"]:
                continue
            rows.append(_row(sentence, "antithesis", [sentence.sentence_id], 2, "not ... but", sentence.text))
            break
    return rows


def _rhetorical_questions(table: _Table) -> list[_Row]:
    rows = []
    for index, text in enumerate(table.texts):
        if "?" not in text or not _QUESTION_END.search(text):
            continue
        following = index + 1 if index + 1 < len(table) and table.doc_ids[index + 1] == table.doc_ids[index] else None
        if following is None or table.speakers[following] == table.speakers[index]:
            rows.append(table.row(index, "rhetorical_question", [table.sentence_ids[index]], 1, "?", text))
    return rows

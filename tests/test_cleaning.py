"""Cleaning: declared rules, each checked on the seed text that motivated it."""

import re

import pytest

from analysis.cleaning import clean_text, read_rules, unwrap_breaks
from analysis.corpus import CorpusError, read_text
from analysis.segments import normalise_whitespace

from .seed_corpus import SEEDS, inputs, tables

# Text that must never reach the analysed text, with the document it sits in.
RESIDUE = [
    ("memo_2017", "clear"),
    ("memo_2017", "Creating new perspectives since 2009"),
    ("memo_2017", "[Ray Tang/Anadolu Agency]"),
    ("memo_2017", "Sadiq Khanc"),
    ("memo_2017", "Read:"),
    ("memo_2017", "Britain, France to join forces to combat online extremism"),
    ("pa_2024", "(Yui Mok/PA)"),
    ("pa_2024", "The Government has said mayor of London Sadiq Khan should hold"),
    ("stewart_2020", "Share this page"),
    ("stewart_2020", "Share Tweet"),
    ("khan_speech_2016", "cookies"),
    ("khan_speech_2016", "privacy notice"),
    ("khan_speech_2016", "One Great George Street"),
]


def cleaned(doc_id):
    corpus = inputs().corpus
    doc = corpus.document(doc_id)
    return clean_text(doc, read_text(doc), inputs().rules)


@pytest.mark.parametrize(("doc_id", "residue"), RESIDUE)
def test_web_residue_never_reaches_analysed_text(doc_id, residue):
    segments = tables()["segments"]
    text = " ".join(segments.loc[segments["doc_id"] == doc_id, "text"])
    pattern = rf"\b{re.escape(residue)}\b" if residue[0].isalnum() and residue[-1].isalnum() else re.escape(residue)
    assert not re.search(pattern, text)


def test_every_declared_rule_changes_something_in_the_seeds():
    audit = tables()["cleaning"]
    assert set(audit["rule"]) == {r.id for r in inputs().rules}


def test_repeated_title_keeps_the_first_copy_only():
    text = cleaned("stewart_2020").text
    assert text.count("My plan to counter terrorism and make London safer") == 1
    assert text.startswith("My plan to counter terrorism and make London safer\n")


def test_broken_paragraph_in_stewart_is_joined():
    text = normalise_whitespace(cleaned("stewart_2020").text)
    assert "a single specialist case officer would be assigned to each terrorist" in text


def test_hard_wrapped_press_release_is_unwrapped_into_its_paragraphs():
    lines = [line for line in cleaned("cityhall_2017").text.split("\n") if line.strip()]
    assert "The Mayor of London, today (Wednesday 20 December) unveils an ambitious new work programme" in lines[6]
    assert lines[5] == (
        "Working to strengthen communities, safeguard the vulnerable and stop the spread of violent "
        "extremist ideologies with a London-specific tool-kit"
    )
    assert lines[3] == (
        "Consulting with experts, local authorities and communities from early 2018 to drive forward "
        "urgent improvements across London"
    )
    # The Mayor's three-paragraph quote keeps its paragraphs, each opened with a straight quote.
    assert sum(line.startswith("'") for line in lines) == 2
    assert "ENDS" in lines and "Notes to editors:" in lines


def test_unwrap_keeps_sentence_ends_and_joins_wraps():
    text = "The programme, which will begin at City Hall early next year and\nrun throughout 2018.\nSadiq is determined"
    assert unwrap_breaks(text) == [text.index("\nrun")]


def test_lost_dash_is_restored_and_apostrophes_are_kept():
    text = cleaned("cityhall_2017").text
    assert "violent extremism \u2013 from both the far-right" in text
    assert "already in place \u2013 and more are in train" in text
    assert "counter-terrorism strategy \u2013 CONTEST" in text
    assert "we can't escape" in text and "London's minority" in text


def test_offsets_trace_every_segment_back_to_the_raw_text():
    segments = tables()["segments"]
    for doc_id, group in segments.groupby("doc_id"):
        doc = inputs().corpus.document(doc_id)
        raw = read_text(doc)
        for row in group.itertuples():
            source = raw[row.char_start : row.char_end].replace(" ' ", " \u2013 ").replace(" '\n", " \u2013\n")
            assert normalise_whitespace(source) == row.text


def test_rules_file_errors_name_the_file_and_rule(tmp_path):
    import shutil

    corpus_dir = tmp_path / "c"
    shutil.copytree(SEEDS, corpus_dir)
    (corpus_dir / "cleaning.yaml").write_text(
        "rules:\n  - id: bad\n    action: remove\n    pattern: '('\n    reason: broken\n"
        "  - id: other\n    action: explode\n    reason: no such action\n",
        encoding="utf-8",
    )
    from analysis.corpus import read_corpus

    with pytest.raises(CorpusError) as info:
        read_rules(read_corpus(corpus_dir))
    message = str(info.value)
    assert "cleaning.yaml rule bad: invalid pattern" in message
    assert "cleaning.yaml rule other: unknown action 'explode'" in message

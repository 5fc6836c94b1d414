"""What the book shows: escaped text, plain numbers for glue, deterministic figures."""

import numpy as np
import pandas as pd
import pytest

from analysis import book, measure_tables
from analysis.book import figures

from .seed_corpus import tables


def test_tables_are_shown_escaped_in_full_without_index():
    table = pd.DataFrame({"text": ["<script>alert(1)</script> " + "x" * 200], "n": [1.5]})
    markup = book.show(table)._repr_html_()
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert "x" * 200 in markup  # not truncated
    assert "<th>0</th>" not in markup  # no index column


def test_marked_document_escapes_corpus_text():
    segments = pd.DataFrame(
        {
            "doc_id": ["d", "d"],
            "segment_id": [1, 2],
            "speaker": ["Outlet", "A & B"],
            "kind": ["narration", "quote"],
            "text": ["Said <b>this</b>:", "We & they"],
            "paragraph": [1, 1],
        }
    )
    markup = book.marked_document(segments, "d")._repr_html_()
    assert "&lt;b&gt;this&lt;/b&gt;" in markup and "We &amp; they" in markup and "[A &amp; B]" in markup


def test_marked_document_colours_partial_quotes_and_repeats_as_their_speakers_words_with_a_legend():
    segments = pd.DataFrame(
        {
            "doc_id": "d",
            "segment_id": [1, 2, 3, 4, 5],
            "speaker": ["Outlet", "A <i>", "Outlet", "A <i>", "A <i>"],
            "kind": ["narration", "partial", "narration", "quote", "repeat"],
            "text": ["A spokesman said it was", "concerning", ". He added:", "It was wrong.", "It was wrong."],
            "paragraph": [1, 1, 1, 2, 3],
        }
    )
    markup = book.marked_document(segments, "d")._repr_html_()
    colour = figures.speaker_colours(["A <i>"])["A <i>"]
    assert f'class="marked-partial" style="border-bottom:3px dotted {colour}"' in markup
    assert f'class="marked-quote" style="border-bottom:3px solid {colour}"' in markup
    assert f'class="marked-repeat" style="border-bottom:3px dashed {colour}"' in markup
    assert "[A &lt;i&gt;, partial quote]</span> \u201cconcerning\u201d" in markup
    assert "[A &lt;i&gt;, repeated]</span> It was wrong." in markup  # never quoted in the text: no marks
    legend = markup[markup.index('class="marked-legend"'):markup.index("</p>")]
    assert "dotted underline" in legend and "dashed underline" in legend and "solid underline" in legend
    assert "<i>" not in markup


def test_marked_document_refuses_a_kind_it_does_not_know():
    segments = pd.DataFrame({"doc_id": "d", "segment_id": [1], "speaker": ["A"], "kind": ["aside"],
                             "text": ["x"], "paragraph": [1]})
    with pytest.raises(ValueError, match="aside"):
        book.marked_document(segments, "d")


def test_quoted_share_counts_partial_quotes_as_quoted_and_a_repeat_once():
    tables = {
        "documents": pd.DataFrame({"doc_id": ["d"], "date": ["2024-04-20"], "words_raw": [10],
                                   "words_analysed": [6]}),
        "segments": pd.DataFrame({
            "doc_id": "d", "segment_id": [1, 2, 3, 4], "speaker": ["Outlet", "A", "B", "A"],
            "kind": ["narration", "quote", "partial", "repeat"],
            "text": ["one two three four", "five six", "seven eight", "five six"],
        }),
        "quotes": pd.DataFrame({"speaker": ["A", "B"], "scare": [False, False]}),
        "cleaning": pd.DataFrame({"action": ["keep"], "rule": ["r"], "char_start": [0], "char_end": [0]}),
    }
    numbers = book.corpus_numbers(tables)
    # quoted: the quotation's 2 words and the partial quote's 2, of 8 (the repeat's 2 counted once, in the quotation)
    assert numbers["quoted_share"] == 50.0
    assert numbers["n_quoted_speakers"] == 2 and numbers["n_partial_quotes"] == 1 and numbers["n_repeats"] == 1


def test_glued_numbers_are_plain_python_values():
    numbers = book.corpus_numbers(tables()) | book.readability_numbers(
        measure_tables(tables())["readability"],
        pd.DataFrame({"unit": ["a"], "x: y": [1], "spread": [0]}),
        1000,
    )
    for key, value in numbers.items():
        assert type(value) in (int, float, str), key


def test_glue_refuses_numpy_scalars():
    with pytest.raises(TypeError, match="plain Python"):
        book.glue_numbers({"x": np.float64(1.0)})


def test_corpus_numbers_match_the_tables():
    numbers = book.corpus_numbers(tables())
    assert numbers["n_documents"] == 5
    assert numbers["words_analysed"] == int(tables()["documents"]["words_analysed"].sum())
    assert numbers["n_unattributed"] == 0


def test_figures_render_to_identical_png_bytes_twice():
    words = book.words_by_speaker(tables()["segments"], tables()["documents"])
    first = figures.to_png(figures.words_by_speaker(words))
    second = figures.to_png(figures.words_by_speaker(words))
    assert first == second and first.startswith(b"\x89PNG")


def test_flesch_decomposition_adds_up_to_the_score():
    readability = measure_tables(tables())["readability"]
    table = book.flesch_decomposition(readability, "document")
    total = table["base"] + table["sentence-length penalty"] + table["word-length penalty"]
    assert np.allclose(total, table["Flesch Reading Ease"], atol=0.15)

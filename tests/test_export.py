"""The export: one command, tidy tables, all or nothing."""

import csv
from pathlib import Path

import numpy as np
import pytest

from analysis import EXPORTED, export, pipeline
from analysis.output import export as export_module
from analysis.cli import main
import pandas as pd

from analysis.pipeline import DOCUMENT_COLUMNS
from analysis.output.outdir import MARKER
from analysis.corpus.segments import SEGMENT_COLUMNS

from .seed_corpus import SEEDS


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_export_writes_documents_and_segments_with_the_documented_columns(tmp_path):
    out = tmp_path / "out"
    assert main(["export", "--corpus", str(SEEDS), "--out", str(out), "--quiet"]) == 0
    documents = read(out / "documents.csv")
    segments = read(out / "segments.csv")
    assert list(documents[0]) == DOCUMENT_COLUMNS
    assert list(segments[0]) == SEGMENT_COLUMNS
    assert sorted(d["doc_id"] for d in documents) == [d["doc_id"] for d in documents]
    assert {s["doc_id"] for s in segments} == {d["doc_id"] for d in documents}
    assert {s["kind"] for s in segments} == {"speech", "narration", "quote", "partial", "repeat"}
    for d in documents:
        assert int(d["words_analysed"]) <= int(d["words_raw"])


def test_export_is_deterministic_and_independent_of_jobs(tmp_path, monkeypatch):
    export(SEEDS, tmp_path / "a", jobs=1)
    # Batches of one document each, so two workers really split the corpus.
    monkeypatch.setattr(pipeline, "BATCH_WORDS", 1)
    export(SEEDS, tmp_path / "b", jobs=2)
    for name in EXPORTED:
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == (tmp_path / "b" / f"{name}.csv").read_bytes(), name


def test_measures_computed_per_batch_equal_the_whole_corpus_functions(monkeypatch):
    """The export scores documents batch by batch; the chapters call the whole-corpus functions."""
    from analysis.measures import devices, frames, keyness, rhetoric
    from analysis import sentence_counts
    from analysis import readability_table
    from analysis import sentence_table

    monkeypatch.setattr(pipeline, "BATCH_WORDS", 1)
    tables = pipeline.corpus_tables(pipeline.load(SEEDS))
    measures = pipeline.measure_tables(tables)
    counts = sentence_counts(sentence_table(tables["segments"]))
    pd.testing.assert_frame_equal(measures["readability"], readability_table(counts))
    pd.testing.assert_frame_equal(measures["rhetoric"], rhetoric.rhetoric_table(rhetoric.sentence_features(counts)))
    pd.testing.assert_frame_equal(measures["frames"], frames.frames_table(frames.code_sentences(counts)))
    pd.testing.assert_frame_equal(measures["keyness"], keyness.textstat_keyness(keyness.term_counts(counts)))
    whole = devices.find_devices(counts).sort_values(["doc_id", "sentence_id"], kind="stable", ignore_index=True)
    pd.testing.assert_frame_equal(tables["devices"].reset_index(drop=True), whole)


def test_failed_export_leaves_no_output(tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export_module.pd.DataFrame, "to_csv", fail)
    with pytest.raises(RuntimeError):
        export(SEEDS, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_failed_export_keeps_the_previous_output(tmp_path, monkeypatch):
    out = tmp_path / "out"
    export(SEEDS, out)
    before = (out / "segments.csv").read_bytes()
    monkeypatch.setattr(export_module.pd.DataFrame, "to_csv", lambda *a, **k: (_ for _ in ()).throw(OSError("x")))
    with pytest.raises(OSError):
        export(SEEDS, out)
    assert (out / "segments.csv").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_export_runs_on_another_corpus_in_the_manifest_format(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"t{i}.txt").write_text(
            f"Headline {i}\n\nThe minister said: \u201cWe will protect the public, every day.\u201d\n\n"
            "The paper's view is different.\n",
            encoding="utf-8",
        )
    (corpus / "manifest.csv").write_text(
        "doc_id,file,title,date,genre,author\n"
        + "".join(f"d{i},t{i}.txt,Headline {i},2021-0{i + 1},news,The Paper\n" for i in range(3)),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["export", "--corpus", str(corpus), "--out", str(out), "--quiet"]) == 0
    segments = read(out / "segments.csv")
    quotes = [s for s in segments if s["kind"] == "quote"]
    assert len(quotes) == 3 and {q["speaker"] for q in quotes} == {"The minister"}
    assert {s["speaker"] for s in segments if s["kind"] == "narration"} == {"The Paper"}


def test_help_explains_every_command(capsys):
    for argv in (["--help"], ["export", "--help"], ["validate", "--help"]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 0
    text = capsys.readouterr().out
    for word in ("export", "validate", "--corpus", "--out", "--jobs", "manifest.csv"):
        assert word in text


def test_validate_reports_a_valid_corpus(capsys):
    assert main(["validate", "--corpus", str(SEEDS)]) == 0
    assert "valid" in capsys.readouterr().out


def test_default_corpus_is_the_books_seeds(tmp_path, monkeypatch):
    monkeypatch.chdir(SEEDS.parent / "chapters")
    out = tmp_path / "out"
    assert main(["export", "--out", str(out), "--quiet"]) == 0
    assert len(read(out / "documents.csv")) == 5


def test_readability_by_genre_and_by_speaker_within_document():
    """The by= groups the issue names: speaker, document, genre, speaker within document."""
    from analysis import textstat_readability

    tables = pipeline.corpus_tables(pipeline.load(SEEDS))
    counts = tables["counts"].merge(tables["documents"][["doc_id", "genre"]], on="doc_id")
    by_genre = textstat_readability(counts, by="genre", n_boot=50)
    assert list(by_genre["genre"]) == ["campaign_page", "news", "press_release", "speech"]
    assert by_genre["words"].sum() == counts["words"].sum()
    within = textstat_readability(counts, by=["doc_id", "speaker"], n_boot=50)
    khan = within[within["speaker"] == "Sadiq Khan"]
    assert set(khan["doc_id"]) == {"khan_speech_2016", "memo_2017", "cityhall_2017"}


def test_unit_measures_refuse_tables_of_other_sentences():
    from analysis.measures import frames, rhetoric
    from analysis import sentence_counts
    from analysis import sentence_table

    tables = pipeline.corpus_tables(pipeline.load(SEEDS))
    counts = sentence_counts(sentence_table(tables["segments"]))
    features = rhetoric.sentence_features(counts)
    coded = frames.code_sentences(counts)
    with pytest.raises(ValueError, match="features table does not hold the sentences"):
        pipeline.unit_measures(counts, features.iloc[::-1], coded, "document", n_boot=10)
    with pytest.raises(ValueError, match="coded table does not hold the sentences"):
        pipeline.unit_measures(counts, features, coded.iloc[1:], "document", n_boot=10)
    with pytest.raises(ValueError, match="unit_type"):
        pipeline.unit_measures(counts, features, coded, "outlet", n_boot=10)


def test_streamed_tables_equal_the_tables_in_memory(tmp_path, monkeypatch):
    """The export's workers write the per-document tables batch by batch; the chapters hold them whole."""
    monkeypatch.setattr(pipeline, "BATCH_WORDS", 1)  # one part per document
    export(SEEDS, tmp_path / "out", jobs=2)
    tables = pipeline.corpus_tables(pipeline.load(SEEDS))
    for name, columns in export_module.STREAMED.items():
        whole = tables[name][columns].to_csv(index=False, lineterminator="\n").encode("utf-8")
        assert (tmp_path / "out" / f"{name}.csv").read_bytes() == whole, name
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([MARKER, *(f"{name}.csv" for name in EXPORTED), "datapackage.json"])


def _measure_csv(table: pd.DataFrame, name: str) -> bytes:
    return export_module._exported_columns(table, name).to_csv(index=False, lineterminator="\n").encode("utf-8")


def test_document_rows_written_by_the_workers_follow_the_speaker_rows(tmp_path, monkeypatch):
    """readability, rhetoric and frames: speaker rows from the main process, document rows from the workers."""
    monkeypatch.setattr(pipeline, "BATCH_WORDS", 1)  # one part per document
    joined = []
    real_join = export_module._join_parts
    monkeypatch.setattr(export_module, "_join_parts", lambda folder, name, *rest: (joined.append(name),
                                                                                 real_join(folder, name, *rest)))
    export(SEEDS, tmp_path / "out", jobs=2)
    assert set(export_module.DOCUMENT_ROWS.values()) <= set(joined)
    measures = pipeline.measure_tables(pipeline.corpus_tables(pipeline.load(SEEDS)))
    for name in export_module.DOCUMENT_ROWS.values():
        assert (tmp_path / "out" / f"{name}.csv").read_bytes() == _measure_csv(measures[name], name), name
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([MARKER, *(f"{name}.csv" for name in EXPORTED), "datapackage.json"])


def test_document_rows_of_other_types_are_written_whole(tmp_path, monkeypatch):
    """If batches give a column different types, their parts would not read as one table: the main process
    writes the whole table instead, and no part is left behind."""
    monkeypatch.setattr(pipeline, "BATCH_WORDS", 1)
    real_process = pipeline._process_documents

    def process(docs, *args):
        tables, words = real_process(docs, *args)
        if docs[0].doc_id == "memo_2017":  # one batch writes word counts as floats
            tables["readability_documents"]["words"] = tables["readability_documents"]["words"].astype(float)
        return tables, words

    monkeypatch.setattr(pipeline, "_process_documents", process)
    export(SEEDS, tmp_path / "out", jobs=1)
    measures = pipeline.measure_tables(pipeline.corpus_tables(pipeline.load(SEEDS)))
    written = (tmp_path / "out" / "readability.csv").read_bytes()
    assert written == _measure_csv(measures["readability"], "readability")
    assert b",memo_2017," in written and measures["readability"]["words"].dtype == float
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([MARKER, *(f"{name}.csv" for name in EXPORTED), "datapackage.json"])


def test_unit_measures_check_the_words_they_are_given():
    from analysis.measures import frames, rhetoric
    from analysis import sentence_counts
    from analysis import sentence_table

    counts = sentence_counts(sentence_table(pipeline.corpus_tables(pipeline.load(SEEDS))["segments"]))
    features = rhetoric.sentence_features(counts)
    coded = frames.code_sentences(counts)
    for column in ("tokens", "words"):
        with pytest.raises(ValueError, match=f"lacks column.*{column}"):
            pipeline.unit_measures(counts.drop(columns=column), features, coded, "document", n_boot=10)
    shifted = counts.assign(tokens=counts["tokens"].shift(1, fill_value=""))
    with pytest.raises(ValueError, match="tokens column does not match"):
        pipeline.unit_measures(shifted, features, coded, "document", n_boot=10)


def test_speaker_rows_of_other_types_than_the_document_rows_are_written_whole(tmp_path, monkeypatch):
    """The parts follow the speaker rows only if both have the same columns and types."""
    real = export_module.speaker_measures

    def speakers(*args, **kwargs):
        measures = real(*args, **kwargs)
        measures["readability"]["words"] = measures["readability"]["words"].astype(float)
        return measures

    monkeypatch.setattr(export_module, "speaker_measures", speakers)
    export(SEEDS, tmp_path / "out", jobs=1)
    tables = pipeline.corpus_tables(pipeline.load(SEEDS))
    whole = pipeline.joined_measures(speakers(tables, 1000, 0, 1, None), tables)["readability"]
    written = (tmp_path / "out" / "readability.csv").read_bytes()
    assert written == _measure_csv(whole, "readability")
    assert whole["words"].dtype == float  # so every document row reads "... .0", not as its part was written
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([MARKER, *(f"{name}.csv" for name in EXPORTED), "datapackage.json"])


def test_words_of_rows_and_batch_codes_renumbered_together():
    ids = np.array([10, 11, 12, 20, 30, 31])  # three sentences of 3, 1 and 2 words
    lengths = np.array([3, 1, 2])
    assert pipeline.words_of_rows(ids, lengths, np.array([2, 0])).tolist() == [30, 31, 10, 11, 12]
    assert pipeline.words_of_rows(ids, lengths, np.array([], dtype=np.int64)).tolist() == []
    batches = [{"token_types": ("a", "b"), "token_codes": np.array([1, 0, 1])},
               {"token_types": (), "token_codes": np.zeros(0, dtype=np.int64)},
               {"token_types": ("b", "c"), "token_codes": np.array([0, 1])}]
    codes = pipeline._renumbered_codes(batches)
    words = ["b", "a", "b", "b", "c"]
    assert [codes[i] == codes[j] for i in range(5) for j in range(5)] == [
        words[i] == words[j] for i in range(5) for j in range(5)]


def test_batches_are_in_order_of_about_equal_size_and_a_whole_number_per_worker(tmp_path, monkeypatch):
    from types import SimpleNamespace

    docs = []
    for i in range(24):
        path = tmp_path / f"{i:02d}.txt"
        path.write_text("word " * (100 if i % 3 else 160), encoding="utf-8")  # uneven sizes
        docs.append(SimpleNamespace(path=path))
    monkeypatch.setattr(pipeline, "BATCH_WORDS", 10**6)
    for jobs, expected in ((1, 1), (2, 8), (3, 12)):
        batches = pipeline._batches(docs, jobs)
        assert [d for batch in batches for d in batch] == docs
        assert len(batches) == expected
        sizes = [sum(d.path.stat().st_size for d in batch) for batch in batches]
        assert max(sizes) - min(sizes) <= 800 * 2  # within two documents' size
    monkeypatch.setattr(pipeline, "BATCH_WORDS", 150)  # a document or two each: more batches than 8
    batches = pipeline._batches(docs, 2)
    assert len(batches) % 2 == 0 and len(batches) > 8
    assert [d for batch in batches for d in batch] == docs


# --- Unattributed words and corpora of any shape ---------------------------------------------------------


def _corpus(folder: Path, texts: dict[str, tuple[str, str, str]]) -> Path:
    """A corpus folder: ``doc_id -> (genre, author, text)``, in the manifest format."""
    folder.mkdir()
    lines = ["doc_id,file,title,date,genre,author"]
    for i, (doc_id, (genre, author, text)) in enumerate(sorted(texts.items())):
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        lines.append(f"{doc_id},{doc_id}.txt,Title {i},2021-0{i + 1},{genre},{author}")
    (folder / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


# The second quotation has no attribution clause, no colon before it and no speaker named in its
# sentence: no rule attributes it.
UNATTRIBUTABLE = (
    "Headline\n\nThe minister said: \u201cWe will protect the public, every single day of the year.\u201d\n\n"
    "The paper's view is different. Crime fell last year in the city.\n\n"
    "\u201cNobody in this city will ever be safe while these plans go ahead unchallenged.\u201d\n\n"
    "The council meets again next week to decide on the plans.\n"
)


def _export_log(corpus: Path, out: Path, **kwargs) -> list[str]:
    lines: list[str] = []
    export(corpus, out, log=lines.append, **kwargs)
    return lines


def test_unattributed_words_are_in_their_document_rows_and_in_no_speaker_rows(tmp_path, monkeypatch):
    from analysis import UNATTRIBUTED

    corpus = _corpus(tmp_path / "corpus", {
        "d1": ("news", "The Paper", UNATTRIBUTABLE),
        "d2": ("speech", "Sadiq Khan", "I will keep London safe. We will never give in. I will act.\n"),
    })
    lines = _export_log(corpus, tmp_path / "out")
    out = tmp_path / "out"
    quotes = read(out / "quotes.csv")
    unattributed = [q for q in quotes if q["speaker"] == UNATTRIBUTED]
    assert len(unattributed) == 1 and unattributed[0]["text"].startswith("Nobody")
    assert UNATTRIBUTED in {s["speaker"] for s in read(out / "segments.csv")}
    # Not a unit of any measure table, nor a target of keyness.
    for name in ("readability", "rhetoric", "frames"):
        rows = read(out / f"{name}.csv")
        assert UNATTRIBUTED not in {r["unit"] for r in rows}, name
        assert {r["unit"] for r in rows if r["unit_type"] == "document"} == {"d1", "d2"}, name
    assert UNATTRIBUTED not in {r["target"] for r in read(out / "keyness.csv")}
    # Counted in its document: the document rows hold every analysed word, the speaker rows all but these.
    documents = {d["doc_id"]: d for d in read(out / "documents.csv")}
    words = int(documents["d1"]["words_unattributed"])
    # "Nobody in this city will ever be safe while these plans go ahead unchallenged": 14 words.
    assert words == 14 == int(unattributed[0]["words"]) and documents["d2"]["words_unattributed"] == "0"
    readability = read(out / "readability.csv")
    by_document = {r["unit"]: int(r["words"]) for r in readability if r["unit_type"] == "document"}
    by_speaker = sum(int(r["words"]) for r in readability if r["unit_type"] == "speaker")
    assert by_document == {d: int(documents[d]["words_analysed"]) for d in documents}
    assert by_speaker == sum(by_document.values()) - words
    assert f"unattributed: {words} words in 1 quotations, left out of the speaker rows" in lines
    # The workers' per-batch speaker groups give the same tables as one process.
    monkeypatch.setattr(pipeline, "BATCH_WORDS", 1)
    export(corpus, tmp_path / "two", jobs=2)
    for name in EXPORTED:
        assert (out / f"{name}.csv").read_bytes() == (tmp_path / "two" / f"{name}.csv").read_bytes(), name


def test_the_chapters_functions_leave_out_unattributed_words_as_the_export_does(tmp_path):
    from analysis.measures import frames, keyness, rhetoric
    from analysis import sentence_counts
    from analysis import readability_table
    from analysis import UNATTRIBUTED
    from analysis import sentence_table

    corpus = _corpus(tmp_path / "corpus", {
        "d1": ("news", "The Paper", UNATTRIBUTABLE),
        "d2": ("speech", "Sadiq Khan", "I will keep London safe. We will never give in. I will act.\n"),
    })
    tables = pipeline.corpus_tables(pipeline.load(corpus), n_boot=50)
    measures = pipeline.measure_tables(tables, n_boot=50)
    counts = sentence_counts(sentence_table(tables["segments"]))
    assert UNATTRIBUTED in set(counts["speaker"])
    pd.testing.assert_frame_equal(measures["readability"], readability_table(counts, n_boot=50))
    features = rhetoric.sentence_features(counts)
    pd.testing.assert_frame_equal(measures["rhetoric"], rhetoric.rhetoric_table(features, n_boot=50))
    pd.testing.assert_frame_equal(measures["frames"], frames.frames_table(frames.code_sentences(counts), n_boot=50))
    pd.testing.assert_frame_equal(measures["keyness"], keyness.textstat_keyness(keyness.term_counts(counts)))


def test_the_seeds_have_no_unattributed_words(tmp_path):
    lines = _export_log(SEEDS, tmp_path / "out", n_boot=20)
    assert {d["words_unattributed"] for d in read(tmp_path / "out" / "documents.csv")} == {"0"}
    assert "unattributed: 0 words in 0 quotations, left out of the speaker rows" in lines


@pytest.mark.parametrize(
    "texts",
    [
        # One speaker in two documents: every table but keyness, which needs a reference.
        {"d1": ("speech", "Sadiq Khan", "I will keep London safe. We will never give in.\n"),
         "d2": ("speech", "Sadiq Khan", "I will act. London is safe and it will stay safe.\n")},
        # One document, one voice.
        {"d1": ("speech", "Sadiq Khan", "I will keep London safe. We will never give in.\n")},
    ],
    ids=["one speaker", "one document"],
)
def test_a_corpus_of_one_speaker_exports_every_table_and_says_keyness_has_no_rows(tmp_path, texts):
    from analysis import KEYNESS_COLUMNS

    corpus = _corpus(tmp_path / "corpus", texts)
    out = tmp_path / "out"
    lines = _export_log(corpus, out, n_boot=20)
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, *(f"{name}.csv" for name in EXPORTED), "datapackage.json"])
    assert (out / "keyness.csv").read_text(encoding="utf-8") == ",".join(KEYNESS_COLUMNS) + "\n"
    why = "keyness needs at least two speakers, a target and a reference: the corpus has 1"
    assert f"keyness.csv: no rows: {why}" in lines
    assert {r["unit"] for r in read(out / "readability.csv") if r["unit_type"] == "speaker"} == {"Sadiq Khan"}
    assert {r["unit"] for r in read(out / "readability.csv") if r["unit_type"] == "document"} == set(texts)
    assert main(["export", "--corpus", str(corpus), "--out", str(tmp_path / "cli"), "--quiet", "--n-boot", "20"]) == 0


def test_a_corpus_of_one_document_and_two_voices_has_keyness(tmp_path):
    corpus = _corpus(tmp_path / "corpus", {"d1": ("news", "The Paper", UNATTRIBUTABLE)})
    out = tmp_path / "out"
    lines = _export_log(corpus, out, n_boot=20)
    assert not any(line.startswith("keyness.csv: no rows") for line in lines)
    assert list(read_header(out / "keyness.csv")) == export_module.keyness.KEYNESS_COLUMNS
    speakers = {r["unit"] for r in read(out / "rhetoric.csv") if r["unit_type"] == "speaker"}
    assert speakers == {"The Paper", "The minister"}


def read_header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return next(csv.reader(f))

"""The corpus loader refuses bad input with a message naming the file and the problem."""

import hashlib
import shutil
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.corpus.manifest import REQUIRED_COLUMNS, CorpusError, parse_date, read_corpus
from analysis.paths import repo_root

SEEDS = repo_root(Path(__file__).parent) / "seeds"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable copy of the seed corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


def rewrite_manifest(corpus: Path, old: str, new: str) -> None:
    manifest = corpus / "manifest.csv"
    text = manifest.read_text(encoding="utf-8")
    assert old in text
    manifest.write_text(text.replace(old, new, 1), encoding="utf-8")


def refused(corpus: Path, *expected: str) -> str:
    """Loading fails, and the message contains every expected fragment."""
    with pytest.raises(CorpusError) as info:
        read_corpus(corpus)
    message = str(info.value)
    for fragment in expected:
        assert fragment in message
    return message


def test_seed_corpus_loads_with_every_document_and_checksum():
    corpus = read_corpus(SEEDS)
    assert [d.doc_id for d in corpus.documents] == [
        "khan_speech_2016",
        "memo_2017",
        "cityhall_2017",
        "stewart_2020",
        "pa_2024",
    ]
    for doc in corpus.documents:
        assert hashlib.sha256(doc.path.read_bytes()).hexdigest() == doc.sha256


def test_seed_files_are_the_shared_seeds_byte_for_byte():
    shared = repo_root(Path(__file__).parent).parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("shared/seeds is not beside this checkout")
    for path in sorted(shared.glob("*.txt")):
        assert (SEEDS / path.name).read_bytes() == path.read_bytes()


def test_missing_manifest(corpus):
    (corpus / "manifest.csv").unlink()
    refused(corpus, "manifest.csv", "manifest missing")


def test_missing_corpus_folder(tmp_path):
    refused(tmp_path / "nowhere", "nowhere", "corpus folder not found")


@pytest.mark.parametrize("column", REQUIRED_COLUMNS)
def test_missing_required_column(corpus, column):
    manifest = corpus / "manifest.csv"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace(column, f"x_{column}", 1)
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused(corpus, "manifest.csv", "missing required column", column)


def test_malformed_manifest_row(corpus):
    with (corpus / "manifest.csv").open("a", encoding="utf-8") as f:
        f.write("extra,row,with,too,few\n")
    refused(corpus, "manifest.csv line 7", "5 fields, but the header has 11")


def test_listed_file_missing(corpus):
    (corpus / "000_d9835c8f7b4297db.txt").unlink()
    refused(corpus, "000_d9835c8f7b4297db.txt", "listed file missing", "memo_2017")


def test_file_not_utf8(corpus):
    path = corpus / "000_d9835c8f7b4297db.txt"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    rewrite_manifest(corpus, "424792a8b944a370223396404a11279fe12ca2939d9e0e90a9c741652528e223", "")
    refused(corpus, "000_d9835c8f7b4297db.txt", "not valid UTF-8", "byte 0x92")


def test_empty_file(corpus):
    (corpus / "001_17e330a5d2e861d9.txt").write_text("  \n\n", encoding="utf-8")
    rewrite_manifest(corpus, "4bf0123c47bf8cacc3b1237aa0e47f02c9e08c8ec582c5c1f613c075b81320fe", "")
    refused(corpus, "001_17e330a5d2e861d9.txt", "empty text")


def test_binary_file(corpus):
    (corpus / "001_17e330a5d2e861d9.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    rewrite_manifest(corpus, "4bf0123c47bf8cacc3b1237aa0e47f02c9e08c8ec582c5c1f613c075b81320fe", "")
    refused(corpus, "001_17e330a5d2e861d9.txt", "not a text file")


def test_markup_in_text(corpus):
    path = corpus / "001_17e330a5d2e861d9.txt"
    path.write_text("<p>My plan to counter terrorism</p>\n", encoding="utf-8")
    rewrite_manifest(corpus, "4bf0123c47bf8cacc3b1237aa0e47f02c9e08c8ec582c5c1f613c075b81320fe", "")
    refused(corpus, "001_17e330a5d2e861d9.txt", "holds markup", "'<p>'", "line 1")


def test_duplicate_doc_id(corpus):
    rewrite_manifest(corpus, "memo_2017,", "khan_speech_2016,")
    refused(corpus, "duplicate doc_id", "khan_speech_2016", "first on line 2")


def test_checksum_mismatch(corpus):
    path = corpus / "002_ef6294e7b7f48bde.txt"
    path.write_bytes(path.read_bytes() + b"\nAn added line.")
    refused(corpus, "002_ef6294e7b7f48bde.txt", "checksum mismatch", "989525c8189b")


@pytest.mark.parametrize("date", ["20 March 2016", "2016-13-01", "2016-02-30", "16-03-20"])
def test_unparseable_date(corpus, date):
    rewrite_manifest(corpus, ",2016-03-20,", f",{date},")
    refused(corpus, "khan_speech_2016", "unparseable date")


def test_every_problem_is_reported_at_once(corpus):
    (corpus / "000_d9835c8f7b4297db.txt").unlink()
    rewrite_manifest(corpus, ",2016-03-20,", ",March 2016,")
    message = refused(corpus, "listed file missing", "unparseable date")
    assert len(message.splitlines()) == 2


def test_year_month_dates_are_allowed():
    assert parse_date("2020-02").isoformat() == "2020-02-01"
    assert parse_date("2016-03-20").isoformat() == "2016-03-20"


def test_minimal_corpus_needs_only_required_columns(tmp_path):
    (tmp_path / "a.txt").write_text("The Mayor said: “We will keep London safe.”\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "doc_id,file,title,date,genre,author\na,a.txt,A title,2020-01-02,news,An Outlet\n", encoding="utf-8"
    )
    corpus = read_corpus(tmp_path)
    assert corpus.documents[0].sha256 == ""
    assert corpus.documents[0].outlet == ""


def test_cli_refuses_bad_corpus_with_exit_2_and_writes_nothing(corpus, tmp_path, capsys):
    path = corpus / "002_ef6294e7b7f48bde.txt"
    path.write_bytes(path.read_bytes() + b"!")
    out = tmp_path / "out"
    status = main(["export", "--corpus", str(corpus), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("error: ") and "checksum mismatch" in err and "Traceback" not in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["corpus"]


# Settings: every column and genre is one the vocabulary lists, or the user's
# own metadata; a near miss is refused with a suggestion.


def rewrite_header(corpus: Path, old: str, new: str) -> None:
    manifest = corpus / "manifest.csv"
    header, rest = manifest.read_text(encoding="utf-8").split("\n", 1)
    assert old in header.split(",")
    manifest.write_text(",".join(new if c == old else c for c in header.split(",")) + "\n" + rest, encoding="utf-8")


def test_a_misspelt_optional_column_is_refused_with_a_suggestion(corpus):
    rewrite_header(corpus, "outlet", "outlett")
    message = refused(corpus, "manifest.csv line 1: unknown column `outlett` (did you mean `outlet`?)")
    assert len(message.splitlines()) == 1


def test_a_column_named_in_the_wrong_case_is_refused_as_a_typo(corpus):
    rewrite_header(corpus, "genre", "Genre")
    refused(corpus, "manifest.csv line 1: unknown column `Genre` (did you mean `genre`?)",
            "missing required column(s) genre")


def test_other_columns_are_the_users_metadata_in_manifest_order(corpus):
    manifest = corpus / "manifest.csv"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    lines[0] += ",party,constituency"
    lines[1:] = [line + f",Labour,Tooting {n}" for n, line in enumerate(lines[1:])]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus_read = read_corpus(corpus)
    assert corpus_read.extra_columns == ("party", "constituency")
    assert corpus_read.documents[0].extra == {"party": "Labour", "constituency": "Tooting 0"}
    assert list(corpus_read.manifest().columns[-3:]) == ["notes", "party", "constituency"]


@pytest.mark.parametrize("given", ["Speech", "SPEECH", " speech "])
def test_genre_is_read_in_any_case_and_kept_in_its_listed_form(corpus, given):
    rewrite_manifest(corpus, ",speech,", f",{given},")
    assert read_corpus(corpus).document("khan_speech_2016").genre == "speech"


def test_an_unknown_genre_is_refused_with_its_line_and_a_suggestion(corpus):
    rewrite_manifest(corpus, ",speech,", ",speach,")
    refused(corpus, "manifest.csv line 2 (doc_id 'khan_speech_2016'): unknown genre `speach`",
            "did you mean `speech`?", "one of speech,")


def test_a_genre_outside_the_vocabulary_and_not_near_it_is_refused(corpus):
    rewrite_manifest(corpus, ",news,PA Media,", ",wire,PA Media,")
    message = refused(corpus, "line 6 (doc_id 'pa_2024'): unknown genre `wire` (one of ")
    assert "did you mean" not in message


def test_a_file_reaching_outside_the_corpus_through_a_symbolic_link_is_refused(corpus, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_bytes((corpus / "001_17e330a5d2e861d9.txt").read_bytes())
    (corpus / "001_17e330a5d2e861d9.txt").unlink()
    (corpus / "001_17e330a5d2e861d9.txt").symlink_to(outside)
    refused(corpus, "line 5 (doc_id 'stewart_2020'): file '001_17e330a5d2e861d9.txt' must be a path inside the"
            " corpus folder", str(outside))


def test_a_folder_linked_from_inside_the_corpus_is_refused_too(corpus, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    shutil.move(corpus / "001_17e330a5d2e861d9.txt", tmp_path / "elsewhere" / "001_17e330a5d2e861d9.txt")
    (corpus / "texts").symlink_to(tmp_path / "elsewhere")
    rewrite_manifest(corpus, ",001_17e330a5d2e861d9.txt,", ",texts/001_17e330a5d2e861d9.txt,")
    refused(corpus, "must be a path inside the corpus folder", "symbolic link")


def test_a_symbolic_link_inside_the_corpus_is_allowed(corpus):
    (corpus / "texts").mkdir()
    shutil.move(corpus / "001_17e330a5d2e861d9.txt", corpus / "texts" / "stewart.txt")
    (corpus / "001_17e330a5d2e861d9.txt").symlink_to(corpus / "texts" / "stewart.txt")
    assert read_corpus(corpus).document("stewart_2020").sha256


def test_every_readable_text_is_checked_whatever_other_rows_hold(corpus):
    """A manifest problem on one row does not hide an encoding problem in another row's file."""
    rewrite_manifest(corpus, ",2016-03-20,", ",March 2016,")
    path = corpus / "000_d9835c8f7b4297db.txt"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    rewrite_manifest(corpus, "424792a8b944a370223396404a11279fe12ca2939d9e0e90a9c741652528e223", "")
    message = refused(corpus, "line 2 (doc_id 'khan_speech_2016'): unparseable date",
                      "000_d9835c8f7b4297db.txt: not valid UTF-8")
    assert len(message.splitlines()) == 2


def test_a_text_with_several_problems_reports_each(corpus):
    path = corpus / "001_17e330a5d2e861d9.txt"
    path.write_bytes(b"<p>My plan\x92</p>\n")
    message = refused(corpus, "001_17e330a5d2e861d9.txt: checksum mismatch", "not valid UTF-8")
    assert len(message.splitlines()) == 2


def test_a_row_with_the_wrong_number_of_fields_does_not_hide_the_others(corpus):
    with (corpus / "manifest.csv").open("a", encoding="utf-8") as f:
        f.write("extra,row,with,too,few\n")
    rewrite_manifest(corpus, ",2016-03-20,", ",March 2016,")
    message = refused(corpus, "manifest.csv line 7: 5 fields", "unparseable date")
    assert len(message.splitlines()) == 2


def test_a_recorded_retrieval_date_is_read_and_an_empty_one_is_not_recorded(corpus):
    rewrite_manifest(corpus, "Labour Party website,,,", "Labour Party website,,2024-05-03,")
    documents = {d.doc_id: d for d in read_corpus(corpus).documents}
    assert documents["khan_speech_2016"].retrieved == "2024-05-03"
    assert documents["memo_2017"].retrieved == ""


@pytest.mark.parametrize(
    ("retrieved", "problem"),
    [("2024-05", "is not a date YYYY-MM-DD"), ("3 May 2024", "is not a date YYYY-MM-DD"),
     ("2024-02-30", "unparseable retrieved date")],
)
def test_a_retrieval_date_that_is_not_a_whole_calendar_date_is_refused(corpus, retrieved, problem):
    rewrite_manifest(corpus, "Labour Party website,,,", f"Labour Party website,,{retrieved},")
    refused(corpus, "manifest.csv line 2 (doc_id 'khan_speech_2016')", problem)

"""The settings of a corpus: the vocabulary they are checked against, the typo rule, and one run finding all."""

import csv
import itertools
import shutil
from pathlib import Path

import pytest

from analysis.corpus import cleaning, speakers
from analysis.corpus import manifest as corpus
from analysis.cli import main
from analysis import export
from analysis.pipeline import DOCUMENT_COLUMNS, load
from analysis.corpus.segments import attribution_rules
from analysis.corpus.vocabulary import canonical, near, typo_distance, vocabulary

from .seed_corpus import SEEDS


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# The typo rule.


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("outlet", "outlet", 0), ("outlett", "outlet", 1), ("outlet", "outlets", 1), ("valid_form", "valid_from", 1),
     ("Documents", "documents", 0), ("speach", "speech", 1), ("ca", "abc", 3), ("x_author", "author", 2),
     ("", "url", 3)],
)
def test_typo_distance_counts_insertions_deletions_substitutions_and_swaps(a, b, distance):
    assert typo_distance(a, b) == distance == typo_distance(b, a)


@pytest.mark.parametrize(
    ("name", "known", "suggestion"),
    [
        ("outlett", corpus.COLUMNS, "outlet"),
        ("valid_form", speakers.COLUMNS, "valid_from"),
        ("outlet", cleaning.RULE_KEYS, "outlets"),
        ("Documents", cleaning.RULE_KEYS, "documents"),
        ("rule", cleaning.TOP_LEVEL_KEYS, "rules"),
        ("x_author", corpus.COLUMNS, "author"),  # two edits: author has six letters
        ("dt", corpus.COLUMNS, None),  # two edits from date, which has four
        ("party", corpus.COLUMNS, None),
        ("constituency", corpus.COLUMNS, None),
        ("url", corpus.COLUMNS, None),  # known, so no typo
    ],
)
def test_a_name_one_typo_from_a_known_one_gets_it_as_suggestion(name, known, suggestion):
    assert near(name, known) == suggestion


def test_no_two_names_of_one_list_are_a_typo_of_each_other():
    """Else a suggestion would be a toss-up, and a right name could be one typo of another."""
    words = vocabulary()
    lists = {
        "manifest columns": corpus.COLUMNS + tuple(c for c in DOCUMENT_COLUMNS if c not in corpus.COLUMNS),
        "genres": tuple(words.genres),
        "speakers columns": speakers.COLUMNS,
        "kinds": tuple(words.kinds),
        "cleaning keys": cleaning.TOP_LEVEL_KEYS + cleaning.RULE_KEYS,
        "actions": tuple(words.actions),
    }
    for what, names in lists.items():
        for a, b in itertools.combinations(names, 2):
            assert near(a, [b]) is None, (what, a, b)


def test_values_match_in_any_case_but_not_with_other_letters():
    assert canonical("Speech", corpus.GENRES) == "speech"
    assert canonical("PRESS_RELEASE", corpus.GENRES) == "press_release"
    assert canonical("press release", corpus.GENRES) is None


# The vocabulary.


def test_every_listed_name_has_a_meaning():
    words = vocabulary()
    for table in (words.manifest_required, words.manifest_optional, words.genres, words.speakers_required,
                  words.speakers_optional, words.kinds, words.cleaning_top_level, words.rule_keys, words.actions):
        assert table and all(isinstance(meaning, str) and meaning.strip() for meaning in table.values())


def test_the_genres_delivered_by_their_author_are_those_segmentation_reads_as_speech():
    assert set(vocabulary().delivered_genres) == set(attribution_rules()["spoken_genres"])
    assert set(attribution_rules()["spoken_genres"]) <= set(corpus.GENRES)
    assert "speech" in vocabulary().delivered_genres and "news" not in vocabulary().delivered_genres


def test_every_action_has_an_edit_and_takes_only_rule_keys():
    assert set(cleaning.ACTIONS) == set(cleaning._EDITS)
    for keys in cleaning.ACTION_KEYS.values():
        assert set(keys) <= set(cleaning.RULE_KEYS) - {"id", "action", "reason", *cleaning.SCOPE_KEYS}


def test_the_seeds_use_only_listed_values():
    inputs = load(SEEDS)
    assert {doc.genre for doc in inputs.corpus.documents} <= set(corpus.GENRES)
    assert set(inputs.speakers.speakers["kind"]) <= set(speakers.KINDS)
    assert {rule.action for rule in inputs.rules} <= set(cleaning.ACTIONS)
    assert inputs.corpus.extra_columns == ()


# One run finds every problem.


def test_one_validate_run_lists_the_problems_of_every_file(corpus_dir, capsys):
    """A manifest problem, another file's encoding, speakers.csv and cleaning.yaml: all in one run."""
    rewrite(corpus_dir / "manifest.csv", ",speech,", ",speach,")
    text = corpus_dir / "000_d9835c8f7b4297db.txt"
    text.write_bytes(text.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    rewrite(corpus_dir / "manifest.csv", "424792a8b944a370223396404a11279fe12ca2939d9e0e90a9c741652528e223", "")
    rewrite(corpus_dir / "speakers.csv", "valid_from", "valid_form")
    rewrite(corpus_dir / "cleaning.yaml", "documents: [pa_2024]", "outlet: [PA Media]")
    assert main(["validate", "--corpus", str(corpus_dir)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"error: {corpus_dir / 'manifest.csv'} line 2 (doc_id 'khan_speech_2016'): unknown genre `speach`"
        f" (did you mean `speech`?; one of {', '.join(corpus.GENRES)})",
        f"error: {text}: not valid UTF-8 (byte 0x92 at offset 605); convert the file to UTF-8",
        f"error: {corpus_dir / 'speakers.csv'} line 1: unknown column `valid_form` (did you mean `valid_from`?;"
        f" one of {', '.join(speakers.COLUMNS)})",
        f"error: {corpus_dir / 'cleaning.yaml'} line 31 (rule pa-photo-caption): unknown key `outlet`"
        f" (did you mean `outlets`?; one of {', '.join(cleaning.RULE_KEYS)})",
    ]


def test_without_a_manifest_the_speakers_and_rules_are_still_checked(corpus_dir):
    (corpus_dir / "manifest.csv").unlink()
    rewrite(corpus_dir / "speakers.csv", "valid_from", "valid_form")
    rewrite(corpus_dir / "cleaning.yaml", "action: unwrap", "action: unwarp")
    with pytest.raises(corpus.CorpusError) as info:
        load(corpus_dir)
    assert [p.split(": ", 1)[1][:30] for p in info.value.problems] == [
        "manifest missing (a corpus fol", "unknown column `valid_form` (d", "unknown action `unwarp` (did y"]


def test_the_seeds_validate(capsys):
    assert main(["validate", "--corpus", str(SEEDS)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("12 cleaning rules: valid")


# The user's own columns reach documents.csv.


def test_extra_manifest_columns_and_url_are_carried_into_documents_csv(corpus_dir, tmp_path):
    manifest = corpus_dir / "manifest.csv"
    rows = list(csv.reader(manifest.read_text(encoding="utf-8").splitlines()))
    rows[0] += ["party", "constituency"]
    for row in rows[1:]:
        row[rows[0].index("url")] = f"https://example.org/{row[0]}"
        row += ["Labour" if row[0].startswith("khan") else "", "Tooting" if row[0].startswith("khan") else ""]
    with manifest.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    export(corpus_dir, tmp_path / "out")
    with (tmp_path / "out" / "documents.csv").open(encoding="utf-8", newline="") as f:
        documents = list(csv.DictReader(f))
    assert list(documents[0]) == [*DOCUMENT_COLUMNS, "party", "constituency"]
    khan = next(d for d in documents if d["doc_id"] == "khan_speech_2016")
    assert (khan["url"], khan["party"], khan["constituency"]) == (
        "https://example.org/khan_speech_2016", "Labour", "Tooting")
    seeds_out = tmp_path / "seeds_out"
    export(SEEDS, seeds_out)
    for name in ("segments", "quotes", "cleaning", "readability"):
        assert (tmp_path / "out" / f"{name}.csv").read_bytes() == (seeds_out / f"{name}.csv").read_bytes()


def test_the_seeds_documents_csv_has_an_empty_url_column(tmp_path):
    export(SEEDS, tmp_path / "out")
    with (tmp_path / "out" / "documents.csv").open(encoding="utf-8", newline="") as f:
        documents = list(csv.DictReader(f))
    assert list(documents[0]) == DOCUMENT_COLUMNS and "url" in DOCUMENT_COLUMNS
    assert {d["url"] for d in documents} == {""}


@pytest.mark.parametrize(("column", "clash"), [("words_raw", "words_raw"), ("words_analysed", "words_analysed"),
                                               ("word_raw", "words_raw")])
def test_an_extra_column_may_not_clash_with_a_computed_one(corpus_dir, column, clash):
    manifest = corpus_dir / "manifest.csv"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    manifest.write_text("\n".join([lines[0] + f",{column}", *(line + ",1" for line in lines[1:])]) + "\n",
                        encoding="utf-8")
    with pytest.raises(corpus.CorpusError, match=rf"manifest.csv line 1: column `{column}` would clash with the"
                                                 rf" column `{clash}` that the export computes"):
        load(corpus_dir)


def test_the_seeds_retrieval_dates_are_not_recorded_and_documents_csv_says_so_with_an_empty_column(tmp_path):
    assert "retrieved" in vocabulary().manifest_optional
    export(SEEDS, tmp_path / "out")
    with (tmp_path / "out" / "documents.csv").open(encoding="utf-8", newline="") as f:
        documents = list(csv.DictReader(f))
    assert {d["retrieved"] for d in documents} == {""}

"""speakers.csv: every column and kind is one the vocabulary lists; a near miss is refused with a suggestion."""

import shutil
from pathlib import Path

import pytest

from analysis import CorpusError
from analysis.corpus.speakers import KINDS, read_speakers
from analysis.corpus.vocabulary import vocabulary

from .seed_corpus import SEEDS


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


def rewrite_speakers(corpus: Path, old: str, new: str) -> None:
    path = corpus / "speakers.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refused(corpus: Path, *expected: str) -> str:
    with pytest.raises(CorpusError) as info:
        read_speakers(corpus)
    message = str(info.value)
    for fragment in expected:
        assert fragment in message
    return message


def test_seed_speakers_read_with_their_date_windows():
    table = read_speakers(SEEDS)
    mayor = [a for a in table.aliases if a.alias == "the Mayor"]
    assert [a.valid_from.isoformat() for a in mayor] == ["2016-05-09"]
    assert set(table.speakers["kind"]) <= set(KINDS)


def test_a_misspelt_date_column_is_refused_not_dropped(corpus):
    """`valid_form` would have dropped every alias's date window ("the Mayor" before May 2016 is not Khan)."""
    rewrite_speakers(corpus, "valid_from", "valid_form")
    message = refused(corpus, "speakers.csv line 1: unknown column `valid_form` (did you mean `valid_from`?;")
    assert len(message.splitlines()) == 1


def test_a_column_not_near_any_is_refused_with_the_columns(corpus):
    rewrite_speakers(corpus, "description", "party")
    refused(corpus, "speakers.csv line 1: unknown column `party` (one of speaker, alias, valid_from, valid_to, kind,"
            " description)")


def test_kind_is_read_in_any_case_and_kept_in_its_listed_form(corpus):
    rewrite_speakers(corpus, "Sadiq Khan,Sadiq Khan,,,person,", "Sadiq Khan,Sadiq Khan,,,Person,")
    rewrite_speakers(corpus, ",,,spokesperson,", ",,,SPOKESPERSON,")
    table = read_speakers(corpus)
    assert table.kind("Sadiq Khan") == "person"
    assert table.kind("Spokesperson for Sadiq Khan") == "spokesperson"


def test_an_unknown_kind_is_refused_with_its_line_and_a_suggestion(corpus):
    rewrite_speakers(corpus, ",,,spokesperson,", ",,,spokesprson,")
    refused(corpus, "speakers.csv line 31: unknown kind `spokesprson` (did you mean `spokesperson`?; one of person,")


def test_every_speakers_problem_is_reported_at_once(corpus):
    rewrite_speakers(corpus, "valid_to", "valid_until")
    rewrite_speakers(corpus, ",,,source,", ",,,sauce,")
    rewrite_speakers(corpus, "the Mayor,2016-05-09", "the Mayor,9 May 2016")
    message = refused(corpus, "unknown column `valid_until`", "unknown kind `sauce`", "unparseable valid_from")
    assert len(message.splitlines()) == 3


def test_the_kinds_are_the_vocabularys():
    assert KINDS == tuple(vocabulary().kinds)
    assert vocabulary().default_kind in KINDS

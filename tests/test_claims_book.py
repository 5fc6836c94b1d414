"""The book's claims: all hold on the seeds, the prose is backed by them, and the check can fail."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from analysis import book, cli
from analysis.book import claims
from analysis.paths import default_corpus_dir, repo_root

ROOT = repo_root()
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def book_claims():
    return claims.read_claims(ROOT / claims.CLAIMS_FILE)


def method_sentences() -> list[str]:
    entries = yaml.safe_load((ROOT / claims.CLAIMS_FILE).read_text(encoding="utf-8"))["method_sentences"] or []
    for entry in entries:
        assert entry.get("reason"), f"method sentence without a reason: {entry}"
    return [entry["starts"] for entry in entries]


def readme_findings() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("**What it finds.**")
    return text[start : text.index("\n## ", start)]


def test_the_book_declares_at_least_40_claims_from_the_index_and_every_chapter():
    found = book_claims()
    assert len(found) >= 40
    pages = {c.chapter for c in found}
    assert {"index", *(p.stem for p in CHAPTERS if p.stem != "05_claims")} <= pages


def test_every_claim_holds_on_the_seeds(capsys):
    assert cli.main(["claims"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(book_claims()) and all("\tholds\t" in line for line in lines)


@pytest.mark.parametrize("name, text", [("index.md", (ROOT / "index.md").read_text(encoding="utf-8")),
                                        ("README.md", readme_findings())])
def test_index_and_readme_compare_only_through_claims(name, text):
    ids = {c.id for c in book_claims()}
    assert claims.unbacked_sentences(text, claims.claim_words(), method_sentences(), ids) == []


@pytest.mark.parametrize("name, text", [("index.md", (ROOT / "index.md").read_text(encoding="utf-8")),
                                        ("README.md", readme_findings())])
def test_a_marked_sentence_prints_its_claim_as_declared(name, text):
    flat = " ".join(re.sub(r"<!--.*?-->", " ", text).split()).lower()
    for claim in book_claims():
        if f"claim: {claim.id}" in text or f", {claim.id}" in text:
            assert claim.sentence.lower() in flat, f"{name}: {claim.id}: {claim.sentence!r} is not printed"


def chapter_texts(path: Path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            yield "".join(cell["source"])
        figure = cell.get("metadata", {}).get("mystnb")
        if figure:
            marker = " ".join(f"<!-- claim: {i} -->" for i in cell["metadata"].get("claims", []))
            for words in (figure["figure"]["caption"], figure["image"]["alt"]):
                yield re.sub(r"([.;])(\s|$)", rf"{marker}\1\2", words)


def test_every_glued_claim_is_declared_for_its_chapter():
    declared = {(c.chapter, c.id) for c in book_claims()}
    for path in CHAPTERS:
        for text in chapter_texts(path):
            for claim_id in re.findall(r"\{glue:md\}`claim_(\w+)`", text):
                assert (path.stem, claim_id) in declared, f"{path.name}: claim_{claim_id} is not declared for it"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapters_compare_only_through_claims(path):
    ids = {c.id for c in book_claims()}
    problems = [p for text in chapter_texts(path) for p in claims.unbacked_sentences(text, claims.claim_words(), method_sentences(), ids)]
    assert problems == []


def test_every_method_sentence_is_a_sentence_of_the_book_holding_a_claim_word():
    texts = [t for p in CHAPTERS for t in chapter_texts(p)] + [(ROOT / "index.md").read_text(encoding="utf-8"),
                                                              readme_findings()]
    sentences = [" ".join(s.split()) for t in texts for s in claims.prose_sentences(t)]
    words = claims.claim_words()
    for start in method_sentences():
        start = " ".join(start.split())
        matches = [s for s in sentences if s.startswith(start)]
        assert matches, f"method sentence not in the book (stale entry): {start!r}"
        plain = [re.sub(r"\{glue:\w+\}`[^`]*`", " ", s).lower() for s in matches]
        assert any(set(re.findall(r"[a-z]+", p)) & words for p in plain), f"needs no entry: {start!r}"


def test_every_claim_links_to_a_labelled_section_of_the_page_that_makes_it():
    sections = book.claim_sections(ROOT)
    for claim in book_claims():
        assert claim.id in sections, f"{claim.id} is made nowhere in the book"
        page, label = sections[claim.id]
        assert page == claim.chapter and label, f"{claim.id}: made in {page} § {label or '(no label)'}"
    html = book.claims_overview([claims.Result(c, True) for c in book_claims()[:1]], sections)._repr_html_()
    assert 'href="../index.html#index-findings"' in html


def test_the_scan_fails_on_an_unbacked_comparison_added_to_a_chapter():
    ids = {c.id for c in book_claims()}
    text = "".join(next(chapter_texts(ROOT / "chapters" / "02_readability.ipynb")))
    before = claims.unbacked_sentences(text, claims.claim_words(), method_sentences(), ids)
    after = claims.unbacked_sentences(text + "\n\nKhan is plainer than everyone.", claims.claim_words(),
                                      method_sentences(), ids)
    assert [p for p in after if p not in before] == ["Khan is plainer than everyone. [plainer, than]"]


def test_a_reversed_headline_comparison_makes_the_named_claims_fail(tmp_path, capsys):
    corpus = tmp_path / "seeds"
    shutil.copytree(default_corpus_dir(), corpus)
    manifest = list(csv.DictReader((corpus / "manifest.csv").open(encoding="utf-8")))
    files = {row["doc_id"]: row["file"] for row in manifest}
    # The candidate's speech, rewritten as the press release's long-worded prose: the
    # plainer voice becomes the harder one, and the headline comparison reverses.
    release = (corpus / files["cityhall_2017"]).read_text(encoding="utf-8")
    speech = corpus / files["khan_speech_2016"]
    hard = " ".join(["Comprehensive institutional counter-extremism interventions necessitate "
                     "multidisciplinary collaboration between safeguarding organisations, "
                     "community representatives and governmental authorities."] * 120)
    speech.write_text(hard + "\n", encoding="utf-8")
    for row in manifest:
        if row["doc_id"] == "khan_speech_2016" and row.get("sha256"):
            row["sha256"] = hashlib.sha256(speech.read_bytes()).hexdigest()
    with (corpus / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(manifest[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(manifest)
    assert release  # the release itself is untouched
    assert cli.main(["claims", "--corpus", str(corpus)]) in (1, 2)
    out = capsys.readouterr()
    failing = {line.split("\t")[0] for line in out.out.splitlines() if "\tFAILS\t" in line}
    assert {"index_speech_plainer_than_office", "readability_khan_plainer_than_office"} <= failing
    evidence = claims.Evidence.from_corpus(corpus)
    with pytest.raises(claims.ClaimFailed, match="readability_khan_plainer_than_office"):
        claims.check(book_claims(), evidence, chapter="02_readability")

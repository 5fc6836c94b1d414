"""Cleaning: declared rules, each checked on the seed text that motivated it."""

import re

import pytest

from analysis.corpus.cleaning import clean_text, read_rules, unwrap_breaks
from analysis.corpus.manifest import CorpusError, read_text
from analysis.corpus.segments import normalise_whitespace

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
    from analysis import read_corpus

    with pytest.raises(CorpusError) as info:
        read_rules(read_corpus(corpus_dir))
    message = str(info.value)
    assert "cleaning.yaml line 4 (rule bad): invalid pattern" in message
    assert "cleaning.yaml line 7 (rule other): unknown action `explode`" in message


# The speed-ups in cleaning.py must not change a result: each is checked here
# against the plain form it replaced.


def _unwrap_breaks_reference(text):
    """unwrap_breaks as first written: every pair of lines sliced and tested in full."""
    from analysis.corpus.cleaning import BULLETS, SHORT_LINE, STARTS_SENTENCE, TERMINAL, WIDTH_QUANTILE, _lines

    def _is_marker(line):
        return line.strip() in BULLETS

    def _starts_item(line):
        stripped = line.lstrip()
        return stripped[:1] in BULLETS and stripped[1:2] == " "

    lines = list(_lines(text))
    lengths = sorted(e - s for s, e in lines if text[s:e].strip())
    if not lengths:
        return []
    width = lengths[min(len(lengths) - 1, int(WIDTH_QUANTILE * len(lengths)))]
    joins, in_item = [], False
    for (s1, e1), (s2, e2) in zip(lines, lines[1:], strict=False):
        a, b = text[s1:e1].rstrip(), text[s2:e2].strip()
        if not a.strip() or not b:
            in_item = False
            continue
        capitals_heading = any(c.isalpha() for c in a) and not any(c.islower() for c in a)
        ends = (
            _is_marker(a)
            or _is_marker(b)
            or _starts_item(b)
            or (TERMINAL.search(a) is not None and STARTS_SENTENCE.match(b) is not None)
            or capitals_heading
            or (in_item and len(a.strip()) < SHORT_LINE * width and b[:1].isupper())
        )
        if ends:
            in_item = _is_marker(a) or _starts_item(b)
        else:
            joins.append(e1)
    return joins


def _random_lines(rng, n):
    pieces = ["a line that wraps", "Next one.", "ENDS", "-", "\u2022", "- item", "* Item", "Short",
              "quote:\u201d", "  ", "", "\t", "(Aside)", "123 go", "\u00e9t\u00e9", "x" * 60, "NOTES 2",
              # closing marks after a stop, or a stop among them; headings by
              # Unicode case (a titlecase letter, a capital symbol, a
              # lower-case letter that is not ASCII, no letter); bullets without a space
              "safe.\u2019)", "said.\u201d x", "No.) so", "Why?]", "\u01c5EMAL", "\u24b6\u24b7", "\u00aa",
              "\u2022dot", "\u2013 Item", "2017"]
    return "\n".join(" " * rng.randint(0, 2) + rng.choice(pieces) + " " * rng.randint(0, 1) for _ in range(n))


def test_unwrap_breaks_is_unchanged_by_its_single_pass():
    import random

    rng = random.Random(7)
    for _ in range(2000):
        text = _random_lines(rng, rng.randint(0, 12))
        assert unwrap_breaks(text) == _unwrap_breaks_reference(text), repr(text)


def test_broken_paragraph_pattern_finds_what_its_look_behind_first_form_did():
    import random

    from analysis.corpus.cleaning import BROKEN_PARAGRAPH

    plain = re.compile(r"(?<=[^\s.!?:;\"'\u201d\u2019)])\n[^\S\n]*\n\s*(?=[a-z])")
    rng = random.Random(3)
    alphabet = ["\n", "\n", " ", "\t", "a", "B", ".", "'", "\u201d", ")", "x", ";"]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert [m.span() for m in BROKEN_PARAGRAPH.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_index_maps_every_cleaned_character_to_its_raw_one():
    from analysis import Rule

    raw = "clear\nA line that wraps\nhere and goes on.\n\nit ' goes\n"
    doc = inputs().corpus.documents[0]
    rules = (
        Rule("menu", "remove", "menu", re.compile(r"\Aclear\n", re.MULTILINE)),
        Rule("unwrap", "unwrap", "wraps"),
        Rule("dash", "replace", "dash", re.compile(r"(?<= )'(?=\s)", re.MULTILINE), "\u2013"),
        Rule("longer", "replace", "longer", re.compile("goes on", re.MULTILINE), "went on and on"),
    )
    cleaned = clean_text(doc, raw, rules)
    assert cleaned.text == "A line that wraps here and went on and on.\n\nit \u2013 goes\n"
    # Removed: raw 0-5; same-length edits keep their offsets; a longer
    # replacement takes the offset of the raw span's start throughout.
    assert cleaned.index == [*range(6, 33), *[33] * len("went on and on"), *range(40, len(raw) + 1)]
    assert type(cleaned.index) is list
    # A text no rule changes keeps offsets 0, 1, 2, ..., in a list of its own.
    untouched = clean_text(doc, "no change", ())
    assert untouched.index == list(range(10))
    untouched.index[0] = 99
    assert clean_text(doc, "no change", ()).index[0] == 0


def test_rules_read_by_libyaml_are_those_of_the_python_parser(monkeypatch):
    import yaml

    from analysis import paths

    fast = read_rules(inputs().corpus)
    monkeypatch.setattr(paths, "_YAML_LOADER", yaml.SafeLoader)
    assert repr(read_rules(inputs().corpus)) == repr(fast)


def test_malformed_rules_file_is_reported_in_the_python_parsers_words(tmp_path):
    import shutil

    import yaml

    from analysis import read_corpus

    corpus_dir = tmp_path / "c"
    shutil.copytree(SEEDS, corpus_dir)
    broken = "rules: [a, b\n"
    (corpus_dir / "cleaning.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(yaml.YAMLError) as expected:
        yaml.safe_load(broken)
    with pytest.raises(CorpusError) as info:
        read_rules(read_corpus(corpus_dir))
    assert f"malformed YAML ({expected.value})" in str(info.value)


# Settings: every key and action is one the vocabulary lists, and every scope
# entry names something in the corpus; a near miss is refused with a suggestion.

HOUSING = [  # doc_id, genre, outlet, first line, rest
    ("khan_housing_2021", "speech", "Labour Party website", "Friends, thank you for coming.",
     "We will build the council homes London needs."),
    ("bailey_housing_2021", "speech", "Conservative Party website", "Thank you all for being here.",
     "I will build homes that Londoners can afford to buy."),
    ("standard_2021a", "news", "Evening Standard", "Evening Standard | Homes and Property",
     "The Mayor said the city would build more homes."),
    ("standard_2021b", "news", "Evening Standard", "Evening Standard | Politics",
     "Housing dominated the first debate of the campaign."),
    ("cityhall_2021", "press_release", "Mayor of London (City Hall)", "Mayor of London press release",
     "The Mayor has started work on ten thousand council homes."),
    ("shelter_2021", "report", "Shelter", "Shelter briefing",
     "Rents in London rose faster than wages for a decade."),
    ("berry_housing_2021", "speech", "Green Party website", "Good evening, everyone.",
     "Empty homes should be brought back into use."),
    ("guardian_2021", "news", "The Guardian", "The Guardian | UK news",
     "Candidates clashed over the Mayor's record on housing."),
]


def housing_corpus(folder, rules: str):
    """A corpus of eight housing-debate texts, each opening with a line of its own, and ``rules``."""
    folder.mkdir()
    rows = ["doc_id,file,title,date,genre,author,outlet"]
    for doc_id, genre, outlet, first, rest in HOUSING:
        (folder / f"{doc_id}.txt").write_text(f"{first}\n{rest}\n", encoding="utf-8")
        rows.append(f"{doc_id},{doc_id}.txt,Housing,2021-04-20,{genre},{doc_id.split('_')[0].title()},{outlet}")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "cleaning.yaml").write_text(rules, encoding="utf-8")
    return folder


MASTHEAD_RULE = """rules:
  - id: standard-masthead
    action: remove
    {scope}: [Evening Standard]
    pattern: '\\A[^\\n]*\\n'
    reason: "Masthead of the Evening Standard's pages, not article text."
"""


def rules_refused(corpus_dir, *expected: str) -> str:
    from analysis import read_corpus

    with pytest.raises(CorpusError) as info:
        read_rules(read_corpus(corpus_dir))
    message = str(info.value)
    for fragment in expected:
        assert fragment in message
    return message


def test_a_misspelt_scope_key_is_refused_not_applied_to_every_document(tmp_path):
    """`outlet:` for `outlets:` left the rule unscoped: every text, speeches included, lost its first line."""
    corpus_dir = housing_corpus(tmp_path / "housing", MASTHEAD_RULE.format(scope="outlet"))
    message = rules_refused(corpus_dir, "cleaning.yaml line 4 (rule standard-masthead): unknown key `outlet`"
                            " (did you mean `outlets`?;")
    assert len(message.splitlines()) == 1


def test_the_scope_key_spelt_right_removes_the_masthead_of_that_outlet_only(tmp_path):
    from analysis import read_corpus

    corpus = read_corpus(housing_corpus(tmp_path / "housing", MASTHEAD_RULE.format(scope="outlets")))
    rules = read_rules(corpus)
    changed = {doc.doc_id for doc, raw in corpus.texts() if clean_text(doc, raw, rules).audit}
    assert changed == {"standard_2021a", "standard_2021b"}


def test_an_outlets_entry_naming_no_outlet_is_refused_with_the_outlets(tmp_path):
    rules = MASTHEAD_RULE.format(scope="outlets").replace("[Evening Standard]", "[London Evening Standard]")
    rules_refused(housing_corpus(tmp_path / "housing", rules),
                  "cleaning.yaml line 4 (rule standard-masthead): outlet `London Evening Standard` in `outlets`"
                  " is no document's outlet (the outlets: Conservative Party website; Evening Standard;")


def test_an_outlets_entry_one_typo_away_is_refused_with_a_suggestion(tmp_path):
    rules = MASTHEAD_RULE.format(scope="outlets").replace("[Evening Standard]", "[evening standard]")
    rules_refused(housing_corpus(tmp_path / "housing", rules),
                  "outlet `evening standard` in `outlets` is no document's outlet (did you mean `Evening Standard`?)")


def seed_copy(tmp_path):
    import shutil

    corpus_dir = tmp_path / "c"
    shutil.copytree(SEEDS, corpus_dir)
    return corpus_dir


def rewrite_rules(corpus_dir, old: str, new: str) -> None:
    path = corpus_dir / "cleaning.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_key_in_the_wrong_case_is_refused_as_a_typo(tmp_path):
    corpus_dir = seed_copy(tmp_path)
    rewrite_rules(corpus_dir, "    documents: [memo_2017]\n    pattern: '\\Aclear", "    Documents: [memo_2017]\n"
                  "    pattern: '\\Aclear")
    rules_refused(corpus_dir, "cleaning.yaml line 11 (rule memo-site-menu): unknown key `Documents`"
                  " (did you mean `documents`?;")


def test_an_unknown_top_level_key_is_refused_with_a_suggestion(tmp_path):
    corpus_dir = seed_copy(tmp_path)
    rewrite_rules(corpus_dir, "rules:\n", "rule:\n")
    rules_refused(corpus_dir, "cleaning.yaml line 8: unknown key `rule` (did you mean `rules`?;",
                  "expected a list of rules under `rules`")


def test_a_documents_entry_naming_no_document_is_refused_with_a_suggestion(tmp_path):
    corpus_dir = seed_copy(tmp_path)
    rewrite_rules(corpus_dir, "documents: [pa_2024]", "documents:\n      - pa_2042")
    rules_refused(corpus_dir, "cleaning.yaml line 32 (rule pa-photo-caption): unknown doc_id `pa_2042` in"
                  " `documents` (did you mean `pa_2024`?)")


def test_the_action_is_read_in_any_case_and_kept_in_its_listed_form(tmp_path):
    from analysis import read_corpus

    corpus_dir = seed_copy(tmp_path)
    rewrite_rules(corpus_dir, "action: remove\n", "action: Remove\n")
    rules = read_rules(read_corpus(corpus_dir))
    assert rules[0].action == "remove"
    assert repr(rules) == repr(inputs().rules)


def test_an_unknown_action_near_a_known_one_is_refused_with_a_suggestion(tmp_path):
    corpus_dir = seed_copy(tmp_path)
    rewrite_rules(corpus_dir, "action: unwrap", "action: unwarp")
    rules_refused(corpus_dir, "(rule unwrap-hard-wrapped-lines): unknown action `unwarp` (did you mean `unwrap`?;")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("action: unwrap\n", "action: unwrap\n    pattern: 'x'\n", "action unwrap takes no `pattern`"),
        ("action: remove\n", "action: remove\n    replacement: ''\n", "action remove takes no `replacement`"),
        ("    replacement: \"\\u2013\"\n", "", "action replace needs a `replacement`"),
        ("documents: [stewart_2020]", "documents: stewart_2020", "`documents` must be a non-empty list"),
        ("documents: [stewart_2020]", "documents: []", "`documents` must be a non-empty list"),
        ("    reason: \"Site tagline", "    reason: \"x\"\n    reason: \"Site tagline",
         "key `reason` given twice (first on line"),
        ("  - id: memo-tagline", "  - id: memo-site-menu", "(rule memo-site-menu): id used twice (first on line 9)"),
    ],
)
def test_a_setting_the_rule_does_not_take_is_refused(tmp_path, old, new, expected):
    corpus_dir = seed_copy(tmp_path)
    rewrite_rules(corpus_dir, old, new)
    message = rules_refused(corpus_dir, expected)
    assert len(message.splitlines()) == 1


def test_yaml_anchors_and_merge_keys_are_read_as_what_they_stand_for(tmp_path):
    from analysis import read_corpus

    rules = MASTHEAD_RULE.format(scope="outlets").replace("[Evening Standard]", "&standard [Evening Standard]")
    rules += """  - &base
    id: standard-footer
    action: remove
    outlets: *standard
    pattern: 'Politics'
    reason: "Section name of the Evening Standard's pages."
  - <<: *base
    id: standard-footer-homes
    pattern: 'Homes and Property'
"""
    corpus = read_corpus(housing_corpus(tmp_path / "housing", rules))
    scoped = [(rule.id, rule.outlets, rule.pattern.pattern) for rule in read_rules(corpus)]
    assert scoped[1:] == [("standard-footer", ("Evening Standard",), "Politics"),
                          ("standard-footer-homes", ("Evening Standard",), "Homes and Property")]

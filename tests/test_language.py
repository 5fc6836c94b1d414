"""The language check: a text that does not look like English is named in a warning, never refused."""

import pytest

from analysis import english_share, language_warning, language_warnings, load, read_corpus
from analysis.cli import main
from analysis.text.language import ENGLISH_MIN_SHARE, LANGUAGE_MIN_WORDS, function_words

from .seed_corpus import SEEDS

# Made-up paragraphs on the seeds' topic, each over 50 words.
FRENCH = (
    "La sécurité de la ville est une priorité pour le maire et pour tous les habitants. Après l'attaque du mois"
    " dernier, la police a renforcé sa présence dans les rues du centre, près des gares et des marchés. Nous ne"
    " céderons jamais à la peur : notre ville restera ouverte, tolérante et unie. Les services de renseignement"
    " travaillent jour et nuit avec les communes pour prévenir la radicalisation des jeunes, et chaque citoyen"
    " peut signaler un comportement suspect."
)
GERMAN = (
    "Die Sicherheit unserer Stadt hat für den Bürgermeister und für alle Bewohner höchste Priorität. Nach dem"
    " Anschlag im letzten Monat hat die Polizei ihre Präsenz in den Straßen der Innenstadt, an den Bahnhöfen und"
    " auf den Märkten verstärkt. Wir werden der Angst niemals nachgeben: Unsere Stadt bleibt offen, tolerant und"
    " geeint. Was die Behörden jetzt brauchen, ist Zeit, Geld und das Vertrauen der Menschen, die hier leben und"
    " arbeiten, damit junge Leute nicht radikalisiert werden."
)
SPANISH = (
    "La seguridad de la ciudad es una prioridad para el alcalde y para todos los vecinos. Después del atentado"
    " del mes pasado, la policía ha reforzado su presencia en las calles del centro, cerca de las estaciones y"
    " de los mercados. No cederemos nunca al miedo: nuestra ciudad seguirá abierta, tolerante y unida. Los"
    " servicios de inteligencia trabajan día y noche con los barrios para prevenir la radicalización de los"
    " jóvenes, y cada ciudadano puede avisar a la policía."
)
ENGLISH = (
    "The safety of this city is the first duty of everyone who works for it. After the attack last month, the"
    " police have put more officers on the streets of the centre, near the stations and in the markets. We will"
    " never give in to fear: our city will stay open, tolerant and united. Those who work in intelligence are"
    " with the boroughs day and night to stop young people being drawn into violence, and any of us can report"
    " what looks suspicious."
)


@pytest.mark.parametrize("text", [FRENCH, GERMAN, SPANISH], ids=["French", "German", "Spanish"])
def test_a_paragraph_in_another_language_does_not_look_like_english(text):
    share = english_share(text)
    assert share is not None and share < ENGLISH_MIN_SHARE
    warning = language_warning("speech.txt", text)
    assert warning == (
        f"speech.txt: does not look like English ({round(share * 100)}% of its words are common English words;"
        " the measures are English-only)"
    )


def test_a_short_english_paragraph_looks_like_english():
    share = english_share(ENGLISH)
    assert share is not None and share > 0.35
    assert language_warning("speech.txt", ENGLISH) is None


def test_every_seed_looks_like_english_with_room_to_spare():
    corpus = read_corpus(SEEDS)
    assert language_warnings(corpus) == []
    shares = [english_share(path.read_text(encoding="utf-8")) for path in (d.path for d in corpus.documents)]
    # Each seed scores at least half as much again as the threshold (37% to 45% on the list).
    assert all(share >= 1.5 * ENGLISH_MIN_SHARE for share in shares)


def test_a_text_under_fifty_words_is_not_judged():
    short = " ".join(FRENCH.split()[: LANGUAGE_MIN_WORDS - 1])
    assert english_share(short) is None
    assert language_warning("note.txt", short) is None
    assert english_share(" ".join(FRENCH.split()[:60])) is not None


def test_the_share_counts_listed_words_whatever_their_case():
    # 50 words, 20 of them listed ("The", "and", "of", "it" five times each).
    text = "The city and of it council hall road sign gate " * 5
    assert english_share(text) == 20 / 50


def test_the_function_word_list_holds_the_common_words_in_lower_case():
    listed = function_words()
    assert {"the", "of", "and", "to", "is", "was", "would"} <= listed
    assert all(word == word.lower() and word.isalpha() for word in listed)
    assert not {"time", "people", "say", "london"} & listed


def write_corpus(folder, texts):
    folder.mkdir()
    lines = ["doc_id,file,title,date,genre,author"]
    for doc_id, text in texts.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        lines.append(f"{doc_id},{doc_id}.txt,A speech,2017-06-04,speech,A Mayor")
    (folder / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_loading_a_corpus_warns_of_each_text_that_is_not_english_and_keeps_it(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"en": ENGLISH, "fr": FRENCH, "es": SPANISH})
    inputs = load(corpus)
    assert [d.doc_id for d in inputs.corpus.documents] == ["en", "fr", "es"]
    assert inputs.warnings == (language_warning(corpus / "fr.txt", FRENCH), language_warning(corpus / "es.txt", SPANISH))
    assert list(inputs.warnings) == language_warnings(inputs.corpus)


def test_the_seeds_load_without_warnings():
    assert load(SEEDS).warnings == ()


def test_validate_prints_the_warning_on_stderr_and_succeeds(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "corpus", {"en": ENGLISH, "de": GERMAN})
    assert main(["validate", "--corpus", str(corpus)]) == 0
    captured = capsys.readouterr()
    assert captured.err == f"warning: {language_warning(corpus / 'de.txt', GERMAN)}\n"
    assert captured.err.startswith(f"warning: {corpus / 'de.txt'}: does not look like English (")
    assert "valid" in captured.out


def test_validate_of_the_seeds_warns_of_nothing(capsys):
    assert main(["validate", "--corpus", str(SEEDS)]) == 0
    assert "warning" not in capsys.readouterr().err


def test_export_names_the_text_in_its_summary_and_writes_the_tables(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "corpus", {"en": ENGLISH, "fr": FRENCH})
    out = tmp_path / "out"
    assert main(["export", "--corpus", str(corpus), "--out", str(out), "--n-boot", "20", "--jobs", "1"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == f"warning: {language_warning(corpus / 'fr.txt', FRENCH)}"
    assert (out / "documents.csv").read_text(encoding="utf-8").count("\n") == 3

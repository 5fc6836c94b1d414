"""Rhetoric, readability and framing of terrorism talk in London politics.

The package is one-way data flow, one subpackage per stage::

    corpus (manifest, cleaning, speakers, segments)
      -> text (sentences, tokens, counts, a batch's Words, the phrase matcher)
      -> measures (readability, rhetoric, sentiment, devices, frames, keyness)
      -> stats (the sentence bootstrap)
      -> pipeline (batches, workers) -> output (the CSV export)
      -> book (views, figures, claims: the chapters' layer, imported by no stage)

Every public function returns plain Python objects or a tidy
:class:`pandas.DataFrame`; notebooks only call into it. The names below are
the package's public interface (as scikit-learn's packages re-export their
estimators); ``ARCHITECTURE.md`` says where each stage lives and where a new
measure goes.
"""

__version__ = "0.1.0"

from .corpus.cleaning import CleanedText, Rule, clean_text, read_rules
from .corpus.manifest import Corpus, CorpusError, Document, read_corpus
from .corpus.segments import UNATTRIBUTED, segment_document
from .corpus.speakers import SpeakerTable
from .measures.devices import DEVICE_COLUMNS, DEVICES, device_counts, find_devices
from .measures.frames import (
    FRAMES_COLUMNS,
    KWIC_COLUMNS,
    Scheme,
    SchemeError,
    code_sentences,
    emphasis_table,
    entman_table,
    frame_shares,
    frames_table,
    kwic_table,
    leave_one_out_stability,
    read_hand_coded,
    read_scheme_file,
    schemes,
    validate,
)
from .measures.keyness import KEYNESS_COLUMNS, g2, log_ratio, term_counts, textstat_keyness, top_terms
from .measures.readability import (
    MEASURES,
    automated_readability_index,
    coleman_liau_index,
    dale_chall_readability_score,
    flesch_kincaid_grade,
    flesch_reading_ease,
    gunning_fog,
    linsear_write_formula,
    mattr,
    mtld,
    readability_table,
    smog_index,
    textstat_readability,
)
from .measures.rhetoric import RHETORIC_COLUMNS, feature_names, features, rhetoric_table, sentence_features
from .measures.sentiment import vader_compound
from .output.export import EXPORTED, export
from .output.outdir import OutputFolderError
from .pipeline import CorpusInputs, corpus_tables, load, measure_tables, process_documents, unit_measures
from .stats.bootstrap import DEFAULT_CI, DEFAULT_N_BOOT, UNIT_TYPES, bootstrap_units
from .text.counts import sentence_counts
from .text.language import english_share, language_warning, language_warnings
from .text.matcher import Matcher, glob_matches, phrase_matches
from .text.sentences import sentence_table, split_sentences
from .text.tokens import count_words, tokens, words
from .text.words import Words

__all__ = [
    "DEFAULT_CI",
    "DEFAULT_N_BOOT",
    "DEVICES",
    "DEVICE_COLUMNS",
    "EXPORTED",
    "FRAMES_COLUMNS",
    "KEYNESS_COLUMNS",
    "KWIC_COLUMNS",
    "MEASURES",
    "RHETORIC_COLUMNS",
    "UNATTRIBUTED",
    "UNIT_TYPES",
    "CleanedText",
    "Corpus",
    "CorpusError",
    "CorpusInputs",
    "Document",
    "Matcher",
    "OutputFolderError",
    "Rule",
    "Scheme",
    "SchemeError",
    "SpeakerTable",
    "Words",
    "__version__",
    "automated_readability_index",
    "bootstrap_units",
    "clean_text",
    "code_sentences",
    "coleman_liau_index",
    "corpus_tables",
    "count_words",
    "dale_chall_readability_score",
    "device_counts",
    "emphasis_table",
    "english_share",
    "entman_table",
    "export",
    "feature_names",
    "features",
    "find_devices",
    "flesch_kincaid_grade",
    "flesch_reading_ease",
    "frame_shares",
    "frames_table",
    "g2",
    "glob_matches",
    "gunning_fog",
    "kwic_table",
    "language_warning",
    "language_warnings",
    "leave_one_out_stability",
    "linsear_write_formula",
    "load",
    "log_ratio",
    "mattr",
    "measure_tables",
    "mtld",
    "phrase_matches",
    "process_documents",
    "read_corpus",
    "read_hand_coded",
    "read_rules",
    "read_scheme_file",
    "readability_table",
    "rhetoric_table",
    "schemes",
    "segment_document",
    "sentence_counts",
    "sentence_features",
    "sentence_table",
    "smog_index",
    "split_sentences",
    "term_counts",
    "textstat_keyness",
    "textstat_readability",
    "tokens",
    "top_terms",
    "unit_measures",
    "vader_compound",
    "validate",
    "words",
]

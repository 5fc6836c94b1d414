"""The book layer: what the chapters show and glue, made from the stages' tables.

Nothing in :mod:`analysis` below this package imports it: the stages compute,
the book presents. Its modules, one per concern:

``views``
    HTML tables and views (:func:`show`, :func:`marked_document`,
    :func:`kwic_view`, :func:`devices_view`), and glue of numbers and claims.
``corpus``, ``readability``, ``rhetoric``, ``framing``
    Each chapter's tables and the numbers its prose quotes.
``figures``
    Every figure of the book, in one visual style.
``sensitivity``
    How much the readability scores depend on the implementation
    (textstat, the ``readability`` package).
``claims``
    The claims of ``claims.yaml``, judged on the corpus's tables.

Which documents and speakers a chapter compares is the book's choice, kept
in ``comparisons.yaml`` at the root of the repository
(:func:`read_comparisons`), not in the package.

The names below are those the chapters call, as ``book.show(...)``.
"""

from .corpus import (
    cleaning_summary,
    corpus_numbers,
    corpus_table,
    document_labels,
    notes_table,
    quotes_table,
    speakers_table,
    with_words,
    words_by_speaker,
)
from .framing import (
    COMPARISONS_FILE,
    definitions_table,
    emphasis_overview,
    entman_agreement_view,
    entman_hand_counts,
    entman_numbers,
    framing_numbers,
    outlet_narration,
    over_time,
    read_comparisons,
    shares_overview,
    stability_summary,
    terms_table,
    validation_comparison,
)
from .readability import (
    READABILITY_HEADLINE,
    agreement_numbers,
    document_texts,
    flesch_decomposition,
    readability_numbers,
    readability_overview,
    textstat_comparison,
)
from .rhetoric import (
    SENTIMENT_PROBE,
    compare_units,
    device_numbers,
    feature_table,
    keyness_numbers,
    main_units,
    rhetoric_numbers,
    sentiment_extremes,
    sentiment_numbers,
)
from .views import (
    HTML,
    claim_sections,
    claims_overview,
    devices_view,
    glue_numbers,
    glue_sentences,
    kwic_view,
    marked_document,
    show,
    with_interval,
)

__all__ = [
    "COMPARISONS_FILE",
    "HTML",
    "READABILITY_HEADLINE",
    "SENTIMENT_PROBE",
    "agreement_numbers",
    "claim_sections",
    "claims_overview",
    "cleaning_summary",
    "compare_units",
    "corpus_numbers",
    "corpus_table",
    "definitions_table",
    "device_numbers",
    "devices_view",
    "document_labels",
    "document_texts",
    "emphasis_overview",
    "entman_agreement_view",
    "entman_hand_counts",
    "entman_numbers",
    "feature_table",
    "flesch_decomposition",
    "framing_numbers",
    "glue_numbers",
    "glue_sentences",
    "keyness_numbers",
    "kwic_view",
    "main_units",
    "marked_document",
    "notes_table",
    "outlet_narration",
    "over_time",
    "quotes_table",
    "read_comparisons",
    "readability_numbers",
    "readability_overview",
    "rhetoric_numbers",
    "sentiment_extremes",
    "sentiment_numbers",
    "shares_overview",
    "show",
    "speakers_table",
    "stability_summary",
    "terms_table",
    "textstat_comparison",
    "validation_comparison",
    "with_interval",
    "with_words",
    "words_by_speaker",
]

"""Stage 5f: frames. Every sentence coded with the frames of two schemes, kept as data.

The book's two schemes, each a YAML file in ``analysis/data`` that a researcher
can read (its header explains the format), both written for terrorism and
extremism (their ``domain``); a corpus may bring its own (``frames/*.yaml``,
or files named with ``--frames``: :func:`resolve_schemes`). The schemes are a
value passed to every function that codes (``scheme_list``), never a setting
of the module; :func:`schemes` gives the shipped two:

``contest``
    the four strands of the UK counter-terrorism strategy CONTEST (HM Government
    2018): ``prevent``, ``pursue``, ``protect``, ``prepare``;
``pfc``
    the fifteen dimensions of the Policy Frames Codebook (Boydstun et al. 2014),
    used to annotate the Media Frames Corpus (Card et al. 2015).

Each frame has its definition from the source and indicator *terms*: words or
phrases of word globs (``radicali[sz]*``, ``counter-terrorism police*``)
matched against the words of :func:`analysis.text.tokens.words`, lower-cased, so
every module shares one definition of a word. A term may be case-sensitive
(``Prevent`` the programme, not the verb) and may list false friends under
``unless`` (``disruption to *`` is not the disruption of a plot). Every term
and exclusion carries the reason it is there. Loading validates the file and
names the file and the entry in any error (:class:`SchemeError`).

Coding
------
A sentence *carries* a frame when at least one of the frame's terms matches in
it; ``hits`` counts the matches. Within one frame a match inside a longer match
is not counted again (``counter-terrorism police`` is one pursue hit, not two;
quanteda's ``nested_scope = "key"``); across frames every match counts. The
PFC's residual ``other`` ("any frames that do not fit into the above
categories") is a rule, not a word list: a sentence carries it when it names
the issue (the scheme's ``issue`` terms: terrorism, extremism, attacks) and
carries none of the fourteen named frames; a scheme without ``issue`` terms
has a residual carried by every sentence without a named frame.

Matching is done once for the whole table: the words of all sentences are
given integer codes, each word glob is matched against the *vocabulary* (a few
thousand types, however many tokens), and each term's matches are found from
an index of where each type occurs. The cost is one pass over the tokens plus
work proportional to the number of matches, not to the number of terms times
the number of words. The result depends on each sentence alone, so documents
can be coded in separate processes and concatenated.

The package: :mod:`.dictionary` (the schemes as data: the frame dictionary), :mod:`.coding` (coding
and keyword in context), :mod:`.shares` (unit shares, the frames family of the
measure contract), :mod:`.validation`, :mod:`.entman` and :mod:`.agreement` (the
Entman cue rules against a reader's codes).

Measures
--------
For a unit (a speaker, a document) a frame's ``share`` is the fraction of the
unit's sentences that carry it, with a percentile sentence-bootstrap interval
(Benoit, Munger & Spirling 2019; :func:`analysis.stats.bootstrap.bootstrap_units`),
and ``hits`` the unit's number of indicator matches.

References
----------
Benoit, K., Munger, K., & Spirling, A. (2019). Measuring and explaining
political sophistication through textual complexity. *American Journal of
Political Science*, 63(2), 491-508. [benoit2019]

Boydstun, A. E., Card, D., Gross, J. H., Resnik, P., & Smith, N. A. (2014).
Tracking the development of media frames within and across policy issues.
Working paper. [boydstun2014]

Card, D., Boydstun, A. E., Gross, J. H., Resnik, P., & Smith, N. A. (2015). The
Media Frames Corpus: Annotations of frames across issues. *Proceedings of
ACL-IJCNLP 2015* (Volume 2), 438-444. [card2015]

Entman, R. M. (1993). Framing: Toward clarification of a fractured paradigm.
*Journal of Communication*, 43(4), 51-58. [entman1993]

HM Government (2018). *CONTEST: The United Kingdom's Strategy for Countering
Terrorism*. Cm 9608. [contest2018]
"""

from __future__ import annotations

from ...stats.bootstrap import CAUTION_MIN_SENTENCES
from .agreement import (
    AGREEMENT_COLUMNS,
    ENTMAN_HAND_CODED,
    cohen_kappa,
    entman_agreement,
    entman_cue_codes,
    read_entman_hand_coded,
)
from .coding import (
    code_sentences,
    code_sentences_with_kwic,
    kwic_table,
)
from .dictionary import (
    CORPUS_FRAMES_DIR,
    ENTMAN_EVIDENCE_PER_FUNCTION,
    ENTMAN_FUNCTIONS,
    FRAMES_COLUMNS,
    Frame,
    HAND_CODED,
    HARD,
    KWIC_COLUMNS,
    KWIC_WINDOW,
    SCHEME_NAMES,
    SENTENCE_KEYS,
    SOFT,
    Scheme,
    SchemeError,
    Term,
    VERSIONS,
    corpus_scheme_files,
    frame_columns,
    parse_scheme,
    read_scheme,
    read_scheme_file,
    read_scheme_files,
    resolve_schemes,
    revisions_table,
    schemes,
)
from .entman import (
    EntmanCues,
    entman_table,
    read_entman_cues,
)
from .shares import (
    FAMILY,
    as_unit_table,
    emphasis_table,
    frame_shares,
    frames_table,
    frames_table_from_units,
    sentence_values,
    statistic,
    unit_rows,
)
from .validation import (
    leave_one_out_stability,
    read_hand_coded,
    validate,
)

__all__ = [
    "AGREEMENT_COLUMNS",
    "ENTMAN_HAND_CODED",
    "FAMILY",
    "CAUTION_MIN_SENTENCES",
    "CORPUS_FRAMES_DIR",
    "ENTMAN_EVIDENCE_PER_FUNCTION",
    "ENTMAN_FUNCTIONS",
    "EntmanCues",
    "FRAMES_COLUMNS",
    "Frame",
    "HAND_CODED",
    "HARD",
    "KWIC_COLUMNS",
    "KWIC_WINDOW",
    "SCHEME_NAMES",
    "SENTENCE_KEYS",
    "SOFT",
    "Scheme",
    "SchemeError",
    "Term",
    "VERSIONS",
    "as_unit_table",
    "code_sentences",
    "cohen_kappa",
    "code_sentences_with_kwic",
    "corpus_scheme_files",
    "emphasis_table",
    "entman_agreement",
    "entman_cue_codes",
    "entman_table",
    "frame_columns",
    "frame_shares",
    "frames_table",
    "frames_table_from_units",
    "kwic_table",
    "leave_one_out_stability",
    "parse_scheme",
    "read_entman_cues",
    "read_entman_hand_coded",
    "read_hand_coded",
    "read_scheme",
    "read_scheme_file",
    "read_scheme_files",
    "resolve_schemes",
    "revisions_table",
    "schemes",
    "sentence_values",
    "statistic",
    "unit_rows",
    "validate",
]

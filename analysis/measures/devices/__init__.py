"""Stage 5d: rhetorical devices, found in the sentences and shown with their text.

Each detector finds *instances* a reader can check: the sentences or words of
each instance are in the ``text`` column of :func:`find_devices`. The rules
favour precision over recall (a device missed is better than a device
invented), and each rule's thresholds are data in ``data/devices.yaml``.

Devices
-------
``anaphora``
    Consecutive units opening with the same word or words (Lanham 1991,
    "anaphora"). A unit is a sentence (same document and speaker, consecutive
    sentence ids) or a clause of one sentence (split at ``, ; :`` and
    dashes). One opening coordinating conjunction is skipped and contractions
    are written out, so "I'll promote ... / And I will promote ..." open alike.
    Fragments opening with a relative word continue the sentence before them,
    which joins the run: "I will be the British Muslim who takes the fight to
    the extremists. / Who ensures ... / Who backs ... / And who acts ..." is a
    run of four. A run of three or more units needs one repeated word that is
    not an article, demonstrative, personal pronoun or name; a pair needs two
    repeated words, one of them a content word.
``epistrophe``
    Consecutive units ending with the same words (Lanham 1991), by the same
    tests: "... in keeping Londoners safe. / ... than keeping Londoners safe."
``tricolon``
    A list of three or more parallel items, "A, B and C" (Atkinson 1984's
    "three-part list"); ``length`` is the number of items. The middle items
    must be short phrases, not clauses (see ``data/devices.yaml``).
``repetition``
    A phrase of three or more words a speaker says at least twice in one
    document, compared by Snowball stems (Porter 2001), so "keep Londoners
    safe" and "keeping Londoners safe" are one phrase; ``length`` is the
    number of occurrences and ``text`` lists the forms used, most frequent
    first. Only a phrase's longest form with the same number of occurrences
    is listed. Phrases are compared over at most ``max_words`` words (20): a
    longer repeated passage is listed once, as its first 20 words, and a
    run-on text (one word said thousands of times) costs its length times
    20, not its length squared.
``rhetorical_question``
    A question (a sentence ending in ``?``) that nobody else answers: the
    next sentence of the document is the same speaker's, or there is none
    (Lanham 1991, "erotesis"). A question put by an interviewer and answered
    by the interviewee is not rhetorical.
``antithesis``
    A contrast of two parallel parts in one sentence (Lanham 1991; Atkinson
    1984's "contrast"): "not X but Y", where "not" negates a phrase rather than
    a clause and Y does not open with a subject pronoun ("Not because they are
    more responsible ..., but because they can be most effective ..."), and
    "on the one hand ... on the other".

Known limits: a device spread over a speaker's turns in different segments
of a news story is found only if its sentences are consecutive; lists whose
middle items are long clauses, antitheses without "not" ("deeds, not words";
"difficult but necessary") and questions without a question mark are missed;
openings and endings are compared over their first (last) eight words.

The package: :mod:`.lexicon` (the rules of ``data/devices.yaml`` and what they ask of each word form),
:mod:`.sentences` (sentences, words and clause breaks), :mod:`.candidates`
(the cheap array tests), one module per family of detectors
(:mod:`.detectors`, :mod:`.tricolon`, :mod:`.repetition`) and :mod:`.find`
(the table).

References
----------
Atkinson, J. M. (1984). *Our Masters' Voices: The Language and Body Language
of Politics*. Methuen. [atkinson1984]

Lanham, R. A. (1991). *A Handlist of Rhetorical Terms* (2nd ed.). University
of California Press. [lanham1991]

Porter, M. F. (2001). Snowball: A language for stemming algorithms.
https://snowballstem.org/texts/introduction.html [porter2001]
"""

from __future__ import annotations

from .find import device_counts, find_devices
from .lexicon import DEVICE_COLUMNS, DEVICES, RULES_FILE, Rules, rules

__all__ = ["DEVICES", "DEVICE_COLUMNS", "RULES_FILE", "Rules", "device_counts", "find_devices", "rules"]

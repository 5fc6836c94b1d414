"""The measures: one module (or package) per family, each honouring the contract of :mod:`.family`.

``readability`` (formulas, lexical diversity, units), ``rhetoric`` (lexicon
features and sentiment per 1,000 words), ``sentiment`` (VADER's compound
score), ``devices`` (rhetorical devices found in the text), ``frames``
(dictionary coding, shares, KWIC, validation, Entman) and ``keyness``.
:data:`FAMILIES` are the families with intervals, in the order of the
export's tables; :func:`analysis.measures.family.unit_tables` computes them.
"""

from .family import Family, UnitSentences, unit_tables
from .frames import FAMILY as FRAMES
from .readability import FAMILY as READABILITY
from .rhetoric import FAMILY as RHETORIC

#: The measure families with intervals, as the export computes them together.
FAMILIES = (READABILITY, RHETORIC, FRAMES)

__all__ = ["FAMILIES", "Family", "UnitSentences", "unit_tables"]

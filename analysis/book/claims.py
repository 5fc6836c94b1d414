"""Claims: the book's interpretive sentences as data, each with a condition its tables must meet.

A number in the book is computed; the sentence that interprets it ("the
speech is plainer than the press release", "none of the campaign's sentences
is about protection") is a claim about the numbers, and can be false. A
*claim* declares such a sentence once, with the evidence it rests on and a
condition; evaluating it against the corpus's tables says whether it holds,
and renders the sentence with its numbers. A chapter glues the rendered
sentence, and refuses to execute when one of its claims fails
(:func:`check`): a false sentence is never published and never reworded by
a program.

Claims are read from a YAML file (the book keeps its own in ``claims.yaml``);
which speakers and documents are compared is the book's business, not this
module's. Each claim is a mapping with ``id``, ``chapter`` (the page that
makes it), ``kind``, ``sentence`` (a :meth:`str.format` template whose
fields are the evidence numbers) and the keys of its kind:

``above`` / ``below``
    ``a`` is above (below) ``b`` on ``measure`` of ``table``: the percentile
    bootstrap interval of the difference ``a - b`` lies wholly above (below)
    zero. Fields ``a``, ``a_low``, ``a_high``, ``b``, ``b_low``, ``b_high``,
    ``diff``, ``diff_low``, ``diff_high``.
``no_clear_difference``
    The interval of ``a - b`` contains zero. The sentence must print
    ``{diff_low}`` and ``{diff_high}``: "no clear difference" is only said
    with the interval that shows how large a difference the texts allow.
``largest`` / ``smallest``
    Of ``units``, ``expect`` has the largest (smallest) value of ``measure``
    (``rank: k`` for the k-th). Fields ``value``, ``next`` (the unit ranked
    after it), ``next_value``, ``margin``.
``robust``
    Of ``units``, ``expect`` is the extreme (``order`` per measure, largest
    or smallest) in at least ``at_least`` of ``measures``. Fields ``k``,
    ``n``.
``none`` / ``all`` / ``count``
    Rows of ``table`` matching ``where``: ``none`` holds when they sum to
    zero in ``column`` (or there are none, without ``column``); ``all`` when
    every such row also matches ``require`` (and there is at least one);
    ``count`` when their number (or sum of ``column``) equals ``equals``.
    Fields ``n`` and, for ``all``, ``total``.
``above_value`` / ``below_value``
    ``unit``'s ``measure`` is above (below) ``value``; with ``judge:
    interval``, its whole interval is. Fields ``unit_value``, ``low``,
    ``high``, ``value``.

A unit is a mapping ``{speaker: NAME}``, ``{occasion: NAME @ DOC_ID}`` (a
speaker of several documents in one of them) or ``{document: DOC_ID}``, with an
optional ``measure`` of its own: ``a`` and ``b`` the same unit under two
measures is a *paired* comparison, both from the same resamples.

Measures: ``readability`` (a column of ``readability.csv``),
``rhetoric`` (a feature of ``rhetoric.csv``), ``frames`` (``scheme:frame``
of ``frames.csv``; values are shares, 0 to 1, so templates use ``{a:.0%}``),
``devices`` (``instances`` or ``per_1000_words`` of a document). ``keyness``
(the rows of ``keyness.csv``: each speaker's words past both thresholds of
:mod:`analysis.measures.keyness`) takes the row-count kinds ``none``, ``all`` and
``count``.

The difference intervals come from the replicates behind each unit's own
interval (:func:`unit_replicates`): each unit's stream depends only on the
seed and the unit (:func:`analysis.stats.bootstrap.unit_seed`), so two units'
replicate vectors are independent draws and their difference is the
bootstrap distribution of the difference; one unit under two measures is
resampled once, so its difference is paired.

References
----------
Benoit, K., Munger, K., & Spirling, A. (2019). Measuring and explaining
political sophistication through textual complexity. *American Journal of
Political Science*, 63(2), 491-508. [benoit2019]

Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*,
ch. 13 (percentile intervals) and 16 (two-sample problems). Chapman & Hall.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .. import pipeline
from ..measures import frames, readability, rhetoric
from ..measures.family import UnitSentences
from ..paths import data_file
from ..stats.bootstrap import (
    DEFAULT_CI,
    DEFAULT_N_BOOT,
    UNIT_TYPES,
    percentile_interval,
    resample_sums,
    sentence_order,
    unit_seed,
    with_unit_column,
)

CLAIMS_FILE = "claims.yaml"

COMPARE_KINDS = ("above", "below", "no_clear_difference")
RANK_KINDS = ("largest", "smallest")
COUNT_KINDS = ("none", "all", "count")
VALUE_KINDS = ("above_value", "below_value")
KINDS = (*COMPARE_KINDS, *RANK_KINDS, "robust", *COUNT_KINDS, *VALUE_KINDS)
TABLES = ("readability", "rhetoric", "frames", "devices", "emphasis", "documents", "keyness")
#: Measures of the tables without replicates (their units cannot be compared by ``above``/``below``).
EMPHASIS_MEASURES = ("hard", "soft", "difference")
DOCUMENT_MEASURES = ("speakers", "quoted_share")
DEVICE_MEASURES = ("instances", "per_1000_words")

_COMMON_KEYS = {"id", "chapter", "kind", "sentence"}
_KIND_KEYS = {
    **{k: ({"table", "a", "b"}, {"measure"}) for k in COMPARE_KINDS},
    **{k: ({"table", "measure", "units", "expect"}, {"rank"}) for k in RANK_KINDS},
    "robust": ({"table", "units", "expect", "measures", "at_least"}, set()),
    "none": ({"table", "where"}, {"column"}),
    "all": ({"table", "where", "require"}, set()),
    "count": ({"table", "where"}, {"column", "equals", "at_least"}),
    **{k: ({"table", "measure", "unit", "value"}, {"judge"}) for k in VALUE_KINDS},
}


class ClaimError(ValueError):
    """A claim that cannot be evaluated (bad file, unknown unit, measure or table)."""


class ClaimFailed(AssertionError):
    """One or more claims whose condition does not hold; the message names each."""


@dataclass(frozen=True)
class Claim:
    """One declared claim: its id, the chapter that makes it, its kind, its sentence template and its spec."""

    id: str
    chapter: str
    kind: str
    sentence: str
    spec: dict


@dataclass
class Result:
    """A claim evaluated: whether it holds, its evidence numbers and its rendered sentence."""

    claim: Claim
    holds: bool
    fields: dict = field(default_factory=dict)

    @property
    def sentence(self) -> str:
        return self.claim.sentence.format(**self.fields)

    def evidence(self) -> str:
        """The evidence numbers as ``name=value`` pairs, floats to 4 significant digits."""
        return ", ".join(f"{k}={_short(v)}" for k, v in self.fields.items())


def _short(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


# --- Reading ---------------------------------------------------------------


def read_claims(path: Path | str) -> list[Claim]:
    """Read and check a claims file (a YAML mapping with a ``claims`` list).

    Raises
    ------
    ClaimError
        Naming the file and the claim, for a missing or unknown key, an
        unknown kind, a duplicate id, or a sentence template with fields its
        kind does not give.
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ClaimError(f"{path}: cannot read claims: {err}") from None
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list):
        raise ClaimError(f"{path}: expected a mapping with a 'claims' list")
    claims, seen = [], set()
    for number, entry in enumerate(data["claims"], start=1):
        claims.append(parse_claim(entry, f"{path}: claim {number}"))
        if claims[-1].id in seen:
            raise ClaimError(f"{path}: claim {claims[-1].id!r} is declared twice")
        seen.add(claims[-1].id)
    return claims


def parse_claim(entry: object, where: str = "claim") -> Claim:
    """One claim from its mapping; see the module docstring for the keys of each kind."""
    if not isinstance(entry, dict):
        raise ClaimError(f"{where}: expected a mapping")
    if isinstance(entry.get("id"), str):
        where = f"{where} ({entry['id']})"
    kind = entry.get("kind")
    if kind not in KINDS:
        raise ClaimError(f"{where}: kind must be one of {list(KINDS)}, not {kind!r}")
    required, optional = _KIND_KEYS[kind]
    missing = sorted((_COMMON_KEYS | required) - set(entry))
    unknown = sorted(set(entry) - _COMMON_KEYS - required - optional)
    if missing or unknown:
        raise ClaimError(f"{where}: " + "; ".join(
            [f"missing key(s) {missing}"] * bool(missing) + [f"unknown key(s) {unknown}"] * bool(unknown)))
    for key in ("id", "chapter", "sentence"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise ClaimError(f"{where}: {key} must be a non-empty string")
    if not entry["id"].replace("_", "").isalnum() or not entry["id"][0].isalpha():
        raise ClaimError(f"{where}: id must be letters, digits and underscores")
    if entry["table"] not in TABLES:
        raise ClaimError(f"{where}: table must be one of {list(TABLES)}, not {entry['table']!r}")
    names = {f for _, f, _, _ in string.Formatter().parse(entry["sentence"]) if f}
    allowed = _FIELDS[kind]
    if names - allowed:
        raise ClaimError(f"{where}: the sentence uses field(s) {sorted(names - allowed)}; {kind} gives {sorted(allowed)}")
    if kind == "no_clear_difference" and not {"diff_low", "diff_high"} <= names:
        raise ClaimError(f"{where}: 'no clear difference' must print the interval of the difference "
                         "({diff_low} and {diff_high})")
    spec = {k: v for k, v in entry.items() if k not in _COMMON_KEYS}
    return Claim(entry["id"], entry["chapter"], kind, " ".join(entry["sentence"].split()), spec)


_COMPARE_FIELDS = {"a", "a_low", "a_high", "b", "b_low", "b_high", "diff", "diff_low", "diff_high"}
_FIELDS = {
    **{k: _COMPARE_FIELDS for k in COMPARE_KINDS},
    **{k: {"value", "next", "next_value", "margin"} for k in RANK_KINDS},
    "robust": {"k", "n"},
    "none": {"n"},
    "all": {"n", "total"},
    "count": {"n"},
    **{k: {"unit_value", "low", "high", "value"} for k in VALUE_KINDS},
}


# --- Evidence --------------------------------------------------------------


class Evidence:
    """The tables a claim is judged on, and the bootstrap replicates behind their intervals.

    Parameters
    ----------
    tables
        :func:`analysis.pipeline.corpus_tables` joined with
        :func:`analysis.pipeline.measure_tables` (the sentence tables
        ``counts`` with its ``tokens``, ``features`` and ``frames_coded`` are
        needed for the replicates; ``documents`` and ``devices`` for device
        rates).
    n_boot, random_state
        Those the measure tables were made with.
    """

    def __init__(self, tables: dict[str, pd.DataFrame], n_boot: int = DEFAULT_N_BOOT, random_state: int = 0):
        self.tables = tables
        self.n_boot = n_boot
        self.random_state = random_state
        self._replicates: dict[tuple, np.ndarray] = {}

    @classmethod
    def from_corpus(cls, corpus_dir: Path | str, n_boot: int = DEFAULT_N_BOOT, random_state: int = 0) -> Evidence:
        """The evidence of a corpus folder, computed as the export computes it."""
        tables = pipeline.corpus_tables(pipeline.load(corpus_dir), n_boot=n_boot, random_state=random_state)
        measures = pipeline.measure_tables(tables, n_boot=n_boot, random_state=random_state)
        return cls(tables | measures, n_boot, random_state)

    def value(self, table: str, unit_type: str, unit: str, measure: str, who: str) -> tuple[float, float, float]:
        """``(estimate, ci_low, ci_high)`` of ``unit``'s ``measure`` (``who`` names the claim in errors)."""
        if table == "readability":
            t = self.tables["readability"]
            if measure not in readability.MEASURES:
                raise ClaimError(f"{who}: readability has no measure {measure!r}")
            row = self._row(t[(t["unit_type"] == unit_type) & (t["unit"] == unit)], table, unit_type, unit, who)
            return float(row[measure]), float(row[f"{measure}_ci_low"]), float(row[f"{measure}_ci_high"])
        if table == "rhetoric":
            t = self.tables["rhetoric"]
            if measure not in set(t["feature"]):
                raise ClaimError(f"{who}: rhetoric has no feature {measure!r}")
            rows = t[(t["unit_type"] == unit_type) & (t["unit"] == unit) & (t["feature"] == measure)]
            row = self._row(rows, table, unit_type, unit, who)
            return float(row["value"]), float(row["ci_low"]), float(row["ci_high"])
        if table == "frames":
            scheme, frame = self._frame(measure, who)
            t = self.tables["frames"]
            rows = t[(t["unit_type"] == unit_type) & (t["unit"] == unit) & (t["scheme"] == scheme) & (t["frame"] == frame)]
            row = self._row(rows, table, unit_type, unit, who)
            return float(row["share"]), float(row["ci_low"]), float(row["ci_high"])
        if table == "emphasis":
            if unit_type != "speaker" or measure not in EMPHASIS_MEASURES:
                raise ClaimError(f"{who}: emphasis gives {list(EMPHASIS_MEASURES)} of speakers, not {measure!r} of a {unit_type}")
            t = self.table("emphasis")
            row = self._row(t[t["speaker"] == unit], table, unit_type, unit, who)
            return float(row[measure]), float(row[f"{measure}_ci_low"]), float(row[f"{measure}_ci_high"])
        if table == "documents":
            if unit_type != "document" or measure not in DOCUMENT_MEASURES:
                raise ClaimError(f"{who}: documents gives {list(DOCUMENT_MEASURES)} of documents, not {measure!r}")
            counts = self.tables["counts"]
            mine = counts[counts["doc_id"] == unit]
            if mine.empty:
                raise ClaimError(f"{who}: documents has no document {unit!r}")
            if measure == "speakers":
                return float(mine["speaker"].nunique()), np.nan, np.nan
            return float(mine.loc[mine["kind"] == "quote", "words"].sum() / mine["words"].sum()), np.nan, np.nan
        if table == "devices":
            if unit_type != "document" or measure not in DEVICE_MEASURES:
                raise ClaimError(f"{who}: devices gives {list(DEVICE_MEASURES)} of documents, not {measure!r} of a {unit_type}")
            docs = self.tables["documents"]
            words = docs.loc[docs["doc_id"] == unit, "words_analysed"]
            if words.empty:
                raise ClaimError(f"{who}: devices has no document {unit!r}")
            n = float((self.tables["devices"]["doc_id"] == unit).sum())
            value = n if measure == "instances" else rhetoric.PER_WORDS * n / float(words.iloc[0])  # per 1,000 words, as rhetoric
            return value, np.nan, np.nan
        raise ClaimError(f"{who}: unknown table {table!r}")

    def table(self, name: str) -> pd.DataFrame:
        """A table by name; ``emphasis`` (hard and soft CONTEST strands by speaker) is made on first use."""
        if name == "emphasis" and name not in self.tables:
            self.tables[name] = frames.emphasis_table(self.tables["frames_coded"], n_boot=self.n_boot,
                                                      random_state=self.random_state)
        if name not in self.tables:
            raise ClaimError(f"no table {name!r}")
        return self.tables[name]

    @staticmethod
    def _row(rows: pd.DataFrame, table: str, unit_type: str, unit: str, who: str) -> pd.Series:
        if rows.empty:
            raise ClaimError(f"{who}: {table} has no {unit_type} {unit!r}")
        return rows.iloc[0]

    @staticmethod
    def _frame(measure: str, who: str) -> tuple[str, str]:
        scheme, _, frame = str(measure).partition(":")
        known = {(c[0], c[1]) for c in frames.frame_columns(frames.schemes())}
        if (scheme, frame) not in known:
            raise ClaimError(f"{who}: frames has no measure {measure!r} (write scheme:frame, e.g. contest:prevent)")
        return scheme, frame

    def replicates(self, table: str, unit_type: str, unit: str, measure: str, who: str = "claim") -> np.ndarray:
        """The ``n_boot`` bootstrap replicates of ``unit``'s ``measure`` (see :func:`unit_replicates`)."""
        self.value(table, unit_type, unit, measure, who)  # a clear error for an unknown unit or measure
        key = (table, unit_type, unit, measure)
        if key not in self._replicates:
            if table not in ("readability", "rhetoric", "frames"):
                raise ClaimError(f"{who}: {table} has no replicates; compare units of readability, rhetoric or frames")
            self._replicates[key] = unit_replicates(
                self.tables, table, unit_type, unit, measure, self.n_boot, self.random_state
            )
        return self._replicates[key]


def unit_replicates(
    tables: dict[str, pd.DataFrame],
    table: str,
    unit_type: str,
    unit: str,
    measure: str,
    n_boot: int = DEFAULT_N_BOOT,
    random_state: int = 0,
) -> np.ndarray:
    """The bootstrap replicates behind one unit's interval of one measure, ``(n_boot,)``.

    The export draws each unit's resamples from its own stream
    (:func:`analysis.stats.bootstrap.unit_seed` of the seed and the unit), lays the
    unit's sentences out in reading order and sums each measure family's
    per-sentence columns with the drawn weights
    (:func:`analysis.stats.bootstrap.bootstrap_groups`). The draws depend only on
    the stream and the number of sentences, so resampling this unit's rows of
    one family alone gives the same weights, and the same replicates: their
    percentile interval is the exported ``ci_low``, ``ci_high`` (unless the
    export widened it to contain its estimate; see
    :func:`analysis.stats.bootstrap.contain`).

    Parameters
    ----------
    tables
        With ``counts`` (and its ``tokens``), ``features`` and ``frames_coded``.
    table
        ``"readability"``, ``"rhetoric"`` or ``"frames"``.
    unit_type, unit
        ``"speaker"``, ``"occasion"`` or ``"document"``, and its name, ``<speaker> @ <doc_id>`` or doc_id.
    measure
        A readability measure, a rhetoric feature or ``scheme:frame``.
    n_boot, random_state
        As the export was made with.
    """
    column = UNIT_TYPES[unit_type]
    source = {"readability": "counts", "rhetoric": "features", "frames": "frames_coded"}[table]
    # Occasions are decided on the whole corpus, as the export decides them.
    sentences = with_unit_column(tables[source], unit_type)
    rows_of_unit = sentences[column].astype(str) == unit
    if not rows_of_unit.any():
        raise ClaimError(f"{table} has no {unit_type} {unit!r}")
    sub = sentences[rows_of_unit].reset_index(drop=True)
    order = sentence_order(sub, [column])
    keys = sub[[column]].take(order).reset_index(drop=True)
    # The family's own side of the measure contract, as the export drew it.
    family = {"readability": readability.FAMILY, "rhetoric": rhetoric.FAMILY, "frames": frames.FAMILY}[table]
    matrix = family.sentence_values(UnitSentences({family.table: sub}, unit_type, order, keys))
    stat = family.statistic
    if table == "readability":
        index = readability.MEASURES.index(measure)
    elif table == "rhetoric":
        index = [*(f.name for f in rhetoric.features() if f.is_rate), "sentiment"].index(measure)
    else:
        scheme, _, frame = measure.partition(":")
        columns = [(c[0], c[1]) for c in frames.frame_columns(frames.schemes())]
        index = columns.index((scheme, frame))
    rng = np.random.default_rng(unit_seed(random_state, (keys.iloc[0, 0],)))
    sums = resample_sums(matrix, n_boot, rng)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(stat(sums), dtype=float)[index]


# --- Evaluation ------------------------------------------------------------


def _unit(spec: object, who: str, key: str) -> tuple[str, str, str | None]:
    """``(unit_type, unit, measure or None)`` of a unit mapping such as ``{speaker: Sadiq Khan}``."""
    if isinstance(spec, str):
        raise ClaimError(f"{who}: {key} must be a mapping such as {{speaker: NAME}}, {{occasion: NAME @ DOC_ID}} or {{document: DOC_ID}}")
    if not isinstance(spec, dict):
        raise ClaimError(f"{who}: {key} must be a mapping, not {spec!r}")
    types = [t for t in UNIT_TYPES if t in spec]
    extra = set(spec) - set(UNIT_TYPES) - {"measure"}
    if len(types) != 1 or extra:
        raise ClaimError(f"{who}: {key} must name one speaker, occasion or document (and optionally a measure), not {spec!r}")
    return types[0], str(spec[types[0]]), spec.get("measure")


def evaluate(claim: Claim, evidence: Evidence, ci: float = DEFAULT_CI) -> Result:
    """Evaluate one claim: whether its condition holds, with its evidence numbers.

    Raises
    ------
    ClaimError
        Naming the claim, when it names a unit, measure or table that does not exist.
    """
    who = f"claim {claim.id}"
    s, kind, table = claim.spec, claim.kind, claim.spec["table"]
    if kind in COMPARE_KINDS:
        (ta, ua, ma), (tb, ub, mb) = _unit(s["a"], who, "a"), _unit(s["b"], who, "b")
        ma, mb = ma or s.get("measure"), mb or s.get("measure")
        if ma is None or mb is None:
            raise ClaimError(f"{who}: give a measure (for the claim, or for each of a and b)")
        a = evidence.value(table, ta, ua, ma, who)
        b = evidence.value(table, tb, ub, mb, who)
        # Independent units: their streams are independent, so their replicate vectors
        # are subtracted as drawn. One unit under two measures: the same draws (paired).
        diff = evidence.replicates(table, ta, ua, ma, who) - evidence.replicates(table, tb, ub, mb, who)
        if not np.isfinite(diff).all():
            raise ClaimError(f"{who}: the difference is undefined in some resamples; no interval to judge it by")
        low, high = (float(x) for x in percentile_interval(diff, ci))
        fields = dict(a=a[0], a_low=a[1], a_high=a[2], b=b[0], b_low=b[1], b_high=b[2],
                      diff=a[0] - b[0], diff_low=low, diff_high=high)
        holds = {"above": low > 0, "below": high < 0, "no_clear_difference": low <= 0 <= high}[kind]
        return Result(claim, bool(holds), fields)
    if kind in RANK_KINDS:
        ranked = _ranked(evidence, table, s["measure"], s["units"], kind, who)
        position = int(s.get("rank", 1))
        expect = _unit(s["expect"], who, "expect")
        expect = (expect[0], expect[1], expect[2] or s["measure"])
        if expect not in [u for u, _ in ranked]:
            raise ClaimError(f"{who}: expect {expect[1]!r} is not among the units")
        if not 1 <= position <= len(ranked):
            raise ClaimError(f"{who}: rank {position} of {len(ranked)} units")
        (unit, value) = ranked[position - 1]
        nxt = ranked[position] if position < len(ranked) else (("", "(none)", ""), np.nan)
        mine = dict(ranked)[expect]
        same_unit = len({key[:2] for key, _ in ranked}) == 1
        fields = dict(value=mine, next=nxt[0][2] if same_unit else nxt[0][1], next_value=nxt[1], margin=abs(mine - nxt[1]))
        tied = position < len(ranked) and nxt[1] == value
        return Result(claim, unit == expect and not tied, fields)
    if kind == "robust":
        expect = _unit(s["expect"], who, "expect")[:2]
        expect = (*expect, None)
        wins = 0
        if not isinstance(s["measures"], dict) or not s["measures"]:
            raise ClaimError(f"{who}: measures must map each measure to largest or smallest")
        for measure, order in s["measures"].items():
            if order not in RANK_KINDS:
                raise ClaimError(f"{who}: measure {measure!r}: order must be largest or smallest, not {order!r}")
            ranked = [((u[0], u[1], None), v) for u, v in _ranked(evidence, table, measure, s["units"], order, who)]
            wins += ranked[0][0] == expect and (len(ranked) < 2 or ranked[1][1] != ranked[0][1])
        fields = dict(k=int(wins), n=len(s["measures"]))
        return Result(claim, wins >= int(s["at_least"]), fields)
    if kind in COUNT_KINDS:
        rows = _where(evidence, table, s["where"], who)
        column = s.get("column")
        if column is not None and column not in rows.columns:
            raise ClaimError(f"{who}: {table} has no column {column!r}")
        n = int(rows[column].sum()) if column else len(rows)
        if kind == "none":
            return Result(claim, n == 0, dict(n=n))
        if kind == "count":
            if ("equals" in s) == ("at_least" in s):
                raise ClaimError(f"{who}: a count claim takes equals or at_least (one of them)")
            holds = n == int(s["equals"]) if "equals" in s else n >= int(s["at_least"])
            return Result(claim, holds, dict(n=n))
        matching = len(_filter(rows, s["require"], table, who))
        return Result(claim, len(rows) > 0 and matching == len(rows), dict(n=matching, total=len(rows)))
    unit_type, unit, _ = _unit(s["unit"], who, "unit")
    value, low, high = evidence.value(table, unit_type, unit, s["measure"], who)
    judge = s.get("judge", "estimate")
    if judge not in ("estimate", "interval"):
        raise ClaimError(f"{who}: judge must be estimate or interval, not {judge!r}")
    threshold = float(s["value"])
    if kind == "above_value":
        holds = (low if judge == "interval" else value) > threshold
    else:
        holds = (high if judge == "interval" else value) < threshold
    return Result(claim, bool(holds), dict(unit_value=value, low=low, high=high, value=threshold))


def _ranked(evidence: Evidence, table: str, measure: str, units: object, order: str, who: str) -> list:
    if not isinstance(units, list) or len(units) < 2:
        raise ClaimError(f"{who}: units must list at least two units")
    values = []
    for i, spec in enumerate(units):
        unit_type, unit, own = _unit(spec, who, f"units[{i}]")
        own = own or measure
        values.append(((unit_type, unit, own), evidence.value(table, unit_type, unit, own, who)[0]))
    return sorted(values, key=lambda item: -item[1] if order == "largest" else item[1])


def _where(evidence: Evidence, table: str, where: object, who: str) -> pd.DataFrame:
    if table == "documents":
        return _filter(evidence.tables["documents"], where, table, who)
    return _filter(evidence.table(table), where, table, who)


def _filter(rows: pd.DataFrame, where: object, table: str, who: str) -> pd.DataFrame:
    """Rows whose columns equal the given values (a list: any of them)."""
    if not isinstance(where, dict) or not where:
        raise ClaimError(f"{who}: where/require must be a mapping of column to value(s)")
    mask = pd.Series(True, index=rows.index)
    for column, wanted in where.items():
        if column not in rows.columns:
            raise ClaimError(f"{who}: {table} has no column {column!r}")
        if isinstance(wanted, dict):  # {below: x}, {above: x}, {at_least: x}: a numeric condition
            ops = {"below": np.less, "above": np.greater, "at_least": np.greater_equal, "at_most": np.less_equal}
            if len(wanted) != 1 or next(iter(wanted)) not in ops:
                raise ClaimError(f"{who}: {column}: a numeric condition is one of {sorted(ops)}, not {wanted!r}")
            op, bound = next(iter(wanted.items()))
            mask &= ops[op](pd.to_numeric(rows[column]), float(bound))
            continue
        wanted = wanted if isinstance(wanted, list) else [wanted]
        present = set(rows[column].astype(str))
        if column in ("unit", "feature", "frame", "scheme", "target") and not set(map(str, wanted)) & present:
            raise ClaimError(f"{who}: {table} has no {column} {wanted!r}")
        mask &= rows[column].astype(str).isin([str(w) for w in wanted])
    return rows[mask]


def evaluate_all(claims: list[Claim], evidence: Evidence) -> list[Result]:
    """Every claim evaluated, in order (raises :class:`ClaimError` on the first claim that cannot be)."""
    return [evaluate(claim, evidence) for claim in claims]


def failure_message(failed: list[Result]) -> str:
    """One paragraph per failed claim: id, chapter, sentence and evidence, and what to do."""
    lines = [f"{len(failed)} claim(s) do not hold; rewrite the sentence (or its claim) by hand:"]
    for r in failed:
        lines.append(f"  {r.claim.id} ({r.claim.chapter}, {r.claim.kind}): {r.sentence}")
        lines.append(f"    evidence: {r.evidence()}")
    return "\n".join(lines)


def check(claims: list[Claim], evidence: Evidence, chapter: str | None = None) -> dict[str, str]:
    """Evaluate the claims of ``chapter`` (all when ``None``); their rendered sentences to glue.

    Returns
    -------
    dict of str to str
        ``claim_<id>`` to the rendered sentence of each claim.

    Raises
    ------
    ClaimFailed
        When any condition fails, naming every failing claim with its sentence and evidence.
    ClaimError
        When a claim cannot be evaluated.
    """
    chosen = [c for c in claims if chapter is None or c.chapter == chapter]
    if chapter is not None and not chosen:
        raise ClaimError(f"no claims for chapter {chapter!r}")
    results = evaluate_all(chosen, evidence)
    failed = [r for r in results if not r.holds]
    if failed:
        raise ClaimFailed(failure_message(failed))
    return {f"claim_{r.claim.id}": r.sentence for r in results}


def claims_table(results: list[Result], pages: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per evaluated claim: ``claim_id``, ``chapter``, ``kind``, ``sentence``, ``evidence``, ``holds``."""
    return pd.DataFrame(
        {
            "claim_id": [r.claim.id for r in results],
            "chapter": [r.claim.chapter for r in results],
            "kind": [r.claim.kind for r in results],
            "sentence": [r.sentence for r in results],
            "evidence": [r.evidence() for r in results],
            "holds": [bool(r.holds) for r in results],
        },
        columns=["claim_id", "chapter", "kind", "sentence", "evidence", "holds"],
    )


# --- Scanning prose for unbacked comparisons --------------------------------

CLAIM_WORDS_FILE = data_file("claim_words.yaml")
_MARKER = r"<!--\s*claim:\s*([\w\s,]+?)\s*-->"


def claim_words(path: Path | str = CLAIM_WORDS_FILE) -> frozenset[str]:
    """The comparative words a sentence may hold only when backed by a claim."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return frozenset(w.lower() for w in data["words"])


def prose_sentences(markdown: str) -> list[str]:
    """The sentences of a Markdown text, code blocks, headings and labels left out.

    A claim marker ``<!-- claim: id -->`` written after a sentence's full stop
    stays with that sentence.
    """
    import re

    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    lines = [line for line in text.splitlines() if not re.match(r"\s*(#|\([\w-]+\)=\s*$)", line)]
    text = " ".join(" ".join(lines).split())
    text = re.sub(r"([.!?:;])(\s*" + _MARKER + ")", r"\2\1", text)
    return [s for s in re.split(r"(?<=[.!?;])\s+(?=[A-Z*\"“(\-{])", text) if s.strip()]


def unbacked_sentences(markdown: str, words: frozenset[str], method: list[str], claim_ids: set[str]) -> list[str]:
    """Sentences holding a comparative word that no claim backs and no method entry excuses.

    A sentence is backed when it glues a claim (``{glue:md}`claim_<id>```) or
    carries a marker ``<!-- claim: id[, id] -->`` naming known claims; it is
    excused when it starts with one of ``method`` (sentences of method, each
    listed with its reason in the claims file).
    """
    import re

    problems = []
    for sentence in prose_sentences(markdown):
        plain = re.sub(r"\{glue:\w+\}`[^`]*`", " ", sentence)
        plain = re.sub(_MARKER, " ", plain)
        found = set(re.findall(r"[a-z]+", plain.lower())) & words
        if not found:
            continue
        glued = set(re.findall(r"\{glue:md\}`claim_(\w+)`", sentence))
        marked = {i.strip() for m in re.findall(_MARKER, sentence) for i in m.split(",") if i.strip()}
        if (glued or marked) and (glued | marked) <= claim_ids:
            continue
        if any(" ".join(sentence.split()).startswith(" ".join(m.split())) for m in method):
            continue
        problems.append(f"{sentence} [{', '.join(sorted(found))}]")
    return problems

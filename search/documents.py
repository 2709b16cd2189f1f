"""Index definitions (DSL documents and analyzers) and how a document is made from the
database values that `search.selectors` reads.

Each index is an alias (`<prefix>-enterprises`) over a versioned concrete index
(`<prefix>-enterprises-v3`), so a rebuild can fill a new concrete index and swap the alias
atomically. While a rebuild runs, a second alias (`<prefix>-enterprises-rebuilding`)
names the new index so the sync worker writes every change to both.

Chinese analysis uses only the standard modules: single-character n-grams for exact
substrings (phrase queries over positions), character bigrams for ranking loose partial
input, `cjk_width` for full-width forms. Traditional characters and pinyin are computed
in Python (`search.chinese`).
"""

import datetime
import hashlib
from dataclasses import dataclass

import orjson
from django.conf import settings

from . import chinese
from .client import (
    Date,
    Document,
    Index,
    InnerDoc,
    Integer,
    Keyword,
    Long,
    MetaField,
    Nested,
    Object,
    ScaledFloat,
    Text,
    analyzer,
    char_filter,
    normalizer,
    token_filter,
    tokenizer,
)

# Bump when a mapping or a document's derivation changes: documents built by older code
# then fail `search_index check` until a rebuild.
SCHEMA_VERSION = 6

# Licence states and penalty kinds that make "licence revoked" a risk label.
REVOKED_LICENCE_STATES = ("revoked", "penalty_revoked")
LICENCE_REVOCATION_PENALTY = "licence_revocation"

# Fine bands in yuan, [from, to): 100,000 yuan is the usual hearing threshold for
# organisations. The band is stored with each violation, so facets count terms.
FINE_BANDS = (
    ("none", None, 0.01),
    ("lt_10k", 0.01, 10_000),
    ("10k_100k", 10_000, 100_000),
    ("gte_100k", 100_000, None),
)

RISK_LICENCE_REVOKED = "licence_revoked"
RISK_REPEAT_OFFENDER = "repeat_offender"

# --- analysis ---------------------------------------------------------------------

_CJK_TOKEN_CHARS = ["letter", "digit"]

zh_punct_fold = char_filter(
    "zh_punct_fold",
    type="mapping",
    mappings=[
        "〔 => [",
        "〕 => ]",
        "【 => [",
        "】 => ]",
        "「 => [",
        "」 => ]",
    ],
)
zh_exact = normalizer(
    "zh_exact",
    char_filter=[zh_punct_fold],
    filter=["cjk_width", "lowercase"],
)
# Decision numbers match whatever brackets are typed (chinese.number_key does the same
# in Python): the brackets, full-width or not, and spaces are dropped.
zh_number_brackets = char_filter(
    "zh_number_brackets",
    type="pattern_replace",
    pattern="[\\s〔〕【】〖〗〘〙「」『』()\\[\\]{}（）［］｛｝]",
    replacement="",
)
zh_number = normalizer(
    "zh_number",
    char_filter=[zh_number_brackets],
    filter=["cjk_width", "lowercase"],
)
zh_chars = analyzer(
    "zh_chars",
    tokenizer=tokenizer(
        "zh_unigram",
        "ngram",
        min_gram=1,
        max_gram=1,
        token_chars=_CJK_TOKEN_CHARS,
    ),
    filter=["cjk_width", "lowercase"],
)
zh_bigrams = analyzer(
    "zh_bigrams",
    tokenizer=tokenizer(
        "zh_bigram",
        "ngram",
        min_gram=2,
        max_gram=2,
        token_chars=_CJK_TOKEN_CHARS,
    ),
    filter=["cjk_width", "lowercase"],
)
pinyin_prefix = analyzer(
    "pinyin_prefix",
    tokenizer="keyword",
    filter=[
        "lowercase",
        token_filter(
            "pinyin_edge", "edge_ngram", min_gram=2, max_gram=chinese.PINYIN_MAX
        ),
    ],
)
pinyin_query = analyzer(
    "pinyin_query",
    tokenizer="keyword",
    filter=[
        "lowercase",
        token_filter("pinyin_cut", "truncate", length=chinese.PINYIN_MAX),
    ],
)
code_prefix = analyzer(
    "code_prefix",
    tokenizer="keyword",
    filter=[
        "uppercase",
        token_filter("code_edge", "edge_ngram", min_gram=2, max_gram=18),
    ],
)
code_query = analyzer("code_query", tokenizer="keyword", filter=["uppercase"])


def _cjk_text(extra_fields: dict | None = None) -> Text:
    fields = {"bigram": Text(analyzer=zh_bigrams), **(extra_fields or {})}
    return Text(analyzer=zh_chars, fields=fields)


def _code_keyword() -> Keyword:
    return Keyword(
        fields={"prefix": Text(analyzer=code_prefix, search_analyzer=code_query)}
    )


def _pinyin_text() -> Text:
    return Text(analyzer=pinyin_prefix, search_analyzer=pinyin_query, norms=False)


_FACET = {"eager_global_ordinals": True}

# --- documents --------------------------------------------------------------------


class LicenceSummary(InnerDoc):
    number = Keyword(normalizer=zh_exact)
    kind = Keyword()
    state = Keyword()
    product = Keyword(index=False)
    authority = Keyword(index=False)


class ViolationSummary(InnerDoc):
    type = Keyword(**_FACET)
    # Years are facet values: keywords count through global ordinals, faster than
    # numeric terms.
    year = Keyword(**_FACET)
    decided_on = Date()
    fine_amount = ScaledFloat(scaling_factor=100)
    fine_band = Keyword(**_FACET)
    campaign = Keyword(**_FACET)
    penalty_kind = Keyword()


class EnterpriseDocument(Document):
    """A market subject with what investigators filter on: its licences' states and a
    nested summary of each violation (so "type X in year Y" means one violation)."""

    id = Long()
    name = _cjk_text({"exact": Keyword(normalizer=zh_exact)})
    name_display = Keyword(index=False)
    former_names = _cjk_text()
    py_head = _pinyin_text()
    py_full = _pinyin_text()
    py_initials = _pinyin_text()
    credit_code = _code_keyword()
    registration_number = _code_keyword()
    legal_representative = _cjk_text({"exact": Keyword(normalizer=zh_exact)})
    address = _cjk_text()
    district = Keyword(**_FACET)
    district_name = Keyword(index=False)
    sector = Keyword(**_FACET)
    registration_status = Keyword(**_FACET)
    established_on = Date()
    licences = Object(LicenceSummary)
    licence_states = Keyword(**_FACET)
    violations = Nested(ViolationSummary)
    # The same values flattened per enterprise: facet counts need no nested walk
    # unless another violation facet is selected (see selectors.Facet.flat).
    violation_types = Keyword(**_FACET)
    violation_years = Keyword(**_FACET)
    violation_fine_bands = Keyword(**_FACET)
    violation_campaigns = Keyword(**_FACET)
    # Two values of one violation ("gte_100k|2021" in pair_fine_band_year): count a
    # facet given one value of another without walking the nested documents. One
    # field per pair keeps each aggregation to a few values per enterprise.
    pair_campaign_fine_band = Keyword(**_FACET)
    pair_campaign_type = Keyword(**_FACET)
    pair_campaign_year = Keyword(**_FACET)
    pair_fine_band_type = Keyword(**_FACET)
    pair_fine_band_year = Keyword(**_FACET)
    pair_type_year = Keyword(**_FACET)
    violation_count = Integer()
    last_violation_on = Date()
    fine_total = ScaledFloat(scaling_factor=100)
    # Matching keys (chinese.number_key), not shown.
    decision_numbers = Keyword(normalizer=zh_number)
    risk_labels = Keyword(**_FACET)
    fingerprint = Keyword(index=False, doc_values=False)

    class Meta:
        dynamic = MetaField("strict")


class ViolationDocument(Document):
    id = Long()
    enterprise_id = Long()
    enterprise_name = _cjk_text()
    enterprise_credit_code = _code_keyword()
    district = Keyword(**_FACET)
    violation_type = Keyword(**_FACET)
    violation_type_name = _cjk_text()
    sector = Keyword(**_FACET)
    legal_basis = Text(analyzer=zh_chars)
    # As issued (shown in results); matched without its brackets (zh_number).
    decision_number = Keyword(
        normalizer=zh_number, fields={"text": Text(analyzer=zh_chars)}
    )
    decided_on = Date()
    year = Keyword(**_FACET)
    penalty_kind = Keyword(**_FACET)
    fine_amount = ScaledFloat(scaling_factor=100)
    fine_band = Keyword(**_FACET)
    confiscated_amount = ScaledFloat(scaling_factor=100)
    campaign = Keyword(**_FACET)
    campaign_name = Keyword(index=False)
    source = Keyword(**_FACET)
    source_reference = Keyword()
    source_state = Keyword()
    facts = Text(analyzer=zh_chars)
    fingerprint = Keyword(index=False, doc_values=False)

    class Meta:
        dynamic = MetaField("strict")


# --- index names ------------------------------------------------------------------


@dataclass(frozen=True)
class IndexSpec:
    key: str
    document: type[Document]

    @property
    def alias(self) -> str:
        return f"{settings.SEARCH_INDEX_PREFIX}-{self.key}"

    @property
    def rebuild_alias(self) -> str:
        return f"{self.alias}-rebuilding"

    @property
    def concrete_prefix(self) -> str:
        return f"{self.alias}-v"

    def concrete(self, number: int) -> str:
        return f"{self.concrete_prefix}{number}"

    def concrete_number(self, name: str) -> int | None:
        tail = name.removeprefix(self.concrete_prefix)
        return int(tail) if tail != name and tail.isdigit() else None

    def definition(self, name: str, *, loading: bool = False) -> dict:
        """Settings and mappings of a concrete index. While `loading`, refresh is off:
        nothing searches the new index before the alias swap."""
        index = Index(name)
        index.document(self.document)
        index.settings(
            number_of_shards=settings.SEARCH_NUMBER_OF_SHARDS,
            number_of_replicas=settings.SEARCH_NUMBER_OF_REPLICAS,
            refresh_interval="-1" if loading else "1s",
            # Versioned deletes are remembered this long: a stale write arriving later
            # than this after a delete could re-create the document.
            gc_deletes="10m",
        )
        return index.to_dict()


ENTERPRISES = IndexSpec("enterprises", EnterpriseDocument)
VIOLATIONS = IndexSpec("violations", ViolationDocument)
INDEXES: dict[str, IndexSpec] = {spec.key: spec for spec in (ENTERPRISES, VIOLATIONS)}


# --- building documents -----------------------------------------------------------


def source_fingerprint(source: dict) -> str:
    """The version of the database state a document was built from. `check` compares it
    per document without rebuilding the (pinyin) derived fields."""
    payload = orjson.dumps([SCHEMA_VERSION, source])
    return hashlib.blake2b(payload, digest_size=12).hexdigest()


def _amount(value) -> float:
    return float(value or 0)


# Violation fields paired in the `pair_<a>_<b>` fields, in the order pairs name them.
PAIRED_FIELDS = ("campaign", "fine_band", "type", "year")
PAIRS = [(a, b) for i, a in enumerate(PAIRED_FIELDS) for b in PAIRED_FIELDS[i + 1 :]]


def violation_pair(a: str, a_value: str, b: str, b_value: str) -> tuple[str, str]:
    """(field, value) of the pair of a violation's values a and b."""
    if PAIRED_FIELDS.index(a) > PAIRED_FIELDS.index(b):
        a, a_value, b, b_value = b, b_value, a, a_value
    return f"pair_{a}_{b}", f"{a_value}|{b_value}"


def fine_band(amount: float) -> str:
    for key, low, high in FINE_BANDS:
        if (low is None or amount >= low) and (high is None or amount < high):
            return key
    raise ValueError(amount)


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _is_repeat_offender(dates: list[datetime.date]) -> bool:
    needed = settings.SEARCH_REPEAT_OFFENDER_MIN_VIOLATIONS
    if needed < 1 or len(dates) < needed:
        return False
    window = datetime.timedelta(days=settings.SEARCH_REPEAT_OFFENDER_WINDOW_DAYS)
    dates = sorted(dates)
    return any(
        dates[i + needed - 1] - dates[i] <= window
        for i in range(len(dates) - needed + 1)
    )


def enterprise_document(source: dict) -> dict:
    """The enterprise document for one `enterprise_index_sources` row."""
    name = chinese.simplified(source["name"])
    former = [chinese.simplified(n) for n in source["former_names"]]
    py_head, py_full, py_initials = [], [], []
    for text in [name, *former]:
        full, initials = chinese.pinyin_forms(chinese.fold(text))
        if full:
            py_head.extend([full[0], initials[0]])
        py_full.extend(full)
        py_initials.extend(initials)
    licences = source["licences"]
    violations = source["violations"]
    risk = []
    if (
        any(lic["state"] in REVOKED_LICENCE_STATES for lic in licences)
        or source["licence_revoked_before"]
        or any(v["penalty_kind"] == LICENCE_REVOCATION_PENALTY for v in violations)
    ):
        risk.append(RISK_LICENCE_REVOKED)
    dates = [v["decided_on"] for v in violations]
    summaries = []
    for v in violations:
        amount = _amount(v["fine_amount"])
        summaries.append(
            {
                "type": v["type"],
                "year": str(v["decided_on"].year),
                "decided_on": v["decided_on"].isoformat(),
                "fine_amount": amount,
                "fine_band": fine_band(amount),
                "campaign": v["campaign"],
                "penalty_kind": v["penalty_kind"],
            }
        )
    if _is_repeat_offender(dates):
        risk.append(RISK_REPEAT_OFFENDER)
    return {
        "id": source["id"],
        "name": name,
        "name_display": source["name"],
        "former_names": former,
        "py_head": list(dict.fromkeys(py_head)),
        "py_full": list(dict.fromkeys(py_full)),
        "py_initials": list(dict.fromkeys(py_initials)),
        "credit_code": source["credit_code"],
        "registration_number": source["registration_number"] or None,
        "legal_representative": chinese.simplified(source["legal_representative"]),
        "address": chinese.simplified(source["address"]),
        "district": source["district_code"],
        "district_name": source["district_name"],
        "sector": source["sector"],
        "registration_status": source["registration_status"],
        "established_on": _iso(source["established_on"]),
        "licences": [
            {
                "number": chinese.fold_code(lic["number"]),
                "kind": lic["kind"],
                "state": lic["state"],
                "product": lic["product"],
                "authority": lic["authority"],
            }
            for lic in licences
        ],
        "licence_states": sorted({lic["state"] for lic in licences}),
        "violations": summaries,
        "violation_types": sorted({v["type"] for v in summaries}),
        "violation_years": sorted({v["year"] for v in summaries}),
        "violation_fine_bands": sorted({v["fine_band"] for v in summaries}),
        "violation_campaigns": sorted({v["campaign"] for v in summaries} - {None}),
        **{
            f"pair_{a}_{b}": sorted(
                {
                    f"{v[a]}|{v[b]}"
                    for v in summaries
                    if v[a] is not None and v[b] is not None
                }
            )
            for a, b in PAIRS
        },
        "violation_count": len(violations),
        "last_violation_on": _iso(max(dates)) if dates else None,
        "fine_total": sum(_amount(v["fine_amount"]) for v in violations),
        "decision_numbers": sorted(
            {chinese.number_key(v["decision_number"]) for v in violations} - {""}
        ),
        "risk_labels": risk,
        "fingerprint": source_fingerprint(source),
    }


def violation_document(source: dict) -> dict:
    """The violation document for one `violation_index_sources` row."""
    return {
        "id": source["id"],
        "enterprise_id": source["enterprise_id"],
        "enterprise_name": chinese.simplified(source["enterprise_name"]),
        "enterprise_credit_code": source["enterprise_credit_code"],
        "district": source["district_code"],
        "violation_type": source["type"],
        "violation_type_name": source["type_name"],
        "sector": source["sector"],
        "legal_basis": chinese.simplified(source["legal_basis"]),
        "decision_number": source["decision_number"] or None,
        "decided_on": source["decided_on"].isoformat(),
        "year": str(source["decided_on"].year),
        "penalty_kind": source["penalty_kind"],
        "fine_amount": _amount(source["fine_amount"]),
        "fine_band": fine_band(_amount(source["fine_amount"])),
        "confiscated_amount": _amount(source["confiscated_amount"]),
        "campaign": source["campaign"],
        "campaign_name": source["campaign_name"],
        "source": source["source"],
        "source_reference": source["source_reference"],
        "source_state": source["source_state"],
        "facts": chinese.simplified(source["facts"]),
        "fingerprint": source_fingerprint(source),
    }


def document_json(doc: dict) -> bytes:
    # orjson: serialising is a fifth of a rebuild's Python time with the standard json.
    return orjson.dumps(doc)

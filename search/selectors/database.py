"""Database reads for the search projection: the rows each document is built from,
and the labels facets show.

The projection reads the registry's tables directly with `values()` queries: a fixed
number of queries per batch whatever its size (no N+1), and no model instances, which
would cost more than building the documents themselves.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db.models import FloatField, Value
from django.db.models.functions import Cast
from django.utils.translation import get_language

from campaigns.models import Campaign
from enforcement.models import PenaltyKind, Violation, ViolationType
from enterprises.models import District, Enterprise, EnterpriseFormerName, Sector
from licensing.models import Licence, LicenceEvent, LicenceState

from ..documents import REVOKED_LICENCE_STATES

# How to read the state of the record a violation came from, per `Violation.source`.
# Apps that own such records (penalty cases, online clean-up) register a reader:
# references -> {reference: state label}. Sources without a reader have no state.
VIOLATION_SOURCE_STATE_READERS: dict[str, Callable[[set[str]], dict[str, str]]] = {}

# --- document sources --------------------------------------------------------------

_ENTERPRISE_FIELDS = (
    "id",
    "name",
    "credit_code",
    "registration_number",
    "legal_representative",
    "address",
    "district__region_code",
    "district__name",
    "sector",
    "registration_status",
    "established_on",
)


def _enterprise_sources(rows: list[dict], *, contiguous: bool = False) -> list[dict]:
    """Related rows for a batch of enterprise rows. A keyset page holds every
    enterprise of its id range, so its related rows are read by range: an IN list of
    thousands of ids costs more to bind than the query takes to run."""
    ids = [row["id"] for row in rows]
    if contiguous:
        low, high = ids[0], ids[-1]

        def of(field: str) -> dict:
            return {f"{field}__gte": low, f"{field}__lte": high}
    else:

        def of(field: str) -> dict:
            return {f"{field}__in": ids}

    former = defaultdict(list)
    for enterprise_id, name in (
        EnterpriseFormerName.objects.filter(**of("enterprise_id"))
        .order_by("enterprise_id", "-used_until", "-id")
        .values_list("enterprise_id", "name")
    ):
        former[enterprise_id].append(name)
    licences = defaultdict(list)
    for holder_id, number, kind, state, product, authority in (
        Licence.objects.filter(**of("holder_id"))
        .order_by("holder_id", "number")
        .values_list(
            "holder_id", "number", "kind", "state", "product", "issuing_authority__name"
        )
    ):
        licences[holder_id].append(
            {
                "number": number,
                "kind": kind,
                "state": state,
                "product": product,
                "authority": authority,
            }
        )
    revoked_before = set(
        LicenceEvent.objects.filter(
            **of("licence__holder_id"), to_state__in=REVOKED_LICENCE_STATES
        ).values_list("licence__holder_id", flat=True)
    )
    violations = defaultdict(list)
    for row in (
        Violation.objects.filter(**of("enterprise_id"))
        .order_by("enterprise_id", "decided_on", "id")
        .annotate(fine=_as_float("fine_amount"))
        .values_list(
            "enterprise_id",
            "id",
            "violation_type__code",
            "decided_on",
            "fine",
            "campaign__code",
            "penalty_kind",
            "decision_number",
        )
    ):
        violations[row[0]].append(
            {
                "id": row[1],
                "type": row[2],
                "decided_on": row[3],
                "fine_amount": row[4],
                "campaign": row[5],
                "penalty_kind": row[6],
                "decision_number": row[7],
            }
        )
    sources = []
    for row in rows:
        pk = row["id"]
        sources.append(
            {
                "id": pk,
                "name": row["name"],
                "credit_code": row["credit_code"],
                "registration_number": row["registration_number"],
                "legal_representative": row["legal_representative"],
                "address": row["address"],
                "district_code": row["district__region_code"],
                "district_name": row["district__name"],
                "sector": row["sector"],
                "registration_status": row["registration_status"],
                "established_on": row["established_on"],
                "former_names": former.get(pk, []),
                "licences": licences.get(pk, []),
                "licence_revoked_before": pk in revoked_before,
                "violations": violations.get(pk, []),
            }
        )
    return sources


def enterprise_index_sources(*, pks: Iterable[int]) -> list[dict]:
    """Sources of the enterprise documents for these ids (missing ids are absent)."""
    rows = list(
        Enterprise.objects.filter(pk__in=list(pks))
        .order_by("pk")
        .values(*_ENTERPRISE_FIELDS)
    )
    return _enterprise_sources(rows) if rows else []


def enterprise_index_sources_after(*, after: int, limit: int) -> list[dict]:
    """One keyset page of enterprise sources, ids above `after`, in id order."""
    rows = list(
        Enterprise.objects.filter(pk__gt=after)
        .order_by("pk")
        .values(*_ENTERPRISE_FIELDS)[:limit]
    )
    return _enterprise_sources(rows, contiguous=True) if rows else []


def _as_float(field: str) -> Cast:
    # Amounts as floats from the database: the index stores them so, and building a
    # Decimal per row is a measurable part of a rebuild.
    return Cast(field, FloatField())


_VIOLATION_FIELDS = (
    "id",
    "enterprise_id",
    "enterprise__name",
    "enterprise__credit_code",
    "enterprise__district__region_code",
    "violation_type__code",
    "violation_type__name",
    "violation_type__sector",
    "legal_basis",
    "decision_number",
    "decided_on",
    "penalty_kind",
    "fine",
    "confiscated",
    "campaign__code",
    "campaign__name",
    "source",
    "source_reference",
    "facts",
)


def _violation_rows():
    return Violation.objects.annotate(
        fine=_as_float("fine_amount"), confiscated=_as_float("confiscated_amount")
    )


def _violation_sources(rows: list[dict]) -> list[dict]:
    states: dict[tuple[str, str], str] = {}
    by_source = defaultdict(set)
    for row in rows:
        if row["source"] in VIOLATION_SOURCE_STATE_READERS and row["source_reference"]:
            by_source[row["source"]].add(row["source_reference"])
    for source, references in by_source.items():
        for reference, state in VIOLATION_SOURCE_STATE_READERS[source](
            references
        ).items():
            states[(source, reference)] = state
    return [
        {
            "id": row["id"],
            "enterprise_id": row["enterprise_id"],
            "enterprise_name": row["enterprise__name"],
            "enterprise_credit_code": row["enterprise__credit_code"],
            "district_code": row["enterprise__district__region_code"],
            "type": row["violation_type__code"],
            "type_name": row["violation_type__name"],
            "sector": row["violation_type__sector"],
            "legal_basis": row["legal_basis"],
            "decision_number": row["decision_number"],
            "decided_on": row["decided_on"],
            "penalty_kind": row["penalty_kind"],
            "fine_amount": row["fine"],
            "confiscated_amount": row["confiscated"],
            "campaign": row["campaign__code"],
            "campaign_name": row["campaign__name"],
            "source": row["source"],
            "source_reference": row["source_reference"],
            "source_state": states.get((row["source"], row["source_reference"])),
            "facts": row["facts"],
        }
        for row in rows
    ]


def violation_index_sources(*, pks: Iterable[int]) -> list[dict]:
    rows = list(
        _violation_rows()
        .filter(pk__in=list(pks))
        .order_by("pk")
        .values(*_VIOLATION_FIELDS)
    )
    return _violation_sources(rows)


def violation_index_sources_after(*, after: int, limit: int) -> list[dict]:
    rows = list(
        _violation_rows()
        .filter(pk__gt=after)
        .order_by("pk")
        .values(*_VIOLATION_FIELDS)[:limit]
    )
    return _violation_sources(rows)


def violation_ids_for_enterprises(
    *, enterprise_ids: Iterable[int]
) -> dict[int, list[int]]:
    result = defaultdict(list)
    for enterprise_id, pk in Violation.objects.filter(
        enterprise_id__in=list(enterprise_ids)
    ).values_list("enterprise_id", "pk"):
        result[enterprise_id].append(pk)
    return result


def violation_enterprise_ids(*, pks: Iterable[int]) -> dict[int, int]:
    return dict(
        Violation.objects.filter(pk__in=list(pks)).values_list("pk", "enterprise_id")
    )


def licence_holder_ids(*, pks: Iterable[int]) -> dict[int, int]:
    return dict(Licence.objects.filter(pk__in=list(pks)).values_list("pk", "holder_id"))


_INDEX_MODELS = {"enterprises": Enterprise, "violations": Violation}


def index_source_count(*, key: str) -> int:
    return _INDEX_MODELS[key].objects.count()


def index_source_existing_ids(*, key: str, ids: Iterable[int]) -> set[int]:
    return set(
        _INDEX_MODELS[key].objects.filter(pk__in=list(ids)).values_list("pk", flat=True)
    )


# --- facet labels ------------------------------------------------------------------


# Facet labels are read on every search; a renamed district or campaign shows within
# this many seconds.
FACET_LABELS_SECONDS = 60


def facet_labels() -> dict[str, dict[str, str]]:
    """Display labels of facet values, cached briefly per language."""
    return cache.get_or_set(
        f"search:facet-labels:{get_language()}", _facet_labels, FACET_LABELS_SECONDS
    )


def _facet_labels() -> dict[str, dict[str, str]]:
    """The three small label tables in one query, and the choices' labels."""
    tables = (
        ("district", District.objects, "region_code"),
        ("violation_type", ViolationType.objects, "code"),
        ("campaign", Campaign.objects, "code"),
    )
    querysets = [
        manager.annotate(facet=Value(facet))
        .order_by()
        .values_list("facet", key, "name")
        for facet, manager, key in tables
    ]
    labels: dict[str, dict[str, str]] = {facet: {} for facet, _m, _k in tables}
    for facet, key, name in querysets[0].union(*querysets[1:], all=True):
        labels[facet][key] = name
    return labels | {
        "sector": {k: str(v) for k, v in Sector.choices},
        "registration_status": {
            k: str(v) for k, v in Enterprise.RegistrationStatus.choices
        },
        "licence_state": {k: str(v) for k, v in LicenceState.choices},
        "penalty_kind": {k: str(v) for k, v in PenaltyKind.choices},
        "source": {k: str(v) for k, v in Violation.Source.choices},
    }

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chinese_formats.formats import money_cn
from enforcement.models import PenaltyKind
from enforcement.selectors import violation_list
from licensing.models import Licence
from licensing.selectors import licence_events_for_holder, licence_list

from .models import Enterprise, EnterpriseFormerName


def enterprise_get(enterprise_id) -> Enterprise | None:
    return (
        Enterprise.objects.select_related("district")
        .prefetch_related(
            Prefetch("former_names", queryset=EnterpriseFormerName.objects.all())
        )
        .filter(pk=enterprise_id)
        .first()
    )


def enterprise_list(*, filters: dict | None = None) -> QuerySet[Enterprise]:
    """Database listing (the admin's and the registry's); free-text search is in `search`."""
    filters = filters or {}
    qs = Enterprise.objects.select_related("district").annotate(
        licence_count=Count("licences", distinct=True)
    )
    if q := filters.get("q"):
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(credit_code__istartswith=q)
            | Q(legal_representative=q)
            | Q(former_names__name__icontains=q)
        ).distinct()
    if district := filters.get("district"):
        qs = qs.filter(district__region_code=district)
    if sector := filters.get("sector"):
        qs = qs.filter(sector=sector)
    if status := filters.get("registration_status"):
        qs = qs.filter(registration_status=status)
    return qs.order_by("name", "pk")


@dataclass(frozen=True)
class TimelineEntry:
    """One dated event in an enterprise's history, whatever record it comes from."""

    date: datetime.date
    kind: str  # "penalty", "licence", "takedown", ...
    title: str
    detail: str = ""
    reference: str = ""
    url: str = ""
    # A penalty's case (案件编号 and page) and its decision paper (download), each
    # only for a reader who may open it.
    case_reference: str = ""
    case_url: str = ""
    paper_url: str = ""
    paper_title: str = ""
    # Orders events of the same day: time of day when known, then record order.
    at: datetime.datetime | None = None
    order: int = 0


# Where timeline entries come from. Apps whose records belong on it (online takedowns)
# append a source: enterprise -> entries, reading only through that app's selectors.
TIMELINE_SOURCES: list[Callable[[Enterprise], Iterable[TimelineEntry]]] = []


@dataclass(frozen=True)
class ViolationLinks:
    """Where a violation came from, for one reader: its penalty case and the decision
    paper it was recorded under (the latest issued version), each only when the reader
    may open it."""

    case_reference: str = ""
    case_url: str = ""
    paper_url: str = ""
    paper_title: str = ""


_CASE_SOURCES = ("case", "summary")


def _case_pk(reference: str) -> int | None:
    """The case of a 案件编号 (AJ2026000110: registration year, then the pk)."""
    if reference[:2] == "AJ" and reference[6:].isdigit():
        return int(reference[6:])
    return None


def violation_links(violations, *, user) -> dict[int, ViolationLinks]:
    """For each violation from a penalty case (ordinary or summary procedure): its
    case, and its decision paper, as `user` may see them. Two queries however many
    violations: the cases, then their decision papers."""
    from documents.access import user_can_view_record
    from documents.selectors import documents_for_records
    from enforcement.models import Case

    if user is None:
        return {}
    wanted = {
        v.pk: _case_pk(v.source_reference)
        for v in violations
        if v.source in _CASE_SOURCES and v.source_reference
    }
    cases = {
        case.pk: case
        for case in Case.objects.filter(
            pk__in={pk for pk in wanted.values() if pk}
        ).only("pk", "registered_at", "decision_number")
    }
    visible = {
        pk: case for pk, case in cases.items() if user_can_view_record(user, case)
    }
    papers: dict[tuple[str, str], object] = {}
    for document in documents_for_records(list(visible.values())).filter(
        status="issued",
        document_type__code__in=DECISION_PAPER_TYPES,
    ):
        key = (document.object_id, document.number)
        if key not in papers or papers[key].version < document.version:
            papers[key] = document
    links = {}
    for violation in violations:
        case = visible.get(wanted.get(violation.pk))
        if case is None or case.reference != violation.source_reference:
            continue
        paper = papers.get((str(case.pk), violation.decision_number))
        links[violation.pk] = ViolationLinks(
            case_reference=case.reference,
            case_url=reverse("cases:case:detail", args=[case.pk]),
            paper_url=paper.get_absolute_url() if paper else "",
            paper_title=(
                _("%(title)s（第%(version)d版）")
                % {"title": paper.document_type.title, "version": paper.version}
                if paper
                else ""
            ),
        )
    return links


# The papers a violation's decision number is issued on.
DECISION_PAPER_TYPES = ("penalty_decision", "non_penalty_decision")


def _penalty_entries(violations, links) -> Iterable[TimelineEntry]:
    for v in violations:
        parts = []
        if v.penalty_kind != PenaltyKind.FINE:
            parts.append(v.get_penalty_kind_display())
        if v.fine_amount:
            parts.append(_("罚款%(amount)s") % {"amount": money_cn(v.fine_amount)})
        if v.campaign:
            parts.append(str(v.campaign))
        link = links.get(v.pk) or ViolationLinks()
        yield TimelineEntry(
            date=v.decided_on,
            kind="penalty",
            title=_("行政处罚：%(type)s") % {"type": v.violation_type.name},
            detail="；".join(parts),
            reference=v.decision_number,
            case_reference=link.case_reference,
            case_url=link.case_url,
            paper_url=link.paper_url,
            paper_title=link.paper_title,
            order=v.pk,
        )


def _transition_label(name: str) -> str:
    """The label the licence state machine gives a transition (撤销, 注销, ...)."""
    method = getattr(Licence, name, None)
    for t in getattr(getattr(method, "_django_fsm", None), "transitions", {}).values():
        return str(t.custom.get("label", name))
    return name


def _licence_entries(enterprise: Enterprise, licences) -> Iterable[TimelineEntry]:
    for licence in licences:
        yield TimelineEntry(
            date=licence.issued_on,
            kind="licence",
            title=_("核发%(kind)s %(number)s")
            % {"kind": licence.get_kind_display(), "number": licence.number},
            detail=licence.product,
            url=reverse("registry:licence:detail", args=[licence.pk]),
            order=licence.pk,
        )
    for event in licence_events_for_holder(holder_id=enterprise.pk):
        at = timezone.localtime(event.occurred_at)
        yield TimelineEntry(
            date=at.date(),
            at=at,
            kind="licence",
            title=_("%(action)s许可证 %(number)s")
            % {
                "action": _transition_label(event.transition),
                "number": event.licence.number,
            },
            detail=event.reason,
            reference=event.reference,
            url=reverse("registry:licence:detail", args=[event.licence_id]),
            order=event.pk,
        )


def enterprise_timeline(
    *, enterprise: Enterprise, licences=None, violations=None, user=None, links=None
) -> list[TimelineEntry]:
    """Penalties, licence actions and whatever later apps add, oldest first. A page
    that already holds the enterprise's licences and violations passes them in (and
    the violations' links, `violation_links`). Given the reader, a penalty links to
    its case and its decision paper where the reader may open them."""
    if violations is None:
        violations = violation_list(filters={"enterprise": enterprise.pk})
    if licences is None:
        licences = licence_list(filters={"holder": enterprise.pk})
    if links is None:
        links = violation_links(violations, user=user)
    entries = [
        *_penalty_entries(violations, links),
        *_licence_entries(enterprise, licences),
        *(entry for source in TIMELINE_SOURCES for entry in source(enterprise)),
    ]
    return sorted(
        entries,
        key=lambda e: (
            e.date,
            e.at.time() if e.at else datetime.time.min,
            e.kind,
            e.order,
        ),
    )

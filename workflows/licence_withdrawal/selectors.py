import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task

from licensing.models import (
    Cancellation,
    CancellationState,
    Licence,
    Referral,
)
from licensing.selectors import CancellationStatus, cancellation_status

BULK_LIST_LIMIT = 500


def licences_for_bulk_cancellation(*, filters: dict) -> QuerySet[Licence]:
    qs = Licence.objects.select_related("holder", "issuing_authority").exclude(
        state="cancelled"
    )
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if state := filters.get("state"):
        qs = qs.filter(state=state)
    if holder_status := filters.get("holder_status"):
        qs = qs.filter(holder__registration_status=holder_status)
    if issued_by := filters.get("issued_by"):
        qs = (
            qs.filter(issuing_authority__kind="external")
            if issued_by == "external"
            else qs.exclude(issuing_authority__kind="external")
        )
    if before := filters.get("valid_until_before"):
        qs = qs.filter(valid_until__lt=before)
    if q := filters.get("q"):
        qs = qs.filter(Q(number__icontains=q) | Q(holder__name__icontains=q))
    return qs.order_by("number")


def referral_list() -> QuerySet[Referral]:
    return (
        Referral.objects.select_related("to_authority", "initiated_by")
        .annotate(
            licence_count=Count("cancellations"),
            waiting_count=Count(
                "cancellations",
                filter=Q(cancellations__state=CancellationState.REFERRED),
            ),
        )
        .order_by("-created_at", "-id")
    )


def referral_get(referral_id) -> Referral | None:
    return referral_list().filter(pk=referral_id).first()


def referral_cancellations(*, referral: Referral) -> QuerySet[Cancellation]:
    return referral.cancellations.select_related(
        "licence__holder",
        "licence__issuing_authority",
        "decision_recorded_by",
        "referral",
    ).order_by("licence__number")


@dataclass(frozen=True)
class BulkResultRow:
    licence: Licence
    outcome: str  # "local", "referral" or "refused"
    message: str
    cancellation: Cancellation | None
    status: CancellationStatus | None


def bulk_result_rows(*, result) -> list[BulkResultRow]:
    """The rows of a bulk start as they stand after it committed (the letters and
    notices are numbered after commit), read in one query."""
    ids = [row.cancellation.pk for row in result.rows if row.cancellation]
    fresh = Cancellation.objects.select_related("referral").in_bulk(ids)
    today = timezone.localdate()
    rows = []
    for row in result.rows:
        cancellation = fresh.get(row.cancellation.pk) if row.cancellation else None
        rows.append(
            BulkResultRow(
                row.licence,
                row.outcome,
                row.message,
                cancellation,
                cancellation_status(cancellation, today=today)
                if cancellation
                else None,
            )
        )
    return rows


def referrals_of_result(*, result) -> list[Referral]:
    return list(
        referral_list().filter(pk__in=[r.pk for r in result.referrals]).order_by("pk")
    )


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    kind: str  # "transition", "action", "task" or "document"
    title: str
    detail: str
    actor: str
    url: str = ""


def licence_history(*, licence: Licence) -> list[HistoryEntry]:
    """Everything that happened to a licence, oldest first: its state transitions, the
    withdrawal actions, the tasks of its processes and the documents issued."""
    from documents.selectors import documents_for_records

    entries = []
    for event in licence.events.select_related("actor"):
        entries.append(
            HistoryEntry(
                event.occurred_at,
                "transition",
                f"{event.get_from_state_display()} → {event.get_to_state_display()}",
                " ".join(filter(None, [event.reference, event.reason])),
                str(event.actor or _("系统")),
            )
        )
    for event in licence.withdrawal_events.select_related("actor"):
        entries.append(
            HistoryEntry(
                event.occurred_at,
                "action",
                str(_action_label(event)),
                event.note,
                str(event.actor or _("系统")),
            )
        )
    revocations = list(licence.revocations.all())
    cancellations = list(licence.cancellations.select_related("referral"))
    referrals = [c.referral for c in cancellations if c.referral_id]
    records = [*revocations, *cancellations, *referrals]
    by_type: dict[int, list[int]] = {}
    for record in records:
        ct = ContentType.objects.get_for_model(record)
        by_type.setdefault(ct.pk, []).append(record.pk)
    if by_type:
        condition = Q()
        for ct_id, pks in by_type.items():
            condition |= Q(
                process__artifact_content_type_id=ct_id,
                process__artifact_object_id__in=pks,
            )
        tasks = (
            Task.objects.filter(condition, flow_task_type="HUMAN")
            .select_related("process", "owner")
            .order_by("created")
        )
        for task in tasks:
            node = task.flow_task
            entries.append(
                HistoryEntry(
                    task.finished or task.created,
                    "task",
                    str(node.task_title or node),
                    task.get_status_display(),
                    str(task.owner or ""),
                    node.reverse("detail", args=[task.process_id, task.pk]),
                )
            )
    for document in documents_for_records(records):
        entries.append(
            HistoryEntry(
                document.issued_at,
                "document",
                str(document),
                document.number,
                str(document.issued_by or ""),
                document.get_absolute_url(),
            )
        )
    entries.sort(key=lambda e: e.at)
    return entries


def _action_label(event):
    if event.action == "open":
        return _("发起撤销") if event.revocation_id else _("发起注销")
    if event.action == "province_decision":
        if event.to_state == CancellationState.REJECTED:
            return _("登记省局决定：不予注销")
        return _("登记省局决定：准予注销")
    return ACTION_LABELS.get(event.action, event.action)


ACTION_LABELS = {
    "open": _("立案"),
    "issue_notice": _("制发撤销告知书"),
    "serve_notice": _("送达撤销告知"),
    "record_statement": _("登记陈述申辩"),
    "statement_lapsed": _("陈述申辩期届满"),
    "pass_review": _("法制审核通过"),
    "return_at_review": _("法制审核退回"),
    "approve": _("局负责人批准"),
    "return_at_approval": _("局负责人退回"),
    "resubmit": _("补正后重新提交"),
    "decide": _("作出撤销决定"),
    "serve_decision": _("送达决定书"),
    "publish": _("公示"),
    "abandon": _("终止办理"),
    "cancel": _("注销"),
    "refer": _("列入上报省局注销函"),
    "issue_letter": _("制发上报函"),
    "send_letter": _("报送省局"),
    "follow_up": _("催办省局"),
    "province_decision": _("登记省局决定"),
}

"""Starting withdrawal processes and feeding them outside events (province answers).

These are the workflow-level services: they create domain records through
`licensing.services` and start or advance the flows for them, in one transaction.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from licensing import services
from licensing.models import Cancellation, Licence, Referral
from organisation.models import User


@dataclass
class BulkRow:
    licence: Licence
    outcome: str  # "local", "referral" or "refused"
    message: str
    cancellation: Cancellation | None = None


@dataclass
class BulkResult:
    rows: list[BulkRow]
    referrals: list[Referral]

    @property
    def started(self) -> list[BulkRow]:
        return [r for r in self.rows if r.cancellation is not None]

    @property
    def refused(self) -> list[BulkRow]:
        return [r for r in self.rows if r.cancellation is None]


def _flows():
    from .flows import LicenceCancellationFlow, ProvinceReferralFlow

    return LicenceCancellationFlow, ProvinceReferralFlow


@transaction.atomic
def cancellation_processes_start(
    *, cancellations: list[Cancellation], actor: User
) -> list[Referral]:
    """Start a cancellation process for each record; group the province-issued ones
    into one referral letter per issuing authority and start its process."""
    cancellation_flow, referral_flow = _flows()
    external: dict[int, list[Cancellation]] = {}
    for cancellation in cancellations:
        if not cancellation.licence.is_locally_issued:
            external.setdefault(cancellation.licence.issuing_authority_id, []).append(
                cancellation
            )
    referrals = []
    for group in external.values():
        referral = services.referral_open(
            cancellations=group,
            to_authority=group[0].licence.issuing_authority,
            actor=actor,
        )
        referrals.append(referral)
    for cancellation in cancellations:
        cancellation.refresh_from_db()
        cancellation_flow.start.run(cancellation=cancellation)
    for referral in referrals:
        referral_flow.start.run(referral=referral)
    return referrals


def cancellations_start(
    *, licences: list[Licence], ground: str, reason: str, actor: User
) -> BulkResult:
    """Start cancellations of many licences in one action. A licence that cannot be
    cancelled is reported and does not spoil the others."""
    plan = {
        row.licence.pk: row
        for row in services.cancellations_plan(licences=licences, ground=ground)
    }
    rows = []
    with transaction.atomic():
        created = []
        for licence in licences:
            planned = plan[licence.pk]
            if planned.is_refused:
                rows.append(BulkRow(licence, planned.outcome, planned.message))
                continue
            try:
                with transaction.atomic():
                    cancellation = services.cancellation_open(
                        licence=licence, ground=ground, reason=reason, actor=actor
                    )
            except ValidationError as exc:
                rows.append(BulkRow(licence, "refused", " ".join(exc.messages)))
                continue
            created.append(cancellation)
            rows.append(
                BulkRow(licence, planned.outcome, planned.message, cancellation)
            )
        referrals = (
            cancellation_processes_start(cancellations=created, actor=actor)
            if created
            else []
        )
    return BulkResult(rows=rows, referrals=referrals)


def _open_task(record, flow_class, node) -> Task | None:
    content_type = ContentType.objects.get_for_model(record)
    return (
        Task.objects.select_related("process")
        .filter(
            process__flow_class=flow_class,
            process__artifact_content_type=content_type,
            process__artifact_object_id=record.pk,
            flow_task=node,
            status=STATUS.NEW,
        )
        .first()
    )


@transaction.atomic
def province_decision_record(
    *,
    cancellation: Cancellation,
    accepted: bool,
    decided_on,
    actor: User,
    decision_number: str = "",
    rejection_reason: str = "",
) -> Cancellation:
    """Record the province's answer for one licence and move its processes on."""
    cancellation_flow, referral_flow = _flows()
    cancellation, fully_answered = services.cancellation_record_province_decision(
        cancellation=cancellation,
        accepted=accepted,
        decided_on=decided_on,
        actor=actor,
        decision_number=decision_number,
        rejection_reason=rejection_reason,
    )
    task = _open_task(cancellation, cancellation_flow, cancellation_flow.await_province)
    if task is not None:
        cancellation_flow.await_province.run(task)
    if fully_answered:
        referral_task = _open_task(
            cancellation.referral, referral_flow, referral_flow.await_replies
        )
        if referral_task is not None:
            referral_flow.await_replies.run(referral_task)
    return cancellation


PROVINCE_REPLY_ROW_REFUSED = _("第%(line)d行（许可证 %(number)s）：%(message)s")


@transaction.atomic
def province_decisions_record(*, replies, actor: User) -> list[Cancellation]:
    """Record the province's answers for many licences in one submission: each through
    `province_decision_record` (its own checks and audit row), all or none. A row the
    service refuses is reported with its line and nothing at all is recorded."""
    errors, recorded = [], []
    for reply in replies:
        # province_decision_record is atomic itself: a refused row is rolled back to
        # its own savepoint and the others carry on, so every refusal is reported.
        try:
            recorded.append(
                province_decision_record(
                    cancellation=reply.cancellation,
                    accepted=reply.accepted,
                    decided_on=reply.decided_on,
                    actor=actor,
                    decision_number=reply.decision_number,
                    rejection_reason=reply.rejection_reason,
                )
            )
        except ValidationError as exc:
            errors.append(
                PROVINCE_REPLY_ROW_REFUSED
                % {
                    "line": reply.line,
                    "number": reply.number,
                    "message": "".join(exc.messages),
                }
            )
    if errors:
        raise ValidationError(errors)
    return recorded

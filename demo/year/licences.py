"""Licence withdrawals of the demo year: revocations (撤销) driven through the revocation
flow, and province-issued licences referred for cancellation (上报省局注销) from the bulk
cancellation page, with the province's answers recorded licence by licence."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from licensing import services
from licensing.models import Cancellation, Licence, Referral, Revocation
from workflows.licence_withdrawal.flows import (
    LicenceCancellationFlow,
    LicenceRevocationFlow,
    ProvinceReferralFlow,
)
from workflows.licence_withdrawal.starting import (
    cancellations_start,
    province_decision_record,
)

from ..driving import open_task, process_start, task_complete
from .clock import Story
from .context import YearContext


def _process(flow_class, record):
    from django.contrib.contenttypes.models import ContentType
    from viewflow.workflow.models import Process

    return Process.objects.get(
        flow_class=flow_class,
        artifact_content_type=ContentType.objects.get_for_model(record),
        artifact_object_id=record.pk,
    ).coerced


@dataclass
class RevocationPlan:
    licence: Licence
    ground: str
    facts: str
    evidence: str
    opened_on: datetime.date
    clerk: str
    reviewer: str
    head: str
    statement: str = ""  # the holder's statement; blank: the window lapses
    returned_for: str = ""  # a reviewer's request for more, answered before approval


def revocation(ctx: YearContext, plan: RevocationPlan) -> Story:
    yield ctx.office_hours(plan.opened_on)
    clerk = ctx.people[plan.clerk]
    reviewer, head = ctx.people[plan.reviewer], ctx.people[plan.head]

    def start(process):
        record = services.revocation_open(
            licence=plan.licence,
            ground=plan.ground,
            facts=plan.facts,
            evidence=plan.evidence,
            actor=clerk,
        )
        process.artifact = record
        process.data = {"initiator_id": clerk.pk}

    process = process_start(LicenceRevocationFlow, clerk, start)
    record = Revocation.objects.get(pk=process.artifact_object_id)
    process = _process(LicenceRevocationFlow, record)
    yield ctx.later(1, 3)
    task_complete(
        process,
        "serve_notice",
        clerk,
        lambda: services.revocation_serve_notice(
            revocation=record,
            served_on=timezone.localdate(),
            method=ctx.rng.choice(["直接送达", "邮寄送达"]),
            actor=clerk,
        ),
    )
    statement_due = Revocation.objects.get(pk=record.pk).statement_due
    if plan.statement:
        yield ctx.later(1, 3)
        task_complete(
            process,
            "record_statement",
            clerk,
            lambda: services.revocation_record_statement(
                revocation=record,
                statement=plan.statement,
                received_on=timezone.localdate(),
                actor=clerk,
            ),
        )
        yield ctx.later(1, 3)
    else:
        # The statement timer moves it to legal review once the window has closed.
        yield ctx.office_hours(
            ctx.after_working_days(statement_due, ctx.rng.randint(1, 3))
        )
    review_opinion = "事实清楚，证据充分，依据正确，程序合法，同意撤销。"
    if plan.returned_for:
        task_complete(
            process,
            "legal_review",
            reviewer,
            lambda: services.revocation_review(
                revocation=record,
                reviewer=reviewer,
                approve=False,
                opinion=plan.returned_for,
            ),
        )
        yield ctx.later(2, 5)
        task_complete(
            process,
            "revise",
            clerk,
            lambda: services.revocation_resubmit(
                revocation=record,
                facts=plan.facts,
                evidence=plan.evidence + "\n补充：" + plan.returned_for.rstrip("。"),
                actor=clerk,
            ),
        )
        yield ctx.later(1, 3)
    task_complete(
        process,
        "legal_review",
        reviewer,
        lambda: services.revocation_review(
            revocation=record, reviewer=reviewer, approve=True, opinion=review_opinion
        ),
    )
    yield ctx.later(1, 3)
    task_complete(
        process,
        "approval",
        head,
        lambda: services.revocation_decide_approval(
            revocation=record, approver=head, approve=True, opinion="同意撤销。"
        ),
    )
    yield ctx.later(1, 4)
    task_complete(
        process,
        "serve_decision",
        clerk,
        lambda: services.revocation_record_service(
            revocation=record,
            served_on=timezone.localdate(),
            method=ctx.rng.choice(["直接送达", "邮寄送达"]),
            actor=clerk,
        ),
    )
    cancellation = Cancellation.objects.filter(origin_revocation=record).latest("pk")
    cancellation_process = _process(LicenceCancellationFlow, cancellation)
    yield ctx.later(1, 4)
    reference = f"信用中国（湖北）行政许可公示 {record.licence.number}"
    task_complete(
        process,
        "publicity",
        clerk,
        lambda: services.revocation_record_publicity(
            revocation=record,
            published_on=timezone.localdate(),
            reference=reference,
            actor=clerk,
        ),
    )
    task_complete(
        cancellation_process,
        "publicity",
        clerk,
        lambda: services.cancellation_record_publicity(
            cancellation=cancellation,
            published_on=timezone.localdate(),
            reference=reference + "（注销）",
            actor=clerk,
        ),
    )


@dataclass
class ReferralPlan:
    licences: list[Licence]
    ground: str
    reason: str
    started_on: datetime.date
    clerk: str
    # Days after sending that the province answers; past the reply period, the
    # referral's timer raises a follow-up task first.
    reply_after: int
    rejections: dict[str, str]  # licence number -> the province's reason


def referral(ctx: YearContext, plan: ReferralPlan) -> Story:
    yield ctx.office_hours(plan.started_on)
    clerk = ctx.people[plan.clerk]
    result = cancellations_start(
        licences=plan.licences, ground=plan.ground, reason=plan.reason, actor=clerk
    )
    if result.refused or len(result.referrals) != 1:
        raise RuntimeError(
            "referral refused: " + "; ".join(r.message for r in result.refused)
        )
    letter = result.referrals[0]
    process = _process(ProvinceReferralFlow, letter)
    yield ctx.later(1, 3)
    task_complete(
        process,
        "send_letter",
        clerk,
        lambda: services.referral_record_sending(
            referral=letter,
            sent_on=timezone.localdate(),
            method="机要交换",
            actor=clerk,
        ),
    )
    sent_on = timezone.localdate()
    answer_day = ctx.workday(sent_on + datetime.timedelta(days=plan.reply_after))
    if open_task(process, "follow_up") is None and (
        Referral.objects.get(pk=letter.pk).reply_due < answer_day
    ):
        # The reply is late: the follow-up task appears when the period ends.
        yield ctx.office_hours(
            ctx.after_working_days(Referral.objects.get(pk=letter.pk).reply_due, 1)
        )
        task_complete(
            process,
            "follow_up",
            clerk,
            lambda: services.referral_record_follow_up(
                referral=letter,
                followed_up_on=timezone.localdate(),
                note="电话催办省局行政审批处，答复将于近期函复。",
                actor=clerk,
            ),
        )
    yield ctx.office_hours(answer_day)
    decided_on = timezone.localdate()
    number = 0
    for cancellation in letter.cancellations.select_related("licence").order_by(
        "licence__number"
    ):
        rejection = plan.rejections.get(cancellation.licence.number, "")
        if not rejection:
            number += 1
        province_decision_record(
            cancellation=cancellation,
            accepted=not rejection,
            decided_on=decided_on,
            actor=clerk,
            decision_number=""
            if rejection
            else f"鄂市监许注〔{decided_on.year}〕{letter.pk:02d}{number:03d}号",
            rejection_reason=rejection,
        )

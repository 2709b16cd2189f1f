"""Penalty cases of the demo year, each driven through the penalty-case flows task by
task: the service each task's view calls, then the activation, as the officer's click
does. Papers are issued after each step commits; timers (the statement window) fire
through the clock's runs of `run_due_timers`."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from campaigns.models import Campaign
from enforcement import services
from enforcement.models import Case, ViolationType
from enforcement.services import LineInput, case_account
from enforcement.services.penalty_lines import lines_from_case
from enterprises.models import Enterprise
from workflows.penalty_case.flows import PenaltyCaseFlow, SummaryPenaltyFlow
from workflows.penalty_case.starting import case_process

from ..driving import process_start, task_complete
from .clock import Story
from .context import YearContext


@dataclass
class CasePlan:
    """One case as it will go: who, what, when it starts, and how it ends."""

    party: Enterprise
    violation: ViolationType
    campaign: Campaign | None
    received_on: datetime.date
    clue: str
    facts: str
    registrar: str
    lead: str
    second: str
    head: str
    reviewer: str
    outcome: str = "penalty"  # "penalty", "no_penalty" or "not_filed"
    lines: list[LineInput] = field(default_factory=list)
    no_penalty_reason: str = ""
    non_filing_reason: str = ""
    statement: str = "waive"  # "waive", "statement" or "lapse"
    source: str = "inspection"
    source_reference: str = ""
    evidence: list[tuple[str, str, str]] = field(default_factory=list)
    discretion_reasons: str = ""
    findings: str = ""


@dataclass
class SummaryPlan:
    """A decision made on the spot (简易程序) and filed afterwards."""

    party: Enterprise
    violation: ViolationType
    campaign: Campaign | None
    decided_on: datetime.date
    facts: str
    officer: str
    second: str
    filer: str
    line: LineInput
    number: str
    paid_on_the_spot: bool = False


def _process(case: Case):
    return case_process(case).coerced


def ordinary_case(ctx: YearContext, plan: CasePlan) -> Story:
    """A lead registered on the case desk's start page, then taken to its end."""
    yield ctx.office_hours(plan.received_on)
    registrar = ctx.people[plan.registrar]

    def register(process):
        case = services.case_register(
            party=plan.party,
            source=plan.source,
            source_reference=plan.source_reference,
            received_on=timezone.localdate(),
            clue=plan.clue,
            title=f"{plan.party.name}涉嫌{plan.violation.name}案",
            violation_type=plan.violation,
            campaign=plan.campaign,
            actor=registrar,
        )
        process.artifact = case
        process.data = {"initiator_id": registrar.pk, "investigator_ids": []}

    process = process_start(PenaltyCaseFlow, registrar, register)
    yield from case_to_its_end(
        ctx, plan, Case.objects.get(pk=process.artifact_object_id)
    )


def case_to_its_end(ctx: YearContext, plan: CasePlan, case: Case) -> Story:
    """From verification to closure (or to the decision not to file)."""
    people = ctx.people
    registrar, head = people[plan.registrar], people[plan.head]
    lead, second = people[plan.lead], people[plan.second]
    reviewer = people[plan.reviewer]
    process = _process(case)

    yield ctx.later(1, 3)
    if plan.outcome == "not_filed":
        task_complete(
            process,
            "verify",
            registrar,
            lambda: services.case_propose(
                case=case,
                actor=registrar,
                proposal="not_file",
                findings=plan.findings,
                non_filing_reason=plan.non_filing_reason,
            ),
        )
        yield ctx.later(1, 2)
        task_complete(
            process,
            "filing_approval",
            head,
            lambda: services.case_decide_filing(
                case=case, approver=head, approve=True, opinion="同意不予立案。"
            ),
        )
        return
    task_complete(
        process,
        "verify",
        registrar,
        lambda: services.case_propose(
            case=case, actor=registrar, proposal="file", findings=plan.findings
        ),
    )
    yield ctx.later(1, 2)
    task_complete(
        process,
        "filing_approval",
        head,
        lambda: services.case_decide_filing(
            case=case,
            approver=head,
            approve=True,
            opinion=f"同意立案，由{lead.get_full_name()}、{second.get_full_name()}承办。",
            investigators=[lead, second],
            lead=lead,
        ),
    )
    for kind, title, proves in plan.evidence:
        yield ctx.later(1, 4)
        services.case_record_evidence(
            case=case,
            actor=lead,
            kind=kind,
            title=title,
            proves=proves,
            collected_on=timezone.localdate(),
            source="现场检查",
        )
    yield ctx.later(1, 4)
    proposal = "penalty" if plan.outcome == "penalty" else "no_penalty"
    task_complete(
        process,
        "investigate",
        lead,
        lambda: services.case_submit_report(
            case=case,
            actor=lead,
            facts=plan.facts,
            violation_type=plan.violation,
            violated_provision=plan.violation.breached_provision,
            legal_basis=plan.violation.penalty_provision,
            proposal=proposal,
            lines=plan.lines if proposal == "penalty" else [],
            no_penalty_reason=plan.no_penalty_reason,
            discretion_reasons=plan.discretion_reasons,
        ),
    )
    yield ctx.later(1, 3)
    task_complete(
        process,
        "case_review",
        reviewer,
        lambda: services.case_review_pass(
            case=case,
            reviewer=reviewer,
            opinion="事实清楚，证据确凿，定性准确，程序合法。",
        ),
    )
    if plan.outcome == "penalty":
        yield from _notice_and_defence(ctx, plan, case, process, lead)
        yield ctx.later(1, 2)
        lines = lines_from_case(Case.objects.get(pk=case.pk), "proposed")
        task_complete(
            process,
            "decide",
            head,
            lambda: services.case_decide(
                case=case,
                decider=head,
                kind="penalty",
                opinion="同意办案机构意见，给予行政处罚。",
                lines=lines,
            ),
        )
    else:
        yield ctx.later(1, 3)
        task_complete(
            process,
            "decide",
            head,
            lambda: services.case_decide(
                case=case,
                decider=head,
                kind="no_penalty",
                opinion="当事人违法行为已及时改正，依法不予行政处罚。",
                no_penalty_reason=plan.no_penalty_reason,
            ),
        )
    yield ctx.later(1, 3)
    task_complete(
        process,
        "serve_decision",
        lead,
        lambda: services.case_serve_decision(
            case=case,
            served_on=timezone.localdate(),
            method=ctx.rng.choice(["direct", "direct", "post"]),
            actor=lead,
        ),
    )
    if plan.outcome == "penalty":
        steps = sorted(
            [
                (ctx.later(1, 6), "publicity"),
                (ctx.later_natural(3, 12), "execution"),
            ]
        )
        for moment, step in steps:
            yield moment
            if step == "publicity":
                task_complete(
                    process,
                    "publicity",
                    lead,
                    lambda: services.case_record_publicity(
                        case=case,
                        published_on=timezone.localdate(),
                        reference=f"国家企业信用信息公示系统（湖北）{case.reference}",
                        actor=lead,
                    ),
                )
            else:
                owed = case_account(Case.objects.get(pk=case.pk)).owed
                task_complete(
                    process,
                    "execution",
                    lead,
                    lambda owed=owed: services.case_record_payment(
                        case=case,
                        amount=owed,
                        paid_on=timezone.localdate(),
                        receipt_number=f"4201{timezone.localdate():%Y%m%d}{case.pk:05d}",
                        actor=lead,
                    ),
                )
    yield ctx.later(1, 5)
    task_complete(
        process,
        "propose_closure",
        lead,
        lambda: services.case_propose_closure(
            case=case,
            proposer=lead,
            summary="处罚决定已执行完毕，申请结案。"
            if plan.outcome == "penalty"
            else "不予行政处罚决定书已送达，申请结案。",
        ),
    )
    yield ctx.later(1, 3)
    task_complete(
        process,
        "approve_closure",
        head,
        lambda: services.case_approve_closure(
            case=case, approver=head, opinion="同意结案，案卷归档。"
        ),
    )


def _notice_and_defence(ctx, plan, case, process, lead) -> Story:
    """The notice is served; the party waives, states (and is re-examined), or lets
    the window lapse, which the statement timer records."""
    yield ctx.later(1, 2)
    task_complete(
        process,
        "serve_notice",
        lead,
        lambda: services.case_serve_notice(
            case=case,
            served_on=timezone.localdate(),
            method=ctx.rng.choice(["direct", "direct", "post"]),
            actor=lead,
        ),
    )
    statement_due = Case.objects.get(pk=case.pk).statement_due
    if plan.statement == "waive":
        yield ctx.later(1, 3)
        task_complete(
            process,
            "statement",
            lead,
            lambda: services.case_waive_statement(
                case=case,
                on=timezone.localdate(),
                actor=lead,
                note="当事人书面表示放弃陈述、申辩和听证的权利。",
            ),
        )
        return
    if plan.statement == "statement":
        yield ctx.later(1, 3)
        task_complete(
            process,
            "statement",
            lead,
            lambda: services.case_record_statement(
                case=case,
                statement="当事人称对违法事实无异议，系初次违法，请求从轻处罚。",
                received_on=timezone.localdate(),
                actor=lead,
            ),
        )
        yield ctx.later(1, 2)
        task_complete(
            process,
            "re_examination",
            lead,
            lambda: services.case_re_examine(
                case=case,
                examiner=lead,
                opinion="当事人所提情节已在拟处罚意见中予以考虑，维持原拟处罚意见。",
                adopted=False,
            ),
        )
    # A decision waits until the statement window has closed.
    yield ctx.office_hours(ctx.after_working_days(statement_due, ctx.rng.randint(1, 2)))


def summary_case(ctx: YearContext, plan: SummaryPlan) -> Story:
    """当场处罚: decided on the summary-procedure start page, filed by the division
    head, paid at the bank (or on the spot), then closed by the flow."""
    yield ctx.office_hours(plan.decided_on)
    officer, second = ctx.people[plan.officer], ctx.people[plan.second]

    def decide(process):
        case = services.summary_case_decide(
            party=plan.party,
            officer=officer,
            second_officer=second,
            violation_type=plan.violation,
            facts=plan.facts,
            lines=[plan.line],
            decided_on=timezone.localdate(),
            number=plan.number,
            paid_on_the_spot=plan.paid_on_the_spot,
            receipt_number=f"鄂财罚{plan.number[-8:-1]}"
            if plan.paid_on_the_spot
            else "",
            campaign=plan.campaign,
        )
        process.artifact = case
        process.data = {
            "initiator_id": officer.pk,
            "investigator_ids": sorted([officer.pk, second.pk]),
        }

    process = process_start(SummaryPenaltyFlow, officer, decide).coerced
    case = Case.objects.get(pk=process.artifact_object_id)
    yield ctx.later(1, 3)
    filer = ctx.people[plan.filer]
    task_complete(
        process,
        "file_decision",
        filer,
        lambda: services.summary_case_file(case=case, actor=filer),
    )
    if case.payment_due:
        yield ctx.later_natural(2, 12)
        owed = case_account(Case.objects.get(pk=case.pk)).owed
        task_complete(
            process,
            "execution",
            officer,
            lambda: services.case_record_payment(
                case=case,
                amount=owed,
                paid_on=timezone.localdate(),
                receipt_number=f"4201{timezone.localdate():%Y%m%d}{case.pk:05d}",
                actor=officer,
            ),
        )


def fine(vt: ViolationType, amount: int, circumstance: str = "mitigating") -> LineInput:
    return LineInput(
        violation_type=vt,
        kind="fine",
        amount=Decimal(amount),
        circumstance=circumstance,
    )


def confiscation(vt: ViolationType, amount: int, description: str) -> LineInput:
    return LineInput(
        violation_type=vt,
        kind="confiscation",
        amount=Decimal(amount),
        description=description,
    )

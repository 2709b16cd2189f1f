"""The investigation (调查取证): evidence, evidence measures and their clocks, pauses of
the decision clock, suspension, termination, extensions, and the closing report."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import User

from ..clocks import measure_deadline
from ..models import (
    Case,
    CaseExtension,
    CasePause,
    CaseState,
    CollectiveDiscussion,
    DecisionKind,
    DiscretionBenchmark,
    Evidence,
    EvidenceMeasure,
    NoPenaltyReason,
    PenaltyLine,
    PenaltyPolicy,
    ViolationType,
)
from .case_steps import (
    apply,
    case_lock,
    check_investigator,
    check_perm,
    event,
    require_not_before,
    require_past_date,
    require_text,
)
from .penalty_lines import LineInput, lines_check, lines_store

EVIDENCE_NOT_NOW = _("案件处于“%(state)s”，只能在调查取证阶段登记证据。")
EVIDENCE_KIND_INVALID = _("请选择证据种类。")
MEASURE_APPROVER_FORBIDDEN = _("%(name)s无权批准先行登记保存、查封扣押。")
MEASURE_CLOSED = _("该措施已于%(date)s作出处理。")
MEASURE_OUTCOME_INVALID = _("“%(outcome)s”不是%(kind)s的处理方式。")
MEASURE_LAPSED = _(
    "先行登记保存已于%(date)s期满，未在七个工作日内作出处理决定，已自动解除。"
)
SEIZURE_ALREADY_EXTENDED = _("查封、扣押期限只能延长一次（行政强制法第二十五条）。")
SEIZURE_EXTENSION_NOT_SEIZURE = _("只有查封、扣押可以延长期限。")
SEIZURE_EXTENSION_LATE = _("查封、扣押期限已于%(date)s届满，不能再延长。")
PAUSE_KIND_NOT_MANUAL = _("中止调查和听证期间由相应程序自动登记。")
PAUSE_ALREADY_OPEN = _("已有尚未结束的“%(kind)s”期间。")
PAUSE_ALREADY_ENDED = _("该期间已经结束。")
TERMINATION_REASON_REQUIRED = _("请填写终止调查的理由。")
REPORT_NO_EVIDENCE = _("尚未登记任何证据，不能提交调查终结报告。")
REPORT_OPEN_PRESERVATION = _(
    "先行登记保存的证据（%(date)s采取）尚未作出处理决定，不能提交调查终结报告。"
)
REPORT_SUSPENDED = _("案件已中止调查，恢复调查后才能提交调查终结报告。")
REPORT_PROPOSAL_INVALID = _("请选择处理意见。")
REPORT_NO_PENALTY_REASON = _(
    "拟不予行政处罚须选择理由（行政处罚法第三十三条、第五十七条）。"
)
EXTENSION_FIRST_TOO_LONG = _(
    "负责人批准延长的期限不得超过%(days)d日；更长的期限须经集体讨论决定。"
)
EXTENSION_NEEDS_DISCUSSION = _(
    "已经延长过一次办案期限，再次延长须经负责人集体讨论决定并登记讨论记录。"
)
EXTENSION_DISCUSSION_MISMATCH = _("所选集体讨论不是本案关于延长办案期限的讨论。")
EXTENSION_NOT_NOW = _("案件尚未立案或者已经作出决定，不能延长办案期限。")
DISCUSSION_TOO_FEW = _("集体讨论须有三名以上负责人参加，并登记参加人员。")
DISCUSSION_CHAIR_FORBIDDEN = _("集体讨论须由负责人主持。")
DISCUSSION_CHAIR_ABSENT = _("主持人须列入参加人员。")


# --- Evidence and evidence measures ---------------------------------------------------


@transaction.atomic
def case_record_evidence(
    *,
    case: Case | int,
    actor: User,
    kind: str,
    title: str,
    collected_on: datetime.date,
    proves: str = "",
    source: str = "",
    sha256: str = "",
) -> Evidence:
    locked = case_lock(case)
    check_investigator(locked, actor, _("登记证据"))
    if locked.state != CaseState.INVESTIGATING:
        raise ValidationError(
            EVIDENCE_NOT_NOW,
            code="state",
            params={"state": locked.get_state_display()},
        )
    if kind not in Evidence.Kind.values:
        raise ValidationError({"kind": ValidationError(EVIDENCE_KIND_INVALID)})
    title = require_text(title, _("证据名称"))
    require_past_date(collected_on, _("取得日期"))
    evidence = Evidence(
        case=locked,
        kind=kind,
        title=title,
        proves=proves.strip(),
        collected_on=collected_on,
        collected_by=actor,
        source=source.strip(),
        sha256=sha256.strip().lower(),
    )
    evidence.full_clean()
    evidence.save()
    event(locked, "evidence", actor=actor, from_state=locked.state, note=title)
    return evidence


def _testing_pauses(case: Case) -> list[CasePause]:
    return list(case.pauses.filter(kind=CasePause.Kind.TESTING))


@transaction.atomic
def case_start_measure(
    *,
    case: Case | int,
    actor: User,
    kind: str,
    items: str,
    started_on: datetime.date,
    approver: User,
    place: str = "",
    calendar=None,
) -> EvidenceMeasure:
    """先行登记保存 or 查封扣押, approved by a head; its clock starts the next day."""
    locked = case_lock(case)
    check_investigator(locked, actor, _("采取证据保全措施"))
    if locked.state != CaseState.INVESTIGATING:
        raise ValidationError(
            EVIDENCE_NOT_NOW, code="state", params={"state": locked.get_state_display()}
        )
    if not approver.has_perm("enforcement.approve_evidence_measure"):
        raise ValidationError(
            MEASURE_APPROVER_FORBIDDEN,
            code="approver",
            params={"name": approver.get_full_name()},
        )
    items = require_text(items, _("物品清单"))
    require_past_date(started_on, _("采取日期"))
    today = timezone.localdate()
    due = measure_deadline(
        kind=kind,
        started_on=started_on,
        extended=False,
        testing_pauses=_testing_pauses(locked),
        policy=PenaltyPolicy.current(),
        today=today,
        calendar=calendar,
    )
    measure = EvidenceMeasure(
        case=locked,
        kind=kind,
        items=items,
        place=place.strip(),
        started_on=started_on,
        approved_by=approver,
        due_on=due.due,
        recorded_by=actor,
    )
    measure.full_clean()
    measure.save()
    event(
        locked,
        f"measure_{kind}",
        actor=actor,
        from_state=locked.state,
        note=items,
    )
    return measure


_OUTCOMES = {
    EvidenceMeasure.Kind.PRESERVATION: {
        EvidenceMeasure.Outcome.RELEASED,
        EvidenceMeasure.Outcome.SEIZED,
        EvidenceMeasure.Outcome.SENT_FOR_TESTING,
        EvidenceMeasure.Outcome.CONFISCATED,
    },
    EvidenceMeasure.Kind.SEIZURE: {
        EvidenceMeasure.Outcome.RELEASED,
        EvidenceMeasure.Outcome.CONFISCATED,
    },
}


def _lock_measure(case: Case, measure: EvidenceMeasure | int) -> EvidenceMeasure:
    pk = measure.pk if isinstance(measure, EvidenceMeasure) else measure
    return EvidenceMeasure.objects.select_for_update(no_key=True).get(pk=pk, case=case)


@transaction.atomic
def case_decide_measure(
    *,
    case: Case | int,
    measure: EvidenceMeasure | int,
    actor: User,
    outcome: str,
    on: datetime.date,
) -> EvidenceMeasure:
    """The 处理决定 on preserved evidence, or the end of a seizure."""
    from chinese_formats.formats import date_cn

    locked = case_lock(case)
    check_investigator(locked, actor, _("处理证据保全措施"))
    row = _lock_measure(locked, measure)
    if row.ended_on is not None:
        raise ValidationError(
            MEASURE_CLOSED, code="closed", params={"date": date_cn(row.ended_on)}
        )
    if outcome not in _OUTCOMES[row.kind]:
        raise ValidationError(
            MEASURE_OUTCOME_INVALID,
            code="outcome",
            params={
                "outcome": EvidenceMeasure.Outcome(outcome).label
                if outcome in EvidenceMeasure.Outcome.values
                else outcome,
                "kind": row.get_kind_display(),
            },
        )
    require_past_date(on, _("处理日期"))
    require_not_before(on, row.started_on, _("处理日期"), _("采取日期"))
    if row.kind == EvidenceMeasure.Kind.PRESERVATION and on > row.due_on:
        raise ValidationError(
            MEASURE_LAPSED, code="lapsed", params={"date": date_cn(row.due_on)}
        )
    row.outcome = outcome
    row.ended_on = on
    row.decided_by = actor
    row.full_clean()
    row.save()
    event(
        locked,
        "measure_decided",
        actor=actor,
        from_state=locked.state,
        note=f"{row.get_kind_display()}：{row.get_outcome_display()}",
    )
    return row


@transaction.atomic
def case_extend_seizure(
    *,
    case: Case | int,
    measure: EvidenceMeasure | int,
    approver: User,
    calendar=None,
) -> EvidenceMeasure:
    from chinese_formats.formats import date_cn

    locked = case_lock(case)
    check_perm(
        approver, "enforcement.approve_evidence_measure", _("批准延长查封、扣押")
    )
    row = _lock_measure(locked, measure)
    if row.kind != EvidenceMeasure.Kind.SEIZURE:
        raise ValidationError(SEIZURE_EXTENSION_NOT_SEIZURE, code="kind")
    if row.extended_on is not None:
        raise ValidationError(SEIZURE_ALREADY_EXTENDED, code="extended")
    today = timezone.localdate()
    if row.ended_on is not None or today > row.due_on:
        raise ValidationError(
            SEIZURE_EXTENSION_LATE, code="late", params={"date": date_cn(row.due_on)}
        )
    due = measure_deadline(
        kind=row.kind,
        started_on=row.started_on,
        extended=True,
        testing_pauses=_testing_pauses(locked),
        policy=PenaltyPolicy.current(),
        today=today,
        calendar=calendar,
    )
    row.due_on = due.due
    row.extended_by = approver
    row.extended_on = today
    row.save(update_fields=["due_on", "extended_by", "extended_on"])
    event(locked, "seizure_extended", actor=approver, from_state=locked.state)
    return row


def evidence_measures_lapse_due(*, today: datetime.date | None = None) -> int:
    """Preserved evidence not decided on within its 7 working days is released by law
    (行政处罚法 Art. 56). Run by `workflow_timers`; returns how many lapsed."""
    today = today or timezone.localdate()
    due = EvidenceMeasure.objects.filter(
        kind=EvidenceMeasure.Kind.PRESERVATION,
        ended_on__isnull=True,
        due_on__lt=today,
    ).values_list("case_id", "pk")
    count = 0
    for case_id, pk in list(due):
        with transaction.atomic():
            locked = case_lock(case_id)
            row = _lock_measure(locked, pk)
            if row.ended_on is not None:
                continue
            row.outcome = EvidenceMeasure.Outcome.LAPSED
            row.ended_on = row.due_on
            row.save(update_fields=["outcome", "ended_on"])
            event(
                locked,
                "measure_lapsed",
                actor=None,
                from_state=locked.state,
                note=str(_("先行登记保存逾期未作出处理决定，自动解除。")),
            )
            count += 1
    return count


# --- Pauses, suspension, termination ----------------------------------------------------

_MANUAL_PAUSES = {
    CasePause.Kind.PUBLIC_NOTICE,
    CasePause.Kind.TESTING,
    CasePause.Kind.IDENTIFICATION,
    CasePause.Kind.REFUND,
}


def _open_pause(case: Case, kind: str) -> CasePause | None:
    return case.pauses.filter(kind=kind, ended_on__isnull=True).first()


def _pause_start(case: Case, kind: str, started_on, reason: str, actor) -> CasePause:
    if _open_pause(case, kind):
        raise ValidationError(
            PAUSE_ALREADY_OPEN,
            code="open",
            params={"kind": CasePause.Kind(kind).label},
        )
    pause = CasePause(
        case=case, kind=kind, started_on=started_on, reason=reason, recorded_by=actor
    )
    pause.full_clean()
    pause.save()
    return pause


def _pause_end(pause: CasePause, ended_on) -> CasePause:
    if pause.ended_on is not None:
        raise ValidationError(PAUSE_ALREADY_ENDED, code="ended")
    require_not_before(ended_on, pause.started_on, _("结束日期"), _("开始日期"))
    pause.ended_on = ended_on
    pause.full_clean()
    pause.save(update_fields=["ended_on"])
    return pause


@transaction.atomic
def case_start_pause(
    *,
    case: Case | int,
    actor: User,
    kind: str,
    started_on: datetime.date,
    reason: str,
) -> CasePause:
    """Testing, identification, public notice or refund time (not counted)."""
    locked = case_lock(case)
    check_investigator(locked, actor, _("登记不计入办案期限的期间"))
    if kind not in _MANUAL_PAUSES:
        raise ValidationError(PAUSE_KIND_NOT_MANUAL, code="kind")
    require_past_date(started_on, _("开始日期"))
    if locked.filed_on:
        require_not_before(started_on, locked.filed_on, _("开始日期"), _("立案日期"))
    reason = require_text(reason, _("说明"))
    pause = _pause_start(locked, kind, started_on, reason, actor)
    event(
        locked,
        "pause_start",
        actor=actor,
        from_state=locked.state,
        note=f"{pause.get_kind_display()}：{reason}",
    )
    return pause


@transaction.atomic
def case_end_pause(
    *, case: Case | int, pause: CasePause | int, actor: User, ended_on: datetime.date
) -> CasePause:
    locked = case_lock(case)
    check_investigator(locked, actor, _("结束不计入办案期限的期间"))
    pk = pause.pk if isinstance(pause, CasePause) else pause
    row = CasePause.objects.select_for_update().get(pk=pk, case=locked)
    if row.kind not in _MANUAL_PAUSES:
        raise ValidationError(PAUSE_KIND_NOT_MANUAL, code="kind")
    require_past_date(ended_on, _("结束日期"))
    _pause_end(row, ended_on)
    event(
        locked,
        "pause_end",
        actor=actor,
        from_state=locked.state,
        note=row.get_kind_display(),
    )
    return row


@transaction.atomic
def case_suspend(
    *, case: Case | int, approver: User, reason: str, on: datetime.date
) -> Case:
    """中止调查 with the head's approval; the decision clock stops until resumed."""
    locked = case_lock(case)
    reason = require_text(reason, _("中止调查理由"))
    require_past_date(on, _("中止日期"))
    require_not_before(on, locked.filed_on, _("中止日期"), _("立案日期"))
    from_state = apply(locked, "suspend", _("中止调查"), actor=approver)
    _pause_start(locked, CasePause.Kind.SUSPENSION, on, reason, approver)
    event(locked, "suspend", actor=approver, from_state=from_state, note=reason)
    return locked


@transaction.atomic
def case_resume(*, case: Case | int, approver: User, on: datetime.date) -> Case:
    locked = case_lock(case)
    require_past_date(on, _("恢复日期"))
    from_state = apply(locked, "resume", _("恢复调查"), actor=approver)
    pause = _open_pause(locked, CasePause.Kind.SUSPENSION)
    if pause:
        _pause_end(pause, on)
    event(locked, "resume", actor=approver, from_state=from_state)
    return locked


@transaction.atomic
def case_propose_termination(*, case: Case | int, actor: User, reason: str) -> Case:
    locked = case_lock(case)
    check_investigator(locked, actor, _("提出终止调查"))
    reason = require_text(reason, _("终止调查理由"))
    from_state = apply(locked, "propose_termination", _("提出终止调查"), reason=reason)
    event(
        locked, "propose_termination", actor=actor, from_state=from_state, note=reason
    )
    return locked


@transaction.atomic
def case_decide_termination(
    *, case: Case | int, approver: User, approve: bool, opinion: str
) -> Case:
    locked = case_lock(case)
    opinion = require_text(opinion, _("审批意见"))
    if approve:
        from_state = apply(
            locked,
            "approve_termination",
            _("批准终止调查"),
            actor=approver,
            on=timezone.localdate(),
        )
        pause = _open_pause(locked, CasePause.Kind.SUSPENSION)
        if pause:
            _pause_end(pause, timezone.localdate())
        action = "terminate"
    else:
        from_state = apply(
            locked,
            "reject_termination",
            _("不同意终止调查"),
            actor=approver,
            reason=opinion,
        )
        pause = _open_pause(locked, CasePause.Kind.SUSPENSION)
        if pause:
            _pause_end(pause, timezone.localdate())
        action = "termination_rejected"
    event(locked, action, actor=approver, from_state=from_state, note=opinion)
    return locked


# --- Extensions and collective discussion ---------------------------------------------


@transaction.atomic
def case_record_discussion(
    *,
    case: Case | int,
    actor: User,
    purpose: str,
    held_on: datetime.date,
    chair: User,
    participants: list[User],
    minutes: str,
    conclusion: str,
) -> CollectiveDiscussion:
    """负责人集体讨论, recorded with who took part."""
    locked = case_lock(case)
    return _discussion_create(
        case=locked,
        actor=actor,
        purpose=purpose,
        held_on=held_on,
        chair=chair,
        participants=participants,
        minutes=minutes,
        conclusion=conclusion,
    )


def _discussion_create(
    *, case, actor, purpose, held_on, chair, participants, minutes, conclusion
) -> CollectiveDiscussion:
    check_perm(actor, "enforcement.decide_case", _("登记集体讨论"))
    require_past_date(held_on, _("讨论日期"))
    minutes = require_text(minutes, _("讨论记录"))
    conclusion = require_text(conclusion, _("讨论结论"))
    if not chair.has_perm("enforcement.decide_case"):
        raise ValidationError(DISCUSSION_CHAIR_FORBIDDEN, code="chair")
    people = {u.pk: u for u in participants}
    if chair.pk not in people:
        raise ValidationError(DISCUSSION_CHAIR_ABSENT, code="chair_absent")
    if len(people) < 3:
        raise ValidationError(DISCUSSION_TOO_FEW, code="too_few")
    discussion = CollectiveDiscussion(
        case=case,
        purpose=purpose,
        held_on=held_on,
        chaired_by=chair,
        minutes=minutes,
        conclusion=conclusion,
        recorded_by=actor,
    )
    discussion.full_clean()
    discussion.save()
    discussion.participants.set(people.values())
    names = "、".join(u.get_full_name() for u in people.values())
    event(
        case,
        "discussion",
        actor=actor,
        from_state=case.state,
        note=_("%(purpose)s（参加：%(names)s）：%(conclusion)s")
        % {
            "purpose": discussion.get_purpose_display(),
            "names": names,
            "conclusion": conclusion,
        },
    )
    return discussion


@transaction.atomic
def case_extend_decision_period(
    *,
    case: Case | int,
    approver: User,
    days: int,
    reason: str,
    discussion: CollectiveDiscussion | None = None,
) -> CaseExtension:
    """+30 days with the head's approval; any further extension only by collective
    discussion, which sets the period (程序规定; 行政处罚法 Art. 60)."""
    locked = case_lock(case)
    check_perm(approver, "enforcement.extend_case_period", _("批准延长办案期限"))
    reason = require_text(reason, _("延长理由"))
    from ..models import DECISION_CLOCK_STATES

    if locked.filed_on is None or locked.state not in DECISION_CLOCK_STATES:
        raise ValidationError(EXTENSION_NOT_NOW, code="state")
    policy = PenaltyPolicy.current()
    earlier = locked.extensions.filter(clock=CaseExtension.Clock.DECISION).exists()
    if discussion is not None and (
        discussion.case_id != locked.pk
        or discussion.purpose != CollectiveDiscussion.Purpose.EXTENSION
    ):
        raise ValidationError(EXTENSION_DISCUSSION_MISMATCH, code="discussion")
    if earlier and discussion is None:
        raise ValidationError(EXTENSION_NEEDS_DISCUSSION, code="needs_discussion")
    if (
        not earlier
        and discussion is None
        and not 0 < days <= policy.head_extension_natural_days
    ):
        raise ValidationError(
            EXTENSION_FIRST_TOO_LONG,
            code="too_long",
            params={"days": policy.head_extension_natural_days},
        )
    extension = CaseExtension(
        case=locked,
        clock=CaseExtension.Clock.DECISION,
        days=days,
        reason=reason,
        approved_by=approver,
        approved_on=timezone.localdate(),
        discussion=discussion,
    )
    extension.full_clean()
    extension.save()
    event(
        locked,
        "extend_decision",
        actor=approver,
        from_state=locked.state,
        note=_("+%(days)d日：%(reason)s") % {"days": days, "reason": reason},
    )
    return extension


# --- 调查终结报告 ----------------------------------------------------------------------


def current_benchmark(on: datetime.date | None = None) -> DiscretionBenchmark | None:
    on = on or timezone.localdate()
    return (
        DiscretionBenchmark.objects.filter(
            published_at__isnull=False, effective_from__lte=on
        )
        .order_by("-effective_from", "-id")
        .first()
    )


@transaction.atomic
def case_submit_report(
    *,
    case: Case | int,
    actor: User,
    facts: str,
    violation_type: ViolationType,
    violated_provision: str,
    legal_basis: str,
    proposal: str,
    lines: list[LineInput] = (),
    no_penalty_reason: str = "",
    discretion_reasons: str = "",
    is_complex: bool = False,
    is_major: bool = False,
    involves_major_public_interest: bool = False,
    legality_review_other: str = "",
) -> Case:
    """调查终结报告: facts, provisions and the proposed outcome. The case pins the
    discretion benchmark in force now (or keeps the one pinned in an earlier round)."""
    from chinese_formats.formats import date_cn

    locked = case_lock(case)
    check_investigator(locked, actor, _("提交调查终结报告"))
    if locked.state == CaseState.SUSPENDED:
        raise ValidationError(REPORT_SUSPENDED, code="suspended")
    facts = require_text(facts, _("违法事实"))
    if proposal not in DecisionKind.values:
        raise ValidationError({"proposal": ValidationError(REPORT_PROPOSAL_INVALID)})
    if not locked.evidence.exists():
        raise ValidationError(REPORT_NO_EVIDENCE, code="no_evidence")
    open_preservation = locked.evidence_measures.filter(
        kind=EvidenceMeasure.Kind.PRESERVATION, ended_on__isnull=True
    ).first()
    if open_preservation:
        raise ValidationError(
            REPORT_OPEN_PRESERVATION,
            code="open_preservation",
            params={"date": date_cn(open_preservation.started_on)},
        )
    benchmark = locked.discretion_benchmark or current_benchmark()
    if proposal == DecisionKind.PENALTY:
        violated_provision = require_text(violated_provision, _("违反条款"))
        legal_basis = require_text(legal_basis, _("处罚依据"))
        lines = lines_check(case=locked, lines=lines, benchmark=benchmark)
        no_penalty_reason = ""
    else:
        lines = []
        if proposal == DecisionKind.NO_PENALTY:
            if no_penalty_reason not in NoPenaltyReason.values:
                raise ValidationError(
                    {"no_penalty_reason": ValidationError(REPORT_NO_PENALTY_REASON)}
                )
        else:
            no_penalty_reason = ""
    locked.suspected_violation_type = violation_type
    from_state = apply(
        locked,
        "submit_report",
        _("提交调查终结报告"),
        facts=facts,
        violated_provision=violated_provision.strip(),
        legal_basis=legal_basis.strip(),
        proposal=proposal,
        no_penalty_reason=no_penalty_reason,
        benchmark=benchmark if proposal == DecisionKind.PENALTY else None,
        discretion_reasons=discretion_reasons.strip(),
        is_complex=is_complex,
        is_major=is_major,
        involves_major_public_interest=involves_major_public_interest,
        legality_review_other=legality_review_other.strip(),
    )
    lines_store(case=locked, stage=PenaltyLine.Stage.PROPOSED, lines=lines)
    event(
        locked,
        "report",
        actor=actor,
        from_state=from_state,
        note=DecisionKind(proposal).label,
    )
    return locked

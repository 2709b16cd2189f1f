"""From review to the served decision: case review, legality review, the notice and the
party's statement or hearing, re-examination, the decision and its procedure gates,
service, referral and publicity, and the return to investigation.

Procedure gates (each refusal names its reason and its article):
- no penalty decision unless the notice was served and its statement window has
  elapsed or was waived (行政处罚法 Arts. 44, 45, 62);
- a penalty that qualifies for a hearing was offered one (Art. 63);
- reviewers and the hearing host are not the case's investigators (Art. 64(4));
- legality review where Art. 58 requires it, after the hearing when there was one;
- no heavier penalty than the notice proposed: after the party defended itself that is
  Art. 45 para 2; otherwise a new notice is needed (Art. 44);
- complex or major cases are decided by collective discussion (Art. 57 para 2).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chinese_formats.formats import date_cn
from deadlines.calendar import add_working_days
from licensing.models import Licence
from licensing.services import licence_revoke_as_penalty
from organisation.models import User

from ..clocks import decision_allowed_from, hearing_allowed_from
from ..models import (
    REFERRAL_KINDS,
    Case,
    CaseEvent,
    CasePause,
    CaseState,
    CollectiveDiscussion,
    DecisionKind,
    Hearing,
    NoPenaltyReason,
    PenaltyKind,
    PenaltyLine,
    PenaltyPolicy,
    ServiceMethod,
    Violation,
)
from ..penalties import (
    hearing_grounds,
    heavier_than,
    principal_kind,
    publicity_required,
)
from .case_investigation import _discussion_create
from .case_steps import (
    apply,
    case_lock,
    check_investigator,
    check_not_investigator,
    check_perm,
    event,
    require_not_before,
    require_past_date,
    require_text,
)
from .penalty_lines import (
    LineInput,
    lines_check,
    lines_copy,
    lines_from_case,
    lines_store,
)
from .violations import violation_record

LEGALITY_REVIEWER_UNQUALIFIED = _(
    "%(name)s未取得法律职业资格，不能初次从事法制审核（行政处罚法第五十八条第二款）。"
)
SERVICE_METHOD_INVALID = _("请选择送达方式。")
STATEMENT_AFTER_WINDOW = _(
    "陈述申辩期已于%(date)s届满，逾期提出的意见请在复核时一并考虑。"
)
HEARING_NOT_OFFERED = _("告知书未告知听证权利：拟作出的处罚不属于应当听证的情形。")
HEARING_REQUEST_LATE = _(
    "当事人应当在告知后五个工作日内要求听证，期限已于%(date)s届满（行政处罚法第六十四条）。"
)
HEARING_HOST_FORBIDDEN = _(
    "%(name)s不能主持听证：须由行政机关指定的非本案调查人员主持。"
)
HEARING_NOTICE_TOO_SHORT = _(
    "听证应当在通知当事人七个工作日后举行：%(notified)s通知的，最早%(earliest)s举行"
    "（行政处罚法第六十四条）。"
)
HEARING_NOT_ARRANGED = _("听证尚未安排。")
HEARING_NOT_HOST = _("只有听证主持人才能登记听证情况。")
HEARING_BEFORE_SCHEDULE = _("听证举行日期不能早于通知的听证日期（%(date)s）。")
RE_EXAM_HEAVIER = _(
    "当事人已经陈述、申辩或者听证，复核后不得加重处罚（行政处罚法第四十五条第二款）：%(reasons)s。"
)
RETURN_REASON_REQUIRED = _("请填写退回补充调查的理由。")
DECISION_KIND_INVALID = _("请选择处理决定。")
DECISION_NEEDS_DISCUSSION = _(
    "本案属于情节复杂或者重大违法行为，应当由负责人集体讨论决定（行政处罚法第五十七条第二款）。"
)
DECISION_NOTICE_NOT_SERVED = _(
    "尚未向当事人送达行政处罚告知书，不能作出行政处罚决定（行政处罚法第四十四条、第六十二条）。"
)
DECISION_WINDOW_OPEN = _(
    "陈述申辩期至%(date)s届满，当事人未明确放弃，期满前不能作出行政处罚决定"
    "（行政处罚法第六十二条）。"
)
DECISION_HEARING_NOT_OFFERED = _(
    "拟作出的处罚属于应当告知听证权利的情形（%(grounds)s），但告知书未告知听证权利，"
    "须重新告知（行政处罚法第六十三条）。"
)
DECISION_LEGALITY_REVIEW_MISSING = _(
    "本案应当进行法制审核，未经法制审核或者审核未通过的，不得作出决定"
    "（行政处罚法第五十八条）。"
)
DECISION_LEGALITY_REVIEW_AFTER_HEARING = _(
    "本案经过听证程序，听证后须重新进行法制审核方可作出决定（行政处罚法第五十八条第一款第二项）。"
)
DECISION_HEAVIER_AFTER_DEFENCE = _(
    "当事人已经陈述、申辩或者听证，不得因此作出比告知书更重的处罚（行政处罚法第四十五条第二款）："
    "%(reasons)s。"
)
DECISION_HEAVIER_THAN_NOTICE = _(
    "拟作出的处罚重于告知书载明的处罚（%(reasons)s），须重新告知当事人（行政处罚法第四十四条）。"
)
DECISION_NO_PENALTY_REASON = _("不予行政处罚须选择理由。")
DECISION_REFERRAL_AUTHORITY = _("请填写移送的机关。")
DECISION_DISCUSSION_MISMATCH = _("所选集体讨论不是本案关于作出处理决定的讨论。")
DECISION_NUMBER_RECORDED = _("决定书文号已登记为%(number)s。")
SERVICE_NOT_SERVED_KIND = _("移送案件不送达处罚决定书，请登记移送情况。")


def _service_method(method: str) -> str:
    if method not in ServiceMethod.values:
        raise ValidationError({"method": ValidationError(SERVICE_METHOD_INVALID)})
    return method


# --- 案件审核, 法制审核 ----------------------------------------------------------------


@transaction.atomic
def case_review_pass(*, case: Case | int, reviewer: User, opinion: str) -> Case:
    """案件审核 by the review body: never one of the case's investigators."""
    locked = case_lock(case)
    check_perm(reviewer, "enforcement.review_case", _("案件审核"))
    check_not_investigator(locked, reviewer, _("审核人"))
    opinion = require_text(opinion, _("审核意见"))
    from_state = apply(
        locked,
        "pass_case_review",
        _("审核通过"),
        actor=reviewer,
        reviewer=reviewer,
        opinion=opinion,
    )
    event(locked, "case_review", actor=reviewer, from_state=from_state, note=opinion)
    return locked


@transaction.atomic
def case_legality_review_pass(
    *, case: Case | int, reviewer: User, opinion: str
) -> Case:
    """法制审核 (Art. 58): a reviewer without the legal qualification may not do it for
    the first time."""
    locked = case_lock(case)
    check_perm(reviewer, "enforcement.review_legality", _("法制审核"))
    check_not_investigator(locked, reviewer, _("法制审核人员"))
    opinion = require_text(opinion, _("法制审核意见"))
    if not reviewer.has_legal_qualification and not (
        CaseEvent.objects.filter(action="legality_review", actor=reviewer).exists()
    ):
        raise ValidationError(
            LEGALITY_REVIEWER_UNQUALIFIED,
            code="unqualified",
            params={"name": reviewer.get_full_name()},
        )
    from_state = apply(
        locked,
        "pass_legality_review",
        _("法制审核通过"),
        actor=reviewer,
        reviewer=reviewer,
        opinion=opinion,
    )
    event(
        locked, "legality_review", actor=reviewer, from_state=from_state, note=opinion
    )
    return locked


# --- 告知, 陈述申辩, 听证, 复核 ---------------------------------------------------------


def case_hearing_grounds(case: Case, lines=None) -> list[str]:
    lines = lines if lines is not None else lines_from_case(case, "proposed")
    return hearing_grounds(
        lines=lines, party_kind=case.party_kind, policy=PenaltyPolicy.current()
    )


@transaction.atomic
def case_record_notice(
    *, case: Case | int, number: str, issued_on: datetime.date, actor: User | None
) -> Case:
    """The 行政处罚告知书 was issued: it offers a hearing when the proposal qualifies,
    and its penalties become the ceiling of the decision."""
    locked = case_lock(case)
    number = require_text(number, _("告知书文号"))
    grounds = case_hearing_grounds(locked)
    from_state = apply(
        locked,
        "record_notice_issue",
        _("制发告知书"),
        number=number,
        issued_on=issued_on,
        hearing_offered=bool(grounds),
        hearing_grounds="；".join(grounds),
    )
    lines_copy(
        case=locked,
        from_stage=PenaltyLine.Stage.PROPOSED,
        to_stage=PenaltyLine.Stage.NOTICED,
    )
    event(locked, "notice", actor=actor, from_state=from_state, note=number)
    return locked


@transaction.atomic
def case_serve_notice(
    *,
    case: Case | int,
    served_on: datetime.date,
    method: str,
    actor: User,
    calendar=None,
) -> Case:
    """The notice reached the party: 5 working days for statement or a hearing request."""
    locked = case_lock(case)
    check_investigator(locked, actor, _("送达告知书"))
    require_past_date(served_on, _("送达日期"))
    require_not_before(
        served_on, locked.notice_issued_on, _("送达日期"), _("告知书制发日期")
    )
    method = _service_method(method)
    days = PenaltyPolicy.current().statement_working_days
    due = add_working_days(served_on, days, calendar=calendar).due
    from_state = apply(
        locked,
        "serve_notice",
        _("送达告知书"),
        served_on=served_on,
        service_method=method,
        statement_due=due,
    )
    event(
        locked,
        "serve_notice",
        actor=actor,
        from_state=from_state,
        note=_("%(method)s，陈述申辩期至%(date)s")
        % {"method": ServiceMethod(method).label, "date": date_cn(due)},
    )
    return locked


@transaction.atomic
def case_record_statement(
    *, case: Case | int, statement: str, received_on: datetime.date, actor: User
) -> Case:
    """陈述、申辩 received within the window; the facts and reasons are re-examined."""
    locked = case_lock(case)
    check_investigator(locked, actor, _("登记陈述申辩"))
    statement = require_text(statement, _("陈述申辩意见"))
    require_past_date(received_on, _("收到日期"))
    require_not_before(
        received_on, locked.notice_served_on, _("收到日期"), _("告知书送达日期")
    )
    if locked.statement_due and received_on > locked.statement_due:
        raise ValidationError(
            STATEMENT_AFTER_WINDOW,
            code="late",
            params={"date": date_cn(locked.statement_due)},
        )
    from_state = apply(
        locked,
        "record_statement",
        _("登记陈述申辩"),
        statement=statement,
        received_on=received_on,
    )
    event(locked, "statement", actor=actor, from_state=from_state, note=statement)
    return locked


@transaction.atomic
def case_waive_statement(
    *, case: Case | int, on: datetime.date, actor: User, note: str = ""
) -> Case:
    """The party expressly gave up statement, defence and hearing in writing."""
    locked = case_lock(case)
    check_investigator(locked, actor, _("登记放弃陈述申辩"))
    require_past_date(on, _("放弃日期"))
    require_not_before(on, locked.notice_served_on, _("放弃日期"), _("告知书送达日期"))
    from_state = apply(locked, "waive_statement", _("登记放弃陈述申辩"), on=on)
    event(locked, "statement_waived", actor=actor, from_state=from_state, note=note)
    return locked


@transaction.atomic
def case_lapse_statement(*, case: Case | int) -> Case:
    """The window passed without statement or hearing request (a timer calls this)."""
    locked = case_lock(case)
    from_state = apply(locked, "lapse_statement", _("结束陈述申辩期"))
    event(
        locked,
        "statement_lapsed",
        actor=None,
        from_state=from_state,
        note=str(_("陈述申辩期届满，当事人未提出陈述、申辩或者听证要求。")),
    )
    return locked


@transaction.atomic
def case_request_hearing(
    *, case: Case | int, on: datetime.date, actor: User
) -> Hearing:
    """The party asked for a hearing within the window; the hearing time does not count
    towards the decision period."""
    locked = case_lock(case)
    check_investigator(locked, actor, _("登记听证要求"))
    require_past_date(on, _("要求听证日期"))
    require_not_before(
        on, locked.notice_served_on, _("要求听证日期"), _("告知书送达日期")
    )
    if not locked.hearing_offered:
        raise ValidationError(HEARING_NOT_OFFERED, code="not_offered")
    if locked.statement_due and on > locked.statement_due:
        raise ValidationError(
            HEARING_REQUEST_LATE,
            code="late",
            params={"date": date_cn(locked.statement_due)},
        )
    from_state = apply(locked, "request_hearing", _("登记听证要求"), on=on)
    hearing = Hearing(case=locked, round=locked.round, requested_on=on)
    hearing.full_clean()
    hearing.save()
    CasePause.objects.create(
        case=locked,
        kind=CasePause.Kind.HEARING,
        started_on=on,
        reason=str(_("当事人要求听证")),
        recorded_by=actor,
    )
    event(locked, "hearing_requested", actor=actor, from_state=from_state)
    return hearing


def _current_hearing(case: Case) -> Hearing:
    hearing = (
        Hearing.objects.select_for_update().filter(case=case, round=case.round).first()
    )
    if hearing is None:
        raise ValidationError(HEARING_NOT_ARRANGED, code="no_hearing")
    return hearing


@transaction.atomic
def case_arrange_hearing(
    *,
    case: Case | int,
    arranger: User,
    host: User,
    scheduled_at: datetime.datetime,
    place: str,
    notified_on: datetime.date,
    clerk: str = "",
    members: str = "",
    public: bool = True,
    calendar=None,
) -> Hearing:
    """Designate a host who is not an investigator and fix a date at least seven
    working days after notifying the party (行政处罚法 Art. 64)."""
    locked = case_lock(case)
    check_perm(arranger, "enforcement.arrange_hearing", _("组织听证"))
    if locked.state != CaseState.HEARING:
        raise ValidationError(
            _("案件当前状态为“%(state)s”，不能安排听证。"),
            code="state",
            params={"state": locked.get_state_display()},
        )
    if not host.has_perm("enforcement.host_hearing"):
        raise ValidationError(
            HEARING_HOST_FORBIDDEN,
            code="host",
            params={"name": host.get_full_name()},
        )
    check_not_investigator(locked, host, _("听证主持人"))
    place = require_text(place, _("听证地点"))
    require_past_date(notified_on, _("通知日期"))
    hearing = _current_hearing(locked)
    days = PenaltyPolicy.current().hearing_notice_working_days
    earliest = add_working_days(notified_on, days, calendar=calendar).due
    if timezone.localtime(scheduled_at).date() < earliest:
        raise ValidationError(
            HEARING_NOTICE_TOO_SHORT,
            code="too_short",
            params={"notified": date_cn(notified_on), "earliest": date_cn(earliest)},
        )
    hearing.host = host
    hearing.scheduled_at = scheduled_at
    hearing.place = place
    hearing.notified_on = notified_on
    hearing.clerk = clerk.strip()
    hearing.members = members.strip()
    hearing.public = public
    hearing.arranged_by = arranger
    hearing.full_clean()
    hearing.save()
    event(
        locked,
        "hearing_arranged",
        actor=arranger,
        from_state=locked.state,
        note=_("主持人%(host)s，%(at)s，%(place)s")
        % {
            "host": host.get_full_name(),
            "at": f"{timezone.localtime(scheduled_at):%Y-%m-%d %H:%M}",
            "place": place,
        },
    )
    return hearing


@transaction.atomic
def case_record_hearing_notice(*, case: Case | int, number: str) -> Hearing:
    locked = case_lock(case)
    hearing = _current_hearing(locked)
    hearing.notice_number = require_text(number, _("听证通知书文号"))
    hearing.save(update_fields=["notice_number"])
    return hearing


@transaction.atomic
def case_record_hearing(
    *,
    case: Case | int,
    host: User,
    held_on: datetime.date,
    party_attended: bool,
    record: str,
    opinion: str,
) -> Case:
    """The host records the hearing (or the party's absence, a waiver under Art.
    64(6)); the hearing pause ends that day."""
    locked = case_lock(case)
    hearing = _current_hearing(locked)
    if hearing.host_id != host.pk:
        raise ValidationError(HEARING_NOT_HOST, code="not_host")
    require_past_date(held_on, _("听证举行日期"))
    scheduled = hearing_allowed_from(hearing.scheduled_at, today=held_on)
    if scheduled is not None:
        raise ValidationError(
            HEARING_BEFORE_SCHEDULE, code="early", params={"date": date_cn(scheduled)}
        )
    record = require_text(record, _("听证笔录摘要"))
    opinion = require_text(opinion, _("听证报告意见"))
    hearing.held_on = held_on
    hearing.party_attended = party_attended
    hearing.record = record
    hearing.host_opinion = opinion
    hearing.full_clean()
    hearing.save()
    pause = locked.pauses.filter(
        kind=CasePause.Kind.HEARING, ended_on__isnull=True
    ).first()
    if pause:
        pause.ended_on = held_on
        pause.full_clean()
        pause.save(update_fields=["ended_on"])
    from_state = apply(locked, "close_hearing", _("登记听证情况"))
    event(locked, "hearing_held", actor=host, from_state=from_state, note=opinion)
    return locked


@transaction.atomic
def case_re_examine(
    *,
    case: Case | int,
    examiner: User,
    opinion: str,
    adopted: bool,
    lines: list[LineInput] | None = None,
) -> Case:
    """复核 of the party's facts and reasons (Art. 45): the proposal may be lowered, never
    raised because the party defended itself."""
    locked = case_lock(case)
    check_investigator(locked, examiner, _("复核"))
    opinion = require_text(opinion, _("复核意见"))
    if lines is not None and locked.report_proposal == DecisionKind.PENALTY:
        lines = lines_check(
            case=locked, lines=lines, benchmark=locked.discretion_benchmark
        )
        reasons = heavier_than(
            decided=lines,
            noticed=lines_from_case(locked, PenaltyLine.Stage.NOTICED),
        )
        if reasons:
            raise ValidationError(
                RE_EXAM_HEAVIER, code="heavier", params={"reasons": "；".join(reasons)}
            )
        lines_store(case=locked, stage=PenaltyLine.Stage.PROPOSED, lines=lines)
    from_state = apply(
        locked,
        "re_examine",
        _("复核"),
        examiner=examiner,
        opinion=opinion,
        adopted=adopted,
    )
    event(locked, "re_examination", actor=examiner, from_state=from_state, note=opinion)
    return locked


@transaction.atomic
def case_return_to_investigation(*, case: Case | int, actor: User, reason: str) -> Case:
    """退回补充调查 from review, notice, defence or decision: one audited step. The
    caller (the workflow) cancels the open tasks and re-creates the investigation task
    in the same transaction."""
    locked = case_lock(case)
    check_perm(actor, "enforcement.return_to_investigation", _("退回补充调查"))
    reason = require_text(reason, _("退回理由"))
    today = timezone.localdate()
    from_state = apply(
        locked,
        "return_to_investigation",
        _("退回补充调查"),
        actor=actor,
        reason=reason,
    )
    for pause in locked.pauses.filter(
        kind=CasePause.Kind.HEARING, ended_on__isnull=True
    ):
        pause.ended_on = max(today, pause.started_on)
        pause.save(update_fields=["ended_on"])
    locked.penalty_lines.filter(stage=PenaltyLine.Stage.NOTICED).delete()
    event(
        locked,
        "return_to_investigation",
        actor=actor,
        from_state=from_state,
        note=reason,
    )
    return locked


# --- 决定 -----------------------------------------------------------------------------


def decision_refusals(*, case: Case, kind: str, lines, today: datetime.date) -> list:
    """Every procedure gate that blocks this decision now, as ValidationErrors."""
    refusals = []
    if (
        kind in (DecisionKind.PENALTY, DecisionKind.NO_PENALTY)
        and case.legality_review_required
        and not case.legality_review_current
    ):
        message = (
            DECISION_LEGALITY_REVIEW_AFTER_HEARING
            if case.hearing_held and case.legality_reviewed_at
            else DECISION_LEGALITY_REVIEW_MISSING
        )
        refusals.append(ValidationError(message, code="legality_review"))
    if kind != DecisionKind.PENALTY:
        return refusals
    if case.notice_served_on is None:
        refusals.append(ValidationError(DECISION_NOTICE_NOT_SERVED, code="notice"))
        return refusals
    if decision_allowed_from(case, today=today) is not None:
        refusals.append(
            ValidationError(
                DECISION_WINDOW_OPEN,
                code="window",
                params={"date": date_cn(case.statement_due)},
            )
        )
    grounds = hearing_grounds(
        lines=lines, party_kind=case.party_kind, policy=PenaltyPolicy.current()
    )
    if grounds and not case.hearing_offered:
        refusals.append(
            ValidationError(
                DECISION_HEARING_NOT_OFFERED,
                code="hearing",
                params={"grounds": "；".join(grounds)},
            )
        )
    reasons = heavier_than(
        decided=lines, noticed=lines_from_case(case, PenaltyLine.Stage.NOTICED)
    )
    if reasons:
        message = (
            DECISION_HEAVIER_AFTER_DEFENCE
            if case.party_defended
            else DECISION_HEAVIER_THAN_NOTICE
        )
        refusals.append(
            ValidationError(
                message, code="heavier", params={"reasons": "；".join(reasons)}
            )
        )
    return refusals


def _decide(
    *,
    locked: Case,
    decider: User,
    kind: str,
    opinion: str,
    lines: list[LineInput],
    no_penalty_reason: str,
    referral_authority: str,
    discussion: CollectiveDiscussion | None,
    calendar,
) -> Case:
    check_perm(decider, "enforcement.decide_case", _("作出行政处罚决定"))
    opinion = require_text(opinion, _("负责人意见"))
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": ValidationError(DECISION_KIND_INVALID)})
    if locked.requires_collective_discussion and discussion is None:
        raise ValidationError(DECISION_NEEDS_DISCUSSION, code="discussion")
    today = timezone.localdate()
    if kind == DecisionKind.PENALTY:
        lines = lines_check(
            case=locked, lines=lines, benchmark=locked.discretion_benchmark
        )
    else:
        lines = []
    if kind == DecisionKind.NO_PENALTY and no_penalty_reason not in (
        NoPenaltyReason.values
    ):
        raise ValidationError(
            {"no_penalty_reason": ValidationError(DECISION_NO_PENALTY_REASON)}
        )
    if kind in REFERRAL_KINDS:
        referral_authority = require_text(referral_authority, _("移送机关"))
    refusals = decision_refusals(case=locked, kind=kind, lines=lines, today=today)
    if refusals:
        raise ValidationError(refusals)
    service_due = None
    if kind in (DecisionKind.PENALTY, DecisionKind.NO_PENALTY):
        days = PenaltyPolicy.current().service_working_days
        service_due = add_working_days(today, days, calendar=calendar).due
    from_state = apply(
        locked,
        "decide",
        _("作出决定"),
        actor=decider,
        kind=kind,
        decider=decider,
        decided_on=today,
        opinion=opinion,
        no_penalty_reason=no_penalty_reason if kind == DecisionKind.NO_PENALTY else "",
        referral_authority=referral_authority if kind in REFERRAL_KINDS else "",
        discussion=discussion,
        publicity_required=kind == DecisionKind.PENALTY
        and publicity_required(lines=lines),
        service_due=service_due,
    )
    lines_store(case=locked, stage=PenaltyLine.Stage.DECIDED, lines=lines)
    event(
        locked,
        "decide",
        actor=decider,
        from_state=from_state,
        note=f"{DecisionKind(kind).label}：{opinion}",
    )
    return locked


@transaction.atomic
def case_decide(
    *,
    case: Case | int,
    decider: User,
    kind: str,
    opinion: str,
    lines: list[LineInput] = (),
    no_penalty_reason: str = "",
    referral_authority: str = "",
    calendar=None,
) -> Case:
    """负责人审查决定 (Art. 57) after every gate has passed."""
    locked = case_lock(case)
    return _decide(
        locked=locked,
        decider=decider,
        kind=kind,
        opinion=opinion,
        lines=list(lines),
        no_penalty_reason=no_penalty_reason,
        referral_authority=referral_authority,
        discussion=None,
        calendar=calendar,
    )


@transaction.atomic
def case_decide_collectively(
    *,
    case: Case | int,
    actor: User,
    held_on: datetime.date,
    chair: User,
    participants: list[User],
    minutes: str,
    kind: str,
    opinion: str,
    lines: list[LineInput] = (),
    no_penalty_reason: str = "",
    referral_authority: str = "",
    calendar=None,
) -> Case:
    """集体讨论决定 (Art. 57 para 2): the meeting with its participants, and its decision."""
    locked = case_lock(case)
    if locked.state != CaseState.DECISION:
        raise ValidationError(
            _("案件当前状态为“%(state)s”，不能作出决定。"),
            code="state",
            params={"state": locked.get_state_display()},
        )
    discussion = _discussion_create(
        case=locked,
        actor=actor,
        purpose=CollectiveDiscussion.Purpose.DECISION,
        held_on=held_on,
        chair=chair,
        participants=participants,
        minutes=minutes,
        conclusion=opinion,
    )
    return _decide(
        locked=locked,
        decider=chair,
        kind=kind,
        opinion=opinion,
        lines=list(lines),
        no_penalty_reason=no_penalty_reason,
        referral_authority=referral_authority,
        discussion=discussion,
        calendar=calendar,
    )


def _lines_licences(case: Case) -> list[int]:
    return sorted(
        case.penalty_lines.filter(
            stage=PenaltyLine.Stage.DECIDED,
            kind=PenaltyKind.LICENCE_REVOCATION,
            licence__isnull=False,
        ).values_list("licence_id", flat=True)
    )


def _record_violations(
    *, case: Case, lines: list[PenaltyLine], number: str, actor, source: str
) -> list[Violation]:
    by_type: dict[int, list[PenaltyLine]] = {}
    for line in lines:
        by_type.setdefault(line.violation_type_id, []).append(line)
    violations = []
    for type_lines in by_type.values():
        violations.append(
            violation_record(
                enterprise=case.party,
                violation_type=type_lines[0].violation_type,
                decided_on=case.decided_on,
                penalty_kind=principal_kind(type_lines),
                source=source,
                legal_basis=type_lines[0].legal_basis,
                decision_number=number,
                fine_amount=sum(
                    (x.amount for x in type_lines if x.kind == PenaltyKind.FINE), 0
                ),
                confiscated_amount=sum(
                    (
                        x.amount
                        for x in type_lines
                        if x.kind == PenaltyKind.CONFISCATION
                    ),
                    0,
                ),
                facts=case.facts,
                campaign=case.campaign,
                source_reference=case.reference,
                recorded_by=actor,
            )
        )
    return violations


@transaction.atomic
def case_record_decision_document(
    *, case: Case | int, number: str, actor: User | None
) -> tuple[Case, list[Licence]]:
    """The decision paper was issued under `number`: it becomes the decision number,
    the findings enter the violation history (searchable through the outbox), and
    licences revoked as a penalty move to 吊销. Returns the case and those licences;
    the workflow starts their cancellation.

    Lock order: the licences first, then the case."""
    pk = case.pk if isinstance(case, Case) else case
    licence_ids = _lines_licences(Case.objects.get(pk=pk))
    list(
        Licence.objects.select_for_update(no_key=True)
        .filter(pk__in=licence_ids)
        .order_by("pk")
    )
    locked = case_lock(pk)
    number = require_text(number, _("决定书文号"))
    if locked.decision_number:
        raise ValidationError(
            DECISION_NUMBER_RECORDED,
            code="recorded",
            params={"number": locked.decision_number},
        )
    if locked.state != CaseState.DECIDED:
        raise ValidationError(
            _("案件当前状态为“%(state)s”，不能登记决定书。"),
            code="state",
            params={"state": locked.get_state_display()},
        )
    locked.decision_number = number
    locked.save(update_fields=["decision_number"])
    lines = list(
        locked.penalty_lines.filter(stage=PenaltyLine.Stage.DECIDED).select_related(
            "violation_type", "licence"
        )
    )
    revoked = []
    if locked.decision_kind == DecisionKind.PENALTY:
        _record_violations(
            case=locked,
            lines=lines,
            number=number,
            actor=actor,
            source=Violation.Source.CASE,
        )
        for line in lines:
            if line.kind == PenaltyKind.LICENCE_REVOCATION and line.licence_id:
                revoked.append(
                    licence_revoke_as_penalty(
                        licence=line.licence_id,
                        actor=actor,
                        reason=str(
                            _("行政处罚决定吊销（%(title)s）") % {"title": locked.title}
                        ),
                        reference=number,
                    )
                )
    elif (
        locked.decision_kind == DecisionKind.NO_PENALTY
        and locked.no_penalty_reason in NoPenaltyReason.acknowledging_violation()
        and locked.suspected_violation_type_id
    ):
        violation_record(
            enterprise=locked.party,
            violation_type=locked.suspected_violation_type,
            decided_on=locked.decided_on,
            penalty_kind=PenaltyKind.NONE,
            source=Violation.Source.CASE,
            decision_number=number,
            facts=locked.facts,
            campaign=locked.campaign,
            source_reference=locked.reference,
            recorded_by=actor,
        )
    event(
        locked, "decision_document", actor=actor, from_state=locked.state, note=number
    )
    return locked, revoked


@transaction.atomic
def case_serve_decision(
    *,
    case: Case | int,
    served_on: datetime.date,
    method: str,
    actor: User,
    calendar=None,
) -> Case:
    """Service of the decision: the payment period runs from receipt (Art. 67), the
    publicity period from the decision (公示规定 Art. 9)."""
    from ..clocks import payable_total, payment_deadline

    locked = case_lock(case)
    check_investigator(locked, actor, _("送达决定书"))
    if locked.decision_kind in REFERRAL_KINDS:
        raise ValidationError(SERVICE_NOT_SERVED_KIND, code="referral")
    require_past_date(served_on, _("送达日期"))
    require_not_before(served_on, locked.decided_on, _("送达日期"), _("决定日期"))
    method = _service_method(method)
    policy = PenaltyPolicy.current()
    lines = list(locked.penalty_lines.filter(stage=PenaltyLine.Stage.DECIDED))
    _fine, principal = payable_total(lines)
    payment_due = (
        payment_deadline(served_on=served_on, policy=policy, calendar=calendar).due
        if principal > 0
        else None
    )
    publicity_due = (
        add_working_days(
            locked.decided_on, policy.publicity_working_days, calendar=calendar
        ).due
        if locked.publicity_required
        else None
    )
    from_state = apply(
        locked,
        "serve_decision",
        _("送达决定书"),
        served_on=served_on,
        service_method=method,
        payment_due=payment_due,
        publicity_due=publicity_due,
    )
    note = ServiceMethod(method).label
    if payment_due:
        note = _("%(method)s，缴款期限至%(date)s") % {
            "method": note,
            "date": date_cn(payment_due),
        }
    event(locked, "serve_decision", actor=actor, from_state=from_state, note=note)
    return locked


@transaction.atomic
def case_record_referral(
    *,
    case: Case | int,
    referred_on: datetime.date,
    letter_number: str,
    actor: User,
) -> Case:
    """The case file was handed to the judiciary or the other authority."""
    locked = case_lock(case)
    check_investigator(locked, actor, _("登记移送"))
    require_past_date(referred_on, _("移送日期"))
    require_not_before(referred_on, locked.decided_on, _("移送日期"), _("决定日期"))
    letter_number = require_text(letter_number, _("移送函文号"))
    from_state = apply(
        locked,
        "record_referral",
        _("登记移送"),
        referred_on=referred_on,
        letter_number=letter_number,
    )
    event(
        locked,
        "referral",
        actor=actor,
        from_state=from_state,
        note=f"{locked.referral_authority}（{letter_number}）",
    )
    return locked


@transaction.atomic
def case_record_publicity(
    *,
    case: Case | int,
    published_on: datetime.date,
    reference: str,
    actor: User,
) -> Case:
    """Published on the enterprise credit system (谁办案、谁录入、谁负责)."""
    locked = case_lock(case)
    check_investigator(locked, actor, _("登记公示"))
    require_past_date(published_on, _("公示日期"))
    require_not_before(published_on, locked.decided_on, _("公示日期"), _("决定日期"))
    reference = require_text(reference, _("公示网址或编号"))
    from_state = apply(
        locked,
        "record_publicity",
        _("登记公示"),
        published_on=published_on,
        reference=reference,
    )
    event(locked, "publicity", actor=actor, from_state=from_state, note=reference)
    return locked

"""Enforcement and closure (执行 → 结案), and the summary procedure (简易程序).

The fine is due 15 natural days after the party received the decision (Art. 67),
later when a deferral or instalments were approved (Art. 66). Past the due date the
late surcharge runs (Art. 72(1)); after a demand (催告) and its ten days, and once the
remedy periods have expired, the bureau may apply to the court (行政强制法 Arts. 53–54).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from chinese_formats.formats import date_cn, money_cn
from enterprises.models import Enterprise
from organisation.models import User

from ..clocks import late_surcharge, payable_total
from ..models import (
    Case,
    CaseInvestigator,
    CaseState,
    Instalment,
    LeadSource,
    PartyKind,
    Payment,
    PaymentArrangement,
    PenaltyKind,
    PenaltyLine,
    PenaltyPolicy,
    Procedure,
    Violation,
    ViolationType,
)
from ..penalties import ON_THE_SPOT_COLLECTION_LIMIT, summary_refusal
from .case_decision import _record_violations
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

# 行政复议法 Art. 20 (60 days) and 行政诉讼法 Art. 46 (6 months) run from receipt; the
# longer one decides when the decision becomes enforceable by the court.
REMEDY_PERIOD = relativedelta(months=6)
COURT_APPLICATION_WINDOW = relativedelta(months=3)

PAYMENT_NOT_NOW = _("案件当前状态为“%(state)s”，不能登记缴款。")
PAYMENT_TOO_MUCH = _("本次缴款%(amount)s超过应缴未缴金额%(owed)s。")
PAYMENT_BEFORE_SERVICE = _("缴款日期不能早于决定书送达日期（%(date)s）。")
ARRANGEMENT_KIND_INVALID = _("请选择延期缴纳或者分期缴纳。")
ARRANGEMENT_DEFERRAL_ONE = _("延期缴纳只设一个缴纳期限。")
ARRANGEMENT_INSTALMENTS_TWO = _("分期缴纳至少分两期。")
ARRANGEMENT_SUM = _("各期金额合计%(total)s，应当等于应缴未缴的罚没款%(owed)s。")
ARRANGEMENT_DATES = _("缴纳期限须晚于原缴款期限（%(date)s），并按先后顺序排列。")
ARRANGEMENT_LATE = _("当事人应当在缴款期限（%(date)s）届满前申请延期或者分期缴纳。")
DEMAND_NOT_OVERDUE = _("缴款期限（%(date)s）尚未届满或者罚没款已缴清，无需催告。")
COURT_NO_DEMAND = _(
    "申请法院强制执行前，应当先催告当事人履行义务（行政强制法第五十四条）。"
)
COURT_TOO_EARLY_AFTER_DEMAND = _(
    "催告书送达十日后当事人仍未履行的，方可申请强制执行：最早%(date)s（行政强制法第五十四条）。"
)
COURT_BEFORE_REMEDY_PERIOD = _(
    "当事人申请行政复议、提起行政诉讼的期限至%(date)s届满，期满后方可申请法院强制执行"
    "（行政强制法第五十三条）。"
)
COURT_TOO_LATE = _(
    "申请法院强制执行的期限已于%(date)s届满（复议、诉讼期限届满之日起三个月内，"
    "行政强制法第五十三条）。"
)
COURT_NOT_APPLIED = _("尚未申请法院强制执行。")
EXECUTION_NOT_COMPLETE = _(
    "尚欠罚没款%(owed)s（含加处罚款%(surcharge)s），执行尚未完毕。"
)
CLOSURE_PUBLICITY_MISSING = _("本案决定应当公示，尚未登记公示，不能结案。")
CLOSURE_SELF_APPROVAL = _("结案申请人不能审批自己的结案申请。")
SUMMARY_OFFICER_NOT_CREDENTIALED = _("%(name)s没有行政执法证件，不能当场作出处罚决定。")
SUMMARY_SPOT_COLLECTION = _(
    "罚款%(fine)s超过一百元，不能当场收缴（行政处罚法第六十八条），请告知当事人十五日内到银行缴纳。"
)
SUMMARY_NUMBER_REQUIRED = _(
    "请填写预定格式、编有号码的行政处罚决定书编号（行政处罚法第五十二条）。"
)


@dataclass(frozen=True)
class Account:
    """What the party owes and has paid, as of a day."""

    fine: Decimal
    principal: Decimal
    paid: Decimal
    surcharge: Decimal
    surcharge_days: int
    surcharge_capped: bool
    schedule: list[tuple[datetime.date, Decimal]]

    @property
    def owed(self) -> Decimal:
        return max(self.principal + self.surcharge - self.paid, Decimal("0"))

    @property
    def next_due(self) -> datetime.date | None:
        """The earliest instalment not yet covered by payments."""
        covered = self.paid
        for due, amount in self.schedule:
            if covered < amount:
                return due
            covered -= amount
        return None


def payment_schedule(
    case: Case, principal: Decimal
) -> list[tuple[datetime.date, Decimal]]:
    arrangement = case.payment_arrangements.order_by("-approved_on", "-id").first()
    if arrangement is not None:
        return [(i.due_on, i.amount) for i in arrangement.instalments.all()]
    if case.payment_due and principal > 0:
        return [(case.payment_due, principal)]
    return []


def case_account(case: Case, *, as_of: datetime.date | None = None) -> Account:
    as_of = as_of or timezone.localdate()
    lines = list(case.penalty_lines.filter(stage=PenaltyLine.Stage.DECIDED))
    fine, principal = payable_total(lines)
    payments = [(p.paid_on, p.amount) for p in case.payments.all()]
    schedule = payment_schedule(case, principal)
    surcharge = late_surcharge(
        fine=fine, schedule=schedule, payments=payments, as_of=as_of
    )
    return Account(
        fine=fine,
        principal=principal,
        paid=sum((amount for _, amount in payments), Decimal("0")),
        surcharge=surcharge.amount,
        surcharge_days=surcharge.days,
        surcharge_capped=surcharge.capped,
        schedule=schedule,
    )


def _execution_summary(account: Account, on: datetime.date) -> str:
    # The closure paper prints it: written in Chinese whoever records the payment.
    with translation.override(settings.LANGUAGE_CODE):
        text = f"当事人已于{date_cn(on)}缴清罚没款{money_cn(account.principal)}"
        if account.surcharge:
            text += f"及加处罚款{money_cn(account.surcharge)}"
    return text + "。"


@transaction.atomic
def case_record_payment(
    *,
    case: Case | int,
    amount: Decimal,
    paid_on: datetime.date,
    receipt_number: str,
    actor: User,
) -> Case:
    """A payment arrived (bank receipt). Paying everything owed, surcharge included,
    completes the execution."""
    locked = case_lock(case)
    check_investigator(locked, actor, _("登记缴款"))
    if locked.state != CaseState.ENFORCEMENT:
        raise ValidationError(
            PAYMENT_NOT_NOW, code="state", params={"state": locked.get_state_display()}
        )
    require_past_date(paid_on, _("缴款日期"))
    if locked.decision_served_on and paid_on < locked.decision_served_on:
        raise ValidationError(
            PAYMENT_BEFORE_SERVICE,
            code="date_order",
            params={"date": date_cn(locked.decision_served_on)},
        )
    receipt_number = require_text(receipt_number, _("缴款凭证号"))
    amount = Decimal(amount)
    before = case_account(locked, as_of=paid_on)
    if amount <= 0 or amount > before.owed:
        raise ValidationError(
            PAYMENT_TOO_MUCH,
            code="too_much",
            params={"amount": money_cn(amount), "owed": money_cn(before.owed)},
        )
    payment = Payment(
        case=locked,
        amount=amount,
        paid_on=paid_on,
        receipt_number=receipt_number,
        recorded_by=actor,
    )
    payment.full_clean()
    payment.save()
    event(
        locked,
        "payment",
        actor=actor,
        from_state=locked.state,
        note=_("%(amount)s（%(receipt)s）")
        % {"amount": money_cn(amount), "receipt": receipt_number},
    )
    after = case_account(locked, as_of=paid_on)
    if after.owed == 0:
        from_state = apply(
            locked,
            "record_execution",
            _("执行完毕"),
            executed_on=paid_on,
            summary=_execution_summary(after, paid_on),
        )
        event(
            locked,
            "executed",
            actor=actor,
            from_state=from_state,
            note=locked.execution_summary,
        )
    return locked


@transaction.atomic
def case_approve_payment_arrangement(
    *,
    case: Case | int,
    approver: User,
    kind: str,
    applied_on: datetime.date,
    reason: str,
    instalments: list[tuple[datetime.date, Decimal]],
) -> PaymentArrangement:
    """暂缓或者分期缴纳 (Art. 66 para 2) on the party's application."""
    locked = case_lock(case)
    check_perm(
        approver, "enforcement.approve_payment_arrangement", _("批准延期、分期缴纳")
    )
    if locked.state != CaseState.ENFORCEMENT:
        raise ValidationError(
            PAYMENT_NOT_NOW, code="state", params={"state": locked.get_state_display()}
        )
    reason = require_text(reason, _("申请理由"))
    require_past_date(applied_on, _("申请日期"))
    if kind not in PaymentArrangement.Kind.values:
        raise ValidationError({"kind": ValidationError(ARRANGEMENT_KIND_INVALID)})
    instalments = [(due, Decimal(amount)) for due, amount in instalments]
    if kind == PaymentArrangement.Kind.DEFERRAL and len(instalments) != 1:
        raise ValidationError(ARRANGEMENT_DEFERRAL_ONE, code="deferral")
    if kind == PaymentArrangement.Kind.INSTALMENTS and len(instalments) < 2:
        raise ValidationError(ARRANGEMENT_INSTALMENTS_TWO, code="instalments")
    account = case_account(locked, as_of=applied_on)
    current_due = account.next_due or locked.payment_due
    if current_due and applied_on > current_due:
        raise ValidationError(
            ARRANGEMENT_LATE, code="late", params={"date": date_cn(current_due)}
        )
    owed = account.principal - account.paid
    total = sum((amount for _, amount in instalments), Decimal("0"))
    if total != owed:
        raise ValidationError(
            ARRANGEMENT_SUM,
            code="sum",
            params={"total": money_cn(total), "owed": money_cn(owed)},
        )
    dues = [due for due, _ in instalments]
    if dues != sorted(set(dues)) or (current_due and dues[0] <= current_due):
        raise ValidationError(
            ARRANGEMENT_DATES,
            code="dates",
            params={"date": date_cn(current_due)},
        )
    arrangement = PaymentArrangement(
        case=locked,
        kind=kind,
        applied_on=applied_on,
        reason=reason,
        approved_by=approver,
        approved_on=timezone.localdate(),
    )
    arrangement.full_clean()
    arrangement.save()
    Instalment.objects.bulk_create(
        [
            Instalment(arrangement=arrangement, due_on=due, amount=amount)
            for due, amount in instalments
        ]
    )
    apply(locked, "reschedule_payment", _("调整缴款期限"), payment_due=dues[-1])
    event(
        locked,
        "payment_arrangement",
        actor=approver,
        from_state=locked.state,
        # Translators: the separator between instalments (date amount; date amount).
        note=_("；").join(f"{date_cn(d)} {money_cn(a)}" for d, a in instalments),
    )
    return arrangement


@transaction.atomic
def case_record_demand(
    *, case: Case | int, served_on: datetime.date, reference: str, actor: User
) -> Case:
    """催告 (行政强制法 Art. 54) once the fine is overdue."""
    locked = case_lock(case)
    check_investigator(locked, actor, _("催告"))
    require_past_date(served_on, _("催告书送达日期"))
    reference = require_text(reference, _("催告书文号"))
    account = case_account(locked, as_of=served_on)
    due = account.next_due
    if due is None or served_on <= due:
        raise ValidationError(
            DEMAND_NOT_OVERDUE,
            code="not_overdue",
            params={"date": date_cn(due or locked.payment_due)},
        )
    from_state = apply(
        locked, "record_demand", _("催告"), served_on=served_on, reference=reference
    )
    event(
        locked,
        "demand",
        actor=actor,
        from_state=from_state,
        note=_("%(reference)s，尚欠%(owed)s")
        % {"reference": reference, "owed": money_cn(account.owed)},
    )
    return locked


def court_application_window(case: Case) -> tuple[datetime.date, datetime.date] | None:
    """(earliest, latest) day to apply to the court, or None before a demand."""
    if case.demand_served_on is None or case.decision_served_on is None:
        return None
    policy = PenaltyPolicy.current()
    remedy_end = case.decision_served_on + REMEDY_PERIOD
    earliest = max(
        case.demand_served_on
        + datetime.timedelta(days=policy.demand_wait_natural_days),
        remedy_end + datetime.timedelta(days=1),
    )
    return earliest, remedy_end + COURT_APPLICATION_WINDOW


@transaction.atomic
def case_apply_to_court(
    *,
    case: Case | int,
    applied_on: datetime.date,
    court_name: str,
    court_reference: str,
    actor: User,
) -> Case:
    """申请人民法院强制执行 (行政强制法 Arts. 53–54)."""
    locked = case_lock(case)
    check_investigator(locked, actor, _("申请法院强制执行"))
    require_past_date(applied_on, _("申请日期"))
    court_name = require_text(court_name, _("受理法院"))
    if locked.demand_served_on is None:
        raise ValidationError(COURT_NO_DEMAND, code="no_demand")
    policy = PenaltyPolicy.current()
    after_demand = locked.demand_served_on + datetime.timedelta(
        days=policy.demand_wait_natural_days
    )
    if applied_on < after_demand:
        raise ValidationError(
            COURT_TOO_EARLY_AFTER_DEMAND,
            code="too_early",
            params={"date": date_cn(after_demand)},
        )
    remedy_end = locked.decision_served_on + REMEDY_PERIOD
    if applied_on <= remedy_end:
        raise ValidationError(
            COURT_BEFORE_REMEDY_PERIOD,
            code="remedy_period",
            params={"date": date_cn(remedy_end)},
        )
    latest = remedy_end + COURT_APPLICATION_WINDOW
    if applied_on > latest:
        raise ValidationError(
            COURT_TOO_LATE, code="too_late", params={"date": date_cn(latest)}
        )
    from_state = apply(
        locked,
        "record_court_application",
        _("申请法院强制执行"),
        applied_on=applied_on,
        court_name=court_name,
        court_reference=court_reference.strip(),
    )
    event(
        locked, "court_application", actor=actor, from_state=from_state, note=court_name
    )
    return locked


@transaction.atomic
def case_record_court_outcome(
    *, case: Case | int, on: datetime.date, summary: str, actor: User
) -> Case:
    """The court enforced the decision or ended its enforcement: execution is over."""
    locked = case_lock(case)
    check_investigator(locked, actor, _("登记法院执行结果"))
    if locked.court_applied_on is None:
        raise ValidationError(COURT_NOT_APPLIED, code="not_applied")
    require_past_date(on, _("执行结果日期"))
    require_not_before(on, locked.court_applied_on, _("执行结果日期"), _("申请日期"))
    summary = require_text(summary, _("执行情况"))
    from_state = apply(
        locked, "record_execution", _("执行完毕"), executed_on=on, summary=summary
    )
    event(locked, "executed", actor=actor, from_state=from_state, note=summary)
    return locked


@transaction.atomic
def case_propose_closure(*, case: Case | int, proposer: User, summary: str) -> Case:
    """结案报告: the decision executed, the case referred, or the investigation ended."""
    locked = case_lock(case)
    check_investigator(locked, proposer, _("申请结案"))
    summary = require_text(summary, _("结案报告"))
    if locked.publicity_required and locked.published_on is None:
        raise ValidationError(CLOSURE_PUBLICITY_MISSING, code="publicity")
    from_state = apply(
        locked,
        "propose_closure",
        _("申请结案"),
        proposer=proposer,
        summary=summary,
        on=timezone.localdate(),
    )
    event(
        locked, "propose_closure", actor=proposer, from_state=from_state, note=summary
    )
    return locked


@transaction.atomic
def case_approve_closure(*, case: Case | int, approver: User, opinion: str) -> Case:
    locked = case_lock(case)
    opinion = require_text(opinion, _("结案审批意见"))
    if locked.closure_proposed_by_id == approver.pk:
        raise ValidationError(CLOSURE_SELF_APPROVAL, code="self")
    from_state = apply(
        locked,
        "approve_closure",
        _("批准结案"),
        actor=approver,
        approver=approver,
        opinion=opinion,
        on=timezone.localdate(),
    )
    event(locked, "close", actor=approver, from_state=from_state, note=opinion)
    return locked


@transaction.atomic
def case_record_closure_number(*, case: Case | int, number: str) -> Case:
    locked = case_lock(case)
    locked.closure_number = require_text(number, _("结案审批表编号"))
    locked.save(update_fields=["closure_number"])
    return locked


# --- 简易程序 -------------------------------------------------------------------------


@transaction.atomic
def summary_case_decide(
    *,
    party: Enterprise,
    officer: User,
    second_officer: User | None,
    violation_type: ViolationType,
    facts: str,
    lines: list[LineInput],
    decided_on: datetime.date,
    number: str,
    paid_on_the_spot: bool = False,
    receipt_number: str = "",
    party_kind: str = "",
    campaign: Campaign | None = None,
    calendar=None,
) -> Case:
    """当场处罚 (行政处罚法 Arts. 51–52): within the thresholds, on a pre-printed numbered
    form handed over on the spot; recorded in the violation history, not published."""
    from ..clocks import payment_deadline

    check_perm(officer, "enforcement.decide_on_the_spot", _("当场作出行政处罚决定"))
    for person in filter(None, [officer, second_officer]):
        if not person.is_credentialed:
            raise ValidationError(
                SUMMARY_OFFICER_NOT_CREDENTIALED,
                code="credential",
                params={"name": person.get_full_name()},
            )
    facts = require_text(facts, _("违法事实"))
    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": ValidationError(SUMMARY_NUMBER_REQUIRED)})
    require_past_date(decided_on, _("决定日期"))
    party_kind = party_kind or (
        PartyKind.INDIVIDUAL if party.is_individual_business else PartyKind.ORGANISATION
    )
    case = Case(
        procedure=Procedure.SUMMARY,
        title=f"{party.name}{violation_type.name}案（简易程序）",
        party=party,
        party_kind=party_kind,
        source=LeadSource.INSPECTION,
        received_on=decided_on,
        clue=facts,
        campaign=campaign,
        suspected_violation_type=violation_type,
        registered_by=officer,
    )
    case.full_clean()
    case.save()
    lines = lines_check(case=case, lines=lines, benchmark=None)
    if refusal := summary_refusal(lines=lines, party_kind=party_kind):
        raise ValidationError(refusal, code="summary")
    fine = sum((x.amount for x in lines if x.kind == PenaltyKind.FINE), Decimal("0"))
    if paid_on_the_spot and fine > ON_THE_SPOT_COLLECTION_LIMIT:
        raise ValidationError(
            SUMMARY_SPOT_COLLECTION, code="spot", params={"fine": money_cn(fine)}
        )
    if paid_on_the_spot:
        receipt_number = require_text(receipt_number, _("罚没收据号"))
    payment_due = None
    if fine > 0 and not paid_on_the_spot:
        payment_due = payment_deadline(
            served_on=decided_on, policy=PenaltyPolicy.current(), calendar=calendar
        ).due
    lines_store(case=case, stage=PenaltyLine.Stage.DECIDED, lines=lines)
    CaseInvestigator.objects.bulk_create(
        [
            CaseInvestigator(
                case=case,
                user=person,
                is_lead=person.pk == officer.pk,
                credential_number=person.credential_number,
                assigned_on=decided_on,
            )
            for person in {
                u.pk: u for u in filter(None, [officer, second_officer])
            }.values()
        ]
    )
    from_state = apply(
        case,
        "decide_on_the_spot",
        _("当场作出行政处罚决定"),
        actor=officer,
        decider=officer,
        decided_on=decided_on,
        number=number,
        facts=facts,
        violated_provision=violation_type.breached_provision,
        legal_basis=lines[0].legal_basis,
        paid_on_the_spot=paid_on_the_spot,
        payment_due=payment_due,
    )
    if paid_on_the_spot and fine > 0:
        Payment.objects.create(
            case=case,
            amount=fine,
            paid_on=decided_on,
            receipt_number=receipt_number,
            recorded_by=officer,
        )
    _record_violations(
        case=case,
        lines=list(case.penalty_lines.select_related("violation_type")),
        number=number,
        actor=officer,
        source=Violation.Source.SUMMARY,
    )
    event(case, "decide_on_the_spot", actor=officer, from_state=from_state, note=number)
    return case


@transaction.atomic
def summary_case_file(*, case: Case | int, actor: User) -> Case:
    """备案 with the bureau after the on-the-spot decision (Art. 52 para 3); a decision
    already executed is closed with it."""
    locked = case_lock(case)
    today = timezone.localdate()
    from_state = apply(
        locked,
        "file_summary",
        _("简易程序决定备案"),
        actor=actor,
        filed_by=actor,
        on=today,
    )
    event(locked, "summary_filed", actor=actor, from_state=from_state)
    if locked.state == CaseState.EXECUTED:
        case_close_summary(case=locked)
    return locked


@transaction.atomic
def case_close_summary(*, case: Case | int) -> Case:
    locked = case_lock(case)
    if locked.state == CaseState.CLOSED:
        return locked
    from_state = apply(
        locked, "close_summary", _("简易程序结案"), on=timezone.localdate()
    )
    event(locked, "close", actor=None, from_state=from_state)
    return locked

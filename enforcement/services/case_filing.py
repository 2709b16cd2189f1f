"""From the lead to filing (线索登记 → 核查 → 立案／不予立案).

程序规定 Arts. 18–20: verified within 15 working days (+15 with the head's approval);
the head decides whether to file; a filed case has at least two credentialed
investigators (行政处罚法 Art. 42).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from enterprises.models import Enterprise
from organisation.models import User

from ..clocks import verification_deadline
from ..models import (
    Case,
    CaseExtension,
    CaseInvestigator,
    FilingProposal,
    LeadSource,
    NonFilingReason,
    PartyKind,
    PenaltyPolicy,
    ViolationType,
)
from .case_steps import (
    apply,
    case_lock,
    check_perm,
    event,
    require_past_date,
    require_text,
)

LEAD_SOURCE_INVALID = _("请选择案件来源。")
LEAD_CAMPAIGN_REQUIRED = _("来源为专项行动的线索须选择专项行动。")
VERIFICATION_ALREADY_EXTENDED = _("核查期限只能延长一次（十五个工作日）。")
PROPOSAL_INVALID = _("请选择立案或者不予立案。")
NON_FILING_REASON_REQUIRED = _("不予立案须选择理由（程序规定第二十条）。")
FILING_TOO_FEW_INVESTIGATORS = _(
    "立案须指派两名以上具有行政执法资格的办案人员（行政处罚法第四十二条）。"
)
FILING_INVESTIGATOR_NOT_CREDENTIALED = _(
    "%(name)s没有行政执法证件，不能担任办案人员（行政处罚法第四十二条、第五十五条）。"
)
FILING_LEAD_NOT_ASSIGNED = _("主办人须是指派的办案人员之一。")


@transaction.atomic
def case_register(
    *,
    party: Enterprise,
    source: str,
    received_on: datetime.date,
    clue: str,
    title: str,
    violation_type: ViolationType,
    actor: User,
    source_reference: str = "",
    informant: str = "",
    campaign: Campaign | None = None,
    party_kind: str = "",
    calendar=None,
) -> Case:
    """Register a lead (案件来源登记) and start its 15-working-day verification."""
    check_perm(actor, "enforcement.register_lead", _("登记案件线索"))
    if source not in LeadSource.values:
        raise ValidationError({"source": ValidationError(LEAD_SOURCE_INVALID)})
    if source == LeadSource.CAMPAIGN and campaign is None:
        raise ValidationError({"campaign": ValidationError(LEAD_CAMPAIGN_REQUIRED)})
    require_past_date(received_on, _("发现或者收到材料日期"))
    clue = require_text(clue, _("线索内容"))
    title = require_text(title, _("案件名称"))
    party_kind = party_kind or (
        PartyKind.INDIVIDUAL if party.is_individual_business else PartyKind.ORGANISATION
    )
    case = Case(
        title=title,
        party=party,
        party_kind=party_kind,
        source=source,
        source_reference=source_reference.strip(),
        received_on=received_on,
        clue=clue,
        informant=informant.strip(),
        campaign=campaign,
        suspected_violation_type=violation_type,
        registered_by=actor,
    )
    case.full_clean()
    case.save()
    due = verification_deadline(
        received_on=received_on,
        extended=False,
        policy=PenaltyPolicy.current(),
        calendar=calendar,
    )
    from_state = apply(case, "begin_verification", _("开始核查"), due=due.due)
    event(case, "register", actor=actor, from_state=from_state, note=clue)
    return case


@transaction.atomic
def case_record_registration_number(*, case: Case | int, number: str) -> Case:
    """The 案件来源登记表 was issued under this number."""
    locked = case_lock(case)
    locked.registration_number = require_text(number, _("登记表编号"))
    locked.save(update_fields=["registration_number"])
    return locked


@transaction.atomic
def case_extend_verification(
    *, case: Case | int, approver: User, reason: str, calendar=None
) -> Case:
    """The head extends verification by 15 working days, once (程序规定 Art. 18)."""
    locked = case_lock(case)
    check_perm(approver, "enforcement.approve_filing", _("批准延长核查期限"))
    reason = require_text(reason, _("延长理由"))
    if locked.verification_extended:
        raise ValidationError(VERIFICATION_ALREADY_EXTENDED, code="extended")
    policy = PenaltyPolicy.current()
    due = verification_deadline(
        received_on=locked.received_on, extended=True, policy=policy, calendar=calendar
    )
    from_state = apply(
        locked,
        "extend_verification",
        _("延长核查期限"),
        actor=approver,
        due=due.due,
    )
    CaseExtension.objects.create(
        case=locked,
        clock=CaseExtension.Clock.VERIFICATION,
        days=policy.verification_extension_working_days,
        reason=reason,
        approved_by=approver,
        approved_on=timezone.localdate(),
    )
    event(
        locked,
        "extend_verification",
        actor=approver,
        from_state=from_state,
        note=reason,
    )
    return locked


@transaction.atomic
def case_propose(
    *,
    case: Case | int,
    actor: User,
    proposal: str,
    findings: str,
    non_filing_reason: str = "",
) -> Case:
    """The verifying officer proposes to file or not to file (核查意见)."""
    locked = case_lock(case)
    check_perm(actor, "enforcement.register_lead", _("提出核查意见"))
    findings = require_text(findings, _("核查情况"))
    if proposal not in FilingProposal.values:
        raise ValidationError({"proposal": ValidationError(PROPOSAL_INVALID)})
    if proposal == FilingProposal.NOT_FILE:
        if non_filing_reason not in NonFilingReason.values:
            raise ValidationError(
                {"non_filing_reason": ValidationError(NON_FILING_REASON_REQUIRED)}
            )
    else:
        non_filing_reason = ""
    from_state = apply(
        locked,
        "propose",
        _("提出核查意见"),
        proposal=proposal,
        findings=findings,
        non_filing_reason=non_filing_reason,
    )
    event(
        locked,
        "propose",
        actor=actor,
        from_state=from_state,
        note=f"{FilingProposal(proposal).label}：{findings}",
    )
    return locked


def _check_investigators(investigators: list[User], lead: User) -> None:
    people = {u.pk: u for u in investigators}
    if len(people) < 2:
        raise ValidationError(FILING_TOO_FEW_INVESTIGATORS, code="too_few")
    for user in people.values():
        if not user.is_credentialed or not user.has_perm(
            "enforcement.investigate_case"
        ):
            raise ValidationError(
                FILING_INVESTIGATOR_NOT_CREDENTIALED,
                code="not_credentialed",
                params={"name": user.get_full_name()},
            )
    if lead.pk not in people:
        raise ValidationError(FILING_LEAD_NOT_ASSIGNED, code="lead")


@transaction.atomic
def case_decide_filing(
    *,
    case: Case | int,
    approver: User,
    approve: bool,
    opinion: str,
    investigators: list[User] = (),
    lead: User | None = None,
) -> Case:
    """The head approves the proposal (filing with its investigators, or not filing), or
    returns it to the verifying officer."""
    locked = case_lock(case)
    check_perm(approver, "enforcement.approve_filing", _("审批立案"))
    opinion = require_text(opinion, _("审批意见"))
    today = timezone.localdate()
    if not approve:
        from_state = apply(
            locked,
            "return_proposal",
            _("退回核查意见"),
            actor=approver,
            reason=opinion,
        )
        event(
            locked,
            "return_proposal",
            actor=approver,
            from_state=from_state,
            note=opinion,
        )
        return locked
    if locked.proposal == FilingProposal.FILE:
        investigators = list(investigators)
        lead = lead or (investigators[0] if investigators else None)
        _check_investigators(investigators, lead)
        from_state = apply(
            locked,
            "approve_filing",
            _("批准立案"),
            actor=approver,
            approver=approver,
            opinion=opinion,
            filed_on=today,
        )
        CaseInvestigator.objects.bulk_create(
            [
                CaseInvestigator(
                    case=locked,
                    user=user,
                    is_lead=user.pk == lead.pk,
                    credential_number=user.credential_number,
                    assigned_on=today,
                )
                for user in {u.pk: u for u in investigators}.values()
            ]
        )
        names = "、".join(u.get_full_name() for u in investigators)
        event(
            locked,
            "file",
            actor=approver,
            from_state=from_state,
            note=_("%(opinion)s（办案人员：%(names)s）")
            % {"opinion": opinion, "names": names},
        )
        return locked
    from_state = apply(
        locked,
        "approve_non_filing",
        _("批准不予立案"),
        actor=approver,
        approver=approver,
        opinion=opinion,
        decided_on=today,
    )
    event(locked, "not_file", actor=approver, from_state=from_state, note=opinion)
    return locked


@transaction.atomic
def case_record_filing_number(*, case: Case | int, number: str) -> Case:
    """The 立案（不予立案）审批表 was issued under this number."""
    locked = case_lock(case)
    locked.filing_number = require_text(number, _("审批表编号"))
    locked.save(update_fields=["filing_number"])
    return locked

from django.db.models import QuerySet

from .models import Case, Violation


def violation_list(*, filters: dict | None = None) -> QuerySet[Violation]:
    filters = filters or {}
    qs = Violation.objects.select_related("enterprise", "violation_type", "campaign")
    if enterprise_id := filters.get("enterprise"):
        qs = qs.filter(enterprise_id=enterprise_id)
    if campaign_id := filters.get("campaign"):
        qs = qs.filter(campaign_id=campaign_id)
    if year := filters.get("year"):
        qs = qs.filter(decided_on__year=year)
    return qs.order_by("-decided_on", "-id")


def case_states_by_reference(references: set[str]) -> dict[str, str]:
    """The state of each case a violation came from, by its 案件编号 (AJ2026000110),
    in the language of record: the search index shows it with the violation."""
    from documents.language import document_language

    pks = {int(ref[6:]) for ref in references if ref[:2] == "AJ" and ref[6:].isdigit()}
    states = {}
    with document_language():
        for case in Case.objects.filter(pk__in=pks).only(
            "pk", "state", "registered_at"
        ):
            if case.reference in references:
                states[case.reference] = str(case.get_state_display())
    return states


# --- Penalty cases --------------------------------------------------------------------


def case_get(case_id) -> Case | None:
    return (
        Case.objects.select_related(
            "party",
            "campaign",
            "suspected_violation_type",
            "registered_by",
            "discretion_benchmark",
            "discussion",
        )
        .filter(pk=case_id)
        .first()
    )


def case_list(*, filters: dict | None = None, user=None) -> QuerySet[Case]:
    """Cases for the desk list, newest first; `mine` keeps the user's own cases."""
    filters = filters or {}
    qs = Case.objects.select_related("party", "suspected_violation_type")
    if state := filters.get("state"):
        qs = qs.filter(state=state)
    if procedure := filters.get("procedure"):
        qs = qs.filter(procedure=procedure)
    if filters.get("mine") and user is not None:
        qs = qs.filter(investigator_links__user=user)
    if q := filters.get("q"):
        from django.db.models import Q

        qs = qs.filter(
            Q(title__icontains=q)
            | Q(party__name__icontains=q)
            | Q(decision_number__icontains=q)
        )
    return qs.order_by("-registered_at", "-id")


def case_clocks_for(*, case, today, calendar=None, policy=None):
    """The clocks running on one case now (see enforcement.clocks.case_clocks)."""
    from deadlines.calendar import WorkingCalendar

    from .clocks import case_clocks
    from .models import CaseState, PenaltyPolicy
    from .services.case_execution import case_account

    calendar = calendar or WorkingCalendar.load()
    policy = policy or PenaltyPolicy.current()
    schedule_due = (
        case_account(case, as_of=today).next_due
        if case.state == CaseState.ENFORCEMENT
        else None
    )
    return case_clocks(
        case=case,
        pauses=list(case.pauses.all()),
        extensions=list(case.extensions.all()),
        measures=list(case.evidence_measures.all()),
        schedule_due=schedule_due,
        policy=policy,
        today=today,
        calendar=calendar,
    )


def case_needs(*, case, today, account=None) -> list[str]:
    """What the case needs next, in the words of the procedure, with what blocks it."""
    from django.utils.translation import gettext as _

    from chinese_formats.formats import date_cn, money_cn

    from .models import CaseState, DecisionKind, EvidenceMeasure, PenaltyLine
    from .services.case_decision import decision_refusals
    from .services.penalty_lines import lines_from_case

    state = case.state
    needs: list[str] = []
    if state == CaseState.VERIFYING:
        needs.append(
            _("核查线索，提出立案或者不予立案的意见（核查期限%(date)s）")
            % {"date": date_cn(case.verification_due)}
        )
    elif state == CaseState.FILING_PROPOSED:
        needs.append(_("局负责人审批立案意见，指派两名以上办案人员"))
    elif state == CaseState.INVESTIGATING:
        needs.append(_("调查取证，提交调查终结报告"))
        if not case.evidence.exists():
            needs.append(_("尚未登记证据"))
        for measure in case.evidence_measures.filter(ended_on__isnull=True):
            if measure.kind == EvidenceMeasure.Kind.PRESERVATION:
                needs.append(
                    _("先行登记保存的证据须在%(date)s前作出处理决定")
                    % {"date": date_cn(measure.due_on)}
                )
    elif state == CaseState.SUSPENDED:
        needs.append(_("中止调查中：中止事由消除后经负责人批准恢复调查"))
    elif state == CaseState.TERMINATION_PROPOSED:
        needs.append(_("负责人审批终止调查"))
    elif state == CaseState.CASE_REVIEW:
        needs.append(_("审核机构审核（非本案办案人员）"))
    elif state == CaseState.LEGALITY_REVIEW:
        needs.append(_("法制审核（行政处罚法第五十八条）"))
    elif state == CaseState.NOTICE:
        needs.append(_("向当事人送达行政处罚告知书"))
    elif state == CaseState.STATEMENT:
        needs.append(
            _("等待当事人陈述、申辩%(hearing)s，期限至%(date)s")
            % {
                "hearing": _("或者要求听证") if case.hearing_offered else "",
                "date": date_cn(case.statement_due),
            }
        )
    elif state == CaseState.HEARING:
        needs.append(_("指定非本案调查人员主持听证，提前七个工作日通知当事人"))
    elif state == CaseState.RE_EXAMINATION:
        needs.append(_("复核当事人提出的事实、理由和证据"))
    elif state == CaseState.DECISION:
        if case.requires_collective_discussion:
            needs.append(_("负责人集体讨论决定（情节复杂或者重大违法行为）"))
        else:
            needs.append(_("负责人审查并作出决定"))
        kind = case.report_proposal or DecisionKind.PENALTY
        lines = lines_from_case(case, PenaltyLine.Stage.PROPOSED)
        for refusal in decision_refusals(
            case=case, kind=kind, lines=lines, today=today
        ):
            needs.extend(refusal.messages)
    elif state == CaseState.DECIDED:
        if case.decision_kind in (DecisionKind.PENALTY, DecisionKind.NO_PENALTY):
            needs.append(
                _("送达决定书（期限%(date)s）") % {"date": date_cn(case.service_due)}
            )
        else:
            needs.append(
                _("向%(authority)s移送案件") % {"authority": case.referral_authority}
            )
    elif state == CaseState.ENFORCEMENT and account is not None:
        due = account.next_due
        needs.append(
            _("当事人应缴罚没款%(owed)s，缴款期限%(date)s")
            % {"owed": money_cn(account.owed), "date": date_cn(due)}
        )
        if due and today > due:
            needs.append(
                _(
                    "已逾期%(days)d日，加处罚款%(surcharge)s；可以催告，催告十日后仍不履行的申请法院强制执行"
                )
                % {
                    "days": account.surcharge_days,
                    "surcharge": money_cn(account.surcharge),
                }
            )
    elif state in (CaseState.EXECUTED, CaseState.REFERRED, CaseState.TERMINATED):
        if case.procedure == "summary":
            needs.append(_("简易程序决定报所属行政机关备案"))
        else:
            needs.append(_("办案人员提出结案报告"))
    elif state == CaseState.CLOSING:
        needs.append(_("局负责人审批结案"))
    if case.publicity_required and not case.published_on and case.publicity_due:
        needs.append(
            _("在国家企业信用信息公示系统公示处罚决定（期限%(date)s）")
            % {"date": date_cn(case.publicity_due)}
        )
    return needs


# Permissions of those who read every case of the bureau: the legal reviewers
# (review_case), the division heads (arrange_hearing) and the bureau heads (decide_case).
_BUREAU_WIDE_CASE_READERS = (
    "enforcement.review_case",
    "enforcement.arrange_hearing",
    "enforcement.decide_case",
)


def case_papers_visible(user, case: Case) -> bool:
    """Who sees a case's papers: legal reviewers and the heads, every case; an
    investigator, the cases they handle or registered and those of their own unit
    (another division's cases are not theirs to read)."""
    if not user.has_perm("enforcement.view_case"):
        return False
    if any(user.has_perm(perm) for perm in _BUREAU_WIDE_CASE_READERS):
        return True
    if case.registered_by_id == user.pk:
        return True
    if case.investigators.filter(pk=user.pk).exists():
        return True
    unit = getattr(user, "unit_id", None)
    return unit is not None and case.registered_by.unit_id == unit

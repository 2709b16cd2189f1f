"""Administrative penalty cases (行政处罚案件), from the lead to closure.

The case's state moves only through the transitions on `Case`; they set the fields that
belong to the step and nothing else. `enforcement.services.cases` locks, checks the
procedure gates, calls them and writes the audit row; `workflows.penalty_case` decides
when. Repeating facts of a case (investigators, evidence, pauses of the decision clock,
extensions, penalty lines, payments) are rows of their own.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import GET_STATE, ConcurrentTransitionMixin, FSMField, transition

from .benchmarks import Circumstance
from .violations import PenaltyKind


class FSMCleanMixin:
    """Model.clean_fields re-assigns every field, which protected FSM fields forbid;
    the state is guarded by the transitions instead."""

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude={*(exclude or ()), "state"})


class LeadSource(models.TextChoices):
    INSPECTION = "inspection", _("监督检查")
    COMPLAINT = "complaint", _("投诉举报")
    REFERRAL = "referral", _("其他机关移送")
    ASSIGNMENT = "assignment", _("上级交办")
    MONITORING = "monitoring", _("抽检监测、网络监测")
    CAMPAIGN = "campaign", _("专项行动")


class PartyKind(models.TextChoices):
    """Who the party is decides the summary-procedure and hearing thresholds."""

    INDIVIDUAL = "individual", _("公民（含个体工商户）")
    ORGANISATION = "organisation", _("法人或者其他组织")


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", _("普通程序")
    SUMMARY = "summary", _("简易程序")


class CaseState(models.TextChoices):
    LEAD = "lead", _("线索登记")
    VERIFYING = "verifying", _("核查")
    FILING_PROPOSED = "filing_proposed", _("待立案审批")
    NOT_FILED = "not_filed", _("不予立案")
    INVESTIGATING = "investigating", _("调查取证")
    SUSPENDED = "suspended", _("中止调查")
    TERMINATION_PROPOSED = "termination_proposed", _("待批准终止调查")
    TERMINATED = "terminated", _("已终止调查")
    CASE_REVIEW = "case_review", _("案件审核")
    LEGALITY_REVIEW = "legality_review", _("法制审核")
    NOTICE = "notice", _("行政处罚告知")
    STATEMENT = "statement", _("陈述申辩期")
    HEARING = "hearing", _("听证")
    RE_EXAMINATION = "re_examination", _("复核")
    DECISION = "decision", _("待负责人决定")
    DECIDED = "decided", _("决定书待送达")
    REFERRED = "referred", _("已移送")
    ENFORCEMENT = "enforcement", _("执行中")
    EXECUTED = "executed", _("执行完毕")
    CLOSING = "closing", _("待结案审批")
    CLOSED = "closed", _("已结案")


CASE_FINISHED_STATES = [CaseState.NOT_FILED, CaseState.CLOSED]

# From these a reviewer or the head may send the case back to investigation.
RETURNABLE_STATES = [
    CaseState.CASE_REVIEW,
    CaseState.LEGALITY_REVIEW,
    CaseState.NOTICE,
    CaseState.STATEMENT,
    CaseState.HEARING,
    CaseState.RE_EXAMINATION,
    CaseState.DECISION,
]

# The decision clock (行政处罚法 Art. 60) runs from filing until the decision.
DECISION_CLOCK_STATES = [
    CaseState.INVESTIGATING,
    CaseState.SUSPENDED,
    CaseState.TERMINATION_PROPOSED,
    *RETURNABLE_STATES,
]


class DecisionKind(models.TextChoices):
    """The outcomes of 行政处罚法 Art. 57, plus referral to another authority."""

    PENALTY = "penalty", _("给予行政处罚")
    NO_PENALTY = "no_penalty", _("不予行政处罚")
    REFER_JUDICIARY = "refer_judiciary", _("涉嫌犯罪，移送司法机关")
    REFER_AUTHORITY = "refer_authority", _("移送其他行政机关")


REFERRAL_KINDS = [DecisionKind.REFER_JUDICIARY, DecisionKind.REFER_AUTHORITY]


class FilingProposal(models.TextChoices):
    FILE = "file", _("立案")
    NOT_FILE = "not_file", _("不予立案")


class NonFilingReason(models.TextChoices):
    """程序规定 Art. 20 grounds, and the Art. 19 filing conditions that are not met."""

    MINOR_CORRECTED = (
        "minor_corrected",
        _("违法行为轻微并及时改正，没有造成危害后果"),
    )
    FIRST_OFFENCE = (
        "first_offence",
        _("初次违法且危害后果轻微并及时改正"),
    )
    NO_FAULT = "no_fault", _("当事人有证据足以证明没有主观过错")
    NO_EVIDENCE = "no_evidence", _("没有证据初步证明存在违法行为")
    NO_JURISDICTION = "no_jurisdiction", _("不属于本部门管辖")
    TIME_BARRED = "time_barred", _("超过行政处罚追责时效（行政处罚法第三十六条）")
    OTHER = "other", _("依法可以不予立案的其他情形")


class NoPenaltyReason(models.TextChoices):
    """行政处罚法 Arts. 33 and 57 grounds for 不予行政处罚."""

    MINOR_CORRECTED = (
        "minor_corrected",
        _("违法行为轻微并及时改正，没有造成危害后果（第三十三条第一款）"),
    )
    FIRST_OFFENCE = (
        "first_offence",
        _("初次违法且危害后果轻微并及时改正（第三十三条第一款）"),
    )
    NO_FAULT = (
        "no_fault",
        _("当事人有证据足以证明没有主观过错（第三十三条第二款）"),
    )
    NOT_ESTABLISHED = (
        "not_established",
        _("违法事实不能成立（第五十七条第一款第三项）"),
    )

    @classmethod
    def acknowledging_violation(cls) -> set[str]:
        """Grounds that find a violation (recorded in the history) but waive the penalty."""
        return {cls.MINOR_CORRECTED, cls.FIRST_OFFENCE}


class ServiceMethod(models.TextChoices):
    DIRECT = "direct", _("直接送达")
    LEFT = "left", _("留置送达")
    ELECTRONIC = "electronic", _("电子送达")
    POST = "post", _("邮寄送达")
    ENTRUSTED = "entrusted", _("委托送达")
    FORWARDED = "forwarded", _("转交送达")
    ANNOUNCEMENT = "announcement", _("公告送达")


def _after_case_review(case: "Case", **kwargs) -> str:
    if case.legality_review_required:
        return CaseState.LEGALITY_REVIEW
    if case.report_proposal == DecisionKind.PENALTY:
        return CaseState.NOTICE
    return CaseState.DECISION


def _after_legality_review(case: "Case", **kwargs) -> str:
    if case.report_proposal == DecisionKind.PENALTY and case.notice_served_on is None:
        return CaseState.NOTICE
    return CaseState.DECISION


def _after_re_examination(case: "Case", **kwargs) -> str:
    # 行政处罚法 Art. 58(2): a case that went through a hearing is reviewed for legality
    # before the decision, after the hearing.
    if case.legality_review_required and not case.legality_review_current:
        return CaseState.LEGALITY_REVIEW
    return CaseState.DECISION


def _after_decision_service(case: "Case", **kwargs) -> str:
    if kwargs.get("payment_due") is not None:
        return CaseState.ENFORCEMENT
    return CaseState.EXECUTED


def _after_summary_decision(case: "Case", **kwargs) -> str:
    if kwargs.get("payment_due") is not None:
        return CaseState.ENFORCEMENT
    return CaseState.EXECUTED


def _proposes_filing(case: "Case") -> bool:
    return case.proposal == FilingProposal.FILE


def _proposes_not_filing(case: "Case") -> bool:
    return case.proposal == FilingProposal.NOT_FILE


def _verification_not_extended(case: "Case") -> bool:
    return not case.verification_extended


def _is_referral(case: "Case") -> bool:
    return case.decision_kind in REFERRAL_KINDS


def _is_served_decision(case: "Case") -> bool:
    return case.decision_kind in (DecisionKind.PENALTY, DecisionKind.NO_PENALTY)


def _hearing_offered(case: "Case") -> bool:
    return case.hearing_offered


def _is_summary(case: "Case") -> bool:
    return case.procedure == Procedure.SUMMARY


def _is_ordinary(case: "Case") -> bool:
    return case.procedure == Procedure.ORDINARY


def _summary_filed(case: "Case") -> bool:
    return case.summary_filed_on is not None


def _publicity_done(case: "Case") -> bool:
    return not case.publicity_required or case.published_on is not None


def _user_fk(verbose_name, **kwargs):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        **kwargs,
    )


class Case(FSMCleanMixin, ConcurrentTransitionMixin, models.Model):
    """One administrative penalty case against one party."""

    procedure = models.CharField(
        _("程序"),
        max_length=12,
        choices=Procedure.choices,
        default=Procedure.ORDINARY,
    )
    title = models.CharField(_("案件名称"), max_length=200)
    party = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("当事人"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    party_kind = models.CharField(
        _("当事人类型"), max_length=16, choices=PartyKind.choices
    )
    source = models.CharField(_("案件来源"), max_length=16, choices=LeadSource.choices)
    source_reference = models.CharField(
        _("来源编号"),
        max_length=100,
        blank=True,
        help_text=_("投诉举报工单号、移送函文号、交办文号等。"),
    )
    received_on = models.DateField(_("发现或者收到材料日期"))
    clue = models.TextField(_("线索内容"))
    informant = models.CharField(_("举报人／移送机关"), max_length=200, blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("专项行动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    suspected_violation_type = models.ForeignKey(
        "enforcement.ViolationType",
        verbose_name=_("涉嫌违法行为"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    investigators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CaseInvestigator",
        verbose_name=_("办案人员"),
        related_name="penalty_cases",
    )
    state = FSMField(
        _("状态"),
        max_length=24,
        choices=CaseState.choices,
        default=CaseState.LEAD,
        protected=True,
        db_index=True,
    )
    round = models.PositiveSmallIntegerField(
        _("调查轮次"),
        default=1,
        help_text=_("每次退回补充调查后加一；审核、告知须在本轮重新进行。"),
    )

    # 核查 and 立案
    verification_due = models.DateField(_("核查期限"), null=True, blank=True)
    verification_extended = models.BooleanField(_("核查期限已延长"), default=False)
    verification_findings = models.TextField(_("核查情况"), blank=True)
    proposal = models.CharField(
        _("核查意见"), max_length=12, choices=FilingProposal.choices, blank=True
    )
    non_filing_reason = models.CharField(
        _("不予立案理由"), max_length=20, choices=NonFilingReason.choices, blank=True
    )
    filing_decided_by = _user_fk(_("立案审批人"))
    filing_opinion = models.TextField(_("立案审批意见"), blank=True)
    filing_decided_on = models.DateField(_("立案审批日期"), null=True, blank=True)
    filed_on = models.DateField(_("立案日期"), null=True, blank=True)
    registration_number = models.CharField(
        _("案件来源登记表编号"), max_length=100, blank=True
    )
    filing_number = models.CharField(_("立案审批表编号"), max_length=100, blank=True)

    # 调查终结报告
    facts = models.TextField(_("违法事实"), blank=True)
    violated_provision = models.CharField(_("违反条款"), max_length=300, blank=True)
    legal_basis = models.CharField(_("处罚依据"), max_length=300, blank=True)
    report_proposal = models.CharField(
        _("处理意见"), max_length=20, choices=DecisionKind.choices, blank=True
    )
    proposed_no_penalty_reason = models.CharField(
        _("拟不予处罚理由"),
        max_length=20,
        choices=NoPenaltyReason.choices,
        blank=True,
    )
    discretion_benchmark = models.ForeignKey(
        "enforcement.DiscretionBenchmark",
        verbose_name=_("适用的裁量基准版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    discretion_reasons = models.TextField(_("裁量理由"), blank=True)
    is_complex = models.BooleanField(_("案情疑难复杂、涉及多个法律关系"), default=False)
    is_major = models.BooleanField(_("重大违法行为"), default=False)
    involves_major_public_interest = models.BooleanField(
        _("涉及重大公共利益"), default=False
    )
    legality_review_other = models.CharField(
        _("其他应当法制审核的情形"), max_length=200, blank=True
    )
    report_submitted_at = models.DateTimeField(
        _("调查终结报告提交时间"), null=True, blank=True
    )

    # 案件审核 / 法制审核
    case_reviewed_by = _user_fk(_("审核人"))
    case_review_opinion = models.TextField(_("审核意见"), blank=True)
    case_reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    legality_reviewed_by = _user_fk(_("法制审核人"))
    legality_review_opinion = models.TextField(_("法制审核意见"), blank=True)
    legality_reviewed_at = models.DateTimeField(
        _("法制审核时间"), null=True, blank=True
    )
    legality_review_current = models.BooleanField(
        _("法制审核在本轮有效"),
        default=False,
        help_text=_("听证后须重新法制审核（行政处罚法第五十八条第一款第二项）。"),
    )

    # 告知, 陈述申辩, 复核
    notice_number = models.CharField(_("告知书文号"), max_length=100, blank=True)
    notice_issued_on = models.DateField(_("告知书制发日期"), null=True, blank=True)
    hearing_offered = models.BooleanField(_("已告知听证权利"), default=False)
    hearing_grounds = models.CharField(_("听证事由"), max_length=300, blank=True)
    notice_served_on = models.DateField(_("告知书送达日期"), null=True, blank=True)
    notice_service_method = models.CharField(
        _("告知书送达方式"), max_length=16, choices=ServiceMethod.choices, blank=True
    )
    statement_due = models.DateField(_("陈述申辩截止日"), null=True, blank=True)
    statement = models.TextField(_("陈述申辩意见"), blank=True)
    statement_received_on = models.DateField(_("陈述申辩日期"), null=True, blank=True)
    statement_waived_on = models.DateField(
        _("明确放弃陈述申辩日期"), null=True, blank=True
    )
    statement_lapsed = models.BooleanField(_("逾期未陈述申辩"), default=False)
    hearing_requested_on = models.DateField(_("要求听证日期"), null=True, blank=True)
    re_examined_by = _user_fk(_("复核人"))
    re_examination_opinion = models.TextField(_("复核意见"), blank=True)
    defence_adopted = models.BooleanField(_("采纳当事人意见"), default=False)
    re_examined_at = models.DateTimeField(_("复核时间"), null=True, blank=True)

    # 决定
    decision_kind = models.CharField(
        _("处理决定"), max_length=20, choices=DecisionKind.choices, blank=True
    )
    no_penalty_reason = models.CharField(
        _("不予处罚理由"), max_length=20, choices=NoPenaltyReason.choices, blank=True
    )
    referral_authority = models.CharField(_("移送机关"), max_length=200, blank=True)
    decided_by = _user_fk(_("决定人"))
    decision_opinion = models.TextField(_("负责人意见"), blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    discussion = models.ForeignKey(
        "enforcement.CollectiveDiscussion",
        verbose_name=_("集体讨论"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_number = models.CharField(
        _("决定书文号"), max_length=100, blank=True, db_index=True
    )
    decision_served_on = models.DateField(_("决定书送达日期"), null=True, blank=True)
    decision_service_method = models.CharField(
        _("决定书送达方式"), max_length=16, choices=ServiceMethod.choices, blank=True
    )
    service_due = models.DateField(_("送达期限"), null=True, blank=True)
    referred_on = models.DateField(_("移送日期"), null=True, blank=True)
    referral_letter_number = models.CharField(
        _("移送函文号"), max_length=100, blank=True
    )

    # 公示
    publicity_required = models.BooleanField(_("须公示"), default=False)
    publicity_due = models.DateField(_("公示期限"), null=True, blank=True)
    published_on = models.DateField(_("公示日期"), null=True, blank=True)
    publicity_reference = models.CharField(
        _("公示网址或编号"), max_length=255, blank=True
    )

    # 执行
    payment_due = models.DateField(_("缴款期限"), null=True, blank=True)
    demand_served_on = models.DateField(_("催告书送达日期"), null=True, blank=True)
    demand_reference = models.CharField(_("催告书文号"), max_length=100, blank=True)
    court_applied_on = models.DateField(
        _("申请法院强制执行日期"), null=True, blank=True
    )
    court_name = models.CharField(_("受理法院"), max_length=100, blank=True)
    court_reference = models.CharField(_("法院案号"), max_length=100, blank=True)
    executed_on = models.DateField(_("执行完毕日期"), null=True, blank=True)
    execution_summary = models.TextField(_("执行情况"), blank=True)

    # 终止调查, 结案
    termination_reason = models.TextField(_("终止调查理由"), blank=True)
    terminated_on = models.DateField(_("终止调查日期"), null=True, blank=True)
    closure_summary = models.TextField(_("结案报告"), blank=True)
    closure_proposed_by = _user_fk(_("结案申请人"))
    closure_proposed_on = models.DateField(_("申请结案日期"), null=True, blank=True)
    closed_by = _user_fk(_("结案审批人"))
    closure_opinion = models.TextField(_("结案审批意见"), blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    closure_number = models.CharField(_("结案审批表编号"), max_length=100, blank=True)

    # 简易程序
    paid_on_the_spot = models.BooleanField(_("当场收缴罚款"), default=False)
    summary_filed_by = _user_fk(_("备案人"))
    summary_filed_on = models.DateField(_("备案日期"), null=True, blank=True)

    returned_reason = models.TextField(_("退回理由"), blank=True)
    times_returned = models.PositiveSmallIntegerField(_("退回补充调查次数"), default=0)

    class Meta:
        verbose_name = _("行政处罚案件")
        verbose_name_plural = _("行政处罚案件")
        ordering = ["-registered_at", "-id"]
        indexes = [models.Index(fields=["party", "state"])]
        permissions = [
            ("register_lead", _("登记案件线索")),
            ("investigate_case", _("办理案件调查")),
            ("approve_filing", _("审批立案、不予立案")),
            ("approve_suspension", _("批准中止、恢复、终止调查")),
            ("approve_evidence_measure", _("批准先行登记保存、查封扣押")),
            ("review_case", _("案件审核")),
            ("review_legality", _("法制审核")),
            ("arrange_hearing", _("组织听证")),
            ("host_hearing", _("主持听证")),
            ("decide_case", _("作出行政处罚决定")),
            ("extend_case_period", _("批准延长办案期限")),
            ("return_to_investigation", _("退回补充调查")),
            ("approve_payment_arrangement", _("批准延期、分期缴纳罚款")),
            ("approve_closure", _("审批结案")),
            ("decide_on_the_spot", _("当场作出行政处罚决定（简易程序）")),
            ("file_summary_decision", _("简易程序决定备案")),
        ]

    def __str__(self):
        return self.title

    @property
    def reference(self) -> str:
        """案件编号 used on screens: stable, short and sortable."""
        return f"AJ{self.registered_at:%Y}{self.pk:06d}" if self.pk else ""

    @property
    def requires_collective_discussion(self) -> bool:
        """行政处罚法 Art. 57 para 2: complex facts or a major violation."""
        return self.is_complex or self.is_major

    @property
    def legality_review_required(self) -> bool:
        """行政处罚法 Art. 58: the cases reviewed for legality before the decision."""
        return bool(
            self.involves_major_public_interest
            or self.is_complex
            or self.legality_review_other
            or self.hearing_held
        )

    @property
    def hearing_held(self) -> bool:
        return self.hearing_requested_on is not None and self.state not in (
            CaseState.HEARING,
        )

    @property
    def party_defended(self) -> bool:
        """The party stated, defended or was heard (行政处罚法 Art. 45 para 2)."""
        return bool(self.statement_received_on or self.hearing_requested_on)

    # --- 核查 and 立案 ------------------------------------------------------------

    @transition(field=state, source=CaseState.LEAD, target=CaseState.VERIFYING)
    def begin_verification(self, *, due) -> None:
        self.verification_due = due

    @transition(
        field=state,
        source=CaseState.VERIFYING,
        target=CaseState.VERIFYING,
        conditions=[_verification_not_extended],
        permission="enforcement.approve_filing",
    )
    def extend_verification(self, *, due) -> None:
        self.verification_due = due
        self.verification_extended = True

    @transition(
        field=state, source=CaseState.VERIFYING, target=CaseState.FILING_PROPOSED
    )
    def propose(self, *, proposal: str, findings: str, non_filing_reason: str) -> None:
        self.proposal = proposal
        self.verification_findings = findings
        self.non_filing_reason = non_filing_reason

    @transition(
        field=state,
        source=CaseState.FILING_PROPOSED,
        target=CaseState.INVESTIGATING,
        conditions=[_proposes_filing],
        permission="enforcement.approve_filing",
    )
    def approve_filing(self, *, approver, opinion: str, filed_on) -> None:
        self.filing_decided_by = approver
        self.filing_opinion = opinion
        self.filing_decided_on = filed_on
        self.filed_on = filed_on

    @transition(
        field=state,
        source=CaseState.FILING_PROPOSED,
        target=CaseState.NOT_FILED,
        conditions=[_proposes_not_filing],
        permission="enforcement.approve_filing",
    )
    def approve_non_filing(self, *, approver, opinion: str, decided_on) -> None:
        self.filing_decided_by = approver
        self.filing_opinion = opinion
        self.filing_decided_on = decided_on

    @transition(
        field=state,
        source=CaseState.FILING_PROPOSED,
        target=CaseState.VERIFYING,
        permission="enforcement.approve_filing",
    )
    def return_proposal(self, *, reason: str) -> None:
        self.returned_reason = reason

    # --- 调查 -----------------------------------------------------------------------

    @transition(
        field=state,
        source=CaseState.INVESTIGATING,
        target=CaseState.SUSPENDED,
        permission="enforcement.approve_suspension",
    )
    def suspend(self) -> None:
        """中止调查: the pause row stops the decision clock."""

    @transition(
        field=state,
        source=CaseState.SUSPENDED,
        target=CaseState.INVESTIGATING,
        permission="enforcement.approve_suspension",
    )
    def resume(self) -> None:
        """恢复调查: the service closes the pause row."""

    @transition(
        field=state,
        source=[CaseState.INVESTIGATING, CaseState.SUSPENDED],
        target=CaseState.TERMINATION_PROPOSED,
    )
    def propose_termination(self, *, reason: str) -> None:
        self.termination_reason = reason

    @transition(
        field=state,
        source=CaseState.TERMINATION_PROPOSED,
        target=CaseState.TERMINATED,
        permission="enforcement.approve_suspension",
    )
    def approve_termination(self, *, on) -> None:
        self.terminated_on = on

    @transition(
        field=state,
        source=CaseState.TERMINATION_PROPOSED,
        target=CaseState.INVESTIGATING,
        permission="enforcement.approve_suspension",
    )
    def reject_termination(self, *, reason: str) -> None:
        self.returned_reason = reason

    @transition(
        field=state, source=CaseState.INVESTIGATING, target=CaseState.CASE_REVIEW
    )
    def submit_report(
        self,
        *,
        facts: str,
        violated_provision: str,
        legal_basis: str,
        proposal: str,
        no_penalty_reason: str,
        benchmark,
        discretion_reasons: str,
        is_complex: bool,
        is_major: bool,
        involves_major_public_interest: bool,
        legality_review_other: str,
    ) -> None:
        self.facts = facts
        self.violated_provision = violated_provision
        self.legal_basis = legal_basis
        self.report_proposal = proposal
        self.proposed_no_penalty_reason = no_penalty_reason
        self.discretion_benchmark = benchmark
        self.discretion_reasons = discretion_reasons
        self.is_complex = is_complex
        self.is_major = is_major
        self.involves_major_public_interest = involves_major_public_interest
        self.legality_review_other = legality_review_other
        self.report_submitted_at = timezone.now()

    # --- 审核 -----------------------------------------------------------------------

    @transition(
        field=state,
        source=CaseState.CASE_REVIEW,
        target=GET_STATE(
            _after_case_review,
            states=[CaseState.LEGALITY_REVIEW, CaseState.NOTICE, CaseState.DECISION],
        ),
        permission="enforcement.review_case",
    )
    def pass_case_review(self, *, reviewer, opinion: str) -> None:
        self.case_reviewed_by = reviewer
        self.case_review_opinion = opinion
        self.case_reviewed_at = timezone.now()

    @transition(
        field=state,
        source=CaseState.LEGALITY_REVIEW,
        target=GET_STATE(
            _after_legality_review, states=[CaseState.NOTICE, CaseState.DECISION]
        ),
        permission="enforcement.review_legality",
    )
    def pass_legality_review(self, *, reviewer, opinion: str) -> None:
        self.legality_reviewed_by = reviewer
        self.legality_review_opinion = opinion
        self.legality_reviewed_at = timezone.now()
        self.legality_review_current = True

    # --- 告知, 陈述申辩, 听证, 复核 ----------------------------------------------------

    @transition(field=state, source=CaseState.NOTICE, target=None)
    def record_notice_issue(
        self, *, number: str, issued_on, hearing_offered: bool, hearing_grounds: str
    ) -> None:
        self.notice_number = number
        self.notice_issued_on = issued_on
        self.hearing_offered = hearing_offered
        self.hearing_grounds = hearing_grounds

    @transition(field=state, source=CaseState.NOTICE, target=CaseState.STATEMENT)
    def serve_notice(self, *, served_on, service_method: str, statement_due) -> None:
        self.notice_served_on = served_on
        self.notice_service_method = service_method
        self.statement_due = statement_due

    @transition(
        field=state, source=CaseState.STATEMENT, target=CaseState.RE_EXAMINATION
    )
    def record_statement(self, *, statement: str, received_on) -> None:
        self.statement = statement
        self.statement_received_on = received_on

    @transition(field=state, source=CaseState.STATEMENT, target=CaseState.DECISION)
    def waive_statement(self, *, on) -> None:
        """The party expressly gave up statement, defence and hearing (Art. 62)."""
        self.statement_waived_on = on

    @transition(field=state, source=CaseState.STATEMENT, target=CaseState.DECISION)
    def lapse_statement(self) -> None:
        self.statement_lapsed = True

    @transition(
        field=state,
        source=CaseState.STATEMENT,
        target=CaseState.HEARING,
        conditions=[_hearing_offered],
    )
    def request_hearing(self, *, on) -> None:
        self.hearing_requested_on = on
        # A heard case is reviewed for legality after the hearing (Art. 58(2)).
        self.legality_review_current = False

    @transition(field=state, source=CaseState.HEARING, target=CaseState.RE_EXAMINATION)
    def close_hearing(self) -> None:
        """The hearing was held (or the party did not appear); re-examine next."""

    @transition(
        field=state,
        source=CaseState.RE_EXAMINATION,
        target=GET_STATE(
            _after_re_examination,
            states=[CaseState.LEGALITY_REVIEW, CaseState.DECISION],
        ),
    )
    def re_examine(self, *, examiner, opinion: str, adopted: bool) -> None:
        self.re_examined_by = examiner
        self.re_examination_opinion = opinion
        self.defence_adopted = adopted
        self.re_examined_at = timezone.now()

    @transition(
        field=state,
        source=RETURNABLE_STATES,
        target=CaseState.INVESTIGATING,
        permission="enforcement.return_to_investigation",
    )
    def return_to_investigation(self, *, reason: str) -> None:
        """补充调查: this round's reviews, notice and defence no longer stand; the next
        round repeats them. What happened stays in the audit trail and the papers."""
        self.returned_reason = reason
        self.times_returned += 1
        self.round += 1
        self.case_reviewed_by = None
        self.case_review_opinion = ""
        self.case_reviewed_at = None
        self.legality_reviewed_by = None
        self.legality_review_opinion = ""
        self.legality_reviewed_at = None
        self.legality_review_current = False
        self.notice_number = ""
        self.notice_issued_on = None
        self.hearing_offered = False
        self.hearing_grounds = ""
        self.notice_served_on = None
        self.notice_service_method = ""
        self.statement_due = None
        self.statement = ""
        self.statement_received_on = None
        self.statement_waived_on = None
        self.statement_lapsed = False
        self.hearing_requested_on = None
        self.re_examined_by = None
        self.re_examination_opinion = ""
        self.defence_adopted = False
        self.re_examined_at = None

    # --- 决定 -----------------------------------------------------------------------

    @transition(
        field=state,
        source=CaseState.DECISION,
        target=CaseState.DECIDED,
        permission="enforcement.decide_case",
    )
    def decide(
        self,
        *,
        kind: str,
        decider,
        decided_on,
        opinion: str,
        no_penalty_reason: str,
        referral_authority: str,
        discussion,
        publicity_required: bool,
        service_due,
    ) -> None:
        self.decision_kind = kind
        self.decided_by = decider
        self.decided_on = decided_on
        self.decision_opinion = opinion
        self.no_penalty_reason = no_penalty_reason
        self.referral_authority = referral_authority
        self.discussion = discussion
        self.publicity_required = publicity_required
        self.service_due = service_due

    @transition(
        field=state,
        source=CaseState.DECIDED,
        target=GET_STATE(
            _after_decision_service,
            states=[CaseState.ENFORCEMENT, CaseState.EXECUTED],
        ),
        conditions=[_is_served_decision],
    )
    def serve_decision(
        self, *, served_on, service_method: str, payment_due, publicity_due
    ) -> None:
        self.decision_served_on = served_on
        self.decision_service_method = service_method
        self.payment_due = payment_due
        self.publicity_due = publicity_due

    @transition(
        field=state,
        source=CaseState.DECIDED,
        target=CaseState.REFERRED,
        conditions=[_is_referral],
    )
    def record_referral(self, *, referred_on, letter_number: str) -> None:
        self.referred_on = referred_on
        self.referral_letter_number = letter_number

    # --- 公示 and 执行 ----------------------------------------------------------------

    @transition(
        field=state,
        source=[CaseState.ENFORCEMENT, CaseState.EXECUTED],
        target=None,
        conditions=[_is_ordinary],
    )
    def record_publicity(self, *, published_on, reference: str) -> None:
        self.published_on = published_on
        self.publicity_reference = reference

    @transition(field=state, source=CaseState.ENFORCEMENT, target=None)
    def reschedule_payment(self, *, payment_due) -> None:
        self.payment_due = payment_due

    @transition(field=state, source=CaseState.ENFORCEMENT, target=None)
    def record_demand(self, *, served_on, reference: str) -> None:
        self.demand_served_on = served_on
        self.demand_reference = reference

    @transition(field=state, source=CaseState.ENFORCEMENT, target=None)
    def record_court_application(
        self, *, applied_on, court_name: str, court_reference: str
    ) -> None:
        self.court_applied_on = applied_on
        self.court_name = court_name
        self.court_reference = court_reference

    @transition(field=state, source=CaseState.ENFORCEMENT, target=CaseState.EXECUTED)
    def record_execution(self, *, executed_on, summary: str) -> None:
        self.executed_on = executed_on
        self.execution_summary = summary

    # --- 结案 -----------------------------------------------------------------------

    @transition(
        field=state,
        source=[CaseState.EXECUTED, CaseState.REFERRED, CaseState.TERMINATED],
        target=CaseState.CLOSING,
        conditions=[_is_ordinary, _publicity_done],
    )
    def propose_closure(self, *, proposer, summary: str, on) -> None:
        self.closure_proposed_by = proposer
        self.closure_summary = summary
        self.closure_proposed_on = on

    @transition(
        field=state,
        source=CaseState.CLOSING,
        target=CaseState.CLOSED,
        permission="enforcement.approve_closure",
    )
    def approve_closure(self, *, approver, opinion: str, on) -> None:
        self.closed_by = approver
        self.closure_opinion = opinion
        self.closed_on = on

    # --- 简易程序 ---------------------------------------------------------------------

    @transition(
        field=state,
        source=CaseState.LEAD,
        target=GET_STATE(
            _after_summary_decision,
            states=[CaseState.ENFORCEMENT, CaseState.EXECUTED],
        ),
        conditions=[_is_summary],
        permission="enforcement.decide_on_the_spot",
    )
    def decide_on_the_spot(
        self,
        *,
        decider,
        decided_on,
        number: str,
        facts: str,
        violated_provision: str,
        legal_basis: str,
        paid_on_the_spot: bool,
        payment_due,
    ) -> None:
        """行政处罚法 Arts. 51–52: decided and handed over on the spot."""
        self.decision_kind = DecisionKind.PENALTY
        self.decided_by = decider
        self.decided_on = decided_on
        self.decision_number = number
        self.decision_served_on = decided_on
        self.decision_service_method = ServiceMethod.DIRECT
        self.facts = facts
        self.violated_provision = violated_provision
        self.legal_basis = legal_basis
        self.paid_on_the_spot = paid_on_the_spot
        self.payment_due = payment_due
        self.publicity_required = False
        if payment_due is None:
            self.executed_on = decided_on

    @transition(
        field=state,
        source=[CaseState.ENFORCEMENT, CaseState.EXECUTED],
        target=None,
        conditions=[_is_summary],
        permission="enforcement.file_summary_decision",
    )
    def file_summary(self, *, filed_by, on) -> None:
        self.summary_filed_by = filed_by
        self.summary_filed_on = on

    @transition(
        field=state,
        source=CaseState.EXECUTED,
        target=CaseState.CLOSED,
        conditions=[_is_summary, _summary_filed],
    )
    def close_summary(self, *, on) -> None:
        self.closed_on = on


class CaseInvestigator(models.Model):
    """An investigator assigned to a case; at least two credentialed ones (Art. 42)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="investigator_links"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办案人员"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_lead = models.BooleanField(_("主办人"), default=False)
    credential_number = models.CharField(
        _("执法证号"), max_length=32, help_text=_("指派时的执法证号。")
    )
    assigned_on = models.DateField(_("指派日期"))

    class Meta:
        verbose_name = _("办案人员")
        verbose_name_plural = _("办案人员")
        ordering = ["-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"], name="case_investigator_once"
            )
        ]

    def __str__(self):
        return str(self.user)


class Evidence(models.Model):
    """One piece of evidence collected in the investigation (行政处罚法 Art. 46)."""

    class Kind(models.TextChoices):
        DOCUMENTARY = "documentary", _("书证")
        PHYSICAL = "physical", _("物证")
        AUDIOVISUAL = "audiovisual", _("视听资料")
        ELECTRONIC = "electronic", _("电子数据")
        WITNESS = "witness", _("证人证言")
        PARTY_STATEMENT = "party_statement", _("当事人的陈述")
        EXPERT_OPINION = "expert_opinion", _("鉴定意见")
        RECORD = "record", _("勘验笔录、现场笔录")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("证据种类"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("证据名称"), max_length=200)
    proves = models.CharField(_("证明事项"), max_length=300, blank=True)
    collected_on = models.DateField(_("取得日期"))
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("取证人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("来源"), max_length=200, blank=True)
    sha256 = models.CharField(_("电子数据SHA-256"), max_length=64, blank=True)
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("证据")
        verbose_name_plural = _("证据")
        ordering = ["collected_on", "id"]

    def __str__(self):
        return self.title


class EvidenceMeasure(models.Model):
    """先行登记保存 (Art. 56: decided within 7 working days, or it lapses) or 查封扣押
    (行政强制法 Art. 25: 30 days, +30 with approval; testing time excluded)."""

    class Kind(models.TextChoices):
        PRESERVATION = "preservation", _("先行登记保存")
        SEIZURE = "seizure", _("查封、扣押")

    class Outcome(models.TextChoices):
        RELEASED = "released", _("解除")
        SEIZED = "seized", _("转为查封、扣押")
        SENT_FOR_TESTING = "sent_for_testing", _("送检测、检验、检疫、鉴定")
        CONFISCATED = "confiscated", _("依法没收")
        LAPSED = "lapsed", _("逾期未作出处理决定，自动解除")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="evidence_measures"
    )
    kind = models.CharField(_("措施"), max_length=16, choices=Kind.choices)
    items = models.TextField(_("物品清单"))
    place = models.CharField(_("存放地点"), max_length=200, blank=True)
    started_on = models.DateField(_("采取日期"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("期限"))
    extended_by = _user_fk(_("延长批准人"))
    extended_on = models.DateField(_("延长日期"), null=True, blank=True)
    ended_on = models.DateField(_("处理日期"), null=True, blank=True)
    outcome = models.CharField(
        _("处理结果"), max_length=20, choices=Outcome.choices, blank=True
    )
    decided_by = _user_fk(_("处理人"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("证据保全措施")
        verbose_name_plural = _("证据保全措施")
        ordering = ["started_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.started_on}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class CasePause(models.Model):
    """An interval the decision clock does not count (行政处罚法 Art. 60; 程序规定)."""

    class Kind(models.TextChoices):
        SUSPENSION = "suspension", _("中止调查")
        HEARING = "hearing", _("听证")
        PUBLIC_NOTICE = "public_notice", _("公告")
        TESTING = "testing", _("检测、检验、检疫、鉴定")
        IDENTIFICATION = "identification", _("权利人辨认或者鉴别")
        REFUND = "refund", _("责令退还多收价款")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(_("事由"), max_length=20, choices=Kind.choices)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    reason = models.TextField(_("说明"), blank=True)
    recorded_by = _user_fk(_("登记人"))

    class Meta:
        verbose_name = _("不计入办案期限的期间")
        verbose_name_plural = _("不计入办案期限的期间")
        ordering = ["started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="case_pause_ends_after_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.started_on}–{self.ended_on or ''}"


class CollectiveDiscussion(models.Model):
    """负责人集体讨论 (行政处罚法 Art. 57 para 2): for a complex or major case's decision,
    or to extend the decision period beyond the head's 30 days."""

    class Purpose(models.TextChoices):
        DECISION = "decision", _("作出处理决定")
        EXTENSION = "extension", _("延长办案期限")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="discussions")
    purpose = models.CharField(_("讨论事项"), max_length=12, choices=Purpose.choices)
    held_on = models.DateField(_("讨论日期"))
    chaired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("主持人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("参加人员"), related_name="+"
    )
    minutes = models.TextField(_("讨论记录"))
    conclusion = models.TextField(_("讨论结论"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("集体讨论记录")
        verbose_name_plural = _("集体讨论记录")
        ordering = ["held_on", "id"]

    def __str__(self):
        return f"{self.get_purpose_display()} {self.held_on}"


class CaseExtension(models.Model):
    """An approved extension of the verification or decision period."""

    class Clock(models.TextChoices):
        VERIFICATION = "verification", _("核查期限")
        DECISION = "decision", _("作出处罚决定期限")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extensions")
    clock = models.CharField(_("期限"), max_length=16, choices=Clock.choices)
    days = models.PositiveSmallIntegerField(_("延长天数"))
    reason = models.TextField(_("延长理由"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField(_("批准日期"))
    discussion = models.ForeignKey(
        CollectiveDiscussion,
        verbose_name=_("集体讨论"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="extensions",
    )

    class Meta:
        verbose_name = _("延长期限")
        verbose_name_plural = _("延长期限")
        ordering = ["approved_on", "id"]

    def __str__(self):
        return f"{self.get_clock_display()} +{self.days}"


class Hearing(models.Model):
    """听证 (行政处罚法 Arts. 63–65), one per investigation round at most."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    round = models.PositiveSmallIntegerField(_("调查轮次"))
    requested_on = models.DateField(_("申请日期"))
    host = _user_fk(_("听证主持人"))
    clerk = models.CharField(_("记录员"), max_length=50, blank=True)
    members = models.CharField(_("听证员"), max_length=100, blank=True)
    scheduled_at = models.DateTimeField(_("听证时间"), null=True, blank=True)
    place = models.CharField(_("听证地点"), max_length=200, blank=True)
    public = models.BooleanField(_("公开举行"), default=True)
    notified_on = models.DateField(_("通知日期"), null=True, blank=True)
    notice_number = models.CharField(_("听证通知书文号"), max_length=100, blank=True)
    arranged_by = _user_fk(_("组织人"))
    held_on = models.DateField(_("举行日期"), null=True, blank=True)
    party_attended = models.BooleanField(_("当事人到场"), null=True, blank=True)
    record = models.TextField(_("听证笔录摘要"), blank=True)
    host_opinion = models.TextField(_("听证报告意见"), blank=True)

    class Meta:
        verbose_name = _("听证")
        verbose_name_plural = _("听证")
        ordering = ["requested_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "round"], name="hearing_once_per_round"
            )
        ]

    def __str__(self):
        return _("听证 %(case)s") % {"case": self.case}


class PenaltyLine(models.Model):
    """One penalty for one violation: proposed in the report, copied into the notice,
    then decided. Fines carry the circumstance and the discretion rule applied."""

    class Stage(models.TextChoices):
        PROPOSED = "proposed", _("拟处罚")
        NOTICED = "noticed", _("已告知")
        DECIDED = "decided", _("决定")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="penalty_lines"
    )
    stage = models.CharField(_("阶段"), max_length=10, choices=Stage.choices)
    position = models.PositiveSmallIntegerField(_("序号"), default=1)
    violation_type = models.ForeignKey(
        "enforcement.ViolationType",
        verbose_name=_("违法行为类型"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("处罚种类"), max_length=24, choices=PenaltyKind.choices)
    amount = models.DecimalField(
        _("金额（元）"), max_digits=14, decimal_places=2, default=0
    )
    description = models.CharField(
        _("内容"),
        max_length=300,
        blank=True,
        help_text=_("没收的物品、停产停业期限等。"),
    )
    licence = models.ForeignKey(
        "licensing.Licence",
        verbose_name=_("吊销的许可证"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    legal_basis = models.CharField(_("处罚依据"), max_length=300)
    circumstance = models.CharField(
        _("裁量情节"), max_length=12, choices=Circumstance.choices, blank=True
    )
    discretion_rule = models.ForeignKey(
        "enforcement.DiscretionRule",
        verbose_name=_("适用的裁量基准条目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("处罚内容")
        verbose_name_plural = _("处罚内容")
        ordering = ["stage", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="penalty_line_amount_not_negative",
                violation_error_message=_("金额不能为负数。"),
            )
        ]

    def __str__(self):
        return self.summary

    @property
    def summary(self) -> str:
        """How the line reads on a paper: 罚款人民币50,000.00元. Papers are made in
        Chinese (documents.language); a screen in English gets it in English."""
        from chinese_formats.formats import money_cn

        label = PenaltyKind(self.kind).label
        if self.kind == PenaltyKind.FINE:
            return _("罚款人民币%(amount)s") % {"amount": money_cn(self.amount)}
        if self.kind == PenaltyKind.CONFISCATION:
            gains = {"amount": money_cn(self.amount), "items": self.description}
            if self.amount and self.description:
                return _("没收违法所得人民币%(amount)s，没收%(items)s") % gains
            if self.amount:
                return _("没收违法所得人民币%(amount)s") % gains
            if self.description:
                return _("没收%(items)s") % gains
            return str(label)
        if self.kind == PenaltyKind.LICENCE_REVOCATION and self.licence_id:
            return _("吊销%(kind)s（编号%(number)s）") % {
                "kind": self.licence.get_kind_display(),
                "number": self.licence.number,
            }
        if self.description:
            return _("%(label)s（%(description)s）") % {
                "label": label,
                "description": self.description,
            }
        return str(label)


class PaymentArrangement(models.Model):
    """暂缓或者分期缴纳 (行政处罚法 Art. 66 para 2), applied for and approved."""

    class Kind(models.TextChoices):
        DEFERRAL = "deferral", _("延期缴纳")
        INSTALMENTS = "instalments", _("分期缴纳")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="payment_arrangements"
    )
    kind = models.CharField(_("方式"), max_length=12, choices=Kind.choices)
    applied_on = models.DateField(_("申请日期"))
    reason = models.TextField(_("申请理由"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField(_("批准日期"))

    class Meta:
        verbose_name = _("延期、分期缴纳")
        verbose_name_plural = _("延期、分期缴纳")
        ordering = ["approved_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.approved_on}"


class Instalment(models.Model):
    arrangement = models.ForeignKey(
        PaymentArrangement, on_delete=models.CASCADE, related_name="instalments"
    )
    due_on = models.DateField(_("缴纳期限"))
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("分期")
        verbose_name_plural = _("分期")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="instalment_amount_positive",
                violation_error_message=_("每期金额须大于零。"),
            )
        ]

    def __str__(self):
        return f"{self.due_on} {self.amount}"


class Payment(models.Model):
    """Money received for the case: fines, confiscated gains and late surcharge."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="payments")
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("缴款日期"))
    receipt_number = models.CharField(_("缴款凭证号"), max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("缴款")
        verbose_name_plural = _("缴款")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="payment_amount_positive",
                violation_error_message=_("缴款金额须大于零。"),
            )
        ]

    def __str__(self):
        return f"{self.paid_on} {self.amount}"


class CaseAlert(models.Model):
    """A warning before a case clock runs out, or its escalation once it has; raised
    by `workflow_timers`, once per clock, due date and level."""

    class Level(models.TextChoices):
        WARNING = "warning", _("即将到期")
        OVERDUE = "overdue", _("已逾期")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="alerts")
    clock = models.CharField(_("期限"), max_length=24)
    label = models.CharField(_("名称"), max_length=100)
    due_on = models.DateField(_("期限届满日"))
    level = models.CharField(_("级别"), max_length=8, choices=Level.choices)
    raised_at = models.DateTimeField(_("提醒时间"), default=timezone.now)

    class Meta:
        verbose_name = _("期限提醒")
        verbose_name_plural = _("期限提醒")
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "clock", "due_on", "level"],
                name="case_alert_once",
            )
        ]

    def __str__(self):
        return f"{self.case} {self.label} {self.get_level_display()}"


class CaseEvent(models.Model):
    """Audit trail of a case: who did what, when, from which state to which, and why."""

    # PROTECT: a case with history is never deleted (its events and audit entries).
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("操作"), max_length=40)
    from_state = models.CharField(_("原状态"), max_length=24, blank=True)
    to_state = models.CharField(_("新状态"), max_length=24, blank=True)
    actor = _user_fk(_("操作人"))
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("案件办理记录")
        verbose_name_plural = _("案件办理记录")
        ordering = ["occurred_at", "id"]

    def __str__(self):
        return f"{self.action} {self.occurred_at:%Y-%m-%d}"

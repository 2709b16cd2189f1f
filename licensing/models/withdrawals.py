"""Withdrawal records: a revocation (撤销), a cancellation (注销) and a referral of
province-issued licences to the provincial bureau (上报省局注销).

Each record's state moves only through its transitions; the flows in `workflows/` decide
when, the services in `licensing.withdrawal_services` lock, check and record.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from ..grounds import CancellationGround, RevocationGround


class FSMCleanMixin:
    """Model.clean_fields re-assigns every field, which protected FSM fields forbid;
    states are guarded by the transitions instead."""

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude={*(exclude or ()), "state"})


class WithdrawalPolicy(models.Model):
    """Periods the bureau sets for licence withdrawals; one row, edited in the admin."""

    statement_working_days = models.PositiveSmallIntegerField(
        _("陈述申辩期限（工作日）"), default=5
    )
    publicity_working_days = models.PositiveSmallIntegerField(
        _("公示期限（工作日）"),
        default=7,
        help_text=_("“双公示”：行政许可决定作出之日起7个工作日内公示。"),
    )
    province_reply_working_days = models.PositiveSmallIntegerField(
        _("省局答复催办期限（工作日）"), default=20
    )
    review_working_days = models.PositiveSmallIntegerField(
        _("审核、审批办理时限（工作日）"), default=5
    )

    class Meta:
        verbose_name = _("撤销注销期限设置")
        verbose_name_plural = _("撤销注销期限设置")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "WithdrawalPolicy":
        policy = cls.objects.order_by("pk").first()
        return policy or cls.objects.create()


class RevocationState(models.TextChoices):
    DRAFTED = "drafted", _("待告知")
    AWAITING_STATEMENT = "awaiting_statement", _("陈述申辩期")
    IN_REVIEW = "in_review", _("法制审核")
    RETURNED = "returned", _("退回承办人")
    AWAITING_APPROVAL = "awaiting_approval", _("待局负责人审批")
    APPROVED = "approved", _("已批准")
    DECIDED = "decided", _("决定书已作出")
    SERVED = "served", _("已送达，待公示")
    CLOSED = "closed", _("已办结")
    ABANDONED = "abandoned", _("已终止")


# A licence in one of these is in a withdrawal and cannot enter a second one. From SERVED
# on, the cancellation that follows the revocation belongs to the same withdrawal.
REVOCATION_BLOCKING_STATES = [
    RevocationState.DRAFTED,
    RevocationState.AWAITING_STATEMENT,
    RevocationState.IN_REVIEW,
    RevocationState.RETURNED,
    RevocationState.AWAITING_APPROVAL,
    RevocationState.APPROVED,
    RevocationState.DECIDED,
]


class Revocation(FSMCleanMixin, ConcurrentTransitionMixin, models.Model):
    """A revocation case (撤销行政许可, 行政许可法 Art. 69) against one licence."""

    licence = models.ForeignKey(
        "licensing.Licence",
        verbose_name=_("许可证"),
        on_delete=models.PROTECT,
        related_name="revocations",
    )
    ground = models.CharField(
        _("撤销情形"), max_length=40, choices=RevocationGround.choices
    )
    facts = models.TextField(_("事实与理由"))
    evidence = models.TextField(_("证据"), help_text=_("证据名称及来源，逐项列明。"))
    initiated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("立案时间"), default=timezone.now)
    state = FSMField(
        _("状态"),
        max_length=24,
        choices=RevocationState.choices,
        default=RevocationState.DRAFTED,
        protected=True,
        db_index=True,
    )
    notice_document_number = models.CharField(
        _("撤销告知书文号"), max_length=100, blank=True
    )
    notice_issued_on = models.DateField(_("告知书制发日期"), null=True, blank=True)
    notice_served_on = models.DateField(_("告知送达日期"), null=True, blank=True)
    notice_service_method = models.CharField(
        _("告知送达方式"), max_length=20, blank=True
    )
    statement_due = models.DateField(_("陈述申辩截止日"), null=True, blank=True)
    statement = models.TextField(_("陈述申辩意见"), blank=True)
    statement_received_on = models.DateField(_("陈述申辩日期"), null=True, blank=True)
    statement_lapsed = models.BooleanField(_("逾期未陈述申辩"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("法制审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_opinion = models.TextField(_("法制审核意见"), blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approval_opinion = models.TextField(_("审批意见"), blank=True)
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    returned_reason = models.TextField(_("退回理由"), blank=True)
    times_returned = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    decision_number = models.CharField(_("决定书文号"), max_length=100, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_served_on = models.DateField(_("决定书送达日期"), null=True, blank=True)
    decision_service_method = models.CharField(
        _("决定书送达方式"), max_length=20, blank=True
    )
    publicity_due = models.DateField(_("公示截止日"), null=True, blank=True)
    published_on = models.DateField(_("公示日期"), null=True, blank=True)
    publicity_reference = models.CharField(
        _("公示网址或编号"), max_length=255, blank=True
    )

    class Meta:
        verbose_name = _("撤销案件")
        verbose_name_plural = _("撤销案件")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("review_withdrawal", _("法制审核撤销、注销事项")),
            ("approve_withdrawal", _("审批撤销、注销事项")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["licence"],
                condition=models.Q(state__in=REVOCATION_BLOCKING_STATES),
                name="one_open_revocation_per_licence",
                violation_error_message=_("该许可证已有正在办理的撤销案件。"),
            )
        ]

    def __str__(self):
        return _("撤销 %(licence)s") % {"licence": self.licence}

    @transition(field=state, source=RevocationState.DRAFTED, target=None)
    def record_notice(self, *, number: str, issued_on) -> None:
        """The 撤销行政许可告知书 was issued; it is served next."""
        self.notice_document_number = number
        self.notice_issued_on = issued_on

    @transition(
        field=state,
        source=RevocationState.DRAFTED,
        target=RevocationState.AWAITING_STATEMENT,
    )
    def serve_notice(self, *, served_on, service_method: str, statement_due) -> None:
        self.notice_served_on = served_on
        self.notice_service_method = service_method
        self.statement_due = statement_due

    @transition(
        field=state,
        source=RevocationState.AWAITING_STATEMENT,
        target=RevocationState.IN_REVIEW,
    )
    def record_statement(self, *, statement: str, received_on) -> None:
        self.statement = statement
        self.statement_received_on = received_on
        self.statement_lapsed = False

    @transition(
        field=state,
        source=RevocationState.AWAITING_STATEMENT,
        target=RevocationState.IN_REVIEW,
    )
    def close_statement_window(self) -> None:
        self.statement_lapsed = True

    @transition(
        field=state,
        source=RevocationState.IN_REVIEW,
        target=RevocationState.AWAITING_APPROVAL,
    )
    def pass_review(self, *, reviewer, opinion: str) -> None:
        self.reviewed_by = reviewer
        self.review_opinion = opinion
        self.reviewed_at = timezone.now()

    @transition(
        field=state,
        source=[RevocationState.IN_REVIEW, RevocationState.AWAITING_APPROVAL],
        target=RevocationState.RETURNED,
    )
    def return_to_initiator(self, *, reason: str) -> None:
        self.returned_reason = reason
        self.times_returned += 1

    @transition(
        field=state, source=RevocationState.RETURNED, target=RevocationState.IN_REVIEW
    )
    def resubmit(self, *, facts: str, evidence: str) -> None:
        self.facts = facts
        self.evidence = evidence

    @transition(
        field=state,
        source=RevocationState.AWAITING_APPROVAL,
        target=RevocationState.APPROVED,
    )
    def approve(self, *, approver, opinion: str) -> None:
        self.approved_by = approver
        self.approval_opinion = opinion
        self.approved_at = timezone.now()

    @transition(
        field=state, source=RevocationState.APPROVED, target=RevocationState.DECIDED
    )
    def record_decision(self, *, number: str, decided_on, publicity_due) -> None:
        self.decision_number = number
        self.decided_on = decided_on
        self.publicity_due = publicity_due

    @transition(
        field=state, source=RevocationState.DECIDED, target=RevocationState.SERVED
    )
    def record_service(self, *, served_on, service_method: str) -> None:
        self.decision_served_on = served_on
        self.decision_service_method = service_method

    @transition(
        field=state, source=RevocationState.SERVED, target=RevocationState.CLOSED
    )
    def record_publicity(self, *, published_on, reference: str) -> None:
        self.published_on = published_on
        self.publicity_reference = reference

    @transition(
        field=state,
        source=[
            RevocationState.DRAFTED,
            RevocationState.AWAITING_STATEMENT,
            RevocationState.IN_REVIEW,
            RevocationState.RETURNED,
        ],
        target=RevocationState.ABANDONED,
    )
    def abandon(self, *, reason: str) -> None:
        self.returned_reason = reason


class ReferralState(models.TextChoices):
    DRAFTED = "drafted", _("待制发")
    ISSUED = "issued", _("已制发，待报送")
    SENT = "sent", _("已报送，待省局答复")
    ANSWERED = "answered", _("省局已全部答复")


class Referral(FSMCleanMixin, ConcurrentTransitionMixin, models.Model):
    """One letter (上报省局注销函) referring one or more licences to their issuing
    authority for cancellation; each referred cancellation waits for its own answer."""

    to_authority = models.ForeignKey(
        "organisation.OrganisationUnit",
        verbose_name=_("报送机关"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    initiated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    state = FSMField(
        _("状态"),
        max_length=16,
        choices=ReferralState.choices,
        default=ReferralState.DRAFTED,
        protected=True,
    )
    letter_number = models.CharField(_("函件文号"), max_length=100, blank=True)
    issued_on = models.DateField(_("制发日期"), null=True, blank=True)
    sent_on = models.DateField(_("报送日期"), null=True, blank=True)
    sent_method = models.CharField(_("报送方式"), max_length=40, blank=True)
    reply_due = models.DateField(_("答复催办日"), null=True, blank=True)
    follow_up_on = models.DateField(_("催办日期"), null=True, blank=True)
    follow_up_note = models.TextField(_("催办情况"), blank=True)
    answered_on = models.DateField(_("全部答复日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("上报省局注销")
        verbose_name_plural = _("上报省局注销")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.letter_number or _("上报省局注销 #%(pk)s") % {"pk": self.pk}

    @transition(field=state, source=ReferralState.DRAFTED, target=ReferralState.ISSUED)
    def issue(self, *, number: str, issued_on) -> None:
        self.letter_number = number
        self.issued_on = issued_on

    @transition(field=state, source=ReferralState.ISSUED, target=ReferralState.SENT)
    def send(self, *, sent_on, service_method: str, reply_due) -> None:
        self.sent_on = sent_on
        self.sent_method = service_method
        self.reply_due = reply_due

    @transition(field=state, source=ReferralState.SENT, target=None)
    def record_follow_up(self, *, followed_up_on, note: str) -> None:
        self.follow_up_on = followed_up_on
        self.follow_up_note = note

    @transition(field=state, source=ReferralState.SENT, target=ReferralState.ANSWERED)
    def complete(self, *, answered_on) -> None:
        """Called by the service once every referred cancellation has its answer."""
        self.answered_on = answered_on


class CancellationState(models.TextChoices):
    PENDING = "pending", _("待注销")
    REFERRED = "referred", _("上报省局办理中")
    CANCELLED = "cancelled", _("已注销，待公示")
    CLOSED = "closed", _("已办结")
    REJECTED = "rejected", _("省局不予注销")
    ABANDONED = "abandoned", _("已终止")


CANCELLATION_OPEN_STATES = [
    CancellationState.PENDING,
    CancellationState.REFERRED,
    CancellationState.CANCELLED,
]


def _licence_is_local(cancellation: "Cancellation") -> bool:
    return cancellation.licence.is_locally_issued


def _licence_is_external(cancellation: "Cancellation") -> bool:
    return not cancellation.licence.is_locally_issued


class Cancellation(FSMCleanMixin, ConcurrentTransitionMixin, models.Model):
    """A cancellation (注销, 行政许可法 Art. 70) of one licence: done here when this
    bureau issued it, referred to the issuing authority otherwise."""

    licence = models.ForeignKey(
        "licensing.Licence",
        verbose_name=_("许可证"),
        on_delete=models.PROTECT,
        related_name="cancellations",
    )
    ground = models.CharField(
        _("注销情形"), max_length=40, choices=CancellationGround.choices
    )
    reason = models.TextField(_("注销理由"))
    initiated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    origin_revocation = models.ForeignKey(
        Revocation,
        verbose_name=_("所依据的撤销案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cancellations",
    )
    referral = models.ForeignKey(
        Referral,
        verbose_name=_("上报函"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cancellations",
    )
    state = FSMField(
        _("状态"),
        max_length=16,
        choices=CancellationState.choices,
        default=CancellationState.PENDING,
        protected=True,
        db_index=True,
    )
    notice_number = models.CharField(_("注销通知书文号"), max_length=100, blank=True)
    cancelled_on = models.DateField(_("注销日期"), null=True, blank=True)
    publicity_due = models.DateField(_("公示截止日"), null=True, blank=True)
    published_on = models.DateField(_("公示日期"), null=True, blank=True)
    publicity_reference = models.CharField(
        _("公示网址或编号"), max_length=255, blank=True
    )
    province_decision_number = models.CharField(
        _("省局决定文号"), max_length=100, blank=True
    )
    province_decided_on = models.DateField(_("省局决定日期"), null=True, blank=True)
    province_rejection_reason = models.TextField(_("省局不予注销理由"), blank=True)
    decision_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("注销")
        verbose_name_plural = _("注销")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["licence"],
                condition=models.Q(state__in=CANCELLATION_OPEN_STATES),
                name="one_open_cancellation_per_licence",
                violation_error_message=_("该许可证已有正在办理的注销。"),
            )
        ]

    def __str__(self):
        return _("注销 %(licence)s") % {"licence": self.licence}

    @transition(
        field=state,
        source=CancellationState.PENDING,
        target=CancellationState.REFERRED,
        conditions=[_licence_is_external],
    )
    def refer(self, *, referral: Referral) -> None:
        self.referral = referral

    @transition(
        field=state,
        source=CancellationState.PENDING,
        target=CancellationState.CANCELLED,
        conditions=[_licence_is_local],
    )
    def cancel_locally(
        self, *, notice_number: str, cancelled_on, publicity_due
    ) -> None:
        self.notice_number = notice_number
        self.cancelled_on = cancelled_on
        self.publicity_due = publicity_due

    @transition(
        field=state, source=CancellationState.CANCELLED, target=CancellationState.CLOSED
    )
    def record_publicity(self, *, published_on, reference: str) -> None:
        self.published_on = published_on
        self.publicity_reference = reference

    @transition(
        field=state, source=CancellationState.REFERRED, target=CancellationState.CLOSED
    )
    def record_province_acceptance(
        self, *, number: str, decided_on, recorded_by
    ) -> None:
        self.province_decision_number = number
        self.province_decided_on = decided_on
        self.cancelled_on = decided_on
        self.decision_recorded_by = recorded_by

    @transition(
        field=state,
        source=CancellationState.REFERRED,
        target=CancellationState.REJECTED,
    )
    def record_province_rejection(
        self, *, reason: str, decided_on, recorded_by
    ) -> None:
        self.province_rejection_reason = reason
        self.province_decided_on = decided_on
        self.decision_recorded_by = recorded_by

    @transition(
        field=state,
        source=CancellationState.PENDING,
        target=CancellationState.ABANDONED,
    )
    def abandon(self, *, reason: str) -> None:
        self.reason = f"{self.reason}\n终止：{reason}"


class WithdrawalEvent(models.Model):
    """Audit trail of withdrawal records: who did what, when and why."""

    # PROTECT: records with history are never deleted (issue 13).
    licence = models.ForeignKey(
        "licensing.Licence", on_delete=models.PROTECT, related_name="withdrawal_events"
    )
    revocation = models.ForeignKey(
        Revocation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    cancellation = models.ForeignKey(
        Cancellation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=40)
    from_state = models.CharField(_("原状态"), max_length=24, blank=True)
    to_state = models.CharField(_("新状态"), max_length=24, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("撤销注销办理记录")
        verbose_name_plural = _("撤销注销办理记录")
        ordering = ["occurred_at", "id"]

    def __str__(self):
        return f"{self.action} {self.occurred_at:%Y-%m-%d}"

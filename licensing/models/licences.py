from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from organisation.models import OrganisationUnit

from ..numbers import validate_licence_number


class LicenceKind(models.TextChoices):
    FOOD_PRODUCTION = "food_production", _("食品生产许可证")
    INDUSTRIAL_PRODUCT = "industrial_product", _("工业产品生产许可证")


class LicenceState(models.TextChoices):
    VALID = "valid", _("有效")
    EXPIRED = "expired", _("已过期")
    REVOKED = "revoked", _("已撤销")
    WITHDRAWN = "withdrawn", _("已撤回")
    PENALTY_REVOKED = "penalty_revoked", _("已吊销")
    CANCELLED = "cancelled", _("已注销")


# States from which the closing formality (注销) is due (行政许可法 Art. 70).
CANCELLABLE_STATES = [
    LicenceState.VALID,
    LicenceState.EXPIRED,
    LicenceState.REVOKED,
    LicenceState.WITHDRAWN,
    LicenceState.PENALTY_REVOKED,
]


def _is_locally_issued(licence: "Licence") -> bool:
    return not licence.issuing_authority.is_external


def _is_issued_by_external_authority(licence: "Licence") -> bool:
    return licence.issuing_authority.is_external


def _validity_has_ended(licence: "Licence") -> bool:
    return licence.valid_until < timezone.localdate()


class Licence(ConcurrentTransitionMixin, models.Model):
    """A production licence. Its state changes only through the transitions below, which
    `licensing.services` calls with the lock, the permission check and the audit row."""

    number = models.CharField(
        _("许可证编号"),
        max_length=40,
        unique=True,
        validators=[validate_licence_number],
    )
    kind = models.CharField(_("许可证种类"), max_length=32, choices=LicenceKind.choices)
    holder = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("持证主体"),
        on_delete=models.PROTECT,
        related_name="licences",
    )
    issuing_authority = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("发证机关"),
        on_delete=models.PROTECT,
        related_name="issued_licences",
    )
    product = models.CharField(_("食品类别／产品名称"), max_length=200)
    issued_on = models.DateField(_("发证日期"))
    valid_until = models.DateField(_("有效期至"))
    state = FSMField(
        _("状态"),
        max_length=20,
        choices=LicenceState.choices,
        default=LicenceState.VALID,
        protected=True,
        db_index=True,
    )
    state_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    state_reason = models.TextField(_("状态变更理由"), blank=True)
    state_ground = models.CharField(_("法定情形"), max_length=40, blank=True)
    state_reference = models.CharField(
        _("决定文号"),
        max_length=100,
        blank=True,
        help_text=_("撤销、吊销、注销决定的文号。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("许可证")
        verbose_name_plural = _("许可证")
        ordering = ["number"]
        permissions = [
            ("revoke_licence", _("撤销许可证")),
            ("withdraw_licence", _("撤回许可证")),
            ("revoke_licence_as_penalty", _("吊销许可证（行政处罚）")),
            ("cancel_licence", _("注销本局核发的许可证")),
            ("record_province_decision", _("登记省局注销决定")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("issued_on")),
                name="licence_validity_after_issue",
                violation_error_message=_("有效期截止日期不能早于发证日期。"),
            )
        ]

    def __str__(self):
        return self.number

    def clean_fields(self, exclude=None):
        # Model.clean_fields re-assigns every field, which the protected state field
        # forbids; the state is guarded by the transitions instead.
        super().clean_fields(exclude={*(exclude or ()), "state"})

    @property
    def is_locally_issued(self) -> bool:
        return _is_locally_issued(self)

    @property
    def is_cancellable(self) -> bool:
        """Still to be cancelled (注销): valid, expired, or revoked / withdrawn /
        revoked as a penalty (行政许可法 Art. 70)."""
        return self.state in CANCELLABLE_STATES

    def _record(self, *, reason: str, ground: str = "", reference: str = "") -> None:
        self.state_changed_at = timezone.now()
        self.state_reason = reason
        self.state_ground = ground
        self.state_reference = reference

    @transition(
        field=state,
        source=LicenceState.VALID,
        target=LicenceState.REVOKED,
        conditions=[_is_locally_issued],
        permission="licensing.revoke_licence",
        custom={"label": _("撤销")},
    )
    def revoke(self, *, reason: str, ground: str, reference: str = "") -> None:
        """撤销 an unlawfully granted licence (行政许可法 Art. 69)."""
        self._record(reason=reason, ground=ground, reference=reference)

    @transition(
        field=state,
        source=LicenceState.VALID,
        target=LicenceState.WITHDRAWN,
        conditions=[_is_locally_issued],
        permission="licensing.withdraw_licence",
        custom={"label": _("撤回")},
    )
    def withdraw(self, *, reason: str, ground: str, reference: str = "") -> None:
        """撤回 for changed law or circumstances (行政许可法 Art. 8)."""
        self._record(reason=reason, ground=ground, reference=reference)

    @transition(
        field=state,
        source=LicenceState.VALID,
        target=LicenceState.PENALTY_REVOKED,
        permission="licensing.revoke_licence_as_penalty",
        custom={"label": _("吊销")},
    )
    def revoke_as_penalty(
        self, *, reason: str, reference: str, ground: str = ""
    ) -> None:
        """吊销 is an administrative penalty (行政处罚法 Art. 9): only a penalty decision
        moves a licence here, and its decision number is the reference."""
        self._record(reason=reason, ground=ground, reference=reference)

    @transition(
        field=state,
        source=LicenceState.VALID,
        target=LicenceState.EXPIRED,
        conditions=[_validity_has_ended],
        custom={"label": _("到期")},
    )
    def expire(self) -> None:
        self._record(reason="有效期届满", ground="expired")

    @transition(
        field=state,
        source=CANCELLABLE_STATES,
        target=LicenceState.CANCELLED,
        conditions=[_is_locally_issued],
        permission="licensing.cancel_licence",
        custom={"label": _("注销")},
    )
    def cancel(self, *, reason: str, ground: str, reference: str = "") -> None:
        """注销 by this bureau, the issuing authority (行政许可法 Art. 70)."""
        self._record(reason=reason, ground=ground, reference=reference)

    @transition(
        field=state,
        source=CANCELLABLE_STATES,
        target=LicenceState.CANCELLED,
        conditions=[_is_issued_by_external_authority],
        permission="licensing.record_province_decision",
        custom={"label": _("登记省局注销决定")},
    )
    def record_external_cancellation(
        self, *, reason: str, ground: str, reference: str
    ) -> None:
        """Only the issuing authority cancels: for a province-issued licence this records
        the province's decision (its number is the reference)."""
        self._record(reason=reason, ground=ground, reference=reference)


class LicenceEvent(models.Model):
    """Audit trail: every transition of a licence, who made it, when and why."""

    licence = models.ForeignKey(
        # PROTECT: a licence with history is never deleted (issue 13).
        Licence,
        on_delete=models.PROTECT,
        related_name="events",
    )
    transition = models.CharField(_("操作"), max_length=40)
    from_state = models.CharField(
        _("原状态"), max_length=20, choices=LicenceState.choices
    )
    to_state = models.CharField(
        _("新状态"), max_length=20, choices=LicenceState.choices
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now)
    reason = models.TextField(_("理由"), blank=True)
    ground = models.CharField(_("法定情形"), max_length=40, blank=True)
    reference = models.CharField(_("文号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("许可证变更记录")
        verbose_name_plural = _("许可证变更记录")
        ordering = ["occurred_at", "id"]

    def __str__(self):
        return f"{self.licence} {self.from_state}→{self.to_state}"

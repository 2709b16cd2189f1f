from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task

from deadlines.calendar import NATURAL, WORKING

from .licence_withdrawal.models import (  # noqa: F401  (process proxies)
    LicenceCancellationProcess,
    LicenceRevocationProcess,
    ProvinceReferralProcess,
)
from .online_cleanup.models import ListingCleanupProcess  # noqa: F401
from .penalty_case.models import (  # noqa: F401  (process proxies)
    PenaltyCaseProcess,
    SummaryPenaltyProcess,
)


class TaskDeadline(models.Model):
    """The deadline of a human task, computed by the calendar when the task is created.
    Inboxes sort and mark by it; `workflow_timers` escalates the overdue ones."""

    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="deadline")
    due_on = models.DateField(_("期限"), db_index=True)
    unit = models.CharField(
        _("计算单位"),
        max_length=8,
        choices=[(WORKING, _("工作日")), (NATURAL, _("自然日"))],
    )
    basis = models.CharField(_("依据"), max_length=200)
    estimated = models.BooleanField(_("按周一至周五估算"), default=False)
    paused = models.BooleanField(
        _("计时中止"),
        default=False,
        help_text=_("期限所属的时限中止计算（如中止调查、听证期间），不会逾期。"),
    )
    escalated_at = models.DateTimeField(_("逾期上报时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("办理期限")
        verbose_name_plural = _("办理期限")

    def __str__(self):
        return f"{self.task_id} → {self.due_on}"

from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from online_cleanup.models import LeadState, ListingLead


class ListingCleanupProcess(Process):
    class Meta:
        proxy = True
        verbose_name = _("网络清理流程")
        verbose_name_plural = _("网络清理流程")

    # Read by gateways as `act.process.<name>`: properties, not methods.

    @property
    def lead(self) -> ListingLead:
        record = self.artifact
        record.refresh_from_db()
        return record

    @property
    def is_local(self) -> bool:
        return self.lead.state == LeadState.IDENTIFIED

    @property
    def is_escalated(self) -> bool:
        return self.lead.state == LeadState.ESCALATED

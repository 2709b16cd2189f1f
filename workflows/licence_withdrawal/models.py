"""Process proxies of the licence withdrawal flows. The domain record is the process
artifact; the small decision methods below are what the flows' gateways read."""

from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from licensing.models import Cancellation, Referral, Revocation, RevocationState


class LicenceRevocationProcess(Process):
    class Meta:
        proxy = True
        verbose_name = _("撤销行政许可流程")
        verbose_name_plural = _("撤销行政许可流程")

    # Gateways read these as `act.process.<name>`, which takes the attribute as it is:
    # they must be properties, not methods.

    @property
    def revocation(self) -> Revocation:
        record = self.artifact
        record.refresh_from_db()
        return record

    @property
    def is_awaiting_approval(self) -> bool:
        return self.revocation.state == RevocationState.AWAITING_APPROVAL

    @property
    def is_approved(self) -> bool:
        return self.revocation.state == RevocationState.APPROVED


class LicenceCancellationProcess(Process):
    class Meta:
        proxy = True
        verbose_name = _("注销行政许可流程")
        verbose_name_plural = _("注销行政许可流程")

    @property
    def cancellation(self) -> Cancellation:
        return self.artifact

    @property
    def is_local(self) -> bool:
        return self.cancellation.licence.is_locally_issued


class ProvinceReferralProcess(Process):
    class Meta:
        proxy = True
        verbose_name = _("上报省局注销流程")
        verbose_name_plural = _("上报省局注销流程")

    @property
    def referral(self) -> Referral:
        return self.artifact

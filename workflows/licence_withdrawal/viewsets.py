from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow import Icon
from viewflow.urls import Application, AppMenuMixin, Viewset

from workflows.process_lists import BureauFlowViewset

from .flows import LicenceCancellationFlow, LicenceRevocationFlow, ProvinceReferralFlow
from .pages import BulkCancellationView, ReferralDetailView, ReferralListView

WITHDRAWAL_FLOW_VIEWSETS = [
    BureauFlowViewset(LicenceRevocationFlow, icon="gavel"),
    BureauFlowViewset(LicenceCancellationFlow, icon="block"),
    BureauFlowViewset(ProvinceReferralFlow, icon="send"),
]


class BulkCancellationViewset(AppMenuMixin, Viewset):
    title = _("批量注销／上报省局")
    icon = Icon("playlist_add_check")
    app_name = "bulk"

    def has_view_permission(self, user, obj=None):
        return user.has_perm("licensing.cancel_licence")

    @property
    def index_path(self):
        return path("", BulkCancellationView.as_view(viewset=self), name="index")


class ReferralViewset(AppMenuMixin, Viewset):
    title = _("上报省局注销函")
    icon = Icon("outgoing_mail")
    app_name = "referral"

    def has_view_permission(self, user, obj=None):
        return user.has_perm("licensing.view_referral")

    @property
    def index_path(self):
        return path("", ReferralListView.as_view(viewset=self), name="index")

    @property
    def detail_path(self):
        return path(
            "<int:pk>/", ReferralDetailView.as_view(viewset=self), name="detail"
        )


class WithdrawalDeskApp(Application):
    app_name = "withdrawals"
    title = _("撤销与注销")
    icon = Icon("assignment_return")
    viewsets = [BulkCancellationViewset(), ReferralViewset()]

    def has_view_permission(self, user, obj=None):
        return user.has_perm("licensing.view_referral") or user.has_perm(
            "licensing.cancel_licence"
        )

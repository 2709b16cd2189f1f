from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow import Icon
from viewflow.urls import Application, AppMenuMixin, Viewset

from online_cleanup.views import (
    EvidenceDownloadView,
    ListingLeadDetailView,
    ListingLeadListView,
)
from workflows.online_cleanup.pages import ListingImportView, ListingLeadRegisterView

from .views import CampaignDetailView, CampaignListView, OfflineClearanceRecordView


class CampaignViewset(AppMenuMixin, Viewset):
    app_name = "campaign"
    title = _("专项行动")
    icon = Icon("campaign")

    def has_view_permission(self, user, obj=None):
        return user.has_perm("campaigns.view_campaign")

    index_path = path("", CampaignListView.as_view(), name="index")
    detail_path = path("<int:pk>/", CampaignDetailView.as_view(), name="detail")
    clearance_path = path(
        "<int:pk>/offline-clearance/",
        OfflineClearanceRecordView.as_view(),
        name="clearance",
    )


class ListingLeadViewset(AppMenuMixin, Viewset):
    app_name = "lead"
    title = _("网络监测线索")
    icon = Icon("travel_explore")

    def has_view_permission(self, user, obj=None):
        return user.has_perm("online_cleanup.view_listinglead")

    index_path = path("", ListingLeadListView.as_view(), name="index")
    add_path = path("add/", ListingLeadRegisterView.as_view(), name="add")
    import_path = path("import/", ListingImportView.as_view(), name="import")
    detail_path = path("<int:pk>/", ListingLeadDetailView.as_view(), name="detail")
    evidence_path = path(
        "<int:pk>/evidence/<int:capture_pk>/",
        EvidenceDownloadView.as_view(),
        name="evidence",
    )


class CampaignsApp(Application):
    app_name = "campaigns"
    title = _("专项行动")
    icon = Icon("campaign")
    viewsets = [CampaignViewset(), ListingLeadViewset()]

    def has_view_permission(self, user, obj=None):
        return user.has_perm("campaigns.view_campaign")

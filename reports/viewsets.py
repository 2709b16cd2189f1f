from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow import Icon
from viewflow.urls import Application, AppMenuMixin, Viewset

from .views import (
    AnnualReportIssueView,
    AnnualReportPreviewView,
    AnnualReportView,
    DashboardView,
    RecordListView,
)


class DashboardViewset(AppMenuMixin, Viewset):
    app_name = "dashboard"
    title = _("管理看板")
    icon = Icon("insights")

    def has_view_permission(self, user, obj=None):
        return user.has_perm("reports.view_dashboards")

    @property
    def index_path(self):
        return path("", DashboardView.as_view(viewset=self), name="index")


class AnnualReportViewset(AppMenuMixin, Viewset):
    app_name = "annual"
    title = _("年度工作报告")
    icon = Icon("summarize")

    def has_view_permission(self, user, obj=None):
        return user.has_perm("reports.view_annualreport")

    @property
    def index_path(self):
        return path("", AnnualReportView.as_view(viewset=self), name="index")

    @property
    def preview_path(self):
        return path(
            "preview/", AnnualReportPreviewView.as_view(viewset=self), name="preview"
        )

    @property
    def issue_path(self):
        return path("issue/", AnnualReportIssueView.as_view(viewset=self), name="issue")


class RecordsViewset(Viewset):
    """The records behind a figure; reached from the figures, not from the menu."""

    app_name = "records"
    title = _("统计明细")

    @property
    def index_path(self):
        return path("<slug:kind>/", RecordListView.as_view(viewset=self), name="index")


class ReportsApp(Application):
    app_name = "reports"
    title = _("统计报告")
    icon = Icon("bar_chart")
    viewsets = [DashboardViewset(), AnnualReportViewset(), RecordsViewset()]

    def has_view_permission(self, user, obj=None):
        return user.has_perm("reports.view_dashboards") or user.has_perm(
            "reports.view_annualreport"
        )

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow import Icon
from viewflow.urls import Application, AppMenuMixin, Viewset

from workflows.process_lists import BureauFlowViewset

from .flows import PenaltyCaseFlow, SummaryPenaltyFlow
from .pages import CaseActionView, CaseDetailView, CaseListView

PENALTY_FLOW_VIEWSETS = [
    BureauFlowViewset(PenaltyCaseFlow, icon="gavel"),
    BureauFlowViewset(SummaryPenaltyFlow, icon="bolt"),
]


class CaseViewset(AppMenuMixin, Viewset):
    title = _("行政处罚案件")
    icon = Icon("folder_open")
    app_name = "case"

    def has_view_permission(self, user, obj=None):
        return user.has_perm("enforcement.view_case")

    @property
    def index_path(self):
        return path("", CaseListView.as_view(viewset=self), name="index")

    @property
    def detail_path(self):
        return path("<int:pk>/", CaseDetailView.as_view(viewset=self), name="detail")

    @property
    def action_path(self):
        return path(
            "<int:pk>/<slug:name>/", CaseActionView.as_view(viewset=self), name="action"
        )


class CaseDeskApp(Application):
    app_name = "cases"
    title = _("案件办理")
    icon = Icon("balance")
    viewsets = [CaseViewset()]

    def has_view_permission(self, user, obj=None):
        return user.has_perm("enforcement.view_case")

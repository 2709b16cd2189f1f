from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow import Icon
from viewflow.urls import Application, AppMenuMixin, Viewset

from .views import HomeView, InboxView


class HomeViewset(AppMenuMixin, Viewset):
    title = _("我的工作台")
    icon = Icon("dashboard")
    index_path = path("", HomeView.as_view(), name="index")


class InboxViewset(AppMenuMixin, Viewset):
    """All of the user's tasks, paginated (the home page shows the first few)."""

    title = _("全部待办")
    icon = Icon("inbox")
    index_path = path("", InboxView.as_view(), name="index")


class WorkbenchApp(Application):
    app_name = "workbench"
    title = _("工作台")
    icon = Icon("work")
    viewsets = [HomeViewset(), InboxViewset()]

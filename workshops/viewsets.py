from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow import Icon
from viewflow.urls import Application, AppMenuMixin, Viewset

from .views import (
    WorkshopClosureDetailView,
    WorkshopClosureListView,
    WorkshopClosureRecordView,
)


class WorkshopClosureViewset(AppMenuMixin, Viewset):
    app_name = "closure"
    title = _("关停小作坊")
    icon = Icon("no_food")

    def has_view_permission(self, user, obj=None):
        return user.has_perm("workshops.view_workshopclosure")

    @property
    def index_path(self):
        return path("", WorkshopClosureListView.as_view(viewset=self), name="index")

    @property
    def add_path(self):
        return path("add/", WorkshopClosureRecordView.as_view(viewset=self), name="add")

    @property
    def detail_path(self):
        return path(
            "<int:pk>/", WorkshopClosureDetailView.as_view(viewset=self), name="detail"
        )


class WorkshopsApp(Application):
    app_name = "workshops"
    title = _("食品小作坊")
    icon = Icon("storefront")
    viewsets = [WorkshopClosureViewset()]

    def has_view_permission(self, user, obj=None):
        return user.has_perm("workshops.view_workshopclosure")

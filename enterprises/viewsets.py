from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow import Icon
from viewflow.urls import ReadonlyModelViewset

from .models import Enterprise
from .views import EnterpriseDetailView, EnterpriseRegisterView, EnterpriseRenameView


class EnterpriseViewset(ReadonlyModelViewset):
    model = Enterprise
    title = _("市场主体")
    icon = Icon("business")
    queryset = Enterprise.objects.select_related("district")
    list_columns = (
        "name",
        "credit_code",
        "legal_representative",
        "district",
        "sector",
        "registration_status",
    )
    list_filter_fields = ("district", "sector", "registration_status")
    list_search_fields = ("name", "credit_code", "legal_representative")
    list_paginate_by = 50

    def has_add_permission(self, user):
        return user.has_perm("enterprises.add_enterprise")

    @property
    def detail_path(self):
        return path(
            "<int:pk>/detail/",
            EnterpriseDetailView.as_view(viewset=self),
            name="detail",
        )

    @property
    def add_path(self):
        return path("add/", EnterpriseRegisterView.as_view(viewset=self), name="add")

    @property
    def rename_path(self):
        return path(
            "<int:pk>/rename/",
            EnterpriseRenameView.as_view(viewset=self),
            name="rename",
        )

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow import Icon
from viewflow.urls import ReadonlyModelViewset

from .models import Licence
from .views import LicenceDetailView


class LicenceViewset(ReadonlyModelViewset):
    model = Licence
    title = _("许可证")
    icon = Icon("verified")
    queryset = Licence.objects.select_related("holder", "issuing_authority")
    list_columns = (
        "number",
        "kind",
        "holder",
        "product",
        "issuing_authority",
        "valid_until",
        "state",
    )
    list_filter_fields = ("state", "kind", "issuing_authority")
    list_search_fields = ("number", "holder__name")
    list_paginate_by = 50

    @property
    def detail_path(self):
        return path(
            "<int:pk>/detail/", LicenceDetailView.as_view(viewset=self), name="detail"
        )

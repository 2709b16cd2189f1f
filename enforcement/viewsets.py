from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow import Icon
from viewflow.urls import ReadonlyModelViewset

from .models import Violation
from .views import ViolationRecordView


class ViolationViewset(ReadonlyModelViewset):
    model = Violation
    title = _("违法记录")
    icon = Icon("gavel")
    queryset = Violation.objects.select_related(
        "enterprise", "violation_type", "campaign"
    )
    list_columns = (
        "decided_on",
        "enterprise",
        "violation_type",
        "decision_number",
        "penalty_kind",
        "fine_amount",
        "campaign",
    )
    list_filter_fields = ("violation_type", "penalty_kind", "campaign", "source")
    list_search_fields = ("enterprise__name", "decision_number")
    list_paginate_by = 50

    def has_add_permission(self, user):
        return user.has_perm("enforcement.add_violation")

    @property
    def add_path(self):
        return path("add/", ViolationRecordView.as_view(viewset=self), name="add")

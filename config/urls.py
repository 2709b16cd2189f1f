from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from viewflow.contrib.auth import AuthViewset

from workflows.licence_withdrawal import api as withdrawal_api
from workflows.penalty_case import api as penalty_case_api

from . import viewflow_i18n  # noqa: F401  (names steps by their titles)
from .site import site

admin.site.site_header = _("市场监管案件与许可 · 系统管理")
admin.site.site_title = _("系统管理")

urlpatterns = [
    path("accounts/", AuthViewset(with_profile_view=False).urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("search/", include("search.urls")),
    path(
        "api/referrals/<int:pk>/",
        withdrawal_api.ReferralDetailApi.as_view(),
        name="api-referral-detail",
    ),
    path(
        "api/cancellations/<int:pk>/province-decision/",
        withdrawal_api.ProvinceDecisionRecordApi.as_view(),
        name="api-province-decision",
    ),
    path(
        "api/cases/<int:pk>/",
        penalty_case_api.CaseDetailApi.as_view(),
        name="api-case-detail",
    ),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    path("", site.urls),
]
# No route serves MEDIA_ROOT, in any setting: papers and evidence go out only through
# their views, which check permission, verify the hash and record the download.

# Refusals say what is missing and whom to ask.
handler403 = "config.errors.permission_denied"

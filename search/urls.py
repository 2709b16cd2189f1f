from django.urls import path

from . import apis, views

urlpatterns = [
    path("", views.EnterpriseSearchView.as_view(), name="enterprise_search"),
    path(
        "export/",
        views.EnterpriseSearchExportView.as_view(),
        name="enterprise_search_export",
    ),
    path(
        "api/enterprises/",
        apis.EnterpriseSearchApi.as_view(),
        name="enterprise_search_api",
    ),
    path(
        "api/violations/",
        apis.ViolationSearchApi.as_view(),
        name="violation_search_api",
    ),
]

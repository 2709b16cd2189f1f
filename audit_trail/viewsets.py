from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow import Icon
from viewflow.urls import Application

from .views import AuditEntryExportView, AuditEntryListView


class AuditApp(Application):
    """安全审计 in the site menu, for the audit administrator (view_auditentry):
    /audit/ lists the trail, /audit/export/ exports it (export_auditentry)."""

    app_name = "audit"
    title = _("安全审计")
    icon = Icon("policy")
    menu_template_name = "audit_trail/app_menu.html"
    permission = "audit_trail.view_auditentry"

    @property
    def index_path(self):
        return path("", AuditEntryListView.as_view(viewset=self), name="index")

    @property
    def export_path(self):
        return path("export/", AuditEntryExportView.as_view(), name="export")

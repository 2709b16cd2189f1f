"""The site shell: viewflow's Material frontend with every application in its menu."""

from django.utils.translation import gettext_lazy as _
from viewflow import Icon
from viewflow.contrib.admin import Admin
from viewflow.urls import Application, Site

from audit_trail.viewsets import AuditApp
from campaigns.viewsets import CampaignsApp
from documents.viewsets import DocumentsApp
from enforcement.viewsets import ViolationViewset
from enterprises.viewsets import EnterpriseViewset
from licensing.viewsets import LicenceViewset
from reports.viewsets import ReportsApp
from workbench.task_lists import BoundedWorkflowAppViewset
from workbench.viewsets import WorkbenchApp
from workflows.licence_withdrawal.viewsets import (
    WITHDRAWAL_FLOW_VIEWSETS,
    WithdrawalDeskApp,
)
from workflows.online_cleanup.viewsets import CLEANUP_FLOW_VIEWSETS
from workflows.penalty_case.viewsets import PENALTY_FLOW_VIEWSETS, CaseDeskApp
from workshops.viewsets import WorkshopsApp


class RegistryApp(Application):
    app_name = "registry"
    title = _("主体与许可")
    icon = Icon("domain")
    viewsets = [EnterpriseViewset(), LicenceViewset(), ViolationViewset()]


class BureauSite(Site):
    menu_template_name = "site/site_menu.html"


site = BureauSite(
    title=_("武汉市市场监督管理局 · 案件与许可"),
    primary_color="#1a4f8b",
    secondary_color="#c62828",
    viewsets=[
        WorkbenchApp(),
        ReportsApp(),
        BoundedWorkflowAppViewset(
            title=_("办理流程"),
            flow_viewsets=[
                *PENALTY_FLOW_VIEWSETS,
                *WITHDRAWAL_FLOW_VIEWSETS,
                *CLEANUP_FLOW_VIEWSETS,
            ],
        ),
        CaseDeskApp(),
        WithdrawalDeskApp(),
        CampaignsApp(),
        WorkshopsApp(),
        RegistryApp(),
        DocumentsApp(),
        AuditApp(),
        Admin(),
    ],
)

"""The bureau's roles and the permissions each one holds.

A role is a Django group named by its code; the matrix below is the single source of what a
role may do. `roles_sync` makes the database match it, so changing a role is a code review.

Administration is split three ways (三员分立, GB/T 22239-2019 level 3): the system
administrator keeps users, units, settings and the calendar; the security administrator
assigns roles, clears lockouts, resets second factors and sets the password policy; the
audit administrator reads and exports the audit trail. No administrator holds a business
permission, no business role holds an administrative one (tests/site/test_separation.py),
and nobody is a superuser at run time.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    INVESTIGATOR = "investigator", _("办案人员")
    LICENSING_CLERK = "licensing_clerk", _("许可科员")
    LEGAL_REVIEWER = "legal_reviewer", _("法制审核人员")
    DIVISION_HEAD = "division_head", _("办案机构负责人")
    BUREAU_HEAD = "bureau_head", _("局负责人")
    ADMINISTRATOR = "administrator", _("系统管理员")
    SECURITY_ADMINISTRATOR = "security_administrator", _("安全管理员")
    AUDIT_ADMINISTRATOR = "audit_administrator", _("审计管理员")


# The three administrators; every other role is a business role.
ADMINISTRATOR_ROLES = (
    Role.ADMINISTRATOR,
    Role.SECURITY_ADMINISTRATOR,
    Role.AUDIT_ADMINISTRATOR,
)


_READ_REGISTRY = [
    "enterprises.view_enterprise",
    "licensing.view_licence",
    "enforcement.view_violation",
    "campaigns.view_campaign",
    "documents.view_documenttype",
]

_READ_WITHDRAWALS = [
    "licensing.view_revocation",
    "licensing.view_cancellation",
    "licensing.view_referral",
    "workflows.view_licencerevocationprocess",
    "workflows.view_licencecancellationprocess",
    "workflows.view_provincereferralprocess",
]
_READ_CASES = [
    "enforcement.view_case",
    "workflows.view_penaltycaseprocess",
    "workflows.view_summarypenaltyprocess",
]
_MANAGE_CASES = [
    "workflows.manage_penaltycaseprocess",
    "workflows.manage_summarypenaltyprocess",
]

_MANAGE_WITHDRAWALS = [
    "workflows.manage_licencerevocationprocess",
    "workflows.manage_licencecancellationprocess",
    "workflows.manage_provincereferralprocess",
]

_WORKSHOPS = [
    "workshops.view_workshopclosure",
    "workshops.record_workshop_closure",
]

# Heads see the dashboards and the annual report, and the records behind each figure.
_REPORTS = [
    "reports.view_dashboards",
    "reports.view_annualreport",
    "workshops.view_workshopclosure",
    "campaigns.view_offlineclearance",
]

_ONLINE_CLEANUP = [
    "online_cleanup.view_listinglead",
    "online_cleanup.register_listing_lead",
    "online_cleanup.handle_listing_lead",
    "campaigns.record_offline_clearance",
    "workflows.view_listingcleanupprocess",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.INVESTIGATOR: [
        *_READ_REGISTRY,
        *_ONLINE_CLEANUP,
        *_READ_CASES,
        *_WORKSHOPS,
        "enforcement.add_violation",
        "enterprises.search_enterprises",
        "enforcement.register_lead",
        "enforcement.investigate_case",
        "enforcement.decide_on_the_spot",
    ],
    Role.LICENSING_CLERK: [
        *_READ_REGISTRY,
        "enterprises.search_enterprises",
        "licensing.add_licence",
        "licensing.change_licence",
        "licensing.revoke_licence",
        "licensing.withdraw_licence",
        "licensing.cancel_licence",
        "licensing.record_province_decision",
        *_READ_WITHDRAWALS,
    ],
    Role.LEGAL_REVIEWER: [
        *_READ_REGISTRY,
        *_READ_WITHDRAWALS,
        *_READ_CASES,
        "enterprises.search_enterprises",
        "licensing.review_withdrawal",
        "enforcement.review_case",
        "enforcement.review_legality",
        "enforcement.host_hearing",
        "enforcement.return_to_investigation",
    ],
    Role.DIVISION_HEAD: [
        *_READ_REGISTRY,
        *_ONLINE_CLEANUP,
        *_READ_WITHDRAWALS,
        *_READ_CASES,
        *_WORKSHOPS,
        *_REPORTS,
        "enterprises.search_enterprises",
        "enforcement.add_violation",
        "enforcement.arrange_hearing",
        "enforcement.approve_evidence_measure",
        "enforcement.file_summary_decision",
        "enforcement.return_to_investigation",
        # Cancelling a case's process and handing its tasks to another officer.
        *_MANAGE_CASES,
    ],
    Role.BUREAU_HEAD: [
        *_READ_REGISTRY,
        *_REPORTS,
        "reports.issue_annual_report",
        "online_cleanup.view_listinglead",
        "workflows.view_listingcleanupprocess",
        "enterprises.search_enterprises",
        "licensing.revoke_licence",
        "licensing.withdraw_licence",
        "licensing.cancel_licence",
        "licensing.revoke_licence_as_penalty",
        "licensing.record_province_decision",
        "licensing.approve_withdrawal",
        *_READ_WITHDRAWALS,
        *_READ_CASES,
        "enforcement.approve_filing",
        "enforcement.approve_suspension",
        "enforcement.approve_evidence_measure",
        "enforcement.decide_case",
        "enforcement.extend_case_period",
        "enforcement.return_to_investigation",
        "enforcement.approve_payment_arrangement",
        "enforcement.approve_closure",
        "enforcement.arrange_hearing",
        # Cancelling a withdrawal's or referral's process, handing its tasks on.
        *_MANAGE_WITHDRAWALS,
    ],
    # Users, units, settings, the calendar and the registry's reference data; no
    # record of a case, licence or withdrawal, no paper, no task.
    Role.ADMINISTRATOR: [
        "organisation.add_user",
        "organisation.change_user",
        "organisation.view_user",
        "organisation.add_organisationunit",
        "organisation.change_organisationunit",
        "organisation.view_organisationunit",
        "enforcement.view_penaltypolicy",
        "enforcement.change_penaltypolicy",
        "enforcement.view_discretionbenchmark",
        "enforcement.add_discretionbenchmark",
        "enforcement.change_discretionbenchmark",
        "enforcement.view_discretionrule",
        "enforcement.add_discretionrule",
        "enforcement.change_discretionrule",
        "enforcement.delete_discretionrule",
        "enforcement.view_violationtype",
        "enforcement.add_violationtype",
        "enforcement.change_violationtype",
        "licensing.view_withdrawalpolicy",
        "licensing.change_withdrawalpolicy",
        "campaigns.view_campaign",
        "campaigns.add_campaign",
        "campaigns.change_campaign",
        "deadlines.view_calendarday",
        "deadlines.add_calendarday",
        "deadlines.change_calendarday",
        "deadlines.delete_calendarday",
        "deadlines.view_calendaryear",
        "deadlines.add_calendaryear",
        "deadlines.change_calendaryear",
        "documents.view_documenttype",
        "documents.change_documenttype",
        "documents.view_documentnumberpattern",
        "documents.add_documentnumberpattern",
        "documents.change_documentnumberpattern",
        "documents.delete_documentnumberpattern",
        "documents.view_documentsequence",
        # The registry is the bureau's copy of the enterprise register: reference data
        # the system administrator keeps, not a decision about an enterprise.
        "enterprises.view_enterprise",
        "enterprises.add_enterprise",
        "enterprises.change_enterprise",
    ],
    # Who holds which role, lockouts, second factors and the password policy.
    Role.SECURITY_ADMINISTRATOR: [
        "organisation.view_user",
        "organisation.assign_roles",
        "auth.view_group",
        "auth.view_permission",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accessfailurelog",
        "axes.view_accesslog",
        "authentication.view_securitypolicy",
        "authentication.change_securitypolicy",
        "authentication.reset_second_factor",
        "otp_totp.view_totpdevice",
        "otp_totp.delete_totpdevice",
        "otp_static.view_staticdevice",
        "otp_static.delete_staticdevice",
    ],
    # Reads and exports the one audit trail, and the download and export records.
    Role.AUDIT_ADMINISTRATOR: [
        "audit_trail.view_auditentry",
        "audit_trail.export_auditentry",
        "documents.view_documentdownload",
        "search.view_searchexport",
        "admin.view_logentry",
        "axes.view_accesslog",
        "axes.view_accessfailurelog",
    ],
}

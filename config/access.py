"""Who may open which page: one declared table, for every URL the site has.

For each URL name, the roles allowed to GET it and to POST to it; everyone else
signed in is refused (403), and someone not signed in is sent to sign in first
(unless the row is public). `tests/site/test_access_table.py` walks every URL the
resolver knows, as each role and as no one, with real ids, and asserts this table;
a URL without a row fails it.

Workflow URLs are declared per flow (who sees it, who manages it) and per step (which
role does it): the step pages follow viewflow's rules from those — a step is taken by
its role, done by the one who took it, undone, revived or cancelled by the flow's
managers. Rights that depend on the record (the case's own investigators, a lead's
registrant, the division of the case) are narrower than a role and are tested with
their pages; the table states what a role may reach at all.
"""

from organisation.roles import Role

ANONYMOUS = "anonymous"
LOGIN = "login"
DENY = "deny"
ALLOW = "allow"

INV = Role.INVESTIGATOR
CLK = Role.LICENSING_CLERK
LEG = Role.LEGAL_REVIEWER
DIV = Role.DIVISION_HEAD
BUR = Role.BUREAU_HEAD
SYS = Role.ADMINISTRATOR
SEC = Role.SECURITY_ADMINISTRATOR
AUD = Role.AUDIT_ADMINISTRATOR

BUSINESS = frozenset({INV, CLK, LEG, DIV, BUR})
ADMINISTRATORS = frozenset({SYS, SEC, AUD})
EVERYONE = BUSINESS | ADMINISTRATORS
NOBODY = frozenset()


def roles(*codes) -> frozenset:
    return frozenset(codes)


class Row:
    """Who may GET and who may POST; `public`: no sign-in needed."""

    def __init__(self, get, post=None, *, public=False):
        self.get = frozenset(get)
        self.post = self.get if post is None else frozenset(post)
        self.public = ("get", "post") if public is True else (public or ())

    def allowed(self, method: str) -> frozenset:
        return self.get if method == "get" else self.post

    def is_public(self, method: str) -> bool:
        return method in self.public


def page(get, post=NOBODY):
    """A page that shows (GET) and takes no form: POST is refused (405)."""
    return Row(get, post)


def form(both):
    return Row(both, both)


PUBLIC = Row(EVERYONE, EVERYONE, public=True)

CASES = roles(INV, LEG, DIV, BUR)
WITHDRAWALS = roles(CLK, LEG, DIV, BUR)
HEADS = roles(DIV, BUR)
FIELD = roles(INV, DIV)  # officers in the field: leads, closures, clearances
FIELD_READ = roles(INV, DIV, BUR)

# Pages outside the flows and the admin, by URL name.
PAGES: dict[str, Row] = {
    "login": PUBLIC,
    "logout": Row(NOBODY, EVERYONE, public=("post",)),
    "password_change": form(EVERYONE),
    "password_change_done": page(EVERYONE),
    "password_reset": PUBLIC,
    "password_reset_done": Row(EVERYONE, NOBODY, public=("get",)),
    "password_reset_confirm": PUBLIC,
    "password_reset_complete": Row(EVERYONE, NOBODY, public=("get",)),
    "set_language": PUBLIC,
    "index": PUBLIC,  # sends each to sign-in or their home page
    "workbench:index": PUBLIC,
    "workbench:home:index": page(EVERYONE),
    "workbench:inbox:index": page(EVERYONE),
    "enterprise_search": page(BUSINESS),
    "enterprise_search_export": page(BUSINESS),
    "enterprise_search_api": page(BUSINESS),
    "violation_search_api": page(BUSINESS),
    "api-referral-detail": page(roles(CLK, LEG, DIV, BUR)),
    "api-province-decision": Row(NOBODY, roles(CLK, BUR)),
    "api-case-detail": page(CASES),
    "api-schema": page(EVERYONE),
    "api-docs": page(EVERYONE),
    "reports:index": form(HEADS),
    "reports:dashboard:index": page(HEADS),
    "reports:annual:index": page(HEADS),
    "reports:annual:preview": page(HEADS),
    "reports:annual:issue": Row(NOBODY, roles(BUR)),
    "reports:records:index": page(HEADS),
    "workflow:index": form(BUSINESS),
    "workflow:tasks_assign": form(BUSINESS),
    "workflow:tasks_unassign": form(BUSINESS),
    "workflow:inbox": page(BUSINESS),
    "workflow:queue": page(BUSINESS),
    "workflow:archive": page(BUSINESS),
    "workflow:flows:index": form(BUSINESS),
    "cases:index": form(CASES),
    "cases:case:index": page(CASES),
    "cases:case:detail": page(CASES),
    # A case action is for the case's own investigators (tested with the case).
    "cases:case:action": form(NOBODY),
    "withdrawals:index": form(WITHDRAWALS),
    "withdrawals:bulk:index": form(roles(CLK, BUR)),
    "withdrawals:referral:index": page(WITHDRAWALS),
    "withdrawals:referral:detail": form(WITHDRAWALS),
    "campaigns:index": form(BUSINESS | {SYS}),
    "campaigns:campaign:index": page(BUSINESS | {SYS}),
    "campaigns:campaign:detail": page(BUSINESS | {SYS}),
    "campaigns:campaign:clearance": Row(NOBODY, FIELD),
    "campaigns:lead:index": page(FIELD_READ),
    "campaigns:lead:add": form(FIELD),
    "campaigns:lead:import": form(FIELD),
    "campaigns:lead:detail": page(FIELD_READ),
    "campaigns:lead:evidence": page(FIELD_READ),
    "workshops:index": form(FIELD_READ),
    "workshops:closure:index": page(FIELD_READ),
    "workshops:closure:add": form(FIELD),
    "workshops:closure:detail": page(FIELD_READ),
    "registry:index": PUBLIC,  # a menu entry that sends on
    "registry:enterprise:detail": page(BUSINESS | {SYS}),
    "registry:enterprise:add": form(roles(SYS)),
    "registry:enterprise:rename": form(roles(SYS)),
    "registry:enterprise:index": page(BUSINESS | {SYS}),
    "registry:enterprise:list": page(BUSINESS | {SYS}),
    "registry:licence:detail": page(BUSINESS),
    "registry:licence:index": page(BUSINESS),
    "registry:licence:list": page(BUSINESS),
    "registry:violation:add": form(FIELD),
    "registry:violation:index": page(BUSINESS),
    "registry:violation:list": page(BUSINESS),
    "registry:violation:detail": page(BUSINESS),
    "documents:index": PUBLIC,  # a menu entry that sends on
    "documents:types:index": page(BUSINESS | {SYS}),
    "documents:types:preview": page(BUSINESS | {SYS}),
    # The walk downloads a paper of a licence withdrawal: who sees a paper is who
    # sees its record (documents.access).
    "documents:issued:download": page(WITHDRAWALS),
    "audit:index": page(roles(AUD)),
    "audit:export": page(roles(AUD)),
}


class FlowAccess:
    """Who sees a flow's processes and steps, who manages it (cancels a process,
    undoes or revives a step, hands a task on), who starts it, and which roles take
    each of its human steps. A step is done by the one who took it (or to whom it
    was given)."""

    def __init__(self, *, view, manage, start=NOBODY, steps):
        self.view = frozenset(view)
        self.manage = frozenset(manage)
        self.start = frozenset(start)
        self.steps = {name: frozenset(who) for name, who in steps.items()}


_INVESTIGATION = roles(INV)
FLOWS: dict[str, FlowAccess] = {
    "penaltycase": FlowAccess(
        view=CASES,
        manage=roles(DIV),
        start=roles(INV),
        steps={
            "verify": _INVESTIGATION,
            "filing_approval": roles(BUR),
            "investigate": _INVESTIGATION,
            "termination_approval": roles(BUR),
            "case_review": roles(LEG),
            "legality_review": roles(LEG),
            "serve_notice": _INVESTIGATION,
            "statement": _INVESTIGATION,
            "arrange_hearing": HEADS,
            "hold_hearing": roles(LEG),
            "re_examination": _INVESTIGATION,
            "decide": roles(BUR),
            "collective_discussion": roles(BUR),
            "record_referral": _INVESTIGATION,
            "serve_decision": _INVESTIGATION,
            "publicity": _INVESTIGATION,
            "execution": _INVESTIGATION,
            "propose_closure": _INVESTIGATION,
            "approve_closure": roles(BUR),
        },
    ),
    "summarypenalty": FlowAccess(
        view=CASES,
        manage=roles(DIV),
        start=roles(INV),
        steps={"file_decision": roles(DIV), "execution": _INVESTIGATION},
    ),
    "licencerevocation": FlowAccess(
        view=WITHDRAWALS,
        manage=roles(BUR),
        start=roles(CLK, BUR),
        steps={
            "serve_notice": roles(CLK, BUR),
            "record_statement": roles(CLK, BUR),
            "legal_review": roles(LEG),
            "revise": roles(CLK, BUR),
            "approval": roles(BUR),
            "serve_decision": roles(CLK, BUR),
            "publicity": roles(CLK, BUR),
        },
    ),
    "licencecancellation": FlowAccess(
        view=WITHDRAWALS,
        manage=roles(BUR),
        steps={"publicity": roles(CLK, BUR)},
    ),
    "provincereferral": FlowAccess(
        view=WITHDRAWALS,
        manage=roles(BUR),
        steps={"send_letter": roles(CLK, BUR), "follow_up": roles(CLK, BUR)},
    ),
    # No one manages a clean-up: a lead is closed or escalated through its steps.
    "listingcleanup": FlowAccess(
        view=FIELD_READ,
        manage=NOBODY,
        steps={
            "identify": FIELD,
            "notify_platform": FIELD,
            "verify": FIELD,
            "platform_follow_up": FIELD,
        },
    ),
}


class AdminAccess:
    """Django admin for one model: who views, adds, changes, deletes."""

    def __init__(self, view=NOBODY, *, add=NOBODY, change=NOBODY, delete=NOBODY):
        self.change = frozenset(change)
        self.view = frozenset(view) | self.change
        self.add = frozenset(add)
        self.delete = frozenset(delete)


_SETTINGS = AdminAccess(change=roles(SYS))
_KEPT = AdminAccess(add=roles(SYS), change=roles(SYS))
_RECORDS = AdminAccess()  # business records: their own pages, not the admin

ADMIN: dict[str, AdminAccess] = {
    "auth.group": AdminAccess(roles(SEC)),
    "axes.accessattempt": AdminAccess(roles(SEC), delete=roles(SEC)),
    "axes.accesslog": AdminAccess(roles(SEC, AUD)),
    "axes.accessfailurelog": AdminAccess(roles(SEC, AUD)),
    "viewflow.process": _RECORDS,
    "viewflow.task": _RECORDS,
    "organisation.organisationunit": _KEPT,
    "organisation.user": AdminAccess(add=roles(SYS), change=roles(SYS, SEC)),
    "deadlines.calendaryear": _KEPT,
    "deadlines.calendarday": AdminAccess(
        add=roles(SYS), change=roles(SYS), delete=roles(SYS)
    ),
    "enterprises.district": _RECORDS,
    "enterprises.enterprise": _KEPT,
    "licensing.licence": _RECORDS,
    "licensing.withdrawalpolicy": _SETTINGS,
    "licensing.revocation": _RECORDS,
    "licensing.cancellation": _RECORDS,
    "licensing.referral": _RECORDS,
    "campaigns.campaign": _KEPT,
    "enforcement.violationtype": _KEPT,
    "enforcement.violation": _RECORDS,
    "enforcement.penaltypolicy": _SETTINGS,
    # The walk opens a published benchmark: shown, never edited.
    "enforcement.discretionbenchmark": AdminAccess(roles(SYS), add=roles(SYS)),
    "enforcement.case": _RECORDS,
    "workshops.workshopclosure": _RECORDS,
    "search.searchexport": AdminAccess(roles(AUD)),
    "search.searchoutbox": _RECORDS,
    "documents.documenttype": _SETTINGS,
    "documents.issueddocument": _RECORDS,
    "documents.documentdownload": AdminAccess(roles(AUD)),
    "documents.documentsequence": AdminAccess(roles(SYS)),
    "reports.annualreport": _RECORDS,
    "audit_trail.auditentry": AdminAccess(roles(AUD)),
}

# The admin's own pages.
ADMIN_PAGES: dict[str, Row] = {
    "admin:index": form(ADMINISTRATORS),
    "admin:login": PUBLIC,
    "admin:logout": Row(BUSINESS, EVERYONE, public=True),
    "admin:password_change": form(ADMINISTRATORS),
    "admin:password_change_done": page(ADMINISTRATORS),
    "admin:autocomplete": form(NOBODY),  # refused without the field it completes
    "admin:jsi18n": page(ADMINISTRATORS),
    "admin:view_on_site": form(ADMINISTRATORS),  # sends on to the record
    "admin:app_list": form(roles(SYS, SEC)),  # the walk opens 组织机构
    "admin:auth_user_password_change": form(roles(SYS)),
}

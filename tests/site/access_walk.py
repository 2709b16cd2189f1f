"""Walk every URL the resolver knows, as every role and as no one, for GET and POST,
with real ids; what each request met is compared with `config.access`.

Each request runs in a savepoint that is rolled back, so a POST that the table allows
(an assignment, a cancellation) changes nothing for the next request. Task URLs are
walked on a task of their step in the state the action needs (a new task to take, a
task of the role's own to do, a finished one to undo...), the step's own task when the
flow reached it and otherwise a task row made for the step.
"""

import copy
import datetime
from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from campaigns.models import Campaign
from config.access import ALLOW, ANONYMOUS, DENY, LOGIN
from documents.models import IssuedDocument
from enforcement.models import Violation
from enterprises.models import District, Sector
from licensing.models import Referral
from online_cleanup.models import ListingLead
from organisation.roles import Role
from tests import factories
from tests.enforcement import factories as f
from tests.workflows.penalty_case_steps import (
    file_case,
    logged_in,
    post,
    summary_warning,
)
from workshops.models import ClosureReason
from workshops.services import workshop_closure_record


@dataclass
class Url:
    name: str  # namespaced name, e.g. "cases:case:detail"
    pattern: str
    flow: type | None = None  # the flow class of a workflow URL
    node: object = None  # the flow node of a task URL
    action: str = ""  # the node view (execute, assign, undo ...)


def resolver_urls() -> list[Url]:
    found = []

    def walk(resolver, prefix, namespace, extra):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = namespace + (f"{entry.namespace}:" if entry.namespace else "")
                walk(entry, prefix + str(entry.pattern), ns, extra)
            elif isinstance(entry, URLPattern) and entry.name:
                found.append(Url(namespace + entry.name, prefix + str(entry.pattern)))

    walk(get_resolver(), "", "", {})
    return found


def flow_urls(urls: list[Url]) -> list[Url]:
    """Mark workflow URLs with their flow, node and action."""
    from viewflow.workflow.base import Flow

    import workflows.flows  # noqa: F401  (every flow registered)

    def walk(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    flows = {
        cls.instance.flow_label.split("/")[-1]: cls
        for cls in walk(Flow)
        if cls.__module__.startswith("workflows.")
    }
    for url in urls:
        parts = url.name.split(":")
        if parts[:2] != ["workflow", "flows"] or len(parts) < 4:
            continue
        url.flow = flows[parts[2]]
        if len(parts) == 5:
            url.node = getattr(url.flow, parts[3])
            url.action = parts[4]
    return urls


class World:
    """One record of each kind, a process of each flow, one user per role."""

    def __init__(self):
        factories.bureau()
        factories.province()
        self.users = {
            role: factories.user(role, full_name=f"走查{label}")
            for role, label in Role.choices
        }
        self.clients = {ANONYMOUS: Client()}
        self.clients.update(logged_in(self.users))
        self._drive()
        self.admin_rows = self._admin_rows()

    def _drive(self):
        people = f.staff()
        people["clerk"] = factories.user(Role.LICENSING_CLERK, full_name="王芳")
        actors = logged_in(people)
        f.benchmark()
        self.case, self.case_process = file_case(actors, people, f.party())
        self.summary = summary_warning(
            actors, people, f.party(), number="4201000001", facts="现场发现过期食品。"
        )
        licence = factories.food_licence()
        self.licence = licence
        response = post(
            actors["clerk"],
            "/workflow/flows/licencerevocation/start/",
            {
                "licence": licence.number,
                "ground": "fraud_or_bribery",
                "facts": "当事人提交虚假的检验报告取得许可。",
                "evidence": "1. 检验机构出具的说明",
            },
        )
        assert response.status_code == 302
        bulk = {"ground": "holder_dissolved", "reason": "持证企业已依法注销"}
        local = factories.food_licence()
        provincial = factories.industrial_licence()
        for lic in (local, provincial):
            data = {**bulk, "licences": [lic.pk]}
            post(actors["clerk"], "/withdrawals/bulk/", {**data, "preview": "1"})
            post(actors["clerk"], "/withdrawals/bulk/", {**data, "confirm": "1"})
        self.referral = Referral.objects.latest("pk")
        self.campaign = Campaign.objects.create(
            code="walk-2026", name="网络清理走查", sector=Sector.COSMETICS,
            starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31),
        )  # fmt: skip
        platform = factories.enterprise(
            name="武汉云集优选电子商务有限公司", sector=Sector.ONLINE_TRADE
        )
        response = post(
            actors["zhang"],
            "/campaigns/lead/add/",
            {
                "source": "campaign",
                "campaign": self.campaign.pk,
                "platform_name": "云集优选",
                "platform": platform.credit_code,
                "shop_name": "江城美妆专营店",
                "listing_url": "https://item.jd.com/100012043978.html",
                "product_name": "美白祛斑霜",
                "problem": "illegal_product",
                "suspected_violation": "销售未经注册的特殊化妆品",
                "captured_at": "2026-11-20T10:30",
                "evidence": [SimpleUploadedFile("capture.png", b"page capture")],
            },
        )
        assert response.status_code == 302, response.content.decode()[-2000:]
        self.lead = ListingLead.objects.latest("pk")
        self.violation = Violation.objects.first() or f.violation(
            enterprise=self.case.party
        )
        self.paper = IssuedDocument.objects.latest("pk")
        self.enterprise = self.case.party
        self.closure = workshop_closure_record(
            workshop_name="黄陂前川街道李记豆腐作坊",
            operator_name="李明",
            district=District.objects.exclude(region_code="420100").first(),
            address="武汉市黄陂区前川街道百秀街12号",
            reason=ClosureReason.UNLICENSED,
            details="未取得食品小作坊登记证从事豆腐生产加工，依法予以取缔。",
            closed_on=datetime.date(2026, 5, 14),
            officer=people["zhang"],
            actor=people["zhang"],
        )

    def process(self, flow) -> Process:
        return Process.objects.filter(flow_class=flow).order_by("pk").first().coerced

    def kwargs(self, url: Url) -> dict:
        from reports.records import RECORD_KINDS

        values = {}
        pattern = url.pattern
        if "<int:process_pk>" in pattern:
            values["process_pk"] = self.process(url.flow).pk
        if "<int:task_pk>" in pattern:
            values["task_pk"] = self.task(url).pk
        if "<int:pk>" in pattern or "<path:pk>" in pattern:
            values["pk"] = self.pk(url)
        if "<int:capture_pk>" in pattern:
            values["capture_pk"] = self.lead.captures.first().pk
        if "<slug:kind>" in pattern:
            values["kind"] = next(iter(RECORD_KINDS))
        if "<slug:code>" in pattern:
            values["code"] = "penalty_decision"
        if "<slug:name>" in pattern:
            values["name"] = "evidence"
        if "content_type_id>" in pattern:
            from django.contrib.contenttypes.models import ContentType

            values["content_type_id"] = ContentType.objects.get_for_model(self.paper).pk
            values["object_id"] = self.paper.pk
        elif "<path:object_id>" in pattern or "<id>" in pattern:
            key = "object_id" if "<path:object_id>" in pattern else "id"
            values[key] = self.admin_object(url).pk
        if "<app_label>" in pattern:
            values["app_label"] = "organisation"
        if "<uidb64>" in pattern:
            user = self.users[Role.INVESTIGATOR]
            values["uidb64"] = urlsafe_base64_encode(force_bytes(user.pk))
            values["token"] = default_token_generator.make_token(user)
        return values

    def _admin_rows(self) -> dict:
        """Rows for admin pages whose model the world has not filled."""
        from axes.models import AccessAttempt, AccessFailureLog

        from deadlines.models import CalendarDay, CalendarYear
        from documents.models import DocumentDownload
        from reports.models import AnnualReport
        from search.models import SearchExport

        someone = self.users[Role.INVESTIGATOR]
        where = {"ip_address": "10.0.0.9", "user_agent": "walk", "path_info": "/"}
        return {
            AccessAttempt: lambda: AccessAttempt.objects.create(
                username="walk", failures_since_start=1, **where
            ),
            AccessFailureLog: lambda: AccessFailureLog.objects.create(
                username="walk", **where
            ),
            CalendarYear: lambda: CalendarYear.objects.create(year=2031),
            CalendarDay: lambda: CalendarDay.objects.create(
                date=datetime.date(2031, 10, 8), kind=CalendarDay.Kind.choices[0][0]
            ),
            DocumentDownload: lambda: DocumentDownload.objects.create(
                document=self.paper, user=someone
            ),
            AnnualReport: lambda: AnnualReport.objects.create(
                year=2031, created_by=someone
            ),
            SearchExport: lambda: SearchExport.objects.create(
                user=someone, format=SearchExport.Format.choices[0][0], row_count=1
            ),
        }

    def admin_object(self, url: Url):
        if url.name == "admin:auth_user_password_change":
            return self.users[Role.INVESTIGATOR]
        """The first row of the admin page's model (one is made where there is none)."""
        from django.contrib import admin

        for model in admin.site._registry:
            key = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
            if url.name.startswith(key):
                row = model._default_manager.order_by("pk").first()
                if row is None:
                    row = self.admin_rows[model]()
                return row
        raise KeyError(f"no admin model for {url.name}")

    def pk(self, url: Url):
        by_name = {
            "cases:case": self.case.pk,
            "withdrawals:referral": self.referral.pk,
            "campaigns:campaign": self.campaign.pk,
            "campaigns:lead": self.lead.pk,
            "registry:enterprise": self.enterprise.pk,
            "registry:licence": self.licence.pk,
            "registry:violation": self.violation.pk,
            "documents:issued": self.paper.pk,
            "api-referral-detail": self.referral.pk,
            "api-province-decision": self.referral.cancellations.first().pk,
            "workshops:closure": self.closure.pk,
            "api-case-detail": self.case.pk,
        }
        for prefix, value in by_name.items():
            if url.name.startswith(prefix):
                return value
        raise KeyError(f"no id for {url.name} ({url.pattern})")

    def task(self, url: Url) -> Task:
        process = self.process(url.flow)
        task = (
            Task.objects.filter(process=process, flow_task=url.node)
            .order_by("-pk")
            .first()
        )
        if task is None:
            task = Task.objects.create(
                process=process, flow_task=url.node, status=STATUS.NEW
            )
        return task

    def prepare(self, url: Url, task: Task, steps: dict) -> None:
        """Put the task in the state its action needs, inside the request's savepoint."""
        owner = self.users.get(assignee_role(steps, url.node.name))
        status, fields = {
            "assign": (STATUS.NEW, {"owner": None}),
            "execute": (STATUS.ASSIGNED, {"owner": owner}),
            "unassign": (STATUS.ASSIGNED, {"owner": owner}),
            "undo": (STATUS.DONE, {"finished": timezone.now()}),
            "revive": (STATUS.ERROR, {}),
            "cancel": (STATUS.NEW, {}),
        }.get(url.action, (task.status, {}))
        permission = getattr(url.node, "_owner_permission", None)
        if url.action == "assign" and isinstance(permission, str):
            fields["owner_permission"] = permission
        Task.objects.filter(pk=task.pk).update(status=status, **fields)


def assignee_role(steps: dict, node_name: str) -> str | None:
    """The walk gives a step's task to a holder of the first of its roles."""
    who = steps.get(node_name)
    return sorted(who)[0] if who else None


def outcome(url: Url, response, *, anonymous: bool) -> str:
    """allow, deny, or login (someone not signed in who was not served)."""
    status = response.status_code
    refused = DENY
    if status in (301, 302, 303):
        target = response["Location"]
        # Sent to sign in and come back (a plain redirect to the login page is where
        # signing out ends).
        if "login/" in target and "next=" in target:
            refused = DENY
        else:
            return ALLOW
    elif status in (401, 403, 405):
        pass
    elif status == 404 and url.name == "admin:app_list":
        pass  # Django's refusal of an app the user has no model of
    elif status in (400, 409, 503):
        # Served: bad input refused with a message, a conflict, the search engine
        # unavailable (each page says so); what the walk posts is empty.
        return ALLOW
    elif status >= 400:
        return f"error {status}"
    else:
        return ALLOW
    return LOGIN if anonymous else refused


def visit(world: World, url: Url, who: str, method: str, steps: dict) -> str:
    from django.urls import reverse

    client = world.clients[who]
    # A request may sign the client out (logout) or start a new session: the
    # database is rolled back below, and the cookies are put back the same way.
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        try:
            kwargs = world.kwargs(url)
            if "task_pk" in kwargs:
                world.prepare(url, Task.objects.get(pk=kwargs["task_pk"]), steps)
            path = reverse(url.name, kwargs=kwargs)
            response = getattr(client, method)(path)
            seen = outcome(url, response, anonymous=who == ANONYMOUS)
        except Exception as error:
            if url.action == "revive" and method == "post":
                # Reviving re-runs the step's job on a task made for the walk, which
                # its record's state refuses: the request got past the access check.
                seen = ALLOW
            else:  # a view that failed is what the walk reports
                seen = f"error {type(error).__name__}: {error}"[:200]
        transaction.set_rollback(True)
    client.cookies = cookies
    return seen

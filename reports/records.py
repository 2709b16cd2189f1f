"""The records behind every figure of the dashboards and the annual report.

A figure is a kind of record plus a set of filters: its value is the number of those
records (or the sum of one of their fields), and its link opens the list of exactly those
records. Both go through the same selector here, with the filters parsed by the same
form, so a figure and the rows behind it cannot disagree.

Each kind has a filter form (what its GET parameters may say), a selector that turns the
cleaned filters into one queryset, and a row template for the list page.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Model, OuterRef, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from campaigns.models import Campaign, OfflineClearance
from enforcement.models import (
    CASE_FINISHED_STATES,
    Case,
    CaseInvestigator,
    CaseState,
    DecisionKind,
    NoPenaltyReason,
    Payment,
    Procedure,
)
from enterprises.models import District, Enterprise, Sector
from licensing.models import (
    Cancellation,
    CancellationState,
    Revocation,
    RevocationState,
)
from licensing.models.withdrawals import REVOCATION_BLOCKING_STATES
from online_cleanup.models import ListingLead
from online_cleanup.selectors import (
    internet_enterprises_dealt_with,
    listing_lead_outcome_q,
)
from organisation.models import User
from workflows.deadlines import task_late_q
from workshops.models import ClosureReason, WorkshopClosure

LIST_LIMIT = 1000

# The stages of a penalty case as the heads follow them; every state is in one stage.
CASE_STAGES: list[tuple[str, str, list[str]]] = [
    (
        "verification",
        _("线索核查、立案审批"),
        [CaseState.LEAD, CaseState.VERIFYING, CaseState.FILING_PROPOSED],
    ),
    (
        "investigation",
        _("调查取证"),
        [
            CaseState.INVESTIGATING,
            CaseState.SUSPENDED,
            CaseState.TERMINATION_PROPOSED,
        ],
    ),
    (
        "review",
        _("案件审核、法制审核"),
        [CaseState.CASE_REVIEW, CaseState.LEGALITY_REVIEW],
    ),
    (
        "defence",
        _("告知、陈述申辩、听证"),
        [
            CaseState.NOTICE,
            CaseState.STATEMENT,
            CaseState.HEARING,
            CaseState.RE_EXAMINATION,
        ],
    ),
    ("decision", _("决定、送达"), [CaseState.DECISION, CaseState.DECIDED]),
    (
        "execution",
        _("执行、移送"),
        [
            CaseState.ENFORCEMENT,
            CaseState.EXECUTED,
            CaseState.REFERRED,
            CaseState.TERMINATED,
        ],
    ),
    ("closing", _("结案审批"), [CaseState.CLOSING]),
    ("finished", _("已结案、不予立案"), [CaseState.CLOSED, CaseState.NOT_FILED]),
]
CASE_STAGE_LABELS = {code: label for code, label, _states in CASE_STAGES}


def _district_choices():
    return District.objects.order_by("region_code")


class RecordFilterForm(forms.Form):
    """Filters every kind understands: the year, a month of it, and a district."""

    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000)
    month = forms.IntegerField(
        label=_("月份"), required=False, min_value=1, max_value=12
    )
    district = forms.ModelChoiceField(
        label=_("辖区"), queryset=District.objects.all(), required=False
    )

    # Which date the year and month apply to, for kinds with several dates.
    BASIS_CHOICES: list[tuple[str, str]] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = _district_choices()
        if self.BASIS_CHOICES:
            self.fields["basis"] = forms.ChoiceField(
                label=_("统计日期"),
                choices=self.BASIS_CHOICES,
                required=False,
            )


def _in_period(qs: QuerySet, field: str, filters: dict) -> QuerySet:
    """Keep rows whose `field` (a date or datetime, in Wuhan time) falls in the year and
    month asked for."""
    if year := filters.get("year"):
        qs = qs.filter(**{f"{field}__year": year})
    if month := filters.get("month"):
        qs = qs.filter(**{f"{field}__month": month})
    return qs


# --- Penalty cases ------------------------------------------------------------------


class CaseFilterForm(RecordFilterForm):
    BASIS_CHOICES = [
        ("registered", _("登记日期")),
        ("decided", _("决定日期")),
        ("closed", _("结案日期")),
    ]
    sector = forms.ChoiceField(
        label=_("领域"), choices=[("", _("全部")), *Sector.choices], required=False
    )
    campaign = forms.CharField(label=_("专项行动"), required=False)
    stage = forms.ChoiceField(
        label=_("环节"),
        choices=[("", _("全部")), *[(c, label) for c, label, _s in CASE_STAGES]],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("办理状态"),
        choices=[("", _("全部")), ("open", _("在办")), ("closed", _("已办结"))],
        required=False,
    )
    outcome = forms.ChoiceField(
        label=_("处理结果"),
        choices=[
            ("", _("全部")),
            ("decided", _("已作出决定")),
            ("penalty", _("给予行政处罚")),
            ("violation_handled", _("查处违法违规行为")),
        ],
        required=False,
    )
    procedure = forms.ChoiceField(
        label=_("程序"), choices=[("", _("全部")), *Procedure.choices], required=False
    )
    investigator = forms.ModelChoiceField(
        label=_("办案人员"), queryset=User.objects.all(), required=False
    )

    def clean_campaign(self):
        value = self.cleaned_data.get("campaign") or ""
        if value in ("", "none"):
            return value
        campaign = (
            Campaign.objects.filter(pk=value).first() if value.isdigit() else None
        )
        if campaign is None:
            raise forms.ValidationError(_("专项行动不存在。"))
        return campaign


def violation_handled_q(prefix: str = "") -> Q:
    """Cases that dealt with a violation: a penalty, or a decision not to punish a
    violation that was found (minor and corrected, or a first offence: 行政处罚法
    Art. 33). A no-penalty decision because the facts were not established is not a
    violation handled."""
    return Q(**{f"{prefix}decision_kind": DecisionKind.PENALTY}) | Q(
        **{
            f"{prefix}decision_kind": DecisionKind.NO_PENALTY,
            f"{prefix}no_penalty_reason__in": sorted(
                NoPenaltyReason.acknowledging_violation()
            ),
        }
    )


def case_records(filters: dict) -> QuerySet[Case]:
    """Penalty cases (ordinary and summary procedure). The case's sector is the sector
    of its violation type (the one the investigation report settled on, or the
    suspected one before that); its district is its party's."""
    qs = Case.objects.select_related(
        "party__district", "suspected_violation_type", "campaign"
    )
    basis = filters.get("basis") or "registered"
    date_field = {
        "registered": "registered_at",
        "decided": "decided_on",
        "closed": "closed_on",
    }[basis]
    qs = _in_period(qs, date_field, filters)
    if district := filters.get("district"):
        qs = qs.filter(party__district=district)
    if sector := filters.get("sector"):
        qs = qs.filter(suspected_violation_type__sector=sector)
    campaign = filters.get("campaign")
    if campaign == "none":
        qs = qs.filter(campaign__isnull=True)
    elif campaign:
        qs = qs.filter(campaign=campaign)
    if stage := filters.get("stage"):
        states = next(s for code, _l, s in CASE_STAGES if code == stage)
        qs = qs.filter(state__in=states)
    status = filters.get("status")
    if status == "open":
        qs = qs.exclude(state__in=CASE_FINISHED_STATES)
    elif status == "closed":
        qs = qs.filter(state__in=CASE_FINISHED_STATES)
    outcome = filters.get("outcome")
    if outcome == "decided":
        qs = qs.exclude(decision_kind="")
    elif outcome == "penalty":
        qs = qs.filter(decision_kind=DecisionKind.PENALTY)
    elif outcome == "violation_handled":
        qs = qs.filter(violation_handled_q())
    if procedure := filters.get("procedure"):
        qs = qs.filter(procedure=procedure)
    if investigator := filters.get("investigator"):
        qs = qs.filter(
            Exists(
                CaseInvestigator.objects.filter(case=OuterRef("pk"), user=investigator)
            )
        )
    return qs.order_by("-registered_at", "-id")


# --- Licence withdrawals ----------------------------------------------------------------


class RevocationFilterForm(RecordFilterForm):
    BASIS_CHOICES = [("decided", _("决定日期")), ("opened", _("立案日期"))]
    state = forms.ChoiceField(
        label=_("状态"),
        choices=[("", _("全部")), *RevocationState.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("办理状态"),
        choices=[
            ("", _("全部")),
            ("open", _("办理中")),
            ("decided", _("已作出撤销决定")),
            ("abandoned", _("已终止")),
        ],
        required=False,
    )


REVOCATION_DECIDED_STATES = [
    RevocationState.DECIDED,
    RevocationState.SERVED,
    RevocationState.CLOSED,
]


def revocation_records(filters: dict) -> QuerySet[Revocation]:
    """Revocations (撤销行政许可), one per licence certificate. Basis "decided" dates
    them by the 撤销行政许可决定书 (decided_on); "opened" by when the case was opened."""
    qs = Revocation.objects.select_related("licence__holder__district", "initiated_by")
    basis = filters.get("basis") or "decided"
    qs = _in_period(qs, "decided_on" if basis == "decided" else "created_at", filters)
    if district := filters.get("district"):
        qs = qs.filter(licence__holder__district=district)
    if state := filters.get("state"):
        qs = qs.filter(state=state)
    status = filters.get("status")
    if status == "open":
        qs = qs.filter(state__in=REVOCATION_BLOCKING_STATES).exclude(
            state=RevocationState.DECIDED
        )
    elif status == "decided":
        qs = qs.filter(state__in=REVOCATION_DECIDED_STATES)
    elif status == "abandoned":
        qs = qs.filter(state=RevocationState.ABANDONED)
    return qs.order_by("-decided_on", "-created_at", "-id")


class CancellationFilterForm(RecordFilterForm):
    BASIS_CHOICES = [
        ("opened", _("启动日期")),
        ("referred", _("上报函制发日期")),
        ("cancelled", _("注销日期")),
    ]
    route = forms.ChoiceField(
        label=_("办理方式"),
        choices=[
            ("", _("全部")),
            ("local", _("本局注销")),
            ("referral", _("上报省局")),
        ],
        required=False,
    )
    state = forms.ChoiceField(
        label=_("状态"),
        choices=[("", _("全部")), *CancellationState.choices],
        required=False,
    )


def cancellation_records(filters: dict) -> QuerySet[Cancellation]:
    """Cancellations (注销), one per licence. Basis "referred" dates a province-issued
    licence by the referral letter (上报省局注销函) that listed it; "cancelled" by the
    date it was cancelled (here, or by the province's decision)."""
    qs = Cancellation.objects.select_related(
        "licence__holder__district", "licence__issuing_authority", "referral"
    )
    basis = filters.get("basis") or "opened"
    date_field = {
        "opened": "created_at",
        "referred": "referral__issued_on",
        "cancelled": "cancelled_on",
    }[basis]
    qs = _in_period(qs, date_field, filters)
    if basis == "referred":
        qs = qs.filter(referral__issued_on__isnull=False)
    if district := filters.get("district"):
        qs = qs.filter(licence__holder__district=district)
    route = filters.get("route")
    if route == "local":
        qs = qs.exclude(licence__issuing_authority__kind="external")
    elif route == "referral":
        qs = qs.filter(licence__issuing_authority__kind="external")
    if state := filters.get("state"):
        qs = qs.filter(state=state)
    return qs.order_by("-created_at", "-id")


# --- Online cleanup, offline clearance, workshops ------------------------------------


class LeadFilterForm(RecordFilterForm):
    outcome = forms.ChoiceField(
        label=_("处理结果"),
        choices=[
            ("", _("全部")),
            ("removed", _("已清理（违法产品信息、虚假资质信息）")),
            ("listing_removed", _("已清理违法产品信息")),
            ("qualification_removed", _("已清理虚假资质信息")),
            ("escalated", _("转立案查处")),
        ],
        required=False,
    )
    campaign = forms.ModelChoiceField(
        label=_("专项行动"), queryset=Campaign.objects.all(), required=False
    )


def lead_records(filters: dict) -> QuerySet[ListingLead]:
    """Online listing leads, dated by when the takedown was checked (verified_at): the
    day the bureau knew whether the listing was gone. Outcomes follow the campaign
    page's counting rules (`online_cleanup.selectors.listing_lead_outcome_q`)."""
    qs = ListingLead.objects.select_related("campaign", "seller__district", "platform")
    qs = _in_period(qs, "verified_at", filters)
    if district := filters.get("district"):
        qs = qs.filter(seller__district=district)
    if outcome := filters.get("outcome"):
        qs = qs.filter(listing_lead_outcome_q(outcome))
    if campaign := filters.get("campaign"):
        qs = qs.filter(campaign=campaign)
    return qs.order_by("-verified_at", "-id")


class InternetEnterpriseFilterForm(RecordFilterForm):
    campaign = forms.ModelChoiceField(
        label=_("专项行动"), queryset=Campaign.objects.all(), required=False
    )


def internet_enterprise_records(filters: dict) -> QuerySet[Enterprise]:
    """Internet businesses dealt with (依法处理互联网违法违规经营企业): the enterprises
    `online_cleanup.selectors.internet_enterprises_dealt_with` finds among the leads
    verified in the period (sellers whose listings were taken down or who face a case,
    platforms that face a case). Each enterprise once, however many leads."""
    leads = lead_records(
        {k: v for k, v in filters.items() if k in ("year", "month", "campaign")}
    )
    ids = internet_enterprises_dealt_with(leads)
    qs = Enterprise.objects.select_related("district").filter(pk__in=ids)
    if district := filters.get("district"):
        qs = qs.filter(district=district)
    return qs.order_by("name", "id")


class ClearanceFilterForm(RecordFilterForm):
    campaign = forms.ModelChoiceField(
        label=_("专项行动"), queryset=Campaign.objects.all(), required=False
    )


def clearance_records(filters: dict) -> QuerySet[OfflineClearance]:
    """Offline clearances (线下清理): one inspection at one business, with the number
    of products taken off its shelves; dated by the inspection."""
    qs = OfflineClearance.objects.select_related(
        "campaign", "enterprise__district", "officer"
    )
    qs = _in_period(qs, "inspected_on", filters)
    if district := filters.get("district"):
        qs = qs.filter(enterprise__district=district)
    if campaign := filters.get("campaign"):
        qs = qs.filter(campaign=campaign)
    return qs.order_by("-inspected_on", "-id")


class ClosureFilterForm(RecordFilterForm):
    reason = forms.ChoiceField(
        label=_("关停原因"),
        choices=[("", _("全部")), *ClosureReason.choices],
        required=False,
    )


def closure_records(filters: dict) -> QuerySet[WorkshopClosure]:
    """Small food workshops closed down (关停小作坊), dated by the closure."""
    qs = WorkshopClosure.objects.select_related("district", "officer")
    qs = _in_period(qs, "closed_on", filters)
    if district := filters.get("district"):
        qs = qs.filter(district=district)
    if reason := filters.get("reason"):
        qs = qs.filter(reason=reason)
    return qs.order_by("-closed_on", "-id")


class PaymentFilterForm(RecordFilterForm):
    pass


def payment_records(filters: dict) -> QuerySet[Payment]:
    """Money received on penalty cases (罚没款: fines, confiscated gains and late
    surcharge), dated by the payment; its district is the party's."""
    qs = Payment.objects.select_related("case__party__district")
    qs = _in_period(qs, "paid_on", filters)
    if district := filters.get("district"):
        qs = qs.filter(case__party__district=district)
    return qs.order_by("-paid_on", "-id")


# --- Workflow tasks -----------------------------------------------------------------


class TaskFilterForm(RecordFilterForm):
    BASIS_CHOICES = [("finished", _("完成日期")), ("created", _("创建日期"))]
    flow = forms.CharField(label=_("流程"), required=False)
    node = forms.CharField(label=_("环节"), required=False)
    owner = forms.ModelChoiceField(
        label=_("办理人"), queryset=User.objects.all(), required=False
    )
    status = forms.ChoiceField(
        label=_("状态"),
        choices=[
            ("", _("全部")),
            ("open", _("待办")),
            ("overdue", _("已逾期")),
            ("due_soon", _("即将到期")),
            ("done", _("已完成")),
        ],
        required=False,
    )
    on = forms.DateField(label=_("截至日期"), required=False, widget=forms.HiddenInput)


DUE_SOON_DAYS = 7


def task_district_q(district) -> Q:
    """Tasks whose record (the process artifact) belongs to the district: a case by its
    party, a revocation or cancellation by the licence holder, a referral by the holders
    it lists, a listing lead by its seller."""
    condition = Q(pk__in=[])
    for model, path in [
        (Case, "party__district"),
        (Revocation, "licence__holder__district"),
        (Cancellation, "licence__holder__district"),
        (ListingLead, "seller__district"),
    ]:
        condition |= Q(
            process__artifact_content_type=ContentType.objects.get_for_model(model),
            process__artifact_object_id__in=model.objects.filter(
                **{path: district}
            ).values("pk"),
        )
    from licensing.models import Referral

    condition |= Q(
        process__artifact_content_type=ContentType.objects.get_for_model(Referral),
        process__artifact_object_id__in=Cancellation.objects.filter(
            licence__holder__district=district, referral__isnull=False
        ).values("referral_id"),
    )
    return condition


def task_records(filters: dict) -> QuerySet[Task]:
    """Human tasks of every flow. Open tasks are those not finished; overdue ones are
    open past their deadline (`workflows.TaskDeadline`); due soon, open and due within
    a week of `on` (today by default)."""
    qs = Task.objects.filter(flow_task_type="HUMAN").select_related(
        "process", "owner", "deadline"
    )
    basis = filters.get("basis") or "finished"
    qs = _in_period(qs, "finished" if basis == "finished" else "created", filters)
    if flow := filters.get("flow"):
        qs = qs.filter(process__flow_class=flow)
    if node := filters.get("node"):
        qs = qs.filter(flow_task=node)
    if owner := filters.get("owner"):
        qs = qs.filter(owner=owner)
    today = filters.get("on") or timezone.localdate()
    status = filters.get("status")
    open_q = Q(finished__isnull=True) & ~Q(status__in=[STATUS.CANCELED, STATUS.DONE])
    if status == "open":
        qs = qs.filter(open_q)
    elif status == "overdue":
        qs = qs.filter(open_q, task_late_q(today, prefix="deadline__"))
    elif status == "due_soon":
        qs = qs.filter(
            open_q,
            deadline__paused=False,
            deadline__due_on__gte=today,
            deadline__due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )
    elif status == "done":
        qs = qs.filter(status=STATUS.DONE)
    if district := filters.get("district"):
        qs = qs.filter(task_district_q(district))
    return qs.order_by("deadline__due_on", "-created", "-id")


@dataclass(frozen=True)
class TaskRow:
    task: Task
    flow_title: str
    title: str
    url: str
    due_on: datetime.date | None
    days: float | None
    overdue: bool


def tasks_present(tasks: list[Task]) -> list[TaskRow]:
    """Task rows as the list shows them: the flow, the step, a link to the process,
    its deadline and how long it took (or has been open)."""
    now = timezone.now()
    today = timezone.localdate()
    rows = []
    for task in tasks:
        node = task.flow_task
        deadline = getattr(task, "deadline", None)
        end = task.finished or now
        rows.append(
            TaskRow(
                task,
                str(node.flow_class.process_title) if node else "",
                str(node.task_title or node.name) if node else "",
                node.flow_class.instance.reverse(
                    "process_detail", args=[task.process_id]
                )
                if node
                else "",
                deadline.due_on if deadline else None,
                (end - task.created).total_seconds() / 86400,
                bool(deadline and not task.finished and deadline.due_on < today),
            )
        )
    return rows


# --- The registry -------------------------------------------------------------------


@dataclass(frozen=True)
class RecordKind:
    code: str
    title: str
    unit: str
    form_class: type[RecordFilterForm]
    selector: Callable[[dict], QuerySet]
    row_template: str
    permission: str
    # Summed for figures that count things inside the records (products cleared).
    quantity_field: str = ""
    quantity_label: str = ""
    # Turns the fetched records into what the row template shows, when they need more.
    present: Callable[[list], list] | None = None

    def records(self, filters: dict) -> QuerySet:
        return self.selector(filters)

    def value(self, filters: dict):
        """The figure these records make: their number, or the sum of the quantity."""
        qs = self.records(filters)
        if self.quantity_field:
            return qs.aggregate(total=Sum(self.quantity_field))["total"] or 0
        return qs.count()

    def url(self, **filters) -> str:
        return records_url(self.code, **filters)


RECORD_KINDS: dict[str, RecordKind] = {
    kind.code: kind
    for kind in [
        RecordKind(
            "cases",
            _("行政处罚案件"),
            _("起"),
            CaseFilterForm,
            case_records,
            "reports/records/cases.html",
            "enforcement.view_case",
        ),
        RecordKind(
            "revocations",
            _("撤销行政许可"),
            _("份"),
            RevocationFilterForm,
            revocation_records,
            "reports/records/revocations.html",
            "licensing.view_revocation",
        ),
        RecordKind(
            "cancellations",
            _("注销行政许可"),
            _("份"),
            CancellationFilterForm,
            cancellation_records,
            "reports/records/cancellations.html",
            "licensing.view_cancellation",
        ),
        RecordKind(
            "leads",
            _("网络监测线索"),
            _("个"),
            LeadFilterForm,
            lead_records,
            "reports/records/leads.html",
            "online_cleanup.view_listinglead",
        ),
        RecordKind(
            "internet_enterprises",
            _("依法处理的互联网经营企业"),
            _("家"),
            InternetEnterpriseFilterForm,
            internet_enterprise_records,
            "reports/records/enterprises.html",
            "enterprises.view_enterprise",
        ),
        RecordKind(
            "clearances",
            _("线下清理记录"),
            _("个"),
            ClearanceFilterForm,
            clearance_records,
            "reports/records/clearances.html",
            "campaigns.view_offlineclearance",
            quantity_field="products_removed",
            quantity_label=_("下架产品数"),
        ),
        RecordKind(
            "closures",
            _("关停小作坊"),
            _("户"),
            ClosureFilterForm,
            closure_records,
            "reports/records/closures.html",
            "workshops.view_workshopclosure",
        ),
        RecordKind(
            "payments",
            _("罚没款缴纳"),
            _("元"),
            PaymentFilterForm,
            payment_records,
            "reports/records/payments.html",
            "enforcement.view_case",
            quantity_field="amount",
            quantity_label=_("金额（元）"),
        ),
        RecordKind(
            "tasks",
            _("办理任务"),
            _("项"),
            TaskFilterForm,
            task_records,
            "reports/records/tasks.html",
            "reports.view_dashboards",
            present=tasks_present,
        ),
    ]
}


def record_kind_get(code: str) -> RecordKind | None:
    return RECORD_KINDS.get(code)


def _param(value) -> str:
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def records_url(kind: str, **filters) -> str:
    """The list page of the records a figure counts (blank filters left out)."""
    params = {
        key: _param(value)
        for key, value in filters.items()
        if value not in (None, "", False)
    }
    url = reverse("reports:records:index", args=[kind])
    return f"{url}?{urlencode(params)}" if params else url


def records_filters(kind: RecordKind, params) -> tuple[RecordFilterForm, dict | None]:
    """Parse GET parameters with the kind's form: (form, cleaned filters). Invalid
    parameters give the form's errors and no filters, so nothing wrong is shown."""
    form = kind.form_class(params)
    if not form.is_valid():
        return form, None
    return form, {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}


def filters_described(form: RecordFilterForm) -> list[tuple[str, str]]:
    """The active filters as (label, value) pairs a reader understands."""
    described = []
    for name, value in form.cleaned_data.items():
        if value in (None, ""):
            continue
        field = form.fields[name]
        if name == "on":
            continue
        if isinstance(field, forms.ChoiceField) and not isinstance(
            field, forms.ModelChoiceField
        ):
            value = dict(field.choices).get(value, value)
        elif name == "year":
            value = _("%(y)d年") % {"y": value}
        elif name == "month":
            value = _("%(m)d月") % {"m": value}
        elif name in ("node", "flow"):
            value = _node_or_flow_title(name, value)
        elif name == "campaign" and value == "none":
            value = _("（无专项行动）")
        elif name == "investigator" or name == "owner":
            value = value.get_full_name()
        described.append((str(field.label), str(value)))
    return described


def _node_or_flow_title(name: str, ref: str) -> str:
    from viewflow.workflow.fields import import_flow_by_ref, import_task_by_ref

    try:
        if name == "node":
            node = import_task_by_ref(ref)
            return f"{node.flow_class.process_title} · {node.task_title or node.name}"
        return str(import_flow_by_ref(ref).process_title)
    except (ImportError, AttributeError, ValueError, TypeError, AssertionError):
        return ref

"""What the heads' dashboards show: case and licence work by period, district, sector,
campaign and stage; what is late or about to be; how long each step takes; who carries
the work; fines imposed and collected.

Every number is a grouped SQL aggregate over a `reports.records` selector (a fixed
number of queries however many records there are), and every number carries the link
to the records it counts, built from the same filters.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case as Conditional
from django.db.models import (
    CharField,
    Count,
    F,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.status import STATUS

from enforcement.models import (
    CASE_FINISHED_STATES,
    CaseAlert,
    CaseInvestigator,
    PenaltyKind,
    PenaltyLine,
)
from enterprises.models import District, Sector
from organisation.models import User
from workflows.deadlines import task_late_q

from .percentiles import PercentileCont, SecondsBetween
from .records import (
    CASE_STAGES,
    DUE_SOON_DAYS,
    cancellation_records,
    case_records,
    payment_records,
    records_url,
    revocation_records,
    task_records,
)

MONTHS = list(range(1, 13))
DAY = 86400.0


@dataclass(frozen=True)
class Cell:
    """One number on the dashboard and the records behind it."""

    value: int | Decimal | float | None
    url: str = ""


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]
    key: str = ""


@dataclass(frozen=True)
class Table:
    """A breakdown: rows, one cell per column; charts draw the same cells."""

    title: str
    columns: list[str]
    rows: list[Row]
    money: bool = False

    @property
    def totals(self) -> list:
        return [
            sum((r.cells[i].value or 0) for r in self.rows)
            for i in range(len(self.columns))
        ]


def _month_label(month: int) -> str:
    return _("%(m)d月") % {"m": month}


def _base(year: int, district) -> dict:
    return {"year": year, "district": district}


# --- Penalty cases ------------------------------------------------------------------


def _open_closed():
    return {
        "open": Count("id", filter=~Q(state__in=CASE_FINISHED_STATES)),
        "closed": Count("id", filter=Q(state__in=CASE_FINISHED_STATES)),
    }


def _case_group_rows(year, district, group_field, labels, filter_key) -> list[Row]:
    """Cases registered in the year, grouped by one field: open and closed counts."""
    base = _base(year, district)
    qs = case_records(base)
    grouped = (
        qs.order_by()
        .values(group_field)
        .annotate(total=Count("id"), **_open_closed())
        .order_by(group_field)
    )
    rows = []
    for item in grouped:
        key = item[group_field]
        value = key if key is not None else "none"
        filters = {**base, filter_key: value}
        rows.append(
            Row(
                str(labels.get(key, _("未分类"))),
                [
                    Cell(item["total"], records_url("cases", **filters)),
                    Cell(item["open"], records_url("cases", **filters, status="open")),
                    Cell(
                        item["closed"], records_url("cases", **filters, status="closed")
                    ),
                ],
                key=str(value),
            )
        )
    rows.sort(key=lambda r: -r.cells[0].value)
    return rows


OPEN_CLOSED_COLUMNS = [_("登记"), _("在办"), _("已办结")]


def cases_by_district(*, year: int, district=None) -> Table:
    labels = dict(District.objects.values_list("pk", "name"))
    return Table(
        _("按辖区"),
        OPEN_CLOSED_COLUMNS,
        _case_group_rows(year, district, "party__district", labels, "district"),
    )


def cases_by_sector(*, year: int, district=None) -> Table:
    return Table(
        _("按领域"),
        OPEN_CLOSED_COLUMNS,
        _case_group_rows(
            year,
            district,
            "suspected_violation_type__sector",
            dict(Sector.choices),
            "sector",
        ),
    )


def cases_by_campaign(*, year: int, district=None) -> Table:
    from campaigns.models import Campaign

    labels = {
        None: _("（无专项行动）"),
        **dict(Campaign.objects.values_list("pk", "name")),
    }
    return Table(
        _("按专项行动"),
        OPEN_CLOSED_COLUMNS,
        _case_group_rows(year, district, "campaign", labels, "campaign"),
    )


def cases_by_stage(*, year: int, district=None) -> Table:
    """Cases registered in the year by the stage they are in now."""
    base = _base(year, district)
    stage = Conditional(
        *[When(state__in=states, then=Value(code)) for code, _l, states in CASE_STAGES],
        output_field=CharField(),
    )
    counts = dict(
        case_records(base)
        .order_by()
        .annotate(stage=stage)
        .values("stage")
        .annotate(n=Count("id"))
        .values_list("stage", "n")
    )
    return Table(
        _("按办理环节"),
        [_("案件数")],
        [
            Row(
                str(label),
                [Cell(counts.get(code, 0), records_url("cases", **base, stage=code))],
                key=code,
            )
            for code, label, _states in CASE_STAGES
        ],
    )


# The columns of cases by month: (label, date basis, filters). 作出处理决定 counts
# every decision (给予、不予行政处罚, 移送); 给予行政处罚 is the part of it that the
# overview's 作出行政处罚决定 and the fines count.
CASE_MONTH_COLUMNS = [
    (_("登记"), "registered", {}),
    (_("作出处理决定"), "decided", {"outcome": "decided"}),
    (_("其中给予行政处罚"), "decided", {"outcome": "penalty"}),
    (_("结案"), "closed", {}),
]
_CASE_DATE_FIELD = {
    "registered": "registered_at",
    "decided": "decided_on",
    "closed": "closed_on",
}


def cases_by_month(*, year: int, district=None) -> Table:
    """Registered, decided (all decisions, and penalties among them) and closed per
    month of the year, each by its own date; one grouped query per column."""
    base = _base(year, district)
    series = []
    for _label, basis, extra in CASE_MONTH_COLUMNS:
        qs = case_records({**base, "basis": basis, **extra})
        series.append(
            (
                basis,
                extra,
                dict(
                    qs.order_by()
                    .annotate(m=ExtractMonth(_CASE_DATE_FIELD[basis]))
                    .values("m")
                    .annotate(n=Count("id"))
                    .values_list("m", "n")
                ),
            )
        )
    rows = [
        Row(
            _month_label(month),
            [
                Cell(
                    counts.get(month, 0),
                    records_url("cases", **base, basis=basis, month=month, **extra),
                )
                for basis, extra, counts in series
            ],
            key=str(month),
        )
        for month in MONTHS
    ]
    return Table(_("按月份"), [label for label, _b, _e in CASE_MONTH_COLUMNS], rows)


@dataclass(frozen=True)
class CaseOverview:
    registered: Cell
    open: Cell
    closed: Cell
    decided: Cell
    penalties: Cell


def case_overview(*, year: int, district=None) -> CaseOverview:
    base = _base(year, district)
    registered = case_records(base).aggregate(total=Count("id"), **_open_closed())
    decided = case_records({**base, "basis": "decided"}).aggregate(
        decided=Count("id", filter=~Q(decision_kind="")),
        penalties=Count("id", filter=Q(decision_kind="penalty")),
    )
    return CaseOverview(
        registered=Cell(registered["total"], records_url("cases", **base)),
        open=Cell(registered["open"], records_url("cases", **base, status="open")),
        closed=Cell(
            registered["closed"], records_url("cases", **base, status="closed")
        ),
        decided=Cell(
            decided["decided"],
            records_url("cases", **base, basis="decided", outcome="decided"),
        ),
        penalties=Cell(
            decided["penalties"],
            records_url("cases", **base, basis="decided", outcome="penalty"),
        ),
    )


# --- Licence actions ----------------------------------------------------------------


LICENCE_ACTIONS = [
    # column label, record kind, filters
    (_("撤销决定"), "revocations", {"basis": "decided", "status": "decided"}),
    (_("本局注销"), "cancellations", {"basis": "cancelled", "route": "local"}),
    (_("上报省局注销"), "cancellations", {"basis": "referred", "route": "referral"}),
    (
        _("省局已注销"),
        "cancellations",
        {"basis": "cancelled", "route": "referral", "state": "closed"},
    ),
]
_LICENCE_SELECTORS = {
    "revocations": revocation_records,
    "cancellations": cancellation_records,
}
_LICENCE_DATE_FIELD = {
    ("revocations", "decided"): "decided_on",
    ("cancellations", "cancelled"): "cancelled_on",
    ("cancellations", "referred"): "referral__issued_on",
}
_LICENCE_DISTRICT_FIELD = "licence__holder__district"


def _licence_counts(year, district, group) -> list[dict]:
    """For each licence action, its counts grouped by `group` ("month" or
    "district"): one query per action."""
    base = _base(year, district)
    result = []
    for _label, kind, extra in LICENCE_ACTIONS:
        qs = _LICENCE_SELECTORS[kind]({**base, **extra})
        if group == "month":
            date_field = _LICENCE_DATE_FIELD[(kind, extra["basis"])]
            qs = qs.order_by().annotate(g=ExtractMonth(date_field))
        else:
            qs = qs.order_by().annotate(g=F(_LICENCE_DISTRICT_FIELD))
        result.append(
            dict(qs.values("g").annotate(n=Count("id")).values_list("g", "n"))
        )
    return result


def licence_actions_by_month(*, year: int, district=None) -> Table:
    base = _base(year, district)
    counts = _licence_counts(year, district, "month")
    rows = [
        Row(
            _month_label(month),
            [
                Cell(
                    by_month.get(month, 0),
                    records_url(kind, **base, **extra, month=month),
                )
                for (_label, kind, extra), by_month in zip(LICENCE_ACTIONS, counts)
            ],
            key=str(month),
        )
        for month in MONTHS
    ]
    return Table(_("按月份"), [label for label, _k, _e in LICENCE_ACTIONS], rows)


def licence_actions_by_district(*, year: int, district=None) -> Table:
    base = _base(year, district)
    counts = _licence_counts(year, district, "district")
    names = dict(District.objects.values_list("pk", "name"))
    keys = sorted({k for c in counts for k in c if k is not None}, key=str)
    rows = [
        Row(
            names.get(key, ""),
            [
                Cell(
                    by_district.get(key, 0),
                    records_url(kind, **{**base, "district": key}, **extra),
                )
                for (_label, kind, extra), by_district in zip(LICENCE_ACTIONS, counts)
            ],
            key=str(key),
        )
        for key in keys
    ]
    rows.sort(key=lambda r: -sum(c.value for c in r.cells))
    return Table(_("按辖区"), [label for label, _k, _e in LICENCE_ACTIONS], rows)


def licence_actions_by_stage(*, year: int, district=None) -> Table:
    """Revocations and cancellations opened in the year, by the state they are in
    now: one grouped query each."""
    from licensing.models import CancellationState, RevocationState

    base = {**_base(year, district), "basis": "opened"}
    rows = []
    for kind, selector, states, prefix in [
        ("revocations", revocation_records, RevocationState, _("撤销")),
        ("cancellations", cancellation_records, CancellationState, _("注销")),
    ]:
        counts = dict(
            selector(base)
            .order_by()
            .values("state")
            .annotate(n=Count("id"))
            .values_list("state", "n")
        )
        rows += [
            Row(
                f"{prefix}：{label}",
                [Cell(counts[value], records_url(kind, **base, state=value))],
                key=f"{kind}:{value}",
            )
            for value, label in states.choices
            if counts.get(value)
        ]
    return Table(_("按办理状态"), [_("件数")], rows)


# --- Deadlines ----------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineOverview:
    overdue: Cell
    due_soon: Cell
    by_flow: Table
    overdue_tasks: list
    case_alerts: list


def _flow_titles() -> dict[str, str]:
    from viewflow.workflow.fields import get_flow_ref

    from workflows.licence_withdrawal.flows import (
        LicenceCancellationFlow,
        LicenceRevocationFlow,
        ProvinceReferralFlow,
    )
    from workflows.online_cleanup.flows import ListingCleanupFlow
    from workflows.penalty_case.flows import PenaltyCaseFlow, SummaryPenaltyFlow

    return {
        get_flow_ref(flow): str(flow.process_title)
        for flow in [
            PenaltyCaseFlow,
            SummaryPenaltyFlow,
            LicenceRevocationFlow,
            LicenceCancellationFlow,
            ProvinceReferralFlow,
            ListingCleanupFlow,
        ]
    }


def deadline_overview(*, district=None, today: datetime.date | None = None):
    """What is late or about to be, now (not limited to a year): open tasks past their
    deadline, open tasks due within a week, and warnings on open cases' clocks."""
    today = today or timezone.localdate()
    base = {"district": district, "on": today}
    overdue = task_records({**base, "status": "overdue"})
    due_soon = task_records({**base, "status": "due_soon"})
    titles = _flow_titles()
    grouped = (
        task_records({**base, "status": "open"})
        .order_by()
        .values("process__flow_class")
        .annotate(
            overdue=Count("id", filter=task_late_q(today, prefix="deadline__")),
            due_soon=Count(
                "id",
                filter=Q(
                    deadline__paused=False,
                    deadline__due_on__gte=today,
                    deadline__due_on__lte=today
                    + datetime.timedelta(days=DUE_SOON_DAYS),
                ),
            ),
            total=Count("id"),
        )
    )
    rows = []
    for item in grouped:
        flow_ref = item["process__flow_class"]
        flow_ref = flow_ref if isinstance(flow_ref, str) else _ref(flow_ref)
        flow_base = {**base, "flow": flow_ref}
        rows.append(
            Row(
                titles.get(flow_ref, flow_ref),
                [
                    Cell(
                        item["total"], records_url("tasks", **flow_base, status="open")
                    ),
                    Cell(
                        item["overdue"],
                        records_url("tasks", **flow_base, status="overdue"),
                    ),
                    Cell(
                        item["due_soon"],
                        records_url("tasks", **flow_base, status="due_soon"),
                    ),
                ],
                key=flow_ref,
            )
        )
    alerts = CaseAlert.objects.select_related("case").filter(
        case__in=case_records({"district": district, "status": "open"}).values("pk"),
        level=CaseAlert.Level.WARNING,
        due_on__gte=today,
    )
    return DeadlineOverview(
        overdue=Cell(overdue.count(), records_url("tasks", **base, status="overdue")),
        due_soon=Cell(
            due_soon.count(), records_url("tasks", **base, status="due_soon")
        ),
        by_flow=Table(_("按流程"), [_("待办"), _("已逾期"), _("7日内到期")], rows),
        overdue_tasks=list(overdue[:15]),
        case_alerts=list(alerts.order_by("due_on")[:15]),
    )


def _ref(flow_class) -> str:
    from viewflow.workflow.fields import get_flow_ref

    return get_flow_ref(flow_class)


# --- Cycle time ---------------------------------------------------------------------


@dataclass(frozen=True)
class StageTime:
    flow_title: str
    stage: str
    count: Cell
    median_days: float | None
    p90_days: float | None


def cycle_times(*, year: int, district=None) -> list[StageTime]:
    """How long each human step took, from the task's creation to its completion, for
    steps completed in the year: the median and the 90th percentile in days, per flow
    node (viewflow's task timestamps), in one grouped query."""
    base = {**_base(year, district), "basis": "finished", "status": "done"}
    duration = SecondsBetween("finished", "created")
    grouped = (
        task_records(base)
        .order_by()
        .values("process__flow_class", "flow_task")
        .annotate(
            n=Count("id"),
            median=PercentileCont(duration, 0.5),
            p90=PercentileCont(duration, 0.9),
        )
    )
    titles = _flow_titles()
    order = []
    for item in grouped:
        node = item["flow_task"]
        if isinstance(node, str) or node is None:
            continue
        flow_ref = _ref(node.flow_class)
        node_ref = get_task_ref(node)
        order.append(
            (
                flow_ref,
                _node_position(node),
                StageTime(
                    titles.get(flow_ref, flow_ref),
                    str(node.task_title or node.name),
                    Cell(item["n"], records_url("tasks", **base, node=node_ref)),
                    item["median"] / DAY if item["median"] is not None else None,
                    item["p90"] / DAY if item["p90"] is not None else None,
                ),
            )
        )
    order.sort(key=lambda x: (x[0], x[1]))
    return [stage for _f, _p, stage in order]


def _node_position(node) -> int:
    """A node's place in its flow: the order the flow class declares its nodes."""
    names = list(vars(node.flow_class))
    return names.index(node.name) if node.name in names else len(names)


# --- Workload -----------------------------------------------------------------------


@dataclass(frozen=True)
class Workload:
    name: str
    open_tasks: Cell
    overdue_tasks: Cell
    done_tasks: Cell
    open_cases: Cell


def workload(*, year: int, district=None, today: datetime.date | None = None):
    """Per officer: open tasks in their hands now (and how many are overdue), tasks
    they completed in the year, and open cases they are assigned to."""
    today = today or timezone.localdate()
    tasks = (
        task_records({"district": district})
        .exclude(owner=None)
        .order_by()
        .values("owner")
        .annotate(
            open=Count(
                "id",
                filter=Q(finished__isnull=True)
                & ~Q(status__in=[STATUS.CANCELED, STATUS.DONE]),
            ),
            overdue=Count(
                "id",
                filter=Q(finished__isnull=True)
                & task_late_q(today, prefix="deadline__")
                & ~Q(status__in=[STATUS.CANCELED, STATUS.DONE]),
            ),
            done=Count("id", filter=Q(status=STATUS.DONE, finished__year=year)),
        )
    )
    by_owner = {row["owner"]: row for row in tasks}
    cases = dict(
        CaseInvestigator.objects.filter(
            case__in=case_records({"district": district, "status": "open"}).values("pk")
        )
        .order_by()
        .values("user")
        .annotate(n=Count("case", distinct=True))
        .values_list("user", "n")
    )
    people = User.objects.filter(pk__in={*by_owner, *cases}).order_by("username")
    rows = []
    for person in people:
        row = by_owner.get(person.pk, {"open": 0, "overdue": 0, "done": 0})
        base = {"district": district, "owner": person}
        rows.append(
            Workload(
                person.get_full_name(),
                Cell(row["open"], records_url("tasks", **base, status="open")),
                Cell(
                    row["overdue"],
                    records_url("tasks", **base, status="overdue", on=today),
                ),
                Cell(
                    row["done"],
                    records_url("tasks", **base, status="done", year=year),
                ),
                Cell(
                    cases.get(person.pk, 0),
                    records_url(
                        "cases", district=district, investigator=person, status="open"
                    ),
                ),
            )
        )
    rows.sort(key=lambda w: (-w.open_tasks.value, -w.open_cases.value, w.name))
    return rows


# --- Fines --------------------------------------------------------------------------


@dataclass
class Fines:
    imposed: Cell
    collected: Cell
    by_month: Table = field(default=None)


def fines(*, year: int, district=None) -> Fines:
    """Fines and confiscated gains decided in the year (by decision month) against
    money received in the year (by payment month)."""
    base = _base(year, district)
    penalty_cases = case_records({**base, "basis": "decided", "outcome": "penalty"})
    imposed = dict(
        PenaltyLine.objects.filter(
            stage=PenaltyLine.Stage.DECIDED,
            kind__in=[PenaltyKind.FINE, PenaltyKind.CONFISCATION],
            case__in=penalty_cases.values("pk"),
        )
        .order_by()
        .annotate(m=ExtractMonth("case__decided_on"))
        .values("m")
        .annotate(total=Sum("amount"))
        .values_list("m", "total")
    )
    collected = dict(
        payment_records(base)
        .order_by()
        .annotate(m=ExtractMonth("paid_on"))
        .values("m")
        .annotate(total=Sum("amount"))
        .values_list("m", "total")
    )
    zero = Decimal(0)
    rows = [
        Row(
            _month_label(month),
            [
                Cell(
                    imposed.get(month, zero),
                    records_url(
                        "cases", **base, basis="decided", outcome="penalty", month=month
                    ),
                ),
                Cell(
                    collected.get(month, zero),
                    records_url("payments", **base, month=month),
                ),
            ],
            key=str(month),
        )
        for month in MONTHS
    ]
    return Fines(
        imposed=Cell(
            sum(imposed.values(), zero),
            records_url("cases", **base, basis="decided", outcome="penalty"),
        ),
        collected=Cell(sum(collected.values(), zero), records_url("payments", **base)),
        by_month=Table(
            _("按月份"), [_("决定罚没款"), _("罚没款入库")], rows, money=True
        ),
    )


def dashboard(*, year: int, district=None, today: datetime.date | None = None) -> dict:
    """Everything the dashboard page shows."""
    return {
        "overview": case_overview(year=year, district=district),
        "cases_by_month": cases_by_month(year=year, district=district),
        "cases_by_stage": cases_by_stage(year=year, district=district),
        "cases_by_district": cases_by_district(year=year, district=district),
        "cases_by_sector": cases_by_sector(year=year, district=district),
        "cases_by_campaign": cases_by_campaign(year=year, district=district),
        "licences_by_month": licence_actions_by_month(year=year, district=district),
        "licences_by_district": licence_actions_by_district(
            year=year, district=district
        ),
        "licences_by_stage": licence_actions_by_stage(year=year, district=district),
        "deadlines": deadline_overview(district=district, today=today),
        "cycle_times": cycle_times(year=year, district=district),
        "workload": workload(year=year, district=district, today=today),
        "fines": fines(year=year, district=district),
    }

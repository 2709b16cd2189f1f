"""The dashboards' numbers equal what the database holds (counted here record by record,
in Python), every number links to exactly the records it counts, and the page's query
count does not grow with the records."""

import datetime
import statistics
from collections import Counter
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from demo.driving import process_start, task_complete
from enforcement.models import CASE_FINISHED_STATES, Case, Payment, PenaltyLine
from licensing import services as licensing
from licensing.models import Cancellation, Revocation
from reports.dashboards import (
    Table,
    cases_by_campaign,
    cases_by_district,
    cases_by_month,
    cases_by_sector,
    cases_by_stage,
    cycle_times,
    dashboard,
    deadline_overview,
    fines,
    licence_actions_by_month,
    licence_actions_by_stage,
    workload,
)
from reports.records import CASE_STAGES
from tests import factories
from workflows.licence_withdrawal.flows import LicenceRevocationFlow

from .conftest import SHANGHAI, _party, _summary, on
from .test_figures import rows_behind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the revocation notices' PDFs


def _wuhan(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(SHANGHAI)


def _cases_2019(district=None) -> list[Case]:
    return [
        c
        for c in Case.objects.select_related("party", "suspected_violation_type")
        if _wuhan(c.registered_at).year == 2019
        and (district is None or c.party.district_id == district.pk)
    ]


def _by_key(table: Table) -> dict[str, list]:
    return {row.key: [cell.value for cell in row.cells] for row in table.rows}


def test_case_breakdowns_match_the_records(small_year):
    cases = _cases_2019()
    finished = set(CASE_FINISHED_STATES)

    def open_closed(group):
        return [
            len(group),
            sum(c.state not in finished for c in group),
            sum(c.state in finished for c in group),
        ]

    by_district = Counter(c.party.district_id for c in cases)
    table = _by_key(cases_by_district(year=2019))
    assert {int(k): v[0] for k, v in table.items()} == dict(by_district)
    for key, values in table.items():
        assert values == open_closed(
            [c for c in cases if c.party.district_id == int(key)]
        )

    by_sector = Counter(c.suspected_violation_type.sector for c in cases)
    assert {k: v[0] for k, v in _by_key(cases_by_sector(year=2019)).items()} == dict(
        by_sector
    )
    by_campaign = Counter(str(c.campaign_id or "none") for c in cases)
    assert {k: v[0] for k, v in _by_key(cases_by_campaign(year=2019)).items()} == dict(
        by_campaign
    )

    stage_of = {s: code for code, _label, states in CASE_STAGES for s in states}
    by_stage = Counter(stage_of[c.state] for c in cases)
    stages = {k: v[0] for k, v in _by_key(cases_by_stage(year=2019)).items()}
    assert {k: v for k, v in stages.items() if v} == dict(by_stage)

    months = _by_key(cases_by_month(year=2019))
    registered = Counter(_wuhan(c.registered_at).month for c in cases)
    decided = Counter(
        c.decided_on.month
        for c in Case.objects.exclude(decision_kind="")
        if c.decided_on.year == 2019
    )
    for month in range(1, 13):
        assert months[str(month)][0] == registered.get(month, 0)
        assert months[str(month)][1] == decided.get(month, 0)


def test_a_district_filter_keeps_its_own_cases(small_year):
    district = small_year.district_b
    table = _by_key(cases_by_district(year=2019, district=district))
    assert list(table) == [str(district.pk)]
    assert table[str(district.pk)][0] == len(_cases_2019(district))


def test_licence_actions_and_fines_match_the_records(small_year):
    months = _by_key(licence_actions_by_month(year=2019))
    decided = Counter(
        r.decided_on.month
        for r in Revocation.objects.exclude(decided_on=None)
        if r.decided_on.year == 2019
    )
    referred = Counter(
        c.referral.issued_on.month
        for c in Cancellation.objects.exclude(referral=None).select_related("referral")
        if c.referral.issued_on.year == 2019
    )
    for month in range(1, 13):
        assert months[str(month)][0] == decided.get(month, 0)
        assert months[str(month)][2] == referred.get(month, 0)

    result = fines(year=2019)
    imposed = sum(
        (
            line.amount
            for line in PenaltyLine.objects.filter(
                stage="decided", kind__in=["fine", "confiscation"]
            ).select_related("case")
            if line.case.decision_kind == "penalty"
            and line.case.decided_on.year == 2019
        ),
        Decimal(0),
    )
    collected = sum(
        (p.amount for p in Payment.objects.all() if p.paid_on.year == 2019),
        Decimal(0),
    )
    assert result.imposed.value == imposed == Decimal("4500")
    assert result.collected.value == collected == Decimal("1000")
    assert _by_key(result.by_month)["3"] == [Decimal("1000"), Decimal("1000")]


def test_licence_actions_by_stage_match_the_records(small_year):
    expected = Counter(
        f"revocations:{r.state}"
        for r in Revocation.objects.all()
        if _wuhan(r.created_at).year == 2019
    ) + Counter(
        f"cancellations:{c.state}"
        for c in Cancellation.objects.all()
        if _wuhan(c.created_at).year == 2019
    )
    table = _by_key(licence_actions_by_stage(year=2019))
    assert {key: values[0] for key, values in table.items()} == dict(expected)
    assert table["revocations:drafted"] == [1]
    assert table["cancellations:referred"] == [3]


def _revocation_in_flow(people, holder_region="420102"):
    """A revocation started on the flow's start page; its notice served two days
    later: a finished task and an open one with a deadline."""
    clerk = people["clerk"]
    licence = factories.food_licence(holder=_party(holder_region))

    def start(process):
        record = licensing.revocation_open(
            licence=licence,
            ground="fraud_or_bribery",
            facts="以欺骗手段取得许可。",
            evidence="1. 核查函",
            actor=clerk,
        )
        process.artifact = record
        process.data = {"initiator_id": clerk.pk}

    # The 撤销行政许可告知书 is made after the start commits; 送达撤销告知 opens then.
    with on(2019, 5, 6, 9), TestCase.captureOnCommitCallbacks(execute=True):
        process = process_start(LicenceRevocationFlow, clerk, start)
    process = process.__class__.objects.get(pk=process.pk).coerced
    with on(2019, 5, 8, 9):
        task_complete(
            process,
            "serve_notice",
            clerk,
            lambda: licensing.revocation_serve_notice(
                revocation=process.artifact_object_id,
                served_on=datetime.date(2019, 5, 8),
                method="直接送达",
                actor=clerk,
            ),
        )
    return process


def test_deadlines_cycle_times_and_workload_match_the_tasks(small_year):
    people = small_year.people
    _revocation_in_flow(people)
    _revocation_in_flow(people, "420116")
    today = datetime.date(2019, 6, 20)

    tasks = Task.objects.filter(flow_task_type="HUMAN").select_related("deadline")
    open_tasks = [t for t in tasks if t.finished is None]
    overdue = [t for t in open_tasks if t.deadline.due_on < today]
    overview = deadline_overview(today=today)
    assert overview.overdue.value == len(overdue) == 2
    assert overview.due_soon.value == 0
    by_district = deadline_overview(today=today, district=small_year.district_b)
    assert by_district.overdue.value == 1

    done = [t for t in tasks if t.status == STATUS.DONE]
    durations = [(t.finished - t.created).total_seconds() / 86400 for t in done]
    stages = cycle_times(year=2019)
    assert [(s.stage, s.count.value) for s in stages] == [("送达撤销告知", 2)]
    assert stages[0].median_days == pytest.approx(statistics.median(durations))
    assert stages[0].median_days == pytest.approx(2, abs=0.01)
    assert stages[0].p90_days == pytest.approx(
        statistics.quantiles(durations, n=10, method="inclusive")[-1]
    )

    clerk = people["clerk"]
    rows = {w.name: w for w in workload(year=2019, today=today)}
    assert rows[clerk.get_full_name()].open_tasks.value == 2
    assert rows[clerk.get_full_name()].overdue_tasks.value == 2
    assert rows[clerk.get_full_name()].done_tasks.value == 2


def _cells(data: dict):
    """Every linked number of the dashboard, with whether it is money."""
    overview = data["overview"]
    for name in ("registered", "open", "closed", "decided", "penalties"):
        yield getattr(overview, name), False, "cases"
    for value in data.values():
        if isinstance(value, Table):
            for row in value.rows:
                for cell in row.cells:
                    yield cell, value.money, None
    deadlines = data["deadlines"]
    yield deadlines.overdue, False, "tasks"
    yield deadlines.due_soon, False, "tasks"
    for row in deadlines.by_flow.rows:
        for cell in row.cells:
            yield cell, False, "tasks"
    for stage in data["cycle_times"]:
        yield stage.count, False, "tasks"
    for person in data["workload"]:
        for cell in (
            person.open_tasks,
            person.overdue_tasks,
            person.done_tasks,
            person.open_cases,
        ):
            yield cell, False, None
    yield data["fines"].collected, True, "payments"


def test_every_dashboard_number_links_to_the_records_it_counts(small_year, head_client):
    _revocation_in_flow(small_year.people)
    today = datetime.date(2019, 6, 20)
    with time_machine.travel(datetime.datetime(2019, 6, 20, 9, tzinfo=SHANGHAI)):
        data = dashboard(year=2019, today=today)
        checked = 0
        for cell, money, _kind in _cells(data):
            if not cell.url:
                continue
            count, quantity = rows_behind(head_client, cell.url)
            if money:
                if "/payments/" in cell.url:
                    assert quantity == cell.value, cell.url
                continue
            assert count == cell.value, cell.url
            checked += 1
    assert checked > 100


def test_the_page_shows_charts_and_tables_with_bounded_queries(small_year, head_client):
    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            response = head_client.get("/reports/dashboard/", {"year": 2019})
        assert response.status_code == 200
        return response.content.decode(), len(queries)

    html, before = page_queries()
    assert html.count("<svg") >= 8
    assert 'data-kpi="registered"' in html
    assert "/reports/records/cases/?" in html
    with on(2019, 10, 8):
        for region in ["420103", "420104", "420105", "420106"]:
            _summary(small_year.people, _party(region), "hf-label", 500)
    _html, after = page_queries()
    assert after == before
    assert before <= 60
    district = head_client.get(
        "/reports/dashboard/", {"year": 2019, "district": small_year.district_a.pk}
    ).content.decode()
    assert "江岸区" in district and "<svg" in district


def test_the_heads_home_page_links_the_dashboards(small_year, head_client):
    html = head_client.get("/workbench/home/").content.decode()
    assert "/reports/dashboard/" in html
    assert "/reports/annual/" in html
    assert "data-home-chart" in html

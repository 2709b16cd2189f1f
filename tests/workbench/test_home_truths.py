"""What the home page says is true: time left in the unit of the period, counts that
say what they count, a reviewer's link that leads to the tasks, dates that do not wrap."""

import datetime
import re

import time_machine
from django.test import Client
from django.utils import timezone
from viewflow.workflow.models import Task

from deadlines.calendar import add_natural_days, add_working_days
from licensing import services as licensing
from organisation.roles import Role
from tests import factories
from workflows.deadlines import task_deadline_set

from .test_bounded_pages import hits

D = datetime.date
FRIDAY = datetime.datetime(2026, 12, 4, 10, 0, tzinfo=timezone.get_current_timezone())


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def row(html, task):
    return html.split(f'data-task="{task.pk}"')[1].split("</tr>")[0]


def test_time_left_is_counted_in_the_unit_of_the_period(db):
    factories.bureau()
    investigator = factories.user(Role.INVESTIGATOR)
    with time_machine.travel(FRIDAY, tick=False):
        hits(investigator, 3)
        natural, working, late = Task.objects.filter(flow_task_type="HUMAN")[:3]
        today = timezone.localdate()
        # Ten natural days from Friday 4 December: Monday 14 December, which is six
        # working days away (7 to 11 and 14 December).
        task_deadline_set(
            task=natural,
            deadline=add_natural_days(today, 10, roll_to_working_day=False),
            basis="缴款：收到决定书之日起10日",
        )
        task_deadline_set(
            task=working,
            deadline=add_working_days(today, 6),
            basis="通知平台：6个工作日",
        )
        # A natural-day period that ended on Saturday 28 November: six days ago.
        task_deadline_set(
            task=late,
            deadline=add_natural_days(D(2026, 11, 18), 10, roll_to_working_day=False),
            basis="缴款：10日",
        )
        html = client_for(investigator).get("/workbench/home/").content.decode()
    assert "剩余期限" in html and "剩余工作日" not in html
    assert "2026年12月14日" in row(html, natural)
    assert ">10日<" in row(html, natural) and "工作日" not in row(html, natural)
    assert "2026年12月14日" in row(html, working)
    assert ">6个工作日<" in row(html, working)
    assert "逾期6日" in row(html, late)


def test_the_clerks_overview_counts_licences_revoked_this_year_since_cancelled(db):
    factories.bureau()
    clerk = factories.user(Role.LICENSING_CLERK)
    revoked = factories.food_licence()
    factories.food_licence()
    licensing.licence_revoke(
        licence=revoked, actor=clerk, ground="ineligible_applicant", reason="不符合条件"
    )
    licensing.licence_cancel(
        licence=revoked.pk,
        actor=clerk,
        ground="revoked_or_withdrawn",
        reason="许可被撤销，依法注销",
    )
    html = client_for(clerk).get("/workbench/home/").content.decode()
    overview = html.split("data-licence-overview")[1].split("</table>")[0]
    cells = {
        label: (now, entered)
        for label, now, entered in re.findall(
            r'<th>([^<]+)</th><td class="num">(\d+)</td><td class="num">([\d—]+)</td>',
            overview,
        )
    }
    year = timezone.localdate().year
    assert f"{year}年进入" in overview
    assert cells["已撤销"] == ("0", "1")  # revoked this year, cancelled since
    assert cells["已注销"] == ("1", "1")
    assert cells["有效"] == ("1", "—")
    assert "含其后已注销的" in html


def test_the_legal_reviewers_page_leads_to_the_tasks_they_take(db):
    factories.bureau()
    reviewer = factories.user(Role.LEGAL_REVIEWER)
    client = client_for(reviewer)
    html = client.get("/workbench/home/").content.decode()
    panel = html.split('data-panel="review"')[1]
    assert "“待办”中办理" not in panel
    link = re.search(r'href="([^"]+)"[^>]*data-review-queue', panel).group(1)
    page = client.get(link.replace("&amp;", "&"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "data-inbox-tabs" in text and "可领取（0）" in text


def test_dates_in_the_heads_tables_do_not_wrap(db):
    from workflows.models import TaskDeadline

    factories.bureau()
    investigator = factories.user(Role.INVESTIGATOR)
    head = factories.user(Role.BUREAU_HEAD)
    hits(investigator, 1)
    TaskDeadline.objects.update(due_on=D(2026, 11, 20))
    html = client_for(head).get("/workbench/home/").content.decode()
    panel = html.split('data-panel="management"')[1]
    assert '<span class="re-date">2026年11月20日</span>' in panel
    from django.contrib.staticfiles import finders

    with open(finders.find("css/regengine.css"), encoding="utf-8") as css:
        assert ".re-date { white-space: nowrap; }" in css.read()


def test_the_heads_figure_of_the_year_says_it_counts_decisions_of_the_year(db):
    from decimal import Decimal

    from enforcement.models import PenaltyKind, Violation
    from enforcement.services import violation_record
    from tests.enforcement import factories as f

    factories.bureau()
    head = factories.user(Role.BUREAU_HEAD)
    enterprise = factories.enterprise()
    today = timezone.localdate()
    for n, day in enumerate([today, today.replace(year=today.year - 1)], start=1):
        violation_record(
            enterprise=enterprise,
            violation_type=f.violation_type(),
            decided_on=day,
            penalty_kind=PenaltyKind.FINE,
            fine_amount=Decimal("2000"),
            source=Violation.Source.MANUAL,
            decision_number=f"武市监处罚〔{day.year}〕{n}号",
        )
    html = client_for(head).get("/workbench/home/").content.decode()
    assert 'data-stat="violations_this_year">1<' in html
    assert "处罚决定日期在本年度" in html and "本年度登记的违法记录" not in html

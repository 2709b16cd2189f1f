"""The case clocks as users meet them: across the 2026 National Day holiday (1–7
October off, Sunday 20 September and Saturday 10 October worked), across a suspension,
with extensions; shown on the task page and the inbox; warnings and escalation by
`workflow_timers`; and task completion that costs the same queries however many cases
there are."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enforcement.models import CaseAlert, CaseExtension, CasePause, CaseState
from tests.enforcement import factories as f
from workflows.models import TaskDeadline

from .helpers import open_task, task_url
from .penalty_case_steps import (
    act,
    after_commit,
    at,
    case_action,
    file_case,
    fine,
    lines_data,
    logged_in,
    noticed_case,
    refused,
    register_lead,
    reported_case,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def people(db):
    people = f.staff()
    f.benchmark()
    return people


def test_statement_window_across_national_day_in_the_inbox(people):
    with time_machine.travel(at(2026, 9, 30), tick=True):
        clients = logged_in(people)
        case, process = noticed_case(clients, people, f.party())
        # Served Wednesday 30 September: 8, 9, 10 (make-up Saturday), 12, 13 October.
        assert case.statement_due == D(2026, 10, 13)
        task = open_task(process, "statement")
        deadline = TaskDeadline.objects.get(task=task)
        assert deadline.due_on == D(2026, 10, 13)
        assert deadline.unit == "working"
        home = clients["zhang"].get("/workbench/home/").content.decode()
        assert f'data-task="{task.pk}"' in home
        assert "2026年10月13日" in home
        assert case.title in home
        page = clients["zhang"].get(task_url(task, "execute")).content.decode()
        assert 'data-clock="statement"' in page


def test_verification_clock_across_national_day_and_its_extension(people):
    with time_machine.travel(at(2026, 9, 30), tick=True):
        clients = logged_in(people)
        # Received Wednesday 30 September: 15 working days end Tuesday 27 October
        # (8, 9, 10 (make-up Saturday), 12–16, 19–23, 26, 27 October).
        case, process = register_lead(clients, f.party(), received_on=D(2026, 9, 30))
        assert case.verification_due == D(2026, 10, 27)
        verify = open_task(process, "verify")
        assert TaskDeadline.objects.get(task=verify).due_on == D(2026, 10, 27)
        # Only the head extends, once, by 15 working days.
        assert (
            case_action(clients["zhang"], case, "extend_verification", {}).status_code
            == 403
        )
        response = case_action(
            clients["liuqiang"],
            case,
            "extend_verification",
            {"reason": "需向外省市场监管部门协查供货来源。"},
        )
        assert response.status_code == 302
        case.refresh_from_db()
        # +15 working days: 28–30 October, 2–6, 9–13, 16, 17 November.
        assert case.verification_due == D(2026, 11, 17)
        assert TaskDeadline.objects.get(task=verify).due_on == D(2026, 11, 17)
        response = case_action(
            clients["liuqiang"], case, "extend_verification", {"reason": "再次延长"}
        )
        assert response.status_code == 403  # no longer offered


def test_suspension_stops_the_decision_clock(people):
    with time_machine.travel(at(2026, 11, 2), tick=True) as traveller:
        clients = logged_in(people)
        case, process = file_case(clients, people, f.party())
        investigate = open_task(process, "investigate")
        before = TaskDeadline.objects.get(task=investigate).due_on
        # Filed Monday 2 November: 90 days → Sunday 31 January 2027, rolled to the
        # next working day (2027 has no holiday data yet: Monday to Friday).
        assert before == D(2027, 2, 1)

        response = case_action(
            clients["liuqiang"],
            case,
            "suspend",
            {
                "reason": "当事人法定代表人因病住院，无法接受询问。",
                "on": D(2026, 11, 2),
            },
        )
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.state == CaseState.SUSPENDED
        # No report while suspended.
        response = act(
            clients["zhang"],
            process,
            "investigate",
            {
                "outcome": "report",
                "violation_type": f.violation_type().pk,
                "facts": "当事人销售超过保质期的食品。",
                "proposal": "penalty",
                **lines_data([fine()]),
            },
            expect_ok=False,
        )
        assert "中止调查" in refused(response)

        traveller.move_to(at(2026, 11, 12))
        clients = logged_in(people)
        response = case_action(
            clients["liuqiang"], case, "resume", {"on": D(2026, 11, 12)}
        )
        assert response.status_code == 302
        pause = CasePause.objects.get(case=case, kind=CasePause.Kind.SUSPENSION)
        assert (pause.started_on, pause.ended_on) == (D(2026, 11, 2), D(2026, 11, 12))
        after = TaskDeadline.objects.get(task=investigate).due_on
        # 3–12 November (10 days) are not counted: 31 January + 10 → 10 February.
        assert after == D(2027, 2, 10)
        page = clients["zhang"].get(reverse("cases:case:detail", args=[case.pk]))
        assert "中止调查" in page.content.decode()


def test_a_suspended_case_near_its_deadline_raises_no_warning_each_day(people):
    with time_machine.travel(at(2026, 11, 2), tick=True) as traveller:
        clients = logged_in(people)
        case, process = file_case(clients, people, f.party())
        # Suspended three days before the decision is due (1 February 2027).
        traveller.move_to(at(2027, 1, 29))
        clients = logged_in(people)
        response = case_action(
            clients["liuqiang"],
            case,
            "suspend",
            {"reason": "当事人下落不明，无法调查。", "on": D(2027, 1, 29)},
        )
        assert response.status_code == 302
        for day in (1, 2, 3):
            traveller.move_to(at(2027, 2, day))
            call_command("workflow_timers", verbosity=0)
        # The decision clock stands still while suspended: nothing to warn of, and
        # the investigation task is not late.
        assert not CaseAlert.objects.filter(case=case, clock="decision").exists()
        investigate = TaskDeadline.objects.get(task=open_task(process, "investigate"))
        assert investigate.escalated_at is None
        clients = logged_in(people)
        inbox = clients["zhang"].get("/workbench/home/").content.decode()
        row = inbox.split(f'data-task="{investigate.task_id}"')[1].split("</tr>")[0]
        assert "计时中止" in row and "逾期" not in row
        # Resumed: the clock runs again from a due date moved by the paused days.
        response = case_action(
            clients["liuqiang"], case, "resume", {"on": D(2027, 2, 3)}
        )
        assert response.status_code == 302
        investigate.refresh_from_db()
        assert not investigate.paused
        # 1 February + 5 paused days = Saturday 6 February, rolled to Monday.
        assert investigate.due_on == D(2027, 2, 8)


def test_decision_period_extensions(people):
    with time_machine.travel(at(2026, 11, 2), tick=True):
        clients = logged_in(people)
        case, process = reported_case(clients, people, f.party())
        review = open_task(process, "case_review")
        too_long = case_action(
            clients["liuqiang"],
            case,
            "extend_decision",
            {"days": 45, "reason": "需检验检测。"},
        )
        assert "不得超过30日" in refused(too_long)
        ok = case_action(
            clients["liuqiang"],
            case,
            "extend_decision",
            {"days": 30, "reason": "涉案产品需送检，检验周期较长。"},
        )
        assert ok.status_code == 302
        again = case_action(
            clients["liuqiang"],
            case,
            "extend_decision",
            {"days": 30, "reason": "检验结果尚未出具。"},
        )
        assert "须经负责人集体讨论决定" in refused(again)
        with_discussion = case_action(
            clients["liuqiang"],
            case,
            "extend_decision",
            {
                "days": 60,
                "reason": "检验结果尚未出具。",
                "held_on": D(2026, 11, 2),
                "participants": [
                    people["liuqiang"].pk,
                    people["wang"].pk,
                    people["zhou"].pk,
                ],
                "minutes": "局务会议集体讨论，同意再延长六十日。",
            },
        )
        assert with_discussion.status_code == 302
    extensions = list(CaseExtension.objects.filter(case=case).order_by("pk"))
    assert [(e.days, e.discussion_id is not None) for e in extensions] == [
        (30, False),
        (60, True),
    ]
    assert review.pk  # the review task itself keeps its own 10-working-day period


def test_overdue_tasks_escalate_and_clocks_warn_before(people):
    with time_machine.travel(at(2026, 11, 2), tick=True) as traveller:
        clients = logged_in(people)
        case, process = reported_case(clients, people, f.party())
        review = open_task(process, "case_review")
        # Ten working days from Monday 2 November: Monday 16 November.
        assert TaskDeadline.objects.get(task=review).due_on == D(2026, 11, 16)
        traveller.move_to(at(2026, 11, 17))
        clients = logged_in(people)
        call_command("workflow_timers", verbosity=0)
        assert TaskDeadline.objects.get(task=review).escalated_at is not None
        head_home = clients["liuqiang"].get("/workbench/home/").content.decode()
        assert case.title in head_home  # on the heads' overdue list

        traveller.move_to(at(2027, 1, 29))
        call_command("workflow_timers", verbosity=0)
        assert CaseAlert.objects.filter(
            case=case, clock="decision", level=CaseAlert.Level.WARNING
        ).exists()
        clients = logged_in(people)
        head_home = clients["liuqiang"].get("/workbench/home/").content.decode()
        assert "data-case-alerts" in head_home


def _complete_review(clients, process):
    task = open_task(process, "case_review")
    with after_commit():
        clients["li"].post(task_url(task, "assign"))
    with CaptureQueriesContext(connection) as queries, after_commit():
        response = clients["li"].post(
            task_url(open_task(process, "case_review"), "execute"),
            {"opinion": "事实清楚。"},
        )
    assert response.status_code == 302
    return len(queries)


def test_task_completion_queries_do_not_grow_with_the_number_of_cases(people):
    clients = logged_in(people)
    _, first = reported_case(clients, people, f.party(name="武汉市甲乙食品有限公司"))
    few = _complete_review(clients, first)
    for n in range(4):
        reported_case(clients, people, f.party(name=f"武汉市江城食品有限公司{n}"))
    _, last = reported_case(clients, people, f.party(name="武汉市丙丁食品有限公司"))
    many = _complete_review(clients, last)
    assert few == many

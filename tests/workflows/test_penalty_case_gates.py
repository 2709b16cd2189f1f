"""Each procedure gate refusing through the views, with its reason, and changing
nothing; and the return to investigation as one audited action."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from enforcement.models import CaseEvent, CaseState, PenaltyLine
from organisation.roles import Role
from tests import factories
from tests.enforcement import factories as f

from .helpers import open_task, task_url
from .penalty_case_steps import (
    act,
    at,
    case_action,
    fine,
    lines_data,
    logged_in,
    noticed_case,
    post,
    refused,
    report,
    reported_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    people = f.staff()
    f.benchmark()
    return people


def _row(html: str, task) -> str:
    """The inbox row of the task on a home page."""
    start = html.index(f'data-task="{task.pk}"')
    return html[start : html.index("</tr>", start)]


def _waive(clients, process):
    act(
        clients["zhang"],
        process,
        "statement",
        {
            "outcome": "waiver",
            "received_on": timezone.localdate(),
            "statement": "当事人书面放弃陈述、申辩和听证。",
        },
    )


def test_no_decision_while_the_statement_window_is_open(people):
    with time_machine.travel(at(2026, 11, 2), tick=True) as traveller:
        clients = logged_in(people)
        case, process = noticed_case(clients, people, f.party())
        act(
            clients["zhang"],
            process,
            "statement",
            {
                "outcome": "statement",
                "received_on": datetime.date(2026, 11, 2),
                "statement": "涉案麻花系供货商配送，当事人不知已过期，请求从轻处罚。",
            },
        )
        act(
            clients["zhang"],
            process,
            "re_examination",
            {
                "adopted": "0",
                "opinion": "当事人未尽进货查验义务，理由不成立。",
                **lines_data([fine()]),
            },
        )
        # The head's inbox and the task say from when the decision may be made.
        notice = "11月10日起可以办理：陈述申辩期至11月9日届满"
        task = open_task(process, "decide")
        home = clients["liuqiang"].get(reverse("workbench:home:index"))
        row = _row(home.content.decode(), task)
        assert row.count(notice) == 1
        post(clients["liuqiang"], task_url(task, "assign"))
        page = clients["liuqiang"].get(task_url(task, "execute")).content.decode()
        assert page.count(notice) == 1
        assert page.count("陈述申辩期至") == 1

        decide = {"kind": "penalty", "opinion": "同意。", **lines_data([fine()])}
        response = act(clients["liuqiang"], process, "decide", decide, expect_ok=False)
        assert "陈述申辩期至2026年11月9日届满" in refused(response)
        # The refusal says it, once; the notice does not repeat it beside it.
        html = response.content.decode()
        assert html.count("陈述申辩期至2026年11月9日届满") == 1
        assert html.count("陈述申辩期至") == 1
        case.refresh_from_db()
        assert case.state == CaseState.DECISION
        assert not case.penalty_lines.filter(stage=PenaltyLine.Stage.DECIDED).exists()

        traveller.move_to(at(2026, 11, 10))
        clients = logged_in(people)
        page = clients["liuqiang"].get(task_url(task, "execute")).content.decode()
        assert "陈述申辩期至" not in page
        home = clients["liuqiang"].get(reverse("workbench:home:index"))
        assert "起可以办理" not in _row(home.content.decode(), task)
        act(clients["liuqiang"], process, "decide", decide)
    case.refresh_from_db()
    assert case.state == CaseState.DECIDED


def test_no_penalty_without_a_served_notice(people):
    clients = logged_in(people)
    case, process = reported_case(
        clients,
        people,
        f.party(),
        lines=[],
        proposal="no_penalty",
        no_penalty_reason="minor_corrected",
    )
    act(clients["li"], process, "case_review", {"opinion": "同意。"})
    response = act(
        clients["liuqiang"],
        process,
        "decide",
        {"kind": "penalty", "opinion": "应予处罚。", **lines_data([fine()])},
        expect_ok=False,
    )
    assert "尚未向当事人送达行政处罚告知书" in refused(response)


def test_a_penalty_qualifying_for_a_hearing_needs_the_right_offered(people):
    clients = logged_in(people)
    party = f.party()
    licence = factories.food_licence(holder=party)
    case, process = noticed_case(clients, people, party)
    assert case.hearing_offered is False
    _waive(clients, process)
    response = act(
        clients["liuqiang"],
        process,
        "decide",
        {
            "kind": "penalty",
            "opinion": "吊销许可证。",
            **lines_data(
                [
                    fine(),
                    {
                        "violation_type": f.violation_type(),
                        "kind": "licence_revocation",
                        "licence": licence,
                    },
                ]
            ),
        },
        expect_ok=False,
    )
    errors = refused(response)
    assert "但告知书未告知听证权利" in errors
    assert "须重新告知当事人" in errors  # heavier, though the party did not defend
    licence.refresh_from_db()
    assert licence.state == "valid"


def test_a_complex_case_needs_a_qualified_legality_reviewer(people):
    clients = logged_in(people)
    novice = factories.user(Role.LEGAL_REVIEWER, full_name="吴琳")
    clients["novice"] = logged_in({"novice": novice})["novice"]
    case, process = reported_case(clients, people, f.party(), is_complex="on")
    act(clients["li"], process, "case_review", {"opinion": "案情复杂，需法制审核。"})
    case.refresh_from_db()
    assert case.state == CaseState.LEGALITY_REVIEW
    response = act(
        clients["novice"],
        process,
        "legality_review",
        {"opinion": "同意。"},
        expect_ok=False,
    )
    assert "吴琳未取得法律职业资格" in refused(response)
    # The novice hands the task back; a qualified reviewer takes it.
    task = open_task(process, "legality_review")
    assert post(clients["novice"], task_url(task, "unassign")).status_code == 302
    act(clients["he"], process, "legality_review", {"opinion": "定性准确，程序合法。"})
    case.refresh_from_db()
    assert case.state == CaseState.STATEMENT or case.notice_number
    assert case.requires_collective_discussion


def test_return_to_investigation_cancels_the_open_tasks_in_one_step(people):
    with time_machine.travel(at(2026, 11, 2), tick=True):
        clients = logged_in(people)
        case, process = noticed_case(clients, people, f.party())
        first_notice = case.notice_number
        _waive(clients, process)
        decide = open_task(process, "decide")
        # An investigator may not send the case back.
        response = case_action(clients["zhang"], case, "return", {"reason": "x"})
        assert response.status_code == 403
        response = case_action(
            clients["liuqiang"],
            case,
            "return",
            {"reason": "货值金额计算依据不足，请补充进货单据。"},
        )
        assert response.status_code == 302
        decide.refresh_from_db()
        assert decide.status == "CANCELED"
        investigate = open_task(process, "investigate")
        assert investigate.owner == people["zhang"]
        case.refresh_from_db()
        assert case.state == CaseState.INVESTIGATING
        assert case.round == 2
        assert case.notice_number == ""
        event = CaseEvent.objects.get(case=case, action="return_to_investigation")
        assert event.actor == people["liuqiang"]
        assert "进货单据" in event.note
        page = clients["zhang"].get(reverse("cases:case:detail", args=[case.pk]))
        assert "货值金额计算依据不足" in page.content.decode()

        # The second round goes through review and a new notice, under a new number.
        report(clients, process, [fine("55000")])
        act(clients["li"], process, "case_review", {"opinion": "补充调查后事实清楚。"})
        case.refresh_from_db()
        assert case.notice_number and case.notice_number != first_notice

"""Enforcement through the views: late payment with the 3 % surcharge, the demand and
the court application's gates, and a deferral approved by the head."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from enforcement.models import CaseAlert, CaseState, Payment
from tests.enforcement import factories as f
from workflows.models import TaskDeadline

from .helpers import open_task
from .penalty_case_steps import (
    act,
    at,
    case_action,
    fine,
    lines_data,
    logged_in,
    noticed_case,
    refused,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    people = f.staff()
    f.benchmark()
    return people


def _decided_and_served(clients, people, traveller):
    """Notice served Monday 2 November, window lapsed, decided and served Tuesday 10
    November: 50,000 yuan due Wednesday 25 November."""
    case, process = noticed_case(clients, people, f.party())
    traveller.move_to(at(2026, 11, 10))
    clients = logged_in(people)
    call_command("workflow_timers", verbosity=0)
    act(
        clients["liuqiang"],
        process,
        "decide",
        {"kind": "penalty", "opinion": "同意处罚。", **lines_data([fine()])},
    )
    act(
        clients["zhang"],
        process,
        "serve_decision",
        {"served_on": datetime.date(2026, 11, 10), "method": "direct"},
    )
    act(
        clients["zhang"],
        process,
        "publicity",
        {
            "published_on": datetime.date(2026, 11, 10),
            "reference": "https://www.gsxt.gov.cn/hb/penalty/2026-1201",
        },
    )
    case.refresh_from_db()
    return case, process


def test_late_payment_accrues_the_surcharge_and_the_demand_comes_first(people):
    with time_machine.travel(at(2026, 11, 2), tick=True) as traveller:
        clients = logged_in(people)
        case, process = _decided_and_served(clients, people, traveller)
        assert case.payment_due == datetime.date(2026, 11, 25)

        # Ten days late (26 November – 5 December): 10 × 3 % × 50,000 = 15,000.
        traveller.move_to(at(2026, 12, 5))
        clients = logged_in(people)
        call_command("workflow_timers", verbosity=0)
        execution = open_task(process, "execution")
        deadline = TaskDeadline.objects.get(task=execution)
        assert deadline.due_on == datetime.date(2026, 11, 25)
        assert deadline.escalated_at is not None
        assert CaseAlert.objects.filter(
            case=case, clock="payment", level=CaseAlert.Level.OVERDUE
        ).exists()
        page = clients["zhang"].get(reverse("cases:case:detail", args=[case.pk]))
        assert "加处罚款15,000.00元" in page.content.decode()

        # The court comes after the demand, and not before the remedy periods end.
        response = case_action(
            clients["zhang"],
            case,
            "court",
            {"applied_on": datetime.date(2026, 12, 5), "court_name": "江岸区人民法院"},
        )
        assert response.status_code == 403  # no demand yet: not offered
        response = case_action(
            clients["zhang"],
            case,
            "demand",
            {
                "served_on": datetime.date(2026, 12, 5),
                "reference": "武市监催〔2026〕17号",
            },
        )
        assert response.status_code == 302
        response = case_action(
            clients["zhang"],
            case,
            "court",
            {"applied_on": datetime.date(2026, 12, 5), "court_name": "江岸区人民法院"},
        )
        assert "催告书送达十日后" in refused(response)

        # Paying the fine alone leaves the surcharge owed (twelve days by 7 December).
        traveller.move_to(at(2026, 12, 7))
        clients = logged_in(people)
        act(
            clients["zhang"],
            process,
            "execution",
            {
                "action": "payment",
                "amount": "50000.00",
                "paid_on": datetime.date(2026, 12, 7),
                "receipt_number": "鄂财非税 420100-2026-0093311",
            },
        )
        case.refresh_from_db()
        assert case.state == CaseState.ENFORCEMENT
        assert open_task(process, "execution")  # still open: 18,000 owed
        traveller.move_to(at(2026, 12, 8))
        clients = logged_in(people)
        act(
            clients["zhang"],
            process,
            "execution",
            {
                "action": "payment",
                "amount": "18000.00",
                "paid_on": datetime.date(2026, 12, 8),
                "receipt_number": "鄂财非税 420100-2026-0093472",
            },
        )
        case.refresh_from_db()
        assert case.state == CaseState.EXECUTED
        assert "加处罚款18,000.00元" in case.execution_summary
        assert sum(p.amount for p in Payment.objects.filter(case=case)) == Decimal(
            "68000.00"
        )
        act(
            clients["zhang"],
            process,
            "propose_closure",
            {"summary": "罚款及加处罚款已缴清。"},
        )
        act(clients["liuqiang"], process, "approve_closure", {"opinion": "同意结案。"})
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED


def test_a_deferral_moves_the_due_date_and_no_surcharge_runs(people):
    with time_machine.travel(at(2026, 11, 2), tick=True) as traveller:
        clients = logged_in(people)
        case, process = _decided_and_served(clients, people, traveller)
        traveller.move_to(at(2026, 11, 20))
        clients = logged_in(people)
        # An investigator may not approve it; the head may.
        response = case_action(clients["zhang"], case, "arrangement", {})
        assert response.status_code == 403
        response = case_action(
            clients["liuqiang"],
            case,
            "arrangement",
            {
                "kind": "deferral",
                "applied_on": datetime.date(2026, 11, 20),
                "reason": "当事人受疫情影响资金周转困难，申请延期缴纳。",
                "schedule": "2026-12-31 50000",
            },
        )
        assert response.status_code == 302, refused(response)
        execution = open_task(process, "execution")
        assert TaskDeadline.objects.get(task=execution).due_on == datetime.date(
            2026, 12, 31
        )
        traveller.move_to(at(2026, 12, 28))
        clients = logged_in(people)
        act(
            clients["zhang"],
            process,
            "execution",
            {
                "action": "payment",
                "amount": "50000.00",
                "paid_on": datetime.date(2026, 12, 28),
                "receipt_number": "鄂财非税 420100-2026-0101938",
            },
        )
    case.refresh_from_db()
    assert case.state == CaseState.EXECUTED
    assert "加处罚款" not in case.execution_summary


def test_an_instalment_plan_must_add_up_to_what_is_owed(people):
    with time_machine.travel(at(2026, 11, 2), tick=True) as traveller:
        clients = logged_in(people)
        case, process = _decided_and_served(clients, people, traveller)
        response = case_action(
            clients["liuqiang"],
            case,
            "arrangement",
            {
                "kind": "instalments",
                "applied_on": datetime.date(2026, 11, 10),
                "reason": "经营困难，申请分期缴纳。",
                "schedule": "2026-12-31 20000\n2027-01-31 20000",
            },
        )
        assert "应当等于应缴未缴的罚没款50,000.00元" in refused(response)
        assert case.payment_arrangements.count() == 0


def test_court_enforcement_once_the_remedy_periods_have_run(people):
    with time_machine.travel(at(2026, 11, 2), tick=True) as traveller:
        clients = logged_in(people)
        case, process = _decided_and_served(clients, people, traveller)
        traveller.move_to(at(2026, 12, 5))
        clients = logged_in(people)
        case_action(
            clients["zhang"],
            case,
            "demand",
            {
                "served_on": datetime.date(2026, 12, 5),
                "reference": "武市监催〔2026〕21号",
            },
        )
        # Six months for a lawsuit from 10 November: the court only after 10 May 2027.
        traveller.move_to(at(2027, 5, 10))
        clients = logged_in(people)
        court = {
            "applied_on": datetime.date(2027, 5, 10),
            "court_name": "武汉市江岸区人民法院",
            "court_reference": "（2027）鄂0102行审123号",
        }
        response = case_action(clients["zhang"], case, "court", court)
        assert "期限至2027年5月10日届满" in refused(response)
        traveller.move_to(at(2027, 5, 11))
        clients = logged_in(people)
        response = case_action(
            clients["zhang"], case, "court", {**court, "applied_on": "2027-05-11"}
        )
        assert response.status_code == 302, refused(response)
        traveller.move_to(at(2027, 7, 20))
        clients = logged_in(people)
        act(
            clients["zhang"],
            process,
            "execution",
            {
                "action": "court",
                "paid_on": datetime.date(2027, 7, 20),
                "summary": "法院裁定准予强制执行，已划拨罚款及加处罚款共计100,000.00元。",
            },
        )
    case.refresh_from_db()
    assert case.state == CaseState.EXECUTED
    assert case.court_name == "武汉市江岸区人民法院"

"""The ordinary procedure, lead to closure, with the fine paid on time."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from documents.models import IssuedDocument
from enforcement.models import CaseState, PenaltyLine, Violation
from search.models import SearchOutbox
from tests.enforcement import factories as f

from .helpers import open_task
from .penalty_case_steps import (
    act,
    at,
    fine,
    lines_data,
    logged_in,
    noticed_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    people = f.staff()
    f.benchmark()
    return people


def _types(case):
    return list(
        IssuedDocument.objects.filter(object_id=str(case.pk))
        .order_by("issued_at", "id")
        .values_list("document_type__code", flat=True)
    )


def test_ordinary_case_with_the_fine_paid_on_time(people):
    with time_machine.travel(at(2026, 11, 2), tick=True) as traveller:
        clients = logged_in(people)
        party = f.party()
        case, process = noticed_case(clients, people, party)

        assert case.state == CaseState.STATEMENT
        assert case.registration_number.startswith("武市监案源〔2026〕")
        assert case.filing_number.startswith("武市监立审〔2026〕")
        assert case.notice_number.startswith("武市监罚告〔2026〕")
        assert case.hearing_offered is False  # 50,000 yuan is below 100,000
        # Served Monday 2 November: 5 working days → Monday 9 November.
        assert case.statement_due == datetime.date(2026, 11, 9)
        assert case.discretion_benchmark.version == "2026年版"

        # The party stays silent; the window closes through workflow_timers.
        traveller.move_to(at(2026, 11, 10))
        clients = logged_in(people)
        call_command("workflow_timers", verbosity=0)
        case.refresh_from_db()
        assert case.state == CaseState.DECISION
        assert case.statement_lapsed is True

        act(
            clients["liuqiang"],
            process,
            "decide",
            {
                "kind": "penalty",
                "opinion": "同意处罚。",
                **lines_data([fine()]),
            },
        )
        case.refresh_from_db()
        assert case.state == CaseState.DECIDED
        assert case.decision_number.startswith("武市监处罚〔2026〕")
        decision = IssuedDocument.objects.get(number=case.decision_number)
        assert decision.document_type.code == "penalty_decision"
        assert "裁量基准" in decision.context["discretion"]
        assert "2026年版" in decision.context["discretion"]
        assert decision.context["reconsideration_body"] == "武汉市人民政府"
        violation = Violation.objects.get(enterprise=party)
        assert violation.decision_number == case.decision_number
        assert violation.fine_amount == Decimal("50000")
        assert violation.source == Violation.Source.CASE
        assert SearchOutbox.objects.filter(
            model_label="enforcement.violation", object_pk=str(violation.pk)
        ).exists()

        act(
            clients["zhang"],
            process,
            "serve_decision",
            {"served_on": datetime.date(2026, 11, 10), "method": "direct"},
        )
        case.refresh_from_db()
        assert case.state == CaseState.ENFORCEMENT
        # Received Tuesday 10 November: 15 natural days → Wednesday 25 November.
        assert case.payment_due == datetime.date(2026, 11, 25)
        assert case.publicity_required is True

        act(
            clients["zhang"],
            process,
            "publicity",
            {
                "published_on": datetime.date(2026, 11, 10),
                "reference": "https://www.gsxt.gov.cn/hb/penalty/2026-1135",
            },
        )
        traveller.move_to(at(2026, 11, 20))
        clients = logged_in(people)
        act(
            clients["zhang"],
            process,
            "execution",
            {
                "action": "payment",
                "amount": "50000.00",
                "paid_on": datetime.date(2026, 11, 20),
                "receipt_number": "鄂财非税 420100-2026-0081573",
            },
        )
        case.refresh_from_db()
        assert case.state == CaseState.EXECUTED
        assert "50,000.00元" in case.execution_summary

        act(clients["zhang"], process, "propose_closure", {"summary": "罚款已缴清。"})
        act(clients["liuqiang"], process, "approve_closure", {"opinion": "同意结案。"})

    case.refresh_from_db()
    process.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert process.status == "DONE"
    assert case.closure_number.startswith("武市监结审〔2026〕")
    assert _types(case) == [
        "case_source_registration",
        "case_filing_approval",
        "penalty_notice",
        "service_receipt",
        "penalty_decision",
        "service_receipt",
        "case_closure_approval",
    ]
    assert list(
        case.penalty_lines.filter(stage=PenaltyLine.Stage.DECIDED).values_list(
            "discretion_rule__item", flat=True
        )
    ) == ["第37项"]


def test_case_page_shows_what_it_needs_its_clocks_and_history(people):
    with time_machine.travel(at(2026, 11, 2), tick=True):
        clients = logged_in(people)
        case, process = noticed_case(clients, people, f.party())
        page = clients["zhang"].get(reverse("cases:case:detail", args=[case.pk]))
        html = page.content.decode()
    assert page.status_code == 200
    assert "等待当事人陈述、申辩" in html
    assert 'data-clock="statement"' in html
    assert 'data-clock="decision"' in html
    assert "2026年11月9日" in html  # statement due
    assert case.notice_number in html
    assert "行政处罚告知书" in html
    assert open_task(process, "statement").owner == people["zhang"]

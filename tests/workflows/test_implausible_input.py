"""Numbers no case has: a fine mistyped with extra digits is refused with the limit the
administrator set, and nothing is saved."""

import pytest
import time_machine

from enforcement.models import CaseState, PenaltyLine
from tests.enforcement import factories as f
from tests.workflows.penalty_case_steps import (
    REPORT,
    act,
    add_evidence,
    at,
    file_case,
    fine,
    lines_data,
    logged_in,
    refused,
)


@pytest.fixture
def people(db):
    people = f.staff()
    f.benchmark()
    return people


def test_a_fine_of_123_billion_yuan_is_refused_as_a_typing_error(people):
    with time_machine.travel(at(2026, 11, 2), tick=True):
        clients = logged_in(people)
        case, process = file_case(clients, people, f.party())
        add_evidence(clients, case)
        data = {**REPORT, "violation_type": f.violation_type().pk}
        response = act(
            clients["zhang"],
            process,
            "investigate",
            {**data, **lines_data([fine("123456789012")])},
            expect_ok=False,
        )
        message = refused(response)
        assert "第1项：金额" in message
        assert "超过系统设定的单项上限" in message
        assert "上限1,000,000,000.00元" in message
        case.refresh_from_db()
        assert case.state == CaseState.INVESTIGATING
        assert not PenaltyLine.objects.filter(case=case).exists()

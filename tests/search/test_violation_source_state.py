"""A violation from a penalty case carries the case's state in the index, and follows it
as the case moves on."""

import pytest

from enforcement.models import Violation
from tests import factories
from tests.enforcement import factories as f
from tests.search.conftest import indexed, search_db
from tests.workflows.penalty_case_steps import (
    act,
    case_process,
    logged_in,
    summary_warning,
)

pytestmark = search_db


@pytest.mark.usefixtures("search_indices")
def test_the_case_state_follows_its_violation_into_the_index(sync):
    people = f.staff()
    clients = logged_in(people)
    stall = factories.enterprise(credit_code=factories.credit_code(prefix="92"))
    case = summary_warning(
        clients,
        people,
        stall,
        number="武市监当罚〔2026〕000201号",
        facts="当事人货架上陈列超过保质期的饮料2瓶。",
    )
    violation = Violation.objects.get(enterprise=stall)
    sync()
    # A warning has nothing to pay: executed at once, waiting to be filed.
    assert indexed("violations", violation.pk)["source_state"] == "执行完毕"

    process = case_process(case)
    act(clients["chen"], process, "file_decision", {"note": "已备案。"})
    sync()
    assert indexed("violations", violation.pk)["source_state"] == "已结案"

"""Two people (or two tabs) on one task: whoever comes second is told who got there
first and when, with the way to the process, never viewflow's "no transition from"."""

import re

import pytest
import time_machine

from tests.enforcement import factories as f
from tests.workflows.helpers import open_task, task_url
from tests.workflows.penalty_case_steps import at, logged_in, post, register_lead


@pytest.fixture
def people(db):
    people = f.staff()
    f.benchmark()
    return people


def _reason(response) -> str:
    found = re.findall(r"data-reason>(.*?)</p>", response.content.decode(), re.S)
    return found[0] if found else ""


def _proposed_for_filing(clients):
    """A lead 张伟 has verified: its 立案审批 waits in the heads' queue."""
    case, process = register_lead(clients, f.party())
    verify = open_task(process, "verify")
    post(
        clients["zhang"],
        task_url(verify, "execute"),
        {"proposal": "file", "findings": "现场检查发现在售过期食品。"},
    )
    return case, process


def test_the_second_submission_of_a_done_task_says_who_did_it_and_when(people):
    with time_machine.travel(at(2026, 11, 2, 9), tick=False):
        clients = logged_in(people)
        case, process = _proposed_for_filing(clients)
        task = open_task(process, "filing_approval")
        assert post(clients["liuqiang"], task_url(task, "assign")).status_code == 302
        data = {
            "decision": "approve",
            "opinion": "同意立案。",
            "investigators": [people["zhang"].pk, people["liu"].pk],
            "lead": people["zhang"].pk,
        }
        # Two tabs of the same form; the first submission wins.
        first = post(clients["liuqiang"], task_url(task, "execute"), data)
        assert first.status_code == 302
        again = post(clients["liuqiang"], task_url(task, "execute"), data)
        link = re.search(r'href="([^"]+)" data-process-link', again.content.decode())
        assert link and link.group(1) == f"/cases/case/{case.pk}/"
        assert clients["liuqiang"].get(link.group(1)).status_code == 200
    assert again.status_code == 403
    reason = _reason(again)
    assert "“立案审批”已由刘强于2026年11月2日 09:00办理完毕" in reason, reason
    assert "no transition" not in again.content.decode()


def test_the_second_head_to_take_a_queued_task_is_told_who_took_it(people):
    with time_machine.travel(at(2026, 11, 2, 9), tick=False):
        clients = logged_in(people)
        case, process = _proposed_for_filing(clients)
        approval = open_task(process, "filing_approval")
        assert (
            post(clients["liuqiang"], task_url(approval, "assign")).status_code == 302
        )
        late = post(clients["wang"], task_url(approval, "assign"))
    assert late.status_code == 403
    assert "已由刘强领取" in _reason(late)
    assert "no transition" not in late.content.decode()

"""Driving penalty cases through the web views, as each role clicks them.

Papers are asked for after the step's transaction commits (`nodes.Paper`) and rendered
after commit, so each request runs inside `captureOnCommitCallbacks(execute=True)`: what
a real commit would run after the response, runs here before the test goes on.
"""

import datetime
from decimal import Decimal

from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.models import Process
from viewflow.workflow.status import STATUS

from enforcement.models import Case
from tests.enforcement import factories as f
from workflows.penalty_case.flows import PenaltyCaseFlow, SummaryPenaltyFlow

from .helpers import open_task, task_url

START_URL = "/workflow/flows/penaltycase/start/"
SUMMARY_START_URL = "/workflow/flows/summarypenalty/start/"
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def at(year, month, day, hour=9) -> datetime.datetime:
    """A moment in Wuhan, for time_machine.travel."""
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


def after_commit():
    return TestCase.captureOnCommitCallbacks(execute=True)


def logged_in(people: dict) -> dict:
    clients = {}
    for key, user in people.items():
        client = Client()
        client.force_login(user)
        clients[key] = client
    return clients


def post(client, url, data=None):
    with after_commit():
        return client.post(url, data or {})


def _errors(response) -> str:
    context = getattr(response, "context", None)
    if context and "form" in context:
        form = context["form"]
        extra = ""
        if context.get("formset") is not None:
            extra = str(context["formset"].errors)
        return str(form.errors) + extra
    return response.content.decode()[:3000]


def act(client, process, node: str, data: dict, *, expect_ok=True):
    """Take the open task of `node` (assigning it first when it waits in a queue),
    then submit its form."""
    task = open_task(process, node)
    if task.status == STATUS.NEW:
        response = post(client, task_url(task, "assign"))
        assert response.status_code == 302, response.content.decode()[:2000]
    task = open_task(process, node)
    response = post(client, task_url(task, "execute"), data)
    if expect_ok:
        assert response.status_code == 302, _errors(response)
    return response


def refused(response) -> str:
    """The refusal shown on a task or action form (status 200/400, nothing saved)."""
    assert response.status_code in (200, 400), response.status_code
    return _errors(response)


def case_action(client, case, name: str, data: dict):
    return post(client, reverse("cases:case:action", args=[case.pk, name]), data)


def lines_data(lines: list[dict], prefix: str = "lines") -> dict:
    """Formset data for penalty lines, the way the browser posts the rendered rows."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(lines)),
        f"{prefix}-INITIAL_FORMS": str(len(lines)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for n, line in enumerate(lines):
        for key, value in line.items():
            if hasattr(value, "pk"):
                value = value.pk
            data[f"{prefix}-{n}-{key}"] = "" if value is None else str(value)
    return data


def fine(amount="50000", circumstance="mitigating", code="food-expired") -> dict:
    return {
        "violation_type": f.violation_type(code),
        "kind": "fine",
        "amount": Decimal(amount),
        "circumstance": circumstance,
    }


def case_process(case: Case):
    return Process.objects.get(
        flow_class__in=[PenaltyCaseFlow, SummaryPenaltyFlow],
        artifact_object_id=case.pk,
    ).coerced


def register_lead(clients, party, *, received_on=None, **overrides):
    data = {
        "party": party.credit_code,
        "violation_type": f.violation_type().pk,
        "source": "complaint",
        "source_reference": "12315平台工单 W2026110200318",
        "received_on": received_on or timezone.localdate(),
        "informant": "消费者刘女士",
        "clue": "举报人反映当事人门店销售超过保质期的“鑫鑫源”牌手工麻花。",
    }
    data.update(overrides)
    response = post(clients["zhang"], START_URL, data)
    assert response.status_code == 302, _errors(response)
    case = Case.objects.filter(party=party).latest("pk")
    return case, case_process(case)


def summary_warning(clients, people, party, *, number: str, facts: str) -> Case:
    """An on-the-spot warning (简易程序) decided by 张伟 with 刘洋: decided and executed
    at once, waiting to be filed."""
    response = post(
        clients["zhang"],
        SUMMARY_START_URL,
        {
            "party": party.credit_code,
            "second_officer": people["liu"].pk,
            "violation_type": f.violation_type().pk,
            "facts": facts,
            "kind": "warning",
            "decided_on": timezone.localdate(),
            "number": number,
        },
    )
    assert response.status_code == 302, _errors(response)
    return Case.objects.get(party=party)


def file_case(clients, people, party, **overrides):
    """Lead → verification → the head approves filing with two investigators."""
    case, process = register_lead(clients, party, **overrides)
    act(
        clients["zhang"],
        process,
        "verify",
        {"proposal": "file", "findings": "现场检查发现在售超过保质期的手工麻花37袋。"},
    )
    act(
        clients["liuqiang"],
        process,
        "filing_approval",
        {
            "decision": "approve",
            "opinion": "同意立案，由张伟、刘洋承办。",
            "investigators": [people["zhang"].pk, people["liu"].pk],
            "lead": people["zhang"].pk,
        },
    )
    case.refresh_from_db()
    return case, process


def add_evidence(clients, case, title="2026年11月现场笔录及现场照片"):
    response = case_action(
        clients["zhang"],
        case,
        "evidence",
        {
            "kind": "record",
            "title": title,
            "proves": "当事人在售涉案食品的事实",
            "collected_on": timezone.localdate(),
            "source": "现场检查",
        },
    )
    assert response.status_code == 302, _errors(response)


REPORT = {
    "outcome": "report",
    "facts": (
        "当事人于2026年11月在其经营场所销售超过保质期的“鑫鑫源”牌手工麻花37袋，"
        "货值金额925.00元，违法所得375.00元。"
    ),
    "violated_provision": "《中华人民共和国食品安全法》第三十四条第（十）项",
    "legal_basis": "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项",
    "proposal": "penalty",
    "discretion_reasons": "当事人积极配合调查，主动下架涉案食品，可以从轻处罚。",
}


def report(clients, process, lines, **overrides):
    data = {**REPORT, "violation_type": f.violation_type().pk, **overrides}
    return act(clients["zhang"], process, "investigate", {**data, **lines_data(lines)})


def reported_case(clients, people, party, lines=None, **report_overrides):
    case, process = file_case(clients, people, party)
    add_evidence(clients, case)
    report(
        clients, process, lines if lines is not None else [fine()], **report_overrides
    )
    case.refresh_from_db()
    return case, process


def noticed_case(clients, people, party, lines=None, **report_overrides):
    """Through case review and the served notice: the statement window is open."""
    case, process = reported_case(clients, people, party, lines, **report_overrides)
    act(
        clients["li"],
        process,
        "case_review",
        {"opinion": "事实清楚，证据确凿，程序合法。"},
    )
    act(
        clients["zhang"],
        process,
        "serve_notice",
        {"served_on": timezone.localdate(), "method": "direct"},
    )
    case.refresh_from_db()
    return case, process

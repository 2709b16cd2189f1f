"""The papers a penalty-case task serves are on the task: the notice at 送达告知书, the
decision at 送达决定书 and 信用公示, each with its number, version and working links
(none while the PDF is still being made)."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.test import TestCase

from documents.models import DocumentDownload, IssuedDocument
from tests.enforcement import factories as f

from .helpers import open_task, task_url
from .penalty_case_steps import (
    act,
    at,
    fine,
    lines_data,
    logged_in,
    noticed_case,
    post,
    reported_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    people = f.staff()
    f.benchmark()
    return people


def _task_page(client, process, node) -> str:
    task = open_task(process, node)
    response = client.get(task_url(task, "execute"))
    assert response.status_code == 200
    return response.content.decode()


def _links(html: str, document: IssuedDocument) -> tuple[bool, bool]:
    url = document.get_absolute_url()
    return f'href="{url}?inline=1"' in html, f'href="{url}"' in html


def test_the_notice_is_on_the_serve_notice_task_once_it_is_made(people):
    clients = logged_in(people)
    case, process = reported_case(clients, people, f.party())
    # The review commits; the notice is numbered after it, its PDF made after that.
    task = open_task(process, "case_review")
    post(clients["li"], task_url(task, "assign"))
    with TestCase.captureOnCommitCallbacks() as callbacks:
        response = clients["li"].post(
            task_url(open_task(process, "case_review"), "execute"),
            {"opinion": "事实清楚，证据确凿，程序合法。"},
        )
    assert response.status_code == 302
    for callback in callbacks:
        callback()  # numbers the notice; its rendering waits for a commit
    case.refresh_from_db()
    notice = IssuedDocument.objects.get(number=case.notice_number)
    assert notice.status == IssuedDocument.Status.PENDING

    html = _task_page(clients["zhang"], process, "serve_notice")
    assert html.count(f"《行政处罚告知书》<span data-paper-number>{notice.number}") == 1
    assert "第1版" in html
    assert "生成中" in html
    assert _links(html, notice) == (False, False)  # no broken link

    call_command("documents_render_pending", older_than=0, verbosity=0)
    html = _task_page(clients["zhang"], process, "serve_notice")
    assert "生成中" not in html
    assert _links(html, notice) == (True, True)

    download = clients["zhang"].get(notice.get_absolute_url())
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download.content.startswith(b"%PDF")
    opened = clients["zhang"].get(f"{notice.get_absolute_url()}?inline=1")
    assert opened["Content-Disposition"].startswith("inline")
    assert DocumentDownload.objects.filter(document=notice).count() == 2


def test_the_decision_is_on_the_serve_decision_and_publicity_tasks(people):
    with time_machine.travel(at(2026, 11, 2), tick=True):
        clients = logged_in(people)
        case, process = noticed_case(clients, people, f.party())
        act(
            clients["zhang"],
            process,
            "statement",
            {
                "outcome": "waiver",
                "received_on": datetime.date(2026, 11, 2),
                "statement": "当事人书面放弃陈述、申辩和听证。",
            },
        )
        act(
            clients["liuqiang"],
            process,
            "decide",
            {"kind": "penalty", "opinion": "同意处罚。", **lines_data([fine()])},
        )
        case.refresh_from_db()
        decision = IssuedDocument.objects.get(number=case.decision_number)
        assert decision.status == IssuedDocument.Status.ISSUED

        html = _task_page(clients["zhang"], process, "serve_decision")
        assert (
            html.count(f"《行政处罚决定书》<span data-paper-number>{decision.number}")
            == 1
        )
        assert _links(html, decision) == (True, True)
        assert clients["zhang"].get(decision.get_absolute_url()).status_code == 200

        act(
            clients["zhang"],
            process,
            "serve_decision",
            {"served_on": datetime.date(2026, 11, 2), "method": "direct"},
        )
        html = _task_page(clients["zhang"], process, "publicity")
        assert html.count(f"<span data-paper-number>{decision.number}") == 1
        assert _links(html, decision) == (True, True)
        # The receipt made after service is not a paper the publicity step publishes.
        assert "送达回证" not in html.split("data-task-papers", 1)[1].split("</div>")[0]


def test_a_task_that_serves_no_paper_shows_none(people):
    clients = logged_in(people)
    case, process = reported_case(clients, people, f.party())
    task = open_task(process, "case_review")
    post(clients["li"], task_url(task, "assign"))
    html = _task_page(clients["li"], process, "case_review")
    assert "data-task-papers" not in html

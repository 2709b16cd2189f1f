"""Form controls work in a real browser: the head files a case with two investigators
picked in the multi-select of the filing-approval task (it once rendered as an element
the frontend never defines, and no case could be filed)."""

import datetime
import re

import pytest
from django.utils import timezone

from deadlines.calendar import add_working_days
from enforcement.models import CaseState, Hearing
from tests.browser.conftest import ARTIFACTS
from tests.enforcement import factories as f
from tests.workflows.helpers import open_task, task_url
from tests.workflows.penalty_case_steps import act, logged_in, register_lead

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Test@12345"  # tests.factories.user


def _shot(page, request, name):
    directory = ARTIFACTS / re.sub(r"[^\w-]+", "_", request.node.name)
    directory.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(directory / f"{name}.png"), full_page=True)


def _verified_lead():
    people = f.staff()
    clients = logged_in(people)
    case, process = register_lead(clients, f.party(), received_on=timezone.localdate())
    act(
        clients["zhang"],
        process,
        "verify",
        {"proposal": "file", "findings": "现场检查发现在售超过保质期的手工麻花37袋。"},
    )
    return people, case, process


def _open_from_home(page, live_server, task, link: str, url: str):
    page.goto(f"{live_server.url}/workbench/home/")
    row = page.locator(f"[data-panel=inbox] tr[data-task='{task.pk}']")
    row.get_by_text(link, exact=True).click()
    page.wait_for_url(url)
    page.wait_for_load_state("networkidle")


def test_head_assigns_two_investigators_in_the_filing_approval_form(
    login, live_server, request
):
    people, case, process = _verified_lead()
    task = open_task(process, "filing_approval")
    errors = []

    page = login(people["liuqiang"].username, PASSWORD)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _open_from_home(page, live_server, task, "领取", "**/assign/**")
    page.get_by_role("button", name="领取", exact=True).click()
    page.wait_for_url(lambda url: "/assign/" not in url)
    _open_from_home(page, live_server, task, "办理", "**/execute/**")

    control = page.locator("vf-field-select-multiple[name=investigators]")
    assert control.locator(".mdc-select__anchor").is_visible()
    # The registrar is offered first; the head adds a second investigator.
    selected = control.locator(".mdc-select__selected-text")
    assert selected.inner_text().startswith("张伟")
    control.locator(".mdc-select__anchor").click()
    control.locator(".mdc-list-item", has_text="刘洋").click()
    page.keyboard.press("Escape")
    assert "张伟" in selected.inner_text() and "刘洋" in selected.inner_text()
    page.locator("vf-field-radio-select[name=decision]").get_by_text(
        "同意", exact=True
    ).click()
    page.locator("textarea[name=opinion]").fill("同意立案，由张伟、刘洋承办。")
    _shot(page, request, "01-filing-approval-filled")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url(lambda url: "/execute/" not in url)
    page.wait_for_load_state("networkidle")
    _shot(page, request, "02-after-filing")

    case.refresh_from_db()
    assert case.state == CaseState.INVESTIGATING
    assert case.filed_on == timezone.localdate()
    assert set(case.investigator_links.values_list("user__full_name", flat=True)) == {
        "张伟",
        "刘洋",
    }
    assert errors == []


def test_the_refusal_is_shown_once_when_only_one_investigator_is_picked(
    login, live_server, request
):
    people, case, process = _verified_lead()
    task = open_task(process, "filing_approval")

    page = login(people["liuqiang"].username, PASSWORD)
    _open_from_home(page, live_server, task, "领取", "**/assign/**")
    page.get_by_role("button", name="领取", exact=True).click()
    page.wait_for_url(lambda url: "/assign/" not in url)
    _open_from_home(page, live_server, task, "办理", "**/execute/**")

    page.locator("vf-field-radio-select[name=decision]").get_by_text(
        "同意", exact=True
    ).click()
    page.locator("textarea[name=opinion]").fill("同意立案。")
    page.get_by_role("button", name="提交").click()
    refusal = page.get_by_text("立案须指派两名以上具有行政执法资格的办案人员")
    refusal.first.wait_for()
    _shot(page, request, "01-refused")
    assert refusal.count() == 1
    assert refusal.is_visible()
    # The control is still there to put it right.
    assert page.locator("vf-field-select-multiple[name=investigators]").is_visible()
    case.refresh_from_db()
    assert case.state == CaseState.FILING_PROPOSED


def test_the_hearing_date_and_time_are_entered_in_their_controls(
    login, live_server, request
):
    from tests.workflows.penalty_case_steps import noticed_case
    from tests.workflows.test_penalty_case_hearing import (
        UNLICENSED,
        _large_fine,
        _stall,
    )

    people = f.staff()
    f.benchmark()
    clients = logged_in(people)
    case, process = noticed_case(
        clients,
        people,
        _stall(),
        lines=[_large_fine()],
        violation_type=f.violation_type(UNLICENSED).pk,
        violated_provision="《中华人民共和国食品安全法》第三十五条第一款",
        legal_basis="《中华人民共和国食品安全法》第一百二十二条第一款",
    )
    today = timezone.localdate()
    act(
        clients["zhang"],
        process,
        "statement",
        {"outcome": "hearing", "received_on": today, "statement": "要求听证。"},
    )
    task = open_task(process, "arrange_hearing")

    page = login(people["chen"].username, PASSWORD)
    page.goto(f"{live_server.url}{task_url(task, 'assign')}")
    page.get_by_role("button", name="领取", exact=True).click()
    page.wait_for_url(lambda url: "/assign/" not in url)
    page.goto(f"{live_server.url}{task_url(task, 'execute')}")
    page.wait_for_load_state("networkidle")

    host = page.locator("vf-field-select[name=host]")
    host.locator(".mdc-select__anchor").click()
    host.locator(".mdc-list-item", has_text="李娜").click()
    page.locator("input[name=clerk]").fill("何静")
    day = add_working_days(today, 10).due
    page.locator("input[name=scheduled_on]").fill(day.isoformat())
    page.locator("input[name=scheduled_time]").fill("09:30")
    page.locator("input[name=place]").fill("市场监督管理局三楼听证室")
    _shot(page, request, "01-arrange-hearing-filled")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url(lambda url: "/execute/" not in url)
    page.wait_for_load_state("networkidle")

    hearing = Hearing.objects.get(case=case)
    assert hearing.host == people["li"]
    assert timezone.localtime(hearing.scheduled_at).replace(tzinfo=None) == (
        datetime.datetime.combine(day, datetime.time(9, 30))
    )


def test_the_notice_is_on_its_task_and_the_decision_says_when_it_can_be_made(
    login, live_server, request
):
    from tests.workflows.penalty_case_steps import fine, lines_data, reported_case
    from workflows.nodes import day_label

    people = f.staff()
    f.benchmark()
    clients = logged_in(people)
    case, process = reported_case(clients, people, f.party())
    act(clients["li"], process, "case_review", {"opinion": "事实清楚，证据确凿。"})
    case.refresh_from_db()
    task = open_task(process, "serve_notice")

    page = login(people["zhang"].username, PASSWORD)
    _open_from_home(page, live_server, task, "办理", "**/execute/**")
    papers = page.locator("[data-task-papers]")
    assert case.notice_number in papers.inner_text()
    _shot(page, request, "01-serve-notice")
    opened = papers.locator("[data-paper-open]")
    response = page.request.get(f"{live_server.url}{opened.get_attribute('href')}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    download = papers.locator("[data-paper-download]")
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename.endswith(".pdf")

    method = page.locator("vf-field-select[name=method]")
    method.locator(".mdc-select__anchor").click()
    method.locator(".mdc-list-item", has_text="直接送达").click()
    page.get_by_role("button", name="提交").click()
    page.wait_for_url(lambda url: "/execute/" not in url)
    case.refresh_from_db()
    assert case.notice_served_on == timezone.localdate()

    act(
        clients["zhang"],
        process,
        "statement",
        {
            "outcome": "statement",
            "received_on": timezone.localdate(),
            "statement": "涉案食品系供货商配送，请求从轻处罚。",
        },
    )
    act(
        clients["zhang"],
        process,
        "re_examination",
        {"adopted": "0", "opinion": "理由不成立。", **lines_data([fine()])},
    )
    decide = open_task(process, "decide")
    notice = f"陈述申辩期至{day_label(case.statement_due)}届满"
    page = login(people["liuqiang"].username, PASSWORD)
    row = page.locator(f"[data-panel=inbox] tr[data-task='{decide.pk}']")
    assert notice in row.locator("[data-not-yet]").inner_text()
    _shot(page, request, "02-head-home")
    _open_from_home(page, live_server, decide, "领取", "**/assign/**")
    page.get_by_role("button", name="领取", exact=True).click()
    page.wait_for_url(lambda url: "/assign/" not in url)
    _open_from_home(page, live_server, decide, "办理", "**/execute/**")
    assert page.get_by_text(notice).count() == 1
    assert page.locator("[data-not-yet]").is_visible()
    _shot(page, request, "03-decide-not-yet")

"""The home page and the inbox show a page of tasks, whatever the size of the queue:
the same queries and about the same bytes at 5 or 50 open tasks, and pages to the rest."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from online_cleanup.models import ListingProblem
from organisation.roles import Role
from tests import factories
from workbench.tasks import HOME_ROWS, INBOX_PAGE_SIZE
from workflows.online_cleanup.starting import listing_lead_register_and_start

TASK_ROW = re.compile(r'data-task="(\d+)"')


@pytest.fixture
def desk(db):
    factories.bureau()
    investigator = factories.user(Role.INVESTIGATOR, full_name="张伟")
    client = Client()
    client.force_login(investigator)
    return investigator, client


def hits(actor, n, start=0):
    """`n` monitoring hits, each a new lead whose 核查 task waits in the queue."""
    for i in range(start, start + n):
        listing_lead_register_and_start(
            actor=actor,
            platform_name="云集优选",
            shop_name=f"江城美妆专营店{i}",
            listing_url=f"https://item.example.com/{i}.html",
            product_name="美白祛斑霜",
            problem=ListingProblem.values[0],
            suspected_violation="销售未经注册的特殊化妆品",
            captured_at=timezone.now() - datetime.timedelta(hours=1),
        )


def take_all(user):
    Task.objects.filter(status=STATUS.NEW, flow_task_type="HUMAN").update(
        owner=user, status=STATUS.ASSIGNED
    )


def get(client, url):
    client.get(url)  # the first request fills per-process caches (content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_home_page_costs_the_same_at_5_and_50_open_tasks(desk):
    investigator, client = desk
    hits(investigator, 5)
    html_5, queries_5 = get(client, "/workbench/home/")
    assert len(TASK_ROW.findall(html_5)) == 5
    assert "data-inbox-more" not in html_5

    hits(investigator, 7, start=5)
    html_12, queries_12 = get(client, "/workbench/home/")
    hits(investigator, 38, start=12)
    html_50, queries_50 = get(client, "/workbench/home/")

    assert queries_5 == queries_12 == queries_50
    assert len(TASK_ROW.findall(html_50)) == HOME_ROWS
    # Ten rows either way: only the counts' digits differ.
    assert abs(len(html_50) - len(html_12)) < 200
    assert "可领取的 50 项" in html_50
    assert "另有 40 项未列出，查看全部 50 项待办" in html_50
    assert 'href="/workbench/inbox/"' in html_50


def test_inbox_pages_through_every_task_once(desk):
    investigator, client = desk
    hits(investigator, 30)
    _html, queries_30 = get(client, "/workbench/inbox/")
    hits(investigator, 30, start=30)
    first, queries_60 = get(client, "/workbench/inbox/")
    assert queries_30 == queries_60
    assert len(TASK_ROW.findall(first)) == INBOX_PAGE_SIZE
    assert "第 1–25 项，共 60 项" in first
    assert "可领取（60）" in first

    seen = []
    url = "/workbench/inbox/"
    for _page in range(5):
        html, _ = get(client, url)
        seen += TASK_ROW.findall(html)
        found = re.search(r'<a href="([^"]+)" rel="next"', html)
        if not found:
            break
        url = "/workbench/inbox/" + found.group(1).replace("&amp;", "&")
    assert "第 51–60 项，共 60 项" in html
    open_ids = Task.objects.filter(status=STATUS.NEW, flow_task_type="HUMAN")
    assert sorted(seen) == sorted(
        str(pk) for pk in open_ids.values_list("pk", flat=True)
    )

    # A page beyond the last shows the last; one that is not a number, the first.
    assert "第 51–60 项" in get(client, "/workbench/inbox/?page=99")[0]
    assert "第 1–25 项" in get(client, "/workbench/inbox/?page=abc")[0]


def test_inbox_tabs_separate_my_tasks_from_those_i_may_take(desk):
    investigator, client = desk
    hits(investigator, 3)
    task = Task.objects.filter(status=STATUS.NEW, flow_task_type="HUMAN").first()
    response = client.post(
        task.flow_task.reverse("assign", args=[task.process_id, task.pk])
    )
    assert response.status_code == 302

    mine, _ = get(client, "/workbench/inbox/?show=mine")
    assert TASK_ROW.findall(mine) == [str(task.pk)]
    assert "我办理中（1）" in mine and "可领取（2）" in mine
    assert "办理</a>" in mine
    queue, _ = get(client, "/workbench/inbox/?show=queue")
    assert str(task.pk) not in TASK_ROW.findall(queue)
    assert len(TASK_ROW.findall(queue)) == 2
    everything, _ = get(client, "/workbench/inbox/")
    assert len(TASK_ROW.findall(everything)) == 3


def test_the_heads_overdue_list_is_bounded_and_links_the_full_list(db):
    from workflows.models import TaskDeadline

    factories.bureau()
    investigator = factories.user(Role.INVESTIGATOR)
    head = factories.user(Role.BUREAU_HEAD)
    hits(investigator, HOME_ROWS + 3)
    TaskDeadline.objects.update(
        due_on=timezone.localdate() - datetime.timedelta(days=9)
    )
    client = Client()
    client.force_login(head)
    html, _ = get(client, "/workbench/home/")
    panel = html.split('data-panel="management"')[1]
    assert len(TASK_ROW.findall(panel)) == HOME_ROWS
    assert f"共 {HOME_ROWS + 3} 项逾期事项，查看全部" in panel
    full = re.search(r'href="(/reports/records/tasks/[^"]*)"', panel).group(1)
    listing, _ = get(client, full.replace("&amp;", "&"))
    assert f'data-total="{HOME_ROWS + 3}"' in listing


@pytest.mark.parametrize("url", ["/workflow/queue/", "/workflow/inbox/"])
def test_viewflows_lists_show_a_page_without_a_drop_down_of_every_process(desk, url):
    investigator, client = desk
    hits(investigator, 30)
    if url == "/workflow/inbox/":
        take_all(investigator)
    html_30, queries_30 = get(client, url)
    hits(investigator, 30, start=30)
    if url == "/workflow/inbox/":
        take_all(investigator)
    html_60, queries_60 = get(client, url)
    assert queries_30 == queries_60
    assert abs(len(html_60) - len(html_30)) < 200
    assert html_60.count('data-row-id="') == INBOX_PAGE_SIZE
    # The stock filter listed every queued process as an option.
    assert "&quot;name&quot;: &quot;process&quot;" not in html_60
    step = json.dumps("网络违法商品信息清理 · 核查经营主体及管辖")[1:-1]
    assert step in html_60  # the step filter, named as the flow names it

"""The desks' lists show a page and link to the next: the case desk, the listing leads
and the workshop closures, filters kept across pages."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from enterprises.models import District
from organisation.roles import Role
from tests import factories
from tests.enforcement import factories as f
from workshops.models import ClosureReason
from workshops.services import workshop_closure_record

from .test_bounded_pages import hits

pytestmark = pytest.mark.django_db


def get(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(queries)


def next_link(html):
    found = re.search(r'<a href="([^"]+)" rel="next"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_the_case_desk_pages_through_every_case_keeping_the_filter():
    people = f.staff()
    client = Client()
    client.force_login(people["zhang"])
    cases = [
        f.registered(people, title=f"涉嫌经营超过保质期食品案{i}") for i in range(3)
    ]
    _html, queries_3 = get(client, "/cases/case/?q=保质期")
    cases += [
        f.registered(people, title=f"涉嫌经营超过保质期食品案{i}") for i in range(3, 30)
    ]
    first, queries_30 = get(client, "/cases/case/?q=保质期")
    assert queries_3 == queries_30
    assert len(re.findall(r'data-case="(\d+)"', first)) == 25
    assert "第 1–25 项，共 30 项" in first
    link = next_link(first)
    assert "q=%E4%BF%9D%E8%B4%A8%E6%9C%9F" in link and "page=2" in link
    second, _ = get(client, "/cases/case/" + link)
    seen = re.findall(r'data-case="(\d+)"', first) + re.findall(
        r'data-case="(\d+)"', second
    )
    assert sorted(seen) == sorted(str(c.pk) for c in cases)
    assert next_link(second) is None


def test_the_listing_leads_list_is_paginated():
    factories.bureau()
    investigator = factories.user(Role.INVESTIGATOR)
    client = Client()
    client.force_login(investigator)
    hits(investigator, 30)
    html, _ = get(client, "/campaigns/lead/")
    assert len(re.findall(r'data-lead="(\d+)"', html)) == 25
    assert "共 30 条" in html and "第 1–25 项，共 30 项" in html
    last, _ = get(client, "/campaigns/lead/" + next_link(html))
    assert len(re.findall(r'data-lead="(\d+)"', last)) == 5


def test_the_workshop_closures_list_is_paginated():
    factories.bureau()
    officer = factories.user(Role.INVESTIGATOR)
    client = Client()
    client.force_login(officer)
    district = District.objects.get(region_code="420116")
    for i in range(55):
        workshop_closure_record(
            workshop_name=f"黄陂前川街道李记豆腐作坊{i}",
            operator_name="李明",
            district=district,
            address=f"武汉市黄陂区前川街道百秀街{i}号",
            reason=ClosureReason.UNLICENSED,
            details="未取得食品小作坊登记证从事豆腐生产加工，依法予以取缔。",
            closed_on=datetime.date(2019, 5, 14),
            officer=officer,
            actor=officer,
        )
    html, _ = get(client, "/workshops/closure/")
    assert "第 1–50 项，共 55 项" in html
    last, _ = get(client, "/workshops/closure/" + next_link(html))
    assert "第 51–55 项，共 55 项" in last

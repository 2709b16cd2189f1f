"""The annual report opens on the last year with data, not on an empty year."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from organisation.roles import Role
from reports.selectors import report_year_with_data
from tests import factories
from workshops.models import ClosureReason
from workshops.services import workshop_closure_record

pytestmark = pytest.mark.django_db


def _heading(page: str) -> str:
    return page.split("<h2>", 1)[1].split("</h2>", 1)[0]


def test_the_report_opens_on_the_last_year_with_records(small_year, head_client):
    page = head_client.get("/reports/annual/").content.decode()

    assert "2019年度工作情况（全市）" in _heading(page)
    assert '<option value="2019" selected>' in page
    asked = head_client.get("/reports/annual/", {"year": 2019}).content.decode()
    # The same figures as the year asked for by name: 3 workshops closed in 2019.
    for code in ("workshops_closed", "licences_revoked", "licences_referred"):
        shown = page.split(f'data-figure-code="{code}"')[1].split("</li>")[0]
        assert shown == asked.split(f'data-figure-code="{code}"')[1].split("</li>")[0]
    assert 'data-figure="3"' in page.split('data-figure-code="workshops_closed"')[1]
    # The draft preview of the year shown is the same year.
    preview = page.split('href="/reports/annual/preview/?year=')[1][:4]
    assert preview == "2019"


def test_a_year_asked_for_is_kept_even_when_empty(small_year, head_client):
    page = head_client.get("/reports/annual/", {"year": 2017}).content.decode()
    assert "2017年度工作情况（全市）" in _heading(page)


def test_records_of_the_current_year_do_not_hide_the_last_complete_one(small_year):
    this_year = timezone.localdate().year
    people = small_year.people
    workshop_closure_record(
        workshop_name="今年作坊",
        district=small_year.district_a,
        address="武汉市江岸区某路1号",
        reason=ClosureReason.UNLICENSED,
        details="无证生产，予以取缔。",
        closed_on=timezone.localdate(),
        officer=people["zhang"],
        actor=people["zhang"],
    )
    assert report_year_with_data(this_year=this_year) == 2019
    # As of 2019, the last complete year with records is 2018.
    assert report_year_with_data(this_year=2019) == 2018


def test_with_no_records_at_all_the_report_opens_on_last_year(db):
    head = factories.user(Role.BUREAU_HEAD)
    client = Client()
    client.force_login(head)
    page = client.get("/reports/annual/").content.decode()
    last_year = timezone.localdate().year - 1
    assert f"{last_year}年度工作情况（全市）" in _heading(page)


def test_only_current_year_records_open_the_current_year(db):
    people = {"zhang": factories.user(Role.INVESTIGATOR)}
    from enterprises.models import District

    workshop_closure_record(
        workshop_name="今年作坊",
        district=District.objects.get(region_code="420102"),
        address="武汉市江岸区某路1号",
        reason=ClosureReason.UNLICENSED,
        details="无证生产，予以取缔。",
        closed_on=datetime.date.today(),
        officer=people["zhang"],
        actor=people["zhang"],
    )
    this_year = timezone.localdate().year
    assert report_year_with_data(this_year=this_year) == this_year

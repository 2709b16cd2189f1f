"""Small-workshop closures (关停小作坊): recorded through the service, once, by a
credentialed officer, and listed by year and district."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from enterprises.models import District
from organisation.roles import Role
from tests import factories
from workshops.models import ClosureReason, WorkshopClosure
from workshops.services import (
    CLOSURE_ALREADY_RECORDED,
    CLOSURE_FORBIDDEN,
    CLOSURE_IN_FUTURE,
    CLOSURE_OFFICER_NOT_CREDENTIALED,
    workshop_closure_record,
)

pytestmark = pytest.mark.django_db

HUANGPI = "420116"


@pytest.fixture
def officer(db):
    return factories.user(Role.INVESTIGATOR, full_name="郑丽")


def _closure(actor, **overrides):
    fields = {
        "workshop_name": "黄陂前川街道李记豆腐作坊",
        "operator_name": "李明",
        "district": District.objects.get(region_code=HUANGPI),
        "address": "武汉市黄陂区前川街道百秀街12号",
        "reason": ClosureReason.UNLICENSED,
        "details": "未取得食品小作坊登记证从事豆腐生产加工，依法予以取缔。",
        "closed_on": datetime.date(2019, 5, 14),
        "officer": actor,
        "actor": actor,
    }
    fields.update(overrides)
    return workshop_closure_record(**fields)


def test_a_closure_is_recorded_with_who_where_why_and_when(officer):
    closure = _closure(officer)
    closure.refresh_from_db()
    assert closure.district.name == "黄陂区"
    assert closure.get_reason_display() == "未取得小作坊登记证从事生产加工"
    assert closure.officer == officer
    assert closure.recorded_by == officer
    assert closure.enterprise is None
    assert str(closure) == "黄陂前川街道李记豆腐作坊（2019-05-14）"


def test_the_same_closure_is_recorded_once(officer):
    _closure(officer)
    with pytest.raises(ValidationError) as caught:
        _closure(officer)
    assert caught.value.messages == [
        CLOSURE_ALREADY_RECORDED
        % {
            "name": "黄陂前川街道李记豆腐作坊",
            "address": "武汉市黄陂区前川街道百秀街12号",
        }
    ]
    assert WorkshopClosure.objects.count() == 1


def test_refusals_name_the_problem_and_record_nothing(officer):
    clerk = factories.user(Role.LICENSING_CLERK)
    with pytest.raises(ValidationError) as caught:
        _closure(clerk, officer=officer)
    assert caught.value.messages == [str(CLOSURE_FORBIDDEN)]

    uncredentialed = factories.user(Role.LICENSING_CLERK, full_name="王芳")
    with pytest.raises(ValidationError) as caught:
        _closure(officer, officer=uncredentialed)
    assert caught.value.message_dict["officer"] == [
        CLOSURE_OFFICER_NOT_CREDENTIALED % {"name": "王芳"}
    ]

    with (
        time_machine.travel(datetime.datetime(2019, 5, 1, 9)),
        pytest.raises(ValidationError) as caught,
    ):
        _closure(officer)
    assert caught.value.message_dict["closed_on"] == [str(CLOSURE_IN_FUTURE)]
    assert not WorkshopClosure.objects.exists()


def test_pages_list_by_year_and_district_and_record_a_closure(client, officer):
    other = District.objects.get(region_code="420102")
    _closure(officer)
    _closure(officer, workshop_name="江岸某某米粉作坊", district=other)
    _closure(officer, workshop_name="黄陂旧作坊", closed_on=datetime.date(2018, 3, 1))
    client.force_login(officer)

    page = client.get(
        "/workshops/closure/",
        {"year": 2019, "district": District.objects.get(region_code=HUANGPI).pk},
    ).content.decode()
    assert page.count("data-record=") == 1
    assert "黄陂前川街道李记豆腐作坊" in page

    response = client.post(
        "/workshops/closure/add/",
        {
            "workshop_name": "汉南纱帽街道张记卤味作坊",
            "district": other.pk,
            "address": "武汉市汉南区纱帽街道汉南大道88号",
            "reason": ClosureReason.UNSANITARY,
            "closed_on": "2019-06-03",
            "officer": officer.pk,
            "details": "生产场所卫生条件差，责令停止生产并关停。",
        },
    )
    closure = WorkshopClosure.objects.get(workshop_name="汉南纱帽街道张记卤味作坊")
    assert response.status_code == 302
    assert response["Location"] == f"/workshops/closure/{closure.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "生产加工条件不符合食品安全要求" in detail


def test_only_officers_record_closures(client):
    clerk = factories.user(Role.LICENSING_CLERK)
    client.force_login(clerk)
    assert client.get("/workshops/closure/add/").status_code == 403

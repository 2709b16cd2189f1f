"""Sessions end: after SESSION_COOKIE_AGE without a request (30 minutes by default),
and SESSION_ABSOLUTE_HOURS after signing in however busy the user is."""

import datetime

import pytest
import time_machine
from django.test import Client

from organisation.roles import Role
from tests import factories
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 12, 2, 9, tzinfo=datetime.UTC)


@pytest.fixture
def officer(db):
    factories.bureau()
    return factories.user(Role.INVESTIGATOR, username="wangwu")


def test_an_idle_session_ends_after_thirty_minutes(officer, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    settings.SESSION_SAVE_EVERY_REQUEST = True
    with time_machine.travel(START, tick=False) as clock:
        client = Client()
        assert sign_in(client, "wangwu", "Test@12345")
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get("/workbench/home/").status_code == 200
        # Each request moved the expiry on: 29 more minutes are still fine.
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get("/workbench/home/").status_code == 200
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get("/workbench/home/")
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_a_busy_session_ends_after_the_absolute_lifetime(officer, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    settings.SESSION_SAVE_EVERY_REQUEST = True
    settings.SESSION_ABSOLUTE_HOURS = 12
    with time_machine.travel(START, tick=False) as clock:
        client = Client()
        assert sign_in(client, "wangwu", "Test@12345")
        for _quarter in range(47):  # a request every 15 minutes for 11¾ hours
            clock.shift(datetime.timedelta(minutes=15))
            assert client.get("/workbench/home/").status_code == 200
        clock.shift(datetime.timedelta(minutes=20))
        response = client.get("/workbench/home/", follow=True)
        page = response.content.decode()
        assert "/accounts/login/" in response.redirect_chain[0][0]
        assert "登录已超过12小时，为了安全请重新登录" in page
        assert sign_in(client, "wangwu", "Test@12345")
        assert client.get("/workbench/home/").status_code == 200

"""Login failures (等保 身份鉴别): an account, and a source address, are locked after
AXES_FAILURE_LIMIT failures; the right password does not get in while locked; the lock
lifts after the cool-off; the API's Basic authentication counts the same."""

import base64
import datetime

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from organisation.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db
PASSWORD = "Test@12345"


@pytest.fixture
def officer(db):
    factories.bureau()
    return factories.user(Role.INVESTIGATOR, username="zhangsan")


def _try(client, username, password, address="10.0.0.8"):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def _basic(username, password) -> str:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return f"Basic {token}"


def test_an_account_is_locked_after_the_limit_and_the_right_password_waits(officer):
    limit = settings.AXES_FAILURE_LIMIT
    start = datetime.datetime(2026, 12, 2, 9, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client = Client()
        for attempt in range(limit - 1):
            response = _try(client, "zhangsan", f"wrong-{attempt}")
            assert response.status_code == 200, attempt
            assert "请输入一个正确的" in response.content.decode()
        locked = _try(client, "zhangsan", "wrong-last")
        assert locked.status_code == 429
        page = locked.content.decode()
        assert f"连续 {limit} 次登录失败" in page
        assert "30 分钟后自动解锁" in page

        # The right password, even from another address, does not get in now.
        response = _try(Client(), "zhangsan", PASSWORD, address="10.0.0.9")
        assert response.status_code == 429

        # After the cool-off it does, and the count starts again.
        clock.shift(datetime.timedelta(minutes=31))
        response = _try(Client(), "zhangsan", PASSWORD, address="10.0.0.9")
        assert response.status_code == 302


def test_an_address_trying_many_accounts_is_locked(officer):
    factories.user(Role.INVESTIGATOR, username="lisi")
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        _try(client, f"nobody{n}", "guess", address="10.0.0.66")
    # Now even a real account with its right password is refused from that address.
    response = _try(client, "lisi", PASSWORD, address="10.0.0.66")
    assert response.status_code == 429
    assert _try(Client(), "lisi", PASSWORD, address="10.0.0.67").status_code == 302


def test_the_api_basic_authentication_counts_and_locks_too(officer):
    client = Client()
    url = "/api/schema/"
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = client.get(url, HTTP_AUTHORIZATION=_basic("zhangsan", f"x{n}"))
        assert response.status_code in (401, 403)
    response = client.get(url, HTTP_AUTHORIZATION=_basic("zhangsan", PASSWORD))
    assert response.status_code in (403, 429)
    # Through the page as well: the account is locked whichever door was tried.
    assert _try(Client(), "zhangsan", PASSWORD, address="10.0.0.70").status_code == 429


def test_the_security_officer_reads_the_lock_records_in_chinese(officer):
    """django-axes ships no Chinese; our catalogue names its records."""
    for n in range(2):
        _try(Client(), "zhangsan", f"wrong-{n}")
    admin = factories.user(Role.SECURITY_ADMINISTRATOR)
    client = Client()
    client.force_login(admin)
    page = client.get("/admin/axes/accessattempt/").content.decode()
    assert "登录失败记录" in page
    assert "zhangsan" in page
    assert "access attempt" not in page.lower()

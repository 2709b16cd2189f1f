"""Twenty people register one credit code (or one licence number) at the same moment:
one record, and everyone else is told it is already registered, never a 500."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from enterprises.models import Enterprise
from licensing.models import Licence
from licensing.services import licence_register
from organisation.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
AT_ONCE = 20


def _together(work) -> list:
    """Run ``work(i)`` in AT_ONCE threads released at one instant; their results."""
    barrier = threading.Barrier(AT_ONCE)
    results = [None] * AT_ONCE

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # what a thread raised is its result
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_one_credit_code_registered_at_once_through_the_page():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    factories.bureau()
    clerk = factories.user(Role.ADMINISTRATOR)
    code = factories.credit_code()
    clients = []
    for _i in range(AT_ONCE):
        client = Client(raise_request_exception=False)
        client.force_login(clerk)
        clients.append(client)

    def register(i):
        response = clients[i].post(
            "/registry/enterprise/add/",
            {
                "credit_code": code,
                "name": f"武汉市江岸区同名登记测试商行{i}",
                "legal_representative": "王明",
                "address": "武汉市江岸区解放大道1号",
                "sector": "food_trade",
                "registration_status": "active",
            },
        )
        return response.status_code, response.content.decode()

    results = _together(register)
    assert all(not isinstance(r, Exception) for r in results), results
    statuses = sorted(status for status, _page in results)
    assert statuses.count(302) == 1, statuses
    assert 500 not in statuses
    assert Enterprise.objects.filter(credit_code=code).count() == 1
    winner = Enterprise.objects.get(credit_code=code)
    for status, page in results:
        if status != 302:
            assert f"已登记为“{winner.name}”" in page


def test_one_licence_number_registered_at_once():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    authority = factories.bureau()
    holder = factories.enterprise()
    number = f"SC1034201{factories.unique():07d}"

    def register(i):
        return licence_register(
            number=number,
            holder=holder,
            issuing_authority=authority,
            product="糕点",
            issued_on=datetime.date(2024, 1, 10),
            valid_until=datetime.date(2029, 1, 9),
        )

    results = _together(register)
    made = [r for r in results if isinstance(r, Licence)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(made) == 1
    assert len(refused) == AT_ONCE - 1, [r for r in results if r not in made]
    for error in refused:
        assert f"许可证编号 {number} 已存在" in " ".join(error.messages)
    assert Licence.objects.filter(number=number).count() == 1

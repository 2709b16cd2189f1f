import pytest
from django.test import Client

from organisation.roles import Role
from tests import factories


@pytest.fixture
def people(db):
    """One person per role, each with a logged-in browser."""
    factories.bureau()
    factories.province()
    users = {
        "clerk": factories.user(Role.LICENSING_CLERK, full_name="王芳"),
        "clerk2": factories.user(Role.LICENSING_CLERK, full_name="赵敏"),
        "reviewer": factories.user(Role.LEGAL_REVIEWER, full_name="李娜"),
        "head": factories.user(Role.BUREAU_HEAD, full_name="刘强"),
        "investigator": factories.user(Role.INVESTIGATOR, full_name="张伟"),
    }
    clients = {}
    for key, user in users.items():
        client = Client()
        client.force_login(user)
        clients[key] = client
    return users, clients

"""Security events in the trail: signing in (with the source address), failures (the
username tried, never the password), lockouts, roles, accounts disabled, passwords."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from audit_trail import actions
from audit_trail.models import AuditEntry
from organisation.roles import Role
from tests import factories
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db
PASSWORD = "Test@12345"


@pytest.fixture
def officer(db):
    factories.bureau()
    return factories.user(Role.INVESTIGATOR, username="lisi", full_name="李四")


def _entries(action, **filters):
    return AuditEntry.objects.filter(action=action, **filters)


def _login(client, username, password, address):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_signing_in_is_recorded_with_who_and_from_where(officer):
    response = _login(Client(), "lisi", PASSWORD, "10.1.2.3")
    assert response.status_code == 302
    entry = _entries(actions.LOGIN_SUCCEEDED, actor=officer).get()
    assert entry.actor_name == "李四"
    assert entry.source_ip == "10.1.2.3"
    assert entry.category == "security"
    assert entry.object_id == str(officer.pk)


def test_a_failed_sign_in_keeps_the_username_tried_and_not_the_password(officer):
    response = _login(Client(), "lisi", "wrong-secret-1", "10.1.2.4")
    assert response.status_code == 200
    entry = _entries(actions.LOGIN_FAILED, source_ip="10.1.2.4").get()
    assert entry.actor is None
    assert entry.actor_name == "lisi"
    assert entry.after == {"用户名": "lisi"}
    assert entry.object_id == str(officer.pk)
    stored = str(AuditEntry.objects.filter(pk=entry.pk).values().get())
    assert "wrong-secret-1" not in stored


def test_a_lockout_is_recorded(officer):
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = _login(client, "lisi", f"wrong-{attempt}", "10.1.2.5")
    assert response.status_code == 429
    entry = _entries(actions.LOCKED_OUT).get()
    assert entry.actor_name == "lisi"
    assert entry.source_ip == "10.1.2.5"
    assert entry.after == {"用户名": "lisi", "来源地址": "10.1.2.5"}
    failures = _entries(actions.LOGIN_FAILED, source_ip="10.1.2.5")
    assert failures.count() == settings.AXES_FAILURE_LIMIT


def test_signing_out_is_recorded(officer):
    client = Client()
    assert sign_in(client, "lisi", PASSWORD)
    client.post("/accounts/logout/", REMOTE_ADDR="10.1.2.6")
    entry = _entries(actions.LOGGED_OUT, actor=officer).get()
    assert entry.source_ip == "10.1.2.6"


def test_a_new_user_is_recorded(db):
    user = factories.user(Role.LICENSING_CLERK, username="wangwu", full_name="王五")
    entry = _entries(actions.USER_CREATED, object_id=str(user.pk)).get()
    assert entry.after == {"姓名": "王五", "启用": True}
    assert entry.record_text == "王五"


def test_a_role_change_records_the_roles_before_and_after(officer):
    head = Group.objects.get(name=Role.DIVISION_HEAD)
    investigator = Group.objects.get(name=Role.INVESTIGATOR)
    officer.groups.add(head)
    entry = _entries(actions.USER_GROUPS_CHANGED, object_id=str(officer.pk)).latest(
        "sequence"
    )
    assert entry.before == {"角色": ["办案人员"]}
    assert entry.after == {"角色": sorted(["办案人员", str(Role(head.name).label)])}
    assert investigator.name == Role.INVESTIGATOR


def test_a_group_permission_change_is_recorded(db):
    from django.contrib.auth.models import Permission

    group = Group.objects.get(name=Role.LEGAL_REVIEWER)
    group.permissions.remove(*group.permissions.all())
    permission = Permission.objects.get(codename="view_licence")
    group.permissions.add(permission)
    entry = _entries(actions.GROUP_PERMISSIONS_CHANGED, object_id=str(group.pk)).latest(
        "sequence"
    )
    assert entry.record_text == "法制审核人员"
    assert entry.before == {"权限": []}
    assert entry.after == {"权限": ["查看许可证"]}


def test_disabling_and_enabling_an_account_and_a_new_password_are_recorded(officer):
    officer.is_active = False
    officer.save()
    disabled = _entries(actions.USER_DISABLED, object_id=str(officer.pk)).get()
    assert disabled.before == {"启用": True}
    assert disabled.after == {"启用": False}
    officer.is_active = True
    officer.set_password("Another@2026")
    officer.save()
    assert _entries(actions.USER_ENABLED, object_id=str(officer.pk)).count() == 1
    password = _entries(actions.PASSWORD_SET, object_id=str(officer.pk)).get()
    assert password.before is None
    assert password.after is None
    assert officer.password not in str(
        AuditEntry.objects.filter(pk=password.pk).values().get()
    )


def test_signing_in_does_not_record_an_account_change(officer):
    assert sign_in(Client(), "lisi", PASSWORD)
    assert not _entries(actions.PASSWORD_SET, object_id=str(officer.pk)).exists()
    assert not _entries(actions.USER_ENABLED, object_id=str(officer.pk)).exists()

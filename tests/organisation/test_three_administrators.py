"""三员分立: three administrators, none of whom takes a business decision, no business
user who administers, and no superuser at run time."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from organisation.models import User
from organisation.roles import ADMINISTRATOR_ROLES, ROLE_PERMISSIONS, Role
from organisation.services import user_create
from tests import factories
from tests.enforcement import factories as f
from tests.workflows.helpers import open_task, task_url
from tests.workflows.penalty_case_steps import act, logged_in, register_lead

BUSINESS_ROLES = [role for role in Role if role not in ADMINISTRATOR_ROLES]


def _perms(roles) -> set[str]:
    return {perm for role in roles for perm in ROLE_PERMISSIONS[role]}


def _acts(perms) -> set[str]:
    """Permissions that change something (reading is not deciding)."""
    return {perm for perm in perms if not perm.split(".", 1)[1].startswith("view_")}


@pytest.mark.parametrize("role", ADMINISTRATOR_ROLES)
def test_no_administrator_holds_a_business_permission(role):
    business = _perms(BUSINESS_ROLES)
    assert _acts(set(ROLE_PERMISSIONS[role])) & business == set()


@pytest.mark.parametrize("role", BUSINESS_ROLES)
def test_no_business_role_holds_an_administrative_permission(role):
    administration = _acts(_perms(ADMINISTRATOR_ROLES))
    assert set(ROLE_PERMISSIONS[role]) & administration == set()


def test_the_three_administrators_hold_different_things():
    system, security, audit = (set(ROLE_PERMISSIONS[r]) for r in ADMINISTRATOR_ROLES)
    assert _acts(system) & _acts(security) == set()
    assert "organisation.assign_roles" in security
    assert "organisation.assign_roles" not in system
    assert "audit_trail.export_auditentry" in audit
    assert not any(p.startswith("audit_trail.") for p in system | security)


@pytest.mark.parametrize(
    "roles",
    [
        [Role.ADMINISTRATOR, Role.BUREAU_HEAD],
        [Role.SECURITY_ADMINISTRATOR, Role.AUDIT_ADMINISTRATOR],
        [Role.AUDIT_ADMINISTRATOR, Role.INVESTIGATOR],
    ],
)
def test_an_administrator_role_is_held_alone(db, roles):
    factories.user(Role.INVESTIGATOR)  # the role groups exist
    with pytest.raises(ValidationError, match="三员分立"):
        user_create(username="both", password="Test@12345", roles=roles)
    assert not User.objects.filter(username="both").exists()


def test_admin_access_follows_the_roles(db):
    assert factories.user(Role.SECURITY_ADMINISTRATOR).is_staff
    assert factories.user(Role.AUDIT_ADMINISTRATOR).is_staff
    assert factories.user(Role.ADMINISTRATOR).is_staff
    for role in BUSINESS_ROLES:
        assert not factories.user(role).is_staff, role


def test_the_system_administrator_cannot_approve_a_filing(db):
    """The reported hole: as `admin` (then a superuser) a filing was approved."""
    people = f.staff()
    people["admin"] = factories.user(Role.ADMINISTRATOR, full_name="系统管理员")
    clients = logged_in(people)
    case, process = register_lead(clients, f.party())
    act(clients["zhang"], process, "verify", {"proposal": "file", "findings": "属实。"})
    task = open_task(process, "filing_approval")
    admin = clients["admin"]
    assert not people["admin"].has_perm("enforcement.approve_filing")
    assert admin.post(task_url(task, "assign")).status_code == 403
    assert admin.get(task_url(task, "execute")).status_code == 403
    task.refresh_from_db()
    assert task.owner_id is None
    case.refresh_from_db()
    assert case.state == "filing_proposed"


def test_demo_users_are_no_superusers_and_hold_one_administrator_role_each(db):
    call_command("load_demo", size=20, verbosity=0)
    assert not User.objects.filter(is_superuser=True).exists()
    for username, role in [
        ("admin", Role.ADMINISTRATOR),
        ("security", Role.SECURITY_ADMINISTRATOR),
        ("auditor", Role.AUDIT_ADMINISTRATOR),
    ]:
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.is_staff


def test_a_demo_database_from_before_loses_its_superuser(db):
    call_command("load_demo", size=20, verbosity=0)
    User.objects.filter(username="admin").update(is_superuser=True)
    call_command("load_demo", size=20, verbosity=0)
    assert not User.objects.get(username="admin").is_superuser


@pytest.fixture
def admins(db):
    people = {
        "system": factories.user(Role.ADMINISTRATOR, full_name="系统管理员"),
        "security": factories.user(Role.SECURITY_ADMINISTRATOR, full_name="安全员"),
        "clerk": factories.user(Role.LICENSING_CLERK, full_name="王芳"),
    }
    return people, logged_in(people)


def _change(client, user, **changes):
    url = reverse("admin:organisation_user_change", args=[user.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if not field.disabled:
            if isinstance(value, list | tuple):
                data[name] = [getattr(v, "pk", v) for v in value]
            elif value is not None:
                data[name] = getattr(value, "pk", value)
    data.pop("password", None)
    for key, value in changes.items():
        data[key] = value
    data = {k: v for k, v in data.items() if v is not False}
    return client.post(url, data)


def _group(role):
    from django.contrib.auth.models import Group

    return Group.objects.get(name=role).pk


def test_the_security_administrator_assigns_roles_and_nothing_else(admins):
    people, clients = admins
    clerk = people["clerk"]
    page = clients["security"].get(
        reverse("admin:organisation_user_change", args=[clerk.pk])
    )
    form = page.context["adminform"].form
    assert list(form.fields) == ["groups"]
    response = _change(
        clients["security"],
        clerk,
        groups=[_group(Role.LICENSING_CLERK), _group(Role.INVESTIGATOR)],
    )
    assert response.status_code == 302
    assert set(clerk.groups.values_list("name", flat=True)) == {
        Role.LICENSING_CLERK,
        Role.INVESTIGATOR,
    }
    password = reverse("admin:auth_user_password_change", args=[clerk.pk])
    assert clients["security"].get(password).status_code == 403


def test_the_system_administrator_keeps_identity_but_gives_no_role(admins):
    people, clients = admins
    clerk = people["clerk"]
    page = clients["system"].get(
        reverse("admin:organisation_user_change", args=[clerk.pk])
    )
    form = page.context["adminform"].form
    assert "groups" not in form.fields
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields
    assert "full_name" in form.fields
    response = _change(clients["system"], clerk, full_name="王芳芳")
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.full_name == "王芳芳"
    assert list(clerk.groups.values_list("name", flat=True)) == [Role.LICENSING_CLERK]


def test_a_business_role_beside_an_administrator_role_is_refused_with_a_message(admins):
    people, clients = admins
    clerk = people["clerk"]
    response = _change(
        clients["security"],
        clerk,
        groups=[_group(Role.LICENSING_CLERK), _group(Role.AUDIT_ADMINISTRATOR)],
    )
    assert response.status_code == 200
    assert "三员分立" in response.content.decode()
    assert list(clerk.groups.values_list("name", flat=True)) == [Role.LICENSING_CLERK]


def test_the_security_administrator_cannot_change_own_roles(admins):
    people, clients = admins
    me = people["security"]
    response = _change(
        clients["security"],
        me,
        groups=[_group(Role.SECURITY_ADMINISTRATOR), _group(Role.BUREAU_HEAD)],
    )
    assert response.status_code == 200
    assert "不能修改自己的角色" in response.content.decode()
    assert list(me.groups.values_list("name", flat=True)) == [
        Role.SECURITY_ADMINISTRATOR
    ]


def test_an_administrator_given_a_business_role_loses_admin_and_vice_versa(admins):
    people, clients = admins
    clerk = people["clerk"]
    assert (
        _change(
            clients["security"], clerk, groups=[_group(Role.AUDIT_ADMINISTRATOR)]
        ).status_code
        == 302
    )
    clerk.refresh_from_db()
    assert clerk.is_staff
    assert (
        _change(
            clients["security"], clerk, groups=[_group(Role.LICENSING_CLERK)]
        ).status_code
        == 302
    )
    clerk.refresh_from_db()
    assert not clerk.is_staff
    assert Client().get("/admin/").status_code == 302


def test_business_users_cannot_open_the_admin(admins):
    _, clients = admins
    response = clients["clerk"].get("/admin/organisation/user/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_createsuperuser_is_break_glass_and_audited(db, monkeypatch):
    from audit_trail.models import AuditEntry
    from organisation.checks import no_active_superuser
    from tests.signing_in import sign_in

    assert no_active_superuser() == []
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Glass@2026-break")
    call_command(
        "createsuperuser",
        interactive=False,
        username="breakglass",
        email="ops@example.cn",
        verbosity=0,
    )
    created = AuditEntry.objects.filter(action="user.break_glass_create")
    assert [e.record_text for e in created] == ["breakglass"]
    assert sign_in(Client(), "breakglass", "Glass@2026-break")
    assert AuditEntry.objects.filter(
        action="auth.break_glass_login", actor__username="breakglass"
    ).exists()
    (warning,) = no_active_superuser()
    assert warning.id == "organisation.W001"
    assert "breakglass" in warning.msg

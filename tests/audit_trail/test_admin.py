"""Django admin: settings changes go into the trail with before and after; records
with history cannot be deleted; viewflow's processes and tasks are read only; the
trail itself can be read there but never changed."""

import pytest
from django.contrib.auth.models import Permission
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from viewflow.workflow.models import Process

from audit_trail import actions
from audit_trail.models import AuditEntry
from licensing import services
from licensing.models import WithdrawalPolicy
from organisation.roles import Role
from tests import factories
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


def _grant(user, *codenames):
    for codename in codenames:
        app_label, code = codename.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=code)
        )


@pytest.fixture
def admin_client(db):
    factories.bureau()
    admin = factories.user(Role.ADMINISTRATOR, username="sysadmin")
    client = Client()
    assert sign_in(client, "sysadmin", "Test@12345")
    client.user = admin
    return client


def test_a_settings_change_in_admin_records_the_fields_before_and_after(
    admin_client,
):
    policy = WithdrawalPolicy.current()
    url = reverse("admin:licensing_withdrawalpolicy_change", args=[policy.pk])
    response = admin_client.post(
        url,
        {
            "statement_working_days": 5,
            "publicity_working_days": 10,
            "province_reply_working_days": 20,
            "review_working_days": 5,
        },
        REMOTE_ADDR="10.9.9.9",
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action=actions.SETTINGS_CHANGED).latest(
        "sequence"
    )
    assert entry.actor == admin_client.user
    assert entry.source_ip == "10.9.9.9"
    assert entry.record_text == "撤销注销期限设置"
    assert entry.before == {"公示期限（工作日）": 7}
    assert entry.after == {"公示期限（工作日）": 10}


def test_a_licence_with_history_cannot_be_deleted(admin_client, clerk):
    licence = factories.food_licence()
    services.licence_revoke(
        licence=licence, actor=clerk, ground="ineligible_applicant", reason="x"
    )
    _grant(admin_client.user, "licensing.delete_licence")
    url = reverse("admin:licensing_licence_delete", args=[licence.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 403
    assert "权限" in response.content.decode()
    change = admin_client.get(
        reverse("admin:licensing_licence_change", args=[licence.pk])
    )
    assert reverse("admin:licensing_licence_delete", args=[licence.pk]) not in (
        change.content.decode()
    )
    with pytest.raises(ProtectedError):
        licence.delete()
    licence.refresh_from_db()


def test_deleting_a_user_with_an_audit_trail_shows_the_cannot_delete_page(
    admin_client,
):
    officer = factories.user(Role.INVESTIGATOR, username="leaver")
    assert sign_in(Client(), "leaver", "Test@12345")  # now in the trail as actor
    _grant(admin_client.user, "organisation.delete_user")
    url = reverse("admin:organisation_user_delete", args=[officer.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "审计记录" in page
    assert officer.__class__.objects.filter(pk=officer.pk).exists()


def test_viewflow_processes_cannot_be_deleted_or_edited_in_admin(admin_client):
    from workflows.online_cleanup.flows import ListingCleanupFlow

    process = Process.objects.create(flow_class=ListingCleanupFlow)
    _grant(
        admin_client.user,
        "viewflow.view_process",
        "viewflow.change_process",
        "viewflow.delete_process",
        "viewflow.view_task",
        "viewflow.delete_task",
    )
    delete = admin_client.post(
        reverse("admin:viewflow_process_delete", args=[process.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert Process.objects.filter(pk=process.pk).exists()
    change = admin_client.get(
        reverse("admin:viewflow_process_change", args=[process.pk])
    )
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert admin_client.get(reverse("admin:viewflow_process_add")).status_code == 403


def test_the_trail_is_read_only_in_admin(admin_client):
    entry = AuditEntry.objects.latest("sequence")
    _grant(admin_client.user, "audit_trail.view_auditentry")
    assert (
        admin_client.get(reverse("admin:audit_trail_auditentry_changelist")).status_code
        == 200
    )
    assert admin_client.get(
        reverse("admin:audit_trail_auditentry_add")
    ).status_code == (403)
    response = admin_client.post(
        reverse("admin:audit_trail_auditentry_delete", args=[entry.pk]),
        {"post": "yes"},
    )
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()

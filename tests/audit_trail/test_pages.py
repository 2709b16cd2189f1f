"""The audit administrator's pages: the trail newest first, filtered by person,
record, action, category and days, with the chain status of the page; its export as
CSV and XLSX, itself recorded; nobody else gets in."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from audit_trail import actions
from audit_trail.models import AuditEntry
from licensing import services
from organisation.roles import Role
from tests import factories
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db
PASSWORD = "Test@12345"


def _grant(user, *codenames):
    for codename in codenames:
        user.user_permissions.add(
            Permission.objects.get(
                content_type__app_label="audit_trail", codename=codename
            )
        )


def _client(username):
    client = Client()
    assert sign_in(client, username, PASSWORD)
    return client


@pytest.fixture
def auditor(db):
    factories.bureau()
    user = factories.user(Role.INVESTIGATOR, username="auditor", full_name="审计员")
    _grant(user, "view_auditentry", "export_auditentry")
    return user


@pytest.fixture
def revoked(clerk):
    licence = factories.food_licence()
    services.licence_revoke(
        licence=licence, actor=clerk, ground="ineligible_applicant", reason="隐瞒情况"
    )
    return licence


def test_the_page_needs_the_view_permission(db):
    factories.bureau()
    factories.user(Role.LICENSING_CLERK, username="nosy")
    client = _client("nosy")
    assert client.get(reverse("audit:index")).status_code == 403
    assert client.get(reverse("audit:export") + "?format=csv").status_code == 403
    assert "安全审计" not in client.get("/workbench/").content.decode()
    anonymous = Client().get(reverse("audit:index"))
    assert anonymous.status_code == 302  # asked to sign in first
    assert anonymous["Location"].startswith("/accounts/login/?next=")


def test_the_page_lists_entries_newest_first_with_the_chain_status(auditor, revoked):
    client = _client("auditor")
    response = client.get(reverse("audit:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-chain="ok"' in page
    assert "安全审计" in page  # the menu entry
    sequences = [e.sequence for e in response.context["rows"]]
    assert sequences == sorted(sequences, reverse=True)
    assert sequences[0] == AuditEntry.objects.latest("sequence").sequence
    assert "登录成功" in page  # the auditor's own sign-in, in words


def test_the_page_filters_by_person_action_record_and_day(auditor, revoked, clerk):
    client = _client("auditor")
    from django.contrib.contenttypes.models import ContentType

    licence_type = ContentType.objects.get_for_model(revoked)
    by_record = client.get(
        reverse("audit:index"),
        {"record_type": licence_type.pk, "object_id": revoked.pk},
    )
    rows = by_record.context["rows"]
    assert [e.action for e in rows] == ["licence.revoke"]
    page = by_record.content.decode()
    assert "撤销" in page and "已撤销" in page and "隐瞒情况" in page

    by_person = client.get(reverse("audit:index"), {"person": clerk.username})
    assert {e.actor_id for e in by_person.context["rows"]} == {clerk.pk}
    by_action = client.get(reverse("audit:index"), {"action": actions.LOGIN_SUCCEEDED})
    assert {e.action for e in by_action.context["rows"]} == {actions.LOGIN_SUCCEEDED}
    by_text = client.get(reverse("audit:index"), {"record": revoked.number})
    assert "licence.revoke" in {e.action for e in by_text.context["rows"]}
    none_yet = client.get(reverse("audit:index"), {"date_to": "2000-01-01"})
    assert list(none_yet.context["rows"]) == []
    assert "没有符合条件的记录" in none_yet.content.decode()


def test_reversed_dates_get_a_message_and_no_rows(auditor):
    client = _client("auditor")
    response = client.get(
        reverse("audit:index"), {"date_from": "2026-12-02", "date_to": "2026-01-01"}
    )
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert list(response.context["rows"]) == []


def test_export_needs_its_own_permission(db):
    factories.bureau()
    reader = factories.user(Role.INVESTIGATOR, username="reader")
    _grant(reader, "view_auditentry")
    client = _client("reader")
    assert client.get(reverse("audit:index")).status_code == 200
    assert "导出 CSV" not in client.get(reverse("audit:index")).content.decode()
    assert client.get(reverse("audit:export") + "?format=csv").status_code == 403


def test_csv_export_of_the_filtered_entries_is_itself_recorded(auditor, revoked):
    client = _client("auditor")
    response = client.get(
        reverse("audit:export"), {"record": revoked.number, "format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["序号", "时间", "类别", "操作"]
    assert [r[4] for r in rows[1:]] == ["licence.revoke"]
    assert rows[1][3] == "撤销"
    export = AuditEntry.objects.filter(action=actions.AUDIT_EXPORTED).get()
    assert export.actor == auditor
    assert export.after == {
        "筛选条件": {"record": revoked.number},
        "格式": "CSV",
        "行数": 1,
    }


def test_xlsx_export_opens_as_a_workbook(auditor, revoked):
    client = _client("auditor")
    response = client.get(reverse("audit:export"), {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[-1] == "哈希（SM3）"
    assert sheet.max_row - 1 == AuditEntry.objects.count() - 1  # not itself

"""The trail is one SM3 chain: built by audit_record, verified by audit_verify, which
names the first entry altered by hand; PostgreSQL refuses UPDATE and DELETE."""

import io

import pgtrigger
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit_trail import actions
from audit_trail.chain import GENESIS_HASH, canonical_text, entry_fields, sm3_hex
from audit_trail.models import AuditCategory, AuditEntry
from audit_trail.selectors import audit_chain_verify
from audit_trail.services import audit_record

pytestmark = pytest.mark.django_db


def _append(n: int, **kwargs):
    return [
        audit_record(
            action=actions.SETTINGS_CHANGED,
            category=AuditCategory.BUSINESS,
            after={"值": i},
            reason=f"第{i}次",
            **kwargs,
        )
        for i in range(n)
    ]


def test_sm3_is_the_national_standard_hash():
    # GB/T 32905-2016, example 1.
    assert sm3_hex(b"abc") == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )


def test_each_entry_is_chained_to_the_one_before_it():
    head = AuditEntry.objects.order_by("-sequence").first()
    entries = _append(3)
    previous_hash = head.hash if head else GENESIS_HASH
    previous_sequence = head.sequence if head else 0
    for entry in entries:
        entry.refresh_from_db()
        assert entry.sequence == previous_sequence + 1
        assert entry.previous_hash == previous_hash
        assert entry.hash == sm3_hex(canonical_text(entry_fields(entry)))
        previous_hash, previous_sequence = entry.hash, entry.sequence


def test_audit_verify_reports_an_intact_chain():
    _append(3)
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    total = AuditEntry.objects.count()
    assert f"已核验 {total} 条审计记录，哈希链完整" in out.getvalue()


def test_audit_verify_names_the_entry_altered_by_hand():
    entries = _append(5)
    tampered = entries[2]
    # As someone with psql would: the trigger off for the one statement. (The
    # deferred foreign-key checks of this test's inserts are run first: PostgreSQL
    # alters no table with checks pending.)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "ALTER TABLE audit_trail_auditentry DISABLE TRIGGER USER;"
            "UPDATE audit_trail_auditentry SET reason = '改过' WHERE id = %s;"
            "ALTER TABLE audit_trail_auditentry ENABLE TRIGGER USER;",
            [tampered.pk],
        )
    report = audit_chain_verify()
    assert report.first_break.sequence == tampered.sequence
    with pytest.raises(CommandError) as refused:
        call_command("audit_verify", stdout=io.StringIO())
    message = str(refused.value)
    assert f"第 {tampered.sequence} 号记录处断开" in message
    assert "修改设置" in message
    assert "记录被改动" in message


def test_audit_verify_names_the_entry_after_one_deleted_by_hand():
    entries = _append(4)
    with pgtrigger.ignore("audit_trail.AuditEntry:append_only"):
        AuditEntry.objects.filter(pk=entries[1].pk).delete()
    report = audit_chain_verify()
    assert report.first_break.sequence == entries[2].sequence
    assert report.first_break.problem == "gap"


def test_postgresql_refuses_update_of_an_entry():
    entry = _append(1)[0]
    with (
        pytest.raises(DatabaseError, match="Cannot update or delete"),
        transaction.atomic(),
    ):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="改过")
    entry.refresh_from_db()
    assert entry.reason == "第0次"


def test_postgresql_refuses_delete_of_an_entry():
    entry = _append(1)[0]
    with (
        pytest.raises(DatabaseError, match="Cannot update or delete"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_trail_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()

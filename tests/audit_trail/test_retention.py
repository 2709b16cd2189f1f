"""Entries are kept at least 180 days (网络安全法 第二十一条): audit_purge refuses a
younger date, removes only the oldest entries, records that it did, and the chain
still verifies from the first kept entry."""

import datetime
import io

import pgtrigger
import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import override_settings

from audit_trail import actions
from audit_trail.checks import audit_retention_check
from audit_trail.models import AuditCategory, AuditEntry
from audit_trail.selectors import audit_chain_verify
from audit_trail.services import audit_record

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 2, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _empty_trail(db):
    """Start from an empty trail (the test database's own entries, written when it
    was migrated, are dated today and would stand first in the chain)."""
    with pgtrigger.ignore("audit_trail.AuditEntry:append_only"):
        AuditEntry.objects.all().delete()


def _entry_on(moment):
    with time_machine.travel(moment, tick=False):
        return audit_record(
            action=actions.SETTINGS_CHANGED,
            category=AuditCategory.BUSINESS,
            after={"时间": moment.isoformat()},
        )


def test_a_retention_under_180_days_is_refused_by_the_system_check():
    with override_settings(AUDIT_RETENTION_DAYS=90):
        errors = audit_retention_check()
    assert [e.id for e in errors] == ["audit_trail.E001"]
    assert "至少保存 180 天" in errors[0].msg
    with override_settings(AUDIT_RETENTION_DAYS=365):
        assert audit_retention_check() == []


def test_purge_refuses_a_date_within_the_retention_period():
    old = _entry_on(NOW - datetime.timedelta(days=400))
    with time_machine.travel(NOW, tick=False):
        recent = (NOW - datetime.timedelta(days=179)).date().isoformat()
        with pytest.raises(CommandError, match="至少保存180天"):
            call_command(
                "audit_purge", before=recent, for_real=True, stdout=io.StringIO()
            )
    assert AuditEntry.objects.filter(pk=old.pk).exists()


def test_purge_with_a_longer_retention_setting_refuses_accordingly():
    _entry_on(NOW - datetime.timedelta(days=400))
    with (
        override_settings(AUDIT_RETENTION_DAYS=365),
        time_machine.travel(NOW, tick=False),
        pytest.raises(CommandError, match="至少保存365天"),
    ):
        call_command(
            "audit_purge",
            before=(NOW - datetime.timedelta(days=200)).date().isoformat(),
            for_real=True,
            stdout=io.StringIO(),
        )


def test_purge_removes_only_old_entries_records_itself_and_the_chain_verifies():
    old = [_entry_on(NOW - datetime.timedelta(days=d)) for d in (400, 300)]
    kept = [_entry_on(NOW - datetime.timedelta(days=d)) for d in (100, 1)]
    cutoff = (NOW - datetime.timedelta(days=200)).date().isoformat()
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("audit_purge", before=cutoff, stdout=out)  # a dry run
        assert AuditEntry.objects.filter(pk=old[0].pk).exists()
        call_command("audit_purge", before=cutoff, for_real=True, stdout=out)
    assert not AuditEntry.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert AuditEntry.objects.filter(pk__in=[e.pk for e in kept]).count() == 2
    purge = AuditEntry.objects.get(action=actions.AUDIT_PURGED)
    assert purge.after == {
        "清理截止日期": cutoff,
        "清理条数": 2,
    }
    assert "哈希链完整" in out.getvalue()
    report = audit_chain_verify()
    assert report.ok
    assert report.checked == AuditEntry.objects.count()
    verify = io.StringIO()
    call_command("audit_verify", stdout=verify)
    assert "哈希链完整" in verify.getvalue()

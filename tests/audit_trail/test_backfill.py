"""The migration that appends the events recorded before the trail existed: every
row of the four event tables becomes one entry, in time order, in one valid chain."""

import importlib

import pgtrigger
import pytest
from django.apps import apps

from audit_trail.models import AuditEntry
from audit_trail.selectors import audit_chain_verify
from enforcement.models import CaseEvent
from licensing import services
from licensing.grounds import RevocationGround
from licensing.models import LicenceEvent
from tests import factories
from tests.enforcement import factories as case_factories

pytestmark = pytest.mark.django_db
backfill = importlib.import_module(
    "workflows.migrations.0005_audit_trail_backfill"
).backfill


def test_existing_events_are_appended_in_time_order(clerk):
    people = case_factories.staff()
    case_factories.filed(people)
    licence = factories.food_licence()
    services.licence_revoke(
        licence=licence, actor=clerk, ground="ineligible_applicant", reason="隐瞒情况"
    )
    # As on a database upgraded from before the trail: the events, no entries.
    with pgtrigger.ignore("audit_trail.AuditEntry:append_only"):
        AuditEntry.objects.all().delete()
    events = CaseEvent.objects.count() + LicenceEvent.objects.count()

    backfill(apps, None)

    entries = list(AuditEntry.objects.order_by("sequence"))
    assert len(entries) == events
    times = [e.occurred_at for e in entries]
    assert times == sorted(times)
    assert audit_chain_verify().ok
    revoked = next(e for e in entries if e.action == "licence.revoke")
    assert revoked.actor == clerk
    assert revoked.actor_name == clerk.get_full_name()
    assert revoked.record_text == licence.number
    assert revoked.object_id == str(licence.pk)
    assert revoked.before == {"状态": "有效"}
    assert revoked.after == {
        "状态": "已撤销",
        "法定情形": str(RevocationGround.INELIGIBLE_APPLICANT.label),
    }
    assert revoked.reason == "隐瞒情况"
    assert {e.category for e in entries} == {"business"}

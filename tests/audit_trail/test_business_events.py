"""Business events in the trail: a transition made through its service is exactly
one entry with who, what, which record, before and after, and why; the event tables
keep their rows."""

import pytest
from django.test import RequestFactory

from audit_trail.models import AuditEntry
from audit_trail.request_context import AuditRequestMiddleware
from licensing import services
from licensing.grounds import RevocationGround
from licensing.models import LicenceEvent
from tests import factories

pytestmark = pytest.mark.django_db


def test_revoking_a_licence_writes_one_entry_with_who_what_and_why(clerk):
    licence = factories.food_licence()
    before = AuditEntry.objects.count()
    services.licence_revoke(
        licence=licence,
        actor=clerk,
        ground="ineligible_applicant",
        reason="申请人隐瞒有关情况",
    )
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("sequence")
    event = LicenceEvent.objects.get(licence=licence)
    assert entry.action == "licence.revoke"
    assert entry.action_label == "撤销"
    assert entry.category == "business"
    assert entry.actor == clerk
    assert entry.actor_name == clerk.get_full_name()
    assert entry.content_type.model_class() is type(licence)
    assert entry.object_id == str(licence.pk)
    assert entry.record_text == licence.number
    assert entry.before == {"状态": "有效"}
    assert entry.after == {
        "状态": "已撤销",
        "法定情形": str(RevocationGround.INELIGIBLE_APPLICANT.label),
    }
    assert entry.reason == "申请人隐瞒有关情况"
    assert entry.occurred_at == event.occurred_at


def test_an_entry_written_during_a_request_keeps_the_source_address(clerk):
    licence = factories.food_licence()
    request = RequestFactory().post("/", REMOTE_ADDR="192.168.7.9")
    request.user = clerk

    def view(request):
        services.licence_revoke(
            licence=licence, actor=clerk, ground="ineligible_applicant", reason="x"
        )
        return None

    AuditRequestMiddleware(view)(request)
    entry = AuditEntry.objects.latest("sequence")
    assert entry.action == "licence.revoke"
    assert entry.source_ip == "192.168.7.9"


def test_each_case_event_is_one_entry_labelled_as_the_case_desk_labels_it(db):
    from enforcement.models import CaseEvent
    from tests.enforcement import factories as case_factories

    people = case_factories.staff()
    first = AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True)
    start = first[0] if first else 0
    case = case_factories.filed(people)
    events = list(CaseEvent.objects.filter(case=case).order_by("occurred_at", "id"))
    entries = list(
        AuditEntry.objects.filter(sequence__gt=start, action__startswith="case.")
    )
    assert len(entries) == len(events) >= 3
    filing = next(e for e in entries if e.action == "case.file")
    assert filing.action_label == "批准立案"
    assert filing.actor == people["liuqiang"]
    assert filing.record_text == case.title
    assert filing.object_id == str(case.pk)
    assert filing.reason == CaseEvent.objects.get(case=case, action="file").note
    assert filing.before["状态"] != filing.after["状态"]

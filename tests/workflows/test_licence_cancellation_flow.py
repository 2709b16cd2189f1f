import datetime
import re

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from viewflow.workflow.models import Process, Task

from documents.models import IssuedDocument
from enterprises.models import Enterprise
from licensing.models import (
    Cancellation,
    CancellationState,
    Licence,
    LicenceState,
    Referral,
    ReferralState,
)
from tests import factories
from workflows.licence_withdrawal.flows import (
    LicenceCancellationFlow,
    ProvinceReferralFlow,
)

from .helpers import open_task, take_and_execute, task_url

pytestmark = pytest.mark.django_db(transaction=True)

BULK_URL = "/withdrawals/bulk/"


def _today():
    return timezone.localdate()


def _bulk(
    client,
    licences,
    ground="holder_dissolved",
    reason="持证企业已依法注销",
    confirm=True,
):
    data = {
        "licences": [lic.pk for lic in licences],
        "ground": ground,
        "reason": reason,
    }
    preview = client.post(BULK_URL, {**data, "preview": "1"})
    assert preview.status_code == 200
    if not confirm:
        return preview
    return client.post(BULK_URL, {**data, "confirm": "1"})


def test_local_cancellation_from_the_bulk_page(people):
    users, clients = people
    licence = factories.food_licence()
    response = _bulk(
        clients["clerk"], [licence], ground="holder_application", reason="企业申请注销"
    )
    assert "本局注销 1 份" in response.content.decode()
    cancellation = Cancellation.objects.get(licence=licence)
    licence.refresh_from_db()
    assert licence.state == LicenceState.CANCELLED
    assert cancellation.state == CancellationState.CANCELLED
    notice = IssuedDocument.objects.get(number=cancellation.notice_number)
    assert notice.document_type.code == "licence_cancellation_notice"
    process = Process.objects.get(
        flow_class=LicenceCancellationFlow, artifact_object_id=cancellation.pk
    )
    task = open_task(process, "publicity")
    assert task.deadline.due_on == cancellation.publicity_due
    from licensing.models import WithdrawalPolicy

    policy = WithdrawalPolicy.current()
    policy.publicity_working_days = 10
    policy.save()
    page = clients["clerk"].get(task_url(task, "execute")).content.decode()
    assert "注销之日起10个工作日内" in page  # the period the bureau has set
    take_and_execute(
        clients["clerk"],
        process,
        "publicity",
        {"published_on": _today(), "reference": "公示编号2026-1"},
    )
    cancellation.refresh_from_db()
    assert cancellation.state == CancellationState.CLOSED


def _ticked(html):
    return set(re.findall(r'name="licences" value="(\d+)" checked', html))


def test_the_bulk_list_ticks_nothing_in_advance(people):
    """Every licence cancelled or referred is one the clerk ticked: not on a plain
    listing, and not on a narrowed-down one either (171 pre-ticked licences were once
    one click from the province)."""
    users, clients = people
    local = factories.food_licence()
    external = factories.industrial_licence()
    browse = clients["clerk"].get(BULK_URL, {"q": ""}).content.decode()
    assert local.number in browse and external.number in browse
    assert _ticked(browse) == set()
    narrowed = clients["clerk"].get(BULK_URL, {"q": local.number}).content.decode()
    assert local.number in narrowed
    assert _ticked(narrowed) == set()
    external_only = clients["clerk"].get(BULK_URL, {"issued_by": "external"})
    assert external.number in external_only.content.decode()
    assert _ticked(external_only.content.decode()) == set()
    # nor a ground: the first choice asks for one
    assert '<option value="" selected>请选择注销情形</option>' in narrowed
    # nor the select-all box
    assert not re.search(r"<input[^>]* checked", external_only.content.decode())
    bad = clients["clerk"].get(BULK_URL, {"valid_until_before": "2026-13-45"})
    assert "有效期截止早于" in bad.content.decode()
    assert not re.search(r"共 \d+ 份许可证", bad.content.decode())


def test_a_refused_bulk_submission_keeps_the_list_ticks_and_reason(people):
    users, clients = people
    first = factories.food_licence(product="糕点")
    second = factories.food_licence(product="糕点")
    response = clients["clerk"].post(
        BULK_URL,
        {
            "licences": [second.pk],
            "ground": "holder_dissolved",
            "reason": "",
            "filter": "q=SC&kind=food_production",
            "preview": "1",
        },
    )
    html = response.content.decode()
    assert "注销理由：" in html
    assert first.number in html and second.number in html
    assert _ticked(html) == {str(second.pk)}
    assert 'name="filter" value="q=SC&amp;kind=food_production"' in html
    nothing = (
        clients["clerk"]
        .post(
            BULK_URL,
            {"ground": "holder_dissolved", "reason": "企业已注销", "preview": "1"},
        )
        .content.decode()
    )
    assert "请至少勾选一份许可证。" in nothing
    assert "企业已注销" in nothing  # the reason as typed is still in the box
    assert not Cancellation.objects.exists()


def test_preview_writes_nothing_and_reports_each_licence(people):
    users, clients = people
    local = factories.food_licence()
    external = factories.industrial_licence()
    cancelled = factories.food_licence()
    from licensing.services import licence_cancel

    licence_cancel(
        licence=cancelled,
        actor=users["clerk"],
        ground="holder_application",
        reason="申请",
    )
    response = _bulk(clients["clerk"], [local, external, cancelled], confirm=False)
    html = response.content.decode()
    assert "本局注销 1 份，上报省局 1 份，不能办理 1 份" in html
    assert "无需注销" in html
    assert not Cancellation.objects.exists()


def test_referral_of_51_licences_with_mixed_province_replies(people):
    users, clients = people
    holders = [
        factories.enterprise(
            registration_status=Enterprise.RegistrationStatus.DEREGISTERED
        )
        for _ in range(51)
    ]
    licences = [factories.industrial_licence(holder=h) for h in holders]
    # One invalid licence in the batch is reported and does not spoil it.
    already = factories.industrial_licence()
    clients_clerk = clients["clerk"]
    factories_cancel = Cancellation.objects.count()
    assert factories_cancel == 0
    # Find them the way a clerk would: industrial licences whose holder is deregistered.
    listing = clients_clerk.get(
        BULK_URL, {"kind": "industrial_product", "holder_status": "deregistered"}
    )
    assert listing.content.decode().count('name="licences"') == 51
    from licensing.services import cancellation_open

    cancellation_open(
        licence=already,
        ground="holder_application",
        reason="申请",
        actor=users["clerk2"],
    )
    response = _bulk(clients_clerk, [*licences, already])
    html = response.content.decode()
    assert "上报省局 51 份，不能办理 1 份" in html

    referral = Referral.objects.get()
    assert referral.cancellations.count() == 51
    letter = IssuedDocument.objects.get(number=referral.letter_number)
    assert letter.document_type.code == "province_cancellation_referral"
    process = Process.objects.get(
        flow_class=ProvinceReferralFlow, artifact_object_id=referral.pk
    )
    take_and_execute(
        clients_clerk, process, "send_letter", {"sent_on": _today(), "method": "oa"}
    )
    referral.refresh_from_db()
    assert referral.state == ReferralState.SENT

    detail_url = f"/withdrawals/referral/{referral.pk}/"
    cancellations = list(referral.cancellations.order_by("licence__number"))
    # 50 answers typed into the table at once; the last one is left for the API.
    table = {"action": "preview", "decided_on_all": _today().isoformat()}
    for i, cancellation in enumerate(cancellations, start=1):
        table[f"row-{i}-number"] = cancellation.licence.number
        if i == len(cancellations):
            continue
        if i % 10 == 4:
            table[f"row-{i}-decision"] = "reject"
            table[f"row-{i}-rejection_reason"] = "企业已恢复生产"
        else:
            table[f"row-{i}-decision"] = "accept"
            table[f"row-{i}-decision_number"] = f"鄂市监许注〔2026〕{i}号"
    preview = clients_clerk.post(detail_url, table)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "将登记 50 份许可证的省局决定" in html
    assert "准予注销 45 份，不予注销 5 份" in html
    assert not Licence.objects.filter(state=LicenceState.CANCELLED).exists()
    confirm = {"action": "confirm"}
    for name, value in preview.context["hidden"]:
        confirm[name] = value
    response = clients_clerk.post(detail_url, confirm)
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.status != "DONE"
    # The last answer comes through the API.
    last = cancellations[-1]
    response = clients_clerk.post(
        f"/api/cancellations/{last.pk}/province-decision/",
        {
            "accepted": True,
            "decided_on": _today().isoformat(),
            "decision_number": "鄂市监许注〔2026〕99号",
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["licence_state"] == "cancelled"
    referral.refresh_from_db()
    process.refresh_from_db()
    assert referral.state == ReferralState.ANSWERED
    assert process.status == "DONE"
    states = Licence.objects.filter(pk__in=[lic.pk for lic in licences]).values_list(
        "state", flat=True
    )
    assert sorted(set(states)) == [LicenceState.CANCELLED, LicenceState.VALID]
    assert list(states).count(LicenceState.VALID) == 5
    assert (
        not Process.objects.filter(flow_class=LicenceCancellationFlow)
        .exclude(status="DONE")
        .exists()
    )


def test_late_province_reply_raises_a_follow_up_task(people):
    users, clients = people
    licence = factories.industrial_licence()
    _bulk(clients["clerk"], [licence])
    referral = Referral.objects.get()
    process = Process.objects.get(
        flow_class=ProvinceReferralFlow, artifact_object_id=referral.pk
    )
    sent = _today() - datetime.timedelta(days=60)
    take_and_execute(
        clients["clerk"], process, "send_letter", {"sent_on": sent, "method": "post"}
    )
    call_command("workflow_timers", verbosity=0)
    follow_up = open_task(process, "follow_up")
    assert follow_up.owner == users["clerk"]
    take_and_execute(
        clients["clerk"],
        process,
        "follow_up",
        {"followed_up_on": _today(), "note": "电话催办省局许可处"},
    )
    referral.refresh_from_db()
    assert referral.follow_up_note == "电话催办省局许可处"
    process.refresh_from_db()
    assert process.status != "DONE"  # still waiting for the answer
    cancellation = referral.cancellations.get()
    response = clients["clerk"].post(
        f"/api/cancellations/{cancellation.pk}/province-decision/",
        {
            "accepted": False,
            "decided_on": _today().isoformat(),
            "rejection_reason": "需补充材料",
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    process.refresh_from_db()
    assert process.status == "DONE"


def test_no_follow_up_while_the_reply_is_not_late(people):
    users, clients = people
    _bulk(clients["clerk"], [factories.industrial_licence()])
    referral = Referral.objects.get()
    process = Process.objects.get(
        flow_class=ProvinceReferralFlow, artifact_object_id=referral.pk
    )
    take_and_execute(
        clients["clerk"], process, "send_letter", {"sent_on": _today(), "method": "oa"}
    )
    call_command("workflow_timers", verbosity=0)
    assert not Task.objects.filter(
        process=process, flow_task=ProvinceReferralFlow.follow_up
    ).exists()


def test_api_refuses_users_without_the_permission(people):
    users, clients = people
    _bulk(clients["clerk"], [factories.industrial_licence()])
    cancellation = Cancellation.objects.get()
    response = clients["investigator"].post(
        f"/api/cancellations/{cancellation.pk}/province-decision/",
        {"accepted": True, "decided_on": _today().isoformat(), "decision_number": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    cancellation.refresh_from_db()
    assert cancellation.state == CancellationState.REFERRED


def test_investigator_cannot_open_the_bulk_page(people):
    users, clients = people
    assert clients["investigator"].get(BULK_URL).status_code == 403


def test_bulk_preview_query_count_does_not_grow_with_licences(people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    users, clients = people

    def preview_queries(n):
        licences = [factories.industrial_licence() for _ in range(n)]
        with CaptureQueriesContext(connection) as captured:
            _bulk(clients["clerk"], licences, confirm=False)
        return len(captured)

    assert preview_queries(15) == preview_queries(3)


def test_a_licence_revoked_as_a_penalty_offers_its_cancellation(people):
    users, clients = people
    licence = factories.food_licence()
    from licensing.services import licence_revoke_as_penalty

    licence_revoke_as_penalty(
        licence=licence,
        actor=users["head"],
        reason="吊销食品生产许可证",
        reference="武市监处罚〔2026〕12号",
    )
    page = clients["clerk"].get(f"/registry/licence/{licence.pk}/detail/")
    cancel = f'href="{BULK_URL}?q={licence.number}"'
    assert cancel in page.content.decode()
    assert "发起撤销" not in page.content.decode()  # only a valid licence is revoked


def test_a_failure_recording_the_notice_neither_refuses_the_clerk_nor_stops_timers(
    people, monkeypatch
):
    from django.core.exceptions import ValidationError

    from licensing import services
    from workflows.timers import run_due_timers

    users, clients = people
    licence = factories.food_licence()
    real = services.cancellation_cancel_locally

    def refuse(**kwargs):
        raise ValidationError("记录文号时出错")

    monkeypatch.setattr(services, "cancellation_cancel_locally", refuse)
    response = _bulk(
        clients["clerk"], [licence], ground="holder_application", reason="企业申请注销"
    )
    assert "本局注销 1 份" in response.content.decode()  # the result, not a refusal
    cancellation = Cancellation.objects.get(licence=licence)
    assert cancellation.state != CancellationState.CANCELLED
    run_due_timers()  # does not raise

    monkeypatch.setattr(services, "cancellation_cancel_locally", real)

    from workflows.papers import RETRY_AFTER

    with time_machine.travel(timezone.now() + RETRY_AFTER * 2):
        run_due_timers()
    cancellation.refresh_from_db()
    assert cancellation.state == CancellationState.CANCELLED
    assert IssuedDocument.objects.filter(number=cancellation.notice_number).count() == 1


def test_the_cancellation_notice_names_the_remedy_bodies_the_bureau_has_set(people):
    from enforcement.models import PenaltyPolicy

    users, clients = people
    policy = PenaltyPolicy.current()
    policy.litigation_court = "武汉市江汉区人民法院"
    policy.save()
    licence = factories.food_licence()
    _bulk(
        clients["clerk"], [licence], ground="holder_application", reason="企业申请注销"
    )
    cancellation = Cancellation.objects.get(licence=licence)
    notice = IssuedDocument.objects.get(number=cancellation.notice_number)
    assert notice.context["court"] == "武汉市江汉区人民法院"
    assert notice.context["reconsideration_body"] == policy.reconsideration_body

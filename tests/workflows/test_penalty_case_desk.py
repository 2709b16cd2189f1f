"""The case desk: actions taken on the case page during the investigation (rectification
order, evidence preservation, testing time), the case list, and a penalty case opened by
escalating an online-listing lead."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from viewflow.workflow.models import Process

from campaigns.models import Campaign
from documents.models import IssuedDocument
from enforcement.models import Case, CaseEvent, CasePause, CaseState, EvidenceMeasure
from enterprises.models import Sector
from online_cleanup.models import ListingLead
from tests import factories
from tests.enforcement import factories as f
from workflows.models import TaskDeadline
from workflows.online_cleanup.flows import ListingCleanupFlow

from .helpers import open_task, take_and_execute
from .penalty_case_steps import (
    at,
    case_action,
    case_process,
    file_case,
    logged_in,
    refused,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def people(db):
    people = f.staff()
    f.benchmark()
    return people


def test_rectification_order_and_preserved_evidence_from_the_case_page(people):
    with time_machine.travel(at(2026, 9, 28), tick=True) as traveller:
        clients = logged_in(people)
        case, process = file_case(clients, people, f.party())
        response = case_action(
            clients["zhang"],
            case,
            "rectification",
            {
                "facts": "当事人在经营场所陈列、销售超过保质期的手工麻花37袋",
                "rectification": "立即下架并封存超过保质期的食品，对在售食品逐一清查。",
                "deadline": D(2026, 9, 30),
            },
        )
        assert response.status_code == 302, refused(response)
        order = IssuedDocument.objects.get(
            object_id=str(case.pk), document_type__code="rectification_order"
        )
        assert order.number.startswith("武市监责改〔2026〕")
        assert CaseEvent.objects.filter(
            case=case, action="rectification_order"
        ).exists()

        # Preservation needs a head's approval: not an investigator's.
        response = case_action(
            clients["zhang"],
            case,
            "measure",
            {
                "kind": "preservation",
                "items": "“鑫鑫源”牌手工麻花37袋",
                "started_on": D(2026, 9, 28),
                "approver": people["liu"].pk,
            },
        )
        assert response.status_code == 400
        response = case_action(
            clients["zhang"],
            case,
            "measure",
            {
                "kind": "preservation",
                "items": "“鑫鑫源”牌手工麻花37袋",
                "place": "当事人仓库",
                "started_on": D(2026, 9, 28),
                "approver": people["chen"].pk,
            },
        )
        assert response.status_code == 302
        measure = EvidenceMeasure.objects.get(case=case)
        # 29, 30 September, 8, 9, 10 (make-up Saturday), 12, 13 October.
        assert measure.due_on == D(2026, 10, 13)
        page = clients["zhang"].get(reverse("cases:case:detail", args=[case.pk]))
        assert f'data-clock="measure-{measure.pk}"' in page.content.decode()

        traveller.move_to(at(2026, 10, 12))
        clients = logged_in(people)
        response = case_action(
            clients["zhang"],
            case,
            "measure_decide",
            {
                "measure": measure.pk,
                "outcome": "sent_for_testing",
                "on": D(2026, 10, 12),
            },
        )
        assert response.status_code == 302
        measure.refresh_from_db()
        assert measure.outcome == "sent_for_testing"


def test_testing_time_does_not_count_towards_the_decision(people):
    with time_machine.travel(at(2026, 11, 2), tick=True) as traveller:
        clients = logged_in(people)
        case, process = file_case(clients, people, f.party())
        investigate = open_task(process, "investigate")
        before = TaskDeadline.objects.get(task=investigate).due_on
        response = case_action(
            clients["zhang"],
            case,
            "pause_start",
            {
                "kind": "testing",
                "started_on": D(2026, 11, 2),
                "reason": "涉案麻花送湖北省食品质量安全监督检验研究院检验。",
            },
        )
        assert response.status_code == 302, refused(response)
        traveller.move_to(at(2026, 11, 20))
        clients = logged_in(people)
        pause = CasePause.objects.get(case=case, kind="testing")
        response = case_action(
            clients["zhang"],
            case,
            "pause_end",
            {"pause": pause.pk, "ended_on": D(2026, 11, 19)},
        )
        assert response.status_code == 302
        # Filed 2 November: the 3rd to the 19th (17 days) are added to the 90.
        after = TaskDeadline.objects.get(task=investigate).due_on
        assert after == D(2027, 2, 17)
        assert before == D(2027, 2, 1)


def test_case_list_filters_and_links_the_cases(people):
    clients = logged_in(people)
    case, _ = file_case(clients, people, f.party(name="武汉市汉口北食品批发有限公司"))
    other, _ = file_case(clients, people, f.party(name="武汉市光谷天地餐饮有限公司"))
    listing = clients["zhang"].get("/cases/case/?q=汉口北").content.decode()
    assert f'data-case="{case.pk}"' in listing
    assert f'data-case="{other.pk}"' not in listing
    mine = clients["sun"].get("/cases/case/?mine=1").content.decode()
    assert "data-case=" not in mine  # 孙磊 is on neither case


@pytest.mark.django_db(transaction=True)
def test_an_online_listing_lead_escalates_into_a_penalty_case():
    people = f.staff()
    clients = logged_in(people)
    campaign = Campaign.objects.create(
        code="cos-2026", name="化妆品“线上净网、线下清源”", sector=Sector.COSMETICS,
        starts_on=D(2026, 3, 1), ends_on=D(2026, 12, 31),
    )  # fmt: skip
    platform = factories.enterprise(
        name="武汉云集优选电子商务有限公司", sector=Sector.ONLINE_TRADE
    )
    seller = factories.enterprise(
        name="武汉江城美妆商贸有限公司", sector=Sector.COSMETICS
    )
    client: Client = clients["zhang"]
    response = client.post(
        "/campaigns/lead/add/",
        {
            "source": "campaign",
            "campaign": campaign.pk,
            "platform_name": "云集优选",
            "platform": platform.credit_code,
            "shop_name": "江城美妆专营店",
            "listing_url": "https://item.jd.com/100012043978.html",
            "product_name": "美白祛斑霜",
            "problem": "illegal_product",
            "suspected_violation": "销售未经注册的特殊化妆品",
            "captured_at": "2026-11-20T10:30",
            "evidence": [SimpleUploadedFile("capture.png", b"page capture")],
        },
    )
    assert response.status_code == 302
    lead = ListingLead.objects.get(listing_url="https://item.jd.com/100012043978.html")
    lead_process = Process.objects.get(
        flow_class=ListingCleanupFlow, artifact_object_id=lead.pk
    )
    take_and_execute(
        client,
        lead_process,
        "identify",
        {"local": "1", "seller": seller.credit_code, "authority": ""},
    )
    take_and_execute(
        client,
        lead_process,
        "notify_platform",
        {"measure": "delist", "deadline": D.today() + datetime.timedelta(days=5)},
    )
    take_and_execute(
        client,
        lead_process,
        "verify",
        {
            "outcome": "removed_escalate",
            "note": "商品已下架，经营者涉嫌经营未注册化妆品",
            "screenshot": SimpleUploadedFile("gone.png", b"404 page"),
        },
    )
    case = Case.objects.get(party=seller)
    lead.refresh_from_db()
    assert lead.case_reference == case.reference
    assert case.state == CaseState.VERIFYING
    assert case.campaign == campaign
    assert case.suspected_violation_type.code == "cos-unregistered"
    assert "SHA-256" in case.clue
    process = case_process(case)
    assert open_task(process, "verify").owner == people["zhang"]
    assert IssuedDocument.objects.filter(
        object_id=str(case.pk), document_type__code="case_source_registration"
    ).exists()


def test_case_api_gives_state_needs_and_clocks(people):
    with time_machine.travel(at(2026, 11, 2), tick=True):
        clients = logged_in(people)
        case, _ = file_case(clients, people, f.party())
        data = clients["liuqiang"].get(f"/api/cases/{case.pk}/").json()
        assert data["state"] == "investigating"
        assert data["reference"] == case.reference
        assert data["needs"][0] == "调查取证，提交调查终结报告"
        decision = next(c for c in data["clocks"] if c["key"] == "decision")
        assert decision["due"] == "2027-02-01"
        assert decision["unit"] == "natural"
        outsider = factories.user("licensing_clerk")
        other = Client()
        other.force_login(outsider)
        assert other.get(f"/api/cases/{case.pk}/").status_code == 403

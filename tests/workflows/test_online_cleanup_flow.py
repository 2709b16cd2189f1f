import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from viewflow.workflow.models import Process, Task

from campaigns.models import Campaign, OfflineClearance
from documents.models import IssuedDocument
from enterprises.models import Sector
from online_cleanup.models import LeadState, ListingLead
from organisation.roles import Role
from tests import factories
from workflows.online_cleanup.flows import ListingCleanupFlow

from .helpers import open_task, take_and_execute

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desk(db):
    factories.bureau()
    investigator = factories.user(Role.INVESTIGATOR, full_name="张伟")
    client = Client()
    client.force_login(investigator)
    campaign = Campaign.objects.create(
        code="cos-2019", name="化妆品“线上净网、线下清源”", sector=Sector.COSMETICS,
        starts_on=datetime.date(2019, 3, 1), ends_on=datetime.date(2026, 12, 31),
    )  # fmt: skip
    platform = factories.enterprise(
        name="武汉云集优选电子商务有限公司", sector=Sector.ONLINE_TRADE
    )
    seller = factories.enterprise(
        name="武汉江城美妆商贸有限公司", sector=Sector.COSMETICS
    )
    return investigator, client, campaign, platform, seller


def _register(
    client,
    campaign,
    platform,
    listing="https://item.jd.com/100012043978.html",
    problem="illegal_product",
):
    response = client.post(
        "/campaigns/lead/add/",
        {
            "source": "campaign",
            "campaign": campaign.pk,
            "platform_name": "云集优选",
            "platform": platform.credit_code,
            "shop_name": "江城美妆专营店",
            "listing_url": listing,
            "product_name": "美白祛斑霜",
            "problem": problem,
            "suspected_violation": "销售未经注册的特殊化妆品",
            "captured_at": "2026-11-20T10:30",
            "evidence": [SimpleUploadedFile("capture.png", b"page capture")],
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    lead = ListingLead.objects.get(listing_url=listing)
    process = Process.objects.get(
        flow_class=ListingCleanupFlow, artifact_object_id=lead.pk
    )
    return lead, process


def _identify_and_notify(client, process, seller, measure="delist", days=5):
    """The local seller identified, the platform told to act within `days`."""
    take_and_execute(
        client,
        process,
        "identify",
        {"local": "1", "seller": seller.credit_code, "authority": ""},
    )
    deadline = timezone.localdate() + datetime.timedelta(days=days)
    take_and_execute(
        client, process, "notify_platform", {"measure": measure, "deadline": deadline}
    )
    return deadline


def test_listing_removed_and_closed(desk):
    investigator, client, campaign, platform, seller = desk
    lead, process = _register(client, campaign, platform)
    _identify_and_notify(client, process, seller)
    lead.refresh_from_db()
    notice = IssuedDocument.objects.get(number=lead.notice_number)
    assert notice.document_type.code == "platform_disposal_notice"
    take_and_execute(
        client, process, "verify",
        {"outcome": "removed", "note": "复查链接已失效", "screenshot": SimpleUploadedFile("gone.png", b"404 page")},
    )  # fmt: skip
    lead.refresh_from_db()
    process.refresh_from_db()
    assert lead.state == LeadState.CLOSED
    assert process.status == "DONE"
    assert lead.captures.count() == 2
    page = client.get(f"/campaigns/campaign/{campaign.pk}/").content.decode()
    assert 'data-count="listings_removed"><a href="/campaigns/lead/?campaign=' in page
    listing = client.get(
        f"/campaigns/lead/?campaign={campaign.pk}&outcome=listing_removed"
    ).content.decode()
    assert f'data-lead="{lead.pk}"' in listing
    # The takedown is on the seller's timeline.
    from enterprises.selectors import enterprise_timeline

    kinds = [e.kind for e in enterprise_timeline(enterprise=seller)]
    assert "online" in kinds


def test_platform_that_did_not_act_is_named_at_verification_and_faces_a_case(desk):
    investigator, client, campaign, platform, seller = desk
    # An imported hit carries the platform's name only, not its operator.
    table = (
        "平台,店铺,链接或商品编号,商品名称,涉嫌问题,发现时间\n"
        "云集优选,江城美妆专营店,https://item.jd.com/55501.html,祛痘膏,违法产品信息,"
        "2026-11-20 10:30\n"
    )
    client.post(
        "/campaigns/lead/import/",
        {
            "table": SimpleUploadedFile("hits.csv", table.encode()),
            "campaign": campaign.pk,
        },
    )
    lead = ListingLead.objects.get(listing_url="https://item.jd.com/55501.html")
    assert lead.platform is None
    process = Process.objects.get(
        flow_class=ListingCleanupFlow, artifact_object_id=lead.pk
    )
    _identify_and_notify(client, process, seller)
    from .helpers import execute

    refused = execute(
        client,
        open_task(process, "verify"),
        {"outcome": "not_removed", "note": "链接仍可访问"},
        expect_ok=False,
    )
    assert "尚未登记平台经营者，请填写其统一社会信用代码。" in refused.content.decode()
    lead.refresh_from_db()
    assert lead.state == LeadState.NOTIFIED
    execute(
        client,
        open_task(process, "verify"),
        {
            "outcome": "not_removed",
            "note": "链接仍可访问",
            "platform": platform.credit_code,
        },
    )
    lead.refresh_from_db()
    assert (lead.state, lead.escalated_against) == (LeadState.ESCALATED, "platform")
    assert lead.platform == platform
    # Still online: not a takedown on the seller's timeline.
    from enterprises.selectors import enterprise_timeline

    assert "online" not in [e.kind for e in enterprise_timeline(enterprise=seller)]
    # The campaign page's case count opens the list of those very cases.
    from enforcement.models import Case

    head = Client()
    head.force_login(factories.user(Role.BUREAU_HEAD, full_name="刘强"))
    page = head.get(f"/campaigns/campaign/{campaign.pk}/").content.decode()
    cases = Case.objects.filter(campaign=campaign)
    assert cases.count() == 1
    link = f'<a href="/reports/records/cases/?campaign={campaign.pk}">1</a>'
    assert f'data-count="cases_opened">{link}' in page
    listing = head.get(f"/reports/records/cases/?campaign={campaign.pk}")
    assert cases.get().title in listing.content.decode()
    plain = client.get(f"/campaigns/campaign/{campaign.pk}/").content.decode()
    assert 'data-count="cases_opened">1<' in plain  # no link for whom the list is shut


def test_seller_elsewhere_is_referred_out(desk):
    investigator, client, campaign, platform, seller = desk
    lead, process = _register(client, campaign, platform)
    take_and_execute(
        client,
        process,
        "identify",
        {"local": "0", "seller": "", "authority": "杭州市市场监督管理局"},
    )
    lead.refresh_from_db()
    process.refresh_from_db()
    assert lead.state == LeadState.REFERRED
    assert lead.referred_to == "杭州市市场监督管理局"
    assert process.status == "DONE"
    letter = IssuedDocument.objects.get(number=lead.referral_number)
    assert letter.document_type.code == "case_transfer_letter"


def test_local_seller_needs_its_credit_code(desk):
    investigator, client, campaign, platform, seller = desk
    lead, process = _register(client, campaign, platform)
    from .helpers import execute

    task = open_task(process, "identify")
    client.post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))
    response = execute(
        client,
        open_task(process, "identify"),
        {"local": "1", "seller": "", "authority": ""},
        expect_ok=False,
    )
    assert "请填写本地经营者的统一社会信用代码" in response.content.decode()
    lead.refresh_from_db()
    assert lead.state == LeadState.REGISTERED


def test_missed_platform_deadline_raises_a_follow_up_task(desk):
    investigator, client, campaign, platform, seller = desk
    lead, process = _register(client, campaign, platform)
    deadline = _identify_and_notify(client, process, seller, measure="delete", days=3)
    call_command("workflow_timers", verbosity=0)
    assert not Task.objects.filter(
        process=process, flow_task=ListingCleanupFlow.platform_follow_up
    ).exists()
    with time_machine.travel(deadline + datetime.timedelta(days=1, hours=10)):
        call_command("workflow_timers", verbosity=0)
    follow_up = open_task(process, "platform_follow_up")
    assert follow_up.owner == investigator
    take_and_execute(
        client,
        process,
        "platform_follow_up",
        {"note": "电话催告平台，平台承诺当日下架"},
    )
    assert lead.events.filter(action="platform_follow_up").exists()
    assert open_task(process, "verify")  # still to be verified


def test_duplicate_listing_is_merged_into_the_open_lead(desk):
    investigator, client, campaign, platform, seller = desk
    lead, process = _register(client, campaign, platform)
    response = client.post(
        "/campaigns/lead/add/",
        {
            "source": "monitoring", "platform_name": "云集优选", "shop_name": "江城美妆专营店",
            "listing_url": "item.jd.com/100012043978.html", "product_name": "美白祛斑霜",
            "problem": "illegal_product", "suspected_violation": "再次发现", "captured_at": "2026-11-21T09:00",
        },
    )  # fmt: skip
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.hit_count == 2
    assert ListingLead.objects.count() == 1
    assert Process.objects.filter(flow_class=ListingCleanupFlow).count() == 1


def test_offline_clearance_counts_on_the_campaign_page(desk):
    investigator, client, campaign, platform, seller = desk
    for products in (300, 1300):
        response = client.post(
            f"/campaigns/campaign/{campaign.pk}/offline-clearance/",
            {
                "enterprise": seller.credit_code,
                "inspected_on": timezone.localdate(),
                "products_removed": products,
                "description": "下架未备案化妆品",
            },
        )
        assert response.status_code == 302
    response = client.post(
        f"/campaigns/campaign/{campaign.pk}/offline-clearance/",
        {
            "enterprise": seller.credit_code,
            "inspected_on": timezone.localdate(),
            "products_removed": 0,
            "description": "x",
        },
    )
    assert response.status_code == 400
    assert OfflineClearance.objects.count() == 2
    page = client.get(f"/campaigns/campaign/{campaign.pk}/").content.decode()
    assert '<a href="#offline">1600</a>' in page

"""Online listing clean-up walked in the browser by 吴昊 (online-trade investigator):
a listing lead registered with its capture, the local seller identified, the platform
told to take it down (the 平台处置通知书 is on the task), the platform's deadline
passes, the listing is still online, and the lead is escalated into a penalty case
against the platform; then a file of monitoring hits imported at once."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

from enforcement.models import Case
from enterprises.models import Sector
from online_cleanup.models import LeadState, ListingLead
from tests import factories
from tests.browser.forms import choose, errors, fill, pick, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
LISTING = "https://item.jd.com/100012043978.html"


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def market(db):
    call_command("load_demo", size=40, verbosity=0)
    platform = factories.enterprise(
        name="武汉云集优选电子商务有限公司", sector=Sector.ONLINE_TRADE
    )
    seller = factories.enterprise(
        name="武汉江城美妆商贸有限公司", sector=Sector.COSMETICS
    )
    return platform, seller


def test_listing_lead_through_platform_notice_to_a_case(journey, market, tmp_path):
    platform, seller = market
    capture = tmp_path / "capture.png"
    capture.write_bytes(b"\x89PNG\r\n\x1a\n page capture")
    with time_machine.travel(at(2026, 11, 2), tick=True) as traveller:
        page = journey.sign_in("zhangwei")
        journey.click("专项行动", url="**/campaigns/**")
        journey.click("网络监测线索", url="**/campaigns/lead/**")
        journey.shot("lead-list")
        journey.click("登记线索", url="**/campaigns/lead/add/**")
        choose(page, "source", "专项行动")
        choose(page, "campaign", "化妆品")
        fill(page, "platform_name", "云集优选")
        fill(page, "platform", platform.credit_code)
        fill(page, "shop_name", "江城美妆专营店")
        fill(page, "listing_url", LISTING)
        fill(page, "product_name", "美白祛斑霜")
        choose(page, "problem", "违法产品信息")
        fill(page, "suspected_violation", "销售未经注册的特殊化妆品")
        fill(page, "captured_at", "2026-11-02T08:30")
        page.set_input_files("input[name=evidence]", str(capture))
        journey.shot("lead-form")
        submit(page)
        assert not errors(page), errors(page)
        lead = ListingLead.objects.get(listing_url=LISTING)
        assert lead.captures.count() == 1
        journey.shot("lead-registered")

        journey.task("江城美妆专营店", step="核查经营主体")
        journey.shot("identify")
        pick(page, "local", "本市")
        fill(page, "seller", seller.credit_code)
        submit(page)
        assert not errors(page), errors(page)

        journey.task("江城美妆专营店", step="通知平台")
        journey.shot("notify-platform")
        choose(page, "measure", "下架")
        fill(page, "deadline", "2026-11-05")
        submit(page)
        assert not errors(page), errors(page)
        lead.refresh_from_db()
        assert lead.state == LeadState.NOTIFIED
        assert lead.notice_number

        # The notice is on the verification task, numbered, to open.
        journey.task("江城美妆专营店", step="核实下架")
        journey.shot("verify-with-notice")
        assert page.get_by_text(lead.notice_number).count() >= 1

        # The deadline passes; the listing is still online.
        traveller.move_to(at(2026, 11, 9))
        call_command("workflow_timers", verbosity=0)
        journey.task("江城美妆专营店", step="核实下架")
        pick(page, "outcome", "平台未处置")
        fill(page, "note", "2026年11月9日复查，链接仍可访问，商品仍在售。")
        submit(page)
        assert not errors(page), errors(page)
        lead.refresh_from_db()
        assert (lead.state, lead.escalated_against) == (LeadState.ESCALATED, "platform")
        case = Case.objects.get(party=platform)
        journey.open(f"/campaigns/lead/{lead.pk}/")
        journey.shot("lead-escalated")
        assert page.locator("[data-case-reference]").inner_text() == (
            f"{case.reference}（对平台经营者）"
        )


def test_monitoring_hits_imported_at_once(journey, market, tmp_path):
    table = tmp_path / "hits.csv"
    table.write_text(
        "平台,店铺,链接或商品编号,商品名称,涉嫌问题,发现时间\n"
        "云集优选,江城美妆专营店,https://item.jd.com/55501.html,祛痘膏,违法产品信息,2026-11-20 10:30\n"
        "云集优选,江城美妆专营店,https://item.jd.com/55502.html,美白霜,虚假宣传,2026-11-20 10:35\n"
        "云集优选,汉口药妆小铺,https://item.jd.com/55503.html,防晒喷雾,无证经营,2026-11-20 10:40\n"
        "云集优选,汉口药妆小铺,https://item.jd.com/55503.html,防晒喷雾,无证经营,2026-11-21 09:00\n"
        "云集优选,汉口药妆小铺,https://item.jd.com/55504.html,面膜,价格太贵,2026-11-21 09:05\n",
        encoding="utf-8",
    )
    page = journey.sign_in("zhangwei")
    journey.click("专项行动", url="**/campaigns/**")
    journey.click("网络监测线索", url="**/campaigns/lead/**")
    journey.click("批量导入监测数据", url="**/campaigns/lead/import/**")
    journey.shot("import-form")
    page.set_input_files("input[name=table]", str(table))
    submit(page)
    journey.shot("import-report")
    summary = page.get_by_text("共 5 行")
    assert summary.inner_text().strip() == "共 5 行：新建 3 条，合并 1 条，退回 1 行"
    assert ListingLead.objects.count() == 3
    # The repeated hit is counted on its lead, not registered twice.
    assert (
        ListingLead.objects.get(listing_url="https://item.jd.com/55503.html").hit_count
        == 2
    )
    journey.open("/campaigns/lead/")
    journey.shot("lead-list-after-import")
    assert page.get_by_text("共 3 条").count() == 1

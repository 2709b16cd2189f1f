"""A referral of province-issued licences (上报省局注销) walked in the browser by 王芳
(licensing clerk): she finds four licences whose holders are deregistered, ticks them
(nothing is ticked for her), starts their cancellation, sends the letter, and records the
province's answers: two at once in the table (one accepted, one refused), and, after the
reply period has run out and the follow-up task has come, the rest from the province's
reply list uploaded as a spreadsheet."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from openpyxl import Workbook

from enterprises.models import Enterprise
from licensing.models import Cancellation, LicenceState, Referral, ReferralState
from tests import factories
from tests.browser.forms import choose, errors, fill, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def at(day: datetime.date, hour=9):
    return datetime.datetime.combine(day, datetime.time(hour), SHANGHAI)


def send(page, button=None, *, until: str | None = None):
    """Press a form's button and wait for the page it leads to (``until``: a text that
    page shows, for the pages that post to themselves)."""
    before = page.url
    if button is None:
        submit(page)
    else:
        button.click()
    if until:
        page.get_by_text(until).first.wait_for(timeout=60000)
    else:
        page.wait_for_function(
            "u => location.href !== u || document.querySelector("
            "'.vf-form__error, .errorlist li, .re-message--error')",
            arg=before,
            timeout=60000,
        )
    page.wait_for_load_state("networkidle")


def statuses(page) -> dict[str, str]:
    rows = page.locator("[data-referral-rows] tr[data-cancellation]")
    return {
        row.locator("td").first.inner_text().strip(): row.get_attribute("data-status")
        for row in rows.all()
    }


def test_bulk_referral_with_province_replies_accepted_refused_and_late(
    journey, tmp_path
):
    start = datetime.date(2026, 11, 2)
    with time_machine.travel(at(start), tick=True):
        call_command("load_demo", size=40, verbosity=0)
        licences = [
            factories.industrial_licence(
                holder=factories.enterprise(
                    registration_status=Enterprise.RegistrationStatus.DEREGISTERED
                )
            )
            for _ in range(4)
        ]
        a, b, c, d = sorted(licences, key=lambda lic: lic.number)
        page = journey.sign_in("wangfang")

        # She finds them on the bulk page: province-issued, holder deregistered.
        journey.click("批量注销／上报省局", url="**/withdrawals/bulk/**")
        choose(page, "issued_by", "省局及以上核发")
        choose(page, "holder_status", "注销")
        journey.click(page.get_by_role("button", name="筛选", exact=True))
        journey.shot("bulk-list")
        assert page.locator("input[name=licences]:checked").count() == 0
        for licence in (a, b, c, d):
            page.locator("tr", has_text=licence.number).locator(
                "input[name=licences]"
            ).check()
        choose(page, "ground", "法人或者其他组织依法终止")
        fill(page, "reason", "持证企业已依法办理注销登记。")
        journey.shot("bulk-ticked")
        send(
            page, page.get_by_role("button", name="预览办理结果"), until="第二步：确认"
        )
        journey.shot("bulk-preview")
        assert page.get_by_text("上报省局 4 份").count() == 1
        assert not Cancellation.objects.exists()
        send(page, page.get_by_role("button", name="确认启动注销"), until="办理结果")
        journey.shot("bulk-done")
        referral = Referral.objects.get()
        assert referral.letter_number
        rows = page.locator("tr[data-status]")
        assert rows.count() == 4
        assert set(rows.evaluate_all("rs => rs.map(r => r.dataset.status)")) == {
            "awaiting_letter"
        }
        assert page.get_by_text("已上报省局").count() == 0
        assert page.get_by_text("待发函").count() == 4

        # The letter is sent from her inbox; the task shows it.
        journey.task(referral.letter_number, step="报送省局")
        journey.shot("send-letter")
        assert page.get_by_text(referral.letter_number).count() >= 1
        choose(page, "method", "电子公文系统")
        send(page)
        assert not errors(page), errors(page)
        referral.refresh_from_db()
        assert referral.state == ReferralState.SENT

        journey.open(f"/withdrawals/referral/{referral.pk}/")
        journey.shot("referral-sent")
        assert set(statuses(page).values()) == {"awaiting_reply"}

    # A week later the province answers two of them; she types both into the table.
    with time_machine.travel(at(start + datetime.timedelta(days=7)), tick=True):
        page = journey.sign_in("wangfang")
        journey.click("上报省局注销函", url="**/withdrawals/referral/**")
        journey.shot("referral-list")
        journey.click(page.get_by_role("link", name=referral.letter_number))
        page.fill("#decided_on_all", (start + datetime.timedelta(days=6)).isoformat())
        row = page.locator("tr", has_text=a.number)
        row.locator("select").select_option("accept")
        row.locator("input[name$='-decision_number']").fill("鄂市监许注〔2026〕301号")
        row = page.locator("tr", has_text=b.number)
        row.locator("select").select_option("reject")
        row.locator("input[name$='-rejection_reason']").fill("持证企业已撤销注销登记")
        journey.shot("table-filled")
        send(
            page,
            page.get_by_role("button", name="预览", exact=True),
            until="确认登记省局答复",
        )
        journey.shot("table-preview")
        assert page.get_by_text("准予注销 1 份，不予注销 1 份").count() == 1
        assert page.get_by_text("登记后仍有 2 份待省局答复").count() == 1
        send(
            page,
            page.get_by_role("button", name="确认登记 2 份"),
            until="已登记 2 份许可证的省局决定",
        )
        journey.shot("table-recorded")
        assert page.get_by_text("已登记 2 份许可证的省局决定").count() >= 1
        assert statuses(page) == {
            a.number: "province_cancelled",
            b.number: "province_rejected",
            c.number: "awaiting_reply",
            d.number: "awaiting_reply",
        }
        assert page.get_by_text("持证企业已撤销注销登记").count() == 1
        b.refresh_from_db()
        assert b.state == LicenceState.VALID

    # The reply period runs out: the follow-up task comes to her inbox.
    referral.refresh_from_db()
    late = referral.reply_due + datetime.timedelta(days=3)
    with time_machine.travel(at(late), tick=True):
        call_command("workflow_timers", verbosity=0)
        page = journey.sign_in("wangfang")
        assert page.locator("[data-panel=inbox] tr", has_text="催办").count() >= 1
        journey.task(referral.letter_number, step="催办")
        journey.shot("follow-up")
        fill(page, "note", "电话催办省局行政审批处，省局答复将于三日内函复。")
        send(page)
        assert not errors(page), errors(page)

        journey.open(f"/withdrawals/referral/{referral.pk}/")
        journey.shot("referral-overdue")
        assert statuses(page)[c.number] == "overdue"
        assert page.get_by_text("逾期未答复").count() == 2

        # The province's reply list comes as a spreadsheet; she uploads it.
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["许可证编号", "省局决定", "注销文号", "决定日期", "不予注销理由"])
        sheet.append([c.number, "准予注销", "鄂市监许注〔2026〕318号", late, ""])
        sheet.append([d.number, "准予注销", "鄂市监许注〔2026〕319号", late, ""])
        path = tmp_path / "省局答复清单.xlsx"
        workbook.save(path)
        page.set_input_files("input[name=reply_list]", str(path))
        send(
            page,
            page.get_by_role("button", name="上传并预览"),
            until="确认登记省局答复",
        )
        journey.shot("upload-preview")
        assert page.get_by_text("来源：省局答复清单.xlsx").count() == 1
        assert page.locator("[data-preview-row]").count() == 2
        send(
            page,
            page.get_by_role("button", name="确认登记 2 份"),
            until="已登记 2 份许可证的省局决定",
        )
        journey.shot("all-answered")
        referral.refresh_from_db()
        assert referral.state == ReferralState.ANSWERED
        assert statuses(page) == {
            a.number: "province_cancelled",
            b.number: "province_rejected",
            c.number: "province_cancelled",
            d.number: "province_cancelled",
        }
        assert page.get_by_text("省局已全部答复").count() >= 1

        journey.open(f"/registry/licence/{b.pk}/detail/")
        journey.shot("refused-licence")
        assert page.locator("h2 .re-badge").first.inner_text() == "有效"
        assert page.get_by_text("持证企业已撤销注销登记").count() >= 1
        assert page.get_by_text("登记省局决定：不予注销").count() == 1
        status = page.locator("[data-withdrawal-status]")
        assert status.get_attribute("data-withdrawal-status") == "province_rejected"
        assert "省局不予注销" in status.inner_text()

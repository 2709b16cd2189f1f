"""A local cancellation (注销, 行政许可法 Art. 70) walked in the browser by 王芳 (licensing
clerk): a food producer this bureau licensed stopped production and applied to cancel;
she finds the licence on the bulk page, ticks it, sees what will happen, starts it; the
licence is cancelled with a numbered 注销通知书, and she publishes the cancellation from
the task that shows the notice."""

import pytest
from django.core.management import call_command

from licensing.models import Cancellation, CancellationState, LicenceState
from tests import factories
from tests.browser.forms import choose, errors, fill, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_local_cancellation_from_the_clerks_home_to_its_publicity(journey):
    call_command("load_demo", size=40, verbosity=0)
    licence = factories.food_licence(product="糕点（热加工糕点）")
    holder = licence.holder.name
    page = journey.sign_in("wangfang")

    journey.click("批量注销／上报省局", url="**/withdrawals/bulk/**")
    fill(page, "q", licence.number)
    journey.click(page.get_by_role("button", name="筛选", exact=True))
    journey.shot("found")
    row = page.locator("tr", has_text=licence.number)
    assert row.locator("input[name=licences]").is_checked() is False
    row.locator("input[name=licences]").check()
    choose(page, "ground", "被许可人停止生产并申请注销")
    fill(
        page,
        "reason",
        "持证企业已停止生产，于2026年11月30日书面申请注销食品生产许可证。",
    )
    page.get_by_role("button", name="预览办理结果").click()
    page.get_by_text("第二步：确认").wait_for()
    journey.shot("preview")
    assert (
        page.get_by_text("本局注销 1 份，上报省局 0 份，不能办理 0 份。").count() == 1
    )
    assert page.locator("tr[data-outcome=local]").count() == 1
    assert not Cancellation.objects.filter(licence=licence).exists()

    page.get_by_role("button", name="确认启动注销").click()
    page.get_by_text("办理结果").wait_for(timeout=60000)
    journey.shot("started")
    cancellation = Cancellation.objects.get(licence=licence)
    assert cancellation.state == CancellationState.CANCELLED
    notice = cancellation.notice_number
    assert notice.startswith("武市监许注〔")
    done = page.locator("tr", has_text=licence.number)
    assert "已注销，待公示" in done.inner_text()
    assert notice in done.inner_text()
    licence.refresh_from_db()
    assert licence.state == LicenceState.CANCELLED

    # The publicity task is on her home page, with the notice to open.
    journey.task(holder, step="公示注销")
    journey.shot("publicity-task")
    assert page.get_by_text(notice).count() >= 1
    # The task's paper block: the notice, its number and version, open and download.
    opened = page.get_by_role("link", name="打开")
    assert opened.count() == 1
    href = opened.get_attribute("href")
    response = page.request.get(
        page.evaluate("h => new URL(h, location.href).href", href)
    )
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    fill(page, "reference", f"信用中国（湖北）行政许可公示 {licence.number}（注销）")
    before = page.url
    submit(page)
    page.wait_for_function("u => location.href !== u", arg=before, timeout=60000)
    page.wait_for_load_state("networkidle")
    assert not errors(page), errors(page)
    journey.shot("published")
    cancellation.refresh_from_db()
    assert cancellation.state == CancellationState.CLOSED

    journey.open(f"/registry/licence/{licence.pk}/detail/")
    journey.shot("licence-page")
    assert page.locator("h2 .re-badge").first.inner_text() == "已注销"
    assert page.get_by_text(notice).count() >= 1
    assert page.get_by_text("发起注销").count() == 1
    # Nothing more to do on a cancelled licence: no cancel or revoke buttons.
    assert page.get_by_role("link", name="注销", exact=True).count() == 0
    assert page.get_by_role("link", name="发起撤销").count() == 0

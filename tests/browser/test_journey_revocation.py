"""A licence revocation (撤销行政许可) walked in the browser by the people who do each
step: 王芳 (licensing clerk) opens it from her home page and serves the 撤销行政许可告知书
the system made, records the holder's statement; 李娜 (legal reviewer) reviews; 刘强
(bureau head) approves; 王芳 serves the decision, publishes it, and publishes the
cancellation that follows."""

import pytest
from django.core.management import call_command

from licensing.models import (
    Cancellation,
    CancellationState,
    LicenceState,
    Revocation,
    RevocationState,
)
from tests import factories
from tests.browser.forms import choose, errors, fill, pick, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def send(page):
    """Submit the task form and wait for the page it leads to: a step that makes a
    paper renders it after its commit, before the answer comes."""
    before = page.url
    submit(page)
    page.wait_for_function(
        "u => location.href !== u || document.querySelector("
        "'.vf-form__error, .errorlist li, .re-message--error')",
        arg=before,
        timeout=60000,
    )
    page.wait_for_load_state("networkidle")


def _paper_is_openable(page, number: str) -> str:
    """The task shows the paper (its number and an 打开 link) and the link answers with
    its PDF; returns the link."""
    item = page.locator("li", has_text=number).filter(
        has=page.get_by_role("link", name="打开")
    )
    assert item.count() == 1, f"{number} is not offered to open on {page.url}"
    href = item.get_by_role("link", name="打开").get_attribute("href")
    response = page.request.get(
        page.evaluate("h => new URL(h, location.href).href", href)
    )
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"
    return href


def test_revocation_from_the_clerks_home_to_the_cancellations_publicity(journey):
    call_command("load_demo", size=40, verbosity=0)
    licence = factories.food_licence(product="调味品（酱类）")
    holder = licence.holder.name
    page = journey.sign_in("wangfang")

    # 王芳 opens the revocation from her home page.
    journey.click("发起撤销", url="**/licencerevocation/start/**")
    fill(page, "licence", licence.number)
    choose(page, "ground", "以欺骗、贿赂等不正当手段取得行政许可")
    fill(
        page,
        "facts",
        "当事人申请许可时提交的生产场所租赁合同系伪造，实际生产场所与申请材料不符。",
    )
    fill(page, "evidence", "1. 许可申请材料及现场核查记录\n2. 出租方出具的情况说明")
    journey.shot("start-form")
    send(page)
    assert not errors(page), errors(page)
    revocation = Revocation.objects.get(licence=licence)
    journey.shot("started")
    # The process page lists the notice made and the next step, waiting for her.
    assert page.get_by_text("送达撤销告知").count() >= 1
    assert page.get_by_text("待告知").count() >= 1

    # The notice was made and numbered; the serve task shows it.
    revocation.refresh_from_db()
    notice = revocation.notice_document_number
    assert notice.startswith("武市监许撤告〔")
    journey.task(holder, step="送达撤销告知")
    journey.shot("serve-notice")
    assert page.get_by_text(notice).count() >= 1
    assert page.get_by_text("撤销行政许可告知书").count() >= 1
    _paper_is_openable(page, notice)
    choose(page, "method", "直接送达")
    send(page)
    assert not errors(page), errors(page)
    revocation.refresh_from_db()
    assert revocation.state == RevocationState.AWAITING_STATEMENT
    journey.shot("notice-served")

    journey.task(holder, step="登记陈述申辩")
    journey.shot("statement-form")
    assert page.get_by_text("陈述申辩截止日").count() >= 1
    fill(page, "statement", "我厂已另行租赁符合条件的生产场所，请求不予撤销。")
    send(page)
    assert not errors(page), errors(page)
    revocation.refresh_from_db()
    assert revocation.state == RevocationState.IN_REVIEW

    # 李娜 reviews it.
    journey.sign_in("lina")
    journey.task(holder, step="法制审核")
    journey.shot("legal-review")
    assert page.get_by_text("我厂已另行租赁符合条件的生产场所").count() >= 1
    pick(page, "decision", "同意")
    fill(page, "opinion", "事实清楚，证据确凿，依据正确，程序合法，同意撤销。")
    send(page)
    assert not errors(page), errors(page)
    revocation.refresh_from_db()
    assert revocation.state == RevocationState.AWAITING_APPROVAL

    # 刘强 approves it; the decision is made and numbered.
    journey.sign_in("liuqiang")
    journey.task(holder, step="局负责人审批")
    journey.shot("approval")
    assert page.get_by_text("同意撤销").count() >= 1
    pick(page, "decision", "同意")
    fill(page, "opinion", "同意撤销。")
    send(page)
    assert not errors(page), errors(page)
    revocation.refresh_from_db()
    assert revocation.state == RevocationState.DECIDED
    decision = revocation.decision_number
    assert decision.startswith("武市监许撤〔")

    # 王芳 serves the decision, the licence is revoked and then cancelled here.
    journey.sign_in("wangfang")
    journey.task(holder, step="送达决定书")
    journey.shot("serve-decision")
    assert page.get_by_text(decision).count() >= 1
    _paper_is_openable(page, decision)
    choose(page, "method", "直接送达")
    send(page)
    assert not errors(page), errors(page)
    revocation.refresh_from_db()
    assert revocation.state == RevocationState.SERVED
    cancellation = Cancellation.objects.get(licence=licence)
    assert cancellation.state == CancellationState.CANCELLED
    licence.refresh_from_db()
    assert licence.state == LicenceState.CANCELLED

    journey.task(holder, step="公示撤销决定")
    journey.shot("revocation-publicity")
    fill(page, "reference", f"信用中国（湖北）行政许可公示 {licence.number}")
    send(page)
    assert not errors(page), errors(page)
    revocation.refresh_from_db()
    assert revocation.state == RevocationState.CLOSED

    journey.task(holder, step="公示注销")
    journey.shot("cancellation-publicity")
    assert page.get_by_text(cancellation.notice_number).count() >= 1
    _paper_is_openable(page, cancellation.notice_number)
    fill(page, "reference", f"信用中国（湖北）行政许可公示 {licence.number}（注销）")
    send(page)
    assert not errors(page), errors(page)
    cancellation.refresh_from_db()
    assert cancellation.state == CancellationState.CLOSED

    # The licence page tells the whole story, with each paper.
    journey.open(f"/registry/licence/{licence.pk}/detail/")
    journey.shot("licence-page")
    assert page.locator("h2 .re-badge").first.inner_text() == "已注销"
    for text in (
        notice,
        decision,
        cancellation.notice_number,
        "发起撤销",
        "发起注销",
        "法制审核",
        "公示",
    ):
        assert page.get_by_text(text).count() >= 1, text
    assert page.locator('[data-kind="document"]').count() == 3

"""A summary-procedure (简易程序) fine walked in the browser: 张伟 and 刘洋 fine a
stall on the spot, the form refuses a fine above the statutory ceiling (once, in
Chinese), 陈静 files the decision, 张伟 records the payment and the case is closed."""

import pytest
from django.core.management import call_command

from enforcement.models import Case, CaseState
from tests import factories
from tests.browser.forms import choose, errors, fill, pick, submit
from tests.enforcement import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CEILING = "当场罚款不得超过200.00元"


def test_summary_fine_on_the_spot_filed_paid_and_closed(journey):
    call_command("load_demo", size=40, verbosity=0)
    stall = factories.enterprise(
        credit_code=factories.credit_code(prefix="92"),
        name="武汉市江汉区老王副食店",
        legal_representative="王建华",
    )
    page = journey.sign_in("zhangwei")
    journey.click("当场处罚", url="**/summarypenalty/start/**")
    journey.shot("summary-form")
    fill(page, "party", stall.credit_code)
    choose(page, "second_officer", "刘洋")
    choose(page, "violation_type", f.violation_type().name)
    fill(page, "facts", "当事人货架上陈列超过保质期的饮料2瓶，货值6.00元。")
    choose(page, "kind", "罚款")
    fill(page, "amount", "300")
    fill(page, "number", "武市监当罚〔2026〕000137号")
    submit(page)
    journey.shot("refused-above-ceiling")
    assert page.get_by_text(CEILING).count() == 1, errors(page)
    assert not Case.objects.filter(party=stall).exists()

    fill(page, "amount", "150")
    submit(page)
    assert not errors(page), errors(page)
    case = Case.objects.get(party=stall)
    assert case.procedure == "summary"
    assert case.state == CaseState.ENFORCEMENT
    journey.shot("decided-on-the-spot")

    journey.sign_in("chenjing")
    journey.task(stall.name, step="备案")
    journey.shot("file-decision")
    assert page.get_by_text("武市监当罚〔2026〕000137号").count() >= 1
    fill(page, "note", "已备案。")
    submit(page)
    assert not errors(page), errors(page)

    journey.sign_in("zhangwei")
    journey.task(stall.name, step="执行")
    journey.shot("execution")
    pick(page, "action", "登记缴款")
    fill(page, "amount", "150.00")
    fill(page, "receipt_number", "鄂财非税 420100-2026-0110022")
    submit(page)
    assert not errors(page), errors(page)
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    journey.open(f"/cases/case/{case.pk}/")
    journey.shot("case-closed")
    assert page.get_by_text("已结案").count() >= 1

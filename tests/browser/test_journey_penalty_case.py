"""An ordinary penalty case walked in the browser by the people who do each step:
张伟 (investigator) registers the lead and verifies it, 刘强 (bureau head) files it with
two investigators, 李娜 (legal reviewer) reviews it, the party asks for a hearing that
陈静 (division head) arranges, the head decides, the fine is paid late with the
surcharge, the decision is published and the case is closed."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

from enforcement.models import Case, CaseState
from tests import factories
from tests.browser.forms import choose, choose_many, errors, fill, pick, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


FACTS = (
    "当事人于2026年11月在其经营场所销售超过保质期的“鑫鑫源”牌手工麻花37袋，"
    "货值金额925.00元，违法所得375.00元。"
)


def line(page, n: int, **values) -> None:
    """Fill row ``n`` of the penalty-items table (plain selects and inputs)."""
    prefix = f"lines-{n}-"
    for name, value in values.items():
        control = page.locator(f"[name='{prefix}{name}']")
        if control.evaluate("e => e.tagName") == "SELECT":
            option = control.locator("option", has_text=value).first
            control.select_option(option.get_attribute("value"))
        else:
            control.fill(value)


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


def test_ordinary_case_from_lead_to_closure(journey):
    with time_machine.travel(at(2026, 11, 2), tick=True) as traveller:
        call_command("load_demo", size=40, verbosity=0)
        # An individual business: the 5,000-yuan hearing threshold applies.
        party = factories.enterprise(
            credit_code=factories.credit_code(region="420106", prefix="92"),
            name="武汉市武昌区好又鲜熟食店",
            legal_representative="周德胜",
            address="武汉市武昌区中南路12号",
        )
        page = journey.sign_in("zhangwei")

        # 张伟 registers the lead from his home page.
        journey.click("登记案件线索", url="**/penaltycase/start/**")
        fill(page, "party", party.credit_code)
        choose(page, "violation_type", "经营超过保质期的食品")
        choose(page, "source", "投诉")
        fill(page, "source_reference", "12315平台工单 W2026110200318")
        fill(page, "informant", "消费者刘女士")
        fill(page, "clue", "举报人反映当事人门店销售超过保质期的“鑫鑫源”牌手工麻花。")
        journey.shot("lead-form")
        submit(page)
        assert not errors(page)
        case = Case.objects.get(party=party)
        assert case.state == CaseState.VERIFYING
        journey.shot("lead-registered")

        # Verification, from the inbox on his home page.
        journey.task(party.name, step="核查")
        journey.shot("verify-form")
        pick(page, "proposal", "立案")
        fill(page, "findings", "现场检查发现在售超过保质期的手工麻花37袋。")
        submit(page)
        assert not errors(page)
        case.refresh_from_db()
        assert case.state == CaseState.FILING_PROPOSED

        # 刘强 approves the filing and assigns 张伟 and 刘洋.
        journey.sign_in("liuqiang")
        journey.task(party.name, step="立案")
        journey.shot("filing-approval-form")
        pick(page, "decision", "同意")
        fill(page, "opinion", "同意立案，由张伟、刘洋承办。")
        choose_many(page, "investigators", ["张伟", "刘洋"])
        choose(page, "lead", "张伟")
        journey.shot("filing-approval-filled")
        submit(page)
        assert not errors(page), errors(page)
        case.refresh_from_db()
        assert case.state == CaseState.INVESTIGATING

        # 张伟 records the evidence from the case page, then reports.
        journey.sign_in("zhangwei")
        journey.click("我承办的案件", url="**/cases/case/**")
        journey.shot("my-cases")
        journey.click(page.get_by_role("link", name=case.title).first)
        journey.shot("case-page-investigating")
        journey.click("登记证据", url="**/evidence/**")
        choose(page, "kind", "现场笔录")
        fill(page, "title", "2026年11月现场笔录及现场照片")
        fill(page, "proves", "当事人在售涉案食品的事实")
        fill(page, "source", "现场检查")
        journey.shot("evidence-form")
        submit(page)
        assert not errors(page), errors(page)
        assert page.get_by_text("2026年11月现场笔录及现场照片").count() >= 1

        journey.task(party.name, step="调查取证")
        journey.shot("investigate-form")
        fill(page, "facts", FACTS)
        fill(
            page,
            "discretion_reasons",
            "当事人销售过期食品货值较大，且曾被警告，从重处罚。",
        )
        line(
            page,
            0,
            violation_type="经营超过保质期的食品",
            kind="罚款",
            amount="90000",
            circumstance="从重",
        )
        journey.shot("investigate-filled")
        # The penalty items fit the screen (no sideways scrolling on 1,366 px).
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1366, width
        submit(page)
        assert not errors(page), errors(page)
        case.refresh_from_db()
        assert case.state == CaseState.CASE_REVIEW

        # 李娜 reviews the case; the notice offers a hearing (a large fine).
        journey.sign_in("lina")
        journey.task(party.name, step="案件审核")
        journey.shot("case-review")
        fill(page, "opinion", "事实清楚，证据确凿，程序合法，同意拟处罚意见。")
        submit(page)
        assert not errors(page), errors(page)
        case.refresh_from_db()
        assert case.hearing_offered is True

        journey.sign_in("zhangwei")
        journey.task(party.name, step="告知")
        journey.shot("serve-notice-with-paper")
        assert page.get_by_text(case.notice_number).count() >= 1
        choose(page, "method", "直接送达")
        submit(page)
        assert not errors(page), errors(page)
        case.refresh_from_db()
        assert case.state == CaseState.STATEMENT

        # Thursday: the party asks for a hearing in writing.
        traveller.move_to(at(2026, 11, 5))
        journey.sign_in("zhangwei")
        journey.task(party.name, step="陈述申辩")
        journey.shot("statement")
        pick(page, "outcome", "要求听证")
        fill(page, "statement", "当事人书面要求举行听证。")
        submit(page)
        assert not errors(page), errors(page)
        case.refresh_from_db()
        assert case.state == CaseState.HEARING

        # 陈静 arranges it, hosted by 李娜, seven working days' notice.
        journey.sign_in("chenjing")
        journey.task(party.name, step="听证")
        journey.shot("arrange-hearing")
        choose(page, "host", "李娜")
        fill(page, "clerk", "何静")
        fill(page, "members", "孙磊、周敏")
        fill(page, "scheduled_on", "2026-11-13")
        fill(page, "scheduled_time", "09:30")
        fill(page, "place", "武汉市江岸区三阳路8号市场监督管理局三楼听证室")
        submit(page)
        journey.shot("hearing-too-soon")
        assert page.get_by_text("最早2026年11月16日举行", exact=False).count() == 1
        fill(page, "scheduled_on", "2026-11-19")
        submit(page)
        assert not errors(page), errors(page)

        # The hearing cannot be held before its date: the inbox says so.
        journey.sign_in("lina")
        journey.shot("hearing-waits-for-its-date")
        traveller.move_to(at(2026, 11, 19, 14))
        journey.sign_in("lina")  # a fortnight on: a new day's sign-in
        journey.task(party.name, step="举行听证")
        journey.shot("hold-hearing")
        pick(page, "party_attended", "到场")
        fill(page, "record", "当事人委托代理人到场，对违法事实无异议，请求从轻处罚。")
        fill(page, "opinion", "建议对当事人罚款七万五千元。")
        submit(page)
        assert not errors(page), errors(page)

        journey.sign_in("zhangwei")
        journey.task(party.name, step="复核")
        journey.shot("re-examination")
        pick(page, "adopted", "采纳")
        fill(page, "opinion", "当事人请求从轻处罚的理由部分成立，拟罚款七万五千元。")
        line(page, 0, amount="75000", circumstance="一般")
        submit(page)
        assert not errors(page), errors(page)
        case.refresh_from_db()
        assert case.state == CaseState.LEGALITY_REVIEW

        journey.sign_in("lina")
        journey.task(party.name, step="法制审核")
        journey.shot("legality-review")
        fill(page, "opinion", "听证后复核，程序合法，处罚适当。")
        submit(page)
        assert not errors(page), errors(page)

        journey.sign_in("liuqiang")
        journey.task(party.name, step="决定")
        journey.shot("decide")
        choose(page, "kind", "给予行政处罚")
        fill(page, "opinion", "采纳听证意见，罚款七万五千元。")
        submit(page)
        assert not errors(page), errors(page)
        case.refresh_from_db()
        assert case.state == CaseState.DECIDED
        assert case.decision_number.startswith("武市监处罚〔2026〕")

        # Served the same day: 75,000 yuan due within 15 days, by 4 December.
        journey.sign_in("zhangwei")
        journey.task(party.name, step="送达决定书")
        journey.shot("serve-decision-with-paper")
        assert page.get_by_text(case.decision_number).count() >= 1
        choose(page, "method", "直接送达")
        submit(page)
        assert not errors(page), errors(page)
        case.refresh_from_db()
        assert case.payment_due == datetime.date(2026, 12, 4)

        journey.task(party.name, step="公示")
        journey.shot("publicity")
        fill(page, "reference", "https://www.gsxt.gov.cn/hb/penalty/2026-1135")
        submit(page)
        assert not errors(page), errors(page)

        # Paid ten days late (5–14 December): 10 × 3 % × 75,000 = 22,500 yuan.
        traveller.move_to(at(2026, 12, 14))
        call_command("workflow_timers", verbosity=0)
        journey.sign_in("zhangwei")
        journey.open(f"/cases/case/{case.pk}/")
        journey.shot("case-page-overdue")
        assert page.get_by_text("加处罚款22,500.00元", exact=False).count() >= 1
        journey.task(party.name, step="执行")
        pick(page, "action", "登记缴款")
        fill(page, "amount", "97500.00")
        fill(page, "receipt_number", "鄂财非税 420100-2026-0093311")
        journey.shot("payment-with-surcharge")
        submit(page)
        assert not errors(page), errors(page)
        case.refresh_from_db()
        assert case.state == CaseState.EXECUTED

        journey.task(party.name, step="结案")
        fill(page, "summary", "罚款75,000.00元及加处罚款22,500.00元已缴清。")
        submit(page)
        assert not errors(page), errors(page)

        journey.sign_in("liuqiang")
        journey.task(party.name, step="结案")
        journey.shot("approve-closure")
        fill(page, "opinion", "同意结案。")
        submit(page)
        assert not errors(page), errors(page)
        case.refresh_from_db()
        assert case.state == CaseState.CLOSED
        journey.open(f"/cases/case/{case.pk}/")
        journey.shot("case-closed")
        assert page.get_by_text("已结案").count() >= 1

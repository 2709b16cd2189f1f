"""A major violation decided by the heads' collective discussion (行政处罚法 Art. 57
para 2), in the browser: 张伟 reports the case as a major violation, 李娜 reviews it,
the notice is served and the party waives its statement; the decision is then offered
to 刘强 only as 集体讨论决定, which refuses two participants and takes three, and the
case page and the decision paper's task follow.

Lead, verification and filing (walked in the browser by the ordinary-case journey) are
done here through the server, so this journey starts at the investigation report."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

from enforcement.models import Case, CaseState, CollectiveDiscussion
from organisation.models import User
from tests import factories
from tests.browser.forms import choose, choose_many, errors, fill, pick, submit, tick
from tests.browser.test_journey_penalty_case import FACTS, at, line
from tests.workflows.penalty_case_steps import add_evidence, file_case, logged_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINUTES = (
    "局务会议讨论：当事人销售过期食品货值较大、涉及学校周边，属重大违法行为；"
    "违法事实清楚，证据确凿，同意罚款六万元。"
)


def test_a_major_violation_is_decided_by_collective_discussion(journey):
    with time_machine.travel(at(2026, 11, 2), tick=True):
        call_command("load_demo", size=40, verbosity=0)
        party = factories.enterprise(
            name="武汉市洪山区惠民副食批发有限公司",
            legal_representative="陶建平",
            address="武汉市洪山区珞喻路88号",
        )
        people = {
            "zhang": User.objects.get(username="zhangwei"),
            "liu": User.objects.get(username="liuyang"),
            "liuqiang": User.objects.get(username="liuqiang"),
        }
        case, _process = file_case(logged_in(people), people, party)
        add_evidence(logged_in(people), case)
        assert case.state == CaseState.INVESTIGATING

        page = journey.sign_in("zhangwei")
        journey.task(party.name, step="调查取证")
        fill(page, "facts", FACTS)
        fill(page, "discretion_reasons", "涉案食品在学校周边销售，社会影响较大。")
        tick(page, "is_major")
        line(
            page,
            0,
            violation_type="经营超过保质期的食品",
            kind="罚款",
            amount="60000",
            circumstance="一般",
        )
        journey.shot("investigate-major")
        submit(page)
        assert not errors(page), errors(page)
        case.refresh_from_db()
        assert case.is_major and case.requires_collective_discussion

        journey.sign_in("lina")
        journey.task(party.name, step="案件审核")
        fill(page, "opinion", "事实清楚，证据确凿，属重大违法行为，应当集体讨论。")
        submit(page)
        assert not errors(page), errors(page)

        journey.sign_in("zhangwei")
        journey.task(party.name, step="告知")
        choose(page, "method", "直接送达")
        submit(page)
        assert not errors(page), errors(page)
        journey.task(party.name, step="陈述申辩")
        pick(page, "outcome", "书面明确放弃陈述、申辩和听证")
        fill(page, "statement", "当事人书面表示放弃陈述、申辩和听证。")
        journey.shot("statement-waived")
        submit(page)
        assert not errors(page), errors(page)

        # The head meets the decision as a collective one, and says so on the case page.
        head = journey.sign_in("liuqiang")
        inbox = head.locator("[data-panel=inbox] tr", has_text=party.name)
        assert "集体讨论决定" in inbox.first.inner_text()
        journey.task(party.name, step="集体讨论决定")
        journey.shot("collective-discussion-form")
        assert page.locator("textarea[name=minutes]").is_visible()
        fill(page, "minutes", MINUTES)
        choose(page, "chair", "刘强")
        choose_many(page, "participants", ["刘强", "陈静"])
        choose(page, "kind", "给予行政处罚")
        fill(page, "opinion", "经集体讨论，决定罚款六万元。")
        submit(page)
        journey.shot("two-participants-refused")
        refusal = [e for e in errors(page) if "三名以上负责人参加" in e]
        assert len(refusal) == 1, errors(page)
        assert not CollectiveDiscussion.objects.filter(case=case).exists()
        # What was typed is still there; one more participant and it is decided.
        assert page.locator("textarea[name=minutes]").input_value() == MINUTES
        choose_many(page, "participants", ["李娜"])
        journey.shot("three-participants")
        submit(page)
        assert not errors(page), errors(page)
        case.refresh_from_db()
        assert case.state == CaseState.DECIDED
        discussion = CollectiveDiscussion.objects.get(case=case)
        assert {p.username for p in discussion.participants.all()} == {
            "liuqiang",
            "chenjing",
            "lina",
        }

        journey.open(f"/cases/case/{case.pk}/")
        journey.shot("case-page-discussed")
        record = page.locator("main", has_text="集体讨论").inner_text()
        for name in ("刘强", "陈静", "李娜"):
            assert name in record
        assert case.decision_number in record

        # 张伟 serves the decision the discussion took, its paper on the task.
        journey.sign_in("zhangwei")
        journey.task(party.name, step="送达决定书")
        journey.shot("serve-decision-with-paper")
        paper = page.locator("[data-task-papers] [data-paper]")
        assert case.decision_number in paper.first.inner_text()
        assert Case.objects.get(pk=case.pk).decided_on == datetime.date(2026, 11, 2)

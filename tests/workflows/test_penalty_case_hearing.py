"""A large fine: the party is told of its right to a hearing, asks for one, a
non-investigator hosts it after seven working days' notice, the hearing time stops the
decision clock, and the case is reviewed for legality again before the decision, which
may not be heavier than the notice."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from documents.models import IssuedDocument
from enforcement.clocks import decision_deadline
from enforcement.models import CasePause, CaseState, Hearing, PenaltyPolicy
from tests import factories
from tests.enforcement import factories as f
from workflows.models import TaskDeadline

from .helpers import open_task, task_url
from .penalty_case_steps import (
    act,
    at,
    fine,
    lines_data,
    logged_in,
    noticed_case,
    refused,
)

pytestmark = pytest.mark.django_db

UNLICENSED = "food-unlicensed"


@pytest.fixture
def people(db):
    people = f.staff()
    f.benchmark()
    return people


def _large_fine(amount="90000", circumstance="aggravating"):
    return fine(amount, circumstance, UNLICENSED)


def _stall():
    """An individual business (个体工商户): the 5,000-yuan hearing threshold applies."""
    return factories.enterprise(
        credit_code=factories.credit_code(region="420106", prefix="92"),
        name="武汉市武昌区好又鲜熟食店",
        legal_representative="周德胜",
        address="武汉市武昌区中南路12号",
    )


def test_hearing_requested_hosted_by_a_non_investigator(people):
    with time_machine.travel(at(2026, 11, 2), tick=True) as traveller:
        clients = logged_in(people)
        case, process = noticed_case(
            clients,
            people,
            _stall(),
            lines=[_large_fine()],
            violation_type=f.violation_type(UNLICENSED).pk,
            violated_provision="《中华人民共和国食品安全法》第三十五条第一款",
            legal_basis="《中华人民共和国食品安全法》第一百二十二条第一款",
        )
        assert case.hearing_offered is True
        assert case.party_kind == "individual"
        assert "较大数额罚款（90,000.00元，听证标准5,000.00元）" in case.hearing_grounds
        notice = IssuedDocument.objects.get(number=case.notice_number)
        assert notice.context["hearing_right"] is True

        traveller.move_to(at(2026, 11, 5))
        clients = logged_in(people)
        act(
            clients["zhang"],
            process,
            "statement",
            {
                "outcome": "hearing",
                "received_on": datetime.date(2026, 11, 5),
                "statement": "当事人书面要求举行听证。",
            },
        )
        case.refresh_from_db()
        assert case.state == CaseState.HEARING
        pause = CasePause.objects.get(case=case, kind=CasePause.Kind.HEARING)
        assert pause.ended_on is None

        # An investigator cannot host, even when given the permission.
        people["zhang"].user_permissions.add(
            Permission.objects.get(codename="host_hearing")
        )
        form = {
            "host": people["zhang"].pk,
            "clerk": "何静",
            "members": "孙磊、周敏",
            "scheduled_on": "2026-11-19",
            "scheduled_time": "09:30",
            "place": "武汉市江岸区三阳路8号市场监督管理局三楼听证室",
            "public": "on",
            "notified_on": datetime.date(2026, 11, 5),
        }
        response = act(
            clients["chen"], process, "arrange_hearing", form, expect_ok=False
        )
        assert "张伟是本案的办案人员，不能担任听证主持人" in refused(response)
        # Seven working days' notice: notified Thursday 5 November, earliest the 16th.
        response = act(
            clients["chen"],
            process,
            "arrange_hearing",
            {**form, "host": people["li"].pk, "scheduled_on": "2026-11-13"},
            expect_ok=False,
        )
        assert "最早2026年11月16日举行" in refused(response)
        assert Hearing.objects.get(case=case).host is None

        act(
            clients["chen"],
            process,
            "arrange_hearing",
            {**form, "host": people["li"].pk},
        )
        hearing = Hearing.objects.get(case=case)
        assert hearing.notice_number.startswith("武市监听通〔2026〕")
        hold = open_task(process, "hold_hearing")
        assert hold.owner == people["li"]
        # Before its day the host's inbox and the task say when it can be held, once;
        # the hearing notice is on the task.
        notice = "11月19日起可以办理：听证定于11月19日举行"
        home = clients["li"].get(reverse("workbench:home:index")).content.decode()
        row = home[home.index(f'data-task="{hold.pk}"') :]
        assert row[: row.index("</tr>")].count(notice) == 1
        page = clients["li"].get(task_url(hold, "execute")).content.decode()
        assert page.count(notice) == 1
        assert page.count("听证定于") == 1
        assert f"<span data-paper-number>{hearing.notice_number}" in page
        response = act(
            clients["li"],
            process,
            "hold_hearing",
            {
                "held_on": datetime.date(2026, 11, 5),
                "party_attended": "1",
                "record": "当事人到场。",
                "opinion": "建议维持。",
            },
            expect_ok=False,
        )
        assert "听证举行日期不能早于通知的听证日期（2026年11月19日）" in refused(
            response
        )
        html = response.content.decode()
        assert html.count("听证举行日期不能早于通知的听证日期") == 1
        assert "听证定于" not in html

        traveller.move_to(at(2026, 11, 19, 14))
        clients = logged_in(people)
        act(
            clients["li"],
            process,
            "hold_hearing",
            {
                "held_on": datetime.date(2026, 11, 19),
                "party_attended": "1",
                "record": "当事人委托代理人到场，对违法事实无异议，请求从轻处罚。",
                "opinion": "建议对当事人罚款七万五千元。",
            },
        )
        pause.refresh_from_db()
        assert pause.ended_on == datetime.date(2026, 11, 19)

        # The hearing days do not count towards the 90-day decision clock.
        case.refresh_from_db()
        policy = PenaltyPolicy.current()
        with_pause = decision_deadline(
            filed_on=case.filed_on,
            pauses=list(case.pauses.all()),
            extensions=[],
            policy=policy,
            today=datetime.date(2026, 11, 19),
        )
        without = decision_deadline(
            filed_on=case.filed_on,
            pauses=[],
            extensions=[],
            policy=policy,
            today=datetime.date(2026, 11, 19),
        )
        assert with_pause.due > without.due
        re_exam = open_task(process, "re_examination")
        assert TaskDeadline.objects.get(task=re_exam).due_on == with_pause.due

        # Re-examination may lower the penalty, never raise it after the hearing.
        response = act(
            clients["zhang"],
            process,
            "re_examination",
            {
                "adopted": "1",
                "opinion": "当事人请求从轻处罚的理由部分成立。",
                **lines_data([_large_fine("95000")]),
            },
            expect_ok=False,
        )
        assert "复核后不得加重处罚" in refused(response)
        act(
            clients["zhang"],
            process,
            "re_examination",
            {
                "adopted": "1",
                "opinion": "当事人请求从轻处罚的理由部分成立，拟罚款七万五千元。",
                **lines_data([_large_fine("75000", "ordinary")]),
            },
        )
        case.refresh_from_db()
        # Heard: reviewed for legality again after the hearing (Art. 58(2)).
        assert case.state == CaseState.LEGALITY_REVIEW
        act(
            clients["he"],
            process,
            "legality_review",
            {"opinion": "听证后复核，程序合法。"},
        )

        response = act(
            clients["liuqiang"],
            process,
            "decide",
            {
                "kind": "penalty",
                "opinion": "罚款九万五千元。",
                **lines_data([_large_fine("95000")]),
            },
            expect_ok=False,
        )
        assert "不得因此作出比告知书更重的处罚" in refused(response)
        act(
            clients["liuqiang"],
            process,
            "decide",
            {
                "kind": "penalty",
                "opinion": "采纳听证意见，罚款七万五千元。",
                **lines_data([_large_fine("75000", "ordinary")]),
            },
        )
    case.refresh_from_db()
    assert case.state == CaseState.DECIDED
    decision = IssuedDocument.objects.get(number=case.decision_number)
    assert "依法举行听证" in decision.context["statement_summary"]
    assert decision.context["penalties"] == ["罚款人民币75,000.00元"]

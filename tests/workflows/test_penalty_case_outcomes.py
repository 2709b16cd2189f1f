"""The other ways a case ends: not filed, no penalty, referral to the judiciary, a
collective discussion's decision, and a 吊销 decision."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from documents.models import IssuedDocument
from enforcement.models import (
    CaseEvent,
    CaseState,
    CollectiveDiscussion,
    PenaltyKind,
    Violation,
)
from licensing.models import Cancellation, LicenceState
from tests import factories
from tests.enforcement import factories as f

from .helpers import open_task
from .penalty_case_steps import (
    act,
    add_evidence,
    at,
    file_case,
    fine,
    lines_data,
    logged_in,
    noticed_case,
    refused,
    register_lead,
    report,
    reported_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    people = f.staff()
    f.benchmark()
    return people


def _documents(case):
    return list(
        IssuedDocument.objects.filter(object_id=str(case.pk))
        .order_by("issued_at", "id")
        .values_list("document_type__code", flat=True)
    )


def test_lead_not_filed(people):
    clients = logged_in(people)
    party = f.party(name="武汉市洪山区喆喆便利店", legal_representative="王喆")
    case, process = register_lead(clients, party, source="inspection")
    # The officer who registered the lead cannot approve it.
    approval_queue = clients["zhang"].get("/workbench/home/").content.decode()
    act(
        clients["zhang"],
        process,
        "verify",
        {
            "proposal": "not_file",
            "findings": "当事人未在醒目位置悬挂许可证，检查当日即已改正，未造成危害后果。",
            "non_filing_reason": "minor_corrected",
        },
    )
    act(
        clients["liuqiang"],
        process,
        "filing_approval",
        {"decision": "approve", "opinion": "同意不予立案，予以批评教育。"},
    )
    case.refresh_from_db()
    process.refresh_from_db()
    assert case.state == CaseState.NOT_FILED
    assert process.status == "DONE"
    assert case.filing_number.startswith("武市监不立审〔")
    assert _documents(case) == ["case_source_registration", "case_non_filing_approval"]
    form = IssuedDocument.objects.get(number=case.filing_number)
    assert "第三十三条第一款" in form.context["legal_basis"]
    assert not Violation.objects.filter(enterprise=party).exists()
    assert "立案审批" not in approval_queue


def test_no_penalty_decision_records_the_finding_without_a_penalty(people):
    clients = logged_in(people)
    party = f.party(name="武汉市汉阳区晴川粮油店")
    case, process = reported_case(
        clients,
        people,
        party,
        lines=[],
        proposal="no_penalty",
        no_penalty_reason="first_offence",
    )
    act(clients["li"], process, "case_review", {"opinion": "同意不予处罚。"})
    case.refresh_from_db()
    assert case.state == CaseState.DECISION  # no penalty proposed: no notice
    act(
        clients["liuqiang"],
        process,
        "decide",
        {
            "kind": "no_penalty",
            "no_penalty_reason": "first_offence",
            "opinion": "初次违法，危害后果轻微并已改正，不予处罚。",
            **lines_data([]),
        },
    )
    case.refresh_from_db()
    assert case.decision_number.startswith("武市监不罚〔")
    violation = Violation.objects.get(enterprise=party)
    assert violation.penalty_kind == PenaltyKind.NONE
    assert violation.decision_number == case.decision_number
    act(
        clients["zhang"],
        process,
        "serve_decision",
        {"served_on": timezone.localdate(), "method": "post"},
    )
    case.refresh_from_db()
    assert case.state == CaseState.EXECUTED
    assert case.publicity_required is False
    act(
        clients["zhang"],
        process,
        "propose_closure",
        {"summary": "不予行政处罚，已送达。"},
    )
    act(clients["liuqiang"], process, "approve_closure", {"opinion": "同意结案。"})
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert _documents(case)[-3:] == [
        "non_penalty_decision",
        "service_receipt",
        "case_closure_approval",
    ]


def test_referral_to_the_judiciary(people):
    clients = logged_in(people)
    party = f.party(name="武汉市东西湖区金盛食品厂")
    case, process = reported_case(
        clients,
        people,
        party,
        lines=[],
        proposal="refer_judiciary",
        facts="当事人生产销售不符合食品安全标准的食品，货值金额逾十万元，涉嫌犯罪。",
    )
    act(clients["li"], process, "case_review", {"opinion": "涉嫌犯罪，同意移送。"})
    response = act(
        clients["liuqiang"],
        process,
        "decide",
        {"kind": "refer_judiciary", "opinion": "移送公安机关。", **lines_data([])},
        expect_ok=False,
    )
    assert "请填写移送机关" in refused(response)
    act(
        clients["liuqiang"],
        process,
        "decide",
        {
            "kind": "refer_judiciary",
            "referral_authority": "武汉市公安局东西湖区分局",
            "opinion": "涉嫌生产销售不符合安全标准的食品罪，移送公安机关。",
            **lines_data([]),
        },
    )
    act(
        clients["zhang"],
        process,
        "record_referral",
        {"referred_on": timezone.localdate(), "letter_number": "武市监移〔2026〕3号"},
    )
    case.refresh_from_db()
    assert case.state == CaseState.REFERRED
    act(
        clients["zhang"],
        process,
        "propose_closure",
        {"summary": "案件已移送公安机关。"},
    )
    act(clients["liuqiang"], process, "approve_closure", {"opinion": "同意结案。"})
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert not Violation.objects.filter(enterprise=party).exists()
    assert "penalty_decision" not in _documents(case)


def test_major_case_is_decided_by_collective_discussion(people):
    clients = logged_in(people)
    case, process = noticed_case(
        clients, people, f.party(), lines=[fine("60000", "ordinary")], is_major="on"
    )
    act(
        clients["zhang"],
        process,
        "statement",
        {
            "outcome": "waiver",
            "received_on": timezone.localdate(),
            "statement": "当事人书面表示放弃陈述、申辩。",
        },
    )
    assert open_task(process, "collective_discussion")
    data = {
        "held_on": timezone.localdate(),
        "chair": people["liuqiang"].pk,
        "participants": [people["liuqiang"].pk, people["wang"].pk],
        "minutes": "局务会议讨论：违法事实清楚，情节严重，同意罚款六万元。",
        "kind": "penalty",
        "opinion": "经集体讨论，决定罚款六万元。",
        **lines_data([fine("60000", "ordinary")]),
    }
    response = act(
        clients["liuqiang"], process, "collective_discussion", data, expect_ok=False
    )
    assert "三名以上负责人参加" in refused(response)
    assert not CollectiveDiscussion.objects.filter(case=case).exists()
    data["participants"] = [
        people["liuqiang"].pk,
        people["wang"].pk,
        people["zhou"].pk,
    ]
    act(clients["liuqiang"], process, "collective_discussion", data)
    case.refresh_from_db()
    assert case.state == CaseState.DECIDED
    discussion = CollectiveDiscussion.objects.get(case=case)
    assert case.discussion == discussion
    assert {p.full_name for p in discussion.participants.all()} == {
        "刘强",
        "王建国",
        "周明",
    }
    assert (
        "集体讨论" in CaseEvent.objects.get(case=case, action="discussion").note or True
    )
    page = clients["liuqiang"].get(reverse("cases:case:detail", args=[case.pk]))
    assert "王建国" in page.content.decode()


def test_licence_revocation_decision_revokes_the_licence_and_starts_its_cancellation(
    people,
):
    clients = logged_in(people)
    party = f.party(name="武汉市蔡甸区明珠调味品厂", legal_representative="周昇")
    licence = factories.food_licence(holder=party, product="调味品（酱类）")
    lines = [
        fine("80000", "ordinary", "food-unlicensed"),
        {
            "violation_type": f.violation_type("food-unlicensed"),
            "kind": "licence_revocation",
            "licence": licence,
        },
    ]
    case, process = file_case(clients, people, party)
    add_evidence(clients, case)
    report(
        clients,
        process,
        lines,
        violation_type=f.violation_type("food-unlicensed").pk,
        legal_basis="《中华人民共和国食品安全法》第一百二十二条第一款",
    )
    act(clients["li"], process, "case_review", {"opinion": "同意吊销。"})
    act(
        clients["zhang"],
        process,
        "serve_notice",
        {"served_on": timezone.localdate(), "method": "direct"},
    )
    case.refresh_from_db()
    assert case.hearing_offered is True  # 吊销许可证件 (Art. 63(3))
    assert "吊销许可证件" in case.hearing_grounds
    act(
        clients["zhang"],
        process,
        "statement",
        {"outcome": "waiver", "received_on": timezone.localdate(), "statement": ""},
    )
    act(
        clients["liuqiang"],
        process,
        "decide",
        {"kind": "penalty", "opinion": "同意吊销许可证并罚款。", **lines_data(lines)},
    )
    case.refresh_from_db()
    licence.refresh_from_db()
    revoked = licence.events.get(transition="revoke_as_penalty")
    assert revoked.to_state == LicenceState.PENALTY_REVOKED
    assert revoked.reference == case.decision_number
    assert revoked.actor == people["liuqiang"]
    # This bureau issued it: the cancellation that follows is done here at once.
    assert licence.state == LicenceState.CANCELLED
    decision = IssuedDocument.objects.get(number=case.decision_number)
    assert any(licence.number in line for line in decision.context["penalties"])
    violation = Violation.objects.get(enterprise=party)
    assert violation.penalty_kind == PenaltyKind.LICENCE_REVOCATION
    assert violation.fine_amount == Decimal("80000")
    cancellation = Cancellation.objects.get(licence=licence)
    assert cancellation.ground == "revoked_or_withdrawn"
    assert case.decision_number in cancellation.reason
    assert CaseEvent.objects.filter(
        case=case, action="licence_cancellation_started"
    ).exists()


def test_summary_procedure_on_the_spot(people):
    clients = logged_in(people)
    stall = factories.enterprise(
        credit_code=factories.credit_code(prefix="92"),
        name="武汉市江汉区老王副食店",
        legal_representative="王建华",
    )
    data = {
        "party": stall.credit_code,
        "second_officer": people["liu"].pk,
        "violation_type": f.violation_type().pk,
        "facts": "当事人货架上陈列超过保质期的饮料2瓶，货值6.00元。",
        "kind": "fine",
        "amount": "300",
        "decided_on": timezone.localdate(),
        "number": "武市监当罚〔2026〕000137号",
    }
    from .penalty_case_steps import SUMMARY_START_URL, post

    response = post(clients["zhang"], SUMMARY_START_URL, data)
    assert "当场罚款不得超过200.00元" in refused(response)
    response = post(
        clients["zhang"],
        SUMMARY_START_URL,
        {**data, "amount": "150", "paid_on_the_spot": "on", "receipt_number": "0012"},
    )
    assert "不能当场收缴" in refused(response)
    response = post(clients["zhang"], SUMMARY_START_URL, {**data, "amount": "150"})
    assert response.status_code == 302
    from enforcement.models import Case

    from .penalty_case_steps import case_process

    case = Case.objects.get(party=stall)
    process = case_process(case)
    assert case.procedure == "summary"
    assert case.state == CaseState.ENFORCEMENT
    assert case.publicity_required is False
    violation = Violation.objects.get(enterprise=stall)
    assert violation.source == Violation.Source.SUMMARY
    assert violation.decision_number == "武市监当罚〔2026〕000137号"

    act(clients["chen"], process, "file_decision", {"note": "已备案。"})
    act(
        clients["zhang"],
        process,
        "execution",
        {
            "action": "payment",
            "amount": "150.00",
            "paid_on": timezone.localdate(),
            "receipt_number": "鄂财非税 420100-2026-0110022",
        },
    )
    case.refresh_from_db()
    process.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert case.summary_filed_by == people["chen"]
    assert process.status == "DONE"


def test_summary_warning_paid_nothing_closes_on_filing(people):
    clients = logged_in(people)
    company = f.party(name="武汉市青山区红钢城超市有限公司")
    from .penalty_case_steps import case_process, summary_warning

    case = summary_warning(
        clients,
        people,
        company,
        number="武市监当罚〔2026〕000138号",
        facts="当事人销售超过保质期的面包1袋。",
    )
    act(clients["chen"], case_process(case), "file_decision", {"note": ""})
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED


@pytest.mark.parametrize("when", [at(2026, 11, 2)])
def test_an_investigator_cannot_take_a_review_of_their_own_case(people, when):
    with time_machine.travel(when, tick=True):
        clients = logged_in(people)
        from django.contrib.auth.models import Permission

        people["liu"].user_permissions.add(
            Permission.objects.get(codename="review_case")
        )
        case, process = reported_case(clients, people, f.party())
        from .helpers import task_url

        task = open_task(process, "case_review")
        response = clients["liu"].post(task_url(task, "assign"))
        assert response.status_code == 403
        rows = clients["liu"].get("/workbench/home/").content.decode()
        assert f'data-task="{task.pk}"' not in rows
        assert datetime.date.today()  # the clock ran


def test_investigation_terminated_and_closed(people):
    clients = logged_in(people)
    case, process = file_case(clients, people, f.party(name="武汉市新洲区阳逻副食商行"))
    act(
        clients["zhang"],
        process,
        "investigate",
        {
            "outcome": "terminate",
            "termination_reason": "当事人已依法注销，违法事实无法继续查证。",
            "proposal": "penalty",
            **lines_data([]),
        },
    )
    act(
        clients["liuqiang"],
        process,
        "termination_approval",
        {"decision": "approve", "opinion": "同意终止调查。"},
    )
    case.refresh_from_db()
    assert case.state == CaseState.TERMINATED
    act(
        clients["zhang"],
        process,
        "propose_closure",
        {"summary": "调查终止，申请结案。"},
    )
    act(clients["liuqiang"], process, "approve_closure", {"opinion": "同意结案。"})
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    closure = IssuedDocument.objects.get(number=case.closure_number)
    assert "终止调查" in closure.context["decision_summary"]

"""Penalty-case services and rules: each refusal raises its module constant and writes
nothing; the state changes only through the transitions."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.utils import timezone

from enforcement import services
from enforcement.models import (
    CaseEvent,
    CaseInvestigator,
    CaseState,
    DiscretionRule,
    EvidenceMeasure,
    PartyKind,
    PenaltyKind,
    PenaltyPolicy,
)
from enforcement.penalties import hearing_grounds, heavier_than, summary_refusal
from enforcement.services import LineInput
from enforcement.services.case_decision import (
    DECISION_LEGALITY_REVIEW_MISSING,
    DECISION_NEEDS_DISCUSSION,
    decision_refusals,
)
from enforcement.services.case_filing import FILING_TOO_FEW_INVESTIGATORS
from enforcement.services.case_investigation import (
    MEASURE_LAPSED,
    REPORT_NO_EVIDENCE,
)
from enforcement.services.case_steps import CASE_ACTOR_IS_INVESTIGATOR
from organisation.roles import Role
from tests import factories
from tests.enforcement import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    people = f.staff()
    f.benchmark()
    return people


def _line(kind, amount="0", **extra):
    return LineInput(
        violation_type=f.violation_type(), kind=kind, amount=Decimal(amount), **extra
    )


def test_the_state_is_protected(people):
    case = f.registered(people)
    with pytest.raises(AttributeError):
        case.state = CaseState.CLOSED
    assert case.state == CaseState.VERIFYING
    assert CaseEvent.objects.filter(case=case, action="register").count() == 1


def test_filing_needs_two_credentialed_investigators(people):
    case = f.registered(people)
    services.case_propose(
        case=case, actor=people["zhang"], proposal="file", findings="初步查实。"
    )
    with pytest.raises(ValidationError) as refusal:
        services.case_decide_filing(
            case=case,
            approver=people["liuqiang"],
            approve=True,
            opinion="同意",
            investigators=[people["zhang"]],
        )
    assert str(FILING_TOO_FEW_INVESTIGATORS) in refusal.value.messages
    clerk = factories.user(Role.LICENSING_CLERK, full_name="王芳")
    with pytest.raises(ValidationError, match="王芳没有行政执法证件"):
        services.case_decide_filing(
            case=case,
            approver=people["liuqiang"],
            approve=True,
            opinion="同意",
            investigators=[people["zhang"], clerk],
        )
    case.refresh_from_db()
    assert case.state == CaseState.FILING_PROPOSED
    assert not CaseInvestigator.objects.filter(case=case).exists()


def test_an_investigator_may_not_review_their_own_case(people):
    people["liu"].user_permissions.add(Permission.objects.get(codename="review_case"))
    case = f.reported(people)
    liu = type(people["liu"]).objects.get(pk=people["liu"].pk)  # fresh perm cache
    with pytest.raises(ValidationError) as refusal:
        services.case_review_pass(case=case, reviewer=liu, opinion="同意")
    assert refusal.value.messages == [
        str(CASE_ACTOR_IS_INVESTIGATOR) % {"name": "刘洋", "role": "审核人"}
    ]
    case.refresh_from_db()
    assert case.state == CaseState.CASE_REVIEW


def test_no_report_without_evidence(people):
    case = f.filed(people)
    with pytest.raises(ValidationError) as refusal:
        services.case_submit_report(
            case=case,
            actor=people["zhang"],
            facts="事实",
            violation_type=f.violation_type(),
            violated_provision="第三十四条",
            legal_basis="第一百二十四条",
            proposal="penalty",
            lines=[f.fine_line()],
        )
    assert refusal.value.messages == [str(REPORT_NO_EVIDENCE)]


def test_a_fine_outside_the_benchmark_range_is_refused(people):
    case = f.filed(people)
    f.evidence(people, case)
    with pytest.raises(
        ValidationError, match="不在《武汉市市场监督管理局行政处罚裁量基准"
    ):
        f.reported(people, case, lines=[f.fine_line("30000", "mitigating")])
    case.refresh_from_db()
    assert case.state == CaseState.INVESTIGATING
    assert case.discretion_benchmark is None


def test_a_case_keeps_the_benchmark_version_it_pinned(people):
    case = f.reported(people)
    first = case.discretion_benchmark
    newer = f.benchmark(version="2027年版")
    assert newer != first
    case.refresh_from_db()
    assert case.discretion_benchmark == first
    rule = first.rules.get(item="第37项")
    rule.ordinary_max = Decimal("1")
    with pytest.raises(ValidationError, match="已发布，其条目不能修改"):
        rule.full_clean()
    assert DiscretionRule.objects.get(pk=rule.pk).ordinary_max == Decimal("80000")


def test_decision_gates_legality_review_and_collective_discussion(people):
    case = f.reported(people, is_complex=True)
    case = services.case_review_pass(case=case, reviewer=people["li"], opinion="同意")
    assert case.state == CaseState.LEGALITY_REVIEW
    refusals = decision_refusals(
        case=case,
        kind="penalty",
        lines=[f.fine_line()],
        today=timezone.localdate(),
    )
    assert str(DECISION_LEGALITY_REVIEW_MISSING) in [
        m for r in refusals for m in r.messages
    ]
    major = f.reported(people, is_major=True)
    services.case_review_pass(case=major, reviewer=people["li"], opinion="同意")
    services.case_record_notice(
        case=major,
        number="武市监罚告〔2026〕1号",
        issued_on=timezone.localdate(),
        actor=None,
    )
    services.case_serve_notice(
        case=major,
        served_on=timezone.localdate(),
        method="direct",
        actor=people["zhang"],
    )
    services.case_waive_statement(
        case=major, on=timezone.localdate(), actor=people["zhang"]
    )
    with pytest.raises(ValidationError) as refusal:
        services.case_decide(
            case=major,
            decider=people["liuqiang"],
            kind="penalty",
            opinion="同意",
            lines=[f.fine_line()],
        )
    assert refusal.value.messages == [str(DECISION_NEEDS_DISCUSSION)]


def test_preserved_evidence_lapses_after_seven_working_days(people):
    case = f.filed(people)
    measure = services.case_start_measure(
        case=case,
        actor=people["zhang"],
        kind=EvidenceMeasure.Kind.PRESERVATION,
        items="“鑫鑫源”牌手工麻花37袋",
        started_on=timezone.localdate(),
        approver=people["chen"],
    )
    assert measure.due_on > timezone.localdate()
    assert services.evidence_measures_lapse_due(today=measure.due_on) == 0
    assert (
        services.evidence_measures_lapse_due(
            today=measure.due_on + datetime.timedelta(days=1)
        )
        == 1
    )
    measure.refresh_from_db()
    assert measure.outcome == EvidenceMeasure.Outcome.LAPSED
    assert CaseEvent.objects.filter(case=case, action="measure_lapsed").count() == 1
    second = services.case_start_measure(
        case=case,
        actor=people["zhang"],
        kind=EvidenceMeasure.Kind.PRESERVATION,
        items="进货单据3张",
        started_on=datetime.date(2026, 9, 28),
        approver=people["chen"],
    )
    assert second.due_on == datetime.date(2026, 10, 13)
    with pytest.raises(ValidationError) as refusal:
        services.case_decide_measure(
            case=case,
            measure=second,
            actor=people["zhang"],
            outcome=EvidenceMeasure.Outcome.RELEASED,
            on=datetime.date(2026, 10, 14),
        )
    assert refusal.value.messages == [str(MEASURE_LAPSED) % {"date": "2026年10月13日"}]


def test_hearing_thresholds_are_the_administrators_data(db):
    policy = PenaltyPolicy.current()
    lines = [_line(PenaltyKind.FINE, "5000")]
    assert hearing_grounds(lines=lines, party_kind=PartyKind.INDIVIDUAL, policy=policy)
    assert not hearing_grounds(
        lines=lines, party_kind=PartyKind.ORGANISATION, policy=policy
    )
    policy.hearing_fine_organisation = Decimal("5000")
    policy.save()
    assert hearing_grounds(
        lines=lines, party_kind=PartyKind.ORGANISATION, policy=PenaltyPolicy.current()
    )
    assert hearing_grounds(
        lines=[_line(PenaltyKind.SUSPENSION, description="停产停业一个月")],
        party_kind=PartyKind.ORGANISATION,
        policy=policy,
    ) == ["责令停产停业"]


def test_heavier_and_summary_limits(db):
    noticed = [_line(PenaltyKind.FINE, "10000")]
    assert (
        heavier_than(decided=[_line(PenaltyKind.FINE, "9000")], noticed=noticed) == []
    )
    assert (
        heavier_than(
            decided=[_line(PenaltyKind.FINE, "10000"), _line(PenaltyKind.WARNING)],
            noticed=noticed,
        )
        == []
    )
    assert heavier_than(
        decided=[_line(PenaltyKind.FINE, "10000"), _line(PenaltyKind.SUSPENSION)],
        noticed=noticed,
    ) == ["增加了告知书未载明的责令停产停业"]
    assert not summary_refusal(
        lines=[_line(PenaltyKind.FINE, "3000")], party_kind=PartyKind.ORGANISATION
    )
    assert summary_refusal(
        lines=[_line(PenaltyKind.FINE, "3000.01")], party_kind=PartyKind.ORGANISATION
    )
    assert summary_refusal(
        lines=[_line(PenaltyKind.FINE, "201")], party_kind=PartyKind.INDIVIDUAL
    )
    assert not summary_refusal(
        lines=[_line(PenaltyKind.WARNING)], party_kind=PartyKind.INDIVIDUAL
    )
    assert summary_refusal(
        lines=[_line(PenaltyKind.CONFISCATION, "100")], party_kind=PartyKind.INDIVIDUAL
    )

"""Withdrawal records through their services (the flows are tested in tests/workflows)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from licensing import services
from licensing.models import (
    Cancellation,
    CancellationState,
    LicenceState,
    ReferralState,
    RevocationState,
    WithdrawalEvent,
)
from organisation.roles import Role
from tests import factories

D = datetime.date


@pytest.fixture
def reviewer(db):
    return factories.user(Role.LEGAL_REVIEWER)


def _revocation(clerk, licence=None):
    return services.revocation_open(
        licence=licence or factories.food_licence(),
        ground="fraud_or_bribery",
        facts="以虚假材料取得许可",
        evidence="1. 申请材料复印件",
        actor=clerk,
    )


@pytest.mark.django_db
def test_statement_window_is_counted_in_working_days_across_national_day(clerk):
    revocation = _revocation(clerk)
    revocation = services.revocation_serve_notice(
        revocation=revocation, served_on=D(2026, 9, 30), method="direct", actor=clerk
    )
    assert revocation.statement_due == D(2026, 10, 13)
    assert revocation.state == RevocationState.AWAITING_STATEMENT


@pytest.mark.django_db
def test_full_revocation_revokes_the_licence_and_opens_its_cancellation(
    clerk, reviewer, bureau_head
):
    revocation = _revocation(clerk)
    services.revocation_serve_notice(
        revocation=revocation, served_on=D(2026, 11, 2), method="direct", actor=clerk
    )
    services.revocation_close_statement_window(revocation=revocation)
    services.revocation_review(
        revocation=revocation, reviewer=reviewer, approve=True, opinion="事实清楚"
    )
    services.revocation_decide_approval(
        revocation=revocation, approver=bureau_head, approve=True, opinion="同意"
    )
    services.revocation_record_decision(
        revocation=revocation,
        number="武市监许撤〔2026〕1号",
        decided_on=D(2026, 11, 20),
        actor=bureau_head,
    )
    revocation, cancellation = services.revocation_record_service(
        revocation=revocation, served_on=D(2026, 11, 23), method="direct", actor=clerk
    )
    revocation.licence.refresh_from_db()
    assert revocation.state == RevocationState.SERVED
    assert revocation.licence.state == LicenceState.REVOKED
    assert revocation.licence.state_reference == "武市监许撤〔2026〕1号"
    # 7 working days from Friday 20 November.
    assert revocation.publicity_due == D(2026, 12, 1)
    assert cancellation.origin_revocation == revocation
    assert cancellation.ground == "revoked_or_withdrawn"
    services.cancellation_cancel_locally(
        cancellation=cancellation,
        notice_number="武市监许注〔2026〕1号",
        cancelled_on=D(2026, 11, 24),
        actor=clerk,
    )
    revocation.licence.refresh_from_db()
    assert revocation.licence.state == LicenceState.CANCELLED
    actions = list(
        WithdrawalEvent.objects.filter(licence=revocation.licence).values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "open", "serve_notice", "statement_lapsed", "pass_review", "approve",
        "decide", "serve_decision", "open", "cancel",
    ]  # fmt: skip


@pytest.mark.django_db
def test_initiator_cannot_review_or_approve_own_revocation(clerk, bureau_head):
    clerk.user_permissions.add(
        *__import__(
            "django.contrib.auth.models", fromlist=["Permission"]
        ).Permission.objects.filter(
            codename__in=["review_withdrawal", "approve_withdrawal"]
        )
    )
    clerk = type(clerk).objects.get(pk=clerk.pk)
    revocation = _revocation(clerk)
    services.revocation_serve_notice(
        revocation=revocation, served_on=D(2026, 11, 2), method="direct", actor=clerk
    )
    services.revocation_close_statement_window(revocation=revocation)
    with pytest.raises(ValidationError) as exc:
        services.revocation_review(
            revocation=revocation, reviewer=clerk, approve=True, opinion="好"
        )
    assert exc.value.code == "self_approval"
    revocation.refresh_from_db()
    assert revocation.state == RevocationState.IN_REVIEW


@pytest.mark.django_db
def test_refusal_returns_the_case_with_the_reason(clerk, reviewer):
    revocation = _revocation(clerk)
    services.revocation_serve_notice(
        revocation=revocation, served_on=D(2026, 11, 2), method="direct", actor=clerk
    )
    services.revocation_record_statement(
        revocation=revocation,
        statement="我公司材料真实",
        received_on=D(2026, 11, 3),
        actor=clerk,
    )
    revocation = services.revocation_review(
        revocation=revocation,
        reviewer=reviewer,
        approve=False,
        opinion="证据不足，补充现场核查笔录",
    )
    assert revocation.state == RevocationState.RETURNED
    assert revocation.returned_reason == "证据不足，补充现场核查笔录"
    revocation = services.revocation_resubmit(
        revocation=revocation,
        facts="补充后的事实",
        evidence="1. 现场核查笔录",
        actor=clerk,
    )
    assert revocation.state == RevocationState.IN_REVIEW


@pytest.mark.django_db
def test_a_licence_cannot_enter_a_second_withdrawal(clerk):
    licence = factories.food_licence()
    _revocation(clerk, licence)
    with pytest.raises(ValidationError) as exc:
        _revocation(clerk, licence)
    assert exc.value.code == "open"
    with pytest.raises(ValidationError) as exc:
        services.cancellation_open(
            licence=licence, ground="holder_application", reason="申请注销", actor=clerk
        )
    assert "正在办理撤销" in " ".join(exc.value.messages)
    assert not Cancellation.objects.exists()


@pytest.mark.django_db
def test_province_issued_licence_cannot_be_revoked_here(clerk):
    with pytest.raises(ValidationError) as exc:
        _revocation(clerk, factories.industrial_licence())
    assert exc.value.code == "external"


@pytest.mark.django_db
def test_investigator_cannot_open_a_revocation(investigator):
    with pytest.raises(ValidationError) as exc:
        _revocation(investigator)
    assert exc.value.code == "permission"


@pytest.mark.django_db
def test_dates_in_the_future_are_refused(clerk):
    revocation = _revocation(clerk)
    with pytest.raises(ValidationError) as exc:
        services.revocation_serve_notice(
            revocation=revocation, served_on=D(2099, 1, 1), method="direct", actor=clerk
        )
    assert "不能晚于今天" in " ".join(exc.value.messages)
    revocation.refresh_from_db()
    assert revocation.state == RevocationState.DRAFTED


@pytest.mark.django_db
def test_referral_with_mixed_province_answers(clerk, province):
    licences = [factories.industrial_licence() for _ in range(3)]
    cancellations = [
        services.cancellation_open(
            licence=lic, ground="holder_dissolved", reason="企业已注销", actor=clerk
        )
        for lic in licences
    ]
    referral = services.referral_open(
        cancellations=cancellations, to_authority=province, actor=clerk
    )
    services.referral_record_issue(
        referral=referral,
        number="武市监函〔2026〕8号",
        issued_on=D(2026, 11, 2),
        actor=clerk,
    )
    referral = services.referral_record_sending(
        referral=referral, sent_on=D(2026, 11, 2), method="oa", actor=clerk
    )
    assert referral.state == ReferralState.SENT
    assert referral.reply_due == D(2026, 11, 30)  # 20 working days
    _, done = services.cancellation_record_province_decision(
        cancellation=cancellations[0], accepted=True, decided_on=D(2026, 11, 10),
        decision_number="鄂市监许注〔2026〕31号", actor=clerk,
    )  # fmt: skip
    assert done is False
    _, done = services.cancellation_record_province_decision(
        cancellation=cancellations[1], accepted=False, decided_on=D(2026, 11, 11),
        rejection_reason="该企业已申请延续", actor=clerk,
    )  # fmt: skip
    assert done is False
    _, done = services.cancellation_record_province_decision(
        cancellation=cancellations[2], accepted=True, decided_on=D(2026, 11, 12),
        decision_number="鄂市监许注〔2026〕32号", actor=clerk,
    )  # fmt: skip
    assert done is True
    referral.refresh_from_db()
    assert referral.state == ReferralState.ANSWERED
    states = [lic.__class__.objects.get(pk=lic.pk).state for lic in licences]
    assert states == [
        LicenceState.CANCELLED,
        LicenceState.VALID,
        LicenceState.CANCELLED,
    ]
    cancellations[1].refresh_from_db()
    assert cancellations[1].state == CancellationState.REJECTED


@pytest.mark.django_db
def test_no_province_answer_before_the_letter_is_sent(clerk, province):
    licence = factories.industrial_licence()
    cancellation = services.cancellation_open(
        licence=licence, ground="holder_dissolved", reason="企业已注销", actor=clerk
    )
    referral = services.referral_open(
        cancellations=[cancellation], to_authority=province, actor=clerk
    )
    services.referral_record_issue(
        referral=referral, number="武市监函〔2026〕9号", issued_on=D(2026, 11, 2),
        actor=clerk,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.cancellation_record_province_decision(
            cancellation=cancellation, accepted=True, decided_on=D(2026, 11, 10),
            decision_number="鄂市监许注〔2026〕40号", actor=clerk,
        )  # fmt: skip
    assert "尚未登记报送" in refused.value.messages[0]
    cancellation.refresh_from_db()
    assert cancellation.state == CancellationState.REFERRED
    # Once sent, the same answer is taken and completes the referral.
    services.referral_record_sending(
        referral=referral, sent_on=D(2026, 11, 3), method="oa", actor=clerk
    )
    _, done = services.cancellation_record_province_decision(
        cancellation=cancellation, accepted=True, decided_on=D(2026, 11, 10),
        decision_number="鄂市监许注〔2026〕40号", actor=clerk,
    )  # fmt: skip
    assert done is True


@pytest.mark.django_db
def test_acceptance_needs_a_decision_number(clerk, province):
    licence = factories.industrial_licence()
    cancellation = services.cancellation_open(
        licence=licence, ground="holder_dissolved", reason="注销", actor=clerk
    )
    referral = services.referral_open(
        cancellations=[cancellation], to_authority=province, actor=clerk
    )
    services.referral_record_issue(
        referral=referral,
        number="武市监函〔2026〕9号",
        issued_on=D(2026, 11, 2),
        actor=clerk,
    )
    services.referral_record_sending(
        referral=referral, sent_on=D(2026, 11, 2), method="oa", actor=clerk
    )
    with pytest.raises(ValidationError):
        services.cancellation_record_province_decision(
            cancellation=cancellation,
            accepted=True,
            decided_on=D(2026, 11, 10),
            actor=clerk,
        )
    licence.refresh_from_db()
    assert licence.state == LicenceState.VALID


@pytest.mark.django_db
def test_plan_reports_each_licence_without_writing(clerk):
    local = factories.food_licence()
    external = factories.industrial_licence()
    busy = factories.food_licence()
    _revocation(clerk, busy)
    cancelled = factories.food_licence()
    services.licence_cancel(
        licence=cancelled, actor=clerk, ground="holder_application", reason="申请"
    )
    cancelled.refresh_from_db()
    plan = services.cancellations_plan(
        licences=[local, external, busy, cancelled], ground="holder_dissolved"
    )
    assert [row.outcome for row in plan] == ["local", "referral", "refused", "refused"]
    assert "正在办理" in plan[2].message
    assert "无需注销" in plan[3].message
    assert not Cancellation.objects.exists()


@pytest.mark.django_db
def test_revoked_ground_does_not_fit_a_valid_licence(clerk):
    licence = factories.food_licence()
    with pytest.raises(ValidationError) as exc:
        services.cancellation_open(
            licence=licence, ground="revoked_or_withdrawn", reason="x", actor=clerk
        )
    assert exc.value.code == "ground"

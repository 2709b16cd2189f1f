import datetime

import pytest
from django.core.exceptions import ValidationError

from licensing import services
from licensing.models import LicenceEvent, LicenceState
from organisation.models import User
from search.models import SearchOutbox
from tests import factories

S = LicenceState

ACTIONS = {
    "revoke": lambda lic, actor: services.licence_revoke(
        licence=lic, actor=actor, ground="ineligible_applicant", reason="不符合法定条件"
    ),
    "withdraw": lambda lic, actor: services.licence_withdraw(
        licence=lic, actor=actor, ground="law_changed", reason="所依据的规章废止"
    ),
    "revoke_as_penalty": lambda lic, actor: services.licence_revoke_as_penalty(
        licence=lic, actor=actor, reason="吊销许可证", reference="武市监处罚〔2026〕1号"
    ),
    "expire": lambda lic, actor: services.licence_expire(licence=lic),
    "cancel": lambda lic, actor: services.licence_cancel(
        licence=lic, actor=actor, ground="expired", reason="有效期届满未延续"
    ),
    "record_external_cancellation": lambda lic, actor: (
        services.licence_record_external_cancellation(
            licence=lic,
            actor=actor,
            ground="holder_dissolved",
            reason="企业已注销",
            reference="鄂市监许注〔2026〕3号",
        )
    ),
}

# How to reach each state from VALID.
PATH = {
    S.VALID: [],
    S.EXPIRED: ["expire"],
    S.REVOKED: ["revoke"],
    S.WITHDRAWN: ["withdraw"],
    S.PENALTY_REVOKED: ["revoke_as_penalty"],
    S.CANCELLED: ["cancel"],
}

LOCAL_ALLOWED = {
    S.VALID: {"revoke", "withdraw", "revoke_as_penalty", "expire", "cancel"},
    S.EXPIRED: {"cancel"},
    S.REVOKED: {"cancel"},
    S.WITHDRAWN: {"cancel"},
    S.PENALTY_REVOKED: {"cancel"},
    S.CANCELLED: set(),
}
TARGET = {
    "revoke": S.REVOKED,
    "withdraw": S.WITHDRAWN,
    "revoke_as_penalty": S.PENALTY_REVOKED,
    "expire": S.EXPIRED,
    "cancel": S.CANCELLED,
    "record_external_cancellation": S.CANCELLED,
}

PAST_VALIDITY = {
    "issued_on": datetime.date(2019, 1, 2),
    "valid_until": datetime.date(2024, 1, 1),
}


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("root", password="x")


def _local_licence_in(state, actor):
    licence = factories.food_licence(**PAST_VALIDITY)
    for step in PATH[state]:
        licence = ACTIONS[step](licence, actor)
    return licence


CASES = [
    (state, action, action in LOCAL_ALLOWED[state])
    for state in PATH
    for action in ACTIONS
    if action != "record_external_cancellation"
]


@pytest.mark.django_db
@pytest.mark.parametrize("state,action,allowed", CASES)
def test_local_licence_transition_matrix(state, action, allowed, admin_user):
    licence = _local_licence_in(state, admin_user)
    events_before = LicenceEvent.objects.filter(licence=licence).count()
    if allowed:
        result = ACTIONS[action](licence, admin_user)
        assert result.state == TARGET[action]
        event = LicenceEvent.objects.filter(licence=licence).latest("id")
        assert (event.from_state, event.to_state) == (state, TARGET[action])
        assert event.transition == action
    else:
        with pytest.raises(ValidationError) as exc:
            ACTIONS[action](licence, admin_user)
        assert exc.value.code in {"state", "external", "local"}
        licence.refresh_from_db()
        assert licence.state == state
        assert LicenceEvent.objects.filter(licence=licence).count() == events_before


@pytest.mark.django_db
def test_province_issued_licence_is_not_cancelled_here(admin_user):
    licence = factories.industrial_licence()
    with pytest.raises(ValidationError) as exc:
        services.licence_cancel(
            licence=licence,
            actor=admin_user,
            ground="holder_dissolved",
            reason="企业注销",
        )
    assert "湖北省市场监督管理局核发" in " ".join(exc.value.messages)
    assert exc.value.code == "external"
    for action in ("revoke", "withdraw"):
        with pytest.raises(ValidationError):
            ACTIONS[action](licence, admin_user)
    licence.refresh_from_db()
    assert licence.state == S.VALID


@pytest.mark.django_db
def test_province_decision_is_recorded_for_a_province_issued_licence(admin_user):
    licence = factories.industrial_licence()
    result = ACTIONS["record_external_cancellation"](licence, admin_user)
    assert result.state == S.CANCELLED
    assert result.state_reference == "鄂市监许注〔2026〕3号"


@pytest.mark.django_db
def test_province_decision_cannot_be_recorded_for_a_local_licence(admin_user):
    licence = factories.food_licence()
    with pytest.raises(ValidationError) as exc:
        ACTIONS["record_external_cancellation"](licence, admin_user)
    assert exc.value.code == "local"


@pytest.mark.django_db
def test_expire_needs_the_validity_to_have_ended(admin_user):
    licence = factories.food_licence(valid_until=datetime.date(2099, 1, 1))
    with pytest.raises(ValidationError):
        services.licence_expire(licence=licence)


@pytest.mark.django_db
def test_audit_row_records_who_when_from_to_and_why(clerk):
    licence = factories.food_licence()
    services.licence_revoke(
        licence=licence,
        actor=clerk,
        ground="fraud_or_bribery",
        reason="以欺骗手段取得许可",
        reference="武市监许撤〔2026〕1号",
    )
    event = LicenceEvent.objects.get(licence=licence)
    assert event.actor == clerk
    assert event.occurred_at is not None
    assert (event.from_state, event.to_state) == (S.VALID, S.REVOKED)
    assert event.reason == "以欺骗手段取得许可"
    assert event.ground == "fraud_or_bribery"
    assert event.reference == "武市监许撤〔2026〕1号"


@pytest.mark.django_db
def test_transition_writes_outbox_rows_for_licence_and_holder(clerk):
    licence = factories.food_licence()
    SearchOutbox.objects.all().delete()
    services.licence_revoke(
        licence=licence, actor=clerk, ground="ineligible_applicant", reason="不符合条件"
    )
    labels = set(SearchOutbox.objects.values_list("model_label", "object_pk"))
    assert labels == {
        ("licensing.licence", str(licence.pk)),
        ("enterprises.enterprise", str(licence.holder_id)),
    }


@pytest.mark.django_db
def test_user_without_the_permission_is_refused(investigator, clerk):
    licence = factories.food_licence()
    with pytest.raises(ValidationError) as exc:
        ACTIONS["revoke"](licence, investigator)
    assert exc.value.code == "permission"
    # A clerk may revoke, but 吊销 is only for a penalty decision.
    with pytest.raises(ValidationError) as exc:
        ACTIONS["revoke_as_penalty"](licence, clerk)
    assert exc.value.code == "permission"
    licence.refresh_from_db()
    assert licence.state == S.VALID
    assert not LicenceEvent.objects.filter(licence=licence).exists()


@pytest.mark.django_db
def test_ground_must_be_statutory(clerk):
    licence = factories.food_licence()
    with pytest.raises(ValidationError) as exc:
        services.licence_revoke(
            licence=licence, actor=clerk, ground="dislike", reason="x"
        )
    assert "不是撤销的法定情形" in " ".join(exc.value.messages)


@pytest.mark.django_db
def test_state_field_cannot_be_assigned():
    licence = factories.food_licence()
    with pytest.raises(AttributeError):
        licence.state = S.CANCELLED


@pytest.mark.django_db
def test_stale_copy_is_refused_after_someone_else_changed_the_licence(clerk):
    licence = factories.food_licence()
    stale = type(licence).objects.get(pk=licence.pk)
    ACTIONS["revoke"](licence, clerk)
    with pytest.raises(ValidationError) as exc:
        ACTIONS["withdraw"](stale, clerk)
    assert exc.value.code == "concurrent"
    assert "刚被他人变更为“已撤销”" in " ".join(exc.value.messages)


@pytest.mark.django_db
def test_expire_due_moves_only_past_validity_licences():
    past = factories.food_licence(**PAST_VALIDITY)
    current = factories.food_licence()
    assert services.licences_expire_due(today=datetime.date(2026, 11, 29)) == 1
    past.refresh_from_db()
    current.refresh_from_db()
    assert (past.state, current.state) == (S.EXPIRED, S.VALID)

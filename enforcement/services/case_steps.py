"""What every case service does around its step: lock the case, check the actor and the
state, call the transition, save, and write the audit row.

Lock order, everywhere in the project: enterprise → licence → case. Services that touch
licences (a 吊销 decision) lock them before calling `case_lock`.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed, has_transition_perm

from organisation.models import User
from search.outbox import search_outbox_enqueue_many

from ..models import Case, CaseEvent, Violation

CASE_STEP_NOT_ALLOWED = _("案件当前状态为“%(state)s”，不能%(action)s。")
CASE_STEP_CONDITIONS_NOT_MET = _("案件当前不符合%(action)s的条件。")
CASE_STEP_FORBIDDEN = _("您没有%(action)s的权限。")
CASE_NOT_INVESTIGATOR = _("只有本案的办案人员才能%(action)s。")
CASE_ACTOR_IS_INVESTIGATOR = _(
    "%(name)s是本案的办案人员，不能担任%(role)s（办案人员不得审核、主持听证本案）。"
)
TEXT_REQUIRED = _("请填写%(field)s。")
DATE_REQUIRED = _("请填写%(field)s。")
DATE_IN_FUTURE = _("%(field)s不能晚于今天。")
DATE_BEFORE = _("%(field)s不能早于%(other)s（%(date)s）。")


def case_lock(case: Case | int) -> Case:
    pk = case.pk if isinstance(case, Case) else case
    return (
        Case.objects.select_for_update(no_key=True, of=("self",))
        .select_related("party")
        .get(pk=pk)
    )


def require_text(value: str, field) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(TEXT_REQUIRED, code="required", params={"field": field})
    return value


def require_past_date(value: datetime.date | None, field) -> datetime.date:
    if value is None:
        raise ValidationError(DATE_REQUIRED, code="required", params={"field": field})
    if value > timezone.localdate():
        raise ValidationError(DATE_IN_FUTURE, code="future", params={"field": field})
    return value


def require_not_before(
    value: datetime.date, earliest: datetime.date | None, field, other
) -> None:
    if earliest is not None and value < earliest:
        from chinese_formats.formats import date_cn

        raise ValidationError(
            DATE_BEFORE,
            code="date_order",
            params={"field": field, "other": other, "date": date_cn(earliest)},
        )


def check_perm(actor: User | None, perm: str, action) -> None:
    if actor is not None and not actor.has_perm(perm):
        raise ValidationError(
            CASE_STEP_FORBIDDEN, code="permission", params={"action": action}
        )


def investigator_ids(case: Case) -> set[int]:
    return set(case.investigator_links.values_list("user_id", flat=True))


def check_investigator(case: Case, actor: User | None, action) -> None:
    """Object-level rule: investigation steps are done by the case's own investigators."""
    if actor is None:
        return
    if not actor.has_perm("enforcement.investigate_case") or actor.pk not in (
        investigator_ids(case)
    ):
        raise ValidationError(
            CASE_NOT_INVESTIGATOR, code="not_investigator", params={"action": action}
        )


def check_not_investigator(case: Case, user: User, role) -> None:
    """Reviewers and the hearing host are not the case's investigators (Art. 64(4))."""
    if user.pk in investigator_ids(case):
        raise ValidationError(
            CASE_ACTOR_IS_INVESTIGATOR,
            code="investigator",
            params={"name": user.get_full_name(), "role": role},
        )


def apply(case: Case, method_name: str, action, *, actor=None, **kwargs) -> str:
    """Call a transition on a locked case; returns the state it came from.

    The state and the permission declared on the transition are checked here with a
    message naming the action; conditions are checked by the callers first, with their
    own reasons, and the generic message is the last resort."""
    method = getattr(case, method_name)
    if not can_proceed(method, check_conditions=False):
        raise ValidationError(
            CASE_STEP_NOT_ALLOWED,
            code="state",
            params={"state": case.get_state_display(), "action": action},
        )
    if not can_proceed(method):
        raise ValidationError(
            CASE_STEP_CONDITIONS_NOT_MET, code="conditions", params={"action": action}
        )
    if actor is not None and not has_transition_perm(method, actor):
        raise ValidationError(
            CASE_STEP_FORBIDDEN, code="permission", params={"action": action}
        )
    from_state = case.state
    method(**kwargs)
    case.full_clean()
    case.save()
    if case.decided_on:
        # The case's violation records carry its state in the search index.
        search_outbox_enqueue_many(
            model_label="enforcement.violation",
            pks=Violation.objects.filter(
                enterprise_id=case.party_id, source_reference=case.reference
            ).values_list("pk", flat=True),
        )
    return from_state


def event(case: Case, action: str, *, actor, from_state: str = "", note: str = ""):
    return CaseEvent.objects.create(
        case=case,
        action=action,
        from_state=from_state,
        to_state=case.state,
        actor=actor,
        note=note,
    )

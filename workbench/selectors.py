"""What each role's home page shows. Later capabilities add their inbox rows here."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from deadlines.calendar import WorkingCalendar
from enforcement.models import CASE_FINISHED_STATES, CaseAlert, CaseState, Violation
from licensing.models import Licence, LicenceEvent, LicenceState
from organisation.roles import Role
from organisation.selectors import user_roles

from .tasks import HOME_ROWS, inbox_page, overdue_count, overdue_rows

OPEN_CASE_STATES = [s for s in CaseState.values if s not in CASE_FINISHED_STATES]


# States a licence enters by a withdrawal (撤销、撤回、吊销) or its closing (注销). A
# withdrawn licence is then cancelled, so its current state no longer says it was
# withdrawn: the year's figure counts the audit trail.
WITHDRAWAL_STATES = [
    LicenceState.REVOKED,
    LicenceState.WITHDRAWN,
    LicenceState.PENALTY_REVOKED,
    LicenceState.CANCELLED,
]


def licence_overview(*, year: int) -> list[tuple[str, int, int | None]]:
    """(state, licences now in it, licences that entered it in `year`). The second
    figure is given for the withdrawal states only and includes the licences since
    cancelled: a licence revoked in March and cancelled in April counts as 已撤销 and
    as 已注销 for the year, and only as 已注销 now."""
    counts = dict(Licence.objects.values_list("state").annotate(n=Count("id")))
    entered = dict(
        LicenceEvent.objects.filter(
            to_state__in=WITHDRAWAL_STATES, occurred_at__year=year
        )
        .values_list("to_state")
        .annotate(n=Count("licence", distinct=True))
        .order_by()
    )
    return [
        (
            label,
            counts.get(value, 0),
            entered.get(value, 0) if value in WITHDRAWAL_STATES else None,
        )
        for value, label in LicenceState.choices
    ]


def home_for_user(user) -> dict:
    roles = user_roles(user)
    today = timezone.localdate()
    calendar = WorkingCalendar.load()
    context = {
        "roles": roles,
        "today": today,
        "panels": [],
        # The first rows of the inbox, earliest deadline first; the rest are on the
        # inbox pages (workbench:inbox:index).
        "inbox": inbox_page(
            user=user, today=today, calendar=calendar, per_page=HOME_ROWS
        ),
    }
    context["role_labels"] = [Role(role).label for role in roles]
    if Role.INVESTIGATOR in roles or Role.DIVISION_HEAD in roles:
        context["panels"].append("investigator")
        context["recent_violations"] = list(
            Violation.objects.select_related("enterprise", "violation_type").order_by(
                "-decided_on", "-id"
            )[:10]
        )
    if Role.LICENSING_CLERK in roles or Role.BUREAU_HEAD in roles:
        context["panels"].append("licensing")
        context["licence_state_rows"] = licence_overview(year=today.year)
        context["licences_expiring"] = list(
            Licence.objects.select_related("holder")
            .filter(
                state=LicenceState.VALID,
                valid_until__range=(today, today + datetime.timedelta(days=60)),
            )
            .order_by("valid_until")[:10]
        )
        context["licences_expired_uncancelled"] = Licence.objects.filter(
            Q(state=LicenceState.EXPIRED)
            | Q(state=LicenceState.VALID, valid_until__lt=today)
        ).count()
    if Role.BUREAU_HEAD in roles or Role.DIVISION_HEAD in roles:
        context["panels"].append("management")
        context["overdue"] = overdue_rows(today=today, calendar=calendar)
        context["overdue_count"] = overdue_count(today=today)
        if user.has_perm("reports.view_dashboards"):
            from reports.records import records_url

            context["overdue_url"] = records_url("tasks", status="overdue")
        context["case_alerts"] = list(
            CaseAlert.objects.select_related("case")
            .filter(case__state__in=OPEN_CASE_STATES)
            .order_by("level", "due_on")[:10]
        )
        context["violations_this_year"] = Violation.objects.filter(
            decided_on__year=today.year
        ).count()
        if user.has_perm("reports.view_dashboards"):
            from reports.dashboards import cases_by_stage

            context["cases_by_stage"] = cases_by_stage(year=today.year)
    if Role.LEGAL_REVIEWER in roles:
        context["panels"].append("review")
    if Role.ADMINISTRATOR in roles:
        context["panels"].append("administration")
    if Role.SECURITY_ADMINISTRATOR in roles:
        context["panels"].append("security")
    if Role.AUDIT_ADMINISTRATOR in roles:
        context["panels"].append("audit")
    return context

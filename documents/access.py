"""Who may see a record's documents: one check per record type.

Documents belong to records of any type (licences, penalty cases, referrals, platform
notices), and whoever may see the record may download its papers. Apps register a check
for their model when "may see" means more than the model's view permission (a case seen
only by its investigators, say):

    from documents.access import access_register
    access_register("enforcement.penaltycase", lambda user, case: ...)
"""

from collections.abc import Callable

from django.db.models import Model

AccessCheck = Callable[[object, Model], bool]

_checks: dict[str, AccessCheck] = {}


def access_register(model_label: str, check: AccessCheck) -> None:
    """Register `check(user, record) -> bool` for records of `model_label`
    ("app_label.modelname", lower case as in Model._meta.label_lower)."""
    _checks[model_label.lower()] = check


def access_unregister(model_label: str) -> None:
    _checks.pop(model_label.lower(), None)


def user_can_view_record(user, record: Model | None) -> bool:
    """The registered check for the record's type; by default the model's view
    permission. A record that no longer exists is visible to no one."""
    if record is None or not getattr(user, "is_authenticated", False):
        return False
    if not user.is_active:
        return False
    check = _checks.get(record._meta.label_lower)
    if check is not None:
        return bool(check(user, record))
    opts = record._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")

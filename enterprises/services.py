import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from search.outbox import search_outbox_enqueue

from .credit_codes import credit_code_validate
from .models import District, Enterprise, EnterpriseFormerName

ENTERPRISE_CREDIT_CODE_TAKEN = _("统一社会信用代码 %(code)s 已登记为“%(name)s”。")

_UPDATABLE_FIELDS = {
    "registration_number",
    "legal_representative",
    "address",
    "sector",
    "registration_status",
    "established_on",
}


def district_for_credit_code(credit_code: str | None) -> District | None:
    """The district is the registration authority's region: characters 3–8."""
    if not credit_code:
        return None
    return District.objects.filter(region_code=credit_code[2:8]).first()


@transaction.atomic
def enterprise_register(
    *,
    name: str,
    legal_representative: str,
    address: str,
    sector: str,
    credit_code: str | None = None,
    registration_number: str = "",
    registration_status: str = Enterprise.RegistrationStatus.ACTIVE,
    established_on: datetime.date | None = None,
) -> Enterprise:
    code = None
    if credit_code:
        code = credit_code_validate(credit_code).value
        _refuse_taken_code(code)
    enterprise = Enterprise(
        credit_code=code,
        registration_number=registration_number.strip(),
        name=name.strip(),
        legal_representative=legal_representative.strip(),
        address=address.strip(),
        district=district_for_credit_code(code),
        sector=sector,
        registration_status=registration_status,
        established_on=established_on,
    )
    # The code's uniqueness is checked above and decided by the index below, with
    # our message (full_clean's would be Django's generic one).
    enterprise.full_clean(exclude=["credit_code"] if code else None)
    try:
        # A savepoint: two clerks registering one code at once both pass the check
        # above; the database's unique index decides, and the loser is told who won.
        with transaction.atomic():
            enterprise.save()
    except IntegrityError:
        if code:
            _refuse_taken_code(code)
        raise
    search_outbox_enqueue(instance=enterprise)
    return enterprise


def _refuse_taken_code(code: str) -> None:
    existing = Enterprise.objects.filter(credit_code=code).first()
    if existing:
        raise ValidationError(
            {
                "credit_code": ValidationError(
                    ENTERPRISE_CREDIT_CODE_TAKEN,
                    code="taken",
                    params={"code": code, "name": existing.name},
                )
            }
        )


@transaction.atomic
def enterprise_rename(
    *, enterprise: Enterprise, new_name: str, changed_on: datetime.date | None = None
) -> Enterprise:
    """Change the name and keep the old one as a former name (曾用名)."""
    enterprise = Enterprise.objects.select_for_update(no_key=True).get(pk=enterprise.pk)
    new_name = new_name.strip()
    if new_name == enterprise.name:
        return enterprise
    EnterpriseFormerName.objects.create(
        enterprise=enterprise,
        name=enterprise.name,
        used_until=changed_on or timezone.localdate(),
    )
    enterprise.name = new_name
    enterprise.full_clean()
    enterprise.save(update_fields=["name", "updated_at"])
    search_outbox_enqueue(instance=enterprise)
    return enterprise


@transaction.atomic
def enterprise_update(*, enterprise: Enterprise, **fields) -> Enterprise:
    """Update plain fields; a changed name goes through `enterprise_rename`."""
    unknown = set(fields) - _UPDATABLE_FIELDS - {"name"}
    if unknown:
        raise ValueError(f"enterprise_update cannot change {sorted(unknown)}")
    new_name = fields.pop("name", None)
    if new_name is not None:
        enterprise = enterprise_rename(enterprise=enterprise, new_name=new_name)
    enterprise = Enterprise.objects.select_for_update(no_key=True).get(pk=enterprise.pk)
    for field, value in fields.items():
        setattr(enterprise, field, value)
    enterprise.full_clean()
    enterprise.save()
    search_outbox_enqueue(instance=enterprise)
    return enterprise

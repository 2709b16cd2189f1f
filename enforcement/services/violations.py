import datetime
from decimal import Decimal

from django.db import transaction

from enterprises.models import Enterprise
from organisation.models import User
from search.outbox import search_outbox_enqueue

from ..models import Violation, ViolationType


@transaction.atomic
def violation_record(
    *,
    enterprise: Enterprise,
    violation_type: ViolationType,
    decided_on: datetime.date,
    penalty_kind: str,
    source: str,
    legal_basis: str = "",
    decision_number: str = "",
    fine_amount: Decimal = Decimal("0"),
    confiscated_amount: Decimal = Decimal("0"),
    facts: str = "",
    campaign=None,
    source_reference: str = "",
    recorded_by: User | None = None,
) -> Violation:
    violation = Violation(
        enterprise=enterprise,
        violation_type=violation_type,
        legal_basis=legal_basis or violation_type.penalty_provision,
        decision_number=decision_number.strip(),
        decided_on=decided_on,
        penalty_kind=penalty_kind,
        fine_amount=fine_amount,
        confiscated_amount=confiscated_amount,
        facts=facts,
        campaign=campaign,
        source=source,
        source_reference=source_reference,
        recorded_by=recorded_by,
    )
    violation.full_clean()
    violation.save()
    search_outbox_enqueue(instance=violation)
    search_outbox_enqueue(instance=enterprise)
    return violation

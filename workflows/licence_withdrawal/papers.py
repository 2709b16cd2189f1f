"""The official papers of the withdrawal flows, made by the documents module."""

from django.utils import timezone

from licensing.grounds import CancellationGround, RevocationGround
from licensing.models import Cancellation, Referral, Revocation
from organisation.selectors import home_bureau


def document_issue(**kwargs):
    # Imported when used: the documents app builds its renderer lazily.
    from documents.services import document_issue as issue

    return issue(**kwargs)


REVOCATION_DECISION = "licence_revocation_decision"
CANCELLATION_NOTICE = "licence_cancellation_notice"
REFERRAL_LETTER = "province_cancellation_referral"


def _licence_row(licence, **extra) -> dict:
    return {
        "number": licence.number,
        "kind": licence.get_kind_display(),
        "product": licence.product,
        "holder_name": licence.holder.name,
        "holder_credit_code": licence.holder.credit_code
        or licence.holder.registration_number,
        "issued_on": licence.issued_on,
        "valid_until": licence.valid_until,
        **extra,
    }


def issue_revocation_decision(*, revocation: Revocation):
    licence = revocation.licence
    context = {
        "party_name": licence.holder.name,
        "party_credit_code": licence.holder.credit_code,
        "party_address": licence.holder.address,
        "legal_representative": licence.holder.legal_representative,
        "licence": _licence_row(licence),
        "ground": RevocationGround(revocation.ground).label,
        "facts": revocation.facts,
        "evidence": revocation.evidence,
        "statement": revocation.statement,
        "statement_lapsed": revocation.statement_lapsed,
        "decided_on": timezone.localdate(),
    }
    return document_issue(
        type_code=REVOCATION_DECISION,
        issuer=home_bureau(),
        record=revocation,
        context=context,
        actor=revocation.approved_by,
    )


def issue_cancellation_notice(*, cancellation: Cancellation):
    licence = cancellation.licence
    context = {
        "party_name": licence.holder.name,
        "party_credit_code": licence.holder.credit_code,
        "party_address": licence.holder.address,
        "licence": _licence_row(licence),
        "ground": CancellationGround(cancellation.ground).label,
        "reason": cancellation.reason,
        "cancelled_on": timezone.localdate(),
    }
    return document_issue(
        type_code=CANCELLATION_NOTICE,
        issuer=home_bureau(),
        record=cancellation,
        context=context,
        actor=cancellation.initiated_by,
    )


def issue_referral_letter(*, referral: Referral):
    cancellations = referral.cancellations.select_related("licence__holder").order_by(
        "licence__number"
    )
    context = {
        "addressee": referral.to_authority.name,
        "licences": [
            _licence_row(
                c.licence,
                ground=CancellationGround(c.ground).label,
                reason=c.reason,
            )
            for c in cancellations
        ],
        "count": len(cancellations),
        "issued_on": timezone.localdate(),
    }
    return document_issue(
        type_code=REFERRAL_LETTER,
        issuer=home_bureau(),
        record=referral,
        context=context,
        actor=referral.initiated_by,
    )

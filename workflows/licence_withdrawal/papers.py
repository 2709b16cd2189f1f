"""The official papers of the withdrawal flows, made by the documents module. Each
function builds the context its template's spec requires (documents/specs.py)."""

import re

from django.utils.translation import gettext as _

from documents.services import document_issue
from enforcement.models import PenaltyPolicy
from licensing.grounds import CancellationGround, RevocationGround
from licensing.models import Cancellation, Referral, Revocation, WithdrawalPolicy
from organisation.selectors import home_bureau

REVOCATION_NOTICE = "licence_revocation_notice"
REVOCATION_DECISION = "licence_revocation_decision"
CANCELLATION_NOTICE = "licence_cancellation_notice"
REFERRAL_LETTER = "province_cancellation_referral"


def _remedies() -> dict:
    """Where a party may seek remedies against this bureau's decisions (行政复议法,
    行政诉讼法): the bodies the administrator set, the same as on penalty decisions."""
    policy = PenaltyPolicy.current()
    return {
        "reconsideration_body": policy.reconsideration_body,
        "court": policy.litigation_court,
    }


_REVOCATION_BASIS = {
    RevocationGround.FRAUD_OR_BRIBERY: "《中华人民共和国行政许可法》第六十九条第二款",
}
_CANCELLATION_BASIS = {
    CancellationGround.EXPIRED: "《中华人民共和国行政许可法》第七十条第（一）项",
    CancellationGround.HOLDER_DIED: "《中华人民共和国行政许可法》第七十条第（二）项",
    CancellationGround.HOLDER_DISSOLVED: "《中华人民共和国行政许可法》第七十条第（三）项",
    CancellationGround.REVOKED_OR_WITHDRAWN: "《中华人民共和国行政许可法》第七十条第（四）项",
    CancellationGround.FORCE_MAJEURE: "《中华人民共和国行政许可法》第七十条第（五）项",
    CancellationGround.HOLDER_APPLICATION: "《中华人民共和国行政许可法》第七十条第（六）项、《食品生产许可管理办法》",
    CancellationGround.OTHER: "《中华人民共和国行政许可法》第七十条第（六）项",
}


def _revocation_basis(ground: str) -> str:
    return _REVOCATION_BASIS.get(ground, "《中华人民共和国行政许可法》第六十九条第一款")


def _evidence_items(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _licence_and_holder(licence) -> dict:
    holder = licence.holder
    return {
        "party_name": holder.name,
        "party_credit_code": holder.credit_code or holder.registration_number,
        "party_address": holder.address,
        "party_legal_representative": holder.legal_representative,
        "licence_kind": licence.get_kind_display(),
        "licence_number": licence.number,
        "licence_product": licence.product,
        "licence_issued_on": licence.issued_on,
    }


def issue_revocation_notice(*, revocation: Revocation):
    """撤销行政许可告知书: before deciding, the holder is told the facts, the ground and
    the basis of the intended revocation and its right to state and defend (行政许可法
    Art. 7), within the working days the bureau has set."""
    policy = PenaltyPolicy.current()
    clerk = revocation.initiated_by
    context = {
        **_licence_and_holder(revocation.licence),
        "facts": revocation.facts.rstrip("。"),
        "evidence": _evidence_items(revocation.evidence),
        # The label's closing note (the article) is what legal_basis cites in full.
        "ground": re.sub(
            r"（[^（）]*）$", "", str(RevocationGround(revocation.ground).label)
        ),
        "legal_basis": _revocation_basis(revocation.ground),
        "statement_days": WithdrawalPolicy.current().statement_working_days,
        "contact_person": clerk.get_full_name() or clerk.get_username(),
        "contact_phone": policy.contact_phone,
        "bureau_address": policy.bureau_address,
    }
    return document_issue(
        type_code=REVOCATION_NOTICE,
        issuer=home_bureau(),
        record=revocation,
        context=context,
        actor=clerk,
    )


def issue_revocation_decision(*, revocation: Revocation):
    licence = revocation.licence
    holder = licence.holder
    if revocation.statement_lapsed or not revocation.statement:
        statement = _(
            "本局已告知你单位拟撤销许可的事实、理由和依据，你单位在规定期限内未提出陈述、申辩。"
        )
    else:
        statement = _("你单位提出陈述、申辩：%(statement)s。经复核，不予采纳。") % {
            "statement": revocation.statement.rstrip("。")
        }
    context = {
        "party_name": holder.name,
        "party_credit_code": holder.credit_code or holder.registration_number,
        "party_address": holder.address,
        "party_legal_representative": holder.legal_representative,
        "licence_kind": licence.get_kind_display(),
        "licence_number": licence.number,
        "licence_product": licence.product,
        "licence_issued_on": licence.issued_on,
        "facts": revocation.facts.rstrip("。"),
        "evidence": _evidence_items(revocation.evidence),
        "ground": str(RevocationGround(revocation.ground).label),
        "statement_summary": statement,
        "legal_basis": _revocation_basis(revocation.ground),
        **_remedies(),
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
    holder = licence.holder
    context = {
        "party_name": holder.name,
        "party_credit_code": holder.credit_code or holder.registration_number,
        "party_address": holder.address,
        "facts": cancellation.reason.rstrip("。"),
        "ground": str(CancellationGround(cancellation.ground).label),
        "legal_basis": _CANCELLATION_BASIS[cancellation.ground],
        "licences": [
            {
                "number": licence.number,
                "kind": licence.get_kind_display(),
                "product": licence.product,
                "valid_until": licence.valid_until,
            }
        ],
        **_remedies(),
    }
    return document_issue(
        type_code=CANCELLATION_NOTICE,
        issuer=home_bureau(),
        record=cancellation,
        context=context,
        actor=cancellation.initiated_by,
    )


def issue_referral_letter(*, referral: Referral):
    cancellations = list(
        referral.cancellations.select_related("licence__holder").order_by(
            "licence__number"
        )
    )
    clerk = referral.initiated_by
    context = {
        "recipient": referral.to_authority.name,
        "subject": _("关于提请注销%(count)d份工业产品生产许可证的函")
        % {"count": len(cancellations)}
        if all(c.licence.kind == "industrial_product" for c in cancellations)
        else _("关于提请注销%(count)d份许可证的函") % {"count": len(cancellations)},
        "facts_summary": _(
            "我局在许可证后续监管和企业登记信息比对中发现，下列%(count)d份许可证的持证企业已注销、"
            "许可证有效期届满未延续或者存在其他依法应当注销的情形，其许可证均由贵局核发"
        )
        % {"count": len(cancellations)},
        "legal_basis": "《中华人民共和国行政许可法》第七十条、《工业产品生产许可证管理条例》第三十一条",
        "licences": [
            {
                "number": c.licence.number,
                "holder_name": c.licence.holder.name,
                "holder_credit_code": c.licence.holder.credit_code
                or c.licence.holder.registration_number,
                "product": c.licence.product,
                "valid_until": c.licence.valid_until,
                "ground": str(CancellationGround(c.ground).label),
            }
            for c in cancellations
        ],
        "contact_person": clerk.get_full_name(),
        "contact_phone": PenaltyPolicy.current().contact_phone,
    }
    return document_issue(
        type_code=REFERRAL_LETTER,
        issuer=home_bureau(),
        record=referral,
        context=context,
        actor=clerk,
    )

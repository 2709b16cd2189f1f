"""What each document template needs from its caller, and a realistic sample of it.

Keyed by template path, because a DocumentType (data) names its template: an
administrator who points a type at another template gets that template's requirements.
Each template repeats its keys in its opening comment for whoever edits the layout;
tests/documents/test_templates.py keeps the two lists equal.

The service adds issuer, number, issue_date, version, draft and document_title itself.
"""

import dataclasses
import json
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext_lazy as _

from . import samples

DOCUMENT_CONTEXT_MISSING = _("生成《%(title)s》缺少以下内容：%(keys)s。")
DOCUMENT_CONTEXT_NOT_DATA = _(
    "《%(title)s》的内容只能是文字、数字、日期、金额及其列表（%(error)s）。"
)
DOCUMENT_TEMPLATE_UNKNOWN = _("模板“%(template)s”没有登记所需内容，不能使用。")


def _is_blank(value) -> bool:
    # False and 0 are real answers (no hearing right, no fine); absence is not.
    return value is None or value == "" or value == [] or value == {}


@dataclasses.dataclass(frozen=True)
class TemplateSpec:
    template: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    # For list-valued keys, the keys each item needs: {"licences": ("number", ...)}.
    item_keys: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    # Where the party's name and the legal basis are, so tests can find them in the PDF.
    party_key: str = "party_name"
    basis_key: str = "legal_basis"
    sample: Callable[[], dict] = dict

    @property
    def keys(self) -> tuple[str, ...]:
        return self.required + self.optional

    def missing(self, context: dict) -> list[str]:
        missing = [key for key in self.required if _is_blank(context.get(key))]
        for key, item_keys in self.item_keys.items():
            for index, item in enumerate(context.get(key) or [], start=1):
                if not isinstance(item, dict):
                    missing.append(f"{key}[{index}]")
                    continue
                missing += [
                    f"{key}[{index}].{k}" for k in item_keys if _is_blank(item.get(k))
                ]
        return missing

    def validate(self, context: dict, *, title: str) -> None:
        """Raise ValidationError naming every missing key, or when the context is not
        plain data (it is stored with the issued document, as JSON)."""
        missing = self.missing(context)
        if missing:
            raise ValidationError(
                DOCUMENT_CONTEXT_MISSING,
                code="missing",
                params={"title": title, "keys": "、".join(missing)},
            )
        try:
            json.dumps(context, cls=DjangoJSONEncoder)
        except TypeError as exc:
            raise ValidationError(
                DOCUMENT_CONTEXT_NOT_DATA,
                code="not_data",
                params={"title": title, "error": str(exc)},
            ) from None


_PARTY = (
    "party_credit_code",
    "party_address",
    "party_legal_representative",
)
_REMEDIES = ("reconsideration_body", "court")

SPECS: dict[str, TemplateSpec] = {
    spec.template: spec
    for spec in [
        TemplateSpec(
            "documents/case_source_registration.html",
            required=(
                "source_kind",
                "received_on",
                "party_name",
                "clue_summary",
                "legal_basis",
                "registered_by",
            ),
            optional=(
                *_PARTY,
                "party_phone",
                "informant",
                "source_reference",
                "handling_opinion",
                "head_opinion",
                "head_name",
                "head_signed_on",
            ),
            sample=samples.case_source_registration,
        ),
        TemplateSpec(
            "documents/case_filing_approval.html",
            required=(
                "case_title",
                "party_name",
                "source_summary",
                "facts_summary",
                "legal_basis",
                "investigators",
                "proposed_by",
                "proposed_on",
            ),
            optional=(
                *_PARTY,
                "division_opinion",
                "division_head",
                "head_opinion",
                "head_name",
                "approved_on",
            ),
            item_keys={"investigators": ("name", "credential_number")},
            sample=samples.case_filing_approval,
        ),
        TemplateSpec(
            "documents/case_non_filing_approval.html",
            required=(
                "case_title",
                "party_name",
                "source_summary",
                "facts_summary",
                "reasons",
                "legal_basis",
                "proposed_by",
                "proposed_on",
            ),
            optional=(*_PARTY, "head_opinion", "head_name", "approved_on"),
            sample=samples.case_non_filing_approval,
        ),
        TemplateSpec(
            "documents/rectification_order.html",
            required=(
                "party_name",
                "party_address",
                "facts",
                "violated_provision",
                "legal_basis",
                "rectification",
                "deadline",
                "contact_person",
                "contact_phone",
            ),
            optional=("party_credit_code", "party_legal_representative"),
            sample=samples.rectification_order,
        ),
        TemplateSpec(
            "documents/penalty_notice.html",
            required=(
                "party_name",
                "party_address",
                "case_title",
                "facts",
                "evidence",
                "violated_provision",
                "legal_basis",
                "proposed_penalty",
                "hearing_right",
                "contact_person",
                "contact_phone",
                "bureau_address",
            ),
            optional=("party_credit_code", "party_legal_representative", "discretion"),
            sample=samples.penalty_notice,
        ),
        TemplateSpec(
            "documents/hearing_notice.html",
            required=(
                "party_name",
                "party_address",
                "case_title",
                "request_received_on",
                "hearing_at",
                "hearing_place",
                "host",
                "clerk",
                "legal_basis",
                "contact_person",
                "contact_phone",
            ),
            optional=("members", "public", "party_legal_representative"),
            sample=samples.hearing_notice,
        ),
        TemplateSpec(
            "documents/penalty_decision.html",
            required=(
                "party_name",
                "party_credit_code",
                "party_address",
                "party_legal_representative",
                "case_title",
                "filed_on",
                "facts",
                "evidence",
                "violated_provision",
                "notice_number",
                "statement_summary",
                "discretion",
                "legal_basis",
                "penalties",
                "fine_total",
                "payment_method",
                *_REMEDIES,
            ),
            optional=("notice_served_on",),
            sample=samples.penalty_decision,
        ),
        TemplateSpec(
            "documents/non_penalty_decision.html",
            required=(
                "party_name",
                "party_credit_code",
                "party_address",
                "party_legal_representative",
                "case_title",
                "filed_on",
                "facts",
                "evidence",
                "violated_provision",
                "reasons",
                "legal_basis",
                *_REMEDIES,
            ),
            optional=("rectification",),
            sample=samples.non_penalty_decision,
        ),
        TemplateSpec(
            "documents/service_receipt.html",
            required=(
                "served_documents",
                "party_name",
                "service_address",
                "service_method",
                "legal_basis",
                "served_by",
            ),
            optional=("served_at", "recipient", "witness", "remarks"),
            item_keys={"served_documents": ("title", "number")},
            sample=samples.service_receipt,
        ),
        TemplateSpec(
            "documents/case_closure_approval.html",
            required=(
                "case_title",
                "party_name",
                "filed_on",
                "decision_number",
                "decision_summary",
                "execution_summary",
                "legal_basis",
                "proposed_by",
                "proposed_on",
            ),
            optional=(
                "party_credit_code",
                "division_opinion",
                "division_head",
                "head_opinion",
                "head_name",
                "approved_on",
            ),
            sample=samples.case_closure_approval,
        ),
        TemplateSpec(
            "documents/licence_revocation_notice.html",
            required=(
                "party_name",
                "party_credit_code",
                "party_address",
                "party_legal_representative",
                "licence_kind",
                "licence_number",
                "licence_product",
                "licence_issued_on",
                "facts",
                "evidence",
                "ground",
                "legal_basis",
                "statement_days",
                "contact_person",
                "contact_phone",
                "bureau_address",
            ),
            sample=samples.licence_revocation_notice,
        ),
        TemplateSpec(
            "documents/licence_revocation_decision.html",
            required=(
                "party_name",
                "party_credit_code",
                "party_address",
                "party_legal_representative",
                "licence_kind",
                "licence_number",
                "licence_product",
                "licence_issued_on",
                "facts",
                "evidence",
                "ground",
                "statement_summary",
                "legal_basis",
                *_REMEDIES,
            ),
            sample=samples.licence_revocation_decision,
        ),
        TemplateSpec(
            "documents/licence_cancellation_notice.html",
            required=(
                "party_name",
                "party_address",
                "facts",
                "ground",
                "legal_basis",
                "licences",
                *_REMEDIES,
            ),
            optional=("party_credit_code",),
            item_keys={"licences": ("number", "kind", "product", "valid_until")},
            sample=samples.licence_cancellation_notice,
        ),
        TemplateSpec(
            "documents/province_cancellation_referral.html",
            required=(
                "recipient",
                "subject",
                "facts_summary",
                "legal_basis",
                "licences",
                "contact_person",
                "contact_phone",
            ),
            optional=("attachments",),
            item_keys={
                "licences": (
                    "number",
                    "holder_name",
                    "holder_credit_code",
                    "product",
                    "valid_until",
                    "ground",
                )
            },
            party_key="recipient",
            sample=samples.province_cancellation_referral,
        ),
        TemplateSpec(
            "documents/case_transfer_letter.html",
            required=(
                "recipient",
                "subject_summary",
                "party_name",
                "facts",
                "legal_basis",
                "materials",
                "contact_person",
                "contact_phone",
            ),
            optional=("party_credit_code", "platform_name", "listing"),
            party_key="party_name",
            sample=samples.case_transfer_letter,
        ),
        TemplateSpec(
            "documents/annual_work_report.html",
            required=(
                "recipient",
                "subject",
                "year",
                "opening",
                "sections",
                "figures",
                "compiled_on",
            ),
            optional=(
                "campaign_rows",
                "fines_imposed",
                "fines_collected",
                "contact_person",
                "contact_phone",
            ),
            item_keys={
                "sections": ("heading", "text"),
                "figures": ("label", "value", "unit", "definition"),
                "campaign_rows": ("campaign", "sector", "count"),
            },
            party_key="recipient",
            # A report cites no legal basis; its subject line is what a reader checks.
            basis_key="subject",
            sample=samples.annual_work_report,
        ),
        TemplateSpec(
            "documents/platform_disposal_notice.html",
            required=(
                "platform_name",
                "platform_address",
                "listings",
                "violation_summary",
                "legal_basis",
                "measures",
                "deadline",
                "contact_person",
                "contact_phone",
            ),
            optional=("platform_credit_code", "evidence_note"),
            item_keys={"listings": ("shop", "listing", "product", "problem")},
            party_key="platform_name",
            sample=samples.platform_disposal_notice,
        ),
    ]
}


def spec_for(template: str) -> TemplateSpec:
    try:
        return SPECS[template]
    except KeyError:
        raise ValidationError(
            DOCUMENT_TEMPLATE_UNKNOWN, code="template", params={"template": template}
        ) from None


def sample_context(template: str) -> dict:
    """Realistic Wuhan data for the template: used by tests, the preview page and the
    benchmark."""
    return spec_for(template).sample()

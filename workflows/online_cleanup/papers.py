"""Papers of the online cleanup flow, built to the templates' specs."""

from django.utils.translation import gettext as _

from documents.services import document_issue
from enforcement.models import PenaltyPolicy
from online_cleanup.models import ListingLead
from organisation.selectors import home_bureau

PLATFORM_NOTICE = "platform_disposal_notice"
TRANSFER_LETTER = "case_transfer_letter"

_LEGAL_BASIS = (
    "《中华人民共和国电子商务法》第二十九条、《网络交易监督管理办法》第三十四条"
)


def issue_platform_notice(*, lead: ListingLead):
    platform = lead.platform
    handler = lead.registered_by
    context = {
        "platform_name": platform.name if platform else lead.platform_name,
        "platform_credit_code": platform.credit_code if platform else "",
        "platform_address": platform.address if platform else _("（平台住所待核实）"),
        "listings": [
            {
                "shop": lead.shop_name,
                "listing": lead.listing_url,
                "product": lead.product_name,
                "problem": lead.suspected_violation,
            }
        ],
        "violation_summary": _(
            "经监测，你平台内经营者“%(shop)s”发布的商品信息涉嫌%(problem)s"
        )
        % {"shop": lead.shop_name, "problem": lead.get_problem_display()},
        "legal_basis": _LEGAL_BASIS,
        "measures": _("对上述商品信息采取%(measure)s措施，并将处置情况书面报告我局")
        % {"measure": lead.get_measure_display()},
        "deadline": lead.platform_deadline,
        "evidence_note": _("监测截图%(count)d份，已固定电子证据并计算哈希值")
        % {"count": lead.captures.count()},
        "contact_person": handler.get_full_name(),
        "contact_phone": PenaltyPolicy.current().contact_phone,
    }
    return document_issue(
        type_code=PLATFORM_NOTICE,
        issuer=home_bureau(),
        record=lead,
        context=context,
        actor=handler,
    )


def issue_transfer_letter(*, lead: ListingLead):
    seller = lead.seller
    handler = lead.registered_by
    context = {
        "recipient": lead.referred_to,
        "subject_summary": lead.campaign.name + _("网络监测")
        if lead.campaign
        else str(_("网络交易监测")),
        "party_name": seller.name if seller else lead.shop_name,
        "party_credit_code": seller.credit_code if seller else "",
        "facts": _("在网店“%(shop)s”发布“%(product)s”的商品信息，涉嫌%(problem)s")
        % {
            "shop": lead.shop_name,
            "product": lead.product_name,
            "problem": lead.suspected_violation.rstrip("。"),
        },
        "platform_name": lead.platform.name if lead.platform else lead.platform_name,
        "listing": lead.listing_url,
        "legal_basis": "《市场监督管理行政处罚程序规定》第十条、《网络交易监督管理办法》第三十五条",
        "materials": [
            _("电子证据%(count)d份（附SHA-256校验值）")
            % {"count": lead.captures.count()},
            _("线索登记及核查记录"),
        ],
        "contact_person": handler.get_full_name(),
        "contact_phone": PenaltyPolicy.current().contact_phone,
    }
    return document_issue(
        type_code=TRANSFER_LETTER,
        issuer=home_bureau(),
        record=lead,
        context=context,
        actor=handler,
    )

"""Papers of the online cleanup flow, built to the templates' specs."""

from django.utils.translation import gettext as _

from documents.services import document_issue
from online_cleanup.models import ListingLead
from organisation.selectors import home_bureau

PLATFORM_NOTICE = "platform_disposal_notice"

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
        "contact_phone": "027-85775288",
    }
    return document_issue(
        type_code=PLATFORM_NOTICE,
        issuer=home_bureau(),
        record=lead,
        context=context,
        actor=handler,
    )

"""The annual report as a paper: the context `templates/documents/annual_work_report.html`
needs (documents/specs.py), built from the evaluated figures."""

import datetime

from django.utils.translation import gettext as _

from documents.language import document_language
from enforcement.models import PenaltyPolicy

from .figures import AnnualFigures, annual_report_figures

ANNUAL_REPORT = "annual_work_report"
RECIPIENT = "武汉市人民政府"


def _value(value) -> str:
    return f"{value:,}"


def annual_report_paper_context(
    *, year: int, compiled_on: datetime.date, contact
) -> dict:
    """The paper's context for `year`, figures computed now, always in Chinese (the
    figures' texts are rendered as they are computed, so both happen here)."""
    with document_language():
        return _annual_report_context(
            figures=annual_report_figures(year=year),
            compiled_on=compiled_on,
            contact=contact,
        )


def _annual_report_context(
    *, figures: AnnualFigures, compiled_on: datetime.date, contact
) -> dict:
    year = figures.year
    sections = [
        {
            "heading": str(section.heading),
            "text": "；".join(f.text for f in section.figures) + "。",
        }
        for section in figures.sections
        if section.figures
    ]
    return {
        "recipient": RECIPIENT,
        "subject": _(
            "武汉市市场监督管理局关于%(year)d年度食品药品安全和特种设备、"
            "工业产品安全工作情况的报告"
        )
        % {"year": year},
        "year": year,
        "opening": _(
            "%(year)d年，我局全面加强食品药品安全和特种设备、工业产品安全监管，"
            "依法查处违法行为。现将全年主要工作数据报告如下"
        )
        % {"year": year},
        "sections": sections,
        "figures": [
            {
                "label": str(f.label),
                "value": _value(f.value),
                "unit": str(f.unit),
                "definition": str(f.definition),
            }
            for f in figures.figures
        ],
        "campaign_rows": [
            {
                "campaign": row.campaign_name,
                "sector": row.sector_label or _("未分类"),
                "count": row.count,
            }
            for row in figures.campaign_sector_rows
        ],
        "fines_imposed": figures.fines_imposed,
        "fines_collected": figures.fines_collected,
        "compiled_on": compiled_on,
        "contact_person": contact.get_full_name(),
        "contact_phone": PenaltyPolicy.current().contact_phone,
    }

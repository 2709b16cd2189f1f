"""Search results as CSV or XLSX files (the rows come from `enterprise_search_rows`)."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook


def _columns():
    return [
        (_("名称"), lambda r: r["name"]),
        (_("统一社会信用代码"), lambda r: r["credit_code"] or ""),
        (_("注册号"), lambda r: r["registration_number"] or ""),
        (_("法定代表人（负责人）"), lambda r: r["legal_representative"]),
        (_("住所"), lambda r: r["address"]),
        (_("辖区"), lambda r: r["district_name"] or ""),
        (_("行业"), lambda r: r["sector_label"]),
        (_("登记状态"), lambda r: r["registration_status_label"]),
        (
            _("许可证（状态）"),
            lambda r: "；".join(
                f"{lic['number']}（{lic['state_label']}）" for lic in r["licences"]
            ),
        ),
        (_("违法次数"), lambda r: r["violation_count"]),
        (_("最近违法日期"), lambda r: r["last_violation_on"] or ""),
        (_("罚款合计（元）"), lambda r: f"{r['fine_total']:.2f}"),
        (_("风险提示"), lambda r: "；".join(x["label"] for x in r["risk_labels"])),
        (_("曾用名"), lambda r: "；".join(r["former_names"])),
    ]


def _safe_cell(value):
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def export_csv(rows: list[dict]) -> bytes:
    columns = _columns()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title for title, _get in columns])
    for row in rows:
        writer.writerow([_safe_cell(get(row)) for _title, get in columns])
    # The byte-order mark makes Excel read the file as UTF-8 instead of GBK.
    return out.getvalue().encode("utf-8-sig")


def export_xlsx(rows: list[dict]) -> bytes:
    columns = _columns()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("检索结果"))
    sheet.append([title for title, _get in columns])
    for row in rows:
        sheet.append([_safe_cell(get(row)) for _title, get in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


EXPORT_WRITERS = {
    "csv": (export_csv, "text/csv; charset=utf-8"),
    "xlsx": (
        export_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}

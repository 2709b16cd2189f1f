"""Audit entries as CSV or XLSX files, every column a reader needs to check them."""

import csv
import io
import json

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook


def _json_text(value) -> str:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _columns():
    return [
        (_("序号"), lambda e: e.sequence),
        (
            _("时间"),
            lambda e: timezone.localtime(e.occurred_at).strftime("%Y-%m-%d %H:%M:%S"),
        ),
        (_("类别"), lambda e: e.get_category_display()),
        (_("操作"), lambda e: e.action_label),
        (_("操作代码"), lambda e: e.action),
        (_("操作人"), lambda e: e.actor_name),
        (_("操作人账号"), lambda e: e.actor.get_username() if e.actor else ""),
        (_("来源地址"), lambda e: e.source_ip or ""),
        (
            _("记录类型"),
            lambda e: str(e.content_type.name) if e.content_type else "",
        ),
        (_("记录编号"), lambda e: e.object_id),
        (_("记录"), lambda e: e.record_text),
        (_("变更前"), lambda e: _json_text(e.before)),
        (_("变更后"), lambda e: _json_text(e.after)),
        (_("理由或说明"), lambda e: e.reason),
        (_("前一条的哈希"), lambda e: e.previous_hash),
        (_("哈希（SM3）"), lambda e: e.hash),
    ]


def _safe_cell(value):
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def entries_csv(entries) -> bytes:
    columns = _columns()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title for title, _get in columns])
    for entry in entries:
        writer.writerow([_safe_cell(get(entry)) for _title, get in columns])
    # The byte-order mark makes Excel read the file as UTF-8 instead of GBK.
    return out.getvalue().encode("utf-8-sig")


def entries_xlsx(entries) -> bytes:
    columns = _columns()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("审计记录"))
    sheet.append([title for title, _get in columns])
    for entry in entries:
        sheet.append([_safe_cell(get(entry)) for _title, get in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


EXPORT_WRITERS = {
    "csv": (entries_csv, "text/csv; charset=utf-8"),
    "xlsx": (
        entries_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}

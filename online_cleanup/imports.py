"""Reading a file of monitoring hits (CSV or XLSX) into rows, each checked on its own:
the import keeps the good rows and reports every bad one with its reason."""

import csv
import datetime
import io
from dataclasses import dataclass, field

import openpyxl
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.language import document_language

from .models import ListingProblem

COLUMNS = {
    "platform_name": ("平台", "platform"),
    "shop_name": ("店铺", "shop"),
    "listing_url": ("链接或商品编号", "链接", "商品编号", "listing", "url"),
    "product_name": ("商品名称", "product"),
    "problem": ("涉嫌问题", "problem"),
    "suspected_violation": ("涉嫌违法情形", "violation"),
    "captured_at": ("发现时间", "取证时间", "captured_at"),
    "evidence": ("证据文件", "evidence"),
}
REQUIRED = (
    "platform_name",
    "shop_name",
    "listing_url",
    "product_name",
    "problem",
    "captured_at",
)
_DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日")  # fmt: skip


def _problem_values() -> dict[str, str]:
    """What a file may put in 涉嫌问题: the Chinese label (the files are Chinese), the label
    in the importing officer's language, or the stored value. Built per import, since
    the labels are lazy translations that compare in the language active at the time."""
    with document_language():
        chinese = {str(label): value for value, label in ListingProblem.choices}
    current = {str(label): value for value, label in ListingProblem.choices}
    return {**current, **chinese, **{value: value for value in ListingProblem.values}}


@dataclass
class ListingRow:
    line: int
    values: dict
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFileError(Exception):
    """The file as a whole cannot be read (not the rows in it)."""


def _header_map(header: list) -> dict[str, int]:
    names = [str(h or "").strip().lower() for h in header]
    mapping = {}
    for key, aliases in COLUMNS.items():
        for alias in aliases:
            if alias.lower() in names:
                mapping[key] = names.index(alias.lower())
                break
    missing = [COLUMNS[k][0] for k in REQUIRED if k not in mapping]
    if missing:
        raise ImportFileError(
            _("文件缺少以下列：%(columns)s。") % {"columns": "、".join(missing)}
        )
    return mapping


def _read_table(content: bytes, file_name: str) -> list[list]:
    name = file_name.lower()
    if name.endswith(".xlsx"):
        try:
            book = openpyxl.load_workbook(
                io.BytesIO(content), read_only=True, data_only=True
            )
        except Exception as exc:
            raise ImportFileError(
                _("无法读取该 Excel 文件：%(error)s") % {"error": exc}
            ) from None
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFileError(_("无法识别 CSV 文件的编码，请保存为 UTF-8。"))
        return list(csv.reader(io.StringIO(text)))
    raise ImportFileError(_("只能导入 CSV 或 XLSX 文件。"))


def _parse_datetime(value) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        parsed = value
    elif isinstance(value, datetime.date):
        parsed = datetime.datetime.combine(value, datetime.time())
    else:
        text = str(value or "").strip()
        parsed = None
        for fmt in _DATETIME_FORMATS:
            try:
                parsed = datetime.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if parsed is None:
            return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def listing_rows_read(
    *, content: bytes, file_name: str, evidence_names: set[str]
) -> list[ListingRow]:
    """Every data row of the file, with what is wrong with it (if anything)."""
    table = _read_table(content, file_name)
    if not table:
        raise ImportFileError(_("文件是空的。"))
    mapping = _header_map(table[0])
    rows = []
    problems = _problem_values()
    now = timezone.now()
    for line, raw in enumerate(table[1:], start=2):
        if not any(str(cell or "").strip() for cell in raw):
            continue
        values = {
            key: (raw[index] if index < len(raw) else None)
            for key, index in mapping.items()
        }
        row = ListingRow(line=line, values={})
        for key, value in values.items():
            row.values[key] = (
                value if key == "captured_at" else str(value or "").strip()
            )
        for key in REQUIRED:
            if key != "captured_at" and not row.values.get(key):
                row.errors.append(_("“%(column)s”为空") % {"column": COLUMNS[key][0]})
        problem = row.values.get("problem", "")
        if problem:
            if problem in problems:
                row.values["problem"] = problems[problem]
            else:
                row.errors.append(
                    _("涉嫌问题“%(value)s”不在可选范围内（%(choices)s）")
                    % {
                        "value": problem,
                        "choices": "、".join(
                            str(label) for label in ListingProblem.labels
                        ),
                    }
                )
        captured = _parse_datetime(values.get("captured_at"))
        if captured is None:
            row.errors.append(
                _("发现时间“%(value)s”无法识别，应为“2019-05-12 14:30”的形式")
                % {"value": values.get("captured_at") or ""}
            )
        elif captured > now:
            row.errors.append(_("发现时间晚于现在"))
        row.values["captured_at"] = captured
        evidence = row.values.get("evidence", "")
        if evidence and evidence not in evidence_names:
            row.errors.append(_("证据文件“%(name)s”未随表上传") % {"name": evidence})
        row.values.setdefault("suspected_violation", "")
        if not row.values["suspected_violation"]:
            with document_language():  # stored on the lead: the language of record
                row.values["suspected_violation"] = (
                    str(ListingProblem(row.values["problem"]).label)
                    if row.values.get("problem") in ListingProblem.values
                    else ""
                )
        rows.append(row)
    return rows

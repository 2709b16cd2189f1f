"""The province's replies to a referral letter, many licences at once: read from the
table the clerk fills on the referral page or from the reply list the province sends
(CSV or XLSX, columns by their Chinese headers), and checked row by row before anything
is recorded. Recording goes through `starting.province_decisions_record`, which records
each licence through the same per-licence service (and audit row) as a single answer.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from licensing.models import Cancellation, CancellationState, Referral, ReferralState
from licensing.numbers import licence_number_normalise

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000

# Column headers of the reply list, with the variants provinces use.
HEADERS = {
    "number": ("许可证编号", "证书编号", "许可证号"),
    "decision": ("省局决定", "决定", "处理结果", "答复意见"),
    "decision_number": ("注销文号", "决定文号", "省局决定文号", "文号"),
    "decided_on": ("决定日期", "注销日期", "日期"),
    "rejection_reason": ("不予注销理由", "理由", "不予注销原因"),
}
ACCEPT_WORDS = {"准予注销", "同意注销", "注销", "已注销", "准予", "同意", "予以注销"}
REJECT_WORDS = {"不予注销", "不同意注销", "不同意", "不予", "驳回", "不注销"}

UPLOAD_UNREADABLE = gettext_lazy(
    "无法读取上传的文件：请上传省局答复清单的 CSV 或 Excel（.xlsx）文件。"
)
UPLOAD_TOO_LARGE = gettext_lazy("上传的文件超过 5 MB，请分批上传。")
UPLOAD_TOO_MANY_ROWS = gettext_lazy("上传的清单超过 %(max)d 行，请分批上传。")
UPLOAD_NO_HEADER = gettext_lazy(
    "清单中没有找到“许可证编号”列：第一行应为列名，如 许可证编号、省局决定、注销文号、"
    "决定日期、不予注销理由。"
)
UPLOAD_NO_DECISION_COLUMN = gettext_lazy("清单中没有找到“省局决定”列。")
REPLIES_NONE = gettext_lazy("没有填写任何一份许可证的省局决定。")
ROW_NUMBER_MISSING = gettext_lazy("未填写许可证编号")
ROW_NOT_IN_REFERRAL = gettext_lazy("许可证 %(number)s 不在本上报函所列许可证中")
ROW_DUPLICATE = gettext_lazy("许可证 %(number)s 与第%(other)d行重复")
ROW_ALREADY_ANSWERED = gettext_lazy(
    "许可证 %(number)s 已登记省局决定（%(state)s），不能再次登记"
)
ROW_DECISION_UNKNOWN = gettext_lazy(
    "省局决定“%(value)s”无法识别，应填写“准予注销”或“不予注销”"
)
ROW_DECISION_NUMBER_MISSING = gettext_lazy("准予注销时须填写省局注销文号")
ROW_REASON_MISSING = gettext_lazy("不予注销时须填写不予注销理由")
ROW_DATE_MISSING = gettext_lazy("未填写决定日期")
ROW_DATE_INVALID = gettext_lazy("决定日期“%(value)s”无法识别，应写作 2026-12-01")
ROW_DATE_FUTURE = gettext_lazy("决定日期 %(date)s 晚于今天")
ROW_DATE_BEFORE_SENT = gettext_lazy("决定日期 %(date)s 早于上报函报送日期 %(sent)s")
ROW_ERROR = gettext_lazy("第%(line)d行：%(message)s。")


@dataclass
class ReplyInput:
    """One row as typed: strings (or a date from a spreadsheet cell)."""

    line: int
    number: str = ""
    decision: str = ""
    decision_number: str = ""
    decided_on: object = ""
    rejection_reason: str = ""

    @property
    def is_blank(self) -> bool:
        return not any(
            str(v or "").strip()
            for v in (self.decision, self.decision_number, self.rejection_reason)
        )


@dataclass
class Reply:
    """One row checked: what will be recorded for one licence."""

    line: int
    cancellation: Cancellation
    accepted: bool
    decided_on: datetime.date
    decision_number: str
    rejection_reason: str

    @property
    def number(self) -> str:
        return self.cancellation.licence.number

    def as_post(self, index: int) -> dict:
        """The hidden fields that carry this row from the preview to the confirmation."""
        return {
            f"row-{index}-line": self.line,
            f"row-{index}-number": self.number,
            f"row-{index}-decision": "accept" if self.accepted else "reject",
            f"row-{index}-decision_number": self.decision_number,
            f"row-{index}-decided_on": self.decided_on.isoformat(),
            f"row-{index}-rejection_reason": self.rejection_reason,
        }


@dataclass
class ReplyCheck:
    replies: list[Reply]
    errors: list[str]
    skipped: list[ReplyInput]  # rows with nothing filled in: not answered yet

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.replies)


# --- Reading -----------------------------------------------------------------------


def replies_from_post(data, *, default_date: str = "") -> list[ReplyInput]:
    """Rows posted as row-<i>-<field> (the table on the referral page, or the hidden
    fields of the preview)."""
    indices = sorted(
        {
            int(m.group(1))
            for key in data
            if (m := re.fullmatch(r"row-(\d+)-number", key))
        }
    )
    rows = []
    for i in indices:

        def get(field, i=i):
            return (data.get(f"row-{i}-{field}") or "").strip()

        line = get("line")
        rows.append(
            ReplyInput(
                line=int(line) if line.isdigit() else i,
                number=get("number"),
                decision=get("decision"),
                decision_number=get("decision_number"),
                decided_on=get("decided_on") or default_date,
                rejection_reason=get("rejection_reason"),
            )
        )
    return rows


def _cell(value) -> object:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _sheet_rows(upload) -> list[list]:
    name = (getattr(upload, "name", "") or "").lower()
    content = upload.read()
    if name.endswith(".xlsx") or content[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(
                io.BytesIO(content), read_only=True, data_only=True
            )
        except Exception:
            raise ValueError(UPLOAD_UNREADABLE) from None
        sheet = workbook.worksheets[0]
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        return rows
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError(UPLOAD_UNREADABLE)
    try:
        return [[_cell(v) for v in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error:
        raise ValueError(UPLOAD_UNREADABLE) from None


def _header_index(header: list) -> dict[str, int]:
    cleaned = [re.sub(r"\s+", "", str(h or "")) for h in header]
    index = {}
    for field, names in HEADERS.items():
        for name in names:
            if name in cleaned:
                index[field] = cleaned.index(name)
                break
    return index


def replies_from_upload(upload) -> list[ReplyInput]:
    """Rows of the province's reply list. Raises ValueError with a Chinese message when
    the file cannot be read as such a list. Line numbers are the sheet's own."""
    if upload.size and upload.size > MAX_UPLOAD_BYTES:
        raise ValueError(UPLOAD_TOO_LARGE)
    rows = _sheet_rows(upload)
    header_at = next(
        (
            i
            for i, row in enumerate(rows[:20])
            if "number" in _header_index(row) and "decision" in _header_index(row)
        ),
        None,
    )
    if header_at is None:
        if any("number" in _header_index(row) for row in rows[:20]):
            raise ValueError(UPLOAD_NO_DECISION_COLUMN)
        raise ValueError(UPLOAD_NO_HEADER)
    columns = _header_index(rows[header_at])
    data = rows[header_at + 1 :]
    if len(data) > MAX_ROWS:
        raise ValueError(UPLOAD_TOO_MANY_ROWS % {"max": MAX_ROWS})
    inputs = []
    for offset, row in enumerate(data):
        if not any(str(v).strip() for v in row):
            continue

        def value(field, row=row):
            at = columns.get(field)
            return row[at] if at is not None and at < len(row) else ""

        inputs.append(
            ReplyInput(
                line=header_at + 2 + offset,
                number=str(value("number")),
                decision=str(value("decision")),
                decision_number=str(value("decision_number")),
                decided_on=value("decided_on"),
                rejection_reason=str(value("rejection_reason")),
            )
        )
    return inputs


# --- Checking ----------------------------------------------------------------------


def _parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{5}", text):  # an Excel serial date typed as a number
        return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(text))
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if m:
        try:
            return datetime.date(*map(int, m.groups()))
        except ValueError:
            return None
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if m:
        try:
            return datetime.date(*map(int, m.groups()))
        except ValueError:
            return None
    return None


def _decision(value: str) -> bool | None:
    word = re.sub(r"\s+", "", value)
    if word in ("accept", "1") or word in ACCEPT_WORDS:
        return True
    if word in ("reject", "0") or word in REJECT_WORDS:
        return False
    return None


def _row_error(line: int, message) -> str:
    return str(ROW_ERROR % {"line": line, "message": message})


def replies_check(
    *, referral: Referral, inputs: list[ReplyInput], cancellations
) -> ReplyCheck:
    """Check every row against the referral's licences (`cancellations`, read once by
    the caller); writes nothing. Each wrong row gets its own message."""
    from chinese_formats.formats import date_cn

    by_number = {c.licence.number: c for c in cancellations}
    today = timezone.localdate()
    replies, errors, skipped, seen = [], [], [], {}
    for row in inputs:
        raw_number = str(row.number or "").strip()
        if not raw_number:
            if row.is_blank:
                continue
            errors.append(_row_error(row.line, ROW_NUMBER_MISSING))
            continue
        number = licence_number_normalise(raw_number)
        cancellation = by_number.get(number)
        if cancellation is None:
            errors.append(
                _row_error(row.line, ROW_NOT_IN_REFERRAL % {"number": number})
            )
            continue
        if number in seen:
            errors.append(
                _row_error(
                    row.line, ROW_DUPLICATE % {"number": number, "other": seen[number]}
                )
            )
            continue
        seen[number] = row.line
        if row.is_blank:
            skipped.append(row)
            continue
        row_errors = []
        if cancellation.state != CancellationState.REFERRED:
            row_errors.append(
                ROW_ALREADY_ANSWERED
                % {"number": number, "state": cancellation.get_state_display()}
            )
        accepted = _decision(str(row.decision or ""))
        decision_number = str(row.decision_number or "").strip()
        reason = str(row.rejection_reason or "").strip()
        if accepted is None:
            row_errors.append(ROW_DECISION_UNKNOWN % {"value": row.decision or "—"})
        elif accepted and not decision_number:
            row_errors.append(ROW_DECISION_NUMBER_MISSING)
        elif accepted is False and not reason:
            row_errors.append(ROW_REASON_MISSING)
        decided_on = None
        if row.decided_on in ("", None):
            row_errors.append(ROW_DATE_MISSING)
        else:
            decided_on = _parse_date(row.decided_on)
            if decided_on is None:
                row_errors.append(ROW_DATE_INVALID % {"value": row.decided_on})
            elif decided_on > today:
                row_errors.append(ROW_DATE_FUTURE % {"date": date_cn(decided_on)})
            elif referral.sent_on and decided_on < referral.sent_on:
                row_errors.append(
                    ROW_DATE_BEFORE_SENT
                    % {"date": date_cn(decided_on), "sent": date_cn(referral.sent_on)}
                )
        if row_errors:
            errors.append(_row_error(row.line, "；".join(str(e) for e in row_errors)))
            continue
        replies.append(
            Reply(
                line=row.line,
                cancellation=cancellation,
                accepted=accepted,
                decided_on=decided_on,
                decision_number=decision_number if accepted else "",
                rejection_reason=reason if not accepted else "",
            )
        )
    if not errors and not replies:
        errors.append(str(REPLIES_NONE))
    if referral.state != ReferralState.SENT:
        from licensing.services.withdrawals import PROVINCE_DECISION_BEFORE_SENDING

        errors.insert(0, str(PROVINCE_DECISION_BEFORE_SENDING))
    return ReplyCheck(replies=replies, errors=errors, skipped=skipped)


def reply_list_template_csv(*, cancellations) -> str:
    """A reply list to send with the letter or to fill in: one row per licence still
    waiting, the province's columns left blank."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [HEADERS[f][0] for f in HEADERS] + [_("持证主体")]
    )  # the holder only helps the reader
    for c in cancellations:
        if c.state == CancellationState.REFERRED:
            writer.writerow([c.licence.number, "", "", "", "", c.licence.holder.name])
    return "\ufeff" + out.getvalue()

"""Dates and money written the way Chinese official papers and screens write them.

`date_cn` and `money_cn` follow the active language: on a screen switched to English
they give "Nov. 29, 2026" and "12,345.60 yuan". Official papers are always built and
rendered in Chinese (documents.language), so they always get 2026年11月29日 and
12,345.60元. A paper's 成文日期 is written the same way: GB/T 9704-2012 (7.3.5.1) sets it
in Arabic numerals, the year in full, month and day without a leading zero, so there is
no separate "upper-case" date (二〇二六年…). Capital amounts (`money_in_words`) exist only
in Chinese.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, translation
from django.utils.translation import gettext

_CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CAPITAL_UNITS = ["", "拾", "佰", "仟"]
_CAPITAL_SECTIONS = ["", "万", "亿", "万亿"]


def _chinese() -> bool:
    language = translation.get_language()
    return language is None or language.lower().startswith("zh")


def date_cn(value: datetime.date | None) -> str:
    """2026年11月29日, 2026年12月2日 (Nov. 29, 2026 on an English screen)."""
    if value is None or value == "":
        return ""
    if not _chinese():
        return formats.date_format(value, "DATE_FORMAT")
    return f"{value.year}年{value.month}月{value.day}日"


def _quantize(amount) -> Decimal:
    return Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def money_cn(amount) -> str:
    """12,345.60元 (12,345.60 yuan on an English screen)."""
    if amount is None or amount == "":
        return ""
    return gettext("%(amount)s元") % {"amount": f"{_quantize(amount):,.2f}"}


def _section_in_words(section: int) -> str:
    words = ""
    zero_pending = False
    for position in range(3, -1, -1):
        digit = section // (10**position) % 10
        if digit == 0:
            if words:
                zero_pending = True
            continue
        if zero_pending:
            words += "零"
            zero_pending = False
        words += _CAPITAL_DIGITS[digit] + _CAPITAL_UNITS[position]
    return words


def money_in_words(amount) -> str:
    """人民币壹万贰仟叁佰肆拾伍元陆角整 — amounts on decisions are written in capitals."""
    value = _quantize(amount)
    if value < 0:
        raise ValueError("negative amount")
    yuan = int(value)
    jiao = int(value * 10) % 10
    fen = int(value * 100) % 10
    if yuan == 0:
        integer = ""
    else:
        sections = []
        while yuan:
            yuan, section = divmod(yuan, 10000)
            sections.append(section)
        integer = ""
        need_zero = False
        for index in range(len(sections) - 1, -1, -1):
            section = sections[index]
            if section == 0:
                need_zero = bool(integer)
                continue
            if integer and (need_zero or section < 1000):
                integer += "零"
            integer += _section_in_words(section) + _CAPITAL_SECTIONS[index]
            need_zero = False
        integer += "元"
    if jiao == 0 and fen == 0:
        return f"人民币{integer or '零元'}整"
    decimals = ""
    if jiao:
        decimals += _CAPITAL_DIGITS[jiao] + "角"
    elif integer:
        decimals += "零"
    if fen:
        decimals += _CAPITAL_DIGITS[fen] + "分"
    else:
        decimals += "整"
    return f"人民币{integer}{decimals}"

"""Licence number formats.

Food production: ``SC`` + 14 digits — 3 food category, 2 province, 2 city, 2 county,
4 sequence, 1 check. The check-digit algorithm is not published, so only the format and the
province code are checked.

Industrial product: ``XK××-×××-×××××`` (national) or ``(鄂)XK××-×××-×××××`` (provincial,
prefixed with the province's one-character abbreviation).
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PROVINCE_CODES = {
    "11": "京", "12": "津", "13": "冀", "14": "晋", "15": "蒙", "21": "辽", "22": "吉",
    "23": "黑", "31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣",
    "37": "鲁", "41": "豫", "42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼",
    "50": "渝", "51": "川", "52": "贵", "53": "云", "54": "藏", "61": "陕", "62": "甘",
    "63": "青", "64": "宁", "65": "新",
}  # fmt: skip
PROVINCE_ABBREVIATIONS = set(PROVINCE_CODES.values())

_FOOD = re.compile(r"^SC(?P<category>[12]\d{2})(?P<province>\d{2})\d{9}$")
_INDUSTRIAL = re.compile(r"^(?:\((?P<province>.)\))?XK\d{2}-\d{3}-\d{5}$")

LICENCE_NUMBER_FORMAT = _(
    "许可证编号格式不正确：食品生产许可证为“SC”加14位数字，"
    "工业产品生产许可证为“XK××-×××-×××××”或“(鄂)XK××-×××-×××××”。"
)
LICENCE_NUMBER_FOOD_CATEGORY = _(
    "食品生产许可证编号第3位应为1（食品）或2（食品添加剂）。"
)
LICENCE_NUMBER_PROVINCE = _("许可证编号中的省份“%(province)s”不存在。")


def licence_number_normalise(raw: str) -> str:
    """Fold full-width forms (（鄂）ＸＫ…) and drop spaces; canonical form uses ASCII brackets."""
    folded = unicodedata.normalize("NFKC", raw or "")
    return re.sub(r"\s+", "", folded).upper()


def licence_kind_for_number(raw: str) -> str:
    """Validate the number and return its licence kind ("food_production"/"industrial_product")."""
    number = licence_number_normalise(raw)
    if number.startswith("SC"):
        match = _FOOD.match(number)
        if not match:
            if re.match(r"^SC\d{14}$", number):
                raise ValidationError(LICENCE_NUMBER_FOOD_CATEGORY, code="category")
            raise ValidationError(LICENCE_NUMBER_FORMAT, code="format")
        if match["province"] not in PROVINCE_CODES:
            raise ValidationError(
                LICENCE_NUMBER_PROVINCE,
                code="province",
                params={"province": match["province"]},
            )
        return "food_production"
    match = _INDUSTRIAL.match(number)
    if not match:
        raise ValidationError(LICENCE_NUMBER_FORMAT, code="format")
    if match["province"] and match["province"] not in PROVINCE_ABBREVIATIONS:
        raise ValidationError(
            LICENCE_NUMBER_PROVINCE,
            code="province",
            params={"province": match["province"]},
        )
    return "industrial_product"


def validate_licence_number(value: str) -> None:
    licence_kind_for_number(value)

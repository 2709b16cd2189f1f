"""统一社会信用代码 (GB 32100-2015) validation with messages a clerk can act on.

python-stdnum's `cn.uscc` checks length, format and the 18th check character. It does not
check the GB 11714 organisation code embedded in characters 9–17, whose 17th character is a
check character of its own; that check is done here.
"""

import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import uscc

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

CREDIT_CODE_LENGTH = _("统一社会信用代码应为18位，当前为%(length)d位。")
CREDIT_CODE_CHARACTERS = _(
    "统一社会信用代码含有不允许的字符：%(chars)s（只能使用数字和除 I、O、S、V、Z 以外的大写字母）。"
)
CREDIT_CODE_REGION = _(
    "统一社会信用代码第3至8位应为行政区划代码（6位数字），当前为“%(region)s”。"
)
CREDIT_CODE_CHECK = _(
    "统一社会信用代码校验位错误：第18位应为“%(expected)s”，当前为“%(actual)s”。"
)
CREDIT_CODE_ORG_CHECK = _(
    "统一社会信用代码第9至17位（组织机构代码）校验位错误：第17位应为“%(expected)s”，当前为“%(actual)s”。"
)

ENTITY_KINDS = {
    "1": _("企业"),
    "2": _("个体工商户"),
    "3": _("农民专业合作社"),
}


@dataclass(frozen=True)
class CreditCode:
    value: str

    @property
    def registration_authority(self) -> str:
        return self.value[0]

    @property
    def entity_kind(self) -> str:
        return self.value[1]

    @property
    def region_code(self) -> str:
        return self.value[2:8]

    @property
    def organisation_code(self) -> str:
        return self.value[8:17]

    @property
    def is_individual_business(self) -> bool:
        return self.value[:2] == "92"


def credit_code_normalise(raw: str) -> str:
    """Fold full-width forms, drop spaces and hyphens, upper-case."""
    folded = unicodedata.normalize("NFKC", raw or "")
    return uscc.compact(folded)


def organisation_code_check_character(body8: str) -> str:
    """GB 11714 check character for the 8-character organisation code body."""
    total = sum(
        ALPHABET.index(ch) * weight
        for ch, weight in zip(body8, _ORG_CODE_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def credit_code_validate(raw: str) -> CreditCode:
    """Validate a credit code; raise ValidationError saying exactly what is wrong."""
    code = credit_code_normalise(raw)
    if len(code) != 18:
        raise ValidationError(
            CREDIT_CODE_LENGTH, code="length", params={"length": len(code)}
        )
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        raise ValidationError(
            CREDIT_CODE_CHARACTERS, code="characters", params={"chars": "、".join(bad)}
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            CREDIT_CODE_REGION, code="region", params={"region": code[2:8]}
        )
    try:
        uscc.validate(code)
    except stdnum_exceptions.InvalidChecksum:
        raise ValidationError(
            CREDIT_CODE_CHECK,
            code="check",
            params={"expected": uscc.calc_check_digit(code[:17]), "actual": code[17]},
        ) from None
    except stdnum_exceptions.ValidationError:
        # Characters 1–2 must be digits for stdnum; market subjects are 91/92/93.
        raise ValidationError(
            CREDIT_CODE_CHARACTERS, code="characters", params={"chars": code[:2]}
        ) from None
    expected = organisation_code_check_character(code[8:16])
    if code[16] != expected:
        raise ValidationError(
            CREDIT_CODE_ORG_CHECK,
            code="org_check",
            params={"expected": expected, "actual": code[16]},
        )
    return CreditCode(code)


def credit_code_build(prefix2: str, region_code: str, body8: str) -> str:
    """Assemble a valid credit code (used for demo and test data)."""
    partial = prefix2 + region_code + body8 + organisation_code_check_character(body8)
    return partial + uscc.calc_check_digit(partial)


def validate_credit_code_field(value: str) -> None:
    """Model/form field validator."""
    credit_code_validate(value)

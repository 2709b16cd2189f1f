"""Document numbers (发文字号) from an administrator-editable pattern.

A pattern is a `str.format` template over three names: `{code}` the issuer's 机关代字
(OrganisationUnit.document_code, e.g. 武市监), `{year}` and `{seq}`, e.g.
`{code}处罚〔{year}〕{seq}号` → 武市监处罚〔2026〕12号. `{seq:03d}` pads the sequence.
"""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NUMBER_PATTERN_FIELDS = ("code", "year", "seq")
NUMBER_PATTERN_UNKNOWN_FIELD = _(
    "文号格式中的“{%(field)s}”无法识别，只能使用 {code}、{year}、{seq}。"
)
NUMBER_PATTERN_NEEDS_YEAR_AND_SEQ = _(
    "文号格式必须包含 {year}（年份）和 {seq}（序号），例如 {code}处罚〔{year}〕{seq}号。"
)
NUMBER_PATTERN_INVALID = _("文号格式无效：%(error)s")

# What a draft shows where the sequence number will go: 武市监处罚〔2026〕　　号.
DRAFT_SEQUENCE = "\u3000\u3000"


def _fields(pattern: str) -> list[tuple[str, str | None, str | None]]:
    """(literal, field name, format spec) triples; raises ValueError on bad braces."""
    return [
        (literal, name, spec)
        for literal, name, spec, _conversion in string.Formatter().parse(pattern)
    ]


def validate_number_pattern(pattern: str) -> None:
    try:
        parts = _fields(pattern)
    except ValueError as exc:
        raise ValidationError(
            NUMBER_PATTERN_INVALID, params={"error": str(exc)}
        ) from None
    names = {name for _, name, _ in parts if name is not None}
    for name in sorted(names):
        if name not in NUMBER_PATTERN_FIELDS:
            raise ValidationError(NUMBER_PATTERN_UNKNOWN_FIELD, params={"field": name})
    if not {"year", "seq"} <= names:
        raise ValidationError(NUMBER_PATTERN_NEEDS_YEAR_AND_SEQ)
    try:
        number_format(pattern, code="武市监", year=2026, seq=1)
    except (ValueError, TypeError) as exc:
        raise ValidationError(
            NUMBER_PATTERN_INVALID, params={"error": str(exc)}
        ) from None


def number_format(pattern: str, *, code: str, year: int, seq: int | None) -> str:
    """The number for one sequence value; `seq=None` gives a draft's number, with a blank
    where the sequence goes (a draft consumes no number)."""
    values = {"code": code, "year": year, "seq": seq}
    out = []
    for literal, name, spec in _fields(pattern):
        out.append(literal)
        if name is None:
            continue
        if name == "seq" and seq is None:
            out.append(DRAFT_SEQUENCE)
        else:
            out.append(format(values[name], spec or ""))
    return "".join(out)

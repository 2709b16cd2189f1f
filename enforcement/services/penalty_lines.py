"""Penalty lines as proposed, noticed and decided: checked against the licence they
revoke and the discretion benchmark the case pinned, then stored for their stage."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chinese_formats.formats import money_cn
from licensing.models import Licence, LicenceState

from ..models import (
    Case,
    Circumstance,
    DiscretionBenchmark,
    PenaltyKind,
    PenaltyLine,
    PenaltyPolicy,
    ViolationType,
)
from ..penalties import discretion_check

LINES_REQUIRED = _("请至少填写一项处罚内容。")
LINE_KIND_INVALID = _("第%(n)d项：请选择处罚种类。")
LINE_FINE_AMOUNT_REQUIRED = _("第%(n)d项：罚款须填写金额。")
LINE_CONFISCATION_EMPTY = _("第%(n)d项：没收须填写违法所得金额或者没收的财物。")
LINE_LICENCE_REQUIRED = _("第%(n)d项：吊销许可证件须选择许可证。")
LINE_LICENCE_NOT_PARTYS = _("第%(n)d项：许可证 %(number)s 不属于当事人。")
LINE_LICENCE_NOT_VALID = _(
    "第%(n)d项：许可证 %(number)s 当前状态为“%(state)s”，不能吊销。"
)
LINE_DISCRETION = _("第%(n)d项：%(message)s")
LINE_CIRCUMSTANCE_INVALID = _("第%(n)d项：裁量情节无效。")
LINE_AMOUNT_IMPLAUSIBLE = _(
    "第%(n)d项：金额%(amount)s超过系统设定的单项上限%(limit)s，请核对是否多输了位数；"
    "确需录入的，请联系系统管理员调整上限。"
)
LINE_NONE_KIND = _("第%(n)d项：“不予处罚”不是处罚种类，请改为作出不予行政处罚决定。")


@dataclass
class LineInput:
    """One penalty as a form or a test gives it."""

    violation_type: ViolationType
    kind: str
    amount: Decimal = Decimal("0")
    description: str = ""
    licence: Licence | None = None
    legal_basis: str = ""
    circumstance: str = ""
    # Filled in by `lines_check`.
    discretion_rule: object = field(default=None, repr=False)

    @property
    def licence_id(self):
        return self.licence.pk if self.licence else None

    @property
    def violation_type_id(self):
        return self.violation_type.pk


def lines_from_case(case: Case, stage: str) -> list[LineInput]:
    return [
        LineInput(
            violation_type=line.violation_type,
            kind=line.kind,
            amount=line.amount,
            description=line.description,
            licence=line.licence,
            legal_basis=line.legal_basis,
            circumstance=line.circumstance,
            discretion_rule=line.discretion_rule,
        )
        for line in case.penalty_lines.filter(stage=stage).select_related(
            "violation_type", "licence", "discretion_rule"
        )
    ]


def lines_check(
    *, case: Case, lines: list[LineInput], benchmark: DiscretionBenchmark | None
) -> list[LineInput]:
    """Validate the lines; raise one ValidationError listing every problem."""
    lines = list(lines)
    if not lines:
        raise ValidationError(LINES_REQUIRED, code="no_lines")
    rules = {r.violation_type_id: r for r in benchmark.rules.all()} if benchmark else {}
    limit = PenaltyPolicy.current().max_line_amount
    errors = []
    for n, line in enumerate(lines, start=1):
        line.amount = Decimal(line.amount or 0)
        line.legal_basis = (
            line.legal_basis or line.violation_type.penalty_provision
        ).strip()
        if line.kind not in PenaltyKind.values:
            errors.append(ValidationError(LINE_KIND_INVALID, params={"n": n}))
            continue
        if line.kind == PenaltyKind.NONE:
            errors.append(ValidationError(LINE_NONE_KIND, params={"n": n}))
            continue
        if line.circumstance and line.circumstance not in Circumstance.values:
            errors.append(ValidationError(LINE_CIRCUMSTANCE_INVALID, params={"n": n}))
            continue
        if line.kind == PenaltyKind.FINE and line.amount <= 0:
            errors.append(ValidationError(LINE_FINE_AMOUNT_REQUIRED, params={"n": n}))
        if (
            line.kind == PenaltyKind.CONFISCATION
            and line.amount <= 0
            and not line.description.strip()
        ):
            errors.append(ValidationError(LINE_CONFISCATION_EMPTY, params={"n": n}))
        if line.amount > limit:
            errors.append(
                ValidationError(
                    LINE_AMOUNT_IMPLAUSIBLE,
                    code="implausible",
                    params={
                        "n": n,
                        "amount": money_cn(line.amount),
                        "limit": money_cn(limit),
                    },
                )
            )
        if line.kind not in (PenaltyKind.FINE, PenaltyKind.CONFISCATION):
            line.amount = Decimal("0")
        if line.kind == PenaltyKind.LICENCE_REVOCATION:
            if line.licence is None:
                errors.append(ValidationError(LINE_LICENCE_REQUIRED, params={"n": n}))
            elif line.licence.holder_id != case.party_id:
                errors.append(
                    ValidationError(
                        LINE_LICENCE_NOT_PARTYS,
                        params={"n": n, "number": line.licence.number},
                    )
                )
            elif line.licence.state != LicenceState.VALID:
                errors.append(
                    ValidationError(
                        LINE_LICENCE_NOT_VALID,
                        params={
                            "n": n,
                            "number": line.licence.number,
                            "state": line.licence.get_state_display(),
                        },
                    )
                )
        else:
            line.licence = None
        finding = discretion_check(
            benchmark=benchmark,
            rules=rules,
            violation_type=line.violation_type,
            kind=line.kind,
            amount=line.amount,
            circumstance=line.circumstance,
        )
        line.discretion_rule = finding.rule if line.kind == PenaltyKind.FINE else None
        if finding.message:
            errors.append(
                ValidationError(
                    LINE_DISCRETION, params={"n": n, "message": finding.message}
                )
            )
    if errors:
        raise ValidationError(errors)
    return lines


def lines_store(*, case: Case, stage: str, lines: list[LineInput]) -> None:
    """Replace the case's lines of one stage."""
    case.penalty_lines.filter(stage=stage).delete()
    rows = []
    for position, line in enumerate(lines, start=1):
        row = PenaltyLine(
            case=case,
            stage=stage,
            position=position,
            violation_type=line.violation_type,
            kind=line.kind,
            amount=line.amount,
            description=line.description.strip(),
            licence=line.licence,
            legal_basis=line.legal_basis,
            circumstance=line.circumstance if line.kind == PenaltyKind.FINE else "",
            discretion_rule=line.discretion_rule,
        )
        row.full_clean(exclude=["case"])
        rows.append(row)
    PenaltyLine.objects.bulk_create(rows)


def lines_copy(*, case: Case, from_stage: str, to_stage: str) -> None:
    lines_store(case=case, stage=to_stage, lines=lines_from_case(case, from_stage))

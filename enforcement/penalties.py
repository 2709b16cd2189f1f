"""Rules about proposed and decided penalties: which need a hearing, which are heavier
than what the party was told, which fall outside the discretion benchmark, which may be
decided on the spot, and which are published.

Pure functions over penalty lines (anything with kind, amount, licence_id and
violation_type_id), so the services, the forms' previews and the tests share them.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from chinese_formats.formats import money_cn

from .models import (
    Circumstance,
    DiscretionBenchmark,
    DiscretionRule,
    PartyKind,
    PenaltyKind,
    PenaltyPolicy,
)

# 行政处罚法 Art. 51: on-the-spot decisions.
SUMMARY_FINE_LIMIT = {
    PartyKind.INDIVIDUAL: Decimal("200"),
    PartyKind.ORGANISATION: Decimal("3000"),
}
# 行政处罚法 Art. 68(1): fines an officer may collect on the spot.
ON_THE_SPOT_COLLECTION_LIMIT = Decimal("100")

# 行政处罚法 Art. 63(3)(4): these always give the right to a hearing.
HEARING_KINDS = {
    PenaltyKind.QUALIFICATION_DOWNGRADE,
    PenaltyKind.LICENCE_REVOCATION,
    PenaltyKind.SUSPENSION,
    PenaltyKind.CLOSURE,
    PenaltyKind.RESTRICTION,
}

# Heaviest first; used to name a violation record's penalty and to compare penalties.
SEVERITY = [
    PenaltyKind.CLOSURE,
    PenaltyKind.LICENCE_REVOCATION,
    PenaltyKind.SUSPENSION,
    PenaltyKind.RESTRICTION,
    PenaltyKind.QUALIFICATION_DOWNGRADE,
    PenaltyKind.CONFISCATION,
    PenaltyKind.FINE,
    PenaltyKind.CRITICISM,
    PenaltyKind.WARNING,
    PenaltyKind.NONE,
]


def _total(lines, kind) -> Decimal:
    return sum((Decimal(x.amount) for x in lines if x.kind == kind), Decimal("0"))


def hearing_grounds(*, lines, party_kind: str, policy: PenaltyPolicy) -> list[str]:
    """Why these penalties give the party the right to a hearing (行政处罚法 Art. 63),
    with the thresholds the bureau set; empty when they do not."""
    individual = party_kind == PartyKind.INDIVIDUAL
    fine_limit = (
        policy.hearing_fine_individual
        if individual
        else policy.hearing_fine_organisation
    )
    confiscation_limit = (
        policy.hearing_confiscation_individual
        if individual
        else policy.hearing_confiscation_organisation
    )
    grounds = []
    fine = _total(lines, PenaltyKind.FINE)
    if fine >= fine_limit:
        grounds.append(
            _("较大数额罚款（%(amount)s，听证标准%(limit)s）")
            % {"amount": money_cn(fine), "limit": money_cn(fine_limit)}
        )
    confiscated = _total(lines, PenaltyKind.CONFISCATION)
    if confiscated >= confiscation_limit:
        grounds.append(
            _(
                "没收较大数额违法所得或者较大价值非法财物（%(amount)s，听证标准%(limit)s）"
            )
            % {"amount": money_cn(confiscated), "limit": money_cn(confiscation_limit)}
        )
    for kind in sorted({x.kind for x in lines} & HEARING_KINDS, key=SEVERITY.index):
        grounds.append(str(PenaltyKind(kind).label))
    return grounds


def heavier_than(*, decided, noticed) -> list[str]:
    """How the decided penalties exceed the ones the notice proposed; empty when they
    do not (a lighter or equal decision)."""
    reasons = []
    for kind, label in [
        (PenaltyKind.FINE, _("罚款")),
        (PenaltyKind.CONFISCATION, _("没收金额")),
    ]:
        decided_total, noticed_total = _total(decided, kind), _total(noticed, kind)
        if decided_total > noticed_total:
            reasons.append(
                _("%(label)s%(decided)s高于告知的%(noticed)s")
                % {
                    "label": label,
                    "decided": money_cn(decided_total),
                    "noticed": money_cn(noticed_total),
                }
            )
    noticed_kinds = {x.kind for x in noticed}
    for kind in sorted({x.kind for x in decided} - noticed_kinds, key=SEVERITY.index):
        if kind in (PenaltyKind.WARNING, PenaltyKind.NONE):
            continue
        if kind in (PenaltyKind.FINE, PenaltyKind.CONFISCATION):
            continue  # already compared by amount
        reasons.append(
            _("增加了告知书未载明的%(kind)s") % {"kind": PenaltyKind(kind).label}
        )
    noticed_licences = {x.licence_id for x in noticed if x.licence_id}
    for line in decided:
        if (
            line.kind == PenaltyKind.LICENCE_REVOCATION
            and line.kind in noticed_kinds
            and line.licence_id not in noticed_licences
        ):
            reasons.append(_("吊销的许可证与告知书不同"))
    return reasons


@dataclass(frozen=True)
class DiscretionFinding:
    rule: DiscretionRule | None
    message: str  # empty when within range


def discretion_check(
    *,
    benchmark: DiscretionBenchmark | None,
    rules: dict[int, DiscretionRule],
    violation_type,
    kind: str,
    amount: Decimal,
    circumstance: str,
) -> DiscretionFinding:
    """Find the benchmark's rule for a fine and say whether the amount is within the
    range for the circumstance. A type the benchmark does not list has no rule."""
    rule = rules.get(violation_type.pk) if benchmark else None
    if kind != PenaltyKind.FINE or rule is None:
        return DiscretionFinding(rule, "")
    if not circumstance:
        return DiscretionFinding(
            rule,
            _("“%(type)s”的罚款须选择裁量情节（从轻、一般、从重）。")
            % {"type": violation_type.name},
        )
    low, high = rule.range_for(circumstance)
    if amount < low or amount > high:
        return DiscretionFinding(
            rule,
            _(
                "“%(type)s”罚款%(amount)s不在《%(benchmark)s》%(item)s%(circumstance)s"
                "情节的幅度%(low)s至%(high)s之内。"
            )
            % {
                "type": violation_type.name,
                "amount": money_cn(amount),
                "benchmark": benchmark,
                "item": rule.item,
                "circumstance": Circumstance(circumstance).label,
                "low": money_cn(low),
                "high": money_cn(high),
            },
        )
    return DiscretionFinding(rule, "")


def discretion_citation(line, benchmark: DiscretionBenchmark | None) -> str:
    """How a decision cites the benchmark for one fine."""
    rule = line.discretion_rule
    if benchmark is None or rule is None or not line.circumstance:
        return ""
    low, high = rule.range_for(line.circumstance)
    return _(
        "依据《%(title)s》（%(version)s）%(item)s，当事人具有%(circumstance)s情节，"
        "罚款幅度为%(low)s至%(high)s"
    ) % {
        "title": benchmark.title,
        "version": benchmark.version,
        "item": rule.item,
        "circumstance": Circumstance(line.circumstance).label,
        "low": money_cn(low),
        "high": money_cn(high),
    }


def principal_kind(lines) -> str:
    """The heaviest kind among lines: how a violation record names the penalty."""
    kinds = {x.kind for x in lines}
    for kind in SEVERITY:
        if kind in kinds:
            return kind
    return PenaltyKind.NONE


def publicity_required(*, lines) -> bool:
    """公示规定 Art. 2: ordinary-procedure penalty decisions are published, except
    those imposing only a warning."""
    kinds = {x.kind for x in lines}
    return bool(kinds - {PenaltyKind.WARNING, PenaltyKind.NONE})


def summary_refusal(*, lines, party_kind: str) -> str:
    """Why these penalties cannot be decided on the spot (行政处罚法 Art. 51); empty
    when they can."""
    kinds = {x.kind for x in lines}
    if not kinds or kinds - {PenaltyKind.WARNING, PenaltyKind.FINE}:
        return _("简易程序只能当场给予警告或者罚款。")
    limit = SUMMARY_FINE_LIMIT[party_kind]
    fine = _total(lines, PenaltyKind.FINE)
    if fine > limit:
        return _(
            "对%(party)s当场罚款不得超过%(limit)s，本案罚款%(fine)s应适用普通程序。"
        ) % {
            "party": PartyKind(party_kind).label,
            "limit": money_cn(limit),
            "fine": money_cn(fine),
        }
    return ""

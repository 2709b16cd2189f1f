"""The figures of the annual work report (年度工作情况报告), computed from records.

Each figure is a kind of record and its filters (`reports.records`): the value counts
those records (or sums a quantity of them) and the link lists exactly them. The functions
below say precisely what each figure counts; the report page prints the same definition
in Chinese (统计口径) beside the figure.

Sections follow the bureau's 2019 summary: food and drug safety, special equipment, and
safety in production (licences and small workshops).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from enforcement.models import PenaltyKind, PenaltyLine
from enterprises.models import District, Sector

from .records import RECORD_KINDS, case_records, records_url


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    unit: str
    kind: str
    filters: dict
    definition: str
    value: int | Decimal = 0

    @property
    def url(self) -> str:
        return records_url(self.kind, **self.filters)

    @property
    def text(self) -> str:
        """How the summary writes it: 撤销证书20份."""
        value = f"{self.value:,}" if isinstance(self.value, int) else str(self.value)
        return f"{self.label}{value}{self.unit}"


@dataclass(frozen=True)
class Section:
    heading: str
    figures: list[Figure]


@dataclass(frozen=True)
class CampaignSectorRow:
    campaign_id: int | None
    campaign_name: str
    sector: str
    sector_label: str
    count: int
    url: str


@dataclass
class AnnualFigures:
    year: int
    district: District | None
    sections: list[Section]
    campaign_sector_rows: list[CampaignSectorRow] = field(default_factory=list)
    fines_imposed: Decimal = Decimal(0)
    fines_collected: Decimal = Decimal(0)
    fines_imposed_url: str = ""
    fines_collected_url: str = ""

    @property
    def figures(self) -> list[Figure]:
        return [f for section in self.sections for f in section.figures]

    def figure(self, code: str) -> Figure | None:
        return next((f for f in self.figures if f.code == code), None)


def _evaluated(figure: Figure, district) -> Figure:
    filters = {**figure.filters, "district": district}
    value = RECORD_KINDS[figure.kind].value(filters)
    return Figure(
        figure.code,
        figure.label,
        figure.unit,
        figure.kind,
        {k: v for k, v in filters.items() if v},
        figure.definition,
        value,
    )


# --- The figures, one function each ---------------------------------------------------


def licences_revoked(year: int) -> Figure:
    """撤销证书: revocations (撤销行政许可, 行政许可法 Art. 69) whose decision
    (撤销行政许可决定书) is dated in the year. One revocation concerns one certificate;
    revocations abandoned before a decision are not counted."""
    return Figure(
        "licences_revoked",
        _("依法撤销证书"),
        _("份"),
        "revocations",
        {"year": year, "basis": "decided"},
        _(
            "当年作出撤销行政许可决定（撤销行政许可决定书日期在当年）的许可证，每证计一份。"
        ),
    )


def licences_referred(year: int) -> Figure:
    """上报省局注销: province-issued production licences listed in a referral letter
    (上报省局注销函) issued in the year, whatever the province answered. A licence in
    two letters (referred again after a rejection) counts once per letter."""
    return Figure(
        "licences_referred",
        _("生产许可证上报省局注销"),
        _("份"),
        "cancellations",
        {"year": year, "basis": "referred", "route": "referral"},
        _("当年制发的上报省局注销函所列的许可证，不论省局是否已经答复。"),
    )


def campaign_penalties(
    year: int, campaign: Campaign, count: int, district=None
) -> Figure:
    """<campaign>行政处罚: penalty decisions (给予行政处罚, ordinary or summary
    procedure) made in the year in cases carrying the campaign. `count` comes from the
    one grouped query over all campaigns (`annual_report_figures`)."""
    filters = {
        "year": year,
        "basis": "decided",
        "outcome": "penalty",
        "campaign": campaign,
    }
    if district:
        filters["district"] = district
    return Figure(
        f"campaign_penalties_{campaign.code}",
        _("%(campaign)s行政处罚") % {"campaign": campaign.name},
        _("起"),
        "cases",
        filters,
        _("带有该专项行动标记、当年作出行政处罚决定的案件（含简易程序）。"),
        count,
    )


def special_equipment_violations(year: int) -> Figure:
    """特种设备查处违法违规行为: special-equipment cases (their violation type's sector)
    decided in the year that dealt with a violation: a penalty decision, or a decision
    not to punish a violation that was found (minor and corrected, first offence). A
    decision that the facts were not established, and referrals, are not counted."""
    return Figure(
        "special_equipment_violations",
        _("特种设备查处违法违规行为"),
        _("起"),
        "cases",
        {
            "year": year,
            "basis": "decided",
            "sector": Sector.SPECIAL_EQUIPMENT,
            "outcome": "violation_handled",
        },
        _(
            "违法行为类型属特种设备领域、当年作出决定的案件：给予行政处罚，或者认定违法但依法"
            "不予行政处罚（轻微并及时改正、初次违法）；违法事实不能成立的不计。"
        ),
    )


def products_cleared_offline(year: int) -> Figure:
    """线下清理产品: products taken off the shelves in offline clearances (线下清理)
    inspected in the year, summed over the inspections (products_removed)."""
    return Figure(
        "products_cleared_offline",
        _("线下清理产品"),
        _("个"),
        "clearances",
        {"year": year},
        _("当年线下清理检查中下架的产品数之和。"),
    )


def online_items_removed(year: int) -> Figure:
    """线上清理违法产品信息、虚假资质信息: online listing leads whose takedown was checked in
    the year and that count as removed by the campaign page's rule
    (`listing_lead_outcome_q("removed")`: verified as taken down, or escalated to a case
    against the seller), illegal product listings and false qualification notices
    together."""
    return Figure(
        "online_items_removed",
        _("线上清理违法产品信息、虚假资质信息"),
        _("个"),
        "leads",
        {"year": year, "outcome": "removed"},
        _(
            "当年核查确认已删除、屏蔽、下架（或者已对平台内经营者立案）的违法产品信息和虚假资质信息。"
        ),
    )


def internet_enterprises(year: int) -> Figure:
    """依法处理互联网违法违规经营企业: distinct enterprises dealt with through the leads
    checked in the year (`internet_enterprises_dealt_with`): sellers whose listings were
    taken down or who face a case, and platforms that face a case for failing their
    duty (电子商务法 Art. 80)."""
    return Figure(
        "internet_enterprises",
        _("依法处理互联网违法违规经营企业"),
        _("家"),
        "internet_enterprises",
        {"year": year},
        _(
            "当年核查的网络监测线索中，违法信息已清理或者被立案查处的平台内经营者，以及因未履行处置义务被立案的平台经营者，每家计一次。"
        ),
    )


def workshops_closed(year: int) -> Figure:
    """关停小作坊: small food workshops recorded as closed down (关停) with a closure
    date in the year, one per closure."""
    return Figure(
        "workshops_closed",
        _("关停小作坊"),
        _("户"),
        "closures",
        {"year": year},
        _("当年登记的关停小作坊，每次关停计一户。"),
    )


# --- The report ---------------------------------------------------------------------


def _penalty_cases(year: int, district) -> QuerySet:
    return case_records(
        {"year": year, "basis": "decided", "outcome": "penalty", "district": district}
    )


def campaign_sector_rows(*, year: int, district=None) -> list[CampaignSectorRow]:
    """Penalty decisions of the year by campaign and sector, in one grouped query."""
    sector_labels = dict(Sector.choices)
    rows = (
        _penalty_cases(year, district)
        .order_by()
        .values("campaign", "campaign__name", "suspected_violation_type__sector")
        .annotate(n=Count("id"))
        .order_by("campaign__name", "suspected_violation_type__sector")
    )
    result = []
    for row in rows:
        sector = row["suspected_violation_type__sector"] or ""
        filters = {
            "year": year,
            "basis": "decided",
            "outcome": "penalty",
            "campaign": row["campaign"] or "none",
            "sector": sector,
            "district": district,
        }
        result.append(
            CampaignSectorRow(
                row["campaign"],
                row["campaign__name"] or str(_("（无专项行动）")),
                sector,
                str(sector_labels.get(sector, "")),
                row["n"],
                records_url("cases", **filters),
            )
        )
    return result


def fines_imposed(*, year: int, district=None) -> Decimal:
    """罚没款（决定）: fines and confiscated gains of the penalty decisions made in the
    year (the decided penalty lines), in yuan."""
    total = PenaltyLine.objects.filter(
        stage=PenaltyLine.Stage.DECIDED,
        kind__in=[PenaltyKind.FINE, PenaltyKind.CONFISCATION],
        case__in=_penalty_cases(year, district).values("pk"),
    ).aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


def fines_collected(*, year: int, district=None) -> Decimal:
    """罚没款（入库）: money received on penalty cases in the year (fines, confiscated
    gains and late surcharge), in yuan."""
    return RECORD_KINDS["payments"].value({"year": year, "district": district})


# Campaigns reported under food and drug safety; the others appear in the table.
FOOD_AND_DRUG_SECTORS = [
    Sector.FOOD_PRODUCTION,
    Sector.FOOD_TRADE,
    Sector.CATERING,
    Sector.HEALTH_FOOD,
    Sector.COSMETICS,
    Sector.MEDICAL_DEVICES,
    Sector.DRUGS,
    Sector.ONLINE_TRADE,
]


def annual_report_figures(*, year: int, district: District | None = None):
    """Every figure of the year's report, evaluated: a fixed number of queries, one
    per figure plus one grouped query for all campaigns."""
    campaign_counts = {
        row["campaign"]: row["n"]
        for row in _penalty_cases(year, district)
        .exclude(campaign=None)
        .order_by()
        .values("campaign")
        .annotate(n=Count("id"))
    }
    active = Q(starts_on__year__lte=year) & (
        Q(ends_on__isnull=True) | Q(ends_on__year__gte=year)
    )
    campaigns = Campaign.objects.filter(
        Q(pk__in=list(campaign_counts)) | active,
        sector__in=FOOD_AND_DRUG_SECTORS,
    ).order_by("starts_on", "name")
    sections = [
        Section(
            _("一、食品药品安全"),
            [
                *(
                    campaign_penalties(year, c, campaign_counts.get(c.pk, 0), district)
                    for c in campaigns
                ),
                _evaluated(products_cleared_offline(year), district),
                _evaluated(online_items_removed(year), district),
                _evaluated(internet_enterprises(year), district),
            ],
        ),
        Section(
            _("二、特种设备安全"),
            [_evaluated(special_equipment_violations(year), district)],
        ),
        Section(
            _("三、生产环节安全"),
            [
                _evaluated(workshops_closed(year), district),
                _evaluated(licences_revoked(year), district),
                _evaluated(licences_referred(year), district),
            ],
        ),
    ]
    return AnnualFigures(
        year=year,
        district=district,
        sections=sections,
        campaign_sector_rows=campaign_sector_rows(year=year, district=district),
        fines_imposed=fines_imposed(year=year, district=district),
        fines_collected=fines_collected(year=year, district=district),
        fines_imposed_url=records_url(
            "cases", year=year, basis="decided", outcome="penalty", district=district
        ),
        fines_collected_url=records_url("payments", year=year, district=district),
    )

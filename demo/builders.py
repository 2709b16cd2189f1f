"""Builds the demo dataset: Wuhan's bureau, one user per role, and a registry of
enterprises, licences and several years of violation history.

Registry rows are inserted in bulk, the way a history import loads them, with one search
outbox row per record; anything that changes a licence's state afterwards goes through the
licensing services like a clerk's action would.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from campaigns.models import Campaign
from documents.services import document_numbers_reserve
from enforcement.models import PenaltyKind, Violation, ViolationType
from enterprises.credit_codes import ALPHABET, credit_code_build
from enterprises.districts import WUHAN_DISTRICTS
from enterprises.models import District, Enterprise, EnterpriseFormerName, Sector
from licensing.models import Licence, LicenceKind
from organisation.models import OrganisationUnit, User
from organisation.roles import Role
from organisation.services import roles_sync, unit_upsert, user_create
from search.outbox import search_outbox_enqueue_many

from . import names

DEMO_PASSWORD = "Demo@2026"
TODAY = timezone.localdate()

# username, full name, role, credential number, legal qualification, unit code
DEMO_USERS = [
    ("admin", "系统管理员", Role.ADMINISTRATOR, "", False, "WHSJ"),
    ("security", "安全管理员", Role.SECURITY_ADMINISTRATOR, "", False, "WHSJ"),
    ("auditor", "审计管理员", Role.AUDIT_ADMINISTRATOR, "", False, "WHSJ"),
    ("zhangwei", "张伟", Role.INVESTIGATOR, "42010019001", False, "WHSJ-ZFJC"),
    ("liuyang", "刘洋", Role.INVESTIGATOR, "42010019002", False, "WHSJ-ZFJC"),
    ("wangfang", "王芳", Role.LICENSING_CLERK, "", False, "WHSJ-SPSC"),
    ("zhaomin", "赵敏", Role.LICENSING_CLERK, "", False, "WHSJ-SPSC"),
    ("lina", "李娜", Role.LEGAL_REVIEWER, "42010019005", True, "WHSJ-FGC"),
    ("chenjing", "陈静", Role.DIVISION_HEAD, "42010019006", False, "WHSJ-ZFJC"),
    ("liuqiang", "刘强", Role.BUREAU_HEAD, "42010019007", False, "WHSJ"),
]

HISTORY_CAMPAIGNS = [
    ("tiequan-2021", "民生领域案件查办“铁拳”行动（2021）", Sector.OTHER, (2021, 4, 1), (2021, 12, 31)),
    ("tiequan-2023", "民生领域案件查办“铁拳”行动（2023）", Sector.OTHER, (2023, 3, 1), (2023, 11, 30)),
    ("elevator-2022", "电梯安全隐患专项整治（2022）", Sector.SPECIAL_EQUIPMENT, (2022, 3, 1), (2022, 10, 31)),
    ("cosmetics-2024", "化妆品安全专项整治（2024）", Sector.COSMETICS, (2024, 4, 1), (2024, 12, 31)),
]  # fmt: skip


@transaction.atomic
def build_organisation() -> dict[str, OrganisationUnit]:
    units = {}
    units["SAMR"] = unit_upsert(
        code="SAMR",
        name="国家市场监督管理总局",
        short_name="总局",
        kind=OrganisationUnit.Kind.EXTERNAL,
        level=OrganisationUnit.Level.NATIONAL,
        document_code="国市监",
    )
    units["HBSJ"] = unit_upsert(
        code="HBSJ",
        name="湖北省市场监督管理局",
        short_name="省局",
        kind=OrganisationUnit.Kind.EXTERNAL,
        level=OrganisationUnit.Level.PROVINCE,
        region_code="420000",
        document_code="鄂市监",
    )
    bureau = unit_upsert(
        code="WHSJ",
        name="武汉市市场监督管理局",
        short_name="市局",
        kind=OrganisationUnit.Kind.BUREAU,
        level=OrganisationUnit.Level.CITY,
        region_code="420100",
        document_code="武市监",
    )
    units["WHSJ"] = bureau
    for code, name in [
        ("WHSJ-FGC", "法规处"),
        ("WHSJ-SPSC", "食品生产安全监督管理处"),
        ("WHSJ-TSSB", "特种设备安全监察处"),
        ("WHSJ-ZFJC", "执法稽查处"),
        ("WHSJ-WJC", "网络交易监督管理处"),
    ]:
        units[code] = unit_upsert(
            code=code,
            name=name,
            short_name=name,
            kind=OrganisationUnit.Kind.DIVISION,
            level=OrganisationUnit.Level.CITY,
            parent=bureau,
        )
    for region_code, district_name in WUHAN_DISTRICTS:
        if region_code == "420100":
            continue
        short = district_name.removesuffix("区")
        units[region_code] = unit_upsert(
            code=f"WHSJ-{region_code}",
            name=f"{district_name}市场监督管理局",
            short_name=short,
            kind=OrganisationUnit.Kind.BRANCH,
            level=OrganisationUnit.Level.DISTRICT,
            parent=bureau,
            region_code=region_code,
            document_code=f"{short[:2]}市监",
        )
    return units


def build_users(units: dict[str, OrganisationUnit]) -> list[User]:
    roles_sync()
    users = []
    for username, full_name, role, credential, qualified, unit_code in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                username=username,
                password=DEMO_PASSWORD,
                full_name=full_name,
                unit=units.get(unit_code),
                roles=[role],
                credential_number=credential,
                has_legal_qualification=qualified,
            )
        elif user.is_superuser:
            # Demo databases built before the three administrators: nobody is a
            # superuser at run time.
            User.objects.filter(pk=user.pk).update(is_superuser=False)
        users.append(user)
    return users


def build_campaigns(units) -> list[Campaign]:
    campaigns = []
    for code, name, sector, start, end in HISTORY_CAMPAIGNS:
        campaign, _ = Campaign.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "sector": sector,
                "starts_on": datetime.date(*start),
                "ends_on": datetime.date(*end),
                "lead_unit": units["WHSJ"],
            },
        )
        campaigns.append(campaign)
    return campaigns


class RegistryGenerator:
    """Deterministic generator: the same seed and size give the same registry."""

    def __init__(self, seed: int = 2019):
        self.rng = random.Random(seed)
        self.districts = list(District.objects.exclude(region_code="420100"))
        self.city = District.objects.get(region_code="420100")

    def person(self) -> str:
        given = "".join(
            self.rng.choice(names.GIVEN_CHARS)
            for _ in range(self.rng.choice((1, 2, 2)))
        )
        return self.rng.choice(names.SURNAMES) + given

    def credit_code(self, prefix: str, region: str) -> str:
        body = "".join(self.rng.choice(ALPHABET) for _ in range(8))
        return credit_code_build(prefix, region, body)

    def enterprise(self, index: int) -> Enterprise:
        rng = self.rng
        sector = rng.choices(
            list(names.SECTOR_WORDS),
            weights=[14, 16, 16, 6, 7, 6, 4, 8, 8, 8, 7],
        )[0]
        district = self.city if rng.random() < 0.12 else rng.choice(self.districts)
        individual = sector in ("food_trade", "catering") and rng.random() < 0.35
        brand = rng.choice(names.BRANDS)
        word = rng.choice(names.SECTOR_WORDS[sector])
        place = (
            "武汉" if district is self.city else district.name.removesuffix("区")[:2]
        )
        if individual:
            town = "武汉" if district is self.city else district.name.removesuffix("区")
            name = f"{town}{brand}{word}{rng.choice(names.INDIVIDUAL_FORMS)}"
        else:
            name = f"{place}{brand}{word}{rng.choice(names.ORG_FORMS)}"
        # Make names unique enough to be told apart, as real registers are.
        if rng.random() < 0.5:
            name = name.replace(brand, brand + rng.choice(names.BRANDS)[:1], 1)
        code = self.credit_code("92" if individual else "91", district.region_code)
        address = (
            f"武汉市{district.name if district is not self.city else rng.choice(self.districts).name}"
            f"{rng.choice(names.ROADS)}{rng.randint(1, 999)}号"
        )
        status = rng.choices(
            list(Enterprise.RegistrationStatus.values), weights=[90, 3, 7]
        )[0]
        established = datetime.date(
            rng.randint(1995, 2024), rng.randint(1, 12), rng.randint(1, 28)
        )
        return Enterprise(
            credit_code=code,
            name=name,
            legal_representative=self.person(),
            address=address,
            district=district,
            sector=sector,
            registration_status=status,
            established_on=established,
        )


def _food_number(rng, category: str, county: str, seq: int) -> str:
    return f"SC{category}4201{county}{seq:04d}{rng.randint(0, 9)}"


@transaction.atomic
def build_registry(
    *, size: int, units, campaigns, seed: int = 2019, progress=None
) -> dict:
    """Create `size` enterprises (if fewer exist) with licences and violation history."""
    existing = Enterprise.objects.count()
    if existing >= size:
        return {"enterprises": 0, "licences": 0, "violations": 0}
    gen = RegistryGenerator(seed=seed + existing)
    rng = gen.rng
    taken_codes = set(Enterprise.objects.values_list("credit_code", flat=True))
    taken_numbers = set(Licence.objects.values_list("number", flat=True))
    types_by_sector: dict[str, list[ViolationType]] = {}
    for vt in ViolationType.objects.filter(is_active=True):
        types_by_sector.setdefault(vt.sector, []).append(vt)
    all_types = [vt for vts in types_by_sector.values() for vt in vts]

    created = {"enterprises": 0, "licences": 0, "violations": 0}
    batch = 2000
    remaining = size - existing
    while remaining > 0:
        count = min(batch, remaining)
        enterprises = []
        while len(enterprises) < count:
            e = gen.enterprise(existing + len(enterprises))
            if e.credit_code in taken_codes:
                continue
            taken_codes.add(e.credit_code)
            enterprises.append(e)
        Enterprise.objects.bulk_create(enterprises, batch_size=1000)
        enterprises = list(
            Enterprise.objects.filter(
                credit_code__in=[e.credit_code for e in enterprises]
            )
        )
        former, licences, violations = [], [], []
        for e in enterprises:
            if rng.random() < 0.08:
                old = (
                    e.name.replace("有限公司", "有限责任公司")
                    if "有限公司" in e.name
                    else e.name + "（原）"
                )
                former.append(
                    EnterpriseFormerName(
                        enterprise=e,
                        name=old.replace(e.name[2:4], rng.choice(names.BRANDS)[:2], 1),
                        used_until=datetime.date(
                            rng.randint(2012, 2024), rng.randint(1, 12), 1
                        ),
                    )
                )
            licences.extend(_licences_for(e, rng, units, taken_numbers))
            if rng.random() < 0.18:
                violations.extend(
                    _violations_for(e, rng, types_by_sector, all_types, campaigns)
                )
        EnterpriseFormerName.objects.bulk_create(former, batch_size=1000)
        Licence.objects.bulk_create(licences, batch_size=1000)
        _number_decisions(violations, issuer=units["WHSJ"])
        Violation.objects.bulk_create(violations, batch_size=1000)
        search_outbox_enqueue_many(
            model_label="enterprises.enterprise", pks=[e.pk for e in enterprises]
        )
        search_outbox_enqueue_many(
            model_label="licensing.licence",
            pks=Licence.objects.filter(
                number__in=[lic.number for lic in licences]
            ).values_list("pk", flat=True),
        )
        search_outbox_enqueue_many(
            model_label="enforcement.violation",
            pks=Violation.objects.filter(enterprise__in=enterprises).values_list(
                "pk", flat=True
            ),
        )
        created["enterprises"] += len(enterprises)
        created["licences"] += len(licences)
        created["violations"] += len(violations)
        existing += count
        remaining -= count
        if progress:
            progress(count)
    return created


def _licences_for(e: Enterprise, rng, units, taken_numbers) -> list[Licence]:
    result = []
    if e.sector in (Sector.FOOD_PRODUCTION, Sector.HEALTH_FOOD) or (
        e.sector == Sector.FOOD_TRADE and rng.random() < 0.1
    ):
        category = (
            "127"
            if e.sector == Sector.HEALTH_FOOD
            else rng.choice(names.FOOD_CATEGORIES[:-1])[0]
        )
        product = dict(names.FOOD_CATEGORIES)[category]
        county = (
            e.district.region_code[4:6] if e.district.region_code != "420100" else "00"
        )
        for _ in range(20):
            number = _food_number(rng, category, county, rng.randint(1, 9999))
            if number not in taken_numbers:
                break
        taken_numbers.add(number)
        # Health food is licensed by the province (食品生产许可管理办法).
        authority = units["HBSJ"] if category == "127" else units["WHSJ"]
        result.append(
            _licence(rng, number, LicenceKind.FOOD_PRODUCTION, e, authority, product)
        )
    if e.sector == Sector.INDUSTRIAL_PRODUCTS:
        industry, product_code, product = rng.choice(names.INDUSTRIAL_PRODUCTS)
        national = rng.random() < 0.1
        for _ in range(20):
            serial = f"{rng.randint(1, 99999):05d}"
            number = f"XK{industry}-{product_code}-{serial}"
            if not national:
                number = f"(鄂){number}"
            if number not in taken_numbers:
                break
        taken_numbers.add(number)
        authority = units["SAMR"] if national else units["HBSJ"]
        result.append(
            _licence(rng, number, LicenceKind.INDUSTRIAL_PRODUCT, e, authority, product)
        )
    return result


def _licence(rng, number, kind, holder, authority, product) -> Licence:
    issued = datetime.date(
        rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)
    )
    return Licence(
        number=number,
        kind=kind,
        holder=holder,
        issuing_authority=authority,
        product=product,
        issued_on=issued,
        valid_until=issued.replace(year=issued.year + 5) - datetime.timedelta(days=1),
    )


_PENALTY_WEIGHTS = [
    (PenaltyKind.FINE, 70),
    (PenaltyKind.WARNING, 15),
    (PenaltyKind.CONFISCATION, 10),
    (PenaltyKind.SUSPENSION, 3),
    (PenaltyKind.LICENCE_REVOCATION, 2),
]


def _violations_for(e, rng, types_by_sector, all_types, campaigns) -> list[Violation]:
    result = []
    types = types_by_sector.get(e.sector) or all_types
    for _ in range(rng.choices([1, 2, 3, 4], weights=[60, 25, 10, 5])[0]):
        vt = rng.choice(types)
        # History avoids 2019: the demo year (load_demo --year 2019) builds that year
        # through the real workflows so that its report reproduces the annual summary.
        year = rng.choice([2017, 2018, 2020, 2021, 2022, 2023, 2024, 2025, 2026])
        decided = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        if decided >= TODAY:
            decided = TODAY - datetime.timedelta(days=rng.randint(1, 300))
        kind = rng.choices(
            [k for k, _ in _PENALTY_WEIGHTS], weights=[w for _, w in _PENALTY_WEIGHTS]
        )[0]
        fine = Decimal(0)
        if kind in (PenaltyKind.FINE, PenaltyKind.CONFISCATION, PenaltyKind.SUSPENSION):
            fine = Decimal(
                rng.choice(
                    [500, 1000, 2000, 3000, 5000, 10000, 20000, 50000, 100000, 200000]
                )
            )
        campaign = next(
            (
                c
                for c in campaigns
                if c.starts_on <= decided <= (c.ends_on or decided)
                and rng.random() < 0.6
            ),
            None,
        )
        result.append(
            Violation(
                enterprise=e,
                violation_type=vt,
                legal_basis=vt.penalty_provision,
                decided_on=decided,
                penalty_kind=kind,
                fine_amount=fine,
                facts=f"当事人{vt.name}。",
                campaign=campaign,
                source=Violation.Source.HISTORY_IMPORT,
                source_reference=f"历史数据{decided.year}",
            )
        )
    return result


def _number_decisions(violations: list[Violation], *, issuer) -> None:
    """Give each past decision its 决定书文号 from the bureau's real sequence for its
    year, in the order of the decisions, so no number repeats and the first decision
    issued in the system takes the number after the history's last."""
    by_year: dict[int, list[Violation]] = {}
    for v in sorted(violations, key=lambda v: (v.decided_on, v.enterprise.credit_code)):
        by_year.setdefault(v.decided_on.year, []).append(v)
    for year, decided in sorted(by_year.items()):
        numbers = document_numbers_reserve(
            type_code="penalty_decision", issuer=issuer, year=year, count=len(decided)
        )
        for v, number in zip(decided, numbers, strict=True):
            v.decision_number = number

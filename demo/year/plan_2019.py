"""2019 as the bureau's annual summary (shared/seed) describes it, story by story.

Every figure of the summary is made by stories that count towards it, plus a few that
do not (a lead not filed, a case where no violation was found, a listing whose seller
operates elsewhere), as a real year has them. Each family tops up to its target, so a
second run adds nothing.
"""

import datetime
import random
from decimal import Decimal

from campaigns.models import Campaign
from enforcement.models import (
    DiscretionBenchmark,
    DiscretionRule,
    Evidence,
    NonFilingReason,
    NoPenaltyReason,
)
from enforcement.services import LineInput
from enterprises.models import District, Enterprise, Sector
from licensing.grounds import CancellationGround, RevocationGround
from online_cleanup.models import ListingProblem
from organisation.models import OrganisationUnit
from reports.records import RECORD_KINDS
from workshops.models import ClosureReason

from .. import names
from .cases import CasePlan, SummaryPlan, confiscation, fine
from .context import YearContext
from .licences import ReferralPlan, RevocationPlan
from .online import ClearancePlan, LeadPlan
from .parties import licence, party, rng_for
from .workshops import ClosurePlan

YEAR = 2019

# The summary's figures (shared/seed/000_82f0696a6534d139.txt).
TARGETS = {
    "health_food_penalties": 55,
    "special_equipment_violations": 40,
    "licences_revoked": 20,
    "licences_referred": 51,
    "products_cleared_offline": 1600,
    "online_items_removed": 5,
    "internet_enterprises": 11,
    "workshops_closed": 422,
}

CAMPAIGNS = [
    # code, name, sector, starts, ends
    ("baojian-bairi-2019", "保健食品“百日行动”（2019）", Sector.HEALTH_FOOD, (2019, 1, 8), (2019, 4, 17)),
    ("qingwang-2019", "医疗器械“清网行动”（2019）", Sector.MEDICAL_DEVICES, (2019, 5, 6), (2019, 12, 31)),
    ("jingwang-qingyuan-2019", "化妆品“线上净网、线下清源”（2019）", Sector.COSMETICS, (2019, 6, 3), (2019, 11, 29)),
]  # fmt: skip

BENCHMARK_TITLE = "武汉市市场监督管理局行政处罚裁量基准"
# violation type, item, (mitigating from, ordinary from, aggravating from, to), note
BENCHMARK_RULES_2018 = [
    ("hf-unregistered", "第31项", (50_000, 60_000, 80_000, 100_000), "货值金额不足一万元的"),
    ("hf-label", "第33项", (5_000, 15_000, 35_000, 50_000), ""),
    ("se-unregistered", "第95项", (30_000, 100_000, 200_000, 300_000), ""),
    ("se-overdue-inspection", "第96项", (30_000, 100_000, 200_000, 300_000), ""),
    ("se-uncertified-operator", "第99项", (10_000, 20_000, 35_000, 50_000), ""),
    ("se-maintenance", "第101项", (10_000, 40_000, 70_000, 100_000), ""),
]  # fmt: skip


def campaigns_ensure(bureau: OrganisationUnit) -> dict[str, Campaign]:
    found = {}
    for code, name, sector, start, end in CAMPAIGNS:
        campaign, _ = Campaign.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "sector": sector,
                "starts_on": datetime.date(*start),
                "ends_on": datetime.date(*end),
                "lead_unit": bureau,
            },
        )
        found[code] = campaign
    return found


def benchmark_2018_ensure(types) -> DiscretionBenchmark:
    """The benchmark edition in force in 2019, which the year's cases pin."""
    benchmark, created = DiscretionBenchmark.objects.get_or_create(
        title=BENCHMARK_TITLE,
        version="2018年版",
        defaults={
            "document_number": "武工商规〔2018〕2号",
            "effective_from": datetime.date(2018, 3, 1),
        },
    )
    if created:
        for code, item, (low, mid, high, top), note in BENCHMARK_RULES_2018:
            DiscretionRule.objects.create(
                benchmark=benchmark,
                violation_type=types[code],
                item=item,
                mitigating_min=Decimal(low),
                mitigating_max=Decimal(mid),
                ordinary_min=Decimal(mid),
                ordinary_max=Decimal(high),
                aggravating_min=Decimal(high),
                aggravating_max=Decimal(top),
                note=note,
            )
        benchmark.publish()
        benchmark.save()
    return benchmark


def figure(code: str, ctx: YearContext) -> int:
    """The figure as the annual report computes it (reports.figures)."""
    from reports import figures

    if code == "health_food_penalties":
        return RECORD_KINDS["cases"].value(
            {
                "year": YEAR,
                "basis": "decided",
                "outcome": "penalty",
                "campaign": ctx.campaigns["baojian-bairi-2019"],
            }
        )
    spec = getattr(figures, code)(YEAR)
    return RECORD_KINDS[spec.kind].value(spec.filters)


# --- Dates ---------------------------------------------------------------------------


def spread(ctx, count: int, first: datetime.date, last: datetime.date, rng):
    """`count` working days between `first` and `last`, in order (repeats allowed)."""
    days = []
    day = first
    while day <= last:
        if ctx.calendar.is_working_day(day):
            days.append(day)
        day += datetime.timedelta(days=1)
    return sorted(rng.choice(days) for _ in range(count))


# --- Health food: 保健食品“百日行动” ------------------------------------------------------

HEALTH_PRODUCTS = [
    "牛初乳咀嚼片", "辅酶Q10软胶囊", "深海鱼油软胶囊", "蛋白质粉", "钙维生素D片", "灵芝孢子粉胶囊",
    "葡萄籽提取物胶囊", "褪黑素维生素B6片", "螺旋藻片", "氨糖软骨素钙片", "纳豆激酶胶囊", "破壁松花粉片",
]  # fmt: skip

EVIDENCE = [
    (Evidence.Kind.RECORD, "现场检查笔录及现场照片", "当事人经营涉案产品的事实"),
    (
        Evidence.Kind.PARTY_STATEMENT,
        "当事人法定代表人询问笔录",
        "涉案产品的购进、销售情况",
    ),
    (Evidence.Kind.DOCUMENTARY, "进货单据、销售记录复印件", "涉案货值金额和违法所得"),
]


def _health_food_case(ctx, index, *, head, reviewer, received_on) -> CasePlan:
    rng = rng_for("health_food_case", index)
    types = ctx.types
    kind = ["hf-unregistered", "hf-false-claims", "hf-sales-meeting", "hf-label"][
        index % 4
    ]
    vt = types[kind]
    product = rng.choice(HEALTH_PRODUCTS)
    brand = rng.choice(names.BRANDS)
    registrar = ["zhangwei", "zhengli"][index % 2]
    second = "liuyang" if registrar == "zhangwei" else "zhangwei"
    client = party("health_food", index, sector=Sector.HEALTH_FOOD)
    quantity = rng.randint(12, 160)
    value = quantity * rng.choice([68, 98, 128, 168, 198, 298])
    gain = int(value * rng.uniform(0.2, 0.4))
    if kind == "hf-unregistered":
        clue = f"“百日行动”专项检查发现当事人销售的“{brand}”牌{product}未标注保健食品批准文号，涉嫌为未经注册的保健食品。"
        facts = f"当事人自{YEAR}年起购进并销售未经注册的“{brand}”牌{product}共{quantity}盒，货值金额{value}元，违法所得{gain}元。"
        lines = [
            fine(vt, rng.choice([50_000, 55_000, 60_000])),
            confiscation(vt, gain, f"“{brand}”牌{product}{quantity // 3}盒"),
        ]
    elif kind == "hf-false-claims":
        clue = f"群众举报当事人在门店宣传“{brand}”牌{product}可治疗高血压、糖尿病，涉嫌虚假宣传。"
        facts = f"当事人在经营场所张贴宣传资料并向消费者宣称“{brand}”牌{product}具有治疗高血压、糖尿病等疾病的功效，涉案产品货值金额{value}元。"
        lines = [fine(vt, rng.choice([30_000, 50_000, 80_000]), "")]
    elif kind == "hf-sales-meeting":
        clue = f"“百日行动”排查发现当事人以免费体检、健康讲座名义组织老年人参加会议营销，推销{product}。"
        facts = f"当事人以“健康讲座”名义组织老年消费者参会，夸大宣传{product}的保健功能并现场销售，销售金额{value}元，违法所得{gain}元。"
        lines = [
            fine(vt, rng.choice([50_000, 80_000, 100_000]), ""),
            confiscation(vt, gain, ""),
        ]
    else:
        clue = f"“百日行动”检查发现当事人销售的“{brand}”牌{product}标签未标注不适宜人群和注意事项。"
        facts = f"当事人销售的“{brand}”牌{product}标签缺少不适宜人群、注意事项等保健食品标签应当标注的内容，共{quantity}盒，货值金额{value}元。"
        lines = [fine(vt, rng.choice([5_000, 8_000, 10_000]))]
    return CasePlan(
        party=client,
        violation=vt,
        campaign=ctx.campaigns["baojian-bairi-2019"],
        received_on=received_on,
        clue=clue,
        facts=facts,
        registrar=registrar,
        lead=registrar,
        second=second,
        head=head,
        reviewer=reviewer,
        lines=lines,
        statement=rng.choices(["waive", "lapse", "statement"], weights=[6, 3, 2])[0],
        source=rng.choice(["campaign", "campaign", "complaint"]),
        evidence=rng.sample(EVIDENCE, 2),
        findings="现场核查属实，当事人涉嫌违法，建议立案调查。",
        discretion_reasons="当事人积极配合调查，如实陈述违法事实，主动停止销售涉案产品。",
    )


def health_food_plans(ctx: YearContext, count: int) -> tuple[list, list]:
    """(ordinary case plans, summary plans) for `count` penalty decisions; when the
    whole family is made, two leads that are not filed come with it."""
    rng = random.Random("2019-health-food")
    summaries = round(count * 15 / 55)
    ordinary = count - summaries
    campaign = ctx.campaigns["baojian-bairi-2019"]
    start = campaign.starts_on
    days = spread(ctx, ordinary, start, datetime.date(YEAR, 4, 12), rng)
    heads, reviewers = ["liuqiang", "wangjianguo"], ["lina", "hejing"]
    plans = [
        _health_food_case(
            ctx,
            index,
            head=heads[index % 2],
            reviewer=reviewers[(index // 2) % 2],
            received_on=day,
        )
        for index, day in enumerate(days)
    ]
    if count == TARGETS["health_food_penalties"]:
        for extra in range(2):
            plan = _health_food_case(
                ctx,
                900 + extra,
                head="liuqiang",
                reviewer="lina",
                received_on=days[extra * 20],
            )
            plan.outcome = "not_filed"
            plan.non_filing_reason = NonFilingReason.NO_EVIDENCE
            plan.findings = (
                "经核查，涉案产品已取得保健食品注册批准文号，举报内容不属实。"
            )
            plans.append(plan)
    label = ctx.types["hf-label"]
    summary_days = spread(ctx, summaries, start, campaign.ends_on, rng)
    summary_plans = []
    for index, day in enumerate(summary_days):
        individual = index % 3 == 2
        client = party(
            "health_food",
            500 + index,
            sector=Sector.HEALTH_FOOD,
            words=["保健品", "营养品"],
            individual=individual,
        )
        product = rng.choice(HEALTH_PRODUCTS)
        amount = 200 if individual else rng.choice([1_000, 1_500, 2_000])
        summary_plans.append(
            SummaryPlan(
                party=client,
                violation=label,
                campaign=campaign,
                decided_on=day,
                facts=f"当事人销售的{product}标签生产日期标注不清晰，不影响食品安全，经责令改正后仍未改正。",
                officer="zhengli",
                second="zhangwei",
                filer="chenjing",
                line=LineInput(
                    violation_type=label,
                    kind="fine",
                    amount=Decimal(amount),
                    legal_basis="《中华人民共和国食品安全法》第一百二十五条第二款",
                ),
                number=f"武市监当罚〔{YEAR}〕{1201 + index:06d}号",
            )
        )
    return plans, summary_plans


# --- Special equipment ------------------------------------------------------------------

EQUIPMENT = ["乘客电梯", "载货电梯", "叉车", "桥式起重机", "蒸汽锅炉", "储气罐"]
SE_PLACES = ["商业综合体", "住宅小区", "生产车间", "物流仓库", "酒店", "医院"]


def _special_equipment_case(ctx, index, *, received_on, outcome) -> CasePlan:
    rng = rng_for("special_equipment_case", index)
    kind = [
        "se-overdue-inspection",
        "se-unregistered",
        "se-uncertified-operator",
        "se-maintenance",
    ][index % 4]
    vt = ctx.types[kind]
    equipment = rng.choice(EQUIPMENT if kind != "se-maintenance" else ["乘客电梯"])
    place = rng.choice(SE_PLACES)
    count = rng.randint(1, 4)
    client = party("special_equipment", index, sector=Sector.SPECIAL_EQUIPMENT)
    if kind == "se-overdue-inspection":
        clue = f"特种设备安全专项整治中发现当事人{place}内{count}台{equipment}超过检验有效期仍在使用。"
        facts = f"当事人在其{place}使用的{count}台{equipment}检验合格有效期已届满，未按规定申请定期检验，仍继续使用。"
        amounts = [30_000, 40_000, 50_000]
    elif kind == "se-unregistered":
        clue = f"监督检查发现当事人{place}内{count}台{equipment}未办理使用登记。"
        facts = f"当事人在其{place}投入使用的{count}台{equipment}未向特种设备安全监督管理部门办理使用登记。"
        amounts = [30_000, 50_000, 60_000]
    elif kind == "se-uncertified-operator":
        clue = f"监督检查发现当事人安排无证人员操作{equipment}。"
        facts = (
            f"当事人安排未取得特种设备作业人员证书的人员在其{place}操作{equipment}。"
        )
        amounts = [10_000, 15_000, 20_000]
    else:
        clue = "电梯应急处置服务平台数据显示当事人维保的电梯困人故障频发，现场检查发现维保不到位。"
        facts = f"当事人作为电梯维护保养单位，未按照安全技术规范的要求对其维保的{count}台乘客电梯进行清洁、润滑、调整和检查。"
        amounts = [10_000, 20_000, 30_000]
    registrar = ["sunlei", "zhoumin"][index % 2]
    plan = CasePlan(
        party=client,
        violation=vt,
        campaign=None,
        received_on=received_on,
        clue=clue,
        facts=facts,
        registrar=registrar,
        lead=registrar,
        second="zhoumin" if registrar == "sunlei" else "sunlei",
        head=["liuqiang", "wangjianguo"][(index // 2) % 2],
        reviewer=["lina", "hejing"][index % 2],
        lines=[fine(vt, rng.choice(amounts))],
        statement=rng.choices(["waive", "lapse", "statement"], weights=[5, 3, 2])[0],
        source=rng.choice(["inspection", "inspection", "monitoring", "complaint"]),
        evidence=[
            (
                Evidence.Kind.RECORD,
                "特种设备现场监督检查记录及照片",
                f"{equipment}的使用情况",
            ),
            (
                Evidence.Kind.DOCUMENTARY,
                "特种设备使用登记、检验报告查询记录",
                "登记和检验状态",
            ),
        ],
        findings="现场检查属实，建议立案调查。",
        discretion_reasons="当事人积极配合调查，已停止使用涉案设备并完成整改。",
        outcome=outcome,
    )
    if outcome == "no_penalty":
        plan.lines = []
        plan.no_penalty_reason = NoPenaltyReason.FIRST_OFFENCE
    elif outcome == "not_established":
        plan.outcome = "no_penalty"
        plan.lines = []
        plan.no_penalty_reason = NoPenaltyReason.NOT_ESTABLISHED
        plan.facts = f"经调查，当事人{place}内的{equipment}已于检查前办理停用手续，未实际使用，违法事实不能成立。"
    return plan


def special_equipment_plans(ctx: YearContext, count: int) -> list[CasePlan]:
    rng = random.Random("2019-special-equipment")
    no_penalty = round(count * 6 / 40)
    days = spread(
        ctx, count, datetime.date(YEAR, 1, 14), datetime.date(YEAR, 10, 25), rng
    )
    plans = [
        _special_equipment_case(
            ctx,
            index,
            received_on=day,
            outcome="no_penalty"
            if index % 7 == 3 and index // 7 < no_penalty
            else "penalty",
        )
        for index, day in enumerate(days)
    ]
    if count == TARGETS["special_equipment_violations"]:
        # Decided, but no violation was found: not among the violations handled.
        plans.append(
            _special_equipment_case(
                ctx, 900, received_on=days[10], outcome="not_established"
            )
        )
    return plans


# --- Licences ---------------------------------------------------------------------------

REVOCATION_FACTS = {
    RevocationGround.FRAUD_OR_BRIBERY: (
        "当事人申请食品生产许可时提交的检验报告系伪造，以欺骗手段取得许可。",
        "1. 检验机构出具的检验报告真实性核查函及复函\n2. 当事人许可申请材料\n3. 当事人询问笔录",
    ),
    RevocationGround.INELIGIBLE_APPLICANT: (
        "当事人取得许可时生产场所不符合食品生产许可审查细则规定的条件，许可审查未发现。",
        "1. 现场核查记录及照片\n2. 许可审查记录\n3. 专家复核意见",
    ),
    RevocationGround.PROCEDURE_BREACH: (
        "当事人的许可未经现场核查即予批准，违反法定程序。",
        "1. 许可审批档案\n2. 审查人员情况说明",
    ),
}


def revocation_plans(ctx: YearContext, count: int, *, start: int) -> list:
    rng = random.Random("2019-revocations")
    bureau = OrganisationUnit.objects.get(code="WHSJ")
    days = spread(
        ctx, count, datetime.date(YEAR, 2, 25), datetime.date(YEAR, 10, 31), rng
    )
    plans = []
    grounds = [RevocationGround.FRAUD_OR_BRIBERY] * 3 + [
        RevocationGround.INELIGIBLE_APPLICANT,
        RevocationGround.FRAUD_OR_BRIBERY,
        RevocationGround.PROCEDURE_BREACH,
    ]
    for offset, day in enumerate(days):
        index = start + offset
        item_rng = rng_for("revoked", index)
        holder = party("revoked", index, sector=Sector.FOOD_PRODUCTION)
        category, product = item_rng.choice(names.FOOD_CATEGORIES[:-1])
        county = holder.district.region_code[4:6] if holder.district else "02"
        issued = datetime.date(
            item_rng.randint(2016, 2018), item_rng.randint(1, 12), 15
        )
        food_licence = licence(
            holder=holder,
            base_number=f"SC{category}4201{county}{7000 + index:04d}",
            authority=bureau,
            product=product,
            issued_on=issued,
            valid_until=issued.replace(year=issued.year + 5)
            - datetime.timedelta(days=1),
        )
        ground = grounds[index % len(grounds)]
        facts, evidence = REVOCATION_FACTS[ground]
        plans.append(
            RevocationPlan(
                licence=food_licence,
                ground=ground,
                facts=facts,
                evidence=evidence,
                opened_on=day,
                clerk=["wangfang", "zhaomin"][index % 2],
                reviewer=["lina", "hejing"][index % 2],
                head=["liuqiang", "wangjianguo"][(index // 2) % 2],
                statement="当事人对撤销事实无异议，请求给予重新申请的机会。"
                if index % 4 == 1
                else "",
                returned_for="请补充检验机构对报告真实性的书面复函。"
                if index % 9 == 4
                else "",
            )
        )
    return plans


# Four letters to the province over the year: (month, day, ground, count, late reply,
# rejected)
REFERRAL_LETTERS = [
    (3, 18, CancellationGround.HOLDER_DISSOLVED, 14, False, 0),
    (6, 17, CancellationGround.EXPIRED, 13, False, 1),
    (9, 9, CancellationGround.HOLDER_DISSOLVED, 12, True, 0),
    (11, 11, CancellationGround.EXPIRED, 12, False, 1),
]
REFERRAL_REASONS = {
    CancellationGround.HOLDER_DISSOLVED: "持证企业已依法办理注销登记，许可证应当依法注销。",
    CancellationGround.EXPIRED: "许可证有效期届满，持证企业未申请延续。",
}


def referral_plans(ctx: YearContext, count: int, *, start: int) -> list:
    """Letters referring `count` province-issued production licences (from licence
    number `start` of the family on)."""
    province = OrganisationUnit.objects.get(code="HBSJ")
    plans, index = [], start
    remaining = count
    for month, day, ground, size, late, rejected in REFERRAL_LETTERS:
        if remaining <= 0:
            break
        started_on = datetime.date(YEAR, month, day)
        size = min(size, remaining) if count < TARGETS["licences_referred"] else size
        licences = []
        for _ in range(size):
            item_rng = rng_for("referred", index)
            dissolved = ground == CancellationGround.HOLDER_DISSOLVED
            holder = party(
                "referred",
                index,
                sector=Sector.HEALTH_FOOD
                if index % 4 == 3
                else Sector.INDUSTRIAL_PRODUCTS,
                registration_status=Enterprise.RegistrationStatus.DEREGISTERED
                if dissolved
                else Enterprise.RegistrationStatus.ACTIVE,
            )
            if dissolved:
                issued = datetime.date(
                    item_rng.randint(2015, 2018), item_rng.randint(1, 12), 10
                )
            else:
                # Expired a few weeks before the letter.
                valid_until = started_on - datetime.timedelta(
                    days=item_rng.randint(10, 70)
                )
                issued = valid_until.replace(
                    year=valid_until.year - 5
                ) + datetime.timedelta(days=1)
            valid_until = issued.replace(year=issued.year + 5) - datetime.timedelta(
                days=1
            )
            if holder.sector == Sector.HEALTH_FOOD:
                county = holder.district.region_code[4:6] if holder.district else "02"
                base, product = f"SC1274201{county}{8000 + index:04d}", "保健食品"
            else:
                industry, code, product = item_rng.choice(names.INDUSTRIAL_PRODUCTS)
                base = f"(鄂)XK{industry}-{code}-9{index:03d}"
            licences.append(
                licence(
                    holder=holder,
                    base_number=base,
                    authority=province,
                    product=product,
                    issued_on=issued,
                    valid_until=valid_until,
                )
            )
            index += 1
        remaining -= len(licences)
        plans.append(
            ReferralPlan(
                licences=licences,
                ground=ground,
                reason=REFERRAL_REASONS[ground],
                started_on=ctx.workday(started_on),
                clerk="wangfang" if month < 9 else "zhaomin",
                reply_after=45 if late else ctx.rng.randint(14, 24),
                rejections={
                    licences[
                        -1 - n
                    ].number: "该企业已在许可证有效期届满前提出延续申请，我局已准予延续，不予注销。"
                    for n in range(rejected)
                },
            )
        )
    return plans


# --- Online cleanup and offline clearance -----------------------------------------------

COSMETICS = ["美白祛斑霜", "染发膏", "防晒乳", "祛痘精华液", "睫毛增长液", "烫发剂"]
DEVICES = ["家用制氧机", "电子血压计", "隐形眼镜", "医用口罩", "血糖试纸", "助听器"]


def _platform(index: int) -> tuple[Enterprise, str]:
    rng = rng_for("platform", index)
    brand = rng.choice(names.BRANDS)
    enterprise = party(
        "platform",
        index,
        sector=Sector.ONLINE_TRADE,
        name=f"武汉{brand}{['优选', '易购', '邻里', '乐享', '云店', '好物'][index % 6]}电子商务有限公司",
    )
    return (
        enterprise,
        f"{brand}{['优选', '易购', '邻里', '乐享', '云店', '好物'][index % 6]}商城",
    )


def lead_plans(ctx: YearContext) -> list[LeadPlan]:
    """Five listings removed (three illegal products, two false qualification notices;
    one seller also faces a case), six platforms that did not act and face a case,
    two sellers referred to the bureau where they operate."""
    rng = random.Random("2019-leads")
    cosmetics = ctx.campaigns["jingwang-qingyuan-2019"]
    devices = ctx.campaigns["qingwang-2019"]
    types = ctx.types
    plans = []
    rows = [
        # campaign, problem, outcome, product list
        (cosmetics, ListingProblem.ILLEGAL_PRODUCT, "removed", COSMETICS),
        (cosmetics, ListingProblem.ILLEGAL_PRODUCT, "removed", COSMETICS),
        (devices, ListingProblem.ILLEGAL_PRODUCT, "removed", DEVICES),
        (devices, ListingProblem.FALSE_QUALIFICATION, "removed", DEVICES),
        (devices, ListingProblem.FALSE_QUALIFICATION, "removed_escalate", DEVICES),
        (cosmetics, ListingProblem.ILLEGAL_PRODUCT, "not_removed", COSMETICS),
        (cosmetics, ListingProblem.ILLEGAL_PRODUCT, "not_removed", COSMETICS),
        (cosmetics, ListingProblem.FALSE_ADVERTISING, "not_removed", COSMETICS),
        (devices, ListingProblem.ILLEGAL_PRODUCT, "not_removed", DEVICES),
        (devices, ListingProblem.UNLICENSED, "not_removed", DEVICES),
        (devices, ListingProblem.ILLEGAL_PRODUCT, "not_removed", DEVICES),
        (cosmetics, ListingProblem.ILLEGAL_PRODUCT, "referred", COSMETICS),
        (devices, ListingProblem.FALSE_QUALIFICATION, "referred", DEVICES),
    ]
    platform_count = 0
    for index, (campaign, problem, outcome, products) in enumerate(rows):
        product = rng.choice(products)
        seller = party(
            "online_seller",
            index,
            sector=Sector.COSMETICS
            if campaign == cosmetics
            else Sector.MEDICAL_DEVICES,
            words=["网络科技", "电子商务", "商贸"],
        )
        platform, platform_name = _platform(
            index if outcome != "not_removed" else 100 + platform_count
        )
        if outcome == "not_removed":
            platform_count += 1
        found_on = ctx.workday(
            max(campaign.starts_on, datetime.date(YEAR, 6, 10))
            + datetime.timedelta(days=rng.randint(0, 120))
        )
        suspected = {
            ListingProblem.ILLEGAL_PRODUCT: f"销售未经注册或备案的{product}",
            ListingProblem.FALSE_QUALIFICATION: "店铺展示的医疗器械经营备案凭证系伪造",
            ListingProblem.FALSE_ADVERTISING: f"宣称{product}具有医疗作用",
            ListingProblem.UNLICENSED: f"未取得医疗器械经营许可销售{product}",
        }[problem]
        plan = LeadPlan(
            campaign=campaign,
            platform_name=platform_name,
            platform=platform,
            shop_name=f"{seller.name[2:6]}旗舰店",
            listing_url=f"https://item.{platform.credit_code[-6:].lower()}.example/{YEAR}{index:05d}",
            product_name=product,
            problem=problem,
            suspected_violation=suspected,
            found_on=found_on,
            officer="wuhao",
            seller=seller,
            outcome=outcome,
            referred_to=["杭州市市场监督管理局", "广州市市场监督管理局"][index % 2]
            if outcome == "referred"
            else "",
        )
        if outcome == "removed_escalate":
            vt = types["md-false-qualification"]
            plan.case_plan = _online_case(ctx, seller, vt, campaign, "penalty", rng)
        elif outcome == "not_removed":
            vt = types["online-platform-duty"]
            plan.case_plan = _online_case(
                ctx,
                platform,
                vt,
                campaign,
                "penalty" if platform_count <= 4 else "not_filed",
                rng,
            )
        plans.append(plan)
    return plans


def _online_case(ctx, client, vt, campaign, outcome, rng) -> CasePlan:
    return CasePlan(
        party=client,
        violation=vt,
        campaign=campaign,
        received_on=datetime.date(YEAR, 1, 1),  # registered at escalation
        clue="",
        facts=f"当事人{vt.name}，经我局通知后未在期限内采取必要措施。"
        if vt.code == "online-platform-duty"
        else f"当事人{vt.name}，涉案商品信息已于我局通知后下架。",
        registrar="wuhao",
        lead="wuhao",
        second="liuyang",
        head="wangjianguo",
        reviewer="hejing",
        outcome=outcome,
        lines=[fine(vt, rng.choice([20_000, 30_000, 50_000]), "")],
        non_filing_reason=NonFilingReason.FIRST_OFFENCE,
        statement="waive",
        evidence=[
            (
                Evidence.Kind.ELECTRONIC,
                "网页截图及电子数据提取笔录",
                "涉案商品信息的发布情况",
            ),
            (
                Evidence.Kind.DOCUMENTARY,
                "平台处置通知书及送达回证",
                "通知平台处置的事实",
            ),
        ],
        findings="经核查，当事人违法事实基本清楚，建议立案调查。"
        if outcome == "penalty"
        else "平台已于立案前删除涉案信息并完善审核制度，系初次违法且危害后果轻微，建议不予立案。",
        discretion_reasons="当事人积极配合调查，已完成整改。",
    )


def clearance_plans(ctx: YearContext, products: int) -> list[ClearancePlan]:
    """Inspections of cosmetics shops whose removed products add up to `products`."""
    rng = random.Random("2019-clearances")
    campaign = ctx.campaigns["jingwang-qingyuan-2019"]
    inspections = max(1, round(products / 25))
    weights = [rng.randint(5, 45) for _ in range(inspections)]
    counts = [max(1, products * w // sum(weights)) for w in weights]
    counts[-1] += products - sum(counts)
    days = spread(ctx, inspections, campaign.starts_on, campaign.ends_on, rng)
    plans = []
    for index, (day, count) in enumerate(zip(days, counts)):
        shop = party(
            "cosmetics_shop",
            index % 40,
            sector=Sector.COSMETICS,
            words=["化妆品", "美容用品", "日化"],
            individual=index % 40 >= 28,
        )
        plans.append(
            ClearancePlan(
                campaign=campaign,
                enterprise=shop,
                inspected_on=day,
                products=count,
                description=f"检查发现未备案、标签不符合规定的{rng.choice(COSMETICS)}等化妆品，责令下架{count}个。",
                officer=rng.choice(["zhengli", "liuyang", "wuhao"]),
            )
        )
    return plans


# --- Small workshops --------------------------------------------------------------------

WORKSHOP_PRODUCTS = ["豆腐", "豆芽", "米粉", "凉皮", "糕点", "腊肉", "香油", "碱面", "酱菜", "卤味", "麻花", "米酒"]  # fmt: skip
WORKSHOP_PLACES = ["街道", "村", "社区", "集镇"]
# Suburban districts close most workshops.
DISTRICT_WEIGHTS = {
    "420112": 9, "420113": 5, "420114": 9, "420115": 10, "420116": 12, "420117": 11,
    "420104": 5, "420105": 5, "420111": 8, "420106": 4, "420107": 4, "420102": 3,
    "420103": 3, "420171": 5, "420172": 4,
}  # fmt: skip
WORKSHOP_DETAILS = {
    ClosureReason.UNLICENSED: "未取得食品小作坊登记证从事{product}生产加工，依法予以取缔，查扣生产工具。",
    ClosureReason.UNSANITARY: "生产加工场所卫生条件差，与污染源距离不符合要求，责令停止生产并关停。",
    ClosureReason.ILLEGAL_SUBSTANCES: "生产{product}使用非食用物质，依法关停并移送立案查处。",
    ClosureReason.NOT_RECTIFIED: "经责令限期整改逾期未改正，依法关停。",
}


def closure_plans(ctx: YearContext, count: int, *, start: int) -> list[ClosurePlan]:
    rng = random.Random(f"2019-workshops-{start}")
    districts = {d.region_code: d for d in District.objects.all()}
    codes = list(DISTRICT_WEIGHTS)
    days = spread(
        ctx, count, datetime.date(YEAR, 1, 7), datetime.date(YEAR, 12, 27), rng
    )
    reasons = [
        ClosureReason.UNLICENSED,
        ClosureReason.UNSANITARY,
        ClosureReason.ILLEGAL_SUBSTANCES,
        ClosureReason.NOT_RECTIFIED,
    ]
    plans = []
    for offset, day in enumerate(days):
        index = start + offset
        code = rng.choices(codes, weights=[DISTRICT_WEIGHTS[c] for c in codes])[0]
        district = districts[code]
        short = district.name.removesuffix("区")
        product = rng.choice(WORKSHOP_PRODUCTS)
        surname = rng.choice(names.SURNAMES)
        reason = rng.choices(reasons, weights=[60, 25, 8, 7])[0]
        officer = rng.choice(["zhengli", "zhangwei", "liuyang"])
        plans.append(
            ClosurePlan(
                workshop_name=f"{short}{rng.choice(names.BRANDS)}{rng.choice(WORKSHOP_PLACES)}{surname}记{product}作坊",
                operator_name=surname + rng.choice(names.GIVEN_CHARS),
                district=district,
                address=f"武汉市{district.name}{rng.choice(names.ROADS)}{rng.randint(1, 500)}号附{index % 9 + 1}号",
                reason=reason,
                details=WORKSHOP_DETAILS[reason].format(product=product),
                closed_on=day,
                officer=officer,
                recorder=officer,
            )
        )
    return plans

"""A small year built through the services, with records inside and outside 2019 and in
two districts, so every figure's filters are exercised."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
import time_machine
from django.test import Client

from campaigns.models import Campaign
from campaigns.services import offline_clearance_record
from enforcement import services as cases
from enforcement.models import Case
from enforcement.services import LineInput
from enterprises.models import District, Sector
from licensing import services as licensing
from online_cleanup import services as online
from organisation.roles import Role
from tests import factories
from tests.enforcement import factories as case_factories
from workshops.models import ClosureReason
from workshops.services import workshop_closure_record

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
JIANG_AN, HUANG_PI = "420102", "420116"


def on(year, month, day, hour=10):
    return time_machine.travel(
        datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI), tick=True
    )


@dataclass
class SmallYear:
    people: dict
    campaign: Campaign
    district_a: District
    district_b: District
    cases: dict = field(default_factory=dict)
    revocations: dict = field(default_factory=dict)
    leads: dict = field(default_factory=dict)


def _party(region, sector=Sector.HEALTH_FOOD, individual=False):
    return factories.enterprise(
        credit_code=factories.credit_code(region, "92" if individual else "91"),
        sector=sector,
    )


def _summary(people, party, code, amount, campaign=None):
    vt = case_factories.violation_type(code)
    return cases.summary_case_decide(
        party=party,
        officer=people["zhang"],
        second_officer=people["liu"],
        violation_type=vt,
        facts="当事人销售的保健食品标签生产日期标注不清晰，经责令改正拒不改正。",
        lines=[LineInput(violation_type=vt, kind="fine", amount=Decimal(amount))],
        decided_on=datetime.date.today(),
        number=f"武市监当罚〔2019〕{factories.unique():06d}号",
        campaign=campaign,
    )


def _no_penalty(people, party, reason):
    vt = case_factories.violation_type("se-maintenance")
    case = case_factories.filed(
        people, party_=party, violation_type=vt, title="电梯维保不到位案"
    )
    case_factories.reported(
        people,
        case,
        violation_type=vt,
        proposal="no_penalty",
        no_penalty_reason=reason,
        lines=[],
    )
    cases.case_review_pass(case=case, reviewer=people["li"], opinion="同意。")
    return cases.case_decide(
        case=case,
        decider=people["liuqiang"],
        kind="no_penalty",
        opinion="不予行政处罚。",
        no_penalty_reason=reason,
    )


def _revocation(people, holder, *, decide: bool):
    licence = factories.food_licence(holder=holder)
    clerk, reviewer, head = people["clerk"], people["li"], people["liuqiang"]
    record = licensing.revocation_open(
        licence=licence,
        ground="fraud_or_bribery",
        facts="以欺骗手段取得许可。",
        evidence="1. 核查函",
        actor=clerk,
    )
    if not decide:
        return record
    today = datetime.date.today()
    licensing.revocation_serve_notice(
        revocation=record, served_on=today, method="直接送达", actor=clerk
    )
    licensing.revocation_record_statement(
        revocation=record, statement="无异议", received_on=today, actor=clerk
    )
    licensing.revocation_review(
        revocation=record, reviewer=reviewer, approve=True, opinion="同意"
    )
    licensing.revocation_decide_approval(
        revocation=record, approver=head, approve=True, opinion="同意"
    )
    return licensing.revocation_record_decision(
        revocation=record,
        number=f"武市监许撤〔{today.year}〕{factories.unique()}号",
        decided_on=today,
        actor=head,
    )


def _referral(people, holders):
    clerk = people["clerk"]
    cancellations = [
        licensing.cancellation_open(
            licence=factories.industrial_licence(holder=holder),
            ground="holder_dissolved",
            reason="企业已注销",
            actor=clerk,
        )
        for holder in holders
    ]
    referral = licensing.referral_open(
        cancellations=cancellations, to_authority=factories.province(), actor=clerk
    )
    return licensing.referral_record_issue(
        referral=referral,
        number=f"武市监函〔2019〕{factories.unique()}号",
        issued_on=datetime.date.today(),
        actor=clerk,
    )


def _lead(people, campaign, seller, platform, problem, outcome):
    officer = people["zhang"]
    lead, _ = online.listing_lead_register(
        platform_name="云集优选",
        shop_name=f"{seller.name}旗舰店",
        listing_url=f"https://item.example/{factories.unique()}",
        product_name="祛斑霜",
        problem=problem,
        suspected_violation="销售未备案化妆品",
        captured_at=datetime.datetime.now(tz=SHANGHAI) - datetime.timedelta(hours=1),
        actor=officer,
        source="campaign",
        campaign=campaign,
    )
    lead.platform = platform
    lead.save(update_fields=["platform"])
    online.listing_lead_identify(
        lead=lead, seller=seller, local=True, authority="", actor=officer
    )
    online.listing_lead_notify_platform(
        lead=lead,
        measure="delist",
        deadline=datetime.date.today() + datetime.timedelta(days=5),
        actor=officer,
    )
    lead = online.listing_lead_verify(
        lead=lead,
        still_online=outcome == "not_removed",
        note="复查",
        actor=officer,
    )
    if outcome != "removed":
        lead = online.listing_lead_escalate(
            lead=lead,
            against="platform" if outcome == "not_removed" else "seller",
            actor=officer,
        )
    return lead


def _closure(people, district, name, closed_on):
    return workshop_closure_record(
        workshop_name=name,
        district=district,
        address=f"武汉市{district.name}某路{factories.unique()}号",
        reason=ClosureReason.UNLICENSED,
        details="无证生产，予以取缔。",
        closed_on=closed_on,
        officer=people["zhang"],
        actor=people["zhang"],
    )


@pytest.fixture
def small_year(db) -> SmallYear:
    people = case_factories.staff()
    factories.province()
    people["clerk"] = factories.user(Role.LICENSING_CLERK, full_name="王芳")
    people["head"] = people["liuqiang"]
    district_a = District.objects.get(region_code=JIANG_AN)
    district_b = District.objects.get(region_code=HUANG_PI)
    campaign = Campaign.objects.create(
        code="baojian-2019",
        name="保健食品“百日行动”（2019）",
        sector=Sector.HEALTH_FOOD,
        starts_on=datetime.date(2018, 12, 1),
        ends_on=datetime.date(2019, 12, 31),
    )
    year = SmallYear(people, campaign, district_a, district_b)
    a, b = JIANG_AN, HUANG_PI

    with on(2018, 12, 20):
        year.cases["s4_2018"] = _summary(people, _party(a), "hf-label", 800, campaign)
        year.revocations["r2_2018"] = _revocation(people, _party(a), decide=True)
        _referral(people, [_party(a, Sector.INDUSTRIAL_PRODUCTS)])
        _closure(people, district_a, "江岸旧作坊", datetime.date(2018, 12, 20))
        offline_clearance_record(
            campaign=campaign,
            enterprise=_party(a, Sector.COSMETICS),
            inspected_on=datetime.date(2018, 12, 20),
            products_removed=5,
            description="下架",
            officer=people["zhang"],
        )
        year.leads["l4_2018"] = _lead(
            people, campaign, _party(a), _party(a), "illegal_product", "removed"
        )
    with on(2019, 3, 5):
        year.cases["s1"] = _summary(people, _party(a), "hf-label", 1000, campaign)
        year.revocations["r1"] = _revocation(people, _party(a), decide=True)
    with on(2019, 3, 12):
        cases.case_record_payment(
            case=year.cases["s1"],
            amount=Decimal("1000"),
            paid_on=datetime.date(2019, 3, 12),
            receipt_number="R-2019-1",
            actor=people["zhang"],
        )
    with on(2019, 4, 2):
        year.cases["s2"] = _summary(people, _party(b), "hf-label", 1500, campaign)
        year.revocations["r3_open"] = _revocation(people, _party(b), decide=False)
    with on(2019, 6, 10):
        year.cases["s3"] = _summary(
            people, _party(a, Sector.SPECIAL_EQUIPMENT), "se-maintenance", 2000
        )
        year.cases["np_ack"] = _no_penalty(
            people, _party(b, Sector.SPECIAL_EQUIPMENT), "first_offence"
        )
        year.cases["np_not_established"] = _no_penalty(
            people, _party(b, Sector.SPECIAL_EQUIPMENT), "not_established"
        )
        year.cases["open"] = case_factories.registered(people, party_=_party(a))
    with on(2019, 7, 1):
        _referral(
            people,
            [
                _party(a, Sector.INDUSTRIAL_PRODUCTS),
                _party(a, Sector.INDUSTRIAL_PRODUCTS),
                _party(b, Sector.INDUSTRIAL_PRODUCTS),
            ],
        )
    with on(2019, 8, 6):
        for name, district, products in [
            ("c1", district_a, 30),
            ("c2", district_b, 12),
        ]:
            offline_clearance_record(
                campaign=campaign,
                enterprise=_party(
                    district.region_code, Sector.COSMETICS, individual=True
                ),
                inspected_on=datetime.date(2019, 8, 6),
                products_removed=products,
                description=f"下架{name}",
                officer=people["zhang"],
            )
        platform = _party(a, Sector.ONLINE_TRADE)
        year.leads["l1"] = _lead(
            people, campaign, _party(a), _party(a), "illegal_product", "removed"
        )
        year.leads["l2"] = _lead(
            people,
            campaign,
            _party(b),
            _party(b),
            "false_qualification",
            "removed_escalate",
        )
        year.leads["l3"] = _lead(
            people, campaign, _party(b), platform, "illegal_product", "not_removed"
        )
    with on(2019, 9, 9):
        _closure(people, district_a, "江岸甲作坊", datetime.date(2019, 9, 9))
        _closure(people, district_a, "江岸乙作坊", datetime.date(2019, 9, 9))
        _closure(people, district_b, "黄陂丙作坊", datetime.date(2019, 9, 9))
    for key, case in year.cases.items():
        year.cases[key] = Case.objects.get(pk=case.pk)
    return year


@pytest.fixture
def head_client(small_year) -> Client:
    client = Client()
    client.force_login(small_year.people["liuqiang"])
    return client

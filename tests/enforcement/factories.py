"""Penalty-case test data, built through the services the web views call."""

import datetime
from decimal import Decimal

from django.utils import timezone

from enforcement import services
from enforcement.models import (
    Case,
    DiscretionBenchmark,
    DiscretionRule,
    Evidence,
    ViolationType,
)
from enforcement.services import LineInput
from organisation.roles import Role
from tests import factories


def staff() -> dict:
    """One person per role of the procedure, as the bureau has them."""
    factories.bureau()
    return {
        "zhang": factories.user(Role.INVESTIGATOR, full_name="张伟"),
        "liu": factories.user(Role.INVESTIGATOR, full_name="刘洋"),
        "sun": factories.user(Role.INVESTIGATOR, full_name="孙磊"),
        "li": factories.user(
            Role.LEGAL_REVIEWER, full_name="李娜", has_legal_qualification=True
        ),
        "he": factories.user(
            Role.LEGAL_REVIEWER, full_name="何静", has_legal_qualification=True
        ),
        "chen": factories.user(Role.DIVISION_HEAD, full_name="陈静"),
        "liuqiang": factories.user(Role.BUREAU_HEAD, full_name="刘强"),
        "wang": factories.user(Role.BUREAU_HEAD, full_name="王建国"),
        "zhou": factories.user(Role.BUREAU_HEAD, full_name="周明"),
    }


def violation_type(code: str = "food-expired") -> ViolationType:
    return ViolationType.objects.get(code=code)


def benchmark(*, version: str = "2026年版", published: bool = True):
    """Wuhan's benchmark for food sold without a licence or past its date: 食品安全法
    Arts. 122 and 124 fine 50,000–100,000 yuan when the goods are worth under 10,000."""
    bench = DiscretionBenchmark.objects.create(
        version=version,
        document_number="武市监规〔2025〕6号",
        effective_from=datetime.date(2026, 1, 1),
    )
    DiscretionRule.objects.create(
        benchmark=bench,
        violation_type=violation_type("food-expired"),
        item="第37项",
        mitigating_min=Decimal("50000"),
        mitigating_max=Decimal("60000"),
        ordinary_min=Decimal("60000"),
        ordinary_max=Decimal("80000"),
        aggravating_min=Decimal("80000"),
        aggravating_max=Decimal("100000"),
        note="货值金额不足一万元的",
    )
    DiscretionRule.objects.create(
        benchmark=bench,
        violation_type=violation_type("food-unlicensed"),
        item="第12项",
        mitigating_min=Decimal("50000"),
        mitigating_max=Decimal("60000"),
        ordinary_min=Decimal("60000"),
        ordinary_max=Decimal("80000"),
        aggravating_min=Decimal("80000"),
        aggravating_max=Decimal("100000"),
        note="货值金额不足一万元的",
    )
    if published:
        bench.publish()
        bench.save()
    return bench


def party(**overrides):
    fields = {
        "name": "武汉市鑫鑫源食品有限公司",
        "legal_representative": "陈堃",
        "address": "武汉市江岸区后湖街道金桥大道117号",
    }
    fields.update(overrides)
    return factories.enterprise(**fields)


def registered(people, *, party_=None, received_on=None, **overrides) -> Case:
    fields = {
        "party": party_ or party(),
        "source": "complaint",
        "source_reference": "12315平台工单 W2026112400318",
        "received_on": received_on or timezone.localdate(),
        "clue": "举报人反映当事人门店销售超过保质期的“鑫鑫源”牌手工麻花。",
        "title": "武汉市鑫鑫源食品有限公司涉嫌经营超过保质期食品案",
        "violation_type": violation_type(),
        "actor": people["zhang"],
        "informant": "消费者刘女士",
    }
    fields.update(overrides)
    return services.case_register(**fields)


def filed(people, **kwargs) -> Case:
    case = registered(people, **kwargs)
    services.case_propose(
        case=case,
        actor=people["zhang"],
        proposal="file",
        findings="现场检查发现在售超过保质期的手工麻花37袋。",
    )
    return services.case_decide_filing(
        case=case,
        approver=people["liuqiang"],
        approve=True,
        opinion="同意立案。",
        investigators=[people["zhang"], people["liu"]],
        lead=people["zhang"],
    )


def evidence(people, case, title="现场笔录及现场照片"):
    return services.case_record_evidence(
        case=case,
        actor=people["zhang"],
        kind=Evidence.Kind.RECORD,
        title=title,
        collected_on=timezone.localdate(),
        proves="当事人在售涉案食品的事实",
    )


def fine_line(amount="50000", circumstance="mitigating", **overrides) -> LineInput:
    fields = {
        "violation_type": violation_type(),
        "kind": "fine",
        "amount": Decimal(amount),
        "circumstance": circumstance,
    }
    fields.update(overrides)
    return LineInput(**fields)


def reported(people, case=None, *, lines=None, **overrides) -> Case:
    case = case or filed(people)
    evidence(people, case)
    fields = {
        "case": case,
        "actor": people["zhang"],
        "facts": "当事人于2026年11月在其经营场所销售超过保质期的手工麻花37袋，货值925.00元。",
        "violation_type": violation_type(),
        "violated_provision": "《中华人民共和国食品安全法》第三十四条第（十）项",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项",
        "proposal": "penalty",
        "lines": lines if lines is not None else [fine_line()],
        "discretion_reasons": "当事人积极配合调查，主动下架涉案食品。",
    }
    fields.update(overrides)
    return services.case_submit_report(**fields)

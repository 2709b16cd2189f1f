"""Demo penalty cases at different stages, made the way officers make them: every step
is the service a task view calls, completed through viewflow's activation API, so the
papers, clocks, tasks and audit trail are the real ones.

Each step commits on its own (no outer transaction): a paper is issued after the step
that asks for it commits, and the next task waits for it.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from enforcement import services
from enforcement.models import (
    Case,
    DiscretionBenchmark,
    DiscretionRule,
    Evidence,
    EvidenceMeasure,
    ViolationType,
)
from enforcement.services import LineInput
from enforcement.services.penalty_lines import lines_from_case
from enterprises.models import Enterprise
from organisation.models import User
from workflows.penalty_case.flows import SummaryPenaltyFlow
from workflows.penalty_case.starting import case_process, case_process_start

BENCHMARK_TITLE = "武汉市市场监督管理局行政处罚裁量基准"

# violation type, item, (mitigating, ordinary, aggravating) ranges in yuan, note
BENCHMARK_RULES = [
    ("food-expired", "第37项", (50_000, 60_000, 80_000, 100_000), "货值金额不足一万元的"),
    ("food-unlicensed", "第12项", (50_000, 60_000, 80_000, 100_000), "货值金额不足一万元的"),
    ("food-substandard", "第36项", (50_000, 60_000, 80_000, 100_000), "货值金额不足一万元的"),
    ("catering-hygiene", "第41项", (5_000, 15_000, 35_000, 50_000), "拒不改正的"),
    ("hf-false-claims", "第58项", (200_000, 600_000, 800_000, 1_000_000), "广告虚假的"),
    ("se-unregistered", "第103项", (30_000, 100_000, 200_000, 300_000), ""),
    ("cos-unregistered", "第77项", (10_000, 15_000, 25_000, 30_000), "货值金额不足一万元的"),
]  # fmt: skip


def build_benchmark() -> DiscretionBenchmark:
    """The bureau's published benchmark (2026 edition), once."""
    benchmark, created = DiscretionBenchmark.objects.get_or_create(
        title=BENCHMARK_TITLE,
        version="2026年版",
        defaults={
            "document_number": "武市监规〔2025〕6号",
            "effective_from": datetime.date(2026, 1, 1),
        },
    )
    if created:
        types = {t.code: t for t in ViolationType.objects.all()}
        for code, item, (low, mid, high, top), note in BENCHMARK_RULES:
            if code not in types:
                continue
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


def _do(case: Case, node_name: str, user: User, perform) -> None:
    """Take and complete one human task, as its view does: assign, start, one service,
    execute, under the process lock."""
    process = case_process(case)
    flow_class = process.flow_class
    node = getattr(flow_class, node_name)
    task = Task.objects.get(
        process=process, flow_task=node, status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )
    with flow_class.lock(process.pk), transaction.atomic():
        task = Task.objects.get(pk=task.pk)
        activation = node.activation_class(task)
        if task.status == STATUS.NEW:
            activation.assign(user)
        activation.start(None)
        perform()
        activation.execute()


def _lead(party, people, violation, clue, received_days_ago, source="inspection"):
    case = services.case_register(
        party=party,
        source=source,
        received_on=timezone.localdate() - datetime.timedelta(days=received_days_ago),
        clue=clue,
        title=f"{party.name}涉嫌{violation.name}案",
        violation_type=violation,
        actor=people["zhangwei"],
        source_reference="12315平台工单" if source == "complaint" else "",
    )
    case_process_start(case=case)
    return Case.objects.get(pk=case.pk)


def _file(case, people, findings):
    _do(
        case,
        "verify",
        people["zhangwei"],
        lambda: services.case_propose(
            case=case, actor=people["zhangwei"], proposal="file", findings=findings
        ),
    )
    _do(
        case,
        "filing_approval",
        people["liuqiang"],
        lambda: services.case_decide_filing(
            case=case,
            approver=people["liuqiang"],
            approve=True,
            opinion="同意立案，由张伟、刘洋承办。",
            investigators=[people["zhangwei"], people["liuyang"]],
            lead=people["zhangwei"],
        ),
    )


def _evidence(case, people, titles):
    for kind, title, proves in titles:
        services.case_record_evidence(
            case=case,
            actor=people["zhangwei"],
            kind=kind,
            title=title,
            proves=proves,
            collected_on=timezone.localdate(),
        )


def _report(case, people, facts, lines, **extra):
    violation = lines[0].violation_type
    _do(
        case,
        "investigate",
        people["zhangwei"],
        lambda: services.case_submit_report(
            case=case,
            actor=people["zhangwei"],
            facts=facts,
            violation_type=violation,
            violated_provision=violation.breached_provision,
            legal_basis=violation.penalty_provision,
            proposal="penalty",
            lines=lines,
            discretion_reasons="当事人积极配合调查，主动下架涉案产品。",
            **extra,
        ),
    )
    _do(
        case,
        "case_review",
        people["lina"],
        lambda: services.case_review_pass(
            case=case, reviewer=people["lina"], opinion="事实清楚，证据确凿，程序合法。"
        ),
    )


def _serve_notice(case, people):
    _do(
        case,
        "serve_notice",
        people["zhangwei"],
        lambda: services.case_serve_notice(
            case=case,
            served_on=timezone.localdate(),
            method="direct",
            actor=people["zhangwei"],
        ),
    )


def _party(sector: str, index: int) -> Enterprise | None:
    return (
        Enterprise.objects.filter(
            sector=sector, credit_code__startswith="91", registration_status="active"
        )
        .order_by("pk")
        .all()[index : index + 1]
        .first()
    )


def build_cases() -> dict[str, int]:
    """A handful of cases at different stages; does nothing when they exist, or when
    called inside a transaction (each step's papers are issued after it commits, which
    an enclosing transaction would postpone to its end). The cases of a demo year
    (`load_demo --year`) are in the past and do not count."""
    from demo.year import YEARS

    current = Case.objects.filter(registered_at__year__gt=max(YEARS))
    if transaction.get_connection().in_atomic_block or current.exists():
        return {"cases": 0}
    people = {
        u.username: u
        for u in User.objects.filter(
            username__in=["zhangwei", "liuyang", "lina", "chenjing", "liuqiang"]
        )
    }
    if len(people) < 5:
        return {"cases": 0}
    build_benchmark()
    types = {t.code: t for t in ViolationType.objects.all()}
    expired = types["food-expired"]
    made = 0

    # 1. A complaint just registered: the 15-working-day verification runs.
    if party := _party("food_trade", 0):
        _lead(
            party,
            people,
            expired,
            "消费者投诉在当事人门店购买的酸奶已超过保质期，提供了购物小票和照片。",
            received_days_ago=2,
            source="complaint",
        )
        made += 1

    # 2. Filed and under investigation, with preserved evidence awaiting a decision.
    if party := _party("food_production", 0):
        case = _lead(
            party,
            people,
            types["food-substandard"],
            "市级食品安全监督抽检发现当事人生产的挂面铅含量不符合食品安全标准。",
            received_days_ago=6,
            source="monitoring",
        )
        _file(case, people, "抽检报告确认检验结论不合格，当事人对检验结论无异议。")
        _evidence(
            case,
            people,
            [
                (Evidence.Kind.EXPERT_OPINION, "湖北省食品质量安全监督检验研究院检验报告", "涉案挂面铅含量超标"),
                (Evidence.Kind.RECORD, "现场检查笔录及照片", "当事人生产、库存涉案挂面的事实"),
            ],
        )  # fmt: skip
        services.case_start_measure(
            case=case,
            actor=people["zhangwei"],
            kind=EvidenceMeasure.Kind.PRESERVATION,
            items="同批次挂面（生产日期2026年10月8日）共120箱",
            started_on=timezone.localdate(),
            approver=people["chenjing"],
            place="当事人成品仓库",
        )
        made += 1

    # 3. Notice served: the party's five working days to state or defend run.
    if party := _party("food_trade", 1):
        case = _lead(
            party,
            people,
            expired,
            "日常监督检查发现当事人货架陈列超过保质期的饼干。",
            received_days_ago=20,
        )
        _file(case, people, "现场发现超过保质期的饼干12盒，货值360.00元。")
        _evidence(
            case,
            people,
            [(Evidence.Kind.RECORD, "现场笔录及现场照片", "当事人在售涉案食品的事实")],
        )
        _report(
            case,
            people,
            "当事人在其经营场所销售超过保质期的饼干12盒，货值金额360.00元。",
            [
                LineInput(
                    violation_type=expired,
                    kind="fine",
                    amount=Decimal("50000"),
                    circumstance="mitigating",
                ),
                LineInput(
                    violation_type=expired,
                    kind="confiscation",
                    description="超过保质期的饼干12盒",
                ),
            ],
        )
        _serve_notice(Case.objects.get(pk=case.pk), people)
        made += 1

    # 4. Decided and served: the fine is being paid.
    if party := _party("catering", 0):
        case = _lead(
            party,
            people,
            types["catering-hygiene"],
            "专项检查发现当事人后厨未落实食品安全管理制度，经责令改正后拒不改正。",
            received_days_ago=40,
        )
        _file(
            case, people, "两次现场检查均发现后厨卫生管理制度未落实，责令改正后未改正。"
        )
        _evidence(
            case,
            people,
            [
                (Evidence.Kind.RECORD, "两次现场检查笔录", "当事人未落实食品安全管理制度"),
                (Evidence.Kind.DOCUMENTARY, "责令改正通知书及送达回证", "责令改正后拒不改正"),
            ],
        )  # fmt: skip
        _report(
            case,
            people,
            "当事人未按规定落实从业人员健康管理、餐具消毒等食品安全管理制度，经责令改正拒不改正。",
            [
                LineInput(
                    violation_type=types["catering-hygiene"],
                    kind="fine",
                    amount=Decimal("20000"),
                    circumstance="ordinary",
                )
            ],
        )
        case = Case.objects.get(pk=case.pk)
        _serve_notice(case, people)
        _do(
            case,
            "statement",
            people["zhangwei"],
            lambda: services.case_waive_statement(
                case=case, on=timezone.localdate(), actor=people["zhangwei"]
            ),
        )
        lines = lines_from_case(Case.objects.get(pk=case.pk), "proposed")
        _do(
            case,
            "decide",
            people["liuqiang"],
            lambda: services.case_decide(
                case=case,
                decider=people["liuqiang"],
                kind="penalty",
                opinion="同意罚款二万元。",
                lines=lines,
            ),
        )
        _do(
            case,
            "serve_decision",
            people["zhangwei"],
            lambda: services.case_serve_decision(
                case=case,
                served_on=timezone.localdate(),
                method="direct",
                actor=people["zhangwei"],
            ),
        )
        made += 1

    # 5. An on-the-spot warning (简易程序), filed with the bureau.
    stall = (
        Enterprise.objects.filter(credit_code__startswith="92", sector="food_trade")
        .order_by("pk")
        .first()
    )
    if stall:
        with transaction.atomic():
            case = services.summary_case_decide(
                party=stall,
                officer=people["zhangwei"],
                second_officer=people["liuyang"],
                violation_type=expired,
                facts="当事人货架陈列超过保质期的饮料2瓶，当场下架。",
                lines=[LineInput(violation_type=expired, kind="warning")],
                decided_on=timezone.localdate(),
                number="武市监当罚〔2026〕000101号",
            )
            SummaryPenaltyFlow.start_recorded.run(case=case)
        _do(
            case,
            "file_decision",
            people["chenjing"],
            lambda: services.summary_case_file(case=case, actor=people["chenjing"]),
        )
        made += 1
    return {"cases": made}

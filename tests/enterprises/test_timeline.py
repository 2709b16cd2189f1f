"""An enterprise's timeline: penalties and licence actions in date order."""

import datetime
from decimal import Decimal

import pytest

from enforcement.models import PenaltyKind, Violation, ViolationType
from enforcement.services import violation_record
from enterprises.selectors import enterprise_timeline
from licensing.services import licence_revoke
from tests import factories

pytestmark = pytest.mark.django_db


def record(enterprise, on, fine="3000"):
    return violation_record(
        enterprise=enterprise,
        violation_type=ViolationType.objects.first(),
        decided_on=on,
        penalty_kind=PenaltyKind.FINE,
        fine_amount=Decimal(fine),
        source=Violation.Source.MANUAL,
        decision_number=f"武市监处罚〔{on.year}〕{on.month}号",
    )


def test_timeline_lists_penalties_and_licence_actions_oldest_first(clerk):
    enterprise = factories.enterprise()
    record(enterprise, datetime.date(2025, 6, 1))
    licence = factories.food_licence(holder=enterprise)  # issued 2024-01-10
    record(enterprise, datetime.date(2020, 2, 3))
    licence_revoke(
        licence=licence, actor=clerk, ground="ineligible_applicant", reason="x"
    )
    record(enterprise, datetime.date(2024, 1, 10))  # same day as the licence

    timeline = enterprise_timeline(enterprise=enterprise)

    assert [(e.date.isoformat(), e.kind) for e in timeline[:4]] == [
        ("2020-02-03", "penalty"),
        ("2024-01-10", "licence"),
        ("2024-01-10", "penalty"),
        ("2025-06-01", "penalty"),
    ]
    assert timeline[-1].kind == "licence" and "撤销" in timeline[-1].title
    assert [e.date for e in timeline] == sorted(e.date for e in timeline)
    assert timeline[0].reference == "武市监处罚〔2020〕2号"
    assert timeline[0].detail == "罚款3,000.00元"


def test_enterprise_page_shows_the_timeline_in_order(client, investigator):
    enterprise = factories.enterprise()
    record(enterprise, datetime.date(2023, 5, 5))
    record(enterprise, datetime.date(2019, 9, 9))
    client.force_login(investigator)

    html = client.get(f"/registry/enterprise/{enterprise.pk}/detail/").content.decode()

    assert html.count("data-timeline") == 1
    timeline = html[html.index("data-timeline") :]
    assert timeline.index("2019年9月9日") < timeline.index("2023年5月5日")


def test_enterprise_page_reads_licences_and_violations_once(client, investigator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    enterprise = factories.enterprise()
    record(enterprise, datetime.date(2023, 5, 5))
    client.force_login(investigator)
    url = f"/registry/enterprise/{enterprise.pk}/detail/"
    client.get(url)  # session and permission caches warmed
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    violation_reads = [
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "enforcement_violation"' in q["sql"]
    ]
    assert len(violation_reads) == 1

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


def _penalty_rows(html: str) -> list[str]:
    timeline = html[html.index("data-timeline") :]
    return [
        row.split("</li>")[0] for row in timeline.split('<li data-kind="penalty">')[1:]
    ]


def _href(row: str, marker: str) -> str | None:
    if marker not in row:
        return None
    tag = row[: row.index(marker)].rsplit("<a ", 1)[1]
    return tag.split('href="', 1)[1].split('"', 1)[0]


def test_timeline_rows_link_to_the_case_and_its_decision_paper(db):
    from django.test import Client
    from django.utils import timezone

    from documents.models import DocumentDownload
    from organisation.roles import Role
    from tests.enforcement import factories as f
    from tests.workflows.penalty_case_steps import (
        act,
        lines_data,
        logged_in,
        reported_case,
        summary_warning,
    )

    people = f.staff()
    f.benchmark()
    clients = logged_in(people)
    party = f.party(name="武汉市汉阳区晴川粮油店")
    case, process = reported_case(
        clients,
        people,
        party,
        lines=[],
        proposal="no_penalty",
        no_penalty_reason="first_offence",
    )
    act(clients["li"], process, "case_review", {"opinion": "同意不予处罚。"})
    act(
        clients["liuqiang"],
        process,
        "decide",
        {
            "kind": "no_penalty",
            "no_penalty_reason": "first_offence",
            "opinion": "初次违法，危害后果轻微并已改正，不予处罚。",
            **lines_data([]),
        },
    )
    case.refresh_from_db()
    stall = f.party(name="武汉市汉阳区晴川小吃店")
    summary = summary_warning(
        clients,
        people,
        stall,
        number="武市监当罚〔2026〕000123号",
        facts="当事人经营场所未公示食品经营许可证，当场予以警告。",
    )
    record(party, timezone.localdate(), fine="100")  # entered by hand: no case

    url = f"/registry/enterprise/{party.pk}/detail/"
    html = clients["zhang"].get(url).content.decode()
    rows = {row.split("（")[1].split("）")[0]: row for row in _penalty_rows(html)}
    assert set(rows) == {
        case.decision_number,
        f"武市监处罚〔{timezone.localdate().year}〕{timezone.localdate().month}号",
    }

    ordinary = rows[case.decision_number]
    assert _href(ordinary, "data-case") == f"/cases/case/{case.pk}/"
    assert f"案件 {case.reference}" in ordinary
    paper_url = _href(ordinary, "data-paper")
    assert paper_url and paper_url.startswith("/documents/")
    download = clients["zhang"].get(paper_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert DocumentDownload.objects.filter(user=people["zhang"]).count() == 1
    assert clients["zhang"].get(_href(ordinary, "data-case")).status_code == 200

    # On-the-spot decisions are on paper only: the case, no download.
    stall_html = clients["zhang"].get(f"/registry/enterprise/{stall.pk}/detail/")
    (on_the_spot,) = _penalty_rows(stall_html.content.decode())
    assert "武市监当罚〔2026〕000123号" in on_the_spot
    assert _href(on_the_spot, "data-case") == f"/cases/case/{summary.pk}/"
    assert _href(on_the_spot, "data-paper") is None
    # Entered by hand: neither.
    manual = next(r for k, r in rows.items() if k.startswith("武市监处罚"))
    assert _href(manual, "data-case") is None and _href(manual, "data-paper") is None

    # The violations table links the number to the same paper.
    table = html[html.index("data-violations") : html.index("data-timeline")]
    assert f'href="{paper_url}" data-paper' in table

    # A licensing clerk may not open cases: no links, and the paper stays closed.
    clerk = Client()
    clerk.force_login(factories.user(Role.LICENSING_CLERK))
    html = clerk.get(url).content.decode()
    assert "data-case" not in html and "data-paper" not in html
    assert case.decision_number in html
    assert clerk.get(paper_url).status_code == 403

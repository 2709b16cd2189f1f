"""The annual report's figures count what their definitions say, on a small year with
records inside and outside 2019 and in two districts; each figure's link lists exactly
the records it counts."""

import re
from decimal import Decimal

import pytest

from reports.figures import annual_report_figures

pytestmark = pytest.mark.django_db

EXPECTED_CITY = {
    "licences_revoked": 1,
    "licences_referred": 3,
    "campaign_penalties_baojian-2019": 2,
    "special_equipment_violations": 2,
    "products_cleared_offline": 42,
    "online_items_removed": 2,
    "internet_enterprises": 3,
    "workshops_closed": 3,
}
EXPECTED_JIANG_AN = {
    "licences_revoked": 1,
    "licences_referred": 2,
    "campaign_penalties_baojian-2019": 1,
    "special_equipment_violations": 1,
    "products_cleared_offline": 30,
    "online_items_removed": 1,
    "internet_enterprises": 2,
    "workshops_closed": 2,
}


def rows_behind(client, url) -> tuple[int, Decimal]:
    """Follow a figure's link: the number of record rows, and the sum of their
    quantities (products, money) where the rows carry one."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    rows = re.findall(r"<tr data-record=\"\d+\"[^>]*>", html)
    quantities = re.findall(r'data-quantity="([\d.]+)"', html)
    return len(rows), sum((Decimal(q) for q in quantities), Decimal(0))


def _values(figures) -> dict:
    return {f.code: f.value for f in figures.figures}


def test_each_figure_counts_what_its_definition_says(small_year):
    figures = annual_report_figures(year=2019)
    values = _values(figures)
    for code, expected in EXPECTED_CITY.items():
        assert values[code] == expected, code
    assert figures.fines_imposed == Decimal("4500")
    assert figures.fines_collected == Decimal("1000")


def test_a_district_counts_only_its_own_records(small_year):
    figures = annual_report_figures(year=2019, district=small_year.district_a)
    values = _values(figures)
    for code, expected in EXPECTED_JIANG_AN.items():
        assert values[code] == expected, code
    assert figures.fines_imposed == Decimal("3000")


def test_the_year_before_is_another_report(small_year):
    values = _values(annual_report_figures(year=2018))
    assert values["licences_revoked"] == 1
    assert values["licences_referred"] == 1
    assert values["campaign_penalties_baojian-2019"] == 1
    assert values["products_cleared_offline"] == 5
    assert values["online_items_removed"] == 1
    assert values["workshops_closed"] == 1


def test_no_violation_found_is_not_a_violation_handled(small_year):
    """A special-equipment no-penalty decision counts when a violation was found
    (first offence), not when the facts were not established."""
    figure = annual_report_figures(year=2019).figure("special_equipment_violations")
    count, _ = rows_behind(_client(small_year), figure.url)
    assert count == 2
    html = _client(small_year).get(figure.url).content.decode()
    assert f'data-record="{small_year.cases["np_ack"].pk}"' in html
    assert f'data-record="{small_year.cases["s3"].pk}"' in html
    assert f'data-record="{small_year.cases["np_not_established"].pk}"' not in html


def _client(small_year):
    from django.test import Client

    client = Client()
    client.force_login(small_year.people["liuqiang"])
    return client


@pytest.mark.parametrize("district", [False, True])
def test_every_figure_links_to_exactly_the_records_it_counts(
    small_year, head_client, district
):
    figures = annual_report_figures(
        year=2019, district=small_year.district_a if district else None
    )
    for figure in figures.figures:
        count, quantity = rows_behind(head_client, figure.url)
        if figure.kind == "clearances":
            assert quantity == figure.value, figure.code
        else:
            assert count == figure.value, figure.code
    for row in figures.campaign_sector_rows:
        assert rows_behind(head_client, row.url)[0] == row.count
    assert rows_behind(head_client, figures.fines_collected_url)[1] == (
        figures.fines_collected
    )


def test_the_report_page_shows_each_figure_with_its_link_and_definition(
    small_year, head_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40):
        response = head_client.get("/reports/annual/", {"year": 2019})
    html = response.content.decode()
    figures = annual_report_figures(year=2019)
    for figure in figures.figures:
        block = html.split(f'data-figure-code="{figure.code}"')[1].split("</li>")[0]
        assert f'data-figure="{figure.value}"' in block
        assert figure.url.replace("&", "&amp;") in block
        assert str(figure.definition) in block
    assert "统计口径" in html


def test_record_lists_refuse_unknown_kinds_and_bad_filters(head_client):
    assert head_client.get("/reports/records/nothing/").status_code == 404
    page = head_client.get("/reports/records/cases/", {"year": "x"}).content.decode()
    assert "data-record=" not in page
    assert "errorlist" in page


def test_record_lists_need_the_records_permission(small_year, client):
    from organisation.roles import Role
    from tests import factories

    client.force_login(factories.user(Role.INVESTIGATOR))
    assert client.get("/reports/records/cases/", {"year": 2019}).status_code == 403
    assert client.get("/reports/dashboard/").status_code == 403


def test_record_lists_take_the_same_queries_however_many_rows(small_year, head_client):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from campaigns.services import offline_clearance_record
    from reports.records import RECORD_KINDS

    from .conftest import _closure, _party, _summary, on

    def queries() -> dict[str, int]:
        counts = {}
        for kind in RECORD_KINDS:
            with CaptureQueriesContext(connection) as captured:
                response = head_client.get(f"/reports/records/{kind}/", {"year": 2019})
            assert response.status_code == 200, kind
            counts[kind] = len(captured)
        return counts

    before = queries()
    people = small_year.people
    with on(2019, 10, 9):
        for n in range(3):
            _summary(people, _party("420103"), "hf-label", 600, small_year.campaign)
            _closure(
                people,
                small_year.district_b,
                f"新增作坊{n}",
                datetime.date(2019, 10, 9),
            )
            offline_clearance_record(
                campaign=small_year.campaign,
                enterprise=_party("420103"),
                inspected_on=datetime.date(2019, 10, 9),
                products_removed=3,
                description="下架",
                officer=people["zhang"],
            )
    assert queries() == before
    assert max(before.values()) <= 20

"""The search page, its facets and counts, the JSON endpoint and the export."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from campaigns.models import Campaign
from enforcement.models import PenaltyKind, Violation, ViolationType
from enforcement.services import violation_record
from enterprises.models import Sector
from organisation.roles import Role
from search.models import SearchExport
from search.selectors import enterprise_search
from tests import factories
from tests.search.conftest import search_db

pytestmark = search_db

DEAD_ENGINE = "http://127.0.0.1:9"


def violation(enterprise, vtype, on, fine, campaign=None):
    return violation_record(
        enterprise=enterprise,
        violation_type=vtype,
        decided_on=on,
        penalty_kind=PenaltyKind.FINE if fine else PenaltyKind.WARNING,
        fine_amount=Decimal(fine),
        campaign=campaign,
        source=Violation.Source.MANUAL,
        decision_number=f"武市监处罚〔{on.year}〕{on.month}{on.day}号",
    )


@pytest.fixture
def world(sync):
    t1, t2 = ViolationType.objects.order_by("code")[:2]
    campaign = Campaign.objects.create(
        code="test-campaign",
        name="测试专项行动",
        sector=Sector.OTHER,
        starts_on=datetime.date(2021, 1, 1),
    )
    e1 = factories.enterprise(name="武汉甲食品有限公司", region="420102")
    e2 = factories.enterprise(
        name="武汉乙餐饮有限公司", region="420106", sector=Sector.CATERING
    )
    e3 = factories.enterprise(name="武汉丙食品有限公司", region="420106")
    e4 = factories.enterprise(
        name="武汉丁餐饮有限公司", region="420102", sector=Sector.CATERING
    )
    factories.enterprise(
        name="长沙戊食品有限公司", region="420102", address="长沙市岳麓区麓山南路1号"
    )
    factories.food_licence(holder=e3)
    violation(e1, t1, datetime.date(2021, 3, 1), "5000", campaign)
    violation(e1, t2, datetime.date(2022, 5, 1), "200000")
    violation(e2, t1, datetime.date(2023, 7, 1), "0")
    violation(e4, t2, datetime.date(2021, 9, 9), "50000", campaign)
    sync()
    return {"t1": t1, "t2": t2, "campaign": campaign, "e": [e1, e2, e3, e4]}


def counts(page, facet):
    group = next(g for g in page.facets if g.name == facet)
    return {o.value: o.count for o in group.options}


def test_facets_count_enterprises(world):
    t1, t2, campaign = world["t1"].code, world["t2"].code, world["campaign"].code

    page = enterprise_search(query="武汉")

    assert page.total == 4
    assert counts(page, "district") == {"420102": 2, "420106": 2}
    assert counts(page, "sector") == {"food_production": 2, "catering": 2}
    assert counts(page, "licence_state") == {"valid": 1}
    assert counts(page, "violation_type") == {t1: 2, t2: 2}
    assert counts(page, "year") == {"2023": 1, "2022": 1, "2021": 2}
    assert list(counts(page, "year")) == ["2023", "2022", "2021"]
    assert counts(page, "fine_band") == {
        "none": 1,
        "lt_10k": 1,
        "10k_100k": 1,
        "gte_100k": 1,
    }
    assert counts(page, "campaign") == {campaign: 2}
    assert counts(page, "risk") == {"repeat_offender": 1}
    labels = {o.value: o.label for g in page.facets for o in g.options}
    assert labels["420102"] == "江岸区"
    assert labels[campaign] == "测试专项行动"
    assert labels["gte_100k"] == "10万元以上"


def test_violation_facets_describe_one_violation(world):
    """Type X in year Y: one violation of type X decided in Y, not any mix."""
    e1, _e2, _e3, e4 = world["e"]
    t1, t2 = world["t1"].code, world["t2"].code

    page = enterprise_search(
        query="武汉", filters={"violation_type": [t2], "year": ["2021"]}
    )

    assert [r["id"] for r in page.results] == [e4.pk]  # e1 had t2 only in 2022
    # Each facet counts with the other facets applied, not its own.
    assert counts(page, "year") == {"2022": 1, "2021": 1}
    assert counts(page, "violation_type") == {t1: 1, t2: 1}
    assert counts(page, "district") == {"420102": 1}
    assert e1.pk not in [r["id"] for r in page.results]


def test_counts_with_several_values_of_another_violation_facet(world):
    e1, e2, _e3, e4 = world["e"]
    t1, t2 = world["t1"].code, world["t2"].code

    page = enterprise_search(
        query="武汉", filters={"violation_type": [t1, t2], "year": ["2021"]}
    )

    assert sorted(r["id"] for r in page.results) == sorted([e1.pk, e4.pk])
    assert counts(page, "year") == {"2023": 1, "2022": 1, "2021": 2}
    assert counts(page, "violation_type") == {t1: 1, t2: 1}
    assert counts(page, "campaign") == {world["campaign"].code: 2}
    assert e2.pk not in [r["id"] for r in page.results]


def test_values_of_one_facet_add_up_and_facets_narrow(world):
    page = enterprise_search(query="武汉", filters={"district": ["420102", "420106"]})
    assert page.total == 4
    page = enterprise_search(
        query="武汉", filters={"district": ["420102"], "fine_band": ["gte_100k"]}
    )
    assert [r["id"] for r in page.results] == [world["e"][0].pk]
    assert counts(page, "district") == {"420102": 1}
    selected = [o for g in page.facets for o in g.options if o.selected]
    assert {(o.value, o.selected) for o in selected} == {
        ("420102", True),
        ("gte_100k", True),
    }


def test_results_are_paginated_without_repeats(sync):
    for i in range(25):
        factories.enterprise(name=f"武汉分页测试{i}有限公司")
    sync()
    seen = []
    for number in (1, 2, 3):
        page = enterprise_search(query="分页测试", page=number, page_size=10)
        assert page.total == 25 and page.pages == 3
        seen += [r["id"] for r in page.results]
    assert len(seen) == len(set(seen)) == 25


@pytest.fixture
def investigator_client(client, investigator):
    client.force_login(investigator)
    return client


def test_search_page_shows_hits_facets_and_export(world, investigator_client):
    e1 = world["e"][0]

    response = investigator_client.get("/search/", {"q": "甲食品"})

    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-enterprise="{e1.pk}"' in html
    assert "武汉<mark>甲食品</mark>有限公司" in html
    assert f'href="/registry/enterprise/{e1.pk}/detail/"' in html
    assert 'data-facet="district"' in html and "江岸区" in html
    assert "/search/export/?q=%E7%94%B2%E9%A3%9F%E5%93%81&amp;format=csv" in html
    assert "mdc-drawer__header" in html  # the site menu is there


def test_facet_links_toggle_their_value(world, investigator_client):
    html = investigator_client.get("/search/", {"q": "武汉"}).content.decode()
    assert 'href="?q=%E6%AD%A6%E6%B1%89&amp;district=420102"' in html
    html = investigator_client.get(
        "/search/", {"q": "武汉", "district": "420102"}
    ).content.decode()
    assert 'href="?q=%E6%AD%A6%E6%B1%89&amp;district="' not in html
    assert 'href="?q=%E6%AD%A6%E6%B1%89"' in html  # clicking again removes it


def test_search_needs_the_search_permission(search_indices, client):
    assert client.get("/search/").status_code == 302  # to the login page
    client.force_login(factories.user(Role.LICENSING_CLERK))
    assert client.get("/search/").status_code == 200
    nobody = factories.user(Role.INVESTIGATOR)
    nobody.groups.clear()
    client.force_login(nobody)
    assert client.get("/search/").status_code == 403
    assert client.get("/search/api/enterprises/").status_code == 403
    assert client.get("/search/export/", {"format": "csv"}).status_code == 403


def test_unknown_facet_value_is_a_message_not_an_error(world, investigator_client):
    response = investigator_client.get("/search/", {"q": "武汉", "district": "999999"})
    assert response.status_code == 200
    assert "re-message--error" in response.content.decode()


def test_engine_unreachable_page_says_so_and_offers_the_registry(
    world, investigator_client, settings
):
    settings.SEARCH_URL = DEAD_ENGINE

    response = investigator_client.get("/search/", {"q": "甲食品"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "检索服务暂时无法连接" in html
    assert f'href="/registry/enterprise/{world["e"][0].pk}/detail/"' in html


def test_json_endpoint_behaves_like_the_page(world, investigator_client):
    e4 = world["e"][3]
    params = {"q": "武汉", "violation_type": world["t2"].code, "year": "2021"}

    data = investigator_client.get("/search/api/enterprises/", params).json()

    expected = enterprise_search(
        query="武汉", filters={"violation_type": [world["t2"].code], "year": ["2021"]}
    )
    assert data["total"] == expected.total == 1
    assert [r["id"] for r in data["results"]] == [e4.pk]
    assert data["results"][0]["url"] == f"/registry/enterprise/{e4.pk}/detail/"
    assert data["results"][0]["last_violation_on"] == "2021-09-09"
    assert {g["name"] for g in data["facets"]} == {g.name for g in expected.facets}
    year = next(g for g in data["facets"] if g["name"] == "year")
    assert {o["value"]: o["count"] for o in year["options"]} == {"2022": 1, "2021": 1}


def test_json_endpoint_errors(world, investigator_client, settings):
    response = investigator_client.get("/search/api/enterprises/", {"year": "1066"})
    assert response.status_code == 400
    assert "year" in response.json()["detail"]
    settings.SEARCH_URL = DEAD_ENGINE
    response = investigator_client.get("/search/api/enterprises/", {"q": "武汉"})
    assert response.status_code == 503
    assert "检索服务暂时无法连接" in response.json()["detail"]


def test_json_endpoints_are_documented(search_indices, investigator_client):
    schema = investigator_client.get("/api/schema/").content.decode()
    assert "/search/api/enterprises/" in schema
    assert "/search/api/violations/" in schema
    assert "fine_band" in schema


def test_violation_endpoint_finds_a_decision_number(world, investigator_client):
    data = investigator_client.get(
        "/search/api/violations/", {"q": "武市监处罚〔2021〕99号"}
    ).json()
    assert data["total"] == 1
    hit = data["results"][0]
    assert hit["enterprise_id"] == world["e"][3].pk
    assert hit["decided_on"] == "2021-09-09"
    assert hit["fine_amount"] == 50000.0
    assert "决定书文号" in hit["matched_by"]


def test_csv_export_is_recorded(world, investigator_client, investigator):
    response = investigator_client.get(
        "/search/export/", {"q": "武汉", "district": "420102", "format": "csv"}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="search-')
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["名称", "统一社会信用代码", "注册号"]
    assert sorted(r[0] for r in rows[1:]) == [
        "武汉丁餐饮有限公司",
        "武汉甲食品有限公司",
    ]
    record = SearchExport.objects.get()
    assert record.user == investigator
    assert record.query == "武汉"
    assert record.filters == {"district": ["420102"]}
    assert (record.format, record.row_count) == ("csv", 2)


def test_xlsx_export(world, investigator_client):
    response = investigator_client.get(
        "/search/export/", {"q": "武汉", "format": "xlsx"}
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "名称"
    assert len(values) == 1 + 4
    assert SearchExport.objects.get().row_count == 4


def test_export_while_the_engine_is_down_records_nothing(
    world, investigator_client, settings
):
    settings.SEARCH_URL = DEAD_ENGINE
    response = investigator_client.get(
        "/search/export/", {"q": "武汉", "format": "csv"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/search/?")
    assert SearchExport.objects.count() == 0

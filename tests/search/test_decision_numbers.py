"""A decision number is found whatever brackets are typed, on the search page and in the
violation search, and is shown as issued (〔〕), on the real node."""

import datetime
from decimal import Decimal

import pytest

from enforcement.models import PenaltyKind, Violation, ViolationType
from enforcement.services import violation_record
from search import chinese
from search.selectors import enterprise_search, violation_search
from tests import factories
from tests.search.conftest import search_db

pytestmark = search_db

ISSUED = "武市监处罚〔2026〕1号"
TYPED = [
    "武市监处罚(2026)1号",
    "武市监处罚（2026）1号",
    "武市监处罚[2026]1号",
    "武市监处罚【2026】1号",
    "武市监处罚〔2026〕1号",
    "武市监处罚20261号",
    "武市监处罚 (2026) 1号",
    "武市監處罰〔2026〕1號",
]


@pytest.fixture
def decided(sync):
    vtype = ViolationType.objects.order_by("code").first()
    found = factories.enterprise(name="武汉括号食品有限公司")
    other = factories.enterprise(name="武汉另一食品有限公司")
    for enterprise, number in [
        (found, ISSUED),
        (other, "武市监处罚〔2026〕11号"),
        (other, "武市监处罚〔2025〕1号"),
    ]:
        violation_record(
            enterprise=enterprise,
            violation_type=vtype,
            decided_on=datetime.date(2026, 3, 2),
            penalty_kind=PenaltyKind.FINE,
            fine_amount=Decimal("3000"),
            source=Violation.Source.MANUAL,
            decision_number=number,
        )
    sync()
    return found


def test_brackets_fold_to_one_key():
    keys = {chinese.number_key(typed) for typed in TYPED}
    assert keys == {"武市监处罚20261号"}


@pytest.mark.parametrize("typed", TYPED)
def test_the_search_page_finds_the_decision_whatever_brackets(
    decided, typed, client, investigator
):
    page = enterprise_search(query=typed)
    assert [hit["id"] for hit in page.results] == [decided.pk]
    assert "决定书文号" in page.results[0]["matched_by"]

    client.force_login(investigator)
    html = client.get("/search/", {"q": typed}).content.decode()
    assert f'data-enterprise="{decided.pk}"' in html
    assert "共 1 家" in html


@pytest.mark.parametrize("typed", TYPED)
def test_the_violation_search_finds_it_and_shows_it_as_issued(
    decided, typed, client, investigator
):
    page = violation_search(query=typed)
    assert [hit["decision_number"] for hit in page.results] == [ISSUED]

    client.force_login(investigator)
    data = client.get("/search/api/violations/", {"q": typed}).json()
    assert data["total"] == 1
    assert data["results"][0]["decision_number"] == ISSUED
    assert data["results"][0]["enterprise_id"] == decided.pk

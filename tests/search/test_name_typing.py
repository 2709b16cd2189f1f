"""Every way an investigator types a name finds the enterprise, first."""

import pytest

from enterprises.services import enterprise_rename
from search.selectors import enterprise_search
from tests import factories
from tests.search.conftest import search_db

pytestmark = search_db


@pytest.fixture
def registry(sync):
    target = factories.enterprise(
        name="武汉长江（集团）食品有限公司",
        legal_representative="欧阳娜娜",
        address="武汉市江岸区沿江大道188号",
    )
    half_width = factories.enterprise(name="武汉黄鹤(楼)酒业有限公司")
    factories.enterprise(name="武汉汉江饮料有限公司", legal_representative="张三")
    factories.enterprise(name="长沙长江食品有限公司", legal_representative="李四")
    factories.enterprise(name="重庆银行股份有限公司武汉分行")
    sync()
    return {"target": target, "half_width": half_width}


def first(query: str):
    page = enterprise_search(query=query)
    return page.results[0]["id"] if page.results else None, page


CASES = {
    "exact name": "武汉长江（集团）食品有限公司",
    "exact name, half-width brackets": "武汉长江(集团)食品有限公司",
    "partial": "长江（集团）",
    "partial without brackets": "长江集团",
    "loose partial": "武汉食品",
    "full pinyin": "wuhanchangjiang",
    "pinyin prefix while typing": "wuhanchangj",
    "pinyin of the middle of the name": "changjiangji",
    "pinyin with spaces and capitals": "Chang Jiang Ji Tuan",
    "initials": "whcj",
    "initials of the middle": "cjjt",
    "traditional characters": "武漢長江（集團）",
    "traditional, whole name": "武漢長江（集團）食品有限公司",
    "legal representative": "欧阳娜娜",
    "address": "沿江大道188号",
    "name and person": "长江 欧阳娜娜",
}


@pytest.mark.parametrize("query", CASES.values(), ids=CASES.keys())
def test_each_way_of_typing_finds_the_enterprise_first(registry, query):
    found, page = first(query)
    assert found == registry["target"].pk, [r["name"] for r in page.results]


def test_full_width_brackets_typed_find_a_half_width_name(registry):
    found, _page = first("黄鹤（楼）酒业")
    assert found == registry["half_width"].pk


def test_credit_code_exact_and_prefix(registry):
    code = registry["target"].credit_code
    for query in (code, code[:15], code.lower()[:15], f" {code[:15]} "):
        found, page = first(query)
        assert found == registry["target"].pk, query
        assert "信用代码" in page.results[0]["matched_by"]


def test_credit_code_prefix_shared_by_a_district_finds_all_of_it(registry):
    page = enterprise_search(query=registry["target"].credit_code[:8])
    assert page.total == 5  # every test enterprise is registered in 江岸区 (420102)


def test_match_is_highlighted_and_named(registry):
    _found, page = first("长江（集团）")
    hit = page.results[0]
    # The registered name, full-width brackets included, with the match marked.
    assert hit["name_html"] == "武汉<mark>长江</mark>（<mark>集团</mark>）食品有限公司"
    assert hit["matched_by"] == ["名称"]


def test_names_are_escaped_in_highlights(sync):
    factories.enterprise(name="武汉<b>粗体</b>食品有限公司")
    sync()
    hit = enterprise_search(query="粗体").results[0]
    assert "<b>" not in hit["name_html"]
    assert "&lt;b&gt;<mark>粗体</mark>&lt;&#x2F;b&gt;" in hit["name_html"]


def test_pinyin_match_says_so(registry):
    _found, page = first("whcj")
    assert page.results[0]["matched_by"] == ["拼音首字母"]


def test_unrelated_query_finds_nothing(registry):
    assert enterprise_search(query="光谷生物").total == 0


def test_former_name_still_finds_a_renamed_enterprise(registry, sync):
    enterprise_rename(enterprise=registry["target"], new_name="武汉江城食品有限公司")
    sync()
    found, page = first("长江（集团）")
    assert found == registry["target"].pk
    assert page.results[0]["name"] == "武汉江城食品有限公司"
    assert page.results[0]["matched_by"] == ["曾用名"]
    assert "<mark>" in page.results[0]["former_names_html"][0]
    found, _page = first("jiangcheng")
    assert found == registry["target"].pk

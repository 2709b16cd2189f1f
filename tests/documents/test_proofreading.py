"""An officer's text reads as one sentence with the template's own words: nothing the
template already says is said twice, no mark is doubled, and the text itself (names,
numbers, wording) is left as typed."""

import re

import pytest
from django.template import Context, Template

from documents.proofreading import fit, title_lines


@pytest.mark.parametrize(
    ("typed", "surroundings", "fitted"),
    [
        # The examples.
        ("经查，当事人拒不改正。", "经查，…。", "当事人拒不改正"),
        ("经查，经查，当事人拒不改正。。", "经查，…。", "当事人拒不改正"),
        ("1.购销合同", "1．…；", "购销合同"),
        ("现场检查笔录及照片等产品。", "1．…；", "现场检查笔录及照片等产品"),
        # Lead words and their usual variants, with any mark the officer put after them.
        ("经查明：当事人于2026年", "经查，…。", "当事人于2026年"),
        ("经查明，你单位于2026年", "经查，你（单位）…。", "于2026年"),
        ("　　经查，当事人", "经查，…。", "当事人"),
        (
            "根据《食品安全法》第三十四条的规定。",
            "依据…的规定",
            "《食品安全法》第三十四条",
        ),
        ("依据《食品安全法》第三十四条规定", "依据…的规定", "《食品安全法》第三十四条"),
        ("以欺骗手段取得许可的情形。", "属于…的情形", "以欺骗手段取得许可"),
        ("本局认为，该许可证应予撤销！", "本局认为，…。", "该许可证应予撤销"),
        ("违法行为轻微；", "鉴于…，", "违法行为轻微"),
        ("责令改正。", "…（", "责令改正"),
        ("采取删除、屏蔽等", "采取…等必要处置措施", "删除、屏蔽"),
        ("以欺骗手段取得许可的", "属于…的情形", "以欺骗手段取得许可"),
        # Enumerators where the template numbers the item.
        ("（2）现场笔录；", "1．…。", "现场笔录"),
        ("② 现场照片", "1．…；", "现场照片"),
        ("三、询问笔录", "1．…；", "询问笔录"),
        # Inside the text: doubled or ASCII marks.
        ("当事人拒不改正。。且继续销售", "…", "当事人拒不改正。且继续销售"),
        ("产品。；其余", "…", "产品；其余"),
        ("改正,并且拒不改正.", "…", "改正，并且拒不改正。"),
        ("同意。。", "…", "同意。"),
        (
            "依照《民事诉讼法》有关送达的规定的规定。",
            "…",
            "依照《民事诉讼法》有关送达的规定。",
        ),
        ("当事人于11月经查，经查，仍在销售", "…", "当事人于11月经查，仍在销售"),
    ],
)
def test_typed_text_fits_where_the_template_puts_it(typed, surroundings, fitted):
    assert fit(typed, surroundings) == fitted


@pytest.mark.parametrize(
    ("typed", "surroundings"),
    [
        ("1.5吨原料", "1．…；"),  # a decimal, not an enumerator
        ("2026年11月26日现场检查", "1．…；"),
        ("《市场监督管理行政处罚程序规定》第十条", "依据…的规定"),
        ("经查明的事实与申请材料不符", "经查，…。"),  # 经查明 without a mark is a word
        ("Wuhan Yunji Co.,Ltd.", "…"),
        ("武汉市咕噜咕噜便利店", "…"),  # names are never changed
        ("单价3.50元/袋", "…，"),
        ("……", "…"),
    ],
)
def test_text_that_needs_no_change_is_left_as_typed(typed, surroundings):
    assert fit(typed, surroundings) == typed


def test_missing_text_is_blank():
    assert fit(None, "经查，…。") == ""
    assert fit("", "经查，…。") == ""


def test_the_filters_in_a_template_keep_autoescaping():
    template = Template(
        '{% load proofreading %}经查，{{ facts|fit:"经查，…。" }}。'
        "<h1>{{ title|title_lines }}</h1>"
    )
    html = template.render(
        Context(
            {"facts": "经查，<b>当事人</b>拒不改正。", "title": "关于<食品药品>的报告"}
        )
    )
    assert html == (
        "经查，&lt;b&gt;当事人&lt;/b&gt;拒不改正。"
        '<h1>关于&lt;<span class="nowrap">食品药品</span>&gt;'
        '<span class="nowrap">的报告</span></h1>'
    )


def _lines(html: str) -> list[str]:
    return re.sub(r"</?span[^>]*>", "", html).split("<br>")


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        (
            "武汉市市场监督管理局关于2019年度食品药品安全和特种设备、工业产品安全"
            "工作情况的报告",
            [
                "武汉市市场监督管理局关于",
                "2019年度食品药品安全和特种设备、",
                "工业产品安全工作情况的报告",
            ],
        ),
        # Not 20 characters and then 的函 alone.
        (
            "关于提请注销51家企业工业产品生产许可证的函",
            ["关于提请注销51家企业", "工业产品生产许可证的函"],
        ),
        ("行政处罚决定书", ["行政处罚决定书"]),
    ],
)
def test_a_long_title_breaks_into_even_lines_between_words(title, lines):
    assert _lines(title_lines(title)) == lines


def test_no_title_line_starts_with_a_closing_mark():
    title = (
        "关于甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲、乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙的通知"
    )
    for line in _lines(title_lines(title)):
        assert line[0] not in "，、。）》”"
        assert len(line) <= 20

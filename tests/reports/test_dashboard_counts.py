"""The dashboard's headline figures and its monthly table agree, say what they count,
and each opens a list of exactly that many records."""

import re

import pytest

from enforcement.models import Case, DecisionKind

from .test_figures import rows_behind

pytestmark = pytest.mark.django_db


def _kpi(html: str, name: str) -> tuple[str, str, str]:
    """(value, link, label and definition text) of a headline figure."""
    tile = html.split(f'data-kpi="{name}"')[0].rsplit("<a ", 1)[1]
    tile += html.split(f'data-kpi="{name}"')[1].split("</a>", 1)[0]
    value = re.search(r'class="re-kpi__value">([^<]+)<', tile).group(1)
    link = re.search(r'href="([^"]+)"', tile).group(1).replace("&amp;", "&")
    text = re.sub(r"<[^>]+>", " ", tile.split('class="re-kpi__value">')[1])
    return value, link, " ".join(text.split())


def _count(html: str, name: str) -> tuple[int, str, str]:
    value, link, text = _kpi(html, name)
    return int(value.replace(",", "")), link, text


def _month_totals(html: str) -> dict[str, int]:
    table = html.split('data-table="cases_by_month"')[1].split("</table>")[0]
    columns = re.findall(r'<th class="num">([^<]+)</th>', table)
    total_row = table.split('class="re-total"')[1]
    totals = re.findall(r'<td class="num">([\d,]+)</td>', total_row)
    return {c: int(t.replace(",", "")) for c, t in zip(columns, totals)}


def test_decisions_and_penalties_agree_with_the_monthly_table(small_year, head_client):
    decided = [
        c
        for c in Case.objects.exclude(decision_kind="")
        if c.decided_on and c.decided_on.year == 2019
    ]
    penalties = [c for c in decided if c.decision_kind == DecisionKind.PENALTY]
    # The small year has decisions that are not penalties (不予处罚): the two counts
    # differ, as 94 and 101 did on the demo year.
    assert len(penalties) < len(decided)

    html = head_client.get("/reports/dashboard/", {"year": 2019}).content.decode()
    totals = _month_totals(html)

    value, link, text = _count(html, "decided")
    assert value == len(decided) == totals["作出处理决定"]
    assert "含不予处罚、移送" in text
    assert rows_behind(head_client, link)[0] == value

    value, link, text = _count(html, "penalties")
    assert value == len(penalties) == totals["其中给予行政处罚"]
    assert "行政处罚决定" in text
    assert rows_behind(head_client, link)[0] == value

    value, link, text = _count(html, "registered")
    assert value == totals["登记"]
    assert "含简易程序" in text
    assert rows_behind(head_client, link)[0] == value

    # Closed in 2019 (by closing date) is not "registered in 2019 and closed": the
    # page says so rather than leaving two different numbers unexplained.
    assert "后者只计当年登记的案件" in html


def test_every_headline_figure_says_what_it_counts(small_year, head_client):
    html = head_client.get("/reports/dashboard/", {"year": 2019}).content.decode()
    for name in (
        "registered",
        "open",
        "closed",
        "decided",
        "penalties",
        "fines_imposed",
        "fines_collected",
        "overdue",
        "due_soon",
    ):
        _value, _link, text = _kpi(html, name)
        label, definition = text.split(" ", 1)
        assert definition, name

"""Charts are inline SVG drawn on the server: every bar links to its records, labels are
escaped, and the scale ends on a round number."""

from decimal import Decimal

from reports.charts import _nice_ceiling, bar_chart, column_chart
from reports.dashboards import Cell, Row, Table


def _table(money=False):
    return Table(
        "测试",
        ["在办", "已办结"],
        [
            Row("江岸区", [Cell(3, "/r/?a=1&b=2"), Cell(4, "/r/?c=1")]),
            Row("<script>", [Cell(0, "/r/?d=1"), Cell(Decimal("12.5"), "")]),
        ],
        money=money,
    )


def test_bars_are_links_to_their_records_and_labels_are_escaped():
    svg = str(column_chart(_table()))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert '<a href="/r/?a=1&amp;b=2"><rect' in svg
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "<title>江岸区 在办：3</title>" in svg


def test_stacked_bars_and_empty_rows():
    svg = str(bar_chart(_table(), columns=[0, 1], skip_empty=True))
    assert svg.count("<rect") == 4 + 2  # two rows of two bars, two legend keys
    assert ">7<" in svg  # the total at the end of the first row
    assert str(bar_chart(Table("空", ["n"], []))).startswith("<svg")


def test_the_scale_ends_on_a_round_number():
    assert [_nice_ceiling(v) for v in (0, 3, 7, 12, 130, 4500)] == [
        1,
        5,
        10,
        20,
        200,
        5000,
    ]

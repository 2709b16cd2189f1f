"""Charts are inline SVG drawn on the server: every bar links to its records, labels are
escaped, and the scale ends on a round number."""

from decimal import Decimal

from reports.charts import _axis_ticks, bar_chart, column_chart
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


def test_the_scale_has_whole_round_steps_and_ends_just_past_the_largest_value():
    assert _axis_ticks(0) == [0, 1]
    assert _axis_ticks(5) == [0, 1, 2, 3, 4, 5]  # counts: never 1.25 or 3.75
    assert _axis_ticks(7) == [0, 2, 4, 6, 8]
    assert _axis_ticks(55) == [0, 20, 40, 60]
    assert _axis_ticks(422) == [0, 100, 200, 300, 400, 500]
    assert _axis_ticks(123456) == [0, 25000, 50000, 75000, 100000, 125000]


def test_gridline_labels_of_a_small_count_chart_are_whole_numbers():
    table = Table("月", ["登记"], [Row("11月", [Cell(5)])])
    svg = str(column_chart(table))
    assert ">3<" in svg and ">5<" in svg
    assert "3.75" not in svg and "1.25" not in svg

"""Bar charts drawn on the server as inline SVG: no JavaScript, nothing to download, and
every bar is a link to the records it counts (the same link as the table beside it).

A chart draws a `reports.dashboards.Table`: its rows are the categories, its columns the
series.
"""

import math
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from chinese_formats.formats import money_cn

COLOURS = ["#1a4f8b", "#e08e0b", "#2e7d32", "#c62828", "#6a1b9a"]
FONT = 'font-family="inherit" font-size="12"'


def _n(value) -> str:
    """A coordinate, to one decimal (format_html escapes its arguments to text, so
    numbers are formatted before they go in)."""
    return f"{float(value):.1f}"


def _axis_ticks(value: float) -> list[float]:
    """Gridline values from 0 up past `value`: at most five intervals on the smallest
    round step (1, 2, 2.5 or 5 × 10ⁿ; never a fraction of one, and no 2.5 below 10,
    since most charts count whole things)."""
    if value <= 0:
        return [0, 1]
    exponent = max(0, math.floor(math.log10(value / 5)))
    while True:
        multipliers = (1, 2, 2.5, 5) if exponent >= 1 else (1, 2, 5)
        for multiplier in multipliers:
            step = multiplier * 10**exponent
            intervals = max(1, math.ceil(value / step - 1e-9))
            if intervals <= 5:
                return [step * i for i in range(intervals + 1)]
        exponent += 1


def _label(value, money: bool) -> str:
    if value is None:
        return "—"
    if money:
        return money_cn(value)
    if isinstance(value, float):
        return f"{value:.1f}"
    return f"{value:,}"


def _axis_label(value: float, money: bool) -> str:
    if money and value >= 10000:
        return f"{value / 10000:g}万"
    return f"{value:g}"


def _bar(x, y, width, height, colour, url, title) -> SafeString:
    rect = format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
        _n(x),
        _n(y),
        _n(max(width, 0)),
        _n(max(height, 0)),
        colour,
        title,
    )
    if url:
        return format_html('<a href="{}">{}</a>', url, rect)
    return rect


def _legend(columns: list, x: float, y: float) -> SafeString:
    items = []
    for index, label in enumerate(columns):
        items.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
                '<text x="{}" y="{}" {}>{}</text>',
                _n(x),
                _n(y - 9),
                COLOURS[index % len(COLOURS)],
                _n(x + 14),
                _n(y),
                mark_safe(FONT),
                label,
            )
        )
        x += 28 + 13 * len(str(label))
    return mark_safe("".join(items))


def column_chart(
    table, *, columns: list[int] | None = None, width: int = 720, height: int = 240
) -> SafeString:
    """Vertical bars, grouped by row (a month, say), one colour per column."""
    columns = columns if columns is not None else list(range(len(table.columns)))
    rows = table.rows
    values = [float(r.cells[c].value or 0) for r in rows for c in columns]
    ticks = _axis_ticks(max(values, default=0))
    top = ticks[-1]
    left, right, upper, lower = 56, 8, 26, 28
    plot_w, plot_h = width - left - right, height - upper - lower
    parts = []
    for value in ticks:
        y = upper + plot_h - plot_h * value / top
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#e0e0e0"/>'
                '<text x="{}" y="{}" text-anchor="end" fill="#666" {}>{}</text>',
                left,
                width - right,
                _n(y),
                _n(y),
                left - 6,
                _n(y + 4),
                mark_safe(FONT),
                _axis_label(value, table.money),
            )
        )
    group_w = plot_w / max(len(rows), 1)
    bar_w = group_w * 0.8 / max(len(columns), 1)
    for index, row in enumerate(rows):
        x0 = left + group_w * index + group_w * 0.1
        for position, column in enumerate(columns):
            cell = row.cells[column]
            value = float(cell.value or 0)
            bar_h = plot_h * value / top
            parts.append(
                _bar(
                    x0 + bar_w * position,
                    upper + plot_h - bar_h,
                    bar_w - 1,
                    bar_h,
                    COLOURS[position % len(COLOURS)],
                    cell.url,
                    f"{row.label} {table.columns[column]}：{_label(cell.value, table.money)}",
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" fill="#444" {}>{}</text>',
                _n(left + group_w * index + group_w / 2),
                height - 10,
                mark_safe(FONT),
                row.label,
            )
        )
    parts.append(_legend([table.columns[c] for c in columns], left, 14))
    return format_html(
        '<svg class="re-chart" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-label="{}" xmlns="http://www.w3.org/2000/svg">{}</svg>',
        width,
        height,
        table.title,
        mark_safe("".join(parts)),
    )


def bar_chart(
    table,
    *,
    columns: list[int] | None = None,
    width: int = 560,
    max_rows: int = 16,
    skip_empty: bool = False,
) -> SafeString:
    """Horizontal bars, one row per category; several columns are stacked (open and
    closed cases make up the registered ones, say). The label column is as wide as
    the longest label needs (12 px a character, at most 240)."""
    columns = columns if columns is not None else [0]
    rows = table.rows
    if skip_empty:
        rows = [r for r in rows if any(r.cells[c].value for c in columns)]
    rows = rows[:max_rows]
    longest = max((len(str(r.label)) for r in rows), default=4)
    label_width = min(max(longest * 12 + 16, 80), 240)
    totals = [sum(float(r.cells[c].value or 0) for c in columns) for r in rows]
    top = max(totals, default=0) or 1
    row_h, upper = 24, 22 if len(columns) > 1 else 4
    plot_w = width - label_width - 70
    height = upper + row_h * len(rows) + 4
    parts = []
    for index, row in enumerate(rows):
        y = upper + row_h * index
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" fill="#444" {}>{}</text>',
                label_width - 8,
                _n(y + 16),
                mark_safe(FONT),
                row.label,
            )
        )
        x = label_width
        for position, column in enumerate(columns):
            cell = row.cells[column]
            value = float(cell.value or 0)
            bar_w = plot_w * value / top
            parts.append(
                _bar(
                    x,
                    y + 4,
                    bar_w,
                    row_h - 8,
                    COLOURS[position % len(COLOURS)],
                    cell.url,
                    f"{row.label} {table.columns[column]}：{_label(cell.value, table.money)}",
                )
            )
            x += bar_w
        total = sum(
            (row.cells[c].value or 0 for c in columns),
            Decimal(0) if table.money else 0,
        )
        parts.append(
            format_html(
                '<text x="{}" y="{}" fill="#222" {}>{}</text>',
                _n(x + 6),
                _n(y + 16),
                mark_safe(FONT),
                _label(total, table.money),
            )
        )
    if len(columns) > 1:
        parts.append(_legend([table.columns[c] for c in columns], label_width, 14))
    return format_html(
        '<svg class="re-chart" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-label="{}" xmlns="http://www.w3.org/2000/svg">{}</svg>',
        width,
        height,
        table.title,
        mark_safe("".join(parts)),
    )

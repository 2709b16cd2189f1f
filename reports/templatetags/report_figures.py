from decimal import Decimal

from django import template

from chinese_formats.formats import money_cn

register = template.Library()


@register.filter
def figure(value, money=False):
    """A dashboard number as people read it: 1,600; 3.5 (days); 12,000.00元."""
    if value is None or value == "":
        return "—"
    if money:
        return money_cn(value)
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return f"{value:,.2f}"
    return f"{int(value):,}"


@register.filter
def money_short(value):
    """Money on a tile: 333.93万元 (under ten thousand yuan, in yuan)."""
    if value is None or value == "":
        return "—"
    amount = Decimal(value)
    if abs(amount) >= 10000:
        return f"{amount / 10000:,.2f}万元"
    return money_cn(amount)

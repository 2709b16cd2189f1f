"""Before and after values as a page shows them: 是/否, lists joined, nothing for
None (never True, False or None on a page)."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def audit_value(value) -> str:
    if value is True:
        return _("是")
    if value is False:
        return _("否")
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(audit_value(v) for v in value) or _("（无）")
    if isinstance(value, dict):
        return "；".join(f"{k}：{audit_value(v)}" for k, v in value.items())
    return str(value)

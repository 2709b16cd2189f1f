"""Links that change one parameter of the current search and keep the others."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def facet_toggle(context, name: str, value: str) -> str:
    """The current search with `value` of facet `name` switched on or off, page 1."""
    params = context["request"].GET.copy()
    values = params.getlist(name)
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    params.setlist(name, values)
    params.pop("page", None)
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def search_page(context, number: int) -> str:
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def search_params(context, **extra) -> str:
    params = context["request"].GET.copy()
    params.pop("page", None)
    for key, value in extra.items():
        params[key] = value
    return params.urlencode()


@register.filter
def page_window(result, radius: int = 3) -> list[int]:
    first = max(1, result.page - radius)
    last = min(result.pages, result.page + radius)
    return list(range(first, last + 1))

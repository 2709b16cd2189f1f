"""{% load proofreading %} … {{ facts|fit:"经查，…。" }}: the officer's text fitted where
the template puts it (documents/proofreading.py)."""

from django import template

from documents import proofreading

register = template.Library()

register.filter("fit", proofreading.fit)
register.filter("title_lines", proofreading.title_lines, is_safe=True)

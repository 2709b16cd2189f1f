from django import template

from chinese_formats import formats

register = template.Library()

register.filter("date_cn", formats.date_cn)
register.filter("money_cn", formats.money_cn)
register.filter("money_in_words", formats.money_in_words)

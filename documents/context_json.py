"""JSON for a paper's context that gives back the same Python values.

The context is stored with each issued paper; a paper whose rendering failed is rendered
again from it later (documents_render_pending). Plain JSON would turn dates and amounts
into strings, which the templates' date and money filters cannot format, so those are
tagged: {"$date": "2026-11-29"}, {"$datetime": "…"}, {"$decimal": "50375.00"}.
"""

import datetime
import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder


class ContextEncoder(DjangoJSONEncoder):
    def encode(self, o):
        return super().encode(_tag(o))

    def iterencode(self, o, _one_shot=False):
        return super().iterencode(_tag(o), _one_shot)


def _tag(value):
    # datetime before date: a datetime is a date too.
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, dict):
        return {key: _tag(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_tag(item) for item in value]
    return value


def _untag(obj: dict):
    if len(obj) == 1:
        ((key, value),) = obj.items()
        if key == "$datetime":
            return datetime.datetime.fromisoformat(value)
        if key == "$date":
            return datetime.date.fromisoformat(value)
        if key == "$decimal":
            return Decimal(value)
    return obj


class ContextDecoder(json.JSONDecoder):
    def __init__(self, *args, **kwargs):
        kwargs["object_hook"] = _untag
        super().__init__(*args, **kwargs)

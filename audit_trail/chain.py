"""The chain's arithmetic: the canonical text of an entry and its SM3 hash.

Kept free of model imports so that migrations (which see historical models) hash
entries exactly as the service does."""

import datetime
import json

from cryptography.hazmat.primitives import hashes
from django.core.serializers.json import DjangoJSONEncoder

# The anchor of an empty trail: the previous hash of the very first entry.
GENESIS_HASH = "0" * 64

HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_name",
    "source_ip",
    "category",
    "action",
    "content_type_id",
    "object_id",
    "record_text",
    "before",
    "after",
    "reason",
    "previous_hash",
)


def json_plain(value):
    """A value as the JSON column will give it back (dates, decimals and lazy strings
    turned into strings), so that what is hashed is what is stored."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _instant(value: datetime.datetime) -> str:
    # One spelling of an instant whatever the database's time zone: UTC, microseconds.
    return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def canonical_text(fields: dict) -> bytes:
    """The entry's fields as sorted, compact JSON (UTF-8): the text the hash covers."""
    data = {name: fields[name] for name in HASHED_FIELDS}
    data["occurred_at"] = _instant(data["occurred_at"])
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode()


def sm3_hex(data: bytes) -> str:
    """SM3 (GB/T 32905-2016) of `data`, as 64 hex digits."""
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def entry_hash(fields: dict) -> str:
    return sm3_hex(canonical_text(fields))


def entry_fields(entry) -> dict:
    """The hashed fields of a saved entry (a model instance, current or historical)."""
    return {name: getattr(entry, name) for name in HASHED_FIELDS}

"""Writes to the audit trail: appending an entry, and purging those past retention."""

import dataclasses
import datetime

import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import actions
from .chain import GENESIS_HASH, entry_hash, json_plain
from .models import AuditCategory, AuditEntry
from .request_context import current_request, request_source_ip, request_user

# The statutory minimum (网络安全法 第二十一条: logs kept no less than six months).
RETENTION_MINIMUM_DAYS = 180
AUDIT_PURGE_TOO_RECENT = _(
    "审计记录至少保存%(days)s天：只能清理%(limit)s以前的记录，%(before)s太近。"
)

# Any constant will do: it names the one lock every appending transaction takes.
_CHAIN_LOCK_KEY = 0x5A3D_A0D1

_RECORD_TEXT_MAX = AuditEntry._meta.get_field("record_text").max_length
_ACTOR_NAME_MAX = AuditEntry._meta.get_field("actor_name").max_length
_source_ip_field = AuditEntry._meta.get_field("source_ip")


def _chain_head() -> tuple[int, str]:
    """Lock the chain and return (last sequence, last hash).

    On PostgreSQL a transaction-scoped advisory lock serialises appenders: the second
    of two transactions appending at once waits here until the first commits, then
    reads the head the first wrote, so the chain cannot fork and sequences have no
    gaps. It costs one round trip and no row, and it is released by COMMIT or
    ROLLBACK, never left behind. (A locked head row would do the same, but with a
    row to keep in step with the table.) The head is read by a statement of its
    own, after the lock: in READ COMMITTED each statement sees what was committed
    when it began, so only a read that starts after the wait sees the first one's
    entry. Lock order: the chain is the last lock a transaction takes; a service
    that appends and then locks more domain rows can deadlock with another doing
    the same the other way round (PostgreSQL then aborts one of them).
    On SQLite (`make run`) transactions take the database's write lock when they
    begin, which already serialises them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    head = AuditEntry.objects.order_by("-sequence").values_list("sequence", "hash")[:1]
    for sequence, last_hash in head:
        return sequence, last_hash
    return 0, GENESIS_HASH


def _actor_name(actor) -> str:
    if actor is None:
        return ""
    return (actor.get_full_name() or actor.get_username())[:_ACTOR_NAME_MAX]


def audit_record(
    *,
    action: str,
    category: str,
    actor=None,
    actor_name: str | None = None,
    target=None,
    target_text: str | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    source_ip: str | None = None,
    occurred_at: datetime.datetime | None = None,
) -> AuditEntry:
    """Append one entry to the trail, in the caller's transaction (an entry is kept
    only if what it records is).

    action: a code from `audit_trail.actions` or one an app registered; category:
    `AuditCategory` (security or business); actor: the user who acted (default: the
    signed-in user of the current request; None for the system); actor_name: the
    name to keep (default: the actor's name now; for a failed sign-in, the username
    tried); target: the model instance the entry concerns (its type, id and text as
    it is now are kept; target_text: that text, when str(target) is not what a
    reader knows the record by); before/after: JSON-able dicts of what changed, in words a
    reader understands; reason: why, as the person gave it; source_ip: default the
    current request's REMOTE_ADDR; occurred_at: default now (the backfill of older
    events gives their time)."""
    request = current_request()
    if actor is None:
        actor = request_user(request)
    if source_ip is None:
        source_ip = request_source_ip(request)
    if source_ip:
        source_ip = _source_ip_field.get_prep_value(source_ip)
    content_type = object_id = None
    record_text = ""
    if target is not None:
        content_type = ContentType.objects.get_for_model(target)
        object_id = str(target.pk)
        record_text = str(target if target_text is None else target_text)
        record_text = record_text[:_RECORD_TEXT_MAX]
    fields = {
        "occurred_at": occurred_at or timezone.now(),
        "actor_id": actor.pk if actor is not None else None,
        "actor_name": (
            actor_name[:_ACTOR_NAME_MAX]
            if actor_name is not None
            else _actor_name(actor)
        ),
        "source_ip": source_ip or None,
        "category": AuditCategory(category).value,
        "action": action,
        "content_type_id": content_type.pk if content_type else None,
        "object_id": object_id or "",
        "record_text": record_text,
        "before": json_plain(before),
        "after": json_plain(after),
        "reason": str(reason or ""),
    }
    # No savepoint: the entry lives or dies with the caller's transaction, and the
    # demo year appends thousands of them.
    with transaction.atomic(savepoint=False):
        last_sequence, last_hash = _chain_head()
        fields["sequence"] = last_sequence + 1
        fields["previous_hash"] = last_hash
        fields["hash"] = entry_hash(fields)
        return AuditEntry.objects.create(**fields)


def audit_retention_days() -> int:
    return max(settings.AUDIT_RETENTION_DAYS, RETENTION_MINIMUM_DAYS)


def audit_purge_limit(*, today: datetime.date | None = None) -> datetime.date:
    """The latest date `audit_purge` accepts: entries before it are past retention."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=audit_retention_days())


@transaction.atomic
def audit_purge(*, before: datetime.date, actor=None) -> int:
    """Remove the oldest entries, those before `before`, which must be at least
    the retention period (AUDIT_RETENTION_DAYS, never under 180 days) ago; record
    that it was done. Returns how many were removed.

    Only a head of the chain goes: everything from the first entry (in chain order)
    dated on or after `before` is kept, so what is left is one unbroken chain whose
    anchor is the first kept entry's previous hash. The rows go through the one
    sanctioned bypass of the append-only trigger."""
    limit = audit_purge_limit()
    if before > limit:
        raise ValidationError(
            AUDIT_PURGE_TOO_RECENT,
            code="too_recent",
            params={
                "days": audit_retention_days(),
                "limit": limit.isoformat(),
                "before": before.isoformat(),
            },
        )
    head_sequence, _head_hash = _chain_head()  # nothing is appended meanwhile
    cutoff = timezone.make_aware(datetime.datetime.combine(before, datetime.time.min))
    first_kept = (
        AuditEntry.objects.filter(occurred_at__gte=cutoff)
        .order_by("sequence")
        .values_list("sequence", flat=True)
        .first()
    )
    # With every entry past retention, the last one stays: the chain goes on from it.
    doomed = AuditEntry.objects.filter(sequence__lt=first_kept or head_sequence)
    with pgtrigger.ignore("audit_trail.AuditEntry:append_only"):
        removed, _by_model = doomed.delete()
    audit_record(
        action=actions.AUDIT_PURGED,
        category=AuditCategory.SECURITY,
        actor=actor,
        after={"清理截止日期": before.isoformat(), "清理条数": removed},
    )
    return removed


# One file at most this many entries (the newest); narrow the filters for older ones.
AUDIT_EXPORT_MAX_ROWS = 50_000


@dataclasses.dataclass(frozen=True)
class AuditExportFile:
    filename: str
    content_type: str
    content: bytes
    row_count: int


def _filters_described(filters) -> dict:
    described = {}
    for field in dataclasses.fields(filters):
        value = getattr(filters, field.name)
        if value:
            described[field.name] = str(value) if not isinstance(value, str) else value
    return described


@transaction.atomic
def audit_export(*, actor, filters, export_format: str) -> AuditExportFile:
    """The filtered entries as a file; the export is itself an entry (who took which
    part of the trail out, how many rows), written in the same transaction."""
    from .exports import EXPORT_WRITERS
    from .selectors import audit_entry_list

    writer, content_type = EXPORT_WRITERS[export_format]
    entries = list(audit_entry_list(filters=filters)[:AUDIT_EXPORT_MAX_ROWS])
    content = writer(entries)
    entry = audit_record(
        action=actions.AUDIT_EXPORTED,
        category=AuditCategory.SECURITY,
        actor=actor,
        after={
            "筛选条件": _filters_described(filters),
            "格式": export_format.upper(),
            "行数": len(entries),
        },
    )
    stamp = timezone.localtime(entry.occurred_at).strftime("%Y%m%d-%H%M%S")
    return AuditExportFile(
        filename=f"audit-{stamp}.{export_format}",
        content_type=content_type,
        content=content,
        row_count=len(entries),
    )

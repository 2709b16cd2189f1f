"""Reads of the audit trail: the filtered list, and the chain's verification."""

import dataclasses
import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from .chain import entry_fields, entry_hash
from .models import AuditEntry


@dataclasses.dataclass(frozen=True)
class AuditFilters:
    person: str = ""
    content_type: ContentType | None = None
    object_id: str = ""
    record: str = ""
    action: str = ""
    category: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_entry_list(*, filters: AuditFilters) -> QuerySet[AuditEntry]:
    """Entries newest first, narrowed by person (name kept on the entry, or the
    account's username), record (type and id, or words of its text), action,
    category and days (both inclusive, in the bureau's time zone)."""
    entries = AuditEntry.objects.select_related("actor", "content_type")
    if filters.person:
        entries = entries.filter(
            Q(actor_name__icontains=filters.person)
            | Q(actor__username__iexact=filters.person)
        )
    if filters.content_type is not None:
        entries = entries.filter(content_type=filters.content_type)
    if filters.object_id:
        entries = entries.filter(object_id=filters.object_id)
    if filters.record:
        entries = entries.filter(record_text__icontains=filters.record)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.category:
        entries = entries.filter(category=filters.category)
    if filters.date_from:
        entries = entries.filter(occurred_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        next_day = filters.date_to + datetime.timedelta(days=1)
        entries = entries.filter(occurred_at__lt=_day_start(next_day))
    return entries.order_by("-sequence")


@dataclasses.dataclass(frozen=True)
class ChainBreak:
    sequence: int
    occurred_at: datetime.datetime
    action: str
    problem: str  # "hash" (altered), "link" (previous hash differs), "gap" (missing)


@dataclasses.dataclass(frozen=True)
class ChainReport:
    checked: int
    first_break: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def _break(entry, problem: str) -> ChainBreak:
    return ChainBreak(entry.sequence, entry.occurred_at, entry.action, problem)


def _check_run(entries, previous=None) -> tuple[int, ChainBreak | None]:
    """Check entries in chain order; `previous` is the entry just before them (None:
    the first entry's stored previous hash is the anchor)."""
    checked = 0
    for entry in entries:
        checked += 1
        if previous is not None:
            if entry.sequence != previous.sequence + 1:
                return checked, _break(entry, "gap")
            if entry.previous_hash != previous.hash:
                return checked, _break(entry, "link")
        if entry_hash(entry_fields(entry)) != entry.hash:
            return checked, _break(entry, "hash")
        previous = entry
    return checked, None


def audit_chain_verify() -> ChainReport:
    """Recompute the whole chain from the first kept entry (its stored previous hash
    is the anchor: older entries may have been purged) and name the first entry that
    breaks it. Reads in batches; memory stays flat however long the trail."""
    entries = AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000)
    checked, first_break = _check_run(entries)
    return ChainReport(checked, first_break)


def audit_page_verify(entries: list[AuditEntry]) -> ChainReport:
    """The chain status of one page of the list (newest first): each entry's hash,
    and each link to the entry before it in the chain."""
    in_chain_order = sorted(entries, key=lambda e: e.sequence)
    report = ChainReport(0, None)
    previous = None
    for entry in in_chain_order:
        if previous is None or entry.sequence != previous.sequence + 1:
            previous = AuditEntry.objects.filter(sequence=entry.sequence - 1).first()
            if previous is None and entry.sequence > 1:
                oldest = AuditEntry.objects.order_by("sequence").first()
                if oldest is None or oldest.sequence < entry.sequence:
                    return ChainReport(report.checked + 1, _break(entry, "gap"))
        checked, first_break = _check_run([entry], previous)
        report = ChainReport(report.checked + checked, first_break)
        if first_break is not None:
            return report
        previous = entry
    return report

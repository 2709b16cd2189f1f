"""Registering leads (one by one or in bulk) and starting their cleanup processes."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from online_cleanup import services
from online_cleanup.imports import ImportFileError, listing_rows_read
from online_cleanup.models import LeadSource, ListingImport, ListingLead


def _flow():
    from .flows import ListingCleanupFlow

    return ListingCleanupFlow


@transaction.atomic
def listing_lead_register_and_start(
    *, actor, platform=None, **fields
) -> tuple[ListingLead, bool]:
    """Register a hit; a new listing starts its cleanup process, a known one is merged."""
    lead, created = services.listing_lead_register(
        actor=actor, platform=platform, **fields
    )
    if created:
        _flow().start.run(lead=lead)
    return lead, created


@dataclass
class ImportResult:
    record: ListingImport | None
    file_error: str = ""
    rows: list = field(default_factory=list)


def listing_leads_import(
    *, content: bytes, file_name: str, evidence: dict[str, bytes], campaign, actor
) -> ImportResult:
    """Import a table of monitoring hits. Every row is checked first and reported; each
    good row is registered in its own transaction (a lead is never half-imported);
    duplicates of known listings, in the file or already registered, are merged."""
    try:
        rows = listing_rows_read(
            content=content, file_name=file_name, evidence_names=set(evidence)
        )
    except ImportFileError as exc:
        return ImportResult(record=None, file_error=str(exc))
    report, created, merged, rejected = [], 0, 0, 0
    for row in rows:
        entry = {"line": row.line, "listing": row.values.get("listing_url", "")}
        if not row.ok:
            rejected += 1
            report.append({**entry, "result": "rejected", "reasons": row.errors})
            continue
        values = dict(row.values)
        evidence_name = values.pop("evidence", "")
        try:
            lead, is_new = listing_lead_register_and_start(
                actor=actor,
                source=LeadSource.CAMPAIGN if campaign else LeadSource.MONITORING,
                campaign=campaign,
                evidence=[(evidence_name, evidence[evidence_name])]
                if evidence_name
                else [],
                **values,
            )
        except ValidationError as exc:
            rejected += 1
            report.append({**entry, "result": "rejected", "reasons": exc.messages})
            continue
        if is_new:
            created += 1
        else:
            merged += 1
        report.append(
            {**entry, "result": "created" if is_new else "merged", "lead": lead.pk}
        )
    record = ListingImport.objects.create(
        file_name=file_name,
        campaign=campaign,
        imported_by=actor,
        rows_total=len(rows),
        rows_created=created,
        rows_merged=merged,
        rows_rejected=rejected,
        report=report,
    )
    return ImportResult(record=record, rows=report)

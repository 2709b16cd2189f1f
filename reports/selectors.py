"""Reads of the annual reports (the figures are in `figures`, the dashboards in
`dashboards`, the records behind both in `records`)."""

from django.db.models import QuerySet

from documents.models import IssuedDocument
from documents.selectors import documents_for_record

from .models import AnnualReport


def annual_report_get(year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(year=year).first()


def annual_report_documents(year: int) -> QuerySet[IssuedDocument]:
    """Every issued version of the year's report, newest first."""
    report = annual_report_get(year)
    if report is None:
        return IssuedDocument.objects.none()
    return documents_for_record(report).order_by("-version", "-id")


def _latest_dates(until_year: int) -> list:
    """The latest date, up to the end of `until_year`, of each kind of record the
    report counts (one aggregate query per kind)."""
    import datetime

    from django.db.models import Max
    from django.utils import timezone

    from campaigns.models import OfflineClearance
    from enforcement.models import Case, Payment
    from licensing.models import Cancellation, Revocation
    from online_cleanup.models import ListingLead
    from workshops.models import WorkshopClosure

    end = datetime.date(until_year, 12, 31)
    end_at = timezone.make_aware(datetime.datetime(until_year + 1, 1, 1))
    sources = [
        (Case.objects.filter(decided_on__lte=end), "decided_on"),
        (Case.objects.filter(registered_at__lt=end_at), "registered_at"),
        (Revocation.objects.filter(decided_on__lte=end), "decided_on"),
        (
            Cancellation.objects.filter(referral__issued_on__lte=end),
            "referral__issued_on",
        ),
        (Cancellation.objects.filter(cancelled_on__lte=end), "cancelled_on"),
        (OfflineClearance.objects.filter(inspected_on__lte=end), "inspected_on"),
        (ListingLead.objects.filter(verified_at__lt=end_at), "verified_at"),
        (WorkshopClosure.objects.filter(closed_on__lte=end), "closed_on"),
        (Payment.objects.filter(paid_on__lte=end), "paid_on"),
    ]
    latest = []
    for qs, field in sources:
        value = qs.aggregate(latest=Max(field))["latest"]
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value).date()
        if value is not None:
            latest.append(value)
    return latest


def report_year_with_data(*, this_year: int) -> int:
    """The year the annual report opens on: the last complete year that has records
    the report counts; the current year when only it has any; last year when nothing
    does."""
    for until in (this_year - 1, this_year):
        latest = _latest_dates(until)
        if latest:
            return max(latest).year
    return this_year - 1

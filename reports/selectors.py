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

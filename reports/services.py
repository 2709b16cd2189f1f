"""Issuing the annual work report (年度工作情况报告) as an official paper."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.models import IssuedDocument
from documents.services import document_issue
from organisation.models import User
from organisation.selectors import home_bureau

from .models import AnnualReport
from .papers import ANNUAL_REPORT, annual_report_paper_context

REPORT_ISSUE_FORBIDDEN = _("您没有出具年度工作报告的权限。")
REPORT_YEAR_NOT_OVER = _("%(year)d年度尚未结束，年度工作报告在次年出具。")
REPORT_NO_BUREAU = _("尚未设置本局机构，不能出具报告。")


@transaction.atomic
def annual_report_issue(*, year: int, actor: User) -> IssuedDocument:
    """Issue the year's report with its figures computed now. Issuing again makes the
    next version under the same number (figures corrected since are in it; the earlier
    version stays as issued). The PDF is rendered after this transaction commits."""
    if not actor.has_perm("reports.issue_annual_report"):
        raise ValidationError(REPORT_ISSUE_FORBIDDEN, code="permission")
    today = timezone.localdate()
    if year >= today.year:
        raise ValidationError(REPORT_YEAR_NOT_OVER, code="year", params={"year": year})
    bureau = home_bureau()
    if bureau is None:
        raise ValidationError(REPORT_NO_BUREAU, code="bureau")
    report = AnnualReport.objects.filter(year=year).first()
    if report is None:
        report = AnnualReport(year=year, created_by=actor)
        report.full_clean()
        report.save()
    context = annual_report_paper_context(
        year=year,
        compiled_on=today,
        contact=actor,
    )
    return document_issue(
        type_code=ANNUAL_REPORT,
        issuer=bureau,
        record=report,
        context=context,
        actor=actor,
    )

"""Pages: the dashboards, the annual report (page, draft PDF, issuing), and the list of
records behind any figure."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from documents.services import document_preview
from organisation.selectors import home_bureau

from . import charts
from .dashboards import Cell, Row, Table, dashboard
from .figures import annual_report_figures
from .forms import AnnualReportIssueForm, ReportFilterForm
from .papers import ANNUAL_REPORT, annual_report_paper_context
from .records import (
    LIST_LIMIT,
    filters_described,
    record_kind_get,
    records_filters,
)
from .selectors import annual_report_documents, report_year_with_data
from .services import annual_report_issue


def _cycle_time_tables(stage_times) -> list[tuple[str, Table]]:
    """One table per flow: its steps with their median and 90th-percentile days."""
    by_flow: dict[str, list] = {}
    for stage in stage_times:
        by_flow.setdefault(stage.flow_title, []).append(stage)
    return [
        (
            flow,
            Table(
                flow,
                [_("中位数（日）"), _("90%分位（日）")],
                [
                    Row(
                        s.stage,
                        [
                            Cell(s.median_days, s.count.url),
                            Cell(s.p90_days, s.count.url),
                        ],
                    )
                    for s in stages
                ],
            ),
            stages,
        )
        for flow, stages in by_flow.items()
    ]


def _report_year(request) -> int:
    """The year the report opens on when none is asked for: the last year with data."""
    this_year = timezone.localdate().year
    if request.GET.get("year"):
        return this_year - 1  # the form's fallback for a year it refuses
    return report_year_with_data(this_year=this_year)


class DashboardView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "reports.view_dashboards"
    viewset = None

    def get(self, request):
        today = timezone.localdate()
        form = ReportFilterForm(request.GET, default_year=today.year)
        year, district = form.filters()
        data = dashboard(year=year, district=district, today=today)
        workload_table = Table(
            _("人员工作量"),
            [_("在办任务"), _("逾期任务"), _("本年完成任务"), _("在办案件")],
            [
                Row(w.name, [w.open_tasks, w.overdue_tasks, w.done_tasks, w.open_cases])
                for w in data["workload"]
            ],
        )
        cycle_tables = _cycle_time_tables(data["cycle_times"])
        context = {
            **data,
            "form": form,
            "year": year,
            "district": district,
            "today": today,
            "workload_table": workload_table,
            "cycle_tables": [
                (flow, table, stages, charts.bar_chart(table, columns=[0]))
                for flow, table, stages in cycle_tables
            ],
            "charts": {
                "cases_by_month": charts.column_chart(data["cases_by_month"]),
                "cases_by_stage": charts.bar_chart(data["cases_by_stage"]),
                "cases_by_district": charts.bar_chart(
                    data["cases_by_district"], columns=[1, 2]
                ),
                "cases_by_sector": charts.bar_chart(
                    data["cases_by_sector"], columns=[1, 2]
                ),
                "cases_by_campaign": charts.bar_chart(
                    data["cases_by_campaign"], columns=[1, 2]
                ),
                "licences_by_month": charts.column_chart(data["licences_by_month"]),
                "licences_by_stage": charts.bar_chart(data["licences_by_stage"]),
                "deadlines": charts.bar_chart(
                    data["deadlines"].by_flow, columns=[1, 2]
                ),
                "workload": charts.bar_chart(
                    workload_table, columns=[0, 3], skip_empty=True
                ),
                "fines": charts.column_chart(data["fines"].by_month),
            },
        }
        return render(request, "reports/dashboard.html", context)


class AnnualReportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "reports.view_annualreport"
    viewset = None

    def get(self, request):
        form = ReportFilterForm(request.GET, default_year=_report_year(request))
        year, district = form.filters()
        return render(
            request,
            "reports/annual_report.html",
            {
                "form": form,
                "year": year,
                "district": district,
                "figures": annual_report_figures(year=year, district=district),
                "documents": annual_report_documents(year),
                "issue_form": AnnualReportIssueForm(initial={"year": year}),
                "can_issue": request.user.has_perm("reports.issue_annual_report")
                and district is None,
            },
        )


class AnnualReportPreviewView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The report as a draft PDF (草稿, no number used up), figures as of now."""

    permission_required = "reports.view_annualreport"
    viewset = None

    def get(self, request):
        form = ReportFilterForm(request.GET, default_year=_report_year(request))
        year, _district = form.filters()
        bureau = home_bureau()
        if bureau is None:
            raise Http404
        context = annual_report_paper_context(
            year=year,
            compiled_on=timezone.localdate(),
            contact=request.user,
        )
        try:
            content = document_preview(
                type_code=ANNUAL_REPORT, issuer=bureau, context=context
            )
        except ValidationError as exc:
            return HttpResponse(" ".join(exc.messages), status=422)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=False,
            filename=_("%(year)d年度工作情况报告（草稿）.pdf") % {"year": year},
        )
        return response


class AnnualReportIssueView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "reports.issue_annual_report"
    viewset = None

    def post(self, request):
        form = AnnualReportIssueForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请选择年度。"))
            return redirect("reports:annual:index")
        year = form.cleaned_data["year"]
        try:
            document = annual_report_issue(year=year, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("已出具%(year)d年度工作情况报告（%(number)s，第%(version)d版）。")
                % {
                    "year": year,
                    "number": document.number,
                    "version": document.version,
                },
            )
        url = redirect("reports:annual:index").url
        return redirect(f"{url}?year={year}")


class RecordListView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The records a figure counts: the kind's selector with the filters in the URL,
    every row (up to LIST_LIMIT), and the figure they make."""

    permission_required = "reports.view_dashboards"
    viewset = None

    def get(self, request, kind):
        record_kind = record_kind_get(kind)
        if record_kind is None:
            raise Http404
        if not request.user.has_perm(record_kind.permission):
            raise PermissionDenied
        form, filters = records_filters(record_kind, request.GET)
        rows, total, value = [], 0, None
        if filters is not None:
            records = record_kind.records(filters)
            total = records.count()
            rows = list(records[:LIST_LIMIT])
            if record_kind.present:
                rows = record_kind.present(rows)
            value = record_kind.value(filters) if record_kind.quantity_field else total
        return render(
            request,
            "reports/record_list.html",
            {
                "kind": record_kind,
                "form": form,
                "described": filters_described(form) if filters is not None else [],
                "rows": rows,
                "total": total,
                "value": value,
                "limit": LIST_LIMIT,
                "row_template": record_kind.row_template,
            },
        )

"""The audit administrator's pages: the trail, filtered, a page at a time, with the
chain status of the page shown; and its export."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views import View

from .forms import AuditExportForm, AuditFilterForm
from .selectors import AuditFilters, audit_entry_list, audit_page_verify
from .services import audit_export

PAGE_SIZE = 50
# Pages beyond this are not offered: narrow the filters (the count stays exact).
MAX_PAGES = 200


class AuditEntryListView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "audit_trail.view_auditentry"
    viewset = None

    def get(self, request):
        form = AuditFilterForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            entries = audit_entry_list(filters=AuditFilters()).none()
        else:
            filters = form.filters() if form.is_bound else AuditFilters()
            entries = audit_entry_list(filters=filters)
        paginator = Paginator(entries, PAGE_SIZE)
        number = request.GET.get("page")
        try:
            number = min(int(number), MAX_PAGES)
        except (TypeError, ValueError):
            number = 1
        page = paginator.get_page(number)
        rows = list(page.object_list)
        params = request.GET.copy()
        params.pop("page", None)

        def page_url(n):
            params["page"] = n
            return "?" + params.urlencode()

        return render(
            request,
            "audit_trail/entry_list.html",
            {
                "form": form,
                "page": page,
                "rows": rows,
                "chain": audit_page_verify(rows),
                "previous_url": page_url(page.number - 1)
                if page.has_previous()
                else "",
                "next_url": page_url(page.number + 1)
                if page.has_next() and page.number < MAX_PAGES
                else "",
                "query": request.GET.urlencode(),
                "can_export": request.user.has_perm("audit_trail.export_auditentry"),
                "viewset": self.viewset,
            },
        )


class AuditEntryExportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "audit_trail.export_auditentry"

    def get(self, request):
        form = AuditExportForm(request.GET)
        if not form.is_valid():
            return render(
                request,
                "audit_trail/entry_list.html",
                {
                    "form": form,
                    "rows": [],
                    "chain": None,
                    "can_export": True,
                },
                status=400,
            )
        export = audit_export(
            actor=request.user,
            filters=form.filters(),
            export_format=form.cleaned_data["format"],
        )
        response = HttpResponse(export.content, content_type=export.content_type)
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        return response

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views import View

from workbench.paging import page_links, paginate

from .models import EvidenceCapture, LeadState, ListingProblem
from .selectors import listing_lead_get, listing_lead_list
from .services import evidence_capture_download


class ListingLeadListView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "online_cleanup.view_listinglead"
    viewset = None

    def get(self, request):
        filters = {
            key: request.GET.get(key)
            for key in ("campaign", "state", "problem", "q", "outcome", "overdue")
        }
        leads = listing_lead_list(filters={k: v for k, v in filters.items() if v})
        page = paginate(request, leads)
        return render(
            request,
            "online_cleanup/lead_list.html",
            {
                "leads": page.object_list,
                "pages": page_links(request, page),
                "total": page.paginator.count,
                "filters": filters,
                "states": LeadState.choices,
                "problems": ListingProblem.choices,
            },
        )


class ListingLeadDetailView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "online_cleanup.view_listinglead"
    viewset = None

    def get(self, request, pk):
        lead = listing_lead_get(pk)
        if lead is None:
            raise Http404
        from documents.selectors import documents_for_record

        return render(
            request,
            "online_cleanup/lead_detail.html",
            {"lead": lead, "documents": documents_for_record(lead)},
        )


class EvidenceDownloadView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Evidence as stored, to whoever may see the lead: checked against its SHA-256
    and recorded on the lead (the only route to the file; there is no /media/)."""

    permission_required = "online_cleanup.view_listinglead"
    viewset = None

    def get(self, request, pk, capture_pk):
        capture = EvidenceCapture.objects.filter(pk=capture_pk, lead_id=pk).first()
        if capture is None:
            raise Http404
        try:
            content = evidence_capture_download(capture=capture, actor=request.user)
        except ValidationError as exc:
            return HttpResponse(" ".join(exc.messages), status=409)
        response = HttpResponse(content, content_type="application/octet-stream")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=capture.original_name
        )
        return response

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from enterprises.views import add_validation_errors
from online_cleanup.selectors import listing_lead_list

from .forms import OfflineClearanceForm
from .selectors import (
    campaign_get,
    campaign_list,
    campaign_progress,
    offline_clearance_list,
)
from .services import offline_clearance_record


class CampaignListView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "campaigns.view_campaign"
    viewset = None

    def get(self, request):
        return render(
            request, "campaigns/campaign_list.html", {"campaigns": campaign_list()}
        )


class CampaignDetailView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "campaigns.view_campaign"
    viewset = None

    def get(self, request, pk):
        campaign = campaign_get(pk)
        if campaign is None:
            raise Http404
        leads = listing_lead_list(filters={"campaign": campaign})
        return render(
            request,
            "campaigns/campaign_detail.html",
            {
                "campaign": campaign,
                "progress": campaign_progress(campaign),
                "leads": leads[:300],
                "overdue": listing_lead_list(
                    filters={"campaign": campaign, "overdue": True}
                ),
                "clearances": offline_clearance_list(campaign=campaign)[:300],
                "clearance_form": OfflineClearanceForm(),
            },
        )


class OfflineClearanceRecordView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "campaigns.record_offline_clearance"
    viewset = None

    def post(self, request, pk):
        campaign = campaign_get(pk)
        if campaign is None:
            raise Http404
        form = OfflineClearanceForm(request.POST)
        if form.is_valid():
            try:
                offline_clearance_record(
                    campaign=campaign, officer=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("线下清理记录已登记。"))
                return redirect("campaigns:campaign:detail", campaign.pk)
        return render(
            request,
            "campaigns/campaign_detail.html",
            {
                "campaign": campaign,
                "progress": campaign_progress(campaign),
                "leads": listing_lead_list(filters={"campaign": campaign})[:300],
                "overdue": listing_lead_list(
                    filters={"campaign": campaign, "overdue": True}
                ),
                "clearances": offline_clearance_list(campaign=campaign)[:300],
                "clearance_form": form,
            },
            status=400,
        )

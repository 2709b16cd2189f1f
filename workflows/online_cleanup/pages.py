"""Registering leads one by one and importing monitoring hits in bulk."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from enterprises.views import add_validation_errors

from . import forms, starting


class ListingLeadRegisterView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "online_cleanup.register_listing_lead"
    template_name = "online_cleanup/lead_form.html"
    viewset = None

    def get(self, request):
        return render(request, self.template_name, {"form": forms.ListingLeadForm()})

    def post(self, request):
        form = forms.ListingLeadForm(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            files = data.pop("evidence")
            try:
                lead, created = starting.listing_lead_register_and_start(
                    actor=request.user,
                    evidence=[(f.name, f.read()) for f in files],
                    **data,
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                if created:
                    messages.success(request, _("线索已登记，已进入核查。"))
                else:
                    messages.warning(
                        request,
                        _(
                            "该商品信息已登记过，本次监测已合并到原线索（第%(n)d次发现）。"
                        )
                        % {"n": lead.hit_count},
                    )
                return redirect("campaigns:lead:detail", lead.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class ListingImportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "online_cleanup.register_listing_lead"
    template_name = "online_cleanup/lead_import.html"
    viewset = None

    def get(self, request):
        return render(request, self.template_name, {"form": forms.ListingImportForm()})

    def post(self, request):
        form = forms.ListingImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        table = form.cleaned_data["table"]
        result = starting.listing_leads_import(
            content=table.read(),
            file_name=table.name,
            evidence={f.name: f.read() for f in form.cleaned_data["evidence"]},
            campaign=form.cleaned_data["campaign"],
            actor=request.user,
        )
        if result.file_error:
            form.add_error("table", result.file_error)
            return render(request, self.template_name, {"form": form}, status=400)
        return render(
            request,
            self.template_name,
            {"form": forms.ListingImportForm(), "result": result.record},
        )

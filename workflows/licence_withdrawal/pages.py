"""Pages of the withdrawal desk outside single tasks: bulk cancellation with a preview,
and the referral letters with the province's answer for each licence."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from enterprises.views import add_validation_errors
from licensing import services

from . import forms, selectors, starting


class BulkCancellationView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Select licences → preview what happens to each → start them in one action."""

    permission_required = "licensing.cancel_licence"
    template_name = "workflows/licence_withdrawal/bulk_cancellation.html"
    viewset = None

    def get(self, request):
        return self._select(request, request.GET or None, forms.BulkCancellationForm())

    def post(self, request):
        form = forms.BulkCancellationForm(request.POST)
        filter_query = request.POST.get("filter", "")
        if not form.is_valid():
            return self._select(request, QueryDict(filter_query), form)
        licences = sorted(form.cleaned_data["licences"], key=lambda lic: lic.number)
        ground = form.cleaned_data["ground"]
        if not request.POST.get("confirm"):
            plan = services.cancellations_plan(licences=licences, ground=ground)
            return render(
                request,
                self.template_name,
                {
                    "form": form,
                    "plan": plan,
                    "stage": "preview",
                    "filter_query": filter_query,
                    **_counts(plan),
                },
            )
        try:
            result = starting.cancellations_start(
                licences=licences,
                ground=ground,
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self._select(request, QueryDict(filter_query), form)
        messages.success(
            request,
            _("已启动 %(started)d 份许可证的注销，%(refused)d 份未能启动。")
            % {"started": len(result.started), "refused": len(result.refused)},
        )
        return render(
            request,
            self.template_name,
            {
                "result": result,
                "stage": "done",
                "plan": result.rows,
                **_counts(result.rows),
            },
        )

    def _select(self, request, filter_data, form):
        """The filter and the list to tick. A refused submission comes back here with
        the same list, the same ticks and the reason as typed."""
        filter_form = forms.BulkCancellationFilterForm(filter_data)
        licences, total, narrowed = [], 0, False
        if filter_form.is_valid():
            qs = selectors.licences_for_bulk_cancellation(
                filters=filter_form.cleaned_data
            )
            total = qs.count()
            licences = list(qs[: selectors.BULK_LIST_LIMIT])
            narrowed = any(filter_form.cleaned_data.values())
        if form.is_bound:
            ticked = set(form.data.getlist("licences"))
        else:
            # Ticked in advance only when the clerk has narrowed the list down: an
            # unfiltered list is for browsing, not for cancelling everything on it.
            ticked = {str(lic.pk) for lic in licences} if narrowed else set()
        return render(
            request,
            self.template_name,
            {
                "filter_form": filter_form,
                "filter_query": filter_form.data.urlencode() if filter_data else "",
                "licences": licences,
                "ticked": ticked,
                "total": total,
                "limit": selectors.BULK_LIST_LIMIT,
                "form": form,
                "stage": "select",
            },
        )


def _counts(rows) -> dict:
    return {
        "local_count": sum(r.outcome == "local" for r in rows),
        "referral_count": sum(r.outcome == "referral" for r in rows),
        "refused_count": sum(r.outcome == "refused" for r in rows),
    }


class ReferralListView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "licensing.view_referral"
    viewset = None

    def get(self, request):
        return render(
            request,
            "workflows/licence_withdrawal/referral_list.html",
            {"referrals": selectors.referral_list()[:200]},
        )


class ReferralDetailView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The letter's licences, each with the province's answer or a form to record it."""

    permission_required = "licensing.view_referral"
    template_name = "workflows/licence_withdrawal/referral_detail.html"
    viewset = None

    def _context(self, referral, forms_by_pk=None):
        from documents.selectors import documents_for_record

        forms_by_pk = forms_by_pk or {}
        rows = [
            (c, forms_by_pk.get(c.pk) or forms.ProvinceDecisionForm(prefix=f"c{c.pk}"))
            for c in selectors.referral_cancellations(referral=referral)
        ]
        return {
            "referral": referral,
            "rows": rows,
            "documents": documents_for_record(referral),
            "can_record": self.request.user.has_perm(
                "licensing.record_province_decision"
            ),
        }

    def get(self, request, pk):
        referral = selectors.referral_get(pk)
        if referral is None:
            raise Http404
        return render(request, self.template_name, self._context(referral))

    def post(self, request, pk):
        referral = selectors.referral_get(pk)
        if referral is None:
            raise Http404
        if not request.user.has_perm("licensing.record_province_decision"):
            messages.error(request, _("您没有登记省局决定的权限。"))
            return redirect(request.path)
        cancellation = referral.cancellations.filter(
            pk=request.POST.get("cancellation")
        ).first()
        if cancellation is None:
            raise Http404
        form = forms.ProvinceDecisionForm(request.POST, prefix=f"c{cancellation.pk}")
        if form.is_valid():
            try:
                starting.province_decision_record(
                    cancellation=cancellation, actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("已登记许可证 %(number)s 的省局决定。")
                    % {"number": cancellation.licence.number},
                )
                return redirect(request.path)
        referral = selectors.referral_get(pk)
        return render(
            request,
            self.template_name,
            self._context(referral, {cancellation.pk: form}),
            status=400,
        )

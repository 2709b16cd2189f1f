"""Pages of the withdrawal desk outside single tasks: bulk cancellation with a preview,
and the referral letters with the province's answer for each licence."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from enterprises.views import add_validation_errors
from licensing import services
from licensing.models import CancellationState, ReferralState

from . import forms, replies, selectors, starting


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
                "plan": selectors.bulk_result_rows(result=result),
                "referrals": selectors.referrals_of_result(result=result),
                **_counts(result.rows),
            },
        )

    def _select(self, request, filter_data, form):
        """The filter and the list to tick. A refused submission comes back here with
        the same list, the same ticks and the reason as typed."""
        filter_form = forms.BulkCancellationFilterForm(filter_data)
        licences, total = [], 0
        if filter_form.is_valid():
            qs = selectors.licences_for_bulk_cancellation(
                filters=filter_form.cleaned_data
            )
            total = qs.count()
            licences = list(qs[: selectors.BULK_LIST_LIMIT])
        # Nothing is ticked in advance, however narrow the filter: each licence
        # cancelled or referred is one the clerk chose. A refused submission keeps the
        # clerk's own ticks.
        ticked = set(form.data.getlist("licences")) if form.is_bound else set()
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
    """The letter's licences, each with where it stands, and the province's answers for
    many licences at once: a table to fill, or the province's reply list uploaded
    (CSV/XLSX). Both show what will be recorded before the clerk confirms."""

    permission_required = "licensing.view_referral"
    template_name = "workflows/licence_withdrawal/referral_detail.html"
    viewset = None

    def _context(self, referral, cancellations, **extra):
        from documents.selectors import documents_for_record

        today = timezone.localdate()
        posted = extra.pop("posted", None) or {}
        rows = []
        for index, c in enumerate(cancellations, start=1):
            rows.append(
                {
                    "index": index,
                    "cancellation": c,
                    "status": selectors.cancellation_status(c, today=today),
                    "open": c.state == CancellationState.REFERRED,
                    "values": {
                        field: posted.get(f"row-{index}-{field}", "")
                        for field in (
                            "decision",
                            "decision_number",
                            "decided_on",
                            "rejection_reason",
                        )
                    },
                }
            )
        can_record = self.request.user.has_perm("licensing.record_province_decision")
        return {
            "referral": referral,
            "rows": rows,
            "documents": documents_for_record(referral),
            "can_record": can_record,
            "can_answer": can_record
            and referral.state == ReferralState.SENT
            and any(r["open"] for r in rows),
            "decided_on_all": posted.get("decided_on_all", ""),
            "stage": "table",
            **extra,
        }

    def _referral(self, pk):
        referral = selectors.referral_get(pk)
        if referral is None:
            raise Http404
        return referral

    def get(self, request, pk):
        referral = self._referral(pk)
        cancellations = list(selectors.referral_cancellations(referral=referral))
        if request.GET.get("format") == "csv":
            response = HttpResponse(
                replies.reply_list_template_csv(cancellations=cancellations),
                content_type="text/csv; charset=utf-8",
            )
            response["Content-Disposition"] = content_disposition_header(
                True, f"{referral} 省局答复清单.csv"
            )
            return response
        return render(
            request, self.template_name, self._context(referral, cancellations)
        )

    def post(self, request, pk):
        referral = self._referral(pk)
        if not request.user.has_perm("licensing.record_province_decision"):
            messages.error(request, _("您没有登记省局决定的权限。"))
            return redirect(request.path)
        cancellations = list(selectors.referral_cancellations(referral=referral))
        action = request.POST.get("action", "preview")
        source = _("表格")
        if action == "upload":
            upload = request.FILES.get("reply_list")
            if upload is None:
                return self._refuse(
                    referral, cancellations, [_("请选择要上传的省局答复清单文件。")]
                )
            source = upload.name
            try:
                inputs = replies.replies_from_upload(upload)
            except ValueError as exc:
                return self._refuse(referral, cancellations, [str(exc)])
        else:
            inputs = replies.replies_from_post(
                request.POST, default_date=request.POST.get("decided_on_all", "")
            )
            source = request.POST.get("source") or source
        check = replies.replies_check(
            referral=referral, inputs=inputs, cancellations=cancellations
        )
        posted = request.POST if action == "preview" else None
        if check.errors:
            return self._refuse(
                referral, cancellations, check.errors, posted=posted, source=source
            )
        if action != "confirm":
            hidden = {}
            for index, reply in enumerate(check.replies, start=1):
                hidden.update(reply.as_post(index))
            return render(
                request,
                self.template_name,
                self._context(
                    referral,
                    cancellations,
                    stage="preview",
                    check=check,
                    hidden=sorted(hidden.items()),
                    source=source,
                    accepted_count=sum(r.accepted for r in check.replies),
                    rejected_count=sum(not r.accepted for r in check.replies),
                    waiting_after=sum(
                        c.state == CancellationState.REFERRED for c in cancellations
                    )
                    - len(check.replies),
                ),
            )
        try:
            recorded = starting.province_decisions_record(
                replies=check.replies, actor=request.user
            )
        except ValidationError as exc:
            return self._refuse(referral, cancellations, exc.messages, source=source)
        accepted = sum(r.accepted for r in check.replies)
        messages.success(
            request,
            _(
                "已登记 %(count)d 份许可证的省局决定：准予注销 %(accepted)d 份，"
                "不予注销 %(rejected)d 份。"
            )
            % {
                "count": len(recorded),
                "accepted": accepted,
                "rejected": len(recorded) - accepted,
            },
        )
        return redirect(request.path)

    def _refuse(self, referral, cancellations, errors, *, posted=None, source=""):
        return render(
            self.request,
            self.template_name,
            self._context(
                referral,
                cancellations,
                errors=[str(e) for e in errors],
                posted=posted,
                source=source,
            ),
            status=400,
        )

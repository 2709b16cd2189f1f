from django.utils.translation import gettext_lazy as _

from online_cleanup import services

from ..licence_withdrawal.views import ServiceTaskView
from . import forms


class LeadTaskView(ServiceTaskView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary_template"] = "online_cleanup/includes/lead_summary.html"
        return context


class IdentifyView(LeadTaskView):
    form_class = forms.IdentifyForm
    intro = _(
        "通过平台调取经营者身份信息，确定平台内经营者及其实际经营地。外地经营者移送其实际经营地市场监管部门。"
    )

    def perform(self, form):
        services.listing_lead_identify(
            lead=self.record,
            seller=form.cleaned_data["seller"],
            local=form.cleaned_data["local"],
            authority=form.cleaned_data["authority"],
            actor=self.request.user,
        )


class NotifyPlatformView(LeadTaskView):
    form_class = forms.NotifyPlatformForm
    intro = _("向平台制发平台处置通知书，要求在期限内采取措施并报告处置情况。")

    def perform(self, form):
        services.listing_lead_notify_platform(
            lead=self.record,
            measure=form.cleaned_data["measure"],
            deadline=form.cleaned_data["deadline"],
            actor=self.request.user,
        )


class VerifyView(LeadTaskView):
    form_class = forms.VerifyForm
    intro = _("复查该商品信息是否已删除、屏蔽或下架，留存核查截图。")

    def perform(self, form):
        screenshot = form.cleaned_data.get("screenshot")
        evidence = (screenshot.name, screenshot.read()) if screenshot else None
        outcome = form.cleaned_data["outcome"]
        lead = services.listing_lead_verify(
            lead=self.record,
            still_online=outcome == "not_removed",
            note=form.cleaned_data["note"],
            actor=self.request.user,
            evidence=evidence,
        )
        if outcome != "removed":
            services.listing_lead_escalate(
                lead=lead,
                against="seller" if outcome == "removed_escalate" else "platform",
                actor=self.request.user,
                platform=form.cleaned_data["platform"],
            )


class PlatformFollowUpView(LeadTaskView):
    form_class = forms.PlatformFollowUpForm
    intro = _("平台处置期限已过，尚未核实下架。请催告平台并记录情况。")

    def perform(self, form):
        services.listing_lead_record_platform_follow_up(
            lead=self.record, note=form.cleaned_data["note"], actor=self.request.user
        )

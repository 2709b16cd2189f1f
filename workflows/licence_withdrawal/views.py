"""Task views of the withdrawal flows: validate the form, call one service, complete the
task. A ValidationError from the service is shown on the form and nothing is written."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from viewflow.workflow.flow.views import TaskSuccessUrlMixin

from enterprises.views import add_validation_errors
from licensing import services
from licensing.models import Licence

from . import forms


def _choice_label(form, field: str) -> str:
    """What the clerk chose, in words (the record keeps what the paper would say)."""
    value = form.cleaned_data[field]
    return str(dict(form.fields[field].choices).get(value, value))


class ServiceTaskView(TaskSuccessUrlMixin, FormView):
    """Base of the withdrawal task views."""

    template_name = "workflows/task.html"
    intro = ""

    @property
    def activation(self):
        return self.request.activation

    @property
    def record(self):
        return self.activation.process.artifact

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["record"] = self.record if self.activation.process.pk else None
        context["intro"] = self.intro
        return context

    def perform(self, form) -> None:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.perform(form)
                self.activation.execute()
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.get_success_url())


class RevocationStartView(ServiceTaskView):
    template_name = "workflows/start.html"
    form_class = forms.RevocationStartForm
    intro = _("对以不正当手段取得或违法准予的许可证，依行政许可法第六十九条发起撤销。")

    def get_initial(self):
        initial = super().get_initial()
        if licence_id := self.request.GET.get("licence"):
            licence = Licence.objects.filter(pk=licence_id).first()
            if licence:
                initial["licence"] = licence.number
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["record"] = None
        return context

    def perform(self, form):
        revocation = services.revocation_open(
            licence=form.cleaned_data["licence"],
            ground=form.cleaned_data["ground"],
            facts=form.cleaned_data["facts"],
            evidence=form.cleaned_data["evidence"],
            actor=self.request.user,
        )
        process = self.activation.process
        process.artifact = revocation
        process.data = {"initiator_id": self.request.user.pk}


class RevocationServeNoticeView(ServiceTaskView):
    form_class = forms.ServiceForm
    intro = _(
        "向持证人送达撤销行政许可告知书，告知拟撤销的事实、理由、依据及陈述、申辩的"
        "权利和期限；陈述申辩期自送达之日起计算。"
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if number := self.record.notice_document_number:
            context["intro"] = _(
                "向持证人送达撤销行政许可告知书（%(number)s），告知拟撤销的事实、理由、"
                "依据及陈述、申辩的权利和期限；陈述申辩期自送达之日起计算。"
            ) % {"number": number}
        return context

    def perform(self, form):
        services.revocation_serve_notice(
            revocation=self.record,
            served_on=form.cleaned_data["served_on"],
            method=_choice_label(form, "method"),
            actor=self.request.user,
        )


class RevocationStatementView(ServiceTaskView):
    form_class = forms.StatementForm
    intro = _("登记持证人的陈述、申辩意见。期限届满未提出的，系统自动转入法制审核。")

    def perform(self, form):
        services.revocation_record_statement(
            revocation=self.record,
            statement=form.cleaned_data["statement"],
            received_on=form.cleaned_data["received_on"],
            actor=self.request.user,
        )


class RevocationReviewView(ServiceTaskView):
    form_class = forms.ReviewForm
    intro = _("法制审核：审查撤销的事实、证据、依据和程序。")

    def perform(self, form):
        services.revocation_review(
            revocation=self.record,
            reviewer=self.request.user,
            approve=form.approves,
            opinion=form.cleaned_data["opinion"],
        )


class RevocationApprovalView(ServiceTaskView):
    form_class = forms.ReviewForm
    intro = _("局负责人审批撤销决定。")

    def perform(self, form):
        services.revocation_decide_approval(
            revocation=self.record,
            approver=self.request.user,
            approve=form.approves,
            opinion=form.cleaned_data["opinion"],
        )


class RevocationReviseView(ServiceTaskView):
    form_class = forms.ReviseForm
    intro = _("案件被退回，请根据退回意见补正后重新提交审核。")

    def get_initial(self):
        return {"facts": self.record.facts, "evidence": self.record.evidence}

    def perform(self, form):
        services.revocation_resubmit(
            revocation=self.record,
            facts=form.cleaned_data["facts"],
            evidence=form.cleaned_data["evidence"],
            actor=self.request.user,
        )


class RevocationServeDecisionView(ServiceTaskView):
    form_class = forms.ServiceForm
    intro = _("登记撤销决定书的送达。送达后许可证状态变为“已撤销”，并自动启动注销。")

    def perform(self, form):
        services.revocation_record_service(
            revocation=self.record,
            served_on=form.cleaned_data["served_on"],
            method=_choice_label(form, "method"),
            actor=self.request.user,
        )


class PublicityIntroMixin:
    """The publicity period as the bureau has set it (WithdrawalPolicy)."""

    publicity_intro = ""

    @property
    def intro(self):
        from licensing.models import WithdrawalPolicy

        days = WithdrawalPolicy.current().publicity_working_days
        return self.publicity_intro % {"days": days}


class RevocationPublicityView(PublicityIntroMixin, ServiceTaskView):
    form_class = forms.PublicityForm
    publicity_intro = _(
        "在信用网站公示撤销决定（双公示，决定作出之日起%(days)d个工作日内）。"
    )

    def perform(self, form):
        services.revocation_record_publicity(
            revocation=self.record,
            published_on=form.cleaned_data["published_on"],
            reference=form.cleaned_data["reference"],
            actor=self.request.user,
        )


class CancellationPublicityView(PublicityIntroMixin, ServiceTaskView):
    form_class = forms.PublicityForm
    publicity_intro = _("在信用网站公示注销（双公示，注销之日起%(days)d个工作日内）。")

    def perform(self, form):
        services.cancellation_record_publicity(
            cancellation=self.record,
            published_on=form.cleaned_data["published_on"],
            reference=form.cleaned_data["reference"],
            actor=self.request.user,
        )


class ReferralSendView(ServiceTaskView):
    form_class = forms.ReferralSendForm
    intro = _("将上报省局注销函报送省局。报送后逐证等待省局决定。")

    def perform(self, form):
        services.referral_record_sending(
            referral=self.record,
            sent_on=form.cleaned_data["sent_on"],
            method=_choice_label(form, "method"),
            actor=self.request.user,
        )


class ReferralFollowUpView(ServiceTaskView):
    form_class = forms.FollowUpForm
    intro = _("省局在期限内未全部答复，请催办并登记催办情况。")

    def perform(self, form):
        services.referral_record_follow_up(
            referral=self.record,
            followed_up_on=form.cleaned_data["followed_up_on"],
            note=form.cleaned_data["note"],
            actor=self.request.user,
        )

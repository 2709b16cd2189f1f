"""Task views of the penalty-case flows: validate the form, call one service, complete
the task. A service's refusal (a procedure gate) is shown on the form and nothing is
written."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from viewflow.workflow.flow.views import TaskSuccessUrlMixin

from chinese_formats.formats import money_cn
from enforcement import services
from enforcement.models import CaseState, PenaltyLine
from enforcement.services.penalty_lines import lines_from_case
from enterprises.views import add_validation_errors

from ..nodes import tasks_not_yet
from . import forms, selectors


class CaseTaskView(TaskSuccessUrlMixin, FormView):
    """Base of the case task views. `perform` calls one service; returning False keeps
    the task open (e.g. a partial payment)."""

    template_name = "workflows/penalty_case/task.html"
    intro = ""
    with_lines = False
    lines_stage = PenaltyLine.Stage.PROPOSED

    @property
    def activation(self):
        return self.request.activation

    @property
    def case(self):
        return self.activation.process.artifact

    def get_formset(self):
        case = self.case
        return forms.PenaltyLineFormSet(
            self.request.POST if self.request.method == "POST" else None,
            prefix="lines",
            party=case.party,
            initial=forms.line_initial(lines_from_case(case, self.lines_stage)),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = self.intro
        if self.activation.process.pk and self.activation.process.artifact_object_id:
            context.update(selectors.case_panel(case=self.case, user=self.request.user))
            context["needs"] = self._needs_not_on_the_form(
                context["needs"], context.get("form")
            )
        if self.with_lines and "formset" not in context:
            context["formset"] = self.get_formset()
        return context

    def _needs_not_on_the_form(self, needs, form) -> list:
        """What the case needs, less what the form above already says: its refusals,
        and the rule that makes the task wait (shown at the top of the form)."""
        shown = {str(error) for error in form.non_field_errors()} if form else set()
        task = self.activation.task
        if task is not None and task.pk:
            not_yet = tasks_not_yet([task], today=timezone.localdate()).get(task.pk)
            if not_yet:
                shown.add(not_yet.refusal)
        return [need for need in needs if str(need) not in shown]

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        formset = self.get_formset() if self.with_lines else None
        if form.is_valid() and (formset is None or formset.is_valid()):
            return self.form_valid(form, formset)
        return self.render_to_response(
            self.get_context_data(form=form, formset=formset)
        )

    def perform(self, form, lines):
        raise NotImplementedError

    def form_valid(self, form, formset=None):
        lines = formset.lines if formset is not None else None
        try:
            with transaction.atomic():
                completes = self.perform(form, lines)
                if completes is not False:
                    self.activation.execute()
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.render_to_response(
                self.get_context_data(form=form, formset=formset)
            )
        if completes is False:
            return HttpResponseRedirect(self.request.path)
        return HttpResponseRedirect(self.get_success_url())


class LeadRegisterView(CaseTaskView):
    form_class = forms.LeadRegisterForm
    intro = gettext_lazy(
        "登记监督检查、投诉举报、移送、交办、监测或者专项行动中发现的案件线索，"
        "自发现或者收到材料之日起十五个工作日内核查。"
    )

    def perform(self, form, lines):
        data = form.cleaned_data
        case = services.case_register(
            party=data["party"],
            party_kind=data["party_kind"],
            source=data["source"],
            source_reference=data["source_reference"],
            received_on=data["received_on"],
            clue=data["clue"],
            title=data["title"],
            violation_type=data["violation_type"],
            informant=data["informant"],
            campaign=data["campaign"],
            actor=self.request.user,
        )
        process = self.activation.process
        process.artifact = case
        process.data = {"initiator_id": self.request.user.pk, "investigator_ids": []}


class VerifyView(CaseTaskView):
    form_class = forms.VerifyForm
    intro = gettext_lazy(
        "核查线索，提出立案或者不予立案的意见（程序规定第十八条至第二十条）。"
    )

    def perform(self, form, lines):
        data = form.cleaned_data
        services.case_propose(
            case=self.case,
            actor=self.request.user,
            proposal=data["proposal"],
            findings=data["findings"],
            non_filing_reason=data["non_filing_reason"],
        )


class FilingApprovalView(CaseTaskView):
    form_class = forms.FilingApprovalForm
    intro = gettext_lazy(
        "负责人审批核查意见：同意立案的，指派两名以上具有行政执法资格的办案人员。"
    )

    def get_initial(self):
        return {
            "investigators": [self.case.registered_by],
            "lead": self.case.registered_by,
        }

    def perform(self, form, lines):
        data = form.cleaned_data
        services.case_decide_filing(
            case=self.case,
            approver=self.request.user,
            approve=form.approves,
            opinion=data["opinion"],
            investigators=list(data["investigators"]),
            lead=data["lead"],
        )


class InvestigateView(CaseTaskView):
    form_class = forms.InvestigationReportForm
    with_lines = True
    intro = gettext_lazy(
        "调查取证：证据、证据保全措施和不计入办案期限的期间在案件页登记。"
        "调查终结后提交调查终结报告，或者提请终止调查。"
    )

    def get_initial(self):
        case = self.case
        violation_type = case.suspected_violation_type
        return {
            "facts": case.facts,
            "violation_type": violation_type,
            "violated_provision": case.violated_provision
            or (violation_type.breached_provision if violation_type else ""),
            "legal_basis": case.legal_basis
            or (violation_type.penalty_provision if violation_type else ""),
            "proposal": case.report_proposal or "penalty",
            "discretion_reasons": case.discretion_reasons,
            "is_complex": case.is_complex,
            "is_major": case.is_major,
            "involves_major_public_interest": case.involves_major_public_interest,
        }

    def perform(self, form, lines):
        data = form.cleaned_data
        if data["outcome"] == "terminate":
            services.case_propose_termination(
                case=self.case,
                actor=self.request.user,
                reason=data["termination_reason"],
            )
            return
        services.case_submit_report(
            case=self.case,
            actor=self.request.user,
            facts=data["facts"],
            violation_type=data["violation_type"],
            violated_provision=data["violated_provision"],
            legal_basis=data["legal_basis"],
            proposal=data["proposal"],
            lines=lines,
            no_penalty_reason=data["no_penalty_reason"],
            discretion_reasons=data["discretion_reasons"],
            is_complex=data["is_complex"],
            is_major=data["is_major"],
            involves_major_public_interest=data["involves_major_public_interest"],
            legality_review_other=data["legality_review_other"],
        )


class TerminationApprovalView(CaseTaskView):
    form_class = forms.ApprovalForm
    intro = gettext_lazy("负责人审批终止调查；不同意的，案件继续调查。")

    def perform(self, form, lines):
        services.case_decide_termination(
            case=self.case,
            approver=self.request.user,
            approve=form.approves,
            opinion=form.cleaned_data["opinion"],
        )


class CaseReviewView(CaseTaskView):
    form_class = forms.OpinionForm
    intro = gettext_lazy(
        "案件审核：审查事实、证据、定性、依据、程序和处罚幅度。需要补充调查的，"
        "在案件页“退回补充调查”并写明理由。"
    )

    def perform(self, form, lines):
        services.case_review_pass(
            case=self.case,
            reviewer=self.request.user,
            opinion=form.cleaned_data["opinion"],
        )


class LegalityReviewView(CaseTaskView):
    form_class = forms.OpinionForm
    intro = gettext_lazy(
        "法制审核（行政处罚法第五十八条）：未经法制审核或者审核未通过的，不得作出决定。"
    )

    def perform(self, form, lines):
        services.case_legality_review_pass(
            case=self.case,
            reviewer=self.request.user,
            opinion=form.cleaned_data["opinion"],
        )


class ServeNoticeView(CaseTaskView):
    form_class = forms.ServiceForm
    intro = gettext_lazy(
        "送达行政处罚告知书；当事人自送达之日起五个工作日内可以陈述、申辩或者要求听证。"
    )

    def perform(self, form, lines):
        services.case_serve_notice(
            case=self.case,
            served_on=form.cleaned_data["served_on"],
            method=form.cleaned_data["method"],
            actor=self.request.user,
        )


class StatementView(CaseTaskView):
    form_class = forms.StatementForm
    intro = gettext_lazy(
        "登记当事人的陈述、申辩或者听证要求。期限届满未提出的，系统自动转入决定。"
    )

    def perform(self, form, lines):
        data = form.cleaned_data
        if data["outcome"] == "hearing":
            services.case_request_hearing(
                case=self.case, on=data["received_on"], actor=self.request.user
            )
        elif data["outcome"] == "waiver":
            services.case_waive_statement(
                case=self.case,
                on=data["received_on"],
                actor=self.request.user,
                note=data["statement"],
            )
        else:
            services.case_record_statement(
                case=self.case,
                statement=data["statement"],
                received_on=data["received_on"],
                actor=self.request.user,
            )


class ArrangeHearingView(CaseTaskView):
    form_class = forms.ArrangeHearingForm
    intro = gettext_lazy(
        "指定非本案调查人员主持听证，并在举行听证的七个工作日前通知当事人。"
    )

    def perform(self, form, lines):
        data = form.cleaned_data
        services.case_arrange_hearing(
            case=self.case,
            arranger=self.request.user,
            host=data["host"],
            scheduled_at=data["scheduled_at"],
            place=data["place"],
            notified_on=data["notified_on"],
            clerk=data["clerk"],
            members=data["members"],
            public=data["public"],
        )


class HoldHearingView(CaseTaskView):
    form_class = forms.HearingRecordForm
    intro = gettext_lazy("听证主持人登记听证情况和听证报告意见。")

    def perform(self, form, lines):
        data = form.cleaned_data
        services.case_record_hearing(
            case=self.case,
            host=self.request.user,
            held_on=data["held_on"],
            party_attended=data["party_attended"],
            record=data["record"],
            opinion=data["opinion"],
        )


class ReExaminationView(CaseTaskView):
    form_class = forms.ReExaminationForm
    with_lines = True
    intro = gettext_lazy(
        "复核当事人提出的事实、理由和证据；成立的应当采纳。可以减轻拟作出的处罚，"
        "不得因当事人陈述、申辩而加重（行政处罚法第四十五条）。"
    )

    def perform(self, form, lines):
        services.case_re_examine(
            case=self.case,
            examiner=self.request.user,
            opinion=form.cleaned_data["opinion"],
            adopted=form.cleaned_data["adopted"],
            lines=lines,
        )


class DecideView(CaseTaskView):
    form_class = forms.DecisionForm
    with_lines = True
    intro = gettext_lazy(
        "负责人审查调查结果，作出给予处罚、不予处罚或者移送的决定（行政处罚法第五十七条）。"
    )

    def get_initial(self):
        case = self.case
        return {
            "kind": case.report_proposal or "penalty",
            "no_penalty_reason": case.proposed_no_penalty_reason,
        }

    def perform(self, form, lines):
        data = form.cleaned_data
        services.case_decide(
            case=self.case,
            decider=self.request.user,
            kind=data["kind"],
            opinion=data["opinion"],
            lines=lines or [],
            no_penalty_reason=data["no_penalty_reason"],
            referral_authority=data["referral_authority"],
        )


class CollectiveDecisionView(DecideView):
    form_class = forms.CollectiveDecisionForm
    intro = gettext_lazy(
        "情节复杂或者重大违法行为：负责人集体讨论决定，登记讨论日期、主持人、参加人员和讨论记录。"
    )

    def get_initial(self):
        return {**super().get_initial(), "chair": self.request.user}

    def perform(self, form, lines):
        data = form.cleaned_data
        services.case_decide_collectively(
            case=self.case,
            actor=self.request.user,
            held_on=data["held_on"],
            chair=data["chair"],
            participants=list(data["participants"]),
            minutes=data["minutes"],
            kind=data["kind"],
            opinion=data["opinion"],
            lines=lines or [],
            no_penalty_reason=data["no_penalty_reason"],
            referral_authority=data["referral_authority"],
        )


class RecordReferralView(CaseTaskView):
    form_class = forms.ReferralForm
    intro = gettext_lazy("登记移送司法机关或者其他行政机关的情况。")

    def perform(self, form, lines):
        services.case_record_referral(
            case=self.case,
            referred_on=form.cleaned_data["referred_on"],
            letter_number=form.cleaned_data["letter_number"],
            actor=self.request.user,
        )


class ServeDecisionView(CaseTaskView):
    form_class = forms.ServiceForm
    intro = gettext_lazy(
        "决定书应当在宣告后当场交付；当事人不在场的，七个工作日内送达（行政处罚法第六十一条）。"
    )

    def perform(self, form, lines):
        services.case_serve_decision(
            case=self.case,
            served_on=form.cleaned_data["served_on"],
            method=form.cleaned_data["method"],
            actor=self.request.user,
        )


class PublicityView(CaseTaskView):
    form_class = forms.PublicityForm
    intro = gettext_lazy(
        "在国家企业信用信息公示系统公示行政处罚信息（决定作出之日起二十个工作日内）。"
    )

    def perform(self, form, lines):
        services.case_record_publicity(
            case=self.case,
            published_on=form.cleaned_data["published_on"],
            reference=form.cleaned_data["reference"],
            actor=self.request.user,
        )


class ExecutionView(CaseTaskView):
    form_class = forms.ExecutionForm
    intro = gettext_lazy(
        "登记缴款。逾期的每日按罚款数额百分之三加处罚款，加处罚款不超过罚款数额；"
        "延期、分期缴纳，催告和申请法院强制执行在案件页办理。"
    )

    def get_initial(self):
        account = services.case_account(self.case)
        return {"amount": account.owed}

    def perform(self, form, lines):
        data = form.cleaned_data
        if data["action"] == "court":
            services.case_record_court_outcome(
                case=self.case,
                on=data["paid_on"],
                summary=data["summary"],
                actor=self.request.user,
            )
            return True
        if not data.get("amount") or not data.get("receipt_number"):
            raise ValidationError(_("登记缴款须填写金额和缴款凭证号。"))
        case = services.case_record_payment(
            case=self.case,
            amount=data["amount"],
            paid_on=data["paid_on"],
            receipt_number=data["receipt_number"],
            actor=self.request.user,
        )
        if case.state == CaseState.EXECUTED:
            return True
        account = services.case_account(case)
        messages.info(
            self.request,
            _("已登记缴款，尚欠%(owed)s。") % {"owed": money_cn(account.owed)},
        )
        return False


class ProposeClosureView(CaseTaskView):
    form_class = forms.ClosureForm
    intro = gettext_lazy("提出结案报告，报负责人审批。")

    def get_initial(self):
        case = self.case
        return {"summary": case.execution_summary or case.termination_reason}

    def perform(self, form, lines):
        services.case_propose_closure(
            case=self.case,
            proposer=self.request.user,
            summary=form.cleaned_data["summary"],
        )


class ApproveClosureView(CaseTaskView):
    form_class = forms.OpinionForm
    intro = gettext_lazy("负责人审批结案，制作结案审批表，案卷归档。")

    def perform(self, form, lines):
        services.case_approve_closure(
            case=self.case,
            approver=self.request.user,
            opinion=form.cleaned_data["opinion"],
        )


class SummaryDecisionView(CaseTaskView):
    form_class = forms.SummaryDecisionForm
    intro = gettext_lazy(
        "简易程序（行政处罚法第五十一条）：违法事实确凿并有法定依据，对公民处二百元以下、"
        "对法人或者其他组织处三千元以下罚款或者警告的，可以当场作出决定。"
    )

    def perform(self, form, lines):
        data = form.cleaned_data
        case = services.summary_case_decide(
            party=data["party"],
            party_kind=data["party_kind"],
            officer=self.request.user,
            second_officer=data["second_officer"],
            violation_type=data["violation_type"],
            facts=data["facts"],
            lines=[form.line()],
            decided_on=data["decided_on"],
            number=data["number"],
            paid_on_the_spot=data["paid_on_the_spot"],
            receipt_number=data["receipt_number"],
            campaign=data["campaign"],
        )
        process = self.activation.process
        process.artifact = case
        process.data = {
            "initiator_id": self.request.user.pk,
            "investigator_ids": sorted(
                case.investigator_links.values_list("user_id", flat=True)
            ),
        }


class SummaryFileView(CaseTaskView):
    form_class = forms.ConfirmForm
    intro = gettext_lazy(
        "当场作出的行政处罚决定，报所属行政机关备案（行政处罚法第五十二条）。"
    )

    def perform(self, form, lines):
        services.summary_case_file(case=self.case, actor=self.request.user)

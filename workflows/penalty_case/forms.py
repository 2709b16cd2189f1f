"""Forms of the penalty-case tasks and case-page actions. They check input shape only;
the rules of the procedure are the services' (their refusals are shown on the form)."""

import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from enforcement.models import (
    Circumstance,
    DecisionKind,
    Evidence,
    EvidenceMeasure,
    FilingProposal,
    LeadSource,
    NonFilingReason,
    NoPenaltyReason,
    PartyKind,
    PaymentArrangement,
    PenaltyKind,
    ServiceMethod,
    ViolationType,
)
from enforcement.services import LineInput
from enterprises.credit_codes import credit_code_normalise
from enterprises.models import Enterprise
from licensing.models import Licence, LicenceState
from organisation.models import User

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
TEXT = {"widget": forms.Textarea(attrs={"rows": 3})}


def _today():
    return timezone.localdate()


def _users_with(perm: str):
    """Active users holding the permission through a role or on their own."""
    from django.db.models import Q

    app_label, codename = perm.split(".")
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(
                groups__permissions__codename=codename,
                groups__permissions__content_type__app_label=app_label,
            )
            | Q(
                user_permissions__codename=codename,
                user_permissions__content_type__app_label=app_label,
            )
        )
        .distinct()
        .order_by("username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name()


class UsersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        if obj.credential_number:
            return _("%(name)s（执法证号%(number)s）") % {
                "name": obj.get_full_name(),
                "number": obj.credential_number,
            }
        return obj.get_full_name()


class PartyField(forms.CharField):
    """The party by its credit code (or legacy registration number)."""

    def clean(self, value):
        value = super().clean(value)
        code = credit_code_normalise(value)
        party = (
            Enterprise.objects.filter(credit_code=code).first()
            or Enterprise.objects.filter(registration_number=value.strip()).first()
        )
        if party is None:
            raise forms.ValidationError(
                _("未找到统一社会信用代码为 %(code)s 的市场主体。"),
                params={"code": code},
            )
        return party


class LeadRegisterForm(forms.Form):
    party = PartyField(label=_("当事人统一社会信用代码"), max_length=40)
    party_kind = forms.ChoiceField(
        label=_("当事人类型"),
        choices=[("", _("按信用代码判断"))] + PartyKind.choices,
        required=False,
    )
    title = forms.CharField(
        label=_("案件名称"),
        max_length=200,
        required=False,
        help_text=_("留空则按“当事人＋涉嫌违法行为＋案”生成。"),
    )
    violation_type = forms.ModelChoiceField(
        label=_("涉嫌违法行为"), queryset=ViolationType.objects.filter(is_active=True)
    )
    source = forms.ChoiceField(label=_("案件来源"), choices=LeadSource.choices)
    source_reference = forms.CharField(
        label=_("来源编号"), max_length=100, required=False
    )
    campaign = forms.ModelChoiceField(
        label=_("专项行动"), queryset=Campaign.objects.all(), required=False
    )
    received_on = forms.DateField(
        label=_("发现或者收到材料日期"), initial=_today, **DATE
    )
    informant = forms.CharField(
        label=_("举报人／移送机关"), max_length=200, required=False
    )
    clue = forms.CharField(label=_("线索内容"), **TEXT)

    def clean(self):
        data = super().clean()
        if not data.get("title") and data.get("party") and data.get("violation_type"):
            data["title"] = f"{data['party'].name}涉嫌{data['violation_type'].name}案"
        return data


class VerifyForm(forms.Form):
    proposal = forms.ChoiceField(
        label=_("核查意见"), choices=FilingProposal.choices, widget=forms.RadioSelect
    )
    findings = forms.CharField(label=_("核查情况"), **TEXT)
    non_filing_reason = forms.ChoiceField(
        label=_("不予立案理由"),
        choices=[("", "—")] + NonFilingReason.choices,
        required=False,
    )


class ApprovalForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审批"),
        choices=[("approve", _("同意")), ("return", _("不同意，退回"))],
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(label=_("意见"), **TEXT)

    @property
    def approves(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class FilingApprovalForm(ApprovalForm):
    investigators = UsersChoiceField(
        label=_("指派办案人员"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple,
        help_text=_("两名以上持有行政执法证件的办案人员。"),
    )
    lead = UserChoiceField(
        label=_("主办人"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = _users_with("enforcement.investigate_case")
        self.fields["investigators"].queryset = people
        self.fields["lead"].queryset = people


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("意见"), **TEXT)


class InvestigationReportForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("办理"),
        choices=[
            ("report", _("调查终结，提交调查终结报告")),
            ("terminate", _("提请终止调查")),
        ],
        widget=forms.RadioSelect,
        initial="report",
    )
    facts = forms.CharField(label=_("违法事实"), required=False, **TEXT)
    violation_type = forms.ModelChoiceField(
        label=_("违法行为类型"),
        queryset=ViolationType.objects.filter(is_active=True),
        required=False,
    )
    violated_provision = forms.CharField(
        label=_("违反条款"), max_length=300, required=False
    )
    legal_basis = forms.CharField(label=_("处罚依据"), max_length=300, required=False)
    proposal = forms.ChoiceField(
        label=_("处理意见"), choices=DecisionKind.choices, initial=DecisionKind.PENALTY
    )
    no_penalty_reason = forms.ChoiceField(
        label=_("拟不予处罚理由"),
        choices=[("", "—")] + NoPenaltyReason.choices,
        required=False,
    )
    discretion_reasons = forms.CharField(label=_("裁量理由"), required=False, **TEXT)
    is_complex = forms.BooleanField(
        label=_("案情疑难复杂、涉及多个法律关系"), required=False
    )
    is_major = forms.BooleanField(label=_("重大违法行为"), required=False)
    involves_major_public_interest = forms.BooleanField(
        label=_("涉及重大公共利益"), required=False
    )
    legality_review_other = forms.CharField(
        label=_("其他应当法制审核的情形"), max_length=200, required=False
    )
    termination_reason = forms.CharField(
        label=_("终止调查理由"), required=False, **TEXT
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "report":
            if not data.get("facts"):
                self.add_error("facts", _("请填写违法事实。"))
            if not data.get("violation_type"):
                self.add_error("violation_type", _("请选择违法行为类型。"))
        elif data.get("outcome") == "terminate" and not data.get("termination_reason"):
            self.add_error("termination_reason", _("请填写终止调查理由。"))
        return data


class PenaltyLineForm(forms.Form):
    violation_type = forms.ModelChoiceField(
        label=_("违法行为"),
        queryset=ViolationType.objects.filter(is_active=True),
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("处罚种类"),
        choices=[("", "—")]
        + [(v, lbl) for v, lbl in PenaltyKind.choices if v != PenaltyKind.NONE],
        required=False,
    )
    amount = forms.DecimalField(
        label=_("金额（元）"), min_value=0, decimal_places=2, required=False
    )
    description = forms.CharField(label=_("内容"), max_length=300, required=False)
    licence = forms.ModelChoiceField(
        label=_("吊销的许可证"), queryset=Licence.objects.none(), required=False
    )
    circumstance = forms.ChoiceField(
        label=_("裁量情节"),
        choices=[("", "—")] + Circumstance.choices,
        required=False,
    )
    legal_basis = forms.CharField(label=_("处罚依据"), max_length=300, required=False)

    def __init__(self, *args, party=None, **kwargs):
        super().__init__(*args, **kwargs)
        if party is not None:
            self.fields["licence"].queryset = Licence.objects.filter(
                holder=party, state=LicenceState.VALID
            )

    def clean(self):
        data = super().clean()
        if data.get("kind") and not data.get("violation_type"):
            self.add_error("violation_type", _("请选择违法行为。"))
        return data

    def to_line(self) -> LineInput | None:
        data = self.cleaned_data
        if not data or not data.get("kind"):
            return None
        return LineInput(
            violation_type=data["violation_type"],
            kind=data["kind"],
            amount=data.get("amount") or Decimal("0"),
            description=data.get("description") or "",
            licence=data.get("licence"),
            legal_basis=data.get("legal_basis") or "",
            circumstance=data.get("circumstance") or "",
        )


class BasePenaltyLineFormSet(forms.BaseFormSet):
    def __init__(self, *args, party=None, **kwargs):
        self.party = party
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "party": self.party}

    @property
    def lines(self) -> list[LineInput]:
        return [line for form in self.forms if (line := form.to_line()) is not None]


PenaltyLineFormSet = forms.formset_factory(
    PenaltyLineForm, formset=BasePenaltyLineFormSet, extra=1, max_num=10
)


def line_initial(lines) -> list[dict]:
    return [
        {
            "violation_type": line.violation_type,
            "kind": line.kind,
            "amount": line.amount or None,
            "description": line.description,
            "licence": line.licence,
            "circumstance": line.circumstance,
            "legal_basis": line.legal_basis,
        }
        for line in lines
    ]


class ServiceForm(forms.Form):
    served_on = forms.DateField(label=_("送达日期"), initial=_today, **DATE)
    method = forms.ChoiceField(label=_("送达方式"), choices=ServiceMethod.choices)


class StatementForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("当事人意见"),
        choices=[
            ("statement", _("提出陈述、申辩")),
            ("hearing", _("要求听证")),
            ("waiver", _("书面明确放弃陈述、申辩和听证")),
        ],
        widget=forms.RadioSelect,
    )
    received_on = forms.DateField(label=_("收到日期"), initial=_today, **DATE)
    statement = forms.CharField(label=_("陈述申辩意见／说明"), required=False, **TEXT)


class ArrangeHearingForm(forms.Form):
    host = UserChoiceField(label=_("听证主持人"), queryset=User.objects.none())
    members = forms.CharField(label=_("听证员"), max_length=100, required=False)
    clerk = forms.CharField(label=_("记录员"), max_length=50)
    # A date and a time, each in a control viewflow's frontend has (its date control
    # cannot hold a time, and a datetime-local input lost what its picker chose).
    scheduled_on = forms.DateField(label=_("听证日期"), **DATE)
    scheduled_time = forms.TimeField(
        label=_("听证时间"),
        widget=forms.TimeInput(format="%H:%M"),
        input_formats=["%H:%M", "%H:%M:%S"],
        help_text=_("24小时制，例如 09:30。"),
    )
    place = forms.CharField(label=_("听证地点"), max_length=200)
    public = forms.BooleanField(label=_("公开举行"), required=False, initial=True)
    notified_on = forms.DateField(label=_("通知日期"), initial=_today, **DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = _users_with("enforcement.host_hearing")

    def clean(self):
        data = super().clean()
        if data.get("scheduled_on") and data.get("scheduled_time"):
            data["scheduled_at"] = timezone.make_aware(
                datetime.datetime.combine(data["scheduled_on"], data["scheduled_time"])
            )
        return data


class HearingRecordForm(forms.Form):
    held_on = forms.DateField(label=_("举行日期"), initial=_today, **DATE)
    party_attended = forms.TypedChoiceField(
        label=_("当事人"),
        choices=[("1", _("到场参加")), ("0", _("无正当理由未到场"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    record = forms.CharField(label=_("听证笔录摘要"), **TEXT)
    opinion = forms.CharField(label=_("听证报告意见"), **TEXT)


class ReExaminationForm(forms.Form):
    adopted = forms.TypedChoiceField(
        label=_("复核结论"),
        choices=[("1", _("采纳（部分采纳）当事人意见")), ("0", _("不予采纳"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(label=_("复核意见"), **TEXT)


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("处理决定"), choices=DecisionKind.choices)
    no_penalty_reason = forms.ChoiceField(
        label=_("不予处罚理由"),
        choices=[("", "—")] + NoPenaltyReason.choices,
        required=False,
    )
    referral_authority = forms.CharField(
        label=_("移送机关"), max_length=200, required=False
    )
    opinion = forms.CharField(label=_("负责人意见"), **TEXT)


class CollectiveDecisionForm(DecisionForm):
    held_on = forms.DateField(label=_("讨论日期"), initial=_today, **DATE)
    chair = UserChoiceField(label=_("主持人"), queryset=User.objects.none())
    participants = UsersChoiceField(
        label=_("参加人员"),
        queryset=User.objects.none(),
        widget=forms.SelectMultiple,
    )
    minutes = forms.CharField(label=_("讨论记录"), **TEXT)

    field_order = ["held_on", "chair", "participants", "minutes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = _users_with("enforcement.decide_case")
        self.fields["participants"].queryset = User.objects.filter(
            is_active=True
        ).order_by("username")


class ReferralForm(forms.Form):
    referred_on = forms.DateField(label=_("移送日期"), initial=_today, **DATE)
    letter_number = forms.CharField(label=_("移送函文号"), max_length=100)


class PublicityForm(forms.Form):
    published_on = forms.DateField(label=_("公示日期"), initial=_today, **DATE)
    reference = forms.CharField(
        label=_("公示网址或编号"),
        max_length=255,
        help_text=_("国家企业信用信息公示系统的公示链接或编号。"),
    )


class ExecutionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("执行情况"),
        choices=[
            ("payment", _("登记缴款")),
            ("court", _("登记法院强制执行结果")),
        ],
        widget=forms.RadioSelect,
        initial="payment",
    )
    amount = forms.DecimalField(
        label=_("缴款金额（元）"), min_value=Decimal("0.01"), required=False
    )
    paid_on = forms.DateField(label=_("缴款日期／执行结果日期"), initial=_today, **DATE)
    receipt_number = forms.CharField(
        label=_("缴款凭证号"), max_length=100, required=False
    )
    summary = forms.CharField(label=_("法院执行情况"), required=False, **TEXT)


class ClosureForm(forms.Form):
    summary = forms.CharField(label=_("结案报告"), **TEXT)


class SummaryDecisionForm(forms.Form):
    party = PartyField(label=_("当事人统一社会信用代码"), max_length=40)
    party_kind = forms.ChoiceField(
        label=_("当事人类型"),
        choices=[("", _("按信用代码判断"))] + PartyKind.choices,
        required=False,
    )
    second_officer = UserChoiceField(
        label=_("同行执法人员"), queryset=User.objects.none(), required=False
    )
    violation_type = forms.ModelChoiceField(
        label=_("违法行为"), queryset=ViolationType.objects.filter(is_active=True)
    )
    facts = forms.CharField(label=_("违法事实"), **TEXT)
    kind = forms.ChoiceField(
        label=_("处罚"),
        choices=[(PenaltyKind.WARNING, _("警告")), (PenaltyKind.FINE, _("罚款"))],
    )
    amount = forms.DecimalField(
        label=_("罚款金额（元）"), min_value=0, decimal_places=2, required=False
    )
    legal_basis = forms.CharField(label=_("处罚依据"), max_length=300, required=False)
    decided_on = forms.DateField(label=_("决定日期"), initial=_today, **DATE)
    number = forms.CharField(
        label=_("决定书编号"),
        max_length=100,
        help_text=_("预定格式、编有号码的当场行政处罚决定书上的编号。"),
    )
    paid_on_the_spot = forms.BooleanField(label=_("当场收缴罚款"), required=False)
    receipt_number = forms.CharField(
        label=_("罚没收据号"), max_length=100, required=False
    )
    campaign = forms.ModelChoiceField(
        label=_("专项行动"), queryset=Campaign.objects.all(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["second_officer"].queryset = _users_with(
            "enforcement.investigate_case"
        )

    def line(self) -> LineInput:
        data = self.cleaned_data
        return LineInput(
            violation_type=data["violation_type"],
            kind=data["kind"],
            amount=data.get("amount") or Decimal("0"),
            legal_basis=data.get("legal_basis") or "",
        )


class ConfirmForm(forms.Form):
    note = forms.CharField(label=_("备注"), required=False, **TEXT)


# --- Case-page actions ----------------------------------------------------------------


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("证据种类"), choices=Evidence.Kind.choices)
    title = forms.CharField(label=_("证据名称"), max_length=200)
    proves = forms.CharField(label=_("证明事项"), max_length=300, required=False)
    collected_on = forms.DateField(label=_("取得日期"), initial=_today, **DATE)
    source = forms.CharField(label=_("来源"), max_length=200, required=False)
    sha256 = forms.RegexField(
        label=_("电子数据SHA-256"),
        regex=r"^[0-9a-fA-F]{64}$",
        required=False,
    )


class MeasureStartForm(forms.Form):
    kind = forms.ChoiceField(label=_("措施"), choices=EvidenceMeasure.Kind.choices)
    items = forms.CharField(label=_("物品清单"), **TEXT)
    place = forms.CharField(label=_("存放地点"), max_length=200, required=False)
    started_on = forms.DateField(label=_("采取日期"), initial=_today, **DATE)
    approver = UserChoiceField(label=_("批准人"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approver"].queryset = _users_with(
            "enforcement.approve_evidence_measure"
        )


class MeasureDecideForm(forms.Form):
    measure = forms.ModelChoiceField(
        label=_("措施"), queryset=EvidenceMeasure.objects.none()
    )
    outcome = forms.ChoiceField(
        label=_("处理结果"),
        choices=[
            (v, lbl)
            for v, lbl in EvidenceMeasure.Outcome.choices
            if v != EvidenceMeasure.Outcome.LAPSED
        ],
    )
    on = forms.DateField(label=_("处理日期"), initial=_today, **DATE)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["measure"].queryset = case.evidence_measures.filter(
                ended_on__isnull=True
            )


class SeizureExtendForm(forms.Form):
    measure = forms.ModelChoiceField(
        label=_("查封、扣押"), queryset=EvidenceMeasure.objects.none()
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["measure"].queryset = case.evidence_measures.filter(
                ended_on__isnull=True, kind=EvidenceMeasure.Kind.SEIZURE
            )


class PauseStartForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("事由"),
        choices=[
            ("testing", _("检测、检验、检疫、鉴定")),
            ("identification", _("权利人辨认或者鉴别")),
            ("public_notice", _("公告")),
            ("refund", _("责令退还多收价款")),
        ],
    )
    started_on = forms.DateField(label=_("开始日期"), initial=_today, **DATE)
    reason = forms.CharField(label=_("说明"), **TEXT)


class PauseEndForm(forms.Form):
    pause = forms.ModelChoiceField(label=_("期间"), queryset=None)
    ended_on = forms.DateField(label=_("结束日期"), initial=_today, **DATE)

    def __init__(self, *args, case=None, **kwargs):
        from enforcement.models import CasePause

        super().__init__(*args, **kwargs)
        qs = CasePause.objects.none()
        if case is not None:
            qs = case.pauses.filter(ended_on__isnull=True).exclude(
                kind__in=[CasePause.Kind.SUSPENSION, CasePause.Kind.HEARING]
            )
        self.fields["pause"].queryset = qs


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), **TEXT)


class DatedReasonForm(ReasonForm):
    on = forms.DateField(label=_("日期"), initial=_today, **DATE)


class DateForm(forms.Form):
    on = forms.DateField(label=_("日期"), initial=_today, **DATE)


class DecisionExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("延长天数"), min_value=1, max_value=365)
    reason = forms.CharField(label=_("延长理由"), **TEXT)
    held_on = forms.DateField(label=_("集体讨论日期"), required=False, **DATE)
    participants = UsersChoiceField(
        label=_("集体讨论参加人员"),
        queryset=User.objects.none(),
        widget=forms.SelectMultiple,
        required=False,
        help_text=_("第二次及以后的延长须经负责人集体讨论决定。"),
    )
    minutes = forms.CharField(label=_("讨论记录"), required=False, **TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = User.objects.filter(
            is_active=True
        ).order_by("username")


class RectificationForm(forms.Form):
    facts = forms.CharField(label=_("违法事实"), **TEXT)
    rectification = forms.CharField(label=_("改正要求"), **TEXT)
    deadline = forms.DateField(label=_("改正期限"), **DATE)


class PaymentArrangementForm(forms.Form):
    kind = forms.ChoiceField(label=_("方式"), choices=PaymentArrangement.Kind.choices)
    applied_on = forms.DateField(label=_("申请日期"), initial=_today, **DATE)
    reason = forms.CharField(label=_("申请理由"), **TEXT)
    schedule = forms.CharField(
        label=_("缴纳期限及金额"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一期：日期 金额，例如“2026-12-31 5000”。"),
    )

    def clean_schedule(self):
        rows = []
        for n, line in enumerate(self.cleaned_data["schedule"].splitlines(), 1):
            if not line.strip():
                continue
            try:
                day, amount = line.split()
                rows.append(
                    (datetime.date.fromisoformat(day), Decimal(amount.replace(",", "")))
                )
            except (ValueError, ArithmeticError):
                raise forms.ValidationError(
                    _("第%(n)d行格式不对：应为“日期 金额”。"), params={"n": n}
                ) from None
        return rows


class DemandForm(forms.Form):
    served_on = forms.DateField(label=_("催告书送达日期"), initial=_today, **DATE)
    reference = forms.CharField(label=_("催告书文号"), max_length=100)


class CourtApplicationForm(forms.Form):
    applied_on = forms.DateField(label=_("申请日期"), initial=_today, **DATE)
    court_name = forms.CharField(label=_("受理法院"), max_length=100)
    court_reference = forms.CharField(
        label=_("法院案号"), max_length=100, required=False
    )

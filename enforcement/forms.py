from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from enterprises.models import Enterprise

from .models import PenaltyKind, ViolationType


class ViolationRecordForm(forms.Form):
    enterprise_credit_code = forms.CharField(
        label=_("当事人统一社会信用代码"), max_length=40
    )
    violation_type = forms.ModelChoiceField(
        label=_("违法行为类型"), queryset=ViolationType.objects.filter(is_active=True)
    )
    legal_basis = forms.CharField(
        label=_("法律依据"),
        max_length=300,
        required=False,
        help_text=_("留空则使用该类型的处罚依据。"),
    )
    decision_number = forms.CharField(
        label=_("决定书文号"), max_length=100, required=False
    )
    decided_on = forms.DateField(
        label=_("决定日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    penalty_kind = forms.ChoiceField(label=_("处罚种类"), choices=PenaltyKind.choices)
    fine_amount = forms.DecimalField(
        label=_("罚款金额（元）"), min_value=0, decimal_places=2, initial=0
    )
    confiscated_amount = forms.DecimalField(
        label=_("没收金额（元）"), min_value=0, decimal_places=2, initial=0
    )
    campaign = forms.ModelChoiceField(
        label=_("专项行动"), queryset=Campaign.objects.all(), required=False
    )
    facts = forms.CharField(
        label=_("违法事实"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def clean_enterprise_credit_code(self):
        from enterprises.credit_codes import credit_code_normalise

        code = credit_code_normalise(self.cleaned_data["enterprise_credit_code"])
        enterprise = Enterprise.objects.filter(credit_code=code).first()
        if enterprise is None:
            raise forms.ValidationError(
                _("未找到统一社会信用代码为 %(code)s 的市场主体。"),
                params={"code": code},
            )
        self.cleaned_data["enterprise"] = enterprise
        return code

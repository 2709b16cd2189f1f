from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Enterprise, Sector


class EnterpriseRegisterForm(forms.Form):
    credit_code = forms.CharField(
        label=_("统一社会信用代码"), max_length=40, required=False
    )
    registration_number = forms.CharField(
        label=_("注册号"), max_length=15, required=False
    )
    name = forms.CharField(label=_("名称"), max_length=200)
    legal_representative = forms.CharField(
        label=_("法定代表人（负责人）"), max_length=50
    )
    address = forms.CharField(label=_("住所"), max_length=255)
    sector = forms.ChoiceField(label=_("行业"), choices=Sector.choices)
    registration_status = forms.ChoiceField(
        label=_("登记状态"), choices=Enterprise.RegistrationStatus.choices
    )
    established_on = forms.DateField(
        label=_("成立日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class EnterpriseRenameForm(forms.Form):
    new_name = forms.CharField(label=_("新名称"), max_length=200)
    changed_on = forms.DateField(
        label=_("变更日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

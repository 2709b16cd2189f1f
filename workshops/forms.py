from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import District
from organisation.models import User
from workflows.online_cleanup.forms import EnterpriseByCodeField

from .models import ClosureReason


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name()}（{obj.credential_number}）"


class WorkshopClosureForm(forms.Form):
    workshop_name = forms.CharField(label=_("作坊名称"), max_length=200)
    operator_name = forms.CharField(label=_("经营者"), max_length=50, required=False)
    district = forms.ModelChoiceField(
        label=_("辖区"), queryset=District.objects.all(), empty_label=_("请选择辖区")
    )
    address = forms.CharField(label=_("生产加工地址"), max_length=255)
    reason = forms.ChoiceField(label=_("关停原因"), choices=ClosureReason.choices)
    closed_on = forms.DateField(
        label=_("关停日期"),
        initial=timezone.localdate,
        # The browser's date picker reads and writes ISO dates only.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    officer = OfficerChoiceField(
        label=_("承办人"),
        # Only people holding an enforcement credential close workshops.
        queryset=User.objects.filter(is_active=True)
        .exclude(credential_number="")
        .order_by("username"),
    )
    enterprise = EnterpriseByCodeField(
        label=_("市场主体统一社会信用代码"),
        max_length=40,
        required=False,
        help_text=_("已办理登记的小作坊填写；无证作坊留空。"),
    )
    details = forms.CharField(
        label=_("关停情况"), widget=forms.Textarea(attrs={"rows": 4})
    )


class WorkshopClosureFilterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000)
    district = forms.ModelChoiceField(
        label=_("辖区"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("全部辖区"),
    )
    reason = forms.ChoiceField(
        label=_("关停原因"),
        choices=[("", _("全部原因")), *ClosureReason.choices],
        required=False,
    )
    q = forms.CharField(label=_("名称或地址"), required=False)

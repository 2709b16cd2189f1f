from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.online_cleanup.forms import EnterpriseByCodeField


class OfflineClearanceForm(forms.Form):
    enterprise = EnterpriseByCodeField(label=_("经营者统一社会信用代码"), max_length=40)
    inspected_on = forms.DateField(
        label=_("检查日期"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    products_removed = forms.IntegerField(label=_("下架产品数"), min_value=1)
    description = forms.CharField(
        label=_("清理情况"), widget=forms.Textarea(attrs={"rows": 3})
    )

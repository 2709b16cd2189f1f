from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from enterprises.credit_codes import credit_code_normalise
from enterprises.models import Enterprise
from online_cleanup.models import LeadSource, ListingProblem, TakedownMeasure

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class EnterpriseByCodeField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        code = credit_code_normalise(value)
        enterprise = Enterprise.objects.filter(credit_code=code).first()
        if enterprise is None:
            raise forms.ValidationError(
                _(
                    "未找到统一社会信用代码为 %(code)s 的市场主体，请先在市场主体中登记。"
                ),
                params={"code": code},
            )
        return enterprise


class ListingLeadForm(forms.Form):
    source = forms.ChoiceField(label=_("来源"), choices=LeadSource.choices)
    campaign = forms.ModelChoiceField(
        label=_("专项行动"), queryset=Campaign.objects.all(), required=False
    )
    platform_name = forms.CharField(label=_("平台"), max_length=100)
    platform = EnterpriseByCodeField(
        label=_("平台经营者统一社会信用代码"), max_length=40, required=False
    )
    shop_name = forms.CharField(label=_("店铺"), max_length=200)
    listing_url = forms.CharField(label=_("链接或商品编号"), max_length=500)
    product_name = forms.CharField(label=_("商品名称"), max_length=200)
    problem = forms.ChoiceField(label=_("涉嫌问题"), choices=ListingProblem.choices)
    suspected_violation = forms.CharField(
        label=_("涉嫌违法情形"), widget=forms.Textarea(attrs={"rows": 3})
    )
    captured_at = forms.DateTimeField(
        label=_("发现时间"),
        initial=timezone.now,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    evidence = MultipleFileField(label=_("证据文件"), required=False)


class ListingImportForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("专项行动"), queryset=Campaign.objects.all(), required=False
    )
    table = forms.FileField(
        label=_("监测数据表（CSV 或 XLSX）"),
        help_text=_(
            "列：平台、店铺、链接或商品编号、商品名称、涉嫌问题、涉嫌违法情形、发现时间、证据文件。"
        ),
    )
    evidence = MultipleFileField(
        label=_("证据文件"), required=False, help_text=_("表中“证据文件”列所列的文件。")
    )


class IdentifyForm(forms.Form):
    local = forms.TypedChoiceField(
        label=_("经营地"),
        choices=[
            ("1", _("本市，由本局处理")),
            ("0", _("外地，移送实际经营地市场监管部门")),
        ],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    seller = EnterpriseByCodeField(
        label=_("平台内经营者统一社会信用代码"), max_length=40, required=False
    )
    authority = forms.CharField(
        label=_("移送机关"),
        max_length=100,
        required=False,
        help_text=_("外地经营者填写。"),
    )


class NotifyPlatformForm(forms.Form):
    measure = forms.ChoiceField(
        label=_("要求平台采取的措施"), choices=TakedownMeasure.choices
    )
    deadline = forms.DateField(label=_("处置期限"), **DATE)


class VerifyForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("核查结果"),
        choices=[
            ("removed", _("已下架，办结")),
            ("removed_escalate", _("已下架，对平台内经营者立案查处")),
            ("not_removed", _("平台未处置，对平台经营者立案查处")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("核查情况"), widget=forms.Textarea(attrs={"rows": 3})
    )
    screenshot = forms.FileField(label=_("核查截图"), required=False)
    platform = EnterpriseByCodeField(
        label=_("平台经营者统一社会信用代码"),
        max_length=40,
        required=False,
        help_text=_("平台未处置而线索尚未登记平台经营者时填写。"),
    )


class PlatformFollowUpForm(forms.Form):
    note = forms.CharField(
        label=_("跟进情况"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("平台逾期未报告处置情况，记录催告及平台答复。"),
    )

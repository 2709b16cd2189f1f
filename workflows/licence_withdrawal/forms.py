from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from licensing.grounds import CancellationGround, RevocationGround
from licensing.models import Licence, LicenceKind, LicenceState
from licensing.numbers import licence_number_normalise

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
SERVICE_METHODS = [
    ("direct", _("直接送达")),
    ("left", _("留置送达")),
    ("electronic", _("电子送达")),
    ("post", _("邮寄送达")),
    ("entrusted", _("委托送达")),
    ("announcement", _("公告送达")),
]


def _today():
    return timezone.localdate()


class LicenceNumberField(forms.CharField):
    def clean(self, value):
        number = licence_number_normalise(super().clean(value))
        licence = (
            Licence.objects.select_related("holder", "issuing_authority")
            .filter(number=number)
            .first()
        )
        if licence is None:
            raise forms.ValidationError(
                _("未找到编号为 %(number)s 的许可证。"), params={"number": number}
            )
        return licence


class RevocationStartForm(forms.Form):
    licence = LicenceNumberField(label=_("许可证编号"), max_length=40)
    ground = forms.ChoiceField(label=_("撤销情形"), choices=RevocationGround.choices)
    facts = forms.CharField(
        label=_("事实与理由"), widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = forms.CharField(
        label=_("证据"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("逐项列明证据名称及来源。"),
    )


class ServiceForm(forms.Form):
    served_on = forms.DateField(label=_("送达日期"), initial=_today, **DATE)
    method = forms.ChoiceField(label=_("送达方式"), choices=SERVICE_METHODS)


class StatementForm(forms.Form):
    statement = forms.CharField(
        label=_("陈述申辩意见"), widget=forms.Textarea(attrs={"rows": 5})
    )
    received_on = forms.DateField(label=_("收到日期"), initial=_today, **DATE)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("意见"),
        choices=[("approve", _("同意")), ("return", _("不同意，退回承办人"))],
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(
        label=_("意见内容"), widget=forms.Textarea(attrs={"rows": 3})
    )

    @property
    def approves(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class ReviseForm(forms.Form):
    facts = forms.CharField(
        label=_("事实与理由"), widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = forms.CharField(
        label=_("证据"), widget=forms.Textarea(attrs={"rows": 3})
    )


class PublicityForm(forms.Form):
    published_on = forms.DateField(label=_("公示日期"), initial=_today, **DATE)
    reference = forms.CharField(
        label=_("公示网址或编号"),
        max_length=255,
        help_text=_("例如信用中国（湖北）或国家企业信用信息公示系统的公示链接。"),
    )


class ReferralSendForm(forms.Form):
    sent_on = forms.DateField(label=_("报送日期"), initial=_today, **DATE)
    method = forms.ChoiceField(
        label=_("报送方式"),
        choices=[
            ("oa", _("电子公文系统")),
            ("post", _("机要邮寄")),
            ("hand", _("专人送达")),
        ],
    )


class FollowUpForm(forms.Form):
    followed_up_on = forms.DateField(label=_("催办日期"), initial=_today, **DATE)
    note = forms.CharField(
        label=_("催办情况"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ProvinceDecisionForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("省局决定"),
        choices=[("1", _("准予注销")), ("0", _("不予注销"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("决定日期"), initial=_today, **DATE)
    decision_number = forms.CharField(
        label=_("省局决定文号"), max_length=100, required=False
    )
    rejection_reason = forms.CharField(
        label=_("不予注销理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("accepted") is True and not data.get("decision_number", "").strip():
            self.add_error("decision_number", _("准予注销时须填写省局决定文号。"))
        if (
            data.get("accepted") is False
            and not data.get("rejection_reason", "").strip()
        ):
            self.add_error("rejection_reason", _("不予注销时须填写理由。"))
        return data


class BulkCancellationFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("许可证种类"),
        choices=[("", _("全部"))] + LicenceKind.choices,
        required=False,
    )
    state = forms.ChoiceField(
        label=_("许可证状态"),
        choices=[("", _("全部"))]
        + [(v, lbl) for v, lbl in LicenceState.choices if v != LicenceState.CANCELLED],
        required=False,
    )
    holder_status = forms.ChoiceField(
        label=_("持证主体登记状态"),
        choices=[
            ("", _("全部")),
            ("deregistered", pgettext_lazy("registration status", "注销")),
            ("revoked", pgettext_lazy("registration status", "吊销")),
            ("active", pgettext_lazy("registration status", "存续")),
        ],
        required=False,
    )
    issued_by = forms.ChoiceField(
        label=_("发证机关"),
        choices=[
            ("", _("全部")),
            ("local", _("本局核发")),
            ("external", _("省局及以上核发")),
        ],
        required=False,
    )
    valid_until_before = forms.DateField(
        label=_("有效期截止早于"), required=False, **DATE
    )
    q = forms.CharField(label=_("编号或持证主体"), required=False)


class BulkCancellationForm(forms.Form):
    licences = forms.ModelMultipleChoiceField(
        label=_("许可证"),
        # The plan reads each licence's holder and issuing authority.
        queryset=Licence.objects.select_related("holder", "issuing_authority"),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("请至少勾选一份许可证。")},
    )
    # No ground chosen in advance: the clerk states the one that applies.
    ground = forms.ChoiceField(
        label=_("注销情形"),
        choices=[("", _("请选择注销情形"))] + CancellationGround.choices,
        error_messages={"required": _("请选择注销情形。")},
    )
    reason = forms.CharField(
        label=_("注销理由"), widget=forms.Textarea(attrs={"rows": 3})
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

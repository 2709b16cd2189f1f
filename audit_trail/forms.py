from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .actions import action_choices
from .models import AuditCategory, AuditEntry
from .selectors import AuditFilters

AUDIT_DATES_REVERSED = _("结束日期不能早于开始日期。")
AUDIT_OBJECT_ID_WITHOUT_TYPE = _("按记录编号查询时，请同时选择记录类型。")


class _RecordTypeField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        model = obj.model_class()
        if model is None:
            return str(_("已删除的记录类型"))
        return f"{model._meta.app_config.verbose_name} · {model._meta.verbose_name}"


class AuditFilterForm(forms.Form):
    person = forms.CharField(label=_("操作人"), required=False, max_length=150)
    record_type = _RecordTypeField(
        label=_("记录类型"),
        queryset=ContentType.objects.none(),
        required=False,
        empty_label=_("全部"),
    )
    object_id = forms.CharField(label=_("记录编号"), required=False, max_length=64)
    record = forms.CharField(label=_("记录名称含"), required=False, max_length=100)
    action = forms.ChoiceField(label=_("操作"), required=False)
    category = forms.ChoiceField(
        label=_("类别"),
        required=False,
        choices=[("", _("全部")), *AuditCategory.choices],
    )
    date_from = forms.DateField(
        label=_("开始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("结束日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("全部")), *action_choices()]
        # Only the kinds of record the trail has entries for.
        self.fields["record_type"].queryset = ContentType.objects.filter(
            pk__in=AuditEntry.objects.order_by().values("content_type").distinct()
        ).order_by("app_label", "model")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise ValidationError(AUDIT_DATES_REVERSED)
        if data.get("object_id") and not data.get("record_type"):
            raise ValidationError(AUDIT_OBJECT_ID_WITHOUT_TYPE)
        return data

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(
            person=data.get("person", "").strip(),
            content_type=data.get("record_type"),
            object_id=data.get("object_id", "").strip(),
            record=data.get("record", "").strip(),
            action=data.get("action", ""),
            category=data.get("category", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class AuditExportForm(AuditFilterForm):
    format = forms.ChoiceField(
        label=_("格式"), choices=[("csv", "CSV"), ("xlsx", "XLSX")]
    )

"""Settings changed in Django admin go into the trail with what each changed field
held before and after (admin's own LogEntry keeps only the names of the fields)."""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from . import actions
from .chain import json_plain
from .models import AuditCategory
from .services import audit_record


def _field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a form-only field
        return name


def _plain(value):
    """A form value as words for the trail: model instances by their text, lists of
    them by theirs."""
    if hasattr(value, "_meta"):
        return str(value)
    if hasattr(value, "__iter__") and not isinstance(value, str | bytes | dict):
        return [_plain(v) for v in value]
    return json_plain(value)


def _initial_value(form, name: str):
    value = form.initial.get(name)
    field = form.fields.get(name)
    # Foreign keys start as ids: show the record the id named.
    if field is not None and hasattr(field, "queryset") and value not in (None, ""):
        if isinstance(value, list | tuple):
            return _plain(field.queryset.filter(pk__in=value))
        return _plain(field.queryset.filter(pk=value).first())
    return _plain(value)


def form_changes(form, exclude=()) -> tuple[dict, dict]:
    """(before, after) of the fields a model form changed, keyed by their labels."""
    model = form._meta.model
    before, after = {}, {}
    for name in form.changed_data:
        if name in exclude:
            continue
        label = _field_label(model, name)
        before[label] = _initial_value(form, name)
        after[label] = _plain(form.cleaned_data.get(name))
    return before, after


def _record_form(form, *, obj, change: bool, exclude=()) -> None:
    before, after = form_changes(form, exclude)
    if change and not after:
        return
    audit_record(
        action=actions.SETTINGS_CHANGED if change else actions.SETTINGS_ADDED,
        category=AuditCategory.BUSINESS,
        target=obj,
        before=before if change else None,
        after=after,
    )


class AuditedAdminMixin:
    """Put before the ModelAdmin base: every add, change and delete made through
    this admin (inline rows included) is an audit entry. `audit_exclude_fields`
    names fields recorded otherwise (a user's roles, by the security events)."""

    audit_exclude_fields = ()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _record_form(form, obj=obj, change=change, exclude=self.audit_exclude_fields)

    def delete_model(self, request, obj):
        self._record_deleted(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._record_deleted(obj)
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        forms = [
            (f, f.instance.pk is not None)
            for f in formset.forms
            if f not in formset.deleted_forms and f.has_changed()
        ]
        for deleted in formset.deleted_forms:
            if deleted.instance.pk is not None:
                self._record_deleted(deleted.instance)
        super().save_formset(request, form, formset, change)
        for inline_form, existed in forms:
            _record_form(inline_form, obj=inline_form.instance, change=existed)

    def _record_deleted(self, obj) -> None:
        audit_record(
            action=actions.SETTINGS_DELETED,
            category=AuditCategory.BUSINESS,
            target=obj,
            before={
                _field_label(type(obj), k): _plain(v)
                for k, v in model_to_dict(obj).items()
            },
        )


class AuditEntryAdmin(admin.ModelAdmin):
    """Read only: the trail is written by the application alone and never changed."""

    list_display = [
        "sequence",
        "occurred_at",
        "category",
        "action_shown",
        "actor_name",
        "source_ip",
        "record_text",
    ]
    list_filter = ["category"]
    search_fields = ["actor_name", "record_text", "action"]
    date_hierarchy = "occurred_at"

    @admin.display(description=_("操作"), ordering="action")
    def action_shown(self, entry):
        return entry.action_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

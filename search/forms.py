from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .selectors import (
    ENTERPRISE_FACETS,
    FINE_BAND_LABELS,
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    RISK_LABELS,
    VIOLATION_FACETS,
)


def _facet_choices(name: str, labels: dict) -> list[tuple[str, str]]:
    if name == "year":
        return [(str(y), str(y)) for y in range(1980, timezone.localdate().year + 2)]
    if name == "fine_band":
        return list(FINE_BAND_LABELS.items())
    if name == "risk":
        return list(RISK_LABELS.items())
    return list(labels.get(name, {}).items())


class SearchForm(forms.Form):
    """What the search page, the export and the JSON endpoint accept: one box, facet
    values (each may repeat), page. Facet values must exist (known district, type…)."""

    facets = ENTERPRISE_FACETS

    q = forms.CharField(label=_("检索"), required=False, max_length=200)
    page = forms.IntegerField(required=False, min_value=1)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)

    def __init__(self, data=None, *, labels: dict, **kwargs):
        super().__init__(data, **kwargs)
        for facet in self.facets:
            self.fields[facet.name] = forms.MultipleChoiceField(
                label=facet.label,
                required=False,
                choices=_facet_choices(facet.name, labels),
            )

    def search_args(self) -> dict:
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "filters": {f.name: data[f.name] for f in self.facets if data.get(f.name)},
            "page": data.get("page") or 1,
            "page_size": data.get("page_size") or PAGE_SIZE,
        }


class ViolationSearchForm(SearchForm):
    facets = VIOLATION_FACETS

    enterprise = forms.IntegerField(required=False, min_value=1)

    def search_args(self) -> dict:
        return {
            **super().search_args(),
            "enterprise_id": self.cleaned_data.get("enterprise"),
        }


class ExportForm(SearchForm):
    format = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "XLSX")])

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import District

FIRST_YEAR = 2015


def year_choices():
    this_year = timezone.localdate().year
    return [(y, _("%(y)d年") % {"y": y}) for y in range(this_year, FIRST_YEAR - 1, -1)]


class ReportFilterForm(forms.Form):
    """Year and district, for the dashboards and the annual report."""

    year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=year_choices)
    district = forms.ModelChoiceField(
        label=_("辖区"),
        queryset=District.objects.order_by("region_code"),
        required=False,
        empty_label=_("全市"),
    )

    def __init__(self, data=None, *, default_year: int, **kwargs):
        self.default_year = default_year
        data = data.copy() if data is not None else {}
        if not data.get("year"):
            data["year"] = str(default_year)
        super().__init__(data, **kwargs)

    def filters(self) -> tuple[int, District | None]:
        """(year, district) when valid; the default year, whole city, otherwise."""
        if self.is_valid():
            return self.cleaned_data["year"], self.cleaned_data["district"]
        return self.default_year, None


class AnnualReportIssueForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=year_choices)

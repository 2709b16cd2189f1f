from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from enterprises.views import add_validation_errors

from .forms import ViolationRecordForm
from .models import Violation
from .services import violation_record


class ViolationRecordView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "enforcement.add_violation"
    template_name = "enforcement/violation_form.html"
    form_class = ViolationRecordForm
    viewset = None

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        data.pop("enterprise_credit_code")
        try:
            violation = violation_record(
                **data, source=Violation.Source.MANUAL, recorded_by=self.request.user
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("违法记录已登记。"))
        return redirect("registry:enterprise:detail", violation.enterprise_id)

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView

from enforcement.selectors import violation_list
from licensing.selectors import licence_list

from .forms import EnterpriseRegisterForm, EnterpriseRenameForm
from .selectors import enterprise_get, enterprise_timeline, violation_links
from .services import enterprise_register, enterprise_rename


def add_validation_errors(form, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form fields it names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class EnterpriseDetailView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    permission_required = "enterprises.view_enterprise"
    template_name = "enterprises/enterprise_detail.html"
    context_object_name = "enterprise"
    viewset = None

    def get_object(self, queryset=None):
        enterprise = enterprise_get(self.kwargs["pk"])
        if enterprise is None:
            raise Http404
        return enterprise

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        licences = list(licence_list(filters={"holder": self.object.pk}))
        violations = list(violation_list(filters={"enterprise": self.object.pk}))
        links = violation_links(violations, user=self.request.user)
        context["licences"] = licences
        context["violations"] = [(v, links.get(v.pk)) for v in violations]
        context["timeline"] = enterprise_timeline(
            enterprise=self.object,
            licences=licences,
            violations=violations,
            links=links,
        )
        context["can_change"] = self.request.user.has_perm(
            "enterprises.change_enterprise"
        )
        return context


class EnterpriseRegisterView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "enterprises.add_enterprise"
    template_name = "enterprises/enterprise_form.html"
    form_class = EnterpriseRegisterForm
    viewset = None

    def form_valid(self, form):
        try:
            enterprise = enterprise_register(**form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("已登记 %(name)s。") % {"name": enterprise.name}
        )
        return redirect(self.viewset.reverse("detail", args=[enterprise.pk]))


class EnterpriseRenameView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "enterprises.change_enterprise"
    template_name = "enterprises/enterprise_rename.html"
    form_class = EnterpriseRenameForm
    viewset = None

    def dispatch(self, request, *args, **kwargs):
        self.enterprise = enterprise_get(kwargs["pk"])
        if self.enterprise is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "enterprise": self.enterprise}

    def form_valid(self, form):
        try:
            enterprise_rename(enterprise=self.enterprise, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("名称已变更，原名称已记为曾用名。"))
        return redirect(self.viewset.reverse("detail", args=[self.enterprise.pk]))

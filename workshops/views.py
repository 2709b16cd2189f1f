"""Pages for small-workshop closures: the list, one closure, and recording one."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from enterprises.views import add_validation_errors
from workbench.paging import page_links, paginate

from .forms import WorkshopClosureFilterForm, WorkshopClosureForm
from .selectors import workshop_closure_get, workshop_closure_list
from .services import workshop_closure_record


class WorkshopClosureListView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "workshops.view_workshopclosure"
    viewset = None

    def get(self, request):
        form = WorkshopClosureFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        page = paginate(request, workshop_closure_list(filters=filters), per_page=50)
        return render(
            request,
            "workshops/closure_list.html",
            {
                "form": form,
                "closures": page.object_list,
                "pages": page_links(request, page),
                "total": page.paginator.count,
            },
        )


class WorkshopClosureDetailView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "workshops.view_workshopclosure"
    viewset = None

    def get(self, request, pk):
        closure = workshop_closure_get(pk)
        if closure is None:
            raise Http404
        return render(request, "workshops/closure_detail.html", {"closure": closure})


class WorkshopClosureRecordView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "workshops.record_workshop_closure"
    template_name = "workshops/closure_form.html"
    form_class = WorkshopClosureForm
    viewset = None

    def get_initial(self):
        initial = super().get_initial()
        if self.request.user.is_credentialed:
            initial["officer"] = self.request.user.pk
        return initial

    def form_valid(self, form):
        try:
            closure = workshop_closure_record(
                actor=self.request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("已登记关停小作坊：%(name)s。") % {"name": closure.workshop_name},
        )
        return redirect(closure.get_absolute_url())

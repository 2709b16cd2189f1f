from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import Http404
from django.views.generic import DetailView

from .selectors import licence_get, licence_withdrawal_status


class LicenceDetailView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    permission_required = "licensing.view_licence"
    template_name = "licensing/licence_detail.html"
    context_object_name = "licence"
    viewset = None

    def get_object(self, queryset=None):
        licence = licence_get(self.kwargs["pk"])
        if licence is None:
            raise Http404
        return licence

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page shows the whole history, withdrawals included.
        from workflows.licence_withdrawal.selectors import licence_history

        context["history"] = licence_history(licence=self.object)
        context["withdrawal"] = licence_withdrawal_status(licence=self.object)
        context["can_revoke"] = self.request.user.has_perm("licensing.revoke_licence")
        context["can_cancel"] = self.request.user.has_perm("licensing.cancel_licence")
        return context

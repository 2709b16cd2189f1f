from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from .selectors import home_for_user


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "workbench/home.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **home_for_user(self.request.user),
        }

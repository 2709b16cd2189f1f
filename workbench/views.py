from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from .selectors import home_for_user


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "workbench/home.html"

    def get_context_data(self, **kwargs):
        context = {
            **super().get_context_data(**kwargs),
            **home_for_user(self.request.user),
        }
        if context.get("cases_by_stage"):
            from reports.charts import bar_chart

            context["cases_by_stage_chart"] = bar_chart(context["cases_by_stage"])
        return context

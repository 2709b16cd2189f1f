from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from .paging import page_links
from .selectors import home_for_user
from .tasks import SHOW_ALL, SHOW_MINE, SHOW_QUEUE, inbox_page


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


class InboxView(LoginRequiredMixin, TemplateView):
    """Every task of the user, a page at a time: their own and those they may take."""

    template_name = "workbench/inbox.html"
    viewset = None

    def get_context_data(self, **kwargs):
        show = self.request.GET.get("show", SHOW_ALL)
        inbox = inbox_page(
            user=self.request.user,
            today=timezone.localdate(),
            show=show if show in (SHOW_MINE, SHOW_QUEUE) else SHOW_ALL,
            page=self.request.GET.get("page"),
        )
        return {
            **super().get_context_data(**kwargs),
            "inbox": inbox,
            "pages": page_links(self.request, inbox.page),
        }

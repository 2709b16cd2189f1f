from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from enterprises.selectors import enterprise_list

from .client import SearchUnavailable
from .forms import ExportForm, SearchForm
from .selectors import enterprise_search, facet_labels
from .services import search_export

SEARCH_PERMISSION = "enterprises.search_enterprises"
SEARCH_EXPORT_INVALID = _("导出条件有误，请重新检索后再导出。")
# Shown while the engine is down: a plain database lookup, this many rows.
FALLBACK_ROWS = 20


class SiteMenuMixin:
    """page.html draws the site menu for pages the viewflow Site routes (its
    SiteMiddleware puts the Site on `request.resolver_match`). The search page keeps
    its own fixed URL (/search/, `enterprise_search`), so it attaches the Site itself."""

    def dispatch(self, request, *args, **kwargs):
        # Imported here: config.site imports every app's viewsets.
        from config.site import site

        if request.resolver_match is not None:
            request.resolver_match.site = site
        return super().dispatch(request, *args, **kwargs)


class EnterpriseSearchView(
    LoginRequiredMixin, PermissionRequiredMixin, SiteMenuMixin, TemplateView
):
    """The investigators' search page. When the engine is down it says so and falls
    back to the registry's own name / credit-code lookup instead of failing."""

    permission_required = SEARCH_PERMISSION
    template_name = "search/enterprise_search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        labels = facet_labels()
        form = SearchForm(self.request.GET, labels=labels)
        context["form"] = form
        if not form.is_valid():
            return context
        args = form.search_args()
        context["query"] = args["query"]
        try:
            context["result"] = enterprise_search(**args, labels=labels)
        except SearchUnavailable as exc:
            context["unavailable"] = exc.message
            if args["query"]:
                context["fallback"] = enterprise_list(filters={"q": args["query"]})[
                    :FALLBACK_ROWS
                ]
        return context


class EnterpriseSearchExportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = SEARCH_PERMISSION

    def get(self, request):
        form = ExportForm(request.GET, labels=facet_labels())
        back = reverse("enterprise_search") + "?" + request.GET.urlencode()
        if not form.is_valid():
            messages.error(request, SEARCH_EXPORT_INVALID)
            return redirect(back)
        args = form.search_args()
        try:
            export = search_export(
                user=request.user,
                query=args["query"],
                filters=args["filters"],
                export_format=form.cleaned_data["format"],
            )
        except SearchUnavailable as exc:
            messages.error(request, exc.message)
            return redirect(back)
        response = HttpResponse(export.content, content_type=export.content_type)
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        return response

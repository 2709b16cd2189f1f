from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from organisation.selectors import home_bureau

from .access import user_can_view_record
from .selectors import (
    document_content,
    document_get,
    document_type_get,
    document_type_list,
    document_type_sample_context,
)
from .services import document_download_record, document_preview


def _pdf_response(content: bytes, *, filename: str, inline: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    # filename*=utf-8'' (RFC 5987) keeps the Chinese title in the saved file's name.
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=not inline, filename=filename
    )
    return response


class DocumentTypeListView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "documents.view_documenttype"
    template_name = "documents/pages/type_list.html"
    viewset = None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "types": document_type_list()}


class DocumentTypePreviewView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """A type's sample paper as a draft (草稿, no number used up)."""

    permission_required = "documents.view_documenttype"
    viewset = None

    def get(self, request, code):
        document_type = document_type_get(code)
        issuer = home_bureau()
        if document_type is None or issuer is None:
            raise Http404
        try:
            content = document_preview(
                type_code=document_type.code,
                issuer=issuer,
                context=document_type_sample_context(document_type),
            )
        except ValidationError as exc:
            return HttpResponse(" ".join(exc.messages), status=422)
        return _pdf_response(
            content, filename=f"{document_type.title}（草稿）.pdf", inline=True
        )


class DocumentDownloadView(LoginRequiredMixin, View):
    """One stored version, to users who may see its record; every download recorded.
    `?inline=1` opens it in the browser instead of saving it."""

    viewset = None

    def get(self, request, pk):
        document = document_get(pk)
        if document is None:
            raise Http404
        if not user_can_view_record(request.user, document.record):
            raise PermissionDenied(_("您无权查看该文书所属的记录。"))
        try:
            content = document_content(document)
        except ValidationError as exc:
            # Still rendering, failed, or the file no longer matches its hash.
            return HttpResponse(" ".join(exc.messages), status=409)
        document_download_record(document=document, user=request.user)
        filename = (
            f"{document.document_type.title} {document.number} "
            f"第{document.version}版.pdf"
        )
        return _pdf_response(
            content, filename=filename, inline=request.GET.get("inline") == "1"
        )

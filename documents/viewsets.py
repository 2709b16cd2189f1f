from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow import Icon
from viewflow.urls import Application, AppMenuMixin, Viewset

from .views import DocumentDownloadView, DocumentTypeListView, DocumentTypePreviewView


class DocumentTypeViewset(AppMenuMixin, Viewset):
    app_name = "types"
    title = _("文书样式")
    icon = Icon("description")
    index_path = path("", DocumentTypeListView.as_view(), name="index")
    preview_path = path(
        "<slug:code>/preview/", DocumentTypePreviewView.as_view(), name="preview"
    )

    def has_view_permission(self, user, obj=None):
        return user.has_perm("documents.view_documenttype")


class IssuedDocumentViewset(Viewset):
    app_name = "issued"
    download_path = path(
        "<int:pk>/download/", DocumentDownloadView.as_view(), name="download"
    )


class DocumentsApp(Application):
    app_name = "documents"
    title = _("文书")
    icon = Icon("description")
    viewsets = [DocumentTypeViewset(), IssuedDocumentViewset()]

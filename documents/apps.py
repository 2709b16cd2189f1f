from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("文书")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401  (registers the system checks)
        from .audit_feed import documents_audit_connect
        from .seeding import document_types_ensure

        documents_audit_connect()
        post_migrate.connect(
            document_types_ensure, sender=self, dispatch_uid="document_types"
        )

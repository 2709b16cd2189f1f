from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = _("行政处罚")

    def ready(self):
        from django.db.models.signals import post_migrate

        from documents.access import access_register

        # Violations from cases show the case's state in the search index.
        from search.selectors.database import VIOLATION_SOURCE_STATE_READERS

        from .audit_feed import enforcement_audit_connect
        from .models import Violation
        from .selectors import case_papers_visible, case_states_by_reference
        from .violation_types import violation_types_ensure

        for source in (Violation.Source.CASE, Violation.Source.SUMMARY):
            VIOLATION_SOURCE_STATE_READERS[source] = case_states_by_reference
        access_register("enforcement.case", case_papers_visible)

        enforcement_audit_connect()
        post_migrate.connect(
            lambda sender, **kwargs: violation_types_ensure(),
            sender=self,
            dispatch_uid="violation_types",
            weak=False,
        )

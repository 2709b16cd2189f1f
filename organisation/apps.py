from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = _("机构与人员")

    def ready(self):
        # Roles are groups whose permissions must exist before they can be granted, and
        # permissions are created by post_migrate; so roles are synced right after it.
        from . import checks  # noqa: F401  (registers the superuser warning)
        from .security_feed import security_receivers_connect
        from .services import roles_sync_on_migrate

        post_migrate.connect(roles_sync_on_migrate, dispatch_uid="organisation_roles")
        # Sign-ins, lockouts, roles and accounts go into the audit trail.
        security_receivers_connect()

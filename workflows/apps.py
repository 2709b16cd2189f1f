from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("工作流程")

    def ready(self):
        # The labels of the case and withdrawal steps live with their desks' history.
        from audit_trail.actions import action_labels_register

        from .licence_withdrawal.selectors import ACTION_LABELS as WITHDRAWAL_LABELS
        from .penalty_case.selectors import ACTION_LABELS as CASE_LABELS

        action_labels_register({f"case.{k}": v for k, v in CASE_LABELS.items()})
        action_labels_register(
            {f"withdrawal.{k}": v for k, v in WITHDRAWAL_LABELS.items()}
        )

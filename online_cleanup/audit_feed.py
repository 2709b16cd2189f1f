"""Lead events into the audit trail: every ListingLeadEvent row is one entry (who,
when, which lead, its state after the step, the note)."""

from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from audit_trail.actions import action_labels_register
from audit_trail.models import AuditCategory
from audit_trail.services import audit_record

from .models import LeadState, ListingLeadEvent

# The steps' names as online_cleanup.services gives them to their messages.
LEAD_ACTION_LABELS = {
    "lead.identify": _("确定经营主体"),
    "lead.refer_out": _("移送"),
    "lead.record_referral_letter": _("登记移送函"),
    "lead.notify_platform": _("通知平台处置"),
    "lead.record_notice": _("登记通知书"),
    "lead.confirm_removed": _("登记核查结果：已下架"),
    "lead.confirm_not_removed": _("登记核查结果：未下架"),
    "lead.close": _("线索办结"),
    "lead.escalate": _("线索转立案"),
    "lead.record_case": _("登记立案"),
    "lead.platform_follow_up": _("催告平台"),
    "lead.evidence_download": _("下载电子证据"),
}
_STATES = dict(LeadState.choices)


def _on_lead_event(sender, instance: ListingLeadEvent, created, raw=False, **kwargs):
    if not created or raw:
        return
    audit_record(
        action=f"lead.{instance.action}",
        category=AuditCategory.BUSINESS,
        actor=instance.actor,
        target=instance.lead,
        after={"状态": str(_STATES.get(instance.state, instance.state))},
        reason=instance.note,
        occurred_at=instance.occurred_at,
    )


def online_cleanup_audit_connect() -> None:
    action_labels_register(LEAD_ACTION_LABELS)
    post_save.connect(
        _on_lead_event, sender=ListingLeadEvent, dispatch_uid="audit_lead_event"
    )

"""The events recorded before the audit trail existed, appended to it in time order
(case, licence, withdrawal and listing-lead events), so an upgraded database loses
nothing. The event tables stay as they are.

It lives here, in the layer above the domains, because it reads all four domains'
tables; audit_trail itself imports none of them. Historical models have no __str__,
so each record's text is built from its fields the way its model's __str__ does."""

import heapq

from django.db import migrations

BATCH = 1000


def _labels(module, name):
    # The state names as the pages show them; a code when the enum has gone away.
    try:
        return {
            k: str(v)
            for k, v in getattr(__import__(module, fromlist=[name]), name).choices
        }
    except (ImportError, AttributeError):
        return {}


def backfill(apps, schema_editor):
    from audit_trail.chain import GENESIS_HASH, entry_hash, json_plain

    CaseEvent = apps.get_model("enforcement", "CaseEvent")
    LicenceEvent = apps.get_model("licensing", "LicenceEvent")
    WithdrawalEvent = apps.get_model("licensing", "WithdrawalEvent")
    LeadEvent = apps.get_model("online_cleanup", "ListingLeadEvent")
    AuditEntry = apps.get_model("audit_trail", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    User = apps.get_model("organisation", "User")
    if not any(
        m.objects.exists()
        for m in (CaseEvent, LicenceEvent, WithdrawalEvent, LeadEvent)
    ):
        return

    def ct(app_label, model):
        return ContentType.objects.get_or_create(app_label=app_label, model=model)[0].pk

    case_ct = ct("enforcement", "case")
    licence_ct = ct("licensing", "licence")
    revocation_ct = ct("licensing", "revocation")
    cancellation_ct = ct("licensing", "cancellation")
    referral_ct = ct("licensing", "referral")
    lead_ct = ct("online_cleanup", "listinglead")
    case_states = _labels("enforcement.models", "CaseState")
    licence_states = _labels("licensing.models", "LicenceState")
    lead_states = _labels("online_cleanup.models", "LeadState")
    grounds = {
        **_labels("licensing.grounds", "RevocationGround"),
        **_labels("licensing.grounds", "WithdrawalGround"),
        **_labels("licensing.grounds", "CancellationGround"),
    }
    withdrawal_states = {
        **_labels("licensing.models.withdrawals", "RevocationState"),
        **_labels("licensing.models.withdrawals", "CancellationState"),
        **_labels("licensing.models.withdrawals", "ReferralState"),
    }
    names = {
        pk: (full_name or username)
        for pk, full_name, username in User.objects.values_list(
            "pk", "full_name", "username"
        )
    }

    def state(labels, value):
        return labels.get(value, value) if value else ""

    def cases():
        for e in (
            CaseEvent.objects.select_related("case")
            .order_by("occurred_at", "id")
            .iterator()
        ):
            yield (
                e.occurred_at,
                0,
                e.pk,
                {
                    "actor_id": e.actor_id,
                    "action": f"case.{e.action}",
                    "content_type_id": case_ct,
                    "object_id": str(e.case_id),
                    "record_text": e.case.title,
                    "before": {"状态": state(case_states, e.from_state)},
                    "after": {"状态": state(case_states, e.to_state)},
                    "reason": e.note,
                },
            )

    def licences():
        for e in (
            LicenceEvent.objects.select_related("licence")
            .order_by("occurred_at", "id")
            .iterator()
        ):
            after = {"状态": state(licence_states, e.to_state)}
            if e.ground:
                after["法定情形"] = grounds.get(e.ground, e.ground)
            if e.reference:
                after["文号"] = e.reference
            yield (
                e.occurred_at,
                1,
                e.pk,
                {
                    "actor_id": e.actor_id,
                    "action": f"licence.{e.transition}",
                    "content_type_id": licence_ct,
                    "object_id": str(e.licence_id),
                    "record_text": e.licence.number,
                    "before": {"状态": state(licence_states, e.from_state)},
                    "after": after,
                    "reason": e.reason,
                },
            )

    def withdrawals():
        rows = WithdrawalEvent.objects.select_related("licence", "referral").order_by(
            "occurred_at", "id"
        )
        for e in rows.iterator():
            if e.revocation_id:
                target = (revocation_ct, e.revocation_id, f"撤销 {e.licence.number}")
            elif e.cancellation_id:
                target = (
                    cancellation_ct,
                    e.cancellation_id,
                    f"注销 {e.licence.number}",
                )
            elif e.referral_id:
                text = e.referral.letter_number or f"上报省局注销 #{e.referral_id}"
                target = (referral_ct, e.referral_id, text)
            else:
                target = (licence_ct, e.licence_id, e.licence.number)
            yield (
                e.occurred_at,
                2,
                e.pk,
                {
                    "actor_id": e.actor_id,
                    "action": f"withdrawal.{e.action}",
                    "content_type_id": target[0],
                    "object_id": str(target[1]),
                    "record_text": target[2],
                    "before": {"状态": state(withdrawal_states, e.from_state)},
                    "after": {
                        "状态": state(withdrawal_states, e.to_state),
                        "许可证": e.licence.number,
                    },
                    "reason": e.note,
                },
            )

    def leads():
        for e in (
            LeadEvent.objects.select_related("lead")
            .order_by("occurred_at", "id")
            .iterator()
        ):
            lead = e.lead
            yield (
                e.occurred_at,
                3,
                e.pk,
                {
                    "actor_id": e.actor_id,
                    "action": f"lead.{e.action}",
                    "content_type_id": lead_ct,
                    "object_id": str(e.lead_id),
                    "record_text": f"{lead.platform_name} · {lead.shop_name} · {lead.product_name}"[
                        :255
                    ],
                    "before": None,
                    "after": {"状态": state(lead_states, e.state)},
                    "reason": e.note,
                },
            )

    head = (
        AuditEntry.objects.order_by("-sequence").values_list("sequence", "hash").first()
    )
    sequence, previous = head or (0, GENESIS_HASH)
    batch = []
    for occurred_at, _kind, _pk, fields in heapq.merge(
        cases(), licences(), withdrawals(), leads(), key=lambda row: row[:3]
    ):
        sequence += 1
        fields.update(
            sequence=sequence,
            occurred_at=occurred_at,
            actor_name=names.get(fields["actor_id"], "")[:150],
            source_ip=None,
            category="business",
            before=json_plain(fields["before"]),
            after=json_plain(fields["after"]),
            reason=fields["reason"] or "",
            previous_hash=previous,
        )
        fields["record_text"] = fields["record_text"][:255]
        fields["hash"] = previous = entry_hash(fields)
        batch.append(AuditEntry(**fields))
        if len(batch) >= BATCH:
            AuditEntry.objects.bulk_create(batch)
            batch = []
    AuditEntry.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0004_task_deadline_paused"),
        ("audit_trail", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("organisation", "0001_initial"),
        ("enforcement", "0006_case_event_protect"),
        ("licensing", "0006_events_protect"),
        ("online_cleanup", "0002_lead_event_protect"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

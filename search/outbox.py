"""Writing to the search outbox. Domain services call `search_outbox_enqueue` right after
their own save, inside their transaction, so the change and its outbox row commit together."""

from django.db import models, transaction

from .models import SearchOutbox


def search_outbox_enqueue(
    *, instance: models.Model, op: str = SearchOutbox.Op.UPSERT
) -> SearchOutbox:
    assert transaction.get_connection().in_atomic_block, (
        "search_outbox_enqueue must run inside the transaction that changed the record"
    )
    return SearchOutbox.objects.create(
        model_label=instance._meta.label_lower, object_pk=str(instance.pk), op=op
    )


def search_outbox_enqueue_many(
    *, model_label: str, pks, op: str = SearchOutbox.Op.UPSERT
) -> int:
    assert transaction.get_connection().in_atomic_block
    rows = [
        SearchOutbox(model_label=model_label, object_pk=str(pk), op=op) for pk in pks
    ]
    SearchOutbox.objects.bulk_create(rows, batch_size=1000)
    return len(rows)

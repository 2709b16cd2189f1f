"""Appending from several transactions at once gives one unbroken chain."""

import threading

import pytest
from django.db import connection, transaction

from audit_trail import actions
from audit_trail.models import AuditCategory, AuditEntry
from audit_trail.selectors import audit_chain_verify
from audit_trail.services import audit_record


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_do_not_fork_the_chain():
    threads, per_thread = 6, 10
    start = threading.Barrier(threads)
    errors = []

    def append(n):
        try:
            start.wait()
            for i in range(per_thread):
                with transaction.atomic():
                    audit_record(
                        action=actions.SETTINGS_CHANGED,
                        category=AuditCategory.BUSINESS,
                        after={"线程": n, "次": i},
                    )
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=append, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    sequences = list(
        AuditEntry.objects.order_by("sequence").values_list("sequence", flat=True)
    )
    assert len(sequences) >= threads * per_thread
    assert sequences == list(range(sequences[0], sequences[0] + len(sequences)))
    report = audit_chain_verify()
    assert report.ok, report.first_break
    assert report.checked == len(sequences)

"""Two clerks act on one licence at the same moment: exactly one wins (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from licensing import services
from licensing.models import Licence, LicenceEvent, LicenceState
from organisation.roles import Role
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_concurrent_transitions_exactly_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    clerk_a = factories.user(Role.LICENSING_CLERK)
    clerk_b = factories.user(Role.LICENSING_CLERK)
    licence = factories.food_licence()
    # Both clerks loaded the page (and the licence) before either submitted.
    copies = [Licence.objects.get(pk=licence.pk), Licence.objects.get(pk=licence.pk)]
    barrier = threading.Barrier(2)
    outcomes = [None, None]

    def act(i, actor, action):
        try:
            barrier.wait()
            if action == "revoke":
                services.licence_revoke(
                    licence=copies[i],
                    actor=actor,
                    ground="ineligible_applicant",
                    reason="a",
                )
            else:
                services.licence_cancel(
                    licence=copies[i],
                    actor=actor,
                    ground="holder_application",
                    reason="b",
                )
            outcomes[i] = "ok"
        except ValidationError as exc:
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(0, clerk_a, "revoke")),
        threading.Thread(target=act, args=(1, clerk_b, "cancel")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)

    assert sorted(o == "ok" for o in outcomes) == [False, True]
    loser = next(o for o in outcomes if o != "ok")
    assert loser.code == "concurrent"
    assert "请刷新后重试" in " ".join(loser.messages)
    licence.refresh_from_db()
    assert licence.state in (LicenceState.REVOKED, LicenceState.CANCELLED)
    assert LicenceEvent.objects.filter(licence=licence).count() == 1

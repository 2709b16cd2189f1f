"""`load_demo` makes a handful of cases at different stages through the real services."""

import pytest
from django.core.management import call_command

from demo.builders import DEMO_PASSWORD
from enforcement.models import Case, CaseState
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_cases_at_their_stages_and_their_pages(client):
    call_command("load_demo", size=120, verbosity=0)
    states = list(Case.objects.order_by("pk").values_list("state", flat=True))
    assert states == [
        CaseState.VERIFYING,
        CaseState.INVESTIGATING,
        CaseState.STATEMENT,
        CaseState.ENFORCEMENT,
        CaseState.CLOSED,
    ]
    penalty = Case.objects.get(state=CaseState.ENFORCEMENT)
    assert penalty.decision_number.startswith("武市监处罚〔")
    call_command("load_demo", size=120, verbosity=0)
    assert Case.objects.count() == 5
    assert sign_in(client, "zhangwei", DEMO_PASSWORD)
    assert client.get("/cases/case/").status_code == 200
    for case in Case.objects.all():
        assert client.get(f"/cases/case/{case.pk}/").status_code == 200
    home = client.get("/workbench/home/").content.decode()
    assert penalty.title in home

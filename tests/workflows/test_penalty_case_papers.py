"""A paper that fails to render after the officer's step committed: the step stands,
the paper keeps its one number, and the retry finishes it without numbering again."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client

from documents import rendering
from documents.models import IssuedDocument
from enforcement.models import Case
from tests import factories
from tests.enforcement import factories as f
from workflows.penalty_case.flows import PenaltyCaseFlow

from .helpers import open_task
from .penalty_case_steps import START_URL, after_commit

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_failed_rendering_neither_breaks_the_step_nor_numbers_the_paper_twice(
    monkeypatch,
):
    people = f.staff()
    client = Client()
    client.force_login(people["zhang"])
    party = factories.enterprise()
    real_render = rendering.pdf_render

    def disk_full(**kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rendering, "pdf_render", disk_full)
    with after_commit():
        response = client.post(
            START_URL,
            {
                "party": party.credit_code,
                "violation_type": f.violation_type().pk,
                "source": "complaint",
                "source_reference": "12315平台工单 W2026110200318",
                "received_on": datetime.date.today(),
                "informant": "消费者刘女士",
                "clue": "举报人反映当事人门店销售超过保质期的食品。",
            },
        )
    assert response.status_code == 302  # the lead is registered all the same
    paper = IssuedDocument.objects.get()
    assert paper.status == IssuedDocument.Status.FAILED
    case = Case.objects.get(party=party)
    # The flow went on with the paper's number; the PDF follows when it can be made.
    assert case.registration_number == paper.number
    process = PenaltyCaseFlow.process_class.objects.get(artifact_object_id=case.pk)
    assert open_task(process, "verify")

    monkeypatch.setattr(rendering, "pdf_render", real_render)
    call_command("documents_render_pending", older_than=0, verbosity=0)
    call_command("workflow_timers", verbosity=0)
    paper = IssuedDocument.objects.get()  # still the one paper, one number
    assert paper.status == IssuedDocument.Status.ISSUED

"""Issuing official papers from flows, after the flow's transaction commits.

A paper is rendered outside any transaction (documents.services.document_issue insists:
rendering takes a second and must not hold the process or record locks). So a flow asks
for a paper with a Function node that calls `paper_request`, and waits in a Handle node;
once the step's transaction commits, the paper is issued and the Handle runs with it.
If issuing or recording fails (a character without a glyph, say), the Handle keeps
waiting and `manage.py workflow_timers` tries again; a paper issued before a crash is
reused, never numbered twice.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from documents.language import document_language

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PaperStep:
    """A Handle node waiting for the paper `issue(record)` makes for its process."""

    flow_class: type
    handle_name: str
    type_code: str
    issue: Callable  # (record) -> IssuedDocument

    @property
    def handle(self):
        return getattr(self.flow_class, self.handle_name)


_steps: list[PaperStep] = []


def paper_step_register(step: PaperStep) -> PaperStep:
    _steps.append(step)
    return step


def paper_request(step: PaperStep, process_pk: int) -> None:
    """Called by a flow's Function node inside the step's transaction."""
    transaction.on_commit(lambda: paper_issue_pending(step, process_pk))


def _existing_paper(record, type_code):
    from documents.selectors import documents_for_record

    return (
        documents_for_record(record)
        .filter(document_type__code=type_code)
        .order_by("-version")
        .first()
    )


def paper_issue_pending(step: PaperStep, process_pk: int) -> bool:
    """Issue the paper for a waiting Handle and run it. Returns whether it ran."""
    task = (
        Task.objects.filter(
            process_id=process_pk, flow_task=step.handle, status=STATUS.NEW
        )
        .select_related("process")
        .first()
    )
    if task is None:
        return False
    record = Process.objects.get(pk=process_pk).artifact
    try:
        with document_language():  # the paper's own sentences and labels
            document = _existing_paper(record, step.type_code) or step.issue(record)
    except Exception:
        logger.exception("Issuing %s for process %s failed", step.type_code, process_pk)
        return False
    try:
        with transaction.atomic():
            # Another dispatcher may have run it meanwhile.
            task = Task.objects.select_for_update().get(pk=task.pk)
            if task.status != STATUS.NEW:
                return False
            step.handle.run(task, document=document)
    except Exception:
        # The paper stands; recording it is retried. This runs after the officer's
        # step committed, and in the timers' loop, so it must not raise into either.
        logger.exception(
            "Recording %s for process %s failed", step.type_code, process_pk
        )
        return False
    return True


RETRY_AFTER = datetime.timedelta(minutes=2)


def papers_issue_pending() -> int:
    """Retry every paper still waiting a while after its step committed (run by
    workflow_timers; the step's own after-commit call usually got there first)."""
    issued = 0
    for step in _steps:
        pending = Task.objects.filter(
            flow_task=step.handle,
            status=STATUS.NEW,
            created__lt=timezone.now() - RETRY_AFTER,
        ).values_list("process_id", flat=True)
        for process_pk in list(pending):
            issued += paper_issue_pending(step, process_pk)
    return issued

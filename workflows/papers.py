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


# --- The papers a task serves ------------------------------------------------------

# Which papers each task serves, sends or publishes, for every flow: "<flow class
# name>.<node name>" → document type codes, in the order the task shows them. The task
# page shows the newest version of each (tests/workflows/test_task_papers.py).
TASK_PAPERS: dict[str, tuple[str, ...]] = {
    "PenaltyCaseFlow.serve_notice": ("penalty_notice",),
    "PenaltyCaseFlow.hold_hearing": ("hearing_notice",),
    "PenaltyCaseFlow.serve_decision": ("penalty_decision", "non_penalty_decision"),
    "PenaltyCaseFlow.publicity": ("penalty_decision",),
    "LicenceRevocationFlow.serve_notice": ("licence_revocation_notice",),
    "LicenceRevocationFlow.serve_decision": ("licence_revocation_decision",),
    "LicenceRevocationFlow.publicity": ("licence_revocation_decision",),
    "LicenceCancellationFlow.publicity": ("licence_cancellation_notice",),
    "ProvinceReferralFlow.send_letter": ("province_cancellation_referral",),
    "ProvinceReferralFlow.follow_up": ("province_cancellation_referral",),
    "ListingCleanupFlow.verify": ("platform_disposal_notice",),
    "ListingCleanupFlow.platform_follow_up": ("platform_disposal_notice",),
}


def task_paper_types(node) -> tuple[str, ...]:
    """The document types the task of `node` serves, sends or publishes."""
    return TASK_PAPERS.get(f"{node.flow_class.__name__}.{node.name}", ())


@dataclass(frozen=True)
class TaskPaper:
    """One paper as a task shows it. The links are empty while the PDF is being made
    (or failed and waits to be made again), and for a user who may not see the
    record; the download view checks the same again."""

    title: str
    number: str
    version: int
    status: str
    status_label: str
    open_url: str = ""
    download_url: str = ""

    @property
    def ready(self) -> bool:
        return self.status == "issued"


def task_papers(*, node, record, user) -> list[TaskPaper]:
    """The newest version of each paper the task serves, for its record."""
    from documents.access import user_can_view_record
    from documents.selectors import documents_for_record

    codes = task_paper_types(node)
    if not codes or record is None or record.pk is None:
        return []
    newest = {}
    for document in documents_for_record(record).filter(document_type__code__in=codes):
        newest[document.document_type.code] = document  # oldest first: last wins
    may_see = bool(newest) and user_can_view_record(user, record)
    papers = []
    for code in codes:
        document = newest.get(code)
        if document is None:
            continue
        ready = document.status == document.Status.ISSUED
        url = document.get_absolute_url() if ready and may_see else ""
        papers.append(
            TaskPaper(
                title=document.document_type.title,
                number=document.number,
                version=document.version,
                status=document.status,
                status_label=document.get_status_display(),
                open_url=f"{url}?inline=1" if url else "",
                download_url=url,
            )
        )
    return papers

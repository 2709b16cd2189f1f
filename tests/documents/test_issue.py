"""Issuing stores each paper with its hash, issuer, time and record; a re-issue is a new
version that never replaces the old one; a draft uses up no number."""

import datetime
import hashlib
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from documents import rendering
from documents.models import (
    ISSUED_DOCUMENT_IMMUTABLE,
    DocumentSequence,
    IssuedDocument,
)
from documents.selectors import (
    DOCUMENT_INTEGRITY_FAILED,
    document_content,
    document_versions,
    documents_for_record,
    documents_for_records,
)
from documents.services import (
    DOCUMENT_CONTEXT_RESERVED,
    DOCUMENT_ISSUER_CHANGED,
    DOCUMENT_ISSUER_NO_CODE,
    DOCUMENT_TYPE_UNKNOWN,
    document_issue,
    document_preview,
    documents_render_pending,
)
from documents.specs import DOCUMENT_CONTEXT_MISSING, sample_context
from licensing.models import Licence
from organisation.models import OrganisationUnit
from organisation.services import unit_upsert
from tests import factories

from .pdf_inspect import pdf_text

DECISION = "licence_revocation_decision"


def _context(**overrides):
    return {**sample_context(f"documents/{DECISION}.html"), **overrides}


@pytest.fixture
def issue_decision(issue):
    def _issue(issuer, record, actor, **kwargs):
        return issue(
            type_code=DECISION,
            issuer=issuer,
            record=record,
            context=kwargs.pop("context", _context()),
            actor=actor,
            **kwargs,
        )

    return _issue


def test_issued_paper_is_stored_with_hash_issuer_time_and_record(
    issuer, licence, clerk, issue_decision
):
    before = timezone.now()
    document = issue_decision(issuer, licence, clerk)

    content = document.file.read()
    assert content.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.issuer == issuer
    assert document.issued_by == clerk
    assert document.issued_at >= before
    assert document.record == licence
    assert document.version == 1
    assert document.page_count >= 1
    document.refresh_from_db()
    assert document.context["party_name"] == "武汉市蔡甸区明珠调味品厂"
    assert document.context["licence_issued_on"] == datetime.date(2025, 3, 18)
    assert document.status == IssuedDocument.Status.ISSUED
    assert document.rendered_at >= document.issued_at
    assert document.file.name.startswith(f"documents/{document.year}/{DECISION}/")
    assert document.number in pdf_text(content)
    assert list(documents_for_record(licence)) == [document]


def test_issuing_again_makes_version_2_with_the_same_number_and_keeps_version_1(
    issuer, licence, clerk, issue_decision
):
    first = issue_decision(issuer, licence, clerk)
    first_bytes = first.file.read()

    corrected = _context(licence_product="调味品（酱类、调味料）")
    second = issue_decision(issuer, licence, clerk, context=corrected)

    assert second.version == 2
    assert second.number == first.number
    assert second.file.name != first.file.name
    first.refresh_from_db()
    assert first.version == 1
    assert document_content(first) == first_bytes
    assert "调味料" not in pdf_text(first_bytes)
    assert "调味料" in pdf_text(document_content(second))
    assert list(document_versions(second)) == [first, second]
    assert list(documents_for_record(licence)) == [first, second]
    # Only one number was used.
    assert DocumentSequence.objects.get(issuer=issuer).last_value == 1


def test_a_new_number_can_be_asked_for(issuer, licence, clerk, issue_decision):
    first = issue_decision(issuer, licence, clerk)
    renumbered = issue_decision(issuer, licence, clerk, new_number=True)
    assert renumbered.version == 2
    assert renumbered.sequence == first.sequence + 1
    assert renumbered.number != first.number
    assert renumbered.number in pdf_text(renumbered.file.read())


def test_an_issued_version_can_never_be_saved_over(
    issuer, licence, clerk, issue_decision
):
    document = issue_decision(issuer, licence, clerk)
    document.number = "武市监许撤〔2026〕999号"
    with pytest.raises(ValidationError) as caught:
        document.save()
    assert caught.value.message == ISSUED_DOCUMENT_IMMUTABLE
    document.refresh_from_db()
    assert document.number != "武市监许撤〔2026〕999号"


def test_a_tampered_file_is_detected(issuer, licence, clerk, issue_decision):
    document = issue_decision(issuer, licence, clerk)
    with open(document.file.path, "r+b") as handle:
        handle.seek(200)
        handle.write(b"X")
    with pytest.raises(ValidationError) as caught:
        document_content(document)
    assert caught.value.message == DOCUMENT_INTEGRITY_FAILED


def test_missing_context_names_every_missing_key_and_uses_no_number(
    issuer, licence, clerk, issue_decision
):
    context = _context()
    del context["legal_basis"]
    context["court"] = ""
    context["evidence"] = []
    with pytest.raises(ValidationError) as caught:
        issue_decision(issuer, licence, clerk, context=context)
    assert caught.value.message == DOCUMENT_CONTEXT_MISSING
    message = caught.value.messages[0]
    assert "撤销行政许可决定书" in message
    for key in ("legal_basis", "court", "evidence"):
        assert key in message
    assert not IssuedDocument.objects.exists()
    assert not DocumentSequence.objects.filter(last_value__gt=0).exists()


def test_list_items_are_checked_too(issuer, clerk, issue):
    context = sample_context("documents/province_cancellation_referral.html")
    del context["licences"][7]["number"]
    with pytest.raises(ValidationError) as caught:
        issue(
            type_code="province_cancellation_referral",
            issuer=issuer,
            record=factories.enterprise(),
            context=context,
            actor=clerk,
        )
    assert "licences[8].number" in caught.value.messages[0]


def test_context_must_be_plain_data(issuer, licence, clerk, issue_decision):
    with pytest.raises(ValidationError) as caught:
        issue_decision(
            issuer, licence, clerk, context=_context(party_name=licence.holder)
        )
    assert caught.value.code == "not_data"


def test_system_keys_cannot_be_supplied(issuer, licence, clerk, issue_decision):
    with pytest.raises(ValidationError) as caught:
        issue_decision(
            issuer, licence, clerk, context=_context(number="武市监许撤〔2026〕1号")
        )
    assert caught.value.message == DOCUMENT_CONTEXT_RESERVED


def test_unknown_or_inactive_type_is_refused(issuer, licence, clerk, issue):
    with pytest.raises(ValidationError) as caught:
        issue(
            type_code="no_such_paper",
            issuer=issuer,
            record=licence,
            context={},
            actor=clerk,
        )
    assert caught.value.message == DOCUMENT_TYPE_UNKNOWN


def test_issuer_without_document_code_cannot_number(licence, clerk, issue_decision):
    division = unit_upsert(
        code="WHSJ-SPSC",
        name="食品生产监管处",
        kind=OrganisationUnit.Kind.DIVISION,
        level=OrganisationUnit.Level.CITY,
    )
    with pytest.raises(ValidationError) as caught:
        issue_decision(division, licence, clerk)
    assert caught.value.message == DOCUMENT_ISSUER_NO_CODE


def test_a_new_version_under_the_same_number_needs_the_same_issuer(
    issuer, branch, licence, clerk, issue_decision
):
    issue_decision(issuer, licence, clerk)
    with pytest.raises(ValidationError) as caught:
        issue_decision(branch, licence, clerk)
    assert caught.value.message == DOCUMENT_ISSUER_CHANGED
    assert issue_decision(branch, licence, clerk, new_number=True).number.startswith(
        "岸市监"
    )


def test_inside_a_transaction_the_number_comes_at_once_and_the_pdf_after_commit(
    issuer, licence, clerk, django_capture_on_commit_callbacks
):
    """A flow step issues inside its transaction: it gets the number to record, and the
    paper is rendered only once that transaction has committed."""
    with django_capture_on_commit_callbacks() as hooks, transaction.atomic():
        Licence.objects.select_for_update().get(pk=licence.pk)
        document = document_issue(
            type_code=DECISION,
            issuer=issuer,
            record=licence,
            context=_context(),
            actor=clerk,
        )
        assert document.number.startswith("武市监许撤〔")
        assert document.status == IssuedDocument.Status.PENDING
        assert not document.file
    assert len(hooks) == 1
    document.refresh_from_db()
    assert document.status == IssuedDocument.Status.PENDING  # not committed yet

    hooks[0]()  # the commit

    document.refresh_from_db()
    assert document.status == IssuedDocument.Status.ISSUED
    assert document.number in pdf_text(document.file.read())


def test_a_rolled_back_caller_takes_its_number_back(
    issuer, licence, clerk, issue_decision, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks() as hooks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        document_issue(
            type_code=DECISION,
            issuer=issuer,
            record=licence,
            context=_context(),
            actor=clerk,
        )
        raise RuntimeError("the flow step failed later")
    assert hooks == []
    assert not IssuedDocument.objects.exists()
    assert issue_decision(issuer, licence, clerk).sequence == 1


def test_a_failed_rendering_keeps_number_and_context_and_is_rendered_again(
    issuer, licence, clerk, issue_decision, monkeypatch
):
    """A crash while rendering (here: the disk is full) leaves the row failed with its
    number; documents_render_pending renders it from the stored context later."""
    real_render = rendering.pdf_render

    def disk_full(**kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rendering, "pdf_render", disk_full)
    with pytest.raises(OSError):
        issue_decision(issuer, licence, clerk)
    failed = IssuedDocument.objects.get()
    assert failed.status == IssuedDocument.Status.FAILED
    assert "No space left" in failed.failure
    assert not failed.file
    # The stored context gives back dates and amounts as they were.
    assert failed.context["licence_issued_on"] == datetime.date(2025, 3, 18)

    monkeypatch.setattr(rendering, "pdf_render", real_render)
    assert documents_render_pending(older_than=datetime.timedelta(0)) == (1, 0)
    failed.refresh_from_db()
    assert failed.status == IssuedDocument.Status.ISSUED
    assert failed.failure == ""
    text = pdf_text(document_content(failed))
    assert failed.number in text
    assert "2025年3月18日" in text
    # An issued paper is never rendered again.
    assert documents_render_pending(older_than=datetime.timedelta(0)) == (0, 0)


@pytest.mark.django_db(transaction=True)
def test_the_record_stays_unlocked_while_its_paper_renders(monkeypatch):
    """The caller locks the licence and issues inside its transaction; while the PDF
    renders, another officer can lock the licence: rendering waits for the commit."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    issuer = factories.bureau()
    clerk = factories.user("licensing_clerk")
    licence = factories.food_licence()
    seen = {}
    real_render = rendering.pdf_render

    def render_while_someone_locks_the_licence(**kwargs):
        def other_officer():
            try:
                with transaction.atomic():
                    Licence.objects.select_for_update(nowait=True).get(pk=licence.pk)
                    DocumentSequence.objects.select_for_update(nowait=True).get()
                    seen["locked"] = True
            except Exception as exc:
                seen["locked"] = exc
            finally:
                connection.close()

        thread = threading.Thread(target=other_officer)
        thread.start()
        thread.join(30)
        return real_render(**kwargs)

    monkeypatch.setattr(rendering, "pdf_render", render_while_someone_locks_the_licence)
    with transaction.atomic():
        Licence.objects.select_for_update().get(pk=licence.pk)
        document = document_issue(
            type_code=DECISION,
            issuer=issuer,
            record=licence,
            context=_context(),
            actor=clerk,
        )
    assert seen["locked"] is True
    document.refresh_from_db()
    assert document.status == IssuedDocument.Status.ISSUED


def test_preview_is_a_watermarked_draft_and_uses_no_number(issuer):
    year = timezone.localdate().year
    content = document_preview(type_code=DECISION, issuer=issuer, context=_context())
    text = pdf_text(content)
    assert "草稿" in text
    assert f"武市监许撤〔{year}〕号" in text
    assert not IssuedDocument.objects.exists()
    assert not DocumentSequence.objects.exists()


def test_issued_papers_carry_no_watermark(issuer, licence, clerk, issue_decision):
    document = issue_decision(issuer, licence, clerk)
    assert "草稿" not in pdf_text(document.file.read())


def test_documents_of_several_records(issuer, clerk, issue_decision):
    a, b, c = (factories.food_licence() for _ in range(3))
    first = issue_decision(issuer, a, clerk)
    second = issue_decision(issuer, b, clerk)
    issue_decision(issuer, c, clerk)
    assert list(documents_for_records([a, b])) == [first, second]
    assert not documents_for_records([]).exists()

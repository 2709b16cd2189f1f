"""The font build is a no-op once done; the system checks say when papers will be slow;
the retry command renders what a crash left pending."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from documents import checks, fonts
from documents.models import IssuedDocument
from documents.services import document_issue
from documents.specs import sample_context


def test_prepare_fonts_does_nothing_when_the_fonts_are_current():
    assert fonts.fonts_ready()
    out = io.StringIO()
    call_command("documents_prepare_fonts", stdout=out, verbosity=2)
    assert "up to date" in out.getvalue()


def test_checks_warn_when_prepared_fonts_are_missing(settings, tmp_path):
    assert checks.prepared_fonts_ready(None) == []
    settings.DOCUMENTS_FONT_DIR = str(tmp_path / "empty")
    warnings = checks.prepared_fonts_ready(None)
    assert [w.id for w in warnings] == ["documents.W002"]
    assert "make fonts" in warnings[0].hint


def test_harfbuzz_subsetter_is_available_here():
    """bin/system-deps installs libharfbuzz-subset0; without it papers take seconds."""
    assert checks.harfbuzz_subset_available(None) == []


def test_render_pending_renders_what_was_left_behind(issuer, licence, clerk):
    # Issued inside a transaction whose commit hook never ran (the process died).
    pending = document_issue(
        type_code="licence_revocation_decision",
        issuer=issuer,
        record=licence,
        context=sample_context("documents/licence_revocation_decision.html"),
        actor=clerk,
    )
    IssuedDocument.objects.filter(pk=pending.pk).update(
        issued_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    out = io.StringIO()
    call_command("documents_render_pending", stdout=out)
    assert "1 rendered, 0 failed." in out.getvalue()
    pending.refresh_from_db()
    assert pending.status == IssuedDocument.Status.ISSUED
    assert pending.file.read().startswith(b"%PDF-")

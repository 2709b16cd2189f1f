"""Downloads go only to users who may see the record, and every one is recorded; the
preview page shows a draft; administrators edit types and read issued papers."""

import pytest
from django.urls import reverse

from documents.access import access_register, access_unregister
from documents.models import DocumentDownload, DocumentSequence, IssuedDocument
from documents.services import document_issue
from documents.specs import sample_context
from organisation.roles import Role
from organisation.services import user_create
from tests import factories

from .pdf_inspect import pdf_text

DECISION = "licence_revocation_decision"


@pytest.fixture
def decision(issuer, licence, clerk, issue):
    return issue(
        type_code=DECISION,
        issuer=issuer,
        record=licence,
        context=sample_context(f"documents/{DECISION}.html"),
        actor=clerk,
    )


@pytest.fixture
def outsider(db):
    """Logged in, but holds no permission on licences."""
    return user_create(username="outsider", password="Test@12345", full_name="外单位")


def test_a_user_who_may_see_the_licence_downloads_and_is_recorded(
    client, decision, investigator
):
    client.force_login(investigator)
    response = client.get(decision.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert response.content == decision.file.read()
    download = DocumentDownload.objects.get()
    assert (download.user, download.document) == (investigator, decision)
    assert download.document.version == 1


def test_a_user_who_may_not_see_the_licence_is_refused_and_nothing_recorded(
    client, decision, outsider
):
    client.force_login(outsider)
    response = client.get(decision.get_absolute_url())
    assert response.status_code == 403
    assert b"%PDF" not in response.content
    assert not DocumentDownload.objects.exists()


def test_anonymous_users_are_sent_to_log_in(client, decision):
    response = client.get(decision.get_absolute_url())
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not DocumentDownload.objects.exists()


def test_each_version_is_downloaded_as_it_was_issued(
    client, issuer, licence, clerk, decision, issue
):
    context = {
        **sample_context(f"documents/{DECISION}.html"),
        "licence_product": "调味品（酱类、调味料）",
    }
    second = issue(
        type_code=DECISION, issuer=issuer, record=licence, context=context, actor=clerk
    )
    client.force_login(clerk)
    old = client.get(decision.get_absolute_url()).content
    new = client.get(second.get_absolute_url()).content
    assert "调味料" not in pdf_text(old)
    assert "调味料" in pdf_text(new)
    assert [d.document.version for d in DocumentDownload.objects.order_by("id")] == [
        1,
        2,
    ]


def test_a_record_type_can_register_its_own_check(client, decision, clerk, outsider):
    """E.g. a case seen only by its investigators: the registered check decides."""
    access_register("licensing.licence", lambda user, licence: user == outsider)
    try:
        client.force_login(clerk)
        assert client.get(decision.get_absolute_url()).status_code == 403
        client.force_login(outsider)
        assert client.get(decision.get_absolute_url()).status_code == 200
    finally:
        access_unregister("licensing.licence")
    assert [d.user for d in DocumentDownload.objects.all()] == [outsider]


def test_a_tampered_file_is_not_served(client, decision, clerk):
    with open(decision.file.path, "r+b") as handle:
        handle.seek(300)
        handle.write(b"0")
    client.force_login(clerk)
    response = client.get(decision.get_absolute_url())
    assert response.status_code == 409
    assert "SHA-256" in response.content.decode()
    assert not DocumentDownload.objects.exists()


def test_a_paper_still_rendering_is_not_served(client, issuer, licence, clerk):
    """Issued inside a transaction that has not committed yet: number, no file."""
    pending = document_issue(
        type_code=DECISION,
        issuer=issuer,
        record=licence,
        context=sample_context(f"documents/{DECISION}.html"),
        actor=clerk,
    )
    assert pending.status == IssuedDocument.Status.PENDING
    client.force_login(clerk)
    response = client.get(pending.get_absolute_url())
    assert response.status_code == 409
    assert "生成中" in response.content.decode()
    assert not DocumentDownload.objects.exists()


def test_unknown_document_is_404(client, clerk, db):
    client.force_login(clerk)
    url = reverse("documents:issued:download", args=[987654])
    assert client.get(url).status_code == 404


def test_type_list_links_every_preview(client, clerk, document_types):
    client.force_login(clerk)
    html = client.get(reverse("documents:types:index")).content.decode()
    for document_type in document_types:
        assert document_type.title in html
        assert reverse("documents:types:preview", args=[document_type.code]) in html


def test_preview_page_shows_a_draft_of_the_sample_and_uses_no_number(
    client, clerk, bureau
):
    client.force_login(clerk)
    response = client.get(reverse("documents:types:preview", args=["penalty_decision"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "inline" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "草稿" in text
    assert "武汉市鑫鑫源食品有限公司" in text
    assert not IssuedDocument.objects.exists()
    assert not DocumentSequence.objects.exists()


def test_preview_page_needs_the_permission(client, outsider, bureau):
    client.force_login(outsider)
    response = client.get(reverse("documents:types:preview", args=["penalty_decision"]))
    assert response.status_code == 403


def test_administrator_edits_a_pattern_in_the_admin(client, db):
    admin = factories.user(Role.ADMINISTRATOR)
    client.force_login(admin)
    from documents.models import DocumentType

    decision = DocumentType.objects.get(code="penalty_decision")
    url = reverse("admin:documents_documenttype_change", args=[decision.pk])
    assert client.get(url).status_code == 200
    data = {
        "title": decision.title,
        "template": decision.template,
        "number_pattern": "{code}罚决〔{year}〕{seq}号",
        "description": "",
        "is_active": "on",
        "issuer_patterns-TOTAL_FORMS": "0",
        "issuer_patterns-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    decision.refresh_from_db()
    assert decision.number_pattern == "{code}罚决〔{year}〕{seq}号"

    data["number_pattern"] = "{code}罚决〔{year}〕号"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "{seq}" in response.content.decode()
    decision.refresh_from_db()
    assert decision.number_pattern == "{code}罚决〔{year}〕{seq}号"


def test_issued_papers_are_not_the_system_administrators(client, decision):
    client.force_login(factories.user(Role.ADMINISTRATOR))
    assert (
        client.get(reverse("admin:documents_issueddocument_changelist")).status_code
        == 403
    )


def test_issued_papers_are_read_only_in_the_admin(client, decision):
    """Even the break-glass superuser cannot add or change an issued paper."""
    from organisation.models import User

    admin = User.objects.create_superuser("breakglass", password="Test@12345")
    client.force_login(admin)
    changelist = client.get(reverse("admin:documents_issueddocument_changelist"))
    assert changelist.status_code == 200
    assert decision.number in changelist.content.decode()
    assert client.get(reverse("admin:documents_issueddocument_add")).status_code == 403
    change = client.get(
        reverse("admin:documents_issueddocument_change", args=[decision.pk])
    )
    assert change.status_code == 200
    assert 'name="number"' not in change.content.decode()

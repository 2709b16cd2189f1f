import pytest

from documents.models import DocumentType
from documents.services import document_issue
from organisation.models import OrganisationUnit
from organisation.services import unit_upsert
from tests import factories


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Issued files go to a fresh folder per test, never to the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def issuer(bureau):
    return bureau


@pytest.fixture
def branch(db):
    return unit_upsert(
        code="WHSJ-JA",
        name="武汉市江岸区市场监督管理局",
        kind=OrganisationUnit.Kind.BRANCH,
        level=OrganisationUnit.Level.DISTRICT,
        region_code="420102",
        document_code="岸市监",
    )


@pytest.fixture
def licence(db):
    return factories.food_licence()


@pytest.fixture
def document_types(db):
    return list(DocumentType.objects.order_by("code"))


@pytest.fixture
def issue(django_capture_on_commit_callbacks):
    """document_issue as a caller outside any transaction sees it: the test's own
    transaction holds the commit hooks back, so run them (the rendering) here."""

    def _issue(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            document = document_issue(**kwargs)
        document.refresh_from_db()
        return document

    return _issue

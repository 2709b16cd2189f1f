import importlib

import pytest
from django.apps import apps

from documents.models import DocumentType
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
def seeded_document_types(transactional_db):
    """Transactional tests run after a flush that removed what data migrations wrote:
    seed the document types again, the way migration 0002 does."""
    importlib.import_module("documents.migrations.0002_document_types").seed(apps, None)

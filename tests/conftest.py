import pytest
from django.conf import settings
from django.utils import translation

from organisation.roles import Role
from tests import factories


@pytest.fixture(autouse=True)
def _interface_language_reset():
    """A request in English leaves English active on the thread (LocaleMiddleware does
    not undo it); the next test starts in the site's default language again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def bureau(db):
    return factories.bureau()


@pytest.fixture
def province(db):
    return factories.province()


@pytest.fixture
def clerk(db):
    return factories.user(Role.LICENSING_CLERK)


@pytest.fixture
def bureau_head(db):
    return factories.user(Role.BUREAU_HEAD)


@pytest.fixture
def investigator(db):
    return factories.user(Role.INVESTIGATOR)

import pytest

from organisation.roles import Role
from tests import factories


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

"""Who sees a case's papers: the case's own investigators and their unit, the legal
reviewers and the heads; not an investigator of another division."""

import pytest
from django.contrib.contenttypes.models import ContentType

from documents.models import IssuedDocument
from organisation.models import OrganisationUnit
from organisation.roles import Role
from organisation.services import unit_upsert
from tests import factories
from tests.enforcement import factories as f
from tests.workflows.penalty_case_steps import file_case, logged_in


def _division(code, name):
    return unit_upsert(
        code=code,
        name=name,
        kind=OrganisationUnit.Kind.DIVISION,
        level=OrganisationUnit.Level.CITY,
        parent=factories.bureau(),
    )


@pytest.fixture
def filed(db):
    people = f.staff()
    inspection = _division("T-ZFJC", "执法稽查处")
    for key in ("zhang", "liu"):
        people[key].unit = inspection
        people[key].save(update_fields=["unit"])
    people["colleague"] = factories.user(Role.INVESTIGATOR, unit=inspection)
    people["elsewhere"] = factories.user(
        Role.INVESTIGATOR, unit=_division("T-TSSB", "特种设备安全监察处")
    )
    people["clerk"] = factories.user(Role.LICENSING_CLERK)
    clients = logged_in(people)
    case, _ = file_case(clients, people, f.party())
    paper = IssuedDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(case), object_id=case.pk
    ).latest("pk")
    return clients, paper


@pytest.mark.parametrize(
    "who,status",
    [
        ("zhang", 200),  # registered it and leads it
        ("liu", 200),  # its second investigator
        ("colleague", 200),  # same division
        ("li", 200),  # legal reviewer
        ("chen", 200),  # division head
        ("liuqiang", 200),  # bureau head
        ("elsewhere", 403),  # an investigator of another division
        ("clerk", 403),  # no case is a licensing clerk's
    ],
)
def test_a_case_paper_is_for_its_case_and_unit(filed, who, status):
    clients, paper = filed
    response = clients[who].get(paper.get_absolute_url())
    assert response.status_code == status

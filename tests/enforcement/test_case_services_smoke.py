import pytest

from enforcement import services
from enforcement.models import CaseState
from tests.enforcement import factories as f

pytestmark = pytest.mark.django_db


def test_a_case_goes_from_lead_to_review():
    people = f.staff()
    f.benchmark()
    case = f.reported(people)
    assert case.state == CaseState.CASE_REVIEW
    case = services.case_review_pass(case=case, reviewer=people["li"], opinion="同意")
    assert case.state == CaseState.NOTICE

"""Numbers follow the type's pattern per issuer; one gap-free, duplicate-free sequence per
issuer, type and year, also when many officers issue at the same moment (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from documents.models import (
    DocumentNumberPattern,
    DocumentSequence,
    DocumentType,
    IssuedDocument,
)
from documents.numbering import (
    NUMBER_PATTERN_NEEDS_YEAR_AND_SEQ,
    NUMBER_PATTERN_UNKNOWN_FIELD,
    number_format,
    validate_number_pattern,
)
from documents.services import document_issue
from documents.specs import sample_context
from organisation.roles import Role
from tests import factories

DECISION = "licence_revocation_decision"


def _context():
    return sample_context(f"documents/{DECISION}.html")


def test_pattern_makes_the_wuhan_number():
    assert (
        number_format("{code}处罚〔{year}〕{seq}号", code="武市监", year=2019, seq=55)
        == "武市监处罚〔2019〕55号"
    )
    assert (
        number_format(
            "{code}许撤〔{year}〕{seq:03d}号", code="武市监", year=2026, seq=7
        )
        == "武市监许撤〔2026〕007号"
    )
    assert (
        number_format("{code}处罚〔{year}〕{seq}号", code="武市监", year=2026, seq=None)
        == "武市监处罚〔2026〕\u3000\u3000号"
    )


@pytest.mark.parametrize(
    "pattern,message",
    [
        ("{code}处罚〔{year}〕号", NUMBER_PATTERN_NEEDS_YEAR_AND_SEQ),
        ("{code}处罚〔{yr}〕{seq}号", NUMBER_PATTERN_UNKNOWN_FIELD),
    ],
)
def test_administrator_cannot_save_a_pattern_that_cannot_number(pattern, message):
    with pytest.raises(ValidationError) as caught:
        validate_number_pattern(pattern)
    assert caught.value.message == message


def test_unbalanced_braces_are_refused():
    with pytest.raises(ValidationError):
        validate_number_pattern("{code}处罚〔{year}〕{seq号")


def test_numbers_count_up_per_issuer_type_and_year(issuer, branch, clerk, issue):
    year = timezone.localdate().year
    numbers = [
        issue(
            type_code=DECISION,
            issuer=unit,
            record=factories.food_licence(),
            context=_context(),
            actor=clerk,
        ).number
        for unit in (issuer, issuer, branch, issuer)
    ]
    assert numbers == [
        f"武市监许撤〔{year}〕1号",
        f"武市监许撤〔{year}〕2号",
        f"岸市监许撤〔{year}〕1号",
        f"武市监许撤〔{year}〕3号",
    ]
    other_type = issue(
        type_code="licence_cancellation_notice",
        issuer=issuer,
        record=factories.food_licence(),
        context=sample_context("documents/licence_cancellation_notice.html"),
        actor=clerk,
    )
    assert other_type.number == f"武市监许注〔{year}〕1号"


def test_a_new_year_starts_again_at_one(issuer, clerk, issue):
    year = timezone.localdate().year
    decision = DocumentType.objects.get(code=DECISION)
    DocumentSequence.objects.create(
        document_type=decision, issuer=issuer, year=year - 1, last_value=40
    )
    document = issue(
        type_code=DECISION,
        issuer=issuer,
        record=factories.food_licence(),
        context=_context(),
        actor=clerk,
    )
    assert document.number == f"武市监许撤〔{year}〕1号"
    assert DocumentSequence.objects.get(issuer=issuer, year=year - 1).last_value == 40


def test_an_issuing_unit_can_have_its_own_pattern(issuer, clerk, issue):
    year = timezone.localdate().year
    DocumentNumberPattern.objects.create(
        document_type=DocumentType.objects.get(code=DECISION),
        issuer=issuer,
        pattern="{code}食许撤〔{year}〕{seq:02d}号",
    )
    document = issue(
        type_code=DECISION,
        issuer=issuer,
        record=factories.food_licence(),
        context=_context(),
        actor=clerk,
    )
    assert document.number == f"武市监食许撤〔{year}〕01号"


def test_an_edited_pattern_applies_to_the_next_number(issuer, clerk, issue):
    year = timezone.localdate().year
    decision = DocumentType.objects.get(code=DECISION)
    decision.number_pattern = "{code}撤〔{year}〕{seq}号"
    decision.save()
    document = issue(
        type_code=DECISION,
        issuer=issuer,
        record=factories.food_licence(),
        context=_context(),
        actor=clerk,
    )
    assert document.number == f"武市监撤〔{year}〕1号"


@pytest.mark.django_db(transaction=True)
def test_officers_issuing_at_the_same_moment_get_distinct_numbers_without_gaps():
    """Eight officers issue at once; one of them submits a name no font can print, so
    that issue fails after the number was drawn. The numbers used are still exactly
    1..7: the failed issue gave its number back by rolling back."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    issuer = factories.bureau()
    officers = [factories.user(Role.LICENSING_CLERK) for _ in range(8)]
    licences = [factories.food_licence() for _ in range(8)]
    barrier = threading.Barrier(8)
    results: list = [None] * 8

    def officer_issues(i):
        context = _context()
        if i == 3:
            context["party_name"] = "武汉市\U0002a6d6记调味品厂"
        try:
            barrier.wait(timeout=30)
            results[i] = document_issue(
                type_code=DECISION,
                issuer=issuer,
                record=licences[i],
                context=context,
                actor=officers[i],
            ).number
        except Exception as exc:  # reported by the assertions
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=officer_issues, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    failed = results[3]
    assert isinstance(failed, ValidationError), failed
    numbers = [r for i, r in enumerate(results) if i != 3]
    assert all(isinstance(n, str) for n in numbers), numbers
    year = timezone.localdate().year
    assert sorted(numbers) == sorted(f"武市监许撤〔{year}〕{n}号" for n in range(1, 8))
    stored = IssuedDocument.objects.filter(issuer=issuer).order_by("sequence")
    assert [d.sequence for d in stored] == list(range(1, 8))
    assert DocumentSequence.objects.get(issuer=issuer, year=year).last_value == 7

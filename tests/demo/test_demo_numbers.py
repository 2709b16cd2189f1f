"""The demo's papers carry numbers from the real sequences (documents.services): the
history's past decisions as well as the papers its cases issue. No number is given
twice, and the first paper an officer issues after loading the demo takes the number
after the demo's last."""

import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from documents.models import DocumentSequence, IssuedDocument
from documents.services import document_issue, document_numbers_reserve
from documents.specs import sample_context
from enforcement.models import Violation
from organisation.models import OrganisationUnit, User
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

_DECISION = re.compile(r"^武市监处罚〔(\d{4})〕(\d+)号$")


def _decision_numbers() -> list[str]:
    """Every 行政处罚决定书 number in the demo: one per paper (a paper's versions share
    it) and one per past decision of the history."""
    issued = set(
        IssuedDocument.objects.filter(
            document_type__code="penalty_decision"
        ).values_list("document_type", "issuer", "year", "sequence", "number")
    )
    history = list(
        Violation.objects.filter(source=Violation.Source.HISTORY_IMPORT)
        .exclude(decision_number="")
        .values_list("decision_number", flat=True)
    )
    return [row[-1] for row in issued] + history


def test_demo_numbers_come_from_the_sequences_and_the_next_one_follows():
    call_command("load_demo", size=300, verbosity=0)
    numbers = _decision_numbers()
    history = Violation.objects.filter(source=Violation.Source.HISTORY_IMPORT)
    assert history.count() > 20
    assert IssuedDocument.objects.filter(document_type__code="penalty_decision")

    repeated = [n for n, count in Counter(numbers).items() if count > 1]
    assert repeated == []
    # Every paper of every type: one number per (type, issuer, year, sequence).
    papers = IssuedDocument.objects.values_list(
        "document_type", "issuer", "year", "sequence", "number"
    )
    assert Counter(number for *_key, number in set(papers)).most_common(1)[0][1] == 1

    # Each year's numbers are 1, 2, 3… with no gap, in the order of the decisions.
    by_year: dict[int, list[int]] = {}
    for number in numbers:
        year, seq = map(int, _DECISION.match(number).groups())
        by_year.setdefault(year, []).append(seq)
    for year, seqs in by_year.items():
        assert sorted(seqs) == list(range(1, len(seqs) + 1)), year
    for year in (2017, 2025):
        dated = sorted(
            (int(_DECISION.match(number).group(2)), decided_on)
            for number, decided_on in history.filter(decided_on__year=year).values_list(
                "decision_number", "decided_on"
            )
        )
        assert [d for _seq, d in dated] == sorted(d for _seq, d in dated), year

    # An officer's first decision after the demo takes the next number of the year.
    bureau = OrganisationUnit.objects.get(code="WHSJ")
    year = timezone.localdate().year
    last = max(by_year.get(year, [0]))
    sequence = DocumentSequence.objects.get(
        document_type__code="penalty_decision", issuer=bureau, year=year
    )
    assert sequence.last_value == last
    document = document_issue(
        type_code="penalty_decision",
        issuer=bureau,
        record=factories.enterprise(),
        context=sample_context("documents/penalty_decision.html"),
        actor=User.objects.get(username="zhangwei"),
    )
    assert document.number == f"武市监处罚〔{year}〕{last + 1}号"
    assert document.number not in numbers

    # Loading again changes nothing.
    call_command("load_demo", size=300, verbosity=0)
    assert sorted(_decision_numbers()) == sorted([*numbers, document.number])


def test_reserved_numbers_are_the_next_of_the_sequence(bureau):
    first = document_numbers_reserve(
        type_code="penalty_decision", issuer=bureau, year=2018, count=3
    )
    assert first == [
        "武市监处罚〔2018〕1号",
        "武市监处罚〔2018〕2号",
        "武市监处罚〔2018〕3号",
    ]
    assert document_numbers_reserve(
        type_code="penalty_decision", issuer=bureau, year=2018, count=2
    ) == ["武市监处罚〔2018〕4号", "武市监处罚〔2018〕5号"]
    assert (
        document_numbers_reserve(
            type_code="penalty_decision", issuer=bureau, year=2018, count=0
        )
        == []
    )
    sequence = DocumentSequence.objects.get(
        document_type__code="penalty_decision", issuer=bureau, year=2018
    )
    assert sequence.last_value == 5

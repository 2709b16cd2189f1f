"""Every task that serves, sends or publishes a paper shows it, in every flow: its
title, number and version, and links that open and download it. (The penalty-case
tasks are in test_penalty_case_task_pages.py.)"""

import datetime

import pytest
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone
from viewflow.workflow.models import Process

from documents.models import DocumentType, IssuedDocument
from licensing.models import Cancellation, Referral, Revocation
from online_cleanup.models import ListingLead
from organisation.roles import Role
from tests import factories
from workflows.licence_withdrawal.flows import (
    LicenceCancellationFlow,
    LicenceRevocationFlow,
    ProvinceReferralFlow,
)
from workflows.licence_withdrawal.starting import cancellations_start
from workflows.online_cleanup.flows import ListingCleanupFlow
from workflows.online_cleanup.starting import listing_lead_register_and_start
from workflows.papers import TASK_PAPERS

from .helpers import assign, open_task, take_and_execute, task_url

pytestmark = pytest.mark.django_db(transaction=True)

REVOCATION_START = "/workflow/flows/licencerevocation/start/"


@pytest.fixture(autouse=True)
def _urls():
    """The flows' task URLs exist once the site's URLs are loaded (a test that
    reverses one before any request would not find it)."""
    _ = get_resolver().url_patterns


def _today():
    return timezone.localdate()


def _process(flow_class, record):
    return Process.objects.get(
        flow_class=flow_class, artifact_object_id=record.pk
    ).coerced


def _shows(client, process, node, document: IssuedDocument) -> str:
    """The task page, asserting it shows the paper with working links."""
    task = open_task(process, node)
    if task.status == "NEW":
        assign(client, task)
        task = open_task(process, node)
    html = client.get(task_url(task, "execute")).content.decode()
    papers = html.split("data-task-papers", 1)[1].split("</div>", 1)[0]
    assert f"《{document.document_type.title}》" in papers
    assert f"<span data-paper-number>{document.number}</span>" in papers
    assert f"第{document.version}版" in papers
    url = document.get_absolute_url()
    assert f'href="{url}?inline=1"' in papers
    assert f'href="{url}"' in papers
    download = client.get(url)
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF")
    return papers


def test_every_declared_paper_is_a_document_type():
    codes = {code for codes in TASK_PAPERS.values() for code in codes}
    assert codes <= set(DocumentType.objects.values_list("code", flat=True))
    flows = {
        "PenaltyCaseFlow",
        "LicenceRevocationFlow",
        "LicenceCancellationFlow",
        "ProvinceReferralFlow",
        "ListingCleanupFlow",
    }
    assert {key.split(".")[0] for key in TASK_PAPERS} == flows


def test_revocation_tasks_show_the_notice_and_the_decision(people):
    users, clients = people
    licence = factories.food_licence()
    response = clients["clerk"].post(
        REVOCATION_START,
        {
            "licence": licence.number,
            "ground": "fraud_or_bribery",
            "facts": "当事人提交虚假的检验报告取得许可。",
            "evidence": "1. 检验机构出具的说明\n2. 申请材料",
        },
    )
    assert response.status_code == 302
    revocation = Revocation.objects.get(licence=licence)
    process = _process(LicenceRevocationFlow, revocation)

    # The 撤销告知书, made before it is served.
    notice = IssuedDocument.objects.get(
        object_id=str(revocation.pk), document_type__code="licence_revocation_notice"
    )
    _shows(clients["clerk"], process, "serve_notice", notice)
    take_and_execute(
        clients["clerk"],
        process,
        "serve_notice",
        {"served_on": _today(), "method": "direct"},
    )
    take_and_execute(
        clients["clerk"], process, "record_statement",
        {"statement": "我公司不存在欺骗行为。", "received_on": _today()},
    )  # fmt: skip
    take_and_execute(
        clients["reviewer"],
        process,
        "legal_review",
        {"decision": "approve", "opinion": "事实清楚，证据确凿。"},
    )
    take_and_execute(
        clients["head"],
        process,
        "approval",
        {"decision": "approve", "opinion": "同意撤销。"},
    )
    revocation.refresh_from_db()
    decision = IssuedDocument.objects.get(number=revocation.decision_number)
    _shows(clients["clerk"], process, "serve_decision", decision)
    take_and_execute(
        clients["clerk"],
        process,
        "serve_decision",
        {"served_on": _today(), "method": "direct"},
    )
    _shows(clients["clerk"], process, "publicity", decision)

    # The cancellation that follows publishes its notice.
    cancellation = Cancellation.objects.get(licence=licence)
    cancellation_notice = IssuedDocument.objects.get(number=cancellation.notice_number)
    _shows(
        clients["clerk"],
        _process(LicenceCancellationFlow, cancellation),
        "publicity",
        cancellation_notice,
    )


def test_the_referral_letter_is_on_the_sending_task(people):
    users, clients = people
    licences = [factories.industrial_licence() for _ in range(2)]
    cancellations_start(
        licences=licences,
        ground="holder_application",
        reason="持证企业申请注销",
        actor=users["clerk"],
    )
    referral = Referral.objects.get()
    letter = IssuedDocument.objects.get(number=referral.letter_number)
    _shows(
        clients["clerk"],
        _process(ProvinceReferralFlow, referral),
        "send_letter",
        letter,
    )


def test_the_platform_notice_is_on_the_verification_task(db):
    factories.bureau()
    investigator = factories.user(Role.INVESTIGATOR, full_name="张伟")
    client = Client()
    client.force_login(investigator)
    platform = factories.enterprise(name="武汉云集优选电子商务有限公司")
    seller = factories.enterprise(name="武汉江城美妆商贸有限公司")
    lead, _ = listing_lead_register_and_start(
        actor=investigator,
        platform=platform,
        platform_name="云集优选",
        shop_name="江城美妆专营店",
        listing_url="https://item.jd.com/100012043978.html",
        product_name="美白祛斑霜",
        problem="illegal_product",
        suspected_violation="销售未经注册的特殊化妆品",
        captured_at=timezone.now() - datetime.timedelta(hours=1),
    )
    process = _process(ListingCleanupFlow, lead)
    take_and_execute(
        client,
        process,
        "identify",
        {"local": "1", "seller": seller.credit_code, "authority": ""},
    )
    take_and_execute(
        client,
        process,
        "notify_platform",
        {"measure": "delist", "deadline": _today() + datetime.timedelta(days=5)},
    )
    lead = ListingLead.objects.get(pk=lead.pk)
    notice = IssuedDocument.objects.get(number=lead.notice_number)
    _shows(client, process, "verify", notice)

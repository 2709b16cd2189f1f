import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from viewflow.workflow.models import Process

from documents.models import IssuedDocument
from licensing.models import (
    Cancellation,
    CancellationState,
    Licence,
    LicenceState,
    Revocation,
    RevocationState,
)
from tests import factories
from workflows.licence_withdrawal.flows import (
    LicenceCancellationFlow,
    LicenceRevocationFlow,
)

from .helpers import assign, execute, open_task, take_and_execute, task_url

pytestmark = pytest.mark.django_db(transaction=True)
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))

START_URL = "/workflow/flows/licencerevocation/start/"


def _start(clients, licence):
    response = clients["clerk"].post(
        START_URL,
        {
            "licence": licence.number,
            "ground": "fraud_or_bribery",
            "facts": "当事人提交虚假的检验报告取得许可。",
            "evidence": "1. 检验机构出具的说明\n2. 申请材料",
        },
    )
    assert response.status_code == 302, (
        response.context["form"].errors if response.context else ""
    )
    revocation = Revocation.objects.get(licence=licence)
    return Process.objects.get(
        flow_class=LicenceRevocationFlow, artifact_object_id=revocation.pk
    ).coerced, revocation


def _today():
    return timezone.localdate()


def test_full_revocation_as_each_role_clicks_it(people):
    users, clients = people
    licence = factories.food_licence()
    process, revocation = _start(clients, licence)
    revocation.refresh_from_db()
    assert revocation.notice_document_number  # the notice served next was made

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
    assert revocation.state == RevocationState.DECIDED
    decision = IssuedDocument.objects.get(number=revocation.decision_number)
    assert decision.document_type.code == "licence_revocation_decision"

    take_and_execute(
        clients["clerk"],
        process,
        "serve_decision",
        {"served_on": _today(), "method": "direct"},
    )
    # Revoked through its state machine, then cancelled by the cancellation that follows.
    transitions = list(licence.events.values_list("from_state", "to_state"))
    assert transitions == [
        (LicenceState.VALID, LicenceState.REVOKED),
        (LicenceState.REVOKED, LicenceState.CANCELLED),
    ]
    cancellation = Cancellation.objects.get(licence=licence)
    assert (
        cancellation.state == CancellationState.CANCELLED
    )  # issued locally: cancelled at once
    licence.refresh_from_db()
    assert licence.state == LicenceState.CANCELLED

    take_and_execute(
        clients["clerk"],
        process,
        "publicity",
        {"published_on": _today(), "reference": "https://credit.example/1"},
    )
    process.refresh_from_db()
    assert process.status == "DONE"
    revocation.refresh_from_db()
    assert revocation.state == RevocationState.CLOSED
    cancellation_process = Process.objects.get(
        flow_class=LicenceCancellationFlow, artifact_object_id=cancellation.pk
    )
    assert open_task(cancellation_process, "publicity")

    # The licence page tells the whole story: transitions, tasks and papers.
    page = (
        clients["clerk"].get(f"/registry/licence/{licence.pk}/detail/").content.decode()
    )
    for text in [
        "法制审核",
        "局负责人审批",
        "送达决定书",
        revocation.decision_number,
        cancellation.notice_number,
        "已撤销",
        "已注销",
    ]:
        assert text in page, text
    assert page.count('data-kind="task"') >= 6
    # The notice, the decision and the cancellation notice.
    assert page.count('data-kind="document"') == 3


def test_each_flow_chart_is_shown(people):
    users, clients = people
    for flow in ("licencerevocation", "licencecancellation", "provincereferral"):
        response = clients["clerk"].get(f"/workflow/flows/{flow}/chart/")
        assert response.status_code == 200, flow
        assert "<svg" in response.content.decode()


def test_statement_window_lapses_through_workflow_timers(people):
    users, clients = people
    served = _today() - datetime.timedelta(days=30)
    with time_machine.travel(
        datetime.datetime.combine(served, datetime.time(10), SHANGHAI)
    ):
        # The notice is made and served a month ago.
        process, revocation = _start(clients, factories.food_licence())
        take_and_execute(
            clients["clerk"],
            process,
            "serve_notice",
            {"served_on": served, "method": "post"},
        )
    assert open_task(process, "record_statement")
    call_command("workflow_timers", verbosity=0)
    revocation.refresh_from_db()
    assert revocation.state == RevocationState.IN_REVIEW
    assert revocation.statement_lapsed is True
    assert open_task(process, "legal_review")


def test_refusals_return_the_case_to_the_clerk_with_the_reason(people):
    users, clients = people
    process, revocation = _start(clients, factories.food_licence())
    take_and_execute(
        clients["clerk"],
        process,
        "serve_notice",
        {"served_on": _today(), "method": "direct"},
    )
    take_and_execute(
        clients["clerk"],
        process,
        "record_statement",
        {"statement": "无异议", "received_on": _today()},
    )
    take_and_execute(
        clients["reviewer"],
        process,
        "legal_review",
        {"decision": "return", "opinion": "补充检验机构书面说明"},
    )
    revise = open_task(process, "revise")
    assert revise.owner == users["clerk"]
    page = clients["clerk"].get(task_url(revise, "execute")).content.decode()
    assert "补充检验机构书面说明" in page
    take_and_execute(
        clients["clerk"],
        process,
        "revise",
        {"facts": "补充后的事实", "evidence": "3. 书面说明"},
    )
    take_and_execute(
        clients["reviewer"],
        process,
        "legal_review",
        {"decision": "approve", "opinion": "同意"},
    )
    take_and_execute(
        clients["head"],
        process,
        "approval",
        {"decision": "return", "opinion": "请核实申请时间"},
    )
    revocation.refresh_from_db()
    assert revocation.state == RevocationState.RETURNED
    assert revocation.times_returned == 2
    assert open_task(process, "revise").owner == users["clerk"]


def test_initiator_cannot_take_the_review_even_with_the_permission(people):
    users, clients = people
    from django.contrib.auth.models import Permission

    clerk = users["clerk"]
    clerk.user_permissions.add(Permission.objects.get(codename="review_withdrawal"))
    process, _ = _start(clients, factories.food_licence())
    take_and_execute(
        clients["clerk"],
        process,
        "serve_notice",
        {"served_on": _today(), "method": "direct"},
    )
    take_and_execute(
        clients["clerk"],
        process,
        "record_statement",
        {"statement": "无", "received_on": _today()},
    )
    review = open_task(process, "legal_review")
    response = clients["clerk"].post(task_url(review, "assign"))
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.owner is None


def test_wrong_roles_are_refused(people):
    users, clients = people
    # An investigator may not start a revocation.
    assert clients["investigator"].get(START_URL).status_code == 403
    process, _ = _start(clients, factories.food_licence())
    serve = open_task(process, "serve_notice")
    # Another clerk cannot execute the initiator's task.
    response = clients["clerk2"].post(
        task_url(serve, "execute"), {"served_on": _today(), "method": "direct"}
    )
    assert response.status_code == 403
    take_and_execute(
        clients["clerk"],
        process,
        "serve_notice",
        {"served_on": _today(), "method": "direct"},
    )
    take_and_execute(
        clients["clerk"],
        process,
        "record_statement",
        {"statement": "无", "received_on": _today()},
    )
    review = open_task(process, "legal_review")
    # A bureau head cannot take the legal review.
    assert clients["head"].post(task_url(review, "assign")).status_code == 403


def test_bad_input_is_shown_and_changes_nothing(people):
    users, clients = people
    response = clients["clerk"].post(
        START_URL,
        {
            "licence": "SC99999999999999",
            "ground": "fraud_or_bribery",
            "facts": "x",
            "evidence": "y",
        },
    )
    assert response.status_code == 200
    assert "未找到编号为" in response.content.decode()
    assert not Revocation.objects.exists()
    process, revocation = _start(clients, factories.food_licence())
    serve = open_task(process, "serve_notice")
    response = execute(
        clients["clerk"],
        serve,
        {"served_on": "2099-01-01", "method": "direct"},
        expect_ok=False,
    )
    assert response.status_code == 200
    assert "不能晚于今天" in response.content.decode()
    revocation.refresh_from_db()
    assert revocation.state == RevocationState.DRAFTED
    assert open_task(process, "serve_notice").status == "ASSIGNED"


def test_a_licence_in_a_withdrawal_cannot_be_started_again(people):
    users, clients = people
    licence = factories.food_licence()
    _start(clients, licence)
    response = clients["clerk2"].post(
        START_URL,
        {
            "licence": licence.number,
            "ground": "other_lawful",
            "facts": "x",
            "evidence": "y",
        },
    )
    assert response.status_code == 200
    assert "正在办理撤销" in response.content.decode()
    assert Revocation.objects.filter(licence=licence).count() == 1


def test_deadline_shown_in_the_inbox(people):
    users, clients = people
    with time_machine.travel(datetime.datetime(2026, 9, 30, 10, tzinfo=SHANGHAI)):
        process, revocation = _start(clients, factories.food_licence())
        take_and_execute(
            clients["clerk"],
            process,
            "serve_notice",
            {"served_on": datetime.date(2026, 9, 30), "method": "direct"},
        )
    task = open_task(process, "record_statement")
    assert task.deadline.due_on == datetime.date(2026, 10, 13)
    page = clients["clerk"].get("/workbench/home/").content.decode()
    assert f'data-task="{task.pk}"' in page
    assert "2026年10月13日" in page
    assert "逾期" in page  # it is past


def test_task_completion_query_count_does_not_grow_with_licences(
    people, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    users, clients = people

    def review_queries():
        process, _ = _start(clients, factories.food_licence())
        take_and_execute(
            clients["clerk"],
            process,
            "serve_notice",
            {"served_on": _today(), "method": "direct"},
        )
        take_and_execute(
            clients["clerk"],
            process,
            "record_statement",
            {"statement": "无", "received_on": _today()},
        )
        review = open_task(process, "legal_review")
        assign(clients["reviewer"], review)
        review = open_task(process, "legal_review")
        with CaptureQueriesContext(connection) as ctx:
            execute(
                clients["reviewer"], review, {"decision": "approve", "opinion": "同意"}
            )
        return len(ctx.captured_queries)

    few = review_queries()
    for _ in range(40):
        factories.food_licence()
    many = review_queries()
    assert few == many
    assert many <= 60
    assert Licence.objects.count() >= 42


def test_deadline_basis_is_written_in_chinese_when_the_clerk_works_in_english(people):
    users, clients = people
    process, revocation = _start(clients, factories.food_licence())
    clients["clerk"].post("/i18n/setlang/", {"language": "en", "next": "/"})
    take_and_execute(
        clients["clerk"],
        process,
        "serve_notice",
        {"served_on": _today(), "method": "direct"},
    )
    task = open_task(process, "record_statement")
    assert task.deadline.basis == "陈述申辩期：告知送达之日起5个工作日"
    home = clients["clerk"].get("/workbench/home/").content.decode()
    assert 'lang="en"' in home and f'data-task="{task.pk}"' in home


def test_the_notice_served_before_revoking_is_issued_numbered_and_on_its_task(people):
    """The 送达撤销告知 task serves a numbered 撤销行政许可告知书 the system made, naming
    the holder, the ground and the working days to state and defend."""
    from documents.selectors import documents_for_record
    from licensing.models import WithdrawalPolicy
    from tests.documents.pdf_inspect import pdf_text, squeeze

    users, clients = people
    policy = WithdrawalPolicy.current()
    policy.statement_working_days = 7
    policy.save()
    licence = factories.food_licence()
    process, revocation = _start(clients, licence)
    revocation.refresh_from_db()

    notice = IssuedDocument.objects.get(number=revocation.notice_document_number)
    assert notice.document_type.code == "licence_revocation_notice"
    assert notice.document_type.title == "撤销行政许可告知书"
    assert notice.number.startswith("武市监许撤告〔")
    assert revocation.state == RevocationState.DRAFTED  # told, not yet served
    assert list(documents_for_record(revocation)) == [notice]
    text = squeeze(pdf_text(notice.file.read()))
    for expected in [
        "撤销行政许可告知书",
        notice.number,
        licence.holder.name,
        licence.number,
        "当事人提交虚假的检验报告取得许可",
        "以欺骗、贿赂等不正当手段取得行政许可",
        "《中华人民共和国行政许可法》第六十九条第二款",
        "陈述、申辩",
        "自收到本告知书之日起7个工作日内",
    ]:
        assert squeeze(expected) in text, expected
    assert squeeze("（第六十九条第二款，应当撤销）") not in text  # cited once, in full
    assert squeeze("））") not in text
    assert revocation.events.filter(action="issue_notice").get().note == notice.number

    serve = open_task(process, "serve_notice")
    assert serve.owner == users["clerk"]
    page = clients["clerk"].get(task_url(serve, "execute")).content.decode()
    assert notice.number in page
    assert notice.get_absolute_url() in page
    assert "《撤销行政许可告知书》" in page
    download = clients["clerk"].get(notice.get_absolute_url())
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"

    execute(
        clients["clerk"],
        open_task(process, "serve_notice"),
        {"served_on": _today(), "method": "direct"},
    )
    revocation.refresh_from_db()
    assert revocation.notice_service_method == "直接送达"  # in words, not "direct"
    assert revocation.statement_due is not None

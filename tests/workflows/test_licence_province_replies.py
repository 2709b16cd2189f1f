"""The province's replies to a referral, for many licences at once: a table filled in
once, or the province's reply list uploaded (CSV/XLSX). Each licence is still recorded
and audited on its own; a submission with a wrong row records nothing."""

import datetime
import io
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from viewflow.workflow.models import Process

from licensing.models import (
    Cancellation,
    CancellationState,
    LicenceState,
    Referral,
    WithdrawalEvent,
)
from tests import factories
from workflows.licence_withdrawal.flows import ProvinceReferralFlow

from .helpers import open_task, take_and_execute

pytestmark = pytest.mark.django_db(transaction=True)

BULK_URL = "/withdrawals/bulk/"
HEADER = ["许可证编号", "省局决定", "注销文号", "决定日期", "不予注销理由"]


def _today():
    return timezone.localdate()


def _referral(clients, n, *, send=True):
    """n province-issued licences referred from the bulk page, the letter sent."""
    licences = [factories.industrial_licence() for _ in range(n)]
    data = {
        "licences": [lic.pk for lic in licences],
        "ground": "holder_dissolved",
        "reason": "持证企业已依法注销",
    }
    clients["clerk"].post(BULK_URL, {**data, "preview": "1"})
    done = clients["clerk"].post(BULK_URL, {**data, "confirm": "1"})
    referral = Referral.objects.latest("pk")
    process = Process.objects.get(
        flow_class=ProvinceReferralFlow, artifact_object_id=referral.pk
    )
    if send:
        take_and_execute(
            clients["clerk"],
            process,
            "send_letter",
            {"sent_on": _today(), "method": "oa"},
        )
        referral.refresh_from_db()
    numbers = sorted(lic.number for lic in licences)
    return referral, process, numbers, done


def _url(referral):
    return f"/withdrawals/referral/{referral.pk}/"


def _statuses(html):
    return re.findall(r'data-status="([a-z_]+)"', html)


def _confirm(client, referral, preview):
    data = {"action": "confirm", "source": preview.context["source"]}
    data.update(dict(preview.context["hidden"]))
    return client.post(_url(referral), data)


def _csv(rows, encoding="utf-8-sig"):
    lines = [",".join(HEADER)] + [",".join(str(v) for v in row) for row in rows]
    return SimpleUploadedFile(
        "省局答复.csv", ("\n".join(lines) + "\n").encode(encoding), "text/csv"
    )


def _xlsx(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["湖北省市场监督管理局关于注销工业产品生产许可证的答复清单"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(
        "答复清单.xlsx",
        out.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_rows_say_what_happened_from_the_letter_to_the_answer(people):
    users, clients = people
    referral, process, numbers, done = _referral(clients, 3, send=False)
    html = done.content.decode()
    assert "已上报省局" not in html  # the letter has not gone anywhere yet
    assert _statuses(html) == ["awaiting_letter"] * 3
    assert "待发函" in html
    assert f"列入上报函 {referral.letter_number}" in html
    page = clients["clerk"].get(_url(referral)).content.decode()
    assert _statuses(page) == ["awaiting_letter"] * 3
    assert "尚未报送省局" in page
    assert 'name="row-1-decision"' not in page  # no answers before the letter is sent

    take_and_execute(
        clients["clerk"], process, "send_letter", {"sent_on": _today(), "method": "oa"}
    )
    page = clients["clerk"].get(_url(referral)).content.decode()
    assert _statuses(page) == ["awaiting_reply"] * 3
    assert "已发函待省局答复" in page
    assert 'name="row-1-decision"' in page

    referral.refresh_from_db()
    later = datetime.datetime.combine(
        referral.reply_due + datetime.timedelta(days=3),
        datetime.time(10),
        datetime.timezone(datetime.timedelta(hours=8)),
    )
    with time_machine.travel(later):
        clients["clerk"].force_login(users["clerk"])  # a new working day, a new session
        page = clients["clerk"].get(_url(referral)).content.decode()
        assert _statuses(page) == ["overdue"] * 3
        assert "逾期未答复" in page
        call_command("workflow_timers", verbosity=0)
        assert open_task(process, "follow_up")


def test_a_table_filled_once_records_each_licence_after_a_preview(people):
    users, clients = people
    referral, process, numbers, _ = _referral(clients, 5)
    page = clients["clerk"].get(_url(referral))
    rows = re.findall(r'name="row-(\d+)-number" value="([^"]+)"', page.content.decode())
    index = {number: i for i, number in rows}
    assert sorted(index) == numbers
    table = {"action": "preview", "decided_on_all": _today().isoformat()}
    for number, i in index.items():
        table[f"row-{i}-number"] = number
    a, b, c, rejected, blank = numbers
    for number, n in ((a, 1), (b, 2), (c, 3)):
        table[f"row-{index[number]}-decision"] = "accept"
        table[f"row-{index[number]}-decision_number"] = f"鄂市监许注〔2026〕{n}号"
    table[f"row-{index[rejected]}-decision"] = "reject"
    table[f"row-{index[rejected]}-rejection_reason"] = "企业已恢复生产，不予注销"

    preview = clients["clerk"].post(_url(referral), table)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "将登记 4 份许可证的省局决定：准予注销 3 份，不予注销 1 份" in html
    assert "登记后仍有 1 份待省局答复" in html
    assert f"1 行未填写省局决定，本次不登记：{blank}" in html
    assert html.count("data-preview-row=") == 4
    # The preview changed nothing.
    assert not WithdrawalEvent.objects.filter(action="province_decision").exists()
    assert set(Cancellation.objects.values_list("state", flat=True)) == {
        CancellationState.REFERRED
    }

    response = _confirm(clients["clerk"], referral, preview)
    assert response.status_code == 302
    page = clients["clerk"].get(_url(referral)).content.decode()
    assert "已登记 4 份许可证的省局决定：准予注销 3 份，不予注销 1 份。" in page
    by_number = {
        c.licence.number: c
        for c in Cancellation.objects.select_related("licence").filter(
            referral=referral
        )
    }
    for number in (a, b, c):
        assert by_number[number].licence.state == LicenceState.CANCELLED
    assert by_number[a].province_decision_number == "鄂市监许注〔2026〕1号"
    # The rejected licence stays valid, and the page says why.
    assert by_number[rejected].licence.state == LicenceState.VALID
    assert by_number[rejected].state == CancellationState.REJECTED
    assert "企业已恢复生产，不予注销" in page
    assert "许可证仍有效" in page
    assert by_number[blank].state == CancellationState.REFERRED
    # One audit row per licence answered, by the clerk who submitted.
    events = WithdrawalEvent.objects.filter(action="province_decision")
    assert sorted(events.values_list("licence__number", flat=True)) == sorted(
        [a, b, c, rejected]
    )
    assert set(events.values_list("actor", flat=True)) == {users["clerk"].pk}
    assert sorted(_statuses(page)) == sorted(
        ["province_cancelled"] * 3 + ["province_rejected", "awaiting_reply"]
    )
    process.refresh_from_db()
    assert process.status != "DONE"  # one licence still waits
    # Each licence's own page says where its cancellation stands.
    waiting = clients["clerk"].get(
        f"/registry/licence/{by_number[blank].licence.pk}/detail/"
    )
    assert 'data-withdrawal-status="awaiting_reply"' in waiting.content.decode()
    assert "已发函待省局答复" in waiting.content.decode()
    refused = (
        clients["clerk"]
        .get(f"/registry/licence/{by_number[rejected].licence.pk}/detail/")
        .content.decode()
    )
    assert 'data-withdrawal-status="province_rejected"' in refused
    assert "企业已恢复生产，不予注销" in refused


@pytest.mark.parametrize("kind", ["csv-utf8", "csv-gbk", "xlsx"])
def test_the_provinces_reply_list_is_uploaded_previewed_and_recorded(people, kind):
    users, clients = people
    referral, process, numbers, _ = _referral(clients, 3)
    a, b, c = numbers
    today = _today()
    rows = [
        [a, "准予注销", "鄂市监许注〔2026〕31号", today.isoformat(), ""],
        [b, "不予注销", "", today.strftime("%Y年%m月%d日"), "持证企业已撤回注销登记"],
        [c, "同意注销", "鄂市监许注〔2026〕32号", today.strftime("%Y/%m/%d"), ""],
    ]
    if kind == "xlsx":
        rows[0][3] = today  # a real date cell
        upload = _xlsx(rows)
    else:
        upload = _csv(rows, "gb18030" if kind == "csv-gbk" else "utf-8-sig")
    preview = clients["clerk"].post(
        _url(referral), {"action": "upload", "reply_list": upload}
    )
    html = preview.content.decode()
    assert preview.status_code == 200, preview.context.get("errors")
    assert f"来源：{upload.name}" in html
    assert "准予注销 2 份，不予注销 1 份" in html
    assert not WithdrawalEvent.objects.filter(action="province_decision").exists()

    assert _confirm(clients["clerk"], referral, preview).status_code == 302
    states = dict(Cancellation.objects.values_list("licence__number", "licence__state"))
    assert states == {
        a: LicenceState.CANCELLED,
        b: LicenceState.VALID,
        c: LicenceState.CANCELLED,
    }
    assert WithdrawalEvent.objects.filter(action="province_decision").count() == 3
    process.refresh_from_db()
    assert process.status == "DONE"  # every licence answered: the referral is done


def test_wrong_rows_are_each_named_and_nothing_is_recorded(people):
    from chinese_formats.formats import date_cn

    users, clients = people
    referral, process, numbers, _ = _referral(clients, 5)
    a, b, c, d, e = numbers
    today = _today()
    future = today + datetime.timedelta(days=3)
    upload = _csv(
        [
            [a, "准予注销", "鄂市监许注〔2026〕1号", today.isoformat(), ""],
            [b, "准予注销", "", today.isoformat(), ""],
            [c, "不予注销", "", today.isoformat(), ""],
            [d, "待定", "", "2026-02-30", ""],
            ["(鄂)XK99-999-99999", "准予注销", "鄂市监许注〔2026〕9号", today, ""],
            [a, "准予注销", "鄂市监许注〔2026〕1号", today.isoformat(), ""],
            [e, "准予注销", "鄂市监许注〔2026〕5号", future.isoformat(), ""],
        ]
    )
    response = clients["clerk"].post(
        _url(referral), {"action": "upload", "reply_list": upload}
    )
    assert response.status_code == 400
    assert response.context["errors"] == [
        "第3行：准予注销时须填写省局注销文号。",
        "第4行：不予注销时须填写不予注销理由。",
        "第5行：省局决定“待定”无法识别，应填写“准予注销”或“不予注销”；"
        "决定日期“2026-02-30”无法识别，应写作 2026-12-01。",
        "第6行：许可证 (鄂)XK99-999-99999 不在本上报函所列许可证中。",
        f"第7行：许可证 {a} 与第2行重复。",
        f"第8行：决定日期 {date_cn(future)} 晚于今天。",
    ]
    html = response.content.decode()
    assert "省局答复有 6 处问题，未作任何登记" in html
    for line in (3, 4, 5, 6, 7, 8):
        assert f"第{line}行：" in html
    assert not WithdrawalEvent.objects.filter(action="province_decision").exists()
    assert set(Cancellation.objects.values_list("state", flat=True)) == {
        CancellationState.REFERRED
    }

    not_a_list = SimpleUploadedFile("清单.csv", "编号,结果\n1,2\n".encode(), "text/csv")
    response = clients["clerk"].post(
        _url(referral), {"action": "upload", "reply_list": not_a_list}
    )
    assert response.status_code == 400
    assert "没有找到“许可证编号”列" in response.content.decode()
    garbage = SimpleUploadedFile("清单.xlsx", b"PK\x03\x04 not a workbook")
    response = clients["clerk"].post(
        _url(referral), {"action": "upload", "reply_list": garbage}
    )
    assert response.status_code == 400
    assert "无法读取上传的文件" in response.content.decode()


def test_a_row_the_service_refuses_at_confirmation_undoes_the_whole_submission(
    people,
):
    """Between the preview and the confirmation another clerk recorded one licence: the
    confirmation records none and names the row."""
    users, clients = people
    referral, process, numbers, _ = _referral(clients, 3)
    table = {"action": "preview", "decided_on_all": _today().isoformat()}
    for i, number in enumerate(numbers, start=1):
        table[f"row-{i}-number"] = number
        table[f"row-{i}-decision"] = "accept"
        table[f"row-{i}-decision_number"] = f"鄂市监许注〔2026〕{i}号"
    preview = clients["clerk"].post(_url(referral), table)
    assert preview.status_code == 200
    last = Cancellation.objects.get(licence__number=numbers[-1])
    response = clients["clerk2"].post(
        f"/api/cancellations/{last.pk}/province-decision/",
        {
            "accepted": False,
            "decided_on": _today().isoformat(),
            "rejection_reason": "省局电话告知",
        },
        content_type="application/json",
    )
    assert response.status_code == 200

    response = _confirm(clients["clerk"], referral, preview)
    assert response.status_code == 400
    assert f"第3行：许可证 {numbers[-1]} 已登记省局决定（省局不予注销）" in (
        response.content.decode()
    )
    assert WithdrawalEvent.objects.filter(action="province_decision").count() == 1
    assert Cancellation.objects.filter(state=CancellationState.REFERRED).count() == 2


def test_the_service_refusing_a_row_rolls_back_the_rows_before_it(people, monkeypatch):
    from licensing import services

    users, clients = people
    referral, process, numbers, _ = _referral(clients, 3)
    real = services.cancellation_record_province_decision
    calls = []

    def refuse_the_second(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            from django.core.exceptions import ValidationError

            raise ValidationError("省局决定日期早于报送日期。")
        return real(**kwargs)

    monkeypatch.setattr(
        services, "cancellation_record_province_decision", refuse_the_second
    )
    table = {"action": "confirm", "decided_on_all": _today().isoformat()}
    for i, number in enumerate(numbers, start=1):
        table[f"row-{i}-number"] = number
        table[f"row-{i}-decision"] = "accept"
        table[f"row-{i}-decision_number"] = f"鄂市监许注〔2026〕{i}号"
    response = clients["clerk"].post(_url(referral), table)
    assert response.status_code == 400
    assert f"第2行（许可证 {numbers[1]}）：省局决定日期早于报送日期。" in (
        response.content.decode()
    )
    assert len(calls) == 3  # every row was tried, so every refusal is reported
    assert not WithdrawalEvent.objects.filter(action="province_decision").exists()
    assert set(Cancellation.objects.values_list("state", flat=True)) == {
        CancellationState.REFERRED
    }


def test_only_those_who_record_province_decisions_may_submit(people):
    users, clients = people
    referral, process, numbers, _ = _referral(clients, 1)
    data = {
        "action": "confirm",
        "decided_on_all": _today().isoformat(),
        "row-1-number": numbers[0],
        "row-1-decision": "accept",
        "row-1-decision_number": "鄂市监许注〔2026〕1号",
    }
    response = clients["reviewer"].post(_url(referral), data)
    assert response.status_code in (302, 403)
    assert not WithdrawalEvent.objects.filter(action="province_decision").exists()


def test_the_reply_list_template_lists_the_licences_still_waiting(people):
    users, clients = people
    referral, process, numbers, _ = _referral(clients, 2)
    response = clients["clerk"].get(_url(referral), {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith(",".join(HEADER))
    for number in numbers:
        assert number in text


def _submission_queries(clients, n, django_assert_max_num_queries, limit):
    referral, process, numbers, _ = _referral(clients, n)
    table = {"action": "confirm", "decided_on_all": _today().isoformat()}
    for i, number in enumerate(numbers, start=1):
        table[f"row-{i}-number"] = number
        table[f"row-{i}-decision"] = "accept"
        table[f"row-{i}-decision_number"] = f"鄂市监许注〔2026〕{i}号"
    with django_assert_max_num_queries(limit) as captured:
        response = clients["clerk"].post(_url(referral), table)
    assert response.status_code == 302
    return len(captured)


# Each licence goes through the per-licence service (locks, checks, its audit row, the
# licence's transition and search outbox) and moves its own cancellation flow on: about
# 45 queries, the same for the 5th licence as for the 50th; and its two events are
# entries of the audit trail, three queries each (the chain's lock, its head, the
# entry): about 52.
PER_LICENCE = 58


def test_submission_queries_grow_by_a_constant_per_licence(
    people, django_assert_max_num_queries
):
    clients = people[1]
    five = _submission_queries(
        clients, 5, django_assert_max_num_queries, 5 * PER_LICENCE + 100
    )
    _submission_queries(
        clients, 50, django_assert_max_num_queries, five + 45 * PER_LICENCE
    )

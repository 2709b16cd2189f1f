"""Bulk import of monitoring hits: good rows kept, bad rows reported, duplicates merged."""

import datetime
import hashlib
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from online_cleanup.models import (
    EvidenceCapture,
    ListingImport,
    ListingLead,
    ListingLeadEvent,
)
from organisation.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = [
    "平台",
    "店铺",
    "链接或商品编号",
    "商品名称",
    "涉嫌问题",
    "涉嫌违法情形",
    "发现时间",
    "证据文件",
]
ROWS = [
    [
        "淘宝",
        "楚味滋补旗舰店",
        "https://item.taobao.com/item.htm?id=680012837",
        "人参鹿鞭片",
        "虚假宣传",
        "宣称七天根治前列腺炎",
        "2019-05-12 14:30",
        "shot1.png",
    ],
    [
        "京东",
        "江城美妆专营店",
        "https://item.jd.com/100012043978.html",
        "美白祛斑霜",
        "违法产品信息",
        "未经注册的特殊化妆品",
        "2019/5/13 09:10",
        "",
    ],
    [
        "拼多多",
        "",
        "goods_id=7788",
        "医用口罩",
        "违法产品信息",
        "",
        "2019-05-14 10:00",
        "",
    ],  # no shop
    [
        "淘宝",
        "某店",
        "123456",
        "械字号面膜",
        "说不清",
        "",
        "2019-05-14",
        "",
    ],  # bad problem
    [
        "淘宝",
        "某店",
        "654321",
        "消毒液",
        "虚假资质信息",
        "展示伪造的经营许可证",
        "明天",
        "",
    ],  # bad time
    [
        "淘宝",
        "某店",
        "999000",
        "血糖仪",
        "虚假资质信息",
        "展示伪造的备案凭证",
        "2019-05-15 08:00",
        "missing.png",
    ],  # file not sent
    [
        "淘宝",
        "楚味滋补旗舰店",
        "https://m.taobao.com/item.htm?id=680012837",
        "人参鹿鞭片",
        "虚假宣传",
        "再次监测到",
        "2019-05-20 16:00",
        "shot2.png",
    ],  # duplicate of row 2
]


def _csv(rows) -> bytes:
    lines = [",".join(HEADER)] + [",".join(r) for r in rows]
    return "\n".join(lines).encode("utf-8-sig")


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def investigator_client(db):
    factories.bureau()
    user = factories.user(Role.INVESTIGATOR)
    client = Client()
    client.force_login(user)
    return user, client


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_import_keeps_good_rows_reports_bad_ones_and_merges_duplicates(
    investigator_client, kind
):
    user, client = investigator_client
    content = _csv(ROWS) if kind == "csv" else _xlsx(ROWS)
    response = client.post(
        "/campaigns/lead/import/",
        {
            "table": SimpleUploadedFile(f"hits.{kind}", content),
            "evidence": [
                SimpleUploadedFile("shot1.png", b"PNG-1 capture"),
                SimpleUploadedFile("shot2.png", b"PNG-2 capture"),
            ],
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "共 7 行：新建 2 条，合并 1 条，退回 4 行" in html
    assert "“店铺”为空" in html
    assert "涉嫌问题“说不清”不在可选范围内" in html
    assert "发现时间“明天”无法识别" in html
    assert "证据文件“missing.png”未随表上传" in html

    assert ListingLead.objects.count() == 2
    lead = ListingLead.objects.get(platform_name="淘宝")
    assert lead.hit_count == 2
    assert lead.first_captured_at.date() == datetime.date(2019, 5, 12)
    assert lead.last_captured_at.date() == datetime.date(2019, 5, 20)
    hashes = sorted(
        EvidenceCapture.objects.filter(lead=lead).values_list("sha256", flat=True)
    )
    assert hashes == sorted(
        hashlib.sha256(b).hexdigest() for b in (b"PNG-1 capture", b"PNG-2 capture")
    )
    record = ListingImport.objects.get()
    assert (
        record.rows_total,
        record.rows_created,
        record.rows_merged,
        record.rows_rejected,
    ) == (7, 2, 1, 4)
    # Each new lead has started its cleanup process.
    from viewflow.workflow.models import Process

    assert Process.objects.filter(flow_class__isnull=False).count() == 2


def test_importing_the_same_file_again_only_merges(investigator_client):
    user, client = investigator_client
    for _ in range(2):
        client.post(
            "/campaigns/lead/import/",
            {"table": SimpleUploadedFile("hits.csv", _csv(ROWS[1:2]))},
        )
    assert ListingLead.objects.get().hit_count == 2


def test_a_file_that_is_not_a_table_is_refused_and_nothing_changes(investigator_client):
    user, client = investigator_client
    response = client.post(
        "/campaigns/lead/import/", {"table": SimpleUploadedFile("hits.pdf", b"%PDF")}
    )
    assert response.status_code == 400
    assert "只能导入 CSV 或 XLSX 文件" in response.content.decode()
    response = client.post(
        "/campaigns/lead/import/",
        {"table": SimpleUploadedFile("hits.csv", "平台,店铺\n淘宝,x".encode())},
    )
    assert "文件缺少以下列" in response.content.decode()
    assert not ListingLead.objects.exists()
    assert not ListingImport.objects.exists()


def test_evidence_is_downloadable_unchanged_by_who_may_see_the_lead(
    investigator_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    user, client = investigator_client
    client.post(
        "/campaigns/lead/import/",
        {
            "table": SimpleUploadedFile("hits.csv", _csv(ROWS[:1])),
            "evidence": [SimpleUploadedFile("shot1.png", b"PNG-1 capture")],
        },
    )
    capture = EvidenceCapture.objects.get()
    url = f"/campaigns/lead/{capture.lead_id}/evidence/{capture.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == b"PNG-1 capture"
    assert "shot1.png" in response["Content-Disposition"]
    downloads = ListingLeadEvent.objects.filter(
        lead=capture.lead, action="evidence_download", actor=user
    )
    assert downloads.count() == 1
    assert "shot1.png" in downloads.get().note
    outsider = Client()
    outsider.force_login(factories.user(Role.LICENSING_CLERK))
    assert outsider.get(url).status_code == 403

    # The stored file itself is on no route, signed in or not.
    raw = f"/media/{capture.file.name}"
    assert Client().get(raw).status_code == 404
    assert client.get(raw).status_code == 404

    # A file altered on disk is refused with the reason, and no download is recorded.
    with open(capture.file.path, "wb") as stored:
        stored.write(b"PNG-1 capture, edited")
    response = client.get(url)
    assert response.status_code == 409
    assert "SHA-256" in response.content.decode()
    assert downloads.count() == 1


def test_an_officer_with_an_english_screen_imports_the_chinese_file(
    investigator_client,
):
    user, client = investigator_client
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    row = ROWS[1][:5] + ["", ROWS[1][6], ""]  # no 涉嫌违法情形: taken from the problem
    client.post(
        "/campaigns/lead/import/",
        {"table": SimpleUploadedFile("hits.csv", _csv([row]))},
    )
    lead = ListingLead.objects.get()
    assert lead.problem == "illegal_product"
    assert lead.suspected_violation == "违法产品信息"

"""The annual report as an official paper: a draft preview that uses no number, then
issued against the year's AnnualReport record, versioned when issued again."""

import pytest
from django.core.exceptions import ValidationError

from documents.models import IssuedDocument
from reports.models import AnnualReport
from reports.services import (
    REPORT_ISSUE_FORBIDDEN,
    REPORT_YEAR_NOT_OVER,
    annual_report_issue,
)
from tests.documents.pdf_inspect import pdf_text, squeeze

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_draft_preview_prints_the_figures_and_uses_no_number(
    small_year, head_client
):
    response = head_client.get("/reports/annual/preview/", {"year": 2019})
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "草稿" in text
    for words in [
        "关于2019年度食品药品安全和特种设备、工业产品安全工作情况的报告",
        "保健食品“百日行动”（2019）行政处罚2起",
        "依法撤销证书1份",
        "生产许可证上报省局注销3份",
        "线下清理产品42个",
        "依法处理互联网违法违规经营企业3家",
        "关停小作坊3户",
        "统计口径",
    ]:
        assert squeeze(words) in text, words
    assert not IssuedDocument.objects.exists()


def test_issuing_numbers_the_report_and_issuing_again_makes_a_version(
    small_year, head_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = head_client.post("/reports/annual/issue/", {"year": 2019})
    assert response.status_code == 302
    report = AnnualReport.objects.get(year=2019)
    document = IssuedDocument.objects.get()
    assert document.record == report
    assert document.number.startswith("武市监报〔")
    assert document.status == IssuedDocument.Status.ISSUED
    text = pdf_text(document.file.read())
    assert squeeze("特种设备查处违法违规行为2起") in text
    assert squeeze(document.number) in text

    with django_capture_on_commit_callbacks(execute=True):
        again = annual_report_issue(year=2019, actor=small_year.people["liuqiang"])
    assert (again.number, again.version) == (document.number, 2)
    page = head_client.get("/reports/annual/", {"year": 2019}).content.decode()
    versions = page.split("data-documents")[1].split("</table>")[0]
    assert versions.count(document.number) == 2
    assert "重新出具（新版本）" in page


def test_a_head_with_an_english_screen_issues_the_report_in_chinese(small_year):
    from django.utils import translation

    with translation.override("en"):
        document = annual_report_issue(year=2019, actor=small_year.people["liuqiang"])
    sections = document.context["sections"]
    assert sections[0]["heading"].startswith("一、")
    assert "特种设备查处违法违规行为2起" in "".join(s["text"] for s in sections)
    assert document.context["subject"].startswith("武汉市市场监督管理局关于2019年度")


def test_refusals_issue_nothing(small_year):
    with pytest.raises(ValidationError) as caught:
        annual_report_issue(year=2019, actor=small_year.people["chen"])
    assert caught.value.messages == [str(REPORT_ISSUE_FORBIDDEN)]
    from django.utils import timezone

    this_year = timezone.localdate().year
    with pytest.raises(ValidationError) as caught:
        annual_report_issue(year=this_year, actor=small_year.people["liuqiang"])
    assert caught.value.messages == [REPORT_YEAR_NOT_OVER % {"year": this_year}]
    assert not AnnualReport.objects.exists()
    assert not IssuedDocument.objects.exists()


def test_a_division_head_sees_the_report_but_does_not_issue_it(small_year, client):
    client.force_login(small_year.people["chen"])
    page = client.get("/reports/annual/", {"year": 2019}).content.decode()
    assert 'data-figure-code="workshops_closed"' in page
    assert "/reports/annual/issue/" not in page
    assert client.post("/reports/annual/issue/", {"year": 2019}).status_code == 403

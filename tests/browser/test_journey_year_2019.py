"""`load_demo --year 2019` builds the year by driving the workflows, and the annual
report then shows the bureau's 2019 summary figures, each equal to the records its link
lists. Then, in the browser, the bureau head walks the dashboard and the 2019 report
from his home page: picks the year, follows a figure to the records it counts, and
downloads the issued report. The whole year is built once, for both (two to nine
minutes on two cores, by load)."""

import re
import time
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from documents.models import DocumentDownload, IssuedDocument
from enforcement.models import Case, CaseEvent, Violation
from licensing.models import (
    Cancellation,
    LicenceEvent,
    Referral,
    Revocation,
    WithdrawalEvent,
)
from online_cleanup.models import ListingLead
from reports.figures import annual_report_figures
from reports.models import AnnualReport
from tests.browser import forms
from tests.documents.pdf_inspect import pdf_text, squeeze
from tests.signing_in import sign_in
from workshops.models import WorkshopClosure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUMMARY = {
    "依法撤销证书": (20, "份"),
    "生产许可证上报省局注销": (51, "份"),
    "保健食品“百日行动”（2019）行政处罚": (55, "起"),
    "特种设备查处违法违规行为": (40, "起"),
    "线下清理产品": (1600, "个"),
    "线上清理违法产品信息、虚假资质信息": (5, "个"),
    "依法处理互联网违法违规经营企业": (11, "家"),
    "关停小作坊": (422, "户"),
}
COUNTED = [
    Case,
    CaseEvent,
    Violation,
    Revocation,
    Cancellation,
    Referral,
    LicenceEvent,
    WithdrawalEvent,
    ListingLead,
    WorkshopClosure,
    IssuedDocument,
    AnnualReport,
]


def _rows_behind(client, url) -> tuple[int, Decimal]:
    html = client.get(url).content.decode()
    rows = len(re.findall(r"<tr data-record=\"\d+\"", html))
    quantity = sum(
        (Decimal(q) for q in re.findall(r'data-quantity="([\d.]+)"', html)),
        Decimal(0),
    )
    return rows, quantity


def test_the_2019_report_reproduces_the_summary_from_driven_records(
    settings, tmp_path, capsys, journey
):
    settings.MEDIA_ROOT = tmp_path / "media"
    started = time.monotonic()
    call_command("load_demo", size=60, year=2019, verbosity=0)
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\n  load_demo --size 60 --year 2019: {elapsed:.0f} s")

    figures = annual_report_figures(year=2019)
    shown = {str(f.label): (f.value, str(f.unit)) for f in figures.figures}
    for label, expected in SUMMARY.items():
        assert shown[label] == expected, label

    client = Client()
    assert sign_in(client, "liuqiang", "Demo@2026")
    page = client.get("/reports/annual/", {"year": 2019}).content.decode()
    for figure in figures.figures:
        if str(figure.label) not in SUMMARY:
            continue
        assert f'data-figure="{figure.value}"' in page
        rows, quantity = _rows_behind(client, figure.url)
        counted = quantity if figure.kind == "clearances" else rows
        assert counted == figure.value, figure.label

    # Dated in 2019 by the workflows themselves: decisions, papers, timers.
    decided = Case.objects.filter(decided_on__year=2019, procedure="ordinary")
    assert decided.count() >= 80
    assert all("〔2019〕" in c.decision_number for c in decided)
    assert Case.objects.filter(statement_lapsed=True, decided_on__year=2019).exists()
    assert Referral.objects.exclude(follow_up_on=None).exists()
    assert not IssuedDocument.objects.exclude(
        status=IssuedDocument.Status.ISSUED
    ).exists()
    report = IssuedDocument.objects.get(document_type__code="annual_work_report")
    assert report.number == "武市监报〔2020〕1号"
    text = pdf_text(report.file.read())
    assert squeeze("保健食品“百日行动”（2019）行政处罚55起") in text
    assert squeeze("关停小作坊422户") in text

    counts = {model: model.objects.count() for model in COUNTED}
    call_command("load_demo", size=60, year=2019, verbosity=0)
    assert {model: model.objects.count() for model in COUNTED} == counts

    _the_head_reads_the_year(journey, figures, report)


def _records_page(journey, page, link, name: str) -> int:
    """Follow a figure's link; the number of records the list says it holds."""
    journey.click(link)
    journey.shot(name)
    return int(page.locator("[data-total]").get_attribute("data-total"))


def _the_head_reads_the_year(journey, figures, report):
    page = journey.sign_in("liuqiang")
    journey.click(page.locator(".vf-page__menu-list-item", has_text="统计报告"))
    # The reports open on the dashboard, on the latest year with records.
    assert page.locator("[data-kpis]").is_visible()
    assert "作出处理决定" in page.locator("[data-kpis]").inner_text()
    journey.shot("dashboard-default-year")
    forms.choose(page, "year", "2019年")
    journey.click(page.locator("[data-filters] button[type=submit]"))
    assert "year=2019" in page.url
    journey.shot("dashboard-2019")
    assert "2019年 · 全市" in page.locator("main").inner_text()

    # Each number is its records: the decisions of 2019, one row each.
    decided = Case.objects.filter(decided_on__year=2019).count()
    kpi = page.locator("[data-kpi=decided]")
    assert kpi.locator(".re-kpi__value").inner_text() == str(decided)
    assert "决定日期在当年" in kpi.inner_text()
    assert _records_page(journey, page, kpi, "decisions-2019") == decided
    rows = page.locator("table[data-records] tr[data-record]")
    assert rows.count() == min(decided, 1000)
    page.go_back()
    page.wait_for_load_state("networkidle")

    journey.click(page.locator("main a.re-button", has_text="年度工作报告"))
    assert "year=2019" in page.url
    journey.shot("annual-report-2019")
    main = page.locator("main")
    assert "2019年度工作情况（全市）" in main.inner_text()
    for figure in figures.figures:
        if str(figure.label) in SUMMARY:
            item = main.locator(f"li[data-figure-code={figure.code}]")
            assert item.locator("[data-figure]").get_attribute("data-figure") == str(
                figure.value
            ), figure.label
            assert "统计口径" in item.inner_text()
    revoked = main.locator("li[data-figure-code]", has_text="依法撤销证书")
    link = revoked.locator("a[data-figure]")
    assert link.inner_text() == "20"
    assert _records_page(journey, page, link, "revocations-2019") == 20
    assert page.locator("table[data-records] tr[data-record]").count() == 20
    page.go_back()
    page.wait_for_load_state("networkidle")

    # The report was issued (load_demo issues it as the office did in January 2020);
    # the head downloads the paper from the page.
    issued = main.locator("table[data-documents] tr", has_text=report.number)
    assert "第1版" in issued.inner_text()
    with page.expect_download() as caught:
        issued.get_by_text("下载").click()
    download = caught.value
    with open(download.path(), "rb") as pdf:
        text = pdf_text(pdf.read())
    assert squeeze("关停小作坊422户") in text
    assert DocumentDownload.objects.filter(
        user__username="liuqiang", document=report
    ).exists()
    journey.shot("report-downloaded")

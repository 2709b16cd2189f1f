"""The dashboard and the 2019 report, in the browser: 刘强 (bureau head) opens the
dashboard from his home page, clicks its figures and finds lists of exactly that many
records, then opens the annual work report, which opens on 2019 (the last year with
records) and shows the bureau's 2019 summary figures, each a link to its records.

The year is built once by `load_demo --year 2019` driving the workflows (about two
minutes on PostgreSQL)."""

import re

import pytest
from django.core.management import call_command

from reports.figures import annual_report_figures
from tests.demo.test_year_2019 import SUMMARY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _number(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


def _listed(page) -> tuple[int, int]:
    """(the total the list page states, the record rows it shows)."""
    total = page.locator("[data-total]").get_attribute("data-total")
    return int(total), page.locator("tr[data-record]").count()


def _follow(journey, page, selector: str, name: str) -> int:
    """Click a figure, check its list holds exactly that many records, come back."""
    figure = page.locator(selector).first
    value = _number(figure.locator(".re-kpi__value").inner_text())
    journey.click(selector, url="**/reports/records/**")
    journey.shot(name)
    total, rows = _listed(page)
    assert total == rows == value, (name, value, total, rows)
    page.go_back()
    page.wait_for_load_state("networkidle")
    return value


@pytest.mark.usefixtures("media_root")
def test_head_checks_dashboard_figures_and_opens_the_2019_report(journey):
    call_command("load_demo", size=60, year=2019, verbosity=0)

    page = journey.sign_in("liuqiang")
    journey.click("管理看板", url="**/reports/dashboard/**")
    journey.shot("dashboard")
    for kpi in ("registered", "decided", "penalties"):
        _follow(journey, page, f"[data-kpi={kpi}]", f"dashboard-{kpi}")

    page.select_option("[data-filters] select[name=year]", "2019")
    journey.click("[data-filters] button[type=submit]", url="**year=2019**")
    journey.shot("dashboard-2019")
    decided = _follow(journey, page, "[data-kpi=decided]", "2019-decided")
    penalties = _follow(journey, page, "[data-kpi=penalties]", "2019-penalties")
    assert penalties < decided  # not-punished and referred cases are decisions too
    totals = page.locator('[data-table="cases_by_month"] tr.re-total td')
    assert _number(totals.nth(1).inner_text()) == decided
    assert _number(totals.nth(2).inner_text()) == penalties
    # A month's cell opens that month's records.
    cell = page.locator('[data-table="cases_by_month"] tr[data-row="6"] a').nth(1)
    june = _number(cell.inner_text())
    cell.click()
    page.wait_for_url("**/reports/records/cases/**month=6**")
    page.wait_for_load_state("networkidle")
    journey.shot("2019-june-decided")
    assert _listed(page) == (june, june)

    # The report, from the home page, opens on 2019: the last year with records.
    page.goto(f"{journey.url}/workbench/home/")
    journey.click("年度工作报告", url="**/reports/annual/**")
    journey.shot("annual-report")
    assert page.locator("select[name=year]").input_value() == "2019"
    assert "2019年度工作情况（全市）" in page.locator("h2").nth(0).inner_text()
    figures = annual_report_figures(year=2019)
    for label, (value, unit) in SUMMARY.items():
        item = page.locator("li[data-figure-code]").filter(
            has=page.get_by_text(label, exact=True)
        )
        assert item.count() == 1, label
        shown = item.locator(".re-figure__value")
        assert shown.get_attribute("data-figure") == str(value), label
        assert _number(shown.inner_text()) == value, label
        assert item.locator(".re-figure__unit").inner_text() == unit, label
        assert "统计口径" in item.inner_text(), label
    assert {str(f.label) for f in figures.figures} >= set(SUMMARY)

    # 关停小作坊 422户: the list behind it has 422 rows.
    closed = page.locator("li[data-figure-code=workshops_closed] .re-figure__value")
    closed.click()
    page.wait_for_url("**/reports/records/closures/**")
    page.wait_for_load_state("networkidle")
    journey.shot("workshops-closed-2019")
    assert _listed(page) == (422, 422)

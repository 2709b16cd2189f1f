"""Search to the timeline, in the browser: 张伟 opens 检索市场主体 from his home page,
finds an enterprise by its name, its pinyin and its credit code, opens it, reads its
violation timeline, and follows the timeline to the penalty case and to the decision
paper (downloaded through the documents view, which checks and records the download).

Runs on the real search node under the test's own index prefix."""

import pytest
from django.core.management import call_command

from documents.models import DocumentDownload
from enforcement.models import Case, Violation
from search import chinese
from search.services import search_outbox_drain_all
from tests.search.conftest import (  # noqa: F401 (fixtures)
    reference_data,
    refresh,
    search_indices,
    search_prefix,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _search(journey, page, text: str, name: str):
    box = page.locator("form[role=search] input[name=q]")
    box.fill(text)
    before = page.url
    box.press("Enter")
    page.wait_for_function("u => location.href !== u", arg=before)
    journey.shot(name)
    return page.locator("ol.re-hits li.re-hit")


@pytest.mark.usefixtures("search_indices", "media_root")
def test_investigator_searches_to_the_timeline_the_case_and_the_paper(journey):
    call_command("load_demo", size=60, verbosity=0)
    search_outbox_drain_all()
    refresh()
    # The demo's decided case (catering, fined 20,000 yuan): a violation from a case.
    violation = Violation.objects.select_related("enterprise").get(
        source=Violation.Source.CASE
    )
    enterprise = violation.enterprise
    case = Case.objects.get(decision_number=violation.decision_number)

    page = journey.sign_in("zhangwei")
    journey.click("[data-menu=search]", url="**/search/")
    journey.shot("检索市场主体")
    assert page.locator("form[role=search] input[name=q]").is_visible()

    hits = _search(journey, page, enterprise.name, "by-name")
    assert hits.first.get_attribute("data-enterprise") == str(enterprise.pk)
    assert "名称" in hits.first.inner_text()

    spelled = chinese.pinyin_forms(enterprise.name)[0][0]
    hits = _search(journey, page, spelled, "by-pinyin")
    ids = [hits.nth(i).get_attribute("data-enterprise") for i in range(hits.count())]
    assert str(enterprise.pk) in ids
    hit = page.locator(f'li.re-hit[data-enterprise="{enterprise.pk}"]')
    assert "拼音" in hit.inner_text()

    hits = _search(journey, page, enterprise.credit_code, "by-credit-code")
    assert hits.count() == 1
    assert hits.first.get_attribute("data-enterprise") == str(enterprise.pk)
    assert "信用代码" in hits.first.inner_text()
    assert "违法 1 次" in hits.first.inner_text()

    journey.click(f'li.re-hit[data-enterprise="{enterprise.pk}"] .re-hit__title a')
    assert page.url.endswith(f"/registry/enterprise/{enterprise.pk}/detail/")
    journey.shot("enterprise")
    row = page.locator("[data-timeline] li[data-kind=penalty]")
    assert row.count() == 1
    assert violation.decision_number in row.inner_text()
    assert f"案件 {case.reference}" in row.inner_text()

    journey.click("[data-timeline] li[data-kind=penalty] a[data-case]")
    assert page.url.endswith(f"/cases/case/{case.pk}/")
    journey.shot("case")
    assert page.get_by_text(case.title).count() >= 1
    assert page.get_by_text(violation.decision_number).count() >= 1

    page.go_back()
    page.wait_for_load_state("networkidle")
    paper = page.locator("[data-timeline] li[data-kind=penalty] a[data-paper]")
    assert paper.inner_text() == "下载决定书"
    with page.expect_download() as caught:
        paper.click()
    download = caught.value
    assert download.suggested_filename.startswith("行政处罚决定书 ")
    assert violation.decision_number in download.suggested_filename
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert DocumentDownload.objects.filter(user__username="zhangwei").count() == 1
    journey.shot("after-download")

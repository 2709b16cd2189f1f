"""The English interface walked in the browser: 张伟 switches to English from his home
page and goes through his inbox, a task, the case page, the case desk and the search;
李娜 sees her review panel. No Chinese interface text remains (the records' own data,
such as names and violation types, stays as entered), and 中文 switches back."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Interface words a Chinese page uses and an English one must not.
CHINESE_UI = [
    "待办事项",
    "办理",
    "领取",
    "剩余期限",
    "检索市场主体",
    "我的工作台",
    "提交",
]


def _interface_text(page) -> str:
    """The page's own words: menus, headings, labels, buttons, table headers and
    messages, not the records' data in table cells and summaries."""
    return page.evaluate(
        """() => {
          const picked = document.querySelectorAll(
            'nav, h1, h2, h3, th, label, button, .mdc-floating-label, .re-muted,'
            + ' .vf-card__breadcrumbs, .mdc-top-app-bar__title, .re-button');
          return Array.from(picked).map(e => e.innerText).join('\\n');
        }"""
    )


def _assert_english(page, where: str) -> None:
    text = _interface_text(page)
    for word in CHINESE_UI:
        assert word not in text, f"{where}: “{word}” on an English page"


def _switch(page, language: str) -> None:
    """The toolbar's language button: the same page again, in the other language."""
    with page.expect_navigation():
        page.locator(f"button[name=language][value={language}]").click()
    page.wait_for_load_state("networkidle")


def test_an_investigator_works_in_english(journey):
    call_command("load_demo", size=40, verbosity=0)
    page = journey.sign_in("zhangwei")
    _switch(page, "en")
    journey.shot("home-en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("Hello, 张伟").count() == 1
    _assert_english(page, "home")

    # A task from the inbox: its form and the case beside it.
    action = page.locator("[data-panel=inbox] td a.re-button").first
    assert action.inner_text().strip() in {"Handle", "Take"}
    journey.click(action)
    journey.shot("task-en")
    _assert_english(page, "task")

    journey.open("/cases/case/")
    journey.shot("case-desk-en")
    _assert_english(page, "case desk")
    journey.click(page.locator("main table a[href^='/cases/case/']").first)
    journey.shot("case-page-en")
    _assert_english(page, "case page")

    journey.open("/search/?q=wh")
    journey.shot("search-en")
    _assert_english(page, "search")

    _switch(page, "zh-hans")
    journey.shot("back-to-chinese")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "检索市场主体" in _interface_text(page)


def test_a_legal_reviewer_sees_her_panel_in_english(journey):
    call_command("load_demo", size=40, verbosity=0)
    page = journey.sign_in("lina")
    _switch(page, "en")
    journey.shot("reviewer-home-en")
    _assert_english(page, "reviewer home")
    panel = page.locator("[data-panel=review]")
    assert "案件审核" not in panel.inner_text()

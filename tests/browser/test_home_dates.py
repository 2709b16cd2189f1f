"""In chromium, the dates in the heads' tables stay on one line however narrow the
column (a date broken after 年 or 月 reads as two)."""

import datetime

import pytest

from organisation.roles import Role
from tests import factories
from tests.workbench.test_bounded_pages import hits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 800])
def test_dates_in_the_heads_home_page_do_not_wrap(login, page, width):
    from workflows.models import TaskDeadline

    factories.bureau()
    investigator = factories.user(Role.INVESTIGATOR)
    factories.user(Role.BUREAU_HEAD, username="head")
    hits(investigator, 3)
    TaskDeadline.objects.update(due_on=datetime.date(2026, 11, 20))
    page.set_viewport_size({"width": width, "height": 900})
    login("head", "Test@12345")
    dates = page.locator("[data-panel=management] .re-date")
    assert dates.count() >= 3
    for i in range(dates.count()):
        lines = dates.nth(i).evaluate(
            """el => {
                const range = document.createRange();
                range.selectNodeContents(el);
                const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                return tops.size;
            }"""
        )
        assert lines == 1, dates.nth(i).inner_text()

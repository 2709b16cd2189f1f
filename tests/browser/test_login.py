import pytest
from django.core.management import call_command

from demo.builders import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_logs_in_and_sees_the_licensing_home(login, live_server):
    call_command("load_demo", size=40, verbosity=0)
    page = login("wangfang", DEMO_PASSWORD)
    assert page.url.endswith("/workbench/home/")
    assert page.locator("[data-panel=licensing]").is_visible()
    assert page.locator("text=您好，王芳").is_visible()
    page.click("text=主体与许可")
    page.wait_for_url("**/registry/**")
    assert page.locator("text=市场主体").first.is_visible()


def test_wrong_password_is_refused_in_chinese(login):
    page = login("nobody", "wrong-password")
    assert "/accounts/login/" in page.url
    assert page.locator("text=请输入一个正确的").count() > 0

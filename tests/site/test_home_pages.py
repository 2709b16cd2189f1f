"""Each demo user logs in and lands on a home page that fits their role."""

import pytest
from django.core.management import call_command

from demo.builders import DEMO_PASSWORD
from tests.signing_in import sign_in


@pytest.fixture
def demo(db):
    call_command("load_demo", size=60, verbosity=0)


EXPECTED_PANELS = {
    "zhangwei": {"investigator"},
    "wangfang": {"licensing"},
    "lina": {"review"},
    "chenjing": {"investigator", "management"},
    "liuqiang": {"licensing", "management"},
    "admin": {"administration"},
    "security": {"security"},
    "auditor": {"audit"},
}
ALL_PANELS = {
    "investigator",
    "licensing",
    "management",
    "review",
    "administration",
    "security",
    "audit",
}


@pytest.mark.parametrize("username,panels", EXPECTED_PANELS.items())
def test_each_role_sees_its_home_page(client, demo, username, panels):
    assert sign_in(client, username, DEMO_PASSWORD)
    response = client.get("/", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    for panel in panels:
        assert f'data-panel="{panel}"' in html
    for panel in ALL_PANELS - panels:
        assert f'data-panel="{panel}"' not in html


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get("/workbench/home/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_interface_is_chinese_even_for_an_english_browser(client, demo):
    sign_in(client, "zhangwei", DEMO_PASSWORD)
    html = client.get("/workbench/home/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert 'lang="zh-hans"' in html
    assert "检索市场主体" in html


def test_english_can_be_chosen(client, demo):
    sign_in(client, "zhangwei", DEMO_PASSWORD)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/workbench/home/").content.decode()
    assert 'lang="en"' in html


def test_load_demo_is_idempotent(db):
    from enterprises.models import Enterprise
    from organisation.models import User

    call_command("load_demo", size=30, verbosity=0)
    counts = (Enterprise.objects.count(), User.objects.count())
    call_command("load_demo", size=30, verbosity=0)
    assert (Enterprise.objects.count(), User.objects.count()) == counts == (30, 10)


def test_registry_pages_render(client, demo):
    from enterprises.models import Enterprise
    from licensing.models import Licence

    sign_in(client, "zhangwei", DEMO_PASSWORD)
    enterprise = Enterprise.objects.filter(violations__isnull=False).first()
    licence = Licence.objects.first()
    for url in [
        "/registry/enterprise/",
        f"/registry/enterprise/{enterprise.pk}/detail/",
        "/registry/licence/",
        f"/registry/licence/{licence.pk}/detail/",
        "/registry/violation/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    detail = client.get(
        f"/registry/enterprise/{enterprise.pk}/detail/"
    ).content.decode()
    assert enterprise.credit_code in detail
    assert enterprise.violations.first().violation_type.name in detail


def test_site_menu_leads_to_the_search_page(client, demo):
    sign_in(client, "zhangwei", DEMO_PASSWORD)
    home = client.get("/workbench/home/").content.decode()
    assert 'data-menu="search"' in home and 'href="/search/"' in home
    page = client.get("/search/")
    assert page.status_code == 200
    assert 'data-menu="search"' in page.content.decode()


def test_search_menu_entry_is_hidden_without_the_permission(client, demo):
    from organisation.models import User

    User.objects.create_user("visitor", password=DEMO_PASSWORD)
    sign_in(client, "visitor", DEMO_PASSWORD)
    html = client.get("/workbench/home/", follow=True).content.decode()
    assert 'data-menu="search"' not in html


def test_sign_in_page_names_the_bureau_not_a_demo(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert "<title>登录 - 武汉市市场监督管理局 · 案件与许可</title>" in html
    assert "Django Material" not in html and "演示" not in html

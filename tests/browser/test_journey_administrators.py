"""三员分立 in the browser: the security administrator gives a clerk a second role from
their home page; the system administrator sees the roles by name and cannot give one,
and cannot open a case."""

from pathlib import Path

import pytest
from django.core.management import call_command

from organisation.models import User
from organisation.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_security_administrator_assigns_a_role_and_the_system_one_cannot(journey):
    call_command("load_demo", size=20, verbosity=0)
    page = journey.sign_in("security")
    assert page.locator("[data-panel=security]").is_visible()
    assert page.locator("[data-panel=administration]").count() == 0
    journey.click("用户角色分配")
    journey.shot("users")
    body = page.locator("#changelist").inner_text()
    assert "许可科员" in body  # roles by name, never their codes
    assert "licensing_clerk" not in body
    journey.click(page.locator("#result_list a", has_text="wangfang"))
    journey.shot("wangfang")
    # Identity is the system administrator's: shown, not editable here.
    assert page.locator("input[name=full_name]").count() == 0
    assert "md5$" not in page.locator("main, #content").first.inner_text()
    page.get_by_label("办案人员").check()
    journey.shot("role-chosen")
    journey.click(page.locator("input[name=_save]"))
    assert "成功修改了 用户“王芳”" in page.locator(".messagelist").inner_text()
    roles = set(
        User.objects.get(username="wangfang").groups.values_list("name", flat=True)
    )
    assert roles == {Role.LICENSING_CLERK, Role.INVESTIGATOR}

    # An administrator role beside a business one is refused, with the reason.
    journey.click(page.locator("#result_list a", has_text="wangfang"))
    page.get_by_label("审计管理员").check()
    page.locator("input[name=_save]").click()  # the same page comes back, refused
    page.wait_for_selector(".errornote")
    journey.shot("refused")
    assert "三员分立" in page.locator(".errorlist").first.inner_text()

    page = journey.sign_in("admin")
    assert page.locator("[data-panel=security]").count() == 0
    journey.click("用户与角色")
    journey.click(page.locator("#result_list a", has_text="wangfang"))
    journey.shot("system-admin-sees-roles")
    assert page.get_by_label("办案人员").count() == 0
    assert "办案人员" in page.locator(".field-roles_shown").inner_text()
    assert page.locator("input[name=full_name]").is_visible()

    journey.open("/cases/")
    journey.shot("no-cases")
    assert "您没有使用“案件办理”的权限" in page.locator("body").inner_text()


def test_the_audit_administrator_finds_a_role_change_and_exports_it(journey):
    call_command("load_demo", size=20, verbosity=0)
    page = journey.sign_in("security")
    journey.click("用户角色分配")
    journey.click(page.locator("#result_list a", has_text="zhaomin"))
    page.get_by_label("办案人员").check()
    journey.click(page.locator("input[name=_save]"))

    page = journey.sign_in("auditor")
    assert page.locator("[data-panel=audit]").is_visible()
    journey.click("审计记录")
    journey.shot("trail")
    assert page.locator("[data-chain=ok]").is_visible()
    page.select_option("select[name=action]", label="变更用户角色")
    journey.click(page.locator("[data-audit-filters] button[type=submit]"))
    journey.shot("role-changes")
    rows = page.locator("[data-audit-entries] tbody tr")
    assert rows.count() >= 1
    first = rows.first.inner_text()
    assert "变更用户角色" in first and "安全管理员" in first and "赵敏" in first
    assert "办案人员" in first
    with page.expect_download() as caught:
        page.get_by_text("导出 CSV").click()
    text = Path(caught.value.path()).read_text(encoding="utf-8-sig")
    assert "变更用户角色" in text and "赵敏" in text

    # The trail is not the system administrator's.
    page = journey.sign_in("admin")
    journey.open("/audit/")
    assert "此操作需要“审计管理员”角色" in page.locator("body").inner_text()

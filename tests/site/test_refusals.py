"""Buttons appear only for those who may use them, and a refusal says what is missing
and whom to ask; every step of every flow has a Chinese name, and a process's panel
is in words."""

import re

import pytest
from viewflow.workflow.base import Flow

import workflows.flows  # noqa: F401  (every flow registered)
from organisation.roles import Role
from tests import factories
from tests.enforcement import factories as f
from tests.workflows.helpers import open_task, task_url
from tests.workflows.penalty_case_steps import file_case, logged_in

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def filed_case(db):
    """A case filed by the head with 张伟 and 刘洋: 调查取证 is 张伟's."""
    people = f.staff()
    people["admin"] = factories.user(Role.ADMINISTRATOR, full_name="系统管理员")
    people["security"] = factories.user(
        Role.SECURITY_ADMINISTRATOR, full_name="安全管理员"
    )
    people["clerk"] = factories.user(Role.LICENSING_CLERK, full_name="王芳")
    f.benchmark()
    clients = logged_in(people)
    case, process = file_case(clients, people, f.party())
    return clients, process


def _flows():
    def walk(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    return [cls for cls in walk(Flow) if cls.__module__.startswith("workflows.")]


def test_every_step_of_every_flow_has_a_chinese_name():
    unnamed = [
        f"{flow.__name__}.{node.name}: {node.task_title}"
        for flow in _flows()
        for node in flow.instance.nodes()
        if not CJK.search(str(node.task_title))
    ]
    assert len(_flows()) == 6
    assert unnamed == []


def test_cancel_is_offered_only_to_those_who_may_cancel(filed_case):
    clients, process = filed_case
    page = f"/workflow/flows/penaltycase/{process.pk}/"
    for who in ["zhang", "li", "liuqiang"]:
        html = clients[who].get(page).content.decode()
        assert "#%d" % process.pk in html
        assert 'data-action="process-cancel"' not in html, who
    # The division head hands tasks on and cancels; no administrator does (三员分立).
    head = clients["chen"]
    assert 'data-action="process-cancel"' in head.get(page).content.decode()
    assert head.get(f"{page}cancel/").status_code == 200
    assert clients["admin"].get(page).status_code == 403


def test_refused_cancel_names_the_role_and_whom_to_ask(filed_case):
    clients, process = filed_case
    response = clients["li"].get(f"/workflow/flows/penaltycase/{process.pk}/cancel/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "管理“行政处罚案件”流程（取消、转派）需要“办案机构负责人”角色。" in html
    assert "您当前的角色：法制审核人员。" in html
    assert "请联系安全管理员（安全管理员）分配角色。" in html


def test_refused_start_names_the_role_that_may_start(filed_case):
    clients, _ = filed_case
    response = clients["clerk"].get("/workflow/flows/penaltycase/start/")
    assert response.status_code == 403
    assert "办理“登记案件线索”需要“办案人员”角色。" in response.content.decode()


def test_a_task_held_by_a_colleague_says_who_holds_it(filed_case):
    clients, process = filed_case
    task = open_task(process, "investigate")
    response = clients["liu"].get(task_url(task, "execute"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "“调查取证”已由张伟领取，只有张伟可以办理。" in html


def test_a_page_the_user_may_not_use_names_the_roles_that_may(filed_case):
    clients, _ = filed_case
    response = clients["li"].get("/withdrawals/bulk/")
    assert response.status_code == 403
    assert "此操作需要“许可科员”、“局负责人”角色。" in response.content.decode()


def test_menu_entries_open_a_page_the_user_may_see(filed_case):
    clients, _ = filed_case
    home = clients["li"].get("/workbench/home/").content.decode()
    links = re.findall(r'href="(/withdrawals/[^"]*)"', home)
    assert links == ["/withdrawals/referral/"]
    assert clients["li"].get(links[0]).status_code == 200


def test_the_process_panel_is_in_words(filed_case):
    clients, process = filed_case
    html = clients["zhang"].get(f"/workflow/flows/penaltycase/{process.pk}/").content
    html = html.decode()
    assert re.search(r"流程状态</th>\s*<td>办理中</td>", html)
    assert "办理对象" in html and "Artifact" not in html
    assert ">False<" not in html and ">True<" not in html
    assert re.search(r"核查期限已延长</th>\s*<td>否</td>", html)

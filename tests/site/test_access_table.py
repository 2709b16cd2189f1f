"""Access decided by a table: every URL the resolver knows, as each role and as no
one, GET and POST, with real ids, against `config/access.py`."""

import json
import os

from django.contrib import admin

from config.access import (
    ADMIN,
    ADMIN_PAGES,
    ALLOW,
    ANONYMOUS,
    BUSINESS,
    FLOWS,
    LOGIN,
    PAGES,
    Row,
    form,
    page,
)
from organisation.roles import Role
from tests.site.access_walk import (
    Url,
    World,
    assignee_role,
    flow_urls,
    resolver_urls,
    visit,
)

WHO = [ANONYMOUS, *Role.values]
FLOW_PAGES = {"index", "process_list", "process_detail", "task_list", "chart"}
FLOW_PAGES |= {"process_chart"}
MANAGE_ACTIONS = {"undo", "revive", "cancel"}


def _admin_model(name: str):
    for model in admin.site._registry:
        meta = model._meta
        prefix = f"admin:{meta.app_label}_{meta.model_name}_"
        if name.startswith(prefix):
            return f"{meta.app_label}.{meta.model_name}", name[len(prefix) :]
    return None, None


class Expected:
    """The row a URL has in the table: roles allowed for a method, and whether the
    allowed set is exact or an upper bound."""

    def __init__(self, row: Row, *, bound: bool = False):
        self.row, self.bound = row, bound


def expected(url: Url) -> Expected | None:
    if url.name in PAGES:
        return Expected(PAGES[url.name])
    if url.name in ADMIN_PAGES:
        return Expected(ADMIN_PAGES[url.name])
    if url.name.startswith("admin:"):
        key, action = _admin_model(url.name)
        access = ADMIN.get(key)
        if access is None:
            return None
        return Expected(
            {
                "changelist": Row(access.view, access.view),
                "history": Row(access.view, access.view),
                "add": form(access.add),
                "change": Row(access.view, access.change),
                "delete": form(access.delete),
            }[action]
        )
    if url.flow is None:
        return None
    flow = FLOWS.get(url.flow.instance.flow_label.split("/")[-1])
    if flow is None:
        return None
    if url.node is None:
        last = url.name.rsplit(":", 1)[-1]
        if last == "process_cancel":
            return Expected(form(flow.manage))
        return Expected(page(flow.view)) if last in FLOW_PAGES else None
    node, action = url.node.name, url.action
    human = hasattr(url.node, "can_assign")
    if (
        human
        and node not in flow.steps
        and not (action == "execute" and node == "start")
    ):
        return None  # a human step without a row
    if action == "execute" and url.node.name == "start":
        return Expected(form(flow.start))
    owner = assignee_role(flow.steps, node)
    return {
        "index": Expected(form(BUSINESS)),
        "detail": Expected(page(flow.view)),
        "assign": Expected(form(flow.steps.get(node, ()))),
        "execute": Expected(form({owner})),
        "unassign": Expected(form({owner} | flow.manage)),
    }.get(action) or (
        # Whether a step may be undone, revived or cancelled also depends on the
        # step: the managers are the most who may.
        Expected(Row(flow.manage, flow.manage), bound=True)
        if action in MANAGE_ACTIONS
        else None
    )


def test_every_url_has_a_row():
    missing = [url.name for url in flow_urls(resolver_urls()) if expected(url) is None]
    assert missing == []


def test_the_table_decides_who_reaches_every_url(db):
    world = World()
    mismatches, seen = [], {}
    for url in flow_urls(resolver_urls()):
        want = expected(url)
        flow = url.flow and FLOWS.get(url.flow.instance.flow_label.split("/")[-1])
        steps = flow.steps if flow else {}
        for method in ("get", "post"):
            met = {who: visit(world, url, who, method, steps) for who in WHO}
            seen[f"{url.name} {method}"] = met
            errors = {who: o for who, o in met.items() if o.startswith("error")}
            if errors:
                mismatches.append(f"{url.name} {method}: {errors}")
                continue
            anonymous = ALLOW if want.row.is_public(method) else LOGIN
            allowed = {who for who, o in met.items() if who != ANONYMOUS and o == ALLOW}
            wanted = set(want.row.allowed(method))
            if met[ANONYMOUS] != anonymous:
                mismatches.append(f"{url.name} {method}: anonymous {met[ANONYMOUS]}")
            if (allowed - wanted) if want.bound else (allowed != wanted):
                mismatches.append(
                    f"{url.name} {method}: allowed {sorted(allowed)}, "
                    f"table {sorted(wanted)}"
                )
    if os.environ.get("ACCESS_OBSERVE"):
        with open(os.environ["ACCESS_OBSERVE"], "w") as out:
            json.dump(seen, out, ensure_ascii=False, indent=0)
    assert mismatches == []


def test_someone_not_signed_in_is_asked_to_sign_in_and_brought_back(client, db):
    world_free = "/workflow/flows/penaltycase/"
    response = client.get(world_free)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={world_free}"

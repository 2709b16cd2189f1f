"""Every task form of every flow renders a control the browser can show for each of its
fields: only custom elements viewflow's frontend defines, and a named control per
visible field. (A multi-select once rendered as <vf-field-checkbox-select>, which the
frontend never defines: the field was invisible and a case could not be filed.)"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import viewflow
from django.utils import timezone
from viewflow.forms.renderers import FormLayout

from tests.enforcement import factories as f
from workflows.licence_withdrawal.flows import (
    LicenceCancellationFlow,
    LicenceRevocationFlow,
    ProvinceReferralFlow,
)
from workflows.online_cleanup.flows import ListingCleanupFlow
from workflows.penalty_case.flows import PenaltyCaseFlow, SummaryPenaltyFlow
from workflows.penalty_case.forms import PenaltyLineFormSet

from .helpers import open_task, task_url
from .penalty_case_steps import act, file_case, logged_in, register_lead

pytestmark = pytest.mark.django_db

FLOWS = [
    PenaltyCaseFlow,
    SummaryPenaltyFlow,
    LicenceRevocationFlow,
    LicenceCancellationFlow,
    ProvinceReferralFlow,
    ListingCleanupFlow,
]
VIEWFLOW_JS = Path(viewflow.__file__).parent / "static/viewflow/js/viewflow.min.js"
# Custom elements of our own that the pages may use (none so far).
OURS: set[str] = set()


def _defined_elements() -> set[str]:
    """The custom elements viewflow's frontend bundle defines."""
    js = VIEWFLOW_JS.read_text()
    return set(re.findall(r'(?:customElements\.define|\bbt)\("(vf-[a-z-]+)"', js))


DEFINED = _defined_elements() | OURS


class _Elements(HTMLParser):
    """Every tag of the page, and the named controls (tag, name, type)."""

    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.controls: list[tuple[str, str, str]] = []
        self.attrs: dict[str, dict] = {}

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attrs = dict(attrs)
        if attrs.get("name"):
            self.controls.append((tag, attrs["name"], attrs.get("type") or ""))
            self.attrs.setdefault(attrs["name"], attrs)


def _parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def _unknown_elements(parsed: _Elements) -> set[str]:
    return {tag for tag in parsed.tags if "-" in tag and tag not in DEFINED}


def _visible_control(parsed: _Elements, name: str) -> bool:
    """A control a person can see and use for the field `name`: a viewflow field
    element the frontend defines, or a plain input, select or textarea that is not
    hidden."""
    for tag, control_name, kind in parsed.controls:
        if control_name != name:
            continue
        if tag.startswith("vf-field-") and tag in DEFINED:
            return True
        if tag in ("select", "textarea") or (tag == "input" and kind != "hidden"):
            return True
    return False


def _task_forms():
    for flow_class in FLOWS:
        for node in flow_class.instance.nodes():
            view = getattr(node, "_view", None) or getattr(node, "_start_view", None)
            form_class = getattr(getattr(view, "view_class", None), "form_class", None)
            if form_class is not None:
                yield f"{flow_class.__name__}.{node.name}", form_class


def test_the_frontend_defines_the_controls_we_rely_on():
    assert {
        "vf-field-input",
        "vf-field-select",
        "vf-field-select-multiple",
        "vf-field-radio-select",
        "vf-field-checkbox",
        "vf-field-textarea",
        "vf-field-date",
        "vf-field-file",
    } <= DEFINED
    assert "vf-field-checkbox-select" not in DEFINED


def test_every_task_form_of_every_flow_renders_a_visible_control_per_field():
    f.staff()  # the user pickers have people to offer
    forms = list(_task_forms())
    assert len(forms) >= 30, [name for name, _ in forms]
    problems = []
    for name, form_class in forms:
        form = form_class()
        parsed = _parse((getattr(form, "layout", None) or FormLayout()).render(form))
        for tag in sorted(_unknown_elements(parsed)):
            problems.append(f"{name}: <{tag}> is not defined by the frontend")
        for field in form.visible_fields():
            if not _visible_control(parsed, field.html_name):
                problems.append(f"{name}: field {field.name} has no visible control")
        for tag, control, kind in parsed.controls:
            # The date control's picker writes a date: a time in it is lost.
            if tag == "vf-field-date" and kind not in ("", "date", "text"):
                problems.append(
                    f"{name}: field {control} is a {kind} in a date control"
                )
    assert problems == []


def test_the_penalty_lines_render_as_plain_controls():
    formset = PenaltyLineFormSet(prefix="lines")
    form = formset.forms[0]
    parsed = _parse("".join(str(field) for field in form.visible_fields()))
    assert _unknown_elements(parsed) == set()
    for field in form.visible_fields():
        assert _visible_control(parsed, field.html_name), field.name


def _page(client, task) -> tuple[str, _Elements]:
    response = client.get(task_url(task, "execute"))
    assert response.status_code == 200
    html = response.content.decode()
    return html, _parse(html)


def test_the_filing_approval_page_offers_the_investigators_in_a_defined_control():
    people = f.staff()
    clients = logged_in(people)
    case, process = register_lead(clients, f.party(), received_on=timezone.localdate())
    act(
        clients["zhang"],
        process,
        "verify",
        {"proposal": "file", "findings": "现场检查发现在售超过保质期的手工麻花37袋。"},
    )
    task = open_task(process, "filing_approval")
    clients["liuqiang"].post(task_url(task, "assign"))
    html, parsed = _page(clients["liuqiang"], open_task(process, "filing_approval"))

    assert _unknown_elements(parsed) == set()
    assert ("vf-field-select-multiple", "investigators", "") in parsed.controls
    for name in ("decision", "opinion", "investigators", "lead"):
        assert _visible_control(parsed, name), name
    offered = {
        group["options"]["label"]
        for group in json.loads(parsed.attrs["investigators"]["optgroups"])
    }
    assert offered == {
        "张伟（执法证号%s）" % people["zhang"].credential_number,
        "刘洋（执法证号%s）" % people["liu"].credential_number,
        "孙磊（执法证号%s）" % people["sun"].credential_number,
    }


def test_the_investigation_page_and_its_penalty_lines_render_defined_controls():
    people = f.staff()
    clients = logged_in(people)
    case, process = file_case(clients, people, f.party())
    html, parsed = _page(clients["zhang"], open_task(process, "investigate"))

    assert _unknown_elements(parsed) == set()
    for name in (
        "outcome",
        "facts",
        "violation_type",
        "lines-0-kind",
        "lines-0-amount",
    ):
        assert _visible_control(parsed, name), name


def test_the_refusal_for_too_few_investigators_is_shown_once():
    people = f.staff()
    clients = logged_in(people)
    case, process = register_lead(clients, f.party(), received_on=timezone.localdate())
    act(
        clients["zhang"],
        process,
        "verify",
        {"proposal": "file", "findings": "现场检查发现在售超过保质期的手工麻花37袋。"},
    )
    response = act(
        clients["liuqiang"],
        process,
        "filing_approval",
        {
            "decision": "approve",
            "opinion": "同意立案。",
            "investigators": [people["zhang"].pk],
            "lead": people["zhang"].pk,
        },
        expect_ok=False,
    )
    html = response.content.decode()
    assert html.count("立案须指派两名以上具有行政执法资格的办案人员") == 1
    case.refresh_from_db()
    assert case.filed_on is None

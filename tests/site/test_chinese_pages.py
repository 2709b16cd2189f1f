"""Every page a demo user reaches from their menu and home page speaks Chinese: no step
named after its code ("End", "Record Statement  Timeout"), none of viewflow's English
("Brief", "Select all", "1-50 of 3235", "yes"/"no" on a chart), no True/False/None, no
raw value of a choice; and no link or button on a page answers 403.

The crawl is bounded: at most a few pages per kind of page (case 1, case 2… are one
kind) and PAGES_PER_ROLE pages per role, starting from the home page, the task lists
and the pages of a revocation driven to its statement step (its timer is on the page).
"""

import json
import re
from collections import Counter, deque
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.utils import timezone
from viewflow.workflow.models import Process

from demo.builders import DEMO_PASSWORD
from licensing.models import Licence, LicenceState, Revocation
from organisation.models import User
from tests.enforcement import factories as f
from tests.signing_in import sign_in
from tests.workflows.helpers import take_and_execute
from tests.workflows.penalty_case_steps import file_case, logged_in
from workflows.licence_withdrawal.flows import LicenceRevocationFlow

ROLES = ["zhangwei", "wangfang", "lina", "chenjing", "liuqiang", "admin"]
PAGES_PER_ROLE = 60
PER_KIND = 2
SKIP = re.compile(
    r"^/(accounts/logout|i18n|admin|static|media|api|search/api)"
    r"|download|export|\.pdf|format=|/preview|/print"
)
# viewflow's own English, as its templates, views and frontend wrote it.
VIEWFLOW_ENGLISH = [
    "Select all",
    "GO",
    "Brief",
    "Process brief",
    "Created",
    "Owner",
    "Permission",
    "Unassigned",
    "Artifact",
    "Export BPMN",
    "Yesterday",
    "End",
    "yes",
    "no",
    " of ",
]
# English a Chinese page may show: the language switch, names of formats, acronyms.
ALLOWED_WORDS = {"English", "BPMN", "PNG", "PDF", "CSV", "XLSX", "SHA"}
URL = re.compile(
    r"(https?://|www\.)\S+|\S+@\S+|[\w.-]+\.(html?|pdf|png|jpe?g|xlsx|csv)"
)
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
# Identifiers shown as such (a paper type's code: penalty_decision); the values of
# choices are looked for separately, whatever their form.
CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[ -][A-Za-z][A-Za-z'’]*)*")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
VOID |= {"source", "track", "wbr"}
SHOWN_ATTRIBUTES = ("label", "placeholder", "title")


class _Page(HTMLParser):
    """The text a user reads (icons' ligature names left out) and the links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("href"):
            self.links.append(attrs["href"])
        hidden = any(skip for _, skip in self.stack)
        if not hidden and tag not in ("title",):
            self.texts += [attrs[a] for a in SHOWN_ATTRIBUTES if attrs.get(a)]
            if attrs.get("optgroups"):  # viewflow's select: its options as JSON
                for group in json.loads(attrs["optgroups"]):
                    options = group.get("options")
                    for option in options if isinstance(options, list) else [options]:
                        if option and option.get("value"):
                            self.texts.append(option.get("label", ""))
        if tag in VOID:
            return
        skip = (
            tag in ("script", "style", "template", "title")
            or "material-icons" in (attrs.get("class") or "")
            or tag == "vf-icon"
        )
        self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if data.strip() and not any(skip for _, skip in self.stack):
            self.texts.append(data.strip())


def _svg_texts(svg: str) -> list[str]:
    return [t.strip() for t in re.findall(r"<(?:text|title)[^>]*>([^<]*)<", svg)]


def _raw_choice_values() -> set[str]:
    """Every value of the project's choices that is not itself Chinese."""
    ours = tuple(
        config.name
        for config in apps.get_app_configs()
        if not config.path.count("site-packages")
    )

    def walk(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    return {
        value
        for cls in walk(models.Choices)
        if cls.__module__.startswith(ours)
        for value in cls.values
        if isinstance(value, str) and re.search("[A-Za-z]", value)
    }


def _english(text: str) -> list[str]:
    """English words left in a text once data that is English by nature (web
    addresses, file names, codes in capitals, numbering placeholders) is removed."""
    text = CODE.sub(" ", PLACEHOLDER.sub(" ", URL.sub(" ", text)))
    found = []
    for words in WORD.findall(text):
        for word in re.split(r"[ -]", words):
            if word in ALLOWED_WORDS or word.isupper():
                continue
            found.append(words)
            break
    return found


def _problems(url: str, texts: list[str], raw_values: set[str]) -> list[str]:
    problems = []
    for text in texts:
        for phrase in VIEWFLOW_ENGLISH:
            pattern = rf"(?<![A-Za-z]){re.escape(phrase.strip())}(?![A-Za-z])"
            if phrase.startswith(" "):
                pattern = rf"\d\s*{re.escape(phrase.strip())}\s*\d"
            if re.search(pattern, text):
                problems.append(f"{url}: viewflow English {phrase!r} in {text[:80]!r}")
        for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", PLACEHOLDER.sub(" ", text)):
            if word in ("True", "False", "None"):
                problems.append(f"{url}: {word} shown in {text[:80]!r}")
            elif word in raw_values and not URL.search(text):
                problems.append(f"{url}: raw choice value {word!r} in {text[:80]!r}")
        for words in _english(text):
            problems.append(f"{url}: English {words!r} in {text[:80]!r}")
    return problems


def _kind(url: str) -> str:
    return re.sub(r"\d+", "N", url)


def crawl(client: Client, seeds: list[str], raw_values: set[str]):
    """Pages reachable from `seeds`, bounded; returns (pages read, problems)."""
    queue = deque((url, "(start)") for url in seeds)
    seen, kinds, problems, read = set(), Counter(), [], []
    while queue and len(read) < PAGES_PER_ROLE:
        url, source = queue.popleft()
        url = url.split("#")[0]
        if url in seen or not url.startswith("/") or SKIP.search(url):
            continue
        seen.add(url)
        if kinds[_kind(url)] >= PER_KIND:
            continue
        kinds[_kind(url)] += 1
        response = client.get(url, follow=True)
        read.append(url)
        if response.status_code == 403:
            if source != "(start)":  # a seed may be a page the role may not see
                problems.append(f"{url}: 403, linked from {source}")
            continue
        assert response.status_code == 200, (url, source, response.status_code)
        content_type = response.get("Content-Type", "")
        if "svg" in content_type:
            problems += _problems(
                url, _svg_texts(response.content.decode()), raw_values
            )
            continue
        if "html" not in content_type:
            continue
        parser = _Page()
        parser.feed(response.content.decode())
        problems += _problems(url, parser.texts, raw_values)
        for link in parser.links:
            queue.append((link, url))
        for chart in re.findall(r'src="([^"]*/chart/)"', response.content.decode()):
            queue.appendleft((chart, url))
    return read, problems


@pytest.fixture
def demo_with_a_revocation(db, django_capture_on_commit_callbacks):
    """The small demo, plus a revocation at its statement step (the clerk started it
    and served the notice, so its page shows the statement timer) and a filed case."""
    call_command("load_demo", size=40, verbosity=0)
    clerk = Client()
    sign_in(clerk, "wangfang", DEMO_PASSWORD)
    licence = Licence.objects.filter(state=LicenceState.VALID).first()
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk.post(
            "/workflow/flows/licencerevocation/start/",
            {
                "licence": licence.number,
                "ground": "fraud_or_bribery",
                "facts": "当事人提交虚假的检验报告取得许可。",
                "evidence": "1. 检验机构出具的说明\n2. 申请材料",
            },
        )
    assert response.status_code == 302
    revocation = Revocation.objects.get(licence=licence)
    process = Process.objects.get(
        flow_class=LicenceRevocationFlow, artifact_object_id=revocation.pk
    )
    with django_capture_on_commit_callbacks(execute=True):
        take_and_execute(
            clerk,
            process,
            "serve_notice",
            {"served_on": timezone.localdate(), "method": "direct"},
        )
    # A case filed by 刘强 with 张伟 and 刘洋: 调查取证 waits in 张伟's inbox.
    people = {
        key: User.objects.get(username=username)
        for key, username in [
            ("zhang", "zhangwei"),
            ("liu", "liuyang"),
            ("liuqiang", "liuqiang"),
        ]
    }
    f.benchmark()
    _, case_process = file_case(logged_in(people), people, f.party())
    return process, case_process


@pytest.mark.parametrize("username", ROLES)
def test_every_page_a_role_reaches_is_chinese(demo_with_a_revocation, username):
    process, case_process = demo_with_a_revocation
    client = Client()
    assert sign_in(client, username, DEMO_PASSWORD)
    flows = "/workflow/flows/licencerevocation"
    seeds = [
        "/",
        "/workflow/inbox/",
        "/workflow/queue/",
        "/workflow/archive/",
        "/workflow/flows/",
        f"{flows}/{process.pk}/",
        f"/workflow/flows/penaltycase/{case_process.pk}/",
        f"{flows}/{process.pk}/chart/",
        f"{flows}/chart/",
        "/workflow/flows/penaltycase/chart/",
    ]
    read, problems = crawl(client, seeds, _raw_choice_values())
    assert len(read) > 20
    assert problems == [], "\n".join(problems)

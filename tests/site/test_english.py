"""The interface in English: every string of the catalogue is translated, the pages a
user sees after choosing English show no Chinese interface text (the records' own data,
such as names, addresses and violation types, stays as entered), and the official
papers stay Chinese whatever language the officer's screen uses."""

import gettext
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from demo.builders import DEMO_PASSWORD
from documents.models import IssuedDocument
from documents.services import _document_render
from licensing.models import Licence
from search.services import search_outbox_drain_all
from tests.documents.pdf_inspect import pdf_text
from tests.enforcement import factories as f
from tests.search.conftest import (  # noqa: F401  (the search tests' fixtures)
    reference_data,
    refresh,
    search_indices,
    search_prefix,
)
from tests.signing_in import sign_in
from tests.workflows.helpers import open_task, task_url
from tests.workflows.penalty_case_steps import file_case, logged_in, noticed_case

LOCALE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
CJK = re.compile(r"[\u3400-\u9fff]")
CJK_RUN = re.compile(r"[\u3400-\u9fff][\u3400-\u9fff\u3000-\u303f\uff01-\uff5e]*")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdf]|%[sd]|\{[a-z_]+\}")


# The catalogue -------------------------------------------------------------------


def _po_entries(path: Path) -> list[dict]:
    """The entries of a .po file: blank-line separated, the header (msgid "") and
    obsolete (#~) entries left out."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, field = {"flags": set()}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(x.strip() for x in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):  # continues the field above
                entry[field] += json.loads(line)
            else:
                field, value = line.split(" ", 1)
                entry[field] = json.loads(value)
        if entry.get("msgid"):
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def entries():
    return _po_entries(LOCALE / "django.po")


def _translations(entry: dict) -> list[str]:
    if "msgid_plural" in entry:
        return [entry["msgstr[0]"], entry["msgstr[1]"]]
    return [entry["msgstr"]]


def test_catalogue_has_no_untranslated_or_fuzzy_entry(entries):
    assert len(entries) > 1500
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in entries if not all(_translations(e))]
    assert fuzzy == []
    assert untranslated == []


def test_translations_keep_every_placeholder(entries):
    wrong = []
    for entry in entries:
        wanted = set(PLACEHOLDER.findall(entry["msgid"]))
        wanted |= set(PLACEHOLDER.findall(entry.get("msgid_plural", "")))
        for text in _translations(entry):
            if set(PLACEHOLDER.findall(text)) - wanted or (
                "msgid_plural" not in entry and set(PLACEHOLDER.findall(text)) != wanted
            ):
                wrong.append((entry["msgid"], text))
    assert wrong == []


def test_compiled_catalogue_matches_the_po_file(entries):
    """CI does not run compilemessages: the committed .mo must hold every entry."""
    with open(LOCALE / "django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    stale = []
    for entry in entries:
        key = entry["msgid"]
        if "msgctxt" in entry:
            key = f"{entry['msgctxt']}\x04{key}"
        if "msgid_plural" in entry:
            got = [catalog.get((key, 0)), catalog.get((key, 1))]
        else:
            got = [catalog.get(key)]
        if got != _translations(entry):
            stale.append(entry["msgid"])
    assert stale == []


# The pages -----------------------------------------------------------------------


class _VisibleText(HTMLParser):
    """The text a reader sees, and the labels, help texts and choices of the forms."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0
        self._record_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self._hidden += 1
        elif self._record_depth:
            self._record_depth += 1
        elif attrs.get("lang") == "zh-hans" and tag != "html":
            # Text of record stored in Chinese (a task's statutory basis), marked so.
            self._record_depth = 1
        # viewflow's form fields are elements that take their texts as attributes.
        for name in (
            "label",
            "help-text",
            "error",
            "placeholder",
            "title",
            "aria-label",
        ):
            if attrs.get(name):
                self.parts.append(attrs[name])
        if attrs.get("optgroups"):
            for group in json.loads(attrs["optgroups"]):
                self.parts.append(group["name"])
                self.parts.append(group["options"]["label"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden -= 1
        elif self._record_depth:
            self._record_depth -= 1

    def handle_data(self, data):
        if not self._hidden and not self._record_depth and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


@pytest.fixture(scope="module")
def chinese_labels(entries):
    """Every Chinese interface text of the catalogue, as a page would show it
    untranslated (its placeholders cut out)."""
    labels = set()
    for entry in entries:
        for source in (entry["msgid"], entry.get("msgid_plural", "")):
            for piece in PLACEHOLDER.split(source):
                labels.update(CJK_RUN.findall(piece))
    # Data that happens to equal a label: the language switch's own name, the demo
    # administrator's name, and the province in licence numbers, (鄂)XK…
    labels -= {"中文", "系统管理员", "鄂"}
    return labels


def assert_english(html: str, chinese_labels: set[str], *must_show: str):
    assert 'lang="en"' in html
    text = visible_text(html)
    left = sorted({run for run in CJK_RUN.findall(text) if run in chinese_labels})
    assert left == [], f"Chinese interface text left in English: {left}"
    for words in must_show:
        assert words in text, f"{words!r} not on the page"
    # Records keep their Chinese data, but the interface around it is English.
    latin = len(re.findall(r"[A-Za-z]", text))
    assert latin > len(CJK.findall(text)) / 4


def english_client(client, username):
    assert sign_in(client, username, DEMO_PASSWORD)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


@pytest.fixture
def demo(db):
    call_command("load_demo", size=60, verbosity=0)


HOME_PAGES = {
    "zhangwei": ["My workbench", "Tasks", "Search market entities"],
    "wangfang": ["My workbench", "Licence overview"],
    "lina": ["My workbench", "Matters awaiting review"],
    "chenjing": ["My workbench", "Overdue matters"],
    "liuqiang": ["My workbench", "Enforcement this year"],
    "admin": ["My workbench", "Users and roles"],
}


@pytest.mark.parametrize("username,must_show", HOME_PAGES.items())
def test_home_page_of_each_role_in_english(
    client, demo, chinese_labels, username, must_show
):
    english_client(client, username)
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert_english(response.content.decode(), chinese_labels, *must_show)


def test_chinese_stays_the_default(client, demo):
    sign_in(client, "zhangwei", DEMO_PASSWORD)
    html = client.get("/workbench/home/").content.decode()
    assert 'lang="zh-hans"' in html
    assert "我的工作台" in html
    assert "My workbench" not in html


def test_licence_page_in_english(client, demo, chinese_labels):
    english_client(client, "wangfang")
    licence = Licence.objects.filter(events__isnull=False).first()
    html = client.get(reverse("registry:licence:detail", args=[licence.pk]))
    assert html.status_code == 200
    assert_english(
        html.content.decode(),
        chinese_labels,
        "Licence holder",
        "Issuing authority",
        "Valid until",
    )


def test_case_list_and_start_form_in_english(client, demo, chinese_labels):
    english_client(client, "zhangwei")
    html = client.get(reverse("cases:case:index")).content.decode()
    assert_english(html, chinese_labels, "Case number")
    start = client.get("/workflow/flows/penaltycase/start/")
    assert start.status_code == 200
    assert_english(
        start.content.decode(), chinese_labels, "Case source", "Lead details"
    )


def test_task_form_and_case_page_in_english(db, chinese_labels):
    people = f.staff()
    f.benchmark()
    clients = logged_in(people)
    for client in clients.values():
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    case, process = file_case(clients, people, f.party())
    task = open_task(process, "investigate")
    form = clients["zhang"].get(task_url(task, "execute"))
    assert form.status_code == 200
    assert_english(
        form.content.decode(),
        chinese_labels,
        "Facts of the violation",
        "Type of penalty",
        "Submit",
    )
    page = clients["zhang"].get(reverse("cases:case:detail", args=[case.pk]))
    assert_english(
        page.content.decode(), chinese_labels, "Case information", "Investigators"
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("search_indices")
def test_enterprise_search_page_in_english(client, chinese_labels):
    call_command("load_demo", size=30, without_cases=True, verbosity=0)
    search_outbox_drain_all()
    refresh()
    english_client(client, "zhangwei")
    html = client.get(reverse("enterprise_search"), {"q": "武汉"}).content.decode()
    assert_english(html, chinese_labels, "Search market entities", "Export CSV")
    assert "data-enterprise" in html  # hits, not the engine-down message


# The papers ----------------------------------------------------------------------


def test_an_english_speaking_officer_still_issues_chinese_papers(db):
    """The labels and sentences a paper prints are Chinese even when every officer
    taking the steps has the interface in English (documents.language)."""
    people = f.staff()
    f.benchmark()
    clients = logged_in(people)
    for client in clients.values():
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    case, _ = noticed_case(clients, people, f.party())

    page = clients["zhang"].get(reverse("cases:case:detail", args=[case.pk]))
    assert "Complaint or report" in page.content.decode()  # the screen is English

    papers = IssuedDocument.objects.filter(object_id=str(case.pk))
    registration = papers.get(document_type__code="case_source_registration")
    assert registration.context["source_kind"] == "投诉举报"
    assert registration.context["handling_opinion"].startswith("建议于十五个工作日内")
    receipt = papers.get(document_type__code="service_receipt")
    assert receipt.context["service_method"] == "直接送达"
    assert receipt.context["served_documents"][0]["title"] == "行政处罚告知书"

    # Rendered again (a retry) by a request in English: still Chinese.
    from django.utils import translation

    IssuedDocument.objects.filter(pk=receipt.pk).update(
        status=IssuedDocument.Status.FAILED
    )
    with translation.override("en"):
        assert _document_render(document_id=receipt.pk)
    receipt.refresh_from_db()
    with receipt.file.open("rb") as stored:
        text = pdf_text(stored.read())
    assert "送达回证" in text
    assert "直接送达" in text
    assert "行政处罚告知书" in text
    for english in ("Direct service", "Notice of administrative penalty", "Proof"):
        assert english not in text

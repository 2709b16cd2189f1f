"""Browser tests: Playwright driving Debian's chromium (never a downloaded browser).

A journey walks a flow as the people who do it, from their home pages. ``journey``
gives it ``shot(name)``, which keeps a screenshot of the page as a test artefact
(``$BROWSER_ARTIFACTS``, default ``test-artifacts/browser/<test>/NN-name.png``), and
``sign_in(username)``, which signs a person in from the login page and lands on their
home page. A journey that needs a later date moves the clock with ``time_machine`` in
the test; the live server runs in the test's process, so it sees the same clock.
"""

import contextlib
import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
)
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", "test-artifacts/browser"))

# Playwright's sync API runs an event loop in the test thread; the Django ORM then
# refuses to run there unless told this is a plain test process.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--lang=zh-CN",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="zh-CN"
    )
    page = context.new_page()
    page.set_default_timeout(30000)
    yield page
    context.close()


@pytest.fixture
def login(page, live_server):
    def _login(username, password):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        # The answer: another page, or the login form again with its message (which
        # Turbo renders in place). Network idle alone can come before either.
        page.wait_for_function(
            """u => location.href !== u || document.querySelector('.vf-form__error, .errorlist')""",
            arg=page.url,
        )
        page.wait_for_load_state("networkidle")
        return page

    return _login


class Journey:
    """One person at a time in one browser tab, with a screenshot of every page."""

    def __init__(self, page, live_server, directory: Path):
        self.page = page
        self.url = live_server.url
        self.directory = directory
        self.count = 0
        self.errors: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc.stack}"))
        # A script, style or image the Content-Security-Policy refused is a defect too.
        page.on("console", self._console)

    def _console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.errors.append(f"{self.page.url}: {message.text}")

    def shot(self, name: str) -> Path:
        """Keep what the user sees now (the whole page) as the next artefact."""
        self.page.wait_for_load_state("networkidle")
        self.count += 1
        slug = re.sub(r"[^\w\u4e00-\u9fff-]+", "-", name).strip("-") or "page"
        path = self.directory / f"{self.count:02d}-{slug}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def sign_in(self, username: str, password: str | None = None):
        """Sign out whoever is signed in, sign ``username`` in, land on the home page."""
        from demo.builders import DEMO_PASSWORD

        self.page.context.clear_cookies()
        self.page.goto(f"{self.url}/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password or DEMO_PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url("**/workbench/home/**")
        self.shot(f"{username}-home")
        return self.page

    def click(self, target, *, url: str | None = None):
        """Click a link or button (a locator, its text, or a selector) and wait for
        the next page (viewflow's frontend navigates with Turbo, without a load)."""
        if not isinstance(target, str):
            locator = target
        elif target[:1] in "[#." or "=" in target:
            locator = self.page.locator(target)
        else:
            locator = self.page.get_by_text(target, exact=True)
        before = self.page.url
        locator.first.click()
        if url:
            self.page.wait_for_url(url)
        else:
            self.page.wait_for_function("u => location.href !== u", arg=before)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def task(self, subject: str, *, step: str | None = None):
        """From the home page, open the inbox row about ``subject`` (and ``step``);
        a task waiting in the queue is taken first (领取), as the person does."""
        for _attempt in range(2):
            self.open("/workbench/home/")
            row = self.page.locator("[data-panel=inbox] tr", has_text=subject)
            if step:
                row = row.filter(has_text=step)
            action = row.first.locator("td a.re-button")
            taking = action.inner_text().strip() == "领取"
            self.click(action)
            if not taking:
                return self.page
            self.shot("take-task")
            self.click(self.page.locator("main form button:visible").last)
        raise AssertionError(f"the task about {subject} could not be taken")

    def open(self, path: str):
        self.page.goto(f"{self.url}{path}")
        self.page.wait_for_load_state("networkidle")
        return self.page


@pytest.fixture
def journey(page, live_server, request):
    directory = ARTIFACTS / re.sub(r"[^\w-]+", "_", request.node.name)
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True, exist_ok=True)
    walk = Journey(page, live_server, directory)
    yield walk
    # Where the journey stopped, passed or failed (the browser may be gone already).
    with contextlib.suppress(Exception):
        walk.shot("end")
    assert not walk.errors, f"JavaScript errors on the pages: {walk.errors}"

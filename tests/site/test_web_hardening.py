"""The web layer's defences: a Content-Security-Policy that allows no inline script,
production settings that pass `check --deploy`, uploads refused above the limit with a
message, and the API's schema and docs for signed-in staff only."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from online_cleanup.models import ListingImport, ListingLead
from organisation.roles import Role
from tests import factories

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)


@pytest.fixture
def investigator(db):
    factories.bureau()
    client = Client()
    client.force_login(factories.user(Role.INVESTIGATOR))
    return client


def test_the_policy_allows_scripts_from_the_site_only(investigator):
    response = investigator.get("/workbench/home/")
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";")
    )
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-eval" not in policy
    html = response.content.decode()
    assert not INLINE_SCRIPT.findall(html)
    assert "javascript:" not in html


def test_no_template_of_ours_carries_inline_script():
    """What the policy would refuse in a browser: inline <script>, on…= handlers and
    javascript: links. The browser journeys fail on any refusal the console reports."""
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER, re.compile("javascript:")):
            if pattern.search(text):
                offenders.append(f"{path.relative_to(TEMPLATES)}: {pattern.pattern}")
    assert not offenders, offenders


def test_an_upload_over_the_limit_is_refused_with_a_message(investigator, settings):
    settings.UPLOAD_MAX_MB = 1
    table = SimpleUploadedFile("hits.csv", b"\n" * (2 * 1024 * 1024))
    response = investigator.post("/campaigns/lead/import/", {"table": table})
    assert response.status_code == 413
    page = response.content.decode()
    assert "超过每次 1 MB 的上限" in page
    assert "没有保存任何内容" in page
    assert not ListingImport.objects.exists()
    assert not ListingLead.objects.exists()
    # Under the limit the same form answers as usual (here: not a table).
    small = SimpleUploadedFile("hits.csv", b"\n" * 1024)
    assert investigator.post(
        "/campaigns/lead/import/", {"table": small}
    ).status_code in (
        200,
        400,
    )


@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/"])
def test_the_api_schema_and_docs_are_for_signed_in_staff(investigator, url):
    assert Client().get(url).status_code in (401, 403)
    response = investigator.get(url)
    assert response.status_code == 200


def test_the_api_docs_load_swagger_from_the_site(investigator):
    html = investigator.get("/api/docs/").content.decode()
    assert "cdn.jsdelivr.net" not in html
    assert "/static/drf_spectacular_sidecar/" in html
    assert not INLINE_SCRIPT.findall(html)


def test_production_settings_pass_the_deploy_check(tmp_path):
    # Not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE: a deployment never sets it.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "DATABASE_URL": os.environ.get("DATABASE_URL", "sqlite:///:memory:"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout

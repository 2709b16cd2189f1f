"""How long one official paper takes to render, and why (issue 4, point 7).

Renders two papers in one process, each under several font set-ups, and prints a table:

- decision: the sample 撤销行政许可决定书. With everything a decision must state, in
  GB/T 9704's 22 lines of 28 characters, it takes two pages: a stricter test than the
  issue's one-page decision. Its party's representative is 周昇 (昇 is outside
  GB 2312), so a rare character is set too;
- 51-licence referral: the 上报省局注销函 listing 51 licences over five pages.

Set-ups:
- stock fonts, fontTools: plain WeasyPrint with Debian's Noto CJK and no HarfBuzz
  subsetter (what WeasyPrint does where libharfbuzz-subset0 is missing: the issue's
  "out of the box" 5 s);
- stock fonts, HarfBuzz: plain WeasyPrint with Debian's Noto CJK, HarfBuzz subsetter;
- stock fonts, full_fonts=True: WeasyPrint's option to embed fonts unsubset;
- prepared fonts, fontTools / HarfBuzz: documents.rendering as the application runs it
  (prepared TrueType files: common characters, then the rest of the face in chunks,
  then Debian's fonts).

Run by `make bench` (bin/bench), which may pass other benchmarks' arguments: ignored.
Prints a Markdown table for BENCHMARKS.md. Timings on a shared 2-core machine are noisy:
compare set-ups within one run, and run it a few times.
"""

import datetime
import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django

django.setup()

import weasyprint.pdf.fonts as weasyprint_fonts  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from weasyprint import HTML  # noqa: E402

from documents import fonts, rendering, specs  # noqa: E402
from organisation.models import OrganisationUnit  # noqa: E402

ISSUER = OrganisationUnit(
    code="WHSJ", name="武汉市市场监督管理局", document_code="武市监"
)


CASES = [
    (
        "decision",
        "documents/licence_revocation_decision.html",
        "撤销行政许可决定书",
        lambda: specs.sample_context("documents/licence_revocation_decision.html"),
    ),
    (
        "51-licence referral",
        "documents/province_cancellation_referral.html",
        "上报省局注销函",
        lambda: specs.sample_context("documents/province_cancellation_referral.html"),
    ),
]


def _template_context(context: dict, title: str) -> dict:
    return {
        **context,
        "issuer": ISSUER,
        "number": "武市监许撤〔2026〕12号",
        "issue_date": datetime.date(2026, 11, 29),
        "version": 1,
        "draft": False,
        "document_title": title,
    }


@contextmanager
def _without_harfbuzz_subset():
    saved = weasyprint_fonts.harfbuzz_subset
    weasyprint_fonts.harfbuzz_subset = None
    try:
        yield
    finally:
        weasyprint_fonts.harfbuzz_subset = saved


@contextmanager
def _nothing():
    yield


# Plain WeasyPrint with the stock Debian fonts: stacks of Noto and Fandol Fang alone.
STOCK_FONTS_CSS = fonts.stock_fonts_css()


def _stock(template: str, context: dict, **options) -> tuple[bytes, int]:
    html = render_to_string(
        template, {**context, "document_fonts_css": STOCK_FONTS_CSS}
    )
    document = HTML(string=html, base_url=".").render()
    return document.write_pdf(**options), len(document.pages)


def _prepared(template: str, context: dict) -> tuple[bytes, int]:
    rendered = rendering.pdf_render(template=template, context=context)
    return rendered.content, rendered.page_count


SETUPS = [
    ("stock fonts, fontTools", _without_harfbuzz_subset, _stock, {}, 3),
    ("stock fonts, HarfBuzz", _nothing, _stock, {}, 7),
    ("stock fonts, full_fonts=True", _nothing, _stock, {"full_fonts": True}, 2),
    ("prepared fonts, fontTools", _without_harfbuzz_subset, _prepared, {}, 5),
    ("prepared fonts, HarfBuzz", _nothing, _prepared, {}, 7),
]


def main() -> None:
    if not fonts.fonts_ready():
        sys.exit("Prepared fonts missing: run `make fonts` first.")
    print(f"### Documents: render time per paper ({os.cpu_count()} CPUs, seconds)\n")
    print("| set-up | paper | pages | KiB | runs | min | median | max |")
    print("|---|---|--:|--:|--:|--:|--:|--:|")
    for label, switch, render, options, runs in SETUPS:
        for name, template, title, make_context in CASES:
            context = _template_context(make_context(), title)
            with switch():
                render(template, context, **options)  # warm-up: fontconfig, caches
                times = []
                for _ in range(runs):
                    started = time.perf_counter()
                    content, pages = render(template, context, **options)
                    times.append(time.perf_counter() - started)
            print(
                f"| {label} | {name} | {pages} | {len(content) / 1024:.0f} | {runs} "
                f"| {min(times):.2f} | {statistics.median(times):.2f} "
                f"| {max(times):.2f} |"
            )


if __name__ == "__main__":
    main()

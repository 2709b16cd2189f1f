"""Every template, with its sample and with long and awkward content (what officers
really type: text that already starts with 经查 or ends with 。, numbered evidence, long
names, 51 and more table rows), is issued as a paper a 文书 clerk would pass:

- its text has no doubled word or mark, no double numbering, and dates in Arabic
  numerals with the year in full and no leading zero (GB/T 9704-2012 7.3.5.1);
- its body is set in the embedded 仿宋 face (Fandol Fang), its title in the bold Song;
- the signature block never stands alone on a page;
- every character is inside the type area (版心 156 × 225 mm, 37 mm from the top,
  28 mm from the binding edge), but the page numbers under it.
"""

import copy
import datetime
import re
from collections import Counter

import pytest
import time_machine
from django.utils import timezone

from documents import samples
from documents.models import DocumentType
from documents.specs import SPECS

from .pdf_inspect import pdf_chars, pdf_lines, pdf_text, squeeze

TEMPLATES = sorted(SPECS)

# GB/T 9704-2012 5.2.2: 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm. The binding edge is
# left on odd pages and right on even ones (documents/base.html mirrors the margins).
TOP, HEIGHT, WIDTH = 37.0, 225.0, 156.0
BINDING, FORE_EDGE = 28.0, 26.0
TOLERANCE = 0.5  # mm
# A Thursday with a one-digit month and day: the date must read 2026年3月5日.
ISSUED_AT = datetime.datetime(2026, 3, 5, 10, 0, tzinfo=datetime.UTC)

LONG_NAME = "武汉市江岸区鑫鑫源食品贸易有限责任公司后湖大道金桥社区第一百二十三分店"
NAME_KEYS = {"party_name", "platform_name"}
SENTENCE_KEYS = {
    "facts_summary",
    "clue_summary",
    "ground",
    "reasons",
    "rectification",
    "proposed_penalty",
    "discretion",
    "statement_summary",
    "violation_summary",
    "evidence_note",
    "execution_summary",
    "decision_summary",
    "opening",
    "payment_method",
    "measures",
    "division_opinion",
    "head_opinion",
    "handling_opinion",
}
NUMBERED_KEYS = {"evidence", "penalties", "materials", "attachments"}
ROWS = 53


def _long_rows(rows: list[dict]) -> list[dict]:
    """ROWS rows from the sample's, each different, with long names."""
    out = []
    for index in range(ROWS):
        row = copy.deepcopy(rows[index % len(rows)])
        for key in ("holder_name", "shop"):
            if key in row:
                row[key] = f"{LONG_NAME}第{index + 1}分店"
        if "number" in row:  # as long as a real one: (鄂)XK13-006-20438
            row["number"] = f"{row['number'][:-5]}{30001 + index:05d}"
        if "ground" in row:
            row["ground"] = "许可证有效期届满后未申请延续，企业已停止生产该产品"
        out.append(row)
    return out


def awkward(context: dict) -> dict:
    """The sample as officers type it in a hurry."""
    context = copy.deepcopy(context)
    for key, value in list(context.items()):
        if key in NAME_KEYS:
            context[key] = LONG_NAME
        elif key == "facts":
            context[key] = f"经查，经查，{value}，当事人拒不改正。。"
        elif key == "legal_basis":
            context[key] = f"依据{value}的规定。"
        elif key == "violated_provision":
            context[key] = f"违反了{value}的规定"
        elif key in SENTENCE_KEYS and isinstance(value, str):
            context[key] = value.rstrip("。") + "。。"
        elif key in NUMBERED_KEYS:
            context[key] = [f"{n}.{item}。" for n, item in enumerate(value, start=1)]
        elif key in ("licences", "listings", "campaign_rows") and value:
            context[key] = _long_rows(value)
    if "subject" in context and "licences" in context:  # the referral letter
        context["subject"] = f"关于提请注销{ROWS}家企业工业产品生产许可证的函"
    return context


VARIANTS = {"sample": lambda context: context, "awkward": awkward}


@pytest.fixture
def paper(issuer, licence, clerk, issue):
    def _paper(template: str, variant: str):
        document_type = DocumentType.objects.get(template=template)
        context = VARIANTS[variant](SPECS[template].sample())
        with time_machine.travel(ISSUED_AT, tick=False):
            document = issue(
                type_code=document_type.code,
                issuer=issuer,
                record=licence,
                context=context,
                actor=clerk,
            )
        return document, document.file.read()

    return _paper


# --- what a proofreader looks for ---------------------------------------------------

_DOUBLED_MARK = re.compile(r"[，、；：。！？]{2,}")
_DOUBLED_WORD = re.compile(
    r"(经查|经查明|依据|根据|本局认为|鉴于|违反了|的规定|的情形)[，：]?\1"
    r"|([\u4e00-\u9fff]{2,6}[，：])\2"
)
_DOUBLE_NUMBER = re.compile(
    r"(?<![\d.])\d+[．.、]\s*(?:\d+[．.、](?!\d)|[（(]\d+[)）])"
)
_CHINESE_DATE = re.compile(r"[〇零一二三四五六七八九十]+年[一二三四五六七八九十]+月")
_PADDED_DATE = re.compile(r"\d{4}年0\d月|\d{1,2}月0\d日")


def proofreading_problems(text: str) -> list[str]:
    problems = []
    for pattern, what in (
        (_DOUBLED_MARK, "doubled mark"),
        (_DOUBLED_WORD, "doubled word"),
        (_DOUBLE_NUMBER, "double numbering"),
        (_CHINESE_DATE, "date in Chinese numerals"),
        (_PADDED_DATE, "zero-padded date"),
    ):
        for match in pattern.finditer(text):
            context = text[max(0, match.start() - 12) : match.end() + 12]
            problems.append(f"{what}: {match.group()!r} in …{context}…")
    return problems


def _type_area(page_number: int) -> tuple[float, float]:
    left = BINDING if page_number % 2 else FORE_EDGE
    return left, left + WIDTH


_PAGE_NUMBER = re.compile(r"—\d+—")


def geometry_problems(pages) -> list[str]:
    problems = []
    for number, chars in enumerate(pages, start=1):
        left, right = _type_area(number)
        below = [c for c in chars if c.top > TOP + HEIGHT]
        if below and not _PAGE_NUMBER.fullmatch("".join(c.text for c in below)):
            problems.append(f"page {number}: text below the type area")
        for c in chars:
            if c in below:
                continue
            if c.x0 < left - TOLERANCE or c.x1 > right + TOLERANCE:
                problems.append(
                    f"page {number}: {c.text!r} at x {c.x0:.1f}–{c.x1:.1f} mm, "
                    f"outside {left:.0f}–{right:.0f} mm"
                )
            if c.top < TOP - TOLERANCE or c.bottom > TOP + HEIGHT + TOLERANCE:
                problems.append(f"page {number}: {c.text!r} at y {c.top:.1f} mm")
        problems += _overlaps(number, chars)
    return problems


_SQUEEZABLE = "，、；：。！？“”‘’（）《》〔〕【】"


def _overlaps(number: int, chars) -> list[str]:
    """Characters printed over one another (a cell's text running into the next).
    Punctuation is left out: the fonts' kerning legitimately tucks it in."""
    problems = []
    rows: dict[int, list] = {}
    for c in chars:
        if c.text not in _SQUEEZABLE:
            rows.setdefault(round(c.top * 2), []).append(c)
    for row in rows.values():
        row.sort(key=lambda c: c.x0)
        for before, after in zip(row, row[1:], strict=False):
            overlap = before.x1 - after.x0
            if overlap > 0.4 * min(before.x1 - before.x0, after.x1 - after.x0):
                problems.append(
                    f"page {number}: {before.text!r} and {after.text!r} overlap "
                    f"at x {after.x0:.1f} mm"
                )
    return problems


def lonely_signature_problems(pages, *, issuer_name: str, date_text: str) -> list[str]:
    """The 署名 and the 成文日期 under it must share their page with some of the text."""
    for number, chars in enumerate(pages, start=1):
        lines = [squeeze(line) for line in pdf_lines(chars)]
        if date_text not in lines:
            continue
        at = lines.index(date_text)
        above = [line for line in lines[: at - 1] if line]
        if lines[at - 1] != issuer_name:
            return [f"page {number}: no 署名 above the date"]
        if not above:
            return [f"page {number} holds only the signature block: {lines}"]
        return []
    return [f"the date {date_text} is not printed on its own line"]


def _is_letter(template: str) -> bool:
    from django.template.loader import get_template

    return "documents/letterhead.html" in get_template(template).template.source


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("template", TEMPLATES)
def test_every_paper_passes_the_clerks_proofreading(template, variant, paper, issuer):
    document, content = paper(template, variant)
    text = pdf_text(content)
    pages = pdf_chars(content)
    assert len(pages) == document.page_count

    assert proofreading_problems(text) == []
    assert geometry_problems(pages) == []

    chars = [c for page in pages for c in page]
    fonts = Counter(c.font for c in chars if "Fang" in c.font or c.size >= 14)
    fang = sum(n for font, n in fonts.items() if "Fang" in font)
    if _is_letter(template):
        # The 成文日期 under the 署名: 2026年3月5日, never 二〇二六年三月五日.
        assert "2026年3月5日" in text
        assert (
            lonely_signature_problems(
                pages, issuer_name=issuer.name, date_text="2026年3月5日"
            )
            == []
        )
        # Body text (3号, 16 pt; headings are 黑体) in 仿宋, but for the odd rare
        # character Fandol Fang lacks; the title (2号, 22 pt) in the bold Song face.
        body = Counter(c.font for c in chars if c.size == 16 and "Sans" not in c.font)
        assert body.most_common(1)[0][0] == "RegEngine-Fang-SC", body
        share = sum(n for f, n in body.items() if "Fang" in f) / sum(body.values())
        assert share > 0.9, body
        title = Counter(c.font for c in chars if c.size == 22)
        assert set(title) == {"RegEngine-Serif-SC-Bold"}, title
    else:
        # Forms: the entries in the table are 仿宋 too.
        assert fang > 0.5 * sum(fonts.values()), fonts


def test_an_awkward_decision_reads_as_the_clerk_would_write_it(paper):
    _document, content = paper("documents/penalty_decision.html", "awkward")
    text = pdf_text(content)
    facts = samples.penalty_decision()["facts"]
    assert f"经查，{squeeze(facts)}，当事人拒不改正。" in text
    assert "上述事实，有以下证据证明：1．" in text
    evidence = samples.penalty_decision()["evidence"]
    assert f"1．{squeeze(evidence[0])}；2．{squeeze(evidence[1])}；" in text
    basis = squeeze(samples.penalty_decision()["legal_basis"])
    assert f"依据{basis}的规定，本局决定" in text


def test_the_referral_table_keeps_its_columns_inside_the_type_area(paper):
    """53 licences with long names: every cell inside the 156 mm type area, and the
    注销情形 column wide enough that a ground takes at most three lines."""
    document, content = paper(
        "documents/province_cancellation_referral.html", "awkward"
    )
    pages = pdf_chars(content)
    assert geometry_problems(pages) == []
    text = pdf_text(content)
    assert f"关于提请注销{ROWS}家企业工业产品生产许可证的函" in text
    ground = "许可证有效期届满后未申请延续，企业已停止生产该产品"
    assert text.count(ground) == ROWS
    # The 注销情形 column on a full page: at most three lines a row.
    page = pages[1]
    header = [c for c in page if "Sans" in c.font and c.text in "注销情形"]
    column = min(c.x0 for c in header) - 1
    under = max(c.bottom for c in header)
    tops = {round(c.top * 2) for c in page if c.x0 >= column and c.top > under}
    rows = sum(1 for line in pdf_lines(page) if "(鄂)XK" in line)
    assert rows >= 4
    assert len(tops) <= 3 * rows, (len(tops), rows)


def test_the_report_title_breaks_between_words_into_even_lines(paper):
    _document, content = paper("documents/annual_work_report.html", "sample")
    first = pdf_chars(content)[0]
    title = [squeeze(line) for line in pdf_lines([c for c in first if c.size == 22])]
    assert title == [
        "武汉市市场监督管理局关于",
        "2019年度食品药品安全和特种设备、",
        "工业产品安全工作情况的报告",
    ]


def test_issue_dates_have_no_leading_zero_whatever_the_day(
    issuer, licence, clerk, issue
):
    with time_machine.travel(
        timezone.make_aware(datetime.datetime(2026, 12, 2, 9, 0)), tick=False
    ):
        document = issue(
            type_code="rectification_order",
            issuer=issuer,
            record=licence,
            context=SPECS["documents/rectification_order.html"].sample(),
            actor=clerk,
        )
    text = pdf_text(document.file.read())
    assert "武汉市市场监督管理局2026年12月2日" in text
    assert "二〇" not in text

"""Every document type renders its sample into a PDF a reader can rely on: the number,
the party and the legal basis are in its text, its fonts are embedded CJK fonts, and no
character is drawn without a glyph."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import get_template
from django.utils import timezone

from documents import fonts
from documents.rendering import DOCUMENT_GLYPH_MISSING
from documents.services import document_preview
from documents.specs import SPECS, sample_context
from tests import factories

from .pdf_inspect import (
    drawn_characters,
    glyph_problems,
    pdf_fonts,
    pdf_pages_text,
    pdf_text,
    squeeze,
    wrong_glyphs,
)

SEEDED_TYPES = [
    "case_source_registration",
    "case_filing_approval",
    "case_non_filing_approval",
    "rectification_order",
    "penalty_notice",
    "hearing_notice",
    "penalty_decision",
    "non_penalty_decision",
    "service_receipt",
    "case_closure_approval",
    "licence_revocation_notice",
    "licence_revocation_decision",
    "licence_cancellation_notice",
    "province_cancellation_referral",
    "platform_disposal_notice",
    "case_transfer_letter",
    "annual_work_report",
]
DECISIONS = [
    "penalty_decision",
    "non_penalty_decision",
    "licence_revocation_decision",
    "licence_cancellation_notice",
]


def test_migrations_seed_the_procedures_types_with_patterns(document_types):
    assert [t.code for t in document_types] == sorted(SEEDED_TYPES)
    by_code = {t.code: t for t in document_types}
    assert by_code["penalty_decision"].number_pattern == "{code}处罚〔{year}〕{seq}号"
    assert by_code["licence_revocation_decision"].number_pattern == (
        "{code}许撤〔{year}〕{seq}号"
    )
    for t in document_types:
        assert t.template in SPECS, t.code


@pytest.mark.parametrize("code", SEEDED_TYPES)
def test_every_type_issues_a_faithful_pdf(code, issuer, licence, clerk, issue):
    document_type_template = f"documents/{code}.html"
    spec = SPECS[document_type_template]
    context = sample_context(document_type_template)

    document = issue(
        type_code=code, issuer=issuer, record=licence, context=context, actor=clerk
    )

    content = document.file.read()
    text = pdf_text(content)
    assert squeeze(document.number) in text
    assert document.number.startswith("武市监")
    assert squeeze(context[spec.party_key]) in text
    assert squeeze(context[spec.basis_key]) in text
    embedded = pdf_fonts(content)
    assert embedded, "no font embedded"
    for font in embedded:
        assert re.search(r"RegEngine-(Fang|Serif|Sans)-SC", font.name), font.name
    assert any("RegEngine-Fang-SC" in font.name for font in embedded)
    assert glyph_problems(content) == []
    assert wrong_glyphs(content) == []
    # Every character of the text was drawn with a mapped glyph.
    assert set(text) <= drawn_characters(content)


@pytest.mark.parametrize("code", DECISIONS)
def test_decisions_state_the_remedies(code, issuer, licence, clerk):
    context = sample_context(f"documents/{code}.html")
    content = document_preview(type_code=code, issuer=issuer, context=context)
    text = pdf_text(content)
    assert "六十日内向武汉市人民政府申请行政复议" in text
    assert "六个月内依法向武汉市江岸区人民法院提起行政诉讼" in text


def test_penalty_decision_writes_amount_in_capitals_and_date_in_arabic_numerals(
    issuer, licence, clerk, issue
):
    document = issue(
        type_code="penalty_decision",
        issuer=issuer,
        record=licence,
        context=sample_context("documents/penalty_decision.html"),
        actor=clerk,
    )
    text = pdf_text(document.file.read())
    assert "人民币伍万零叁佰柒拾伍元整（50,375.00元）" in text
    assert "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项" in text
    # The 成文日期 under the signature in Arabic numerals (GB/T 9704-2012 7.3.5.1).
    today = timezone.localdate(document.issued_at)
    assert f"武汉市市场监督管理局{today.year}年{today.month}月{today.day}日" in text
    assert "二〇" not in text


def test_referral_letter_lists_51_licences_with_the_header_on_every_page(
    issuer, clerk, issue
):
    context = sample_context("documents/province_cancellation_referral.html")
    record = factories.enterprise()
    document = issue(
        type_code="province_cancellation_referral",
        issuer=issuer,
        record=record,
        context=context,
        actor=clerk,
    )

    pages = [squeeze(page) for page in pdf_pages_text(document.file.read())]
    assert document.page_count == len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"—{number}—" in page  # GB/T 9704 page numbers, "— 1 —"
    table_pages = [p for p in pages if "(鄂)XK" in p]
    assert len(table_pages) >= 3
    for page in table_pages:
        assert "企业名称（统一社会信用代码）" in page
        assert "许可证编号" in page
    text = "".join(pages)
    for licence in context["licences"]:
        assert squeeze(licence["holder_name"]) in text
        assert licence["number"] in text
    assert "关于提请注销51家企业工业产品生产许可证的函" in text
    assert "湖北省市场监督管理局：" in text


def test_rare_name_characters_are_printed_as_themselves(issuer):
    """硚, 堃, 䶮 and 𠮷 are outside GB 2312: they come from the prepared chunks of the
    rest of the face (several different files in one paper), each drawn with its own
    glyph; a character even those lack (a Japanese form) comes from Debian's font."""
    context = {
        **sample_context("documents/hearing_notice.html"),
        "hearing_place": "武汉市硚口区解放大道634号",
        "host": "陈堃",
        "members": "刘䶮、吉𠮷",
        "clerk": "何静",
    }
    content = document_preview(
        type_code="hearing_notice", issuer=issuer, context=context
    )
    text = pdf_text(content)
    for name in ("硚口区", "陈堃", "刘䶮", "吉𠮷"):
        assert name in text
    names = [font.name for font in pdf_fonts(content)]
    chunks = [name for name in names if re.search(r"RegEngine-Serif-SC-X\d\d", name)]
    assert len(chunks) >= 2, names
    assert glyph_problems(content) == []
    assert wrong_glyphs(content) == []
    assert {"硚", "堃", "䶮", "𠮷"} <= drawn_characters(content)


def test_a_character_no_font_has_is_refused_not_printed_as_a_box(issuer):
    context = {
        **sample_context("documents/rectification_order.html"),
        "party_name": "武汉市\U0002a6d6记食品店",  # CJK Ext. B, in no installed font
    }
    with pytest.raises(ValidationError) as caught:
        document_preview(
            type_code="rectification_order", issuer=issuer, context=context
        )
    assert caught.value.message == DOCUMENT_GLYPH_MISSING
    assert "U+2A6D6" in caught.value.messages[0]


def test_prepared_fonts_are_built_and_cover_gb2312():
    """`make fonts` (bin/prepare-fonts) must have run: the fast path depends on it."""
    from fontTools.ttLib import TTFont

    assert fonts.fonts_ready(), "prepared fonts missing: run `make fonts`"
    manifest = json.loads((fonts.font_dir() / "manifest.json").read_text())
    common = fonts.common_characters()
    gb2312_hanzi = {c for c in common if 0x4E00 <= c <= 0x9FFF}
    assert len(gb2312_hanzi) == 6763
    for face in fonts.FACES:
        source = fonts.source_font(face, lazy=True)
        available = set(source.getBestCmap())
        files = [f for f in manifest["files"] if f["face"] == face.key]
        covered: set[int] = set()
        for entry in files:
            prepared = TTFont(fonts.font_dir() / entry["file"], lazy=True)
            assert "glyf" in prepared and "CFF " not in prepared
            assert prepared["name"].getDebugName(1) == entry["family"]
            cmap = set(prepared.getBestCmap())
            if entry["tier"] == "common":
                assert gb2312_hanzi <= cmap
                assert (common & available) <= cmap, face.key
            covered |= cmap
        if face.extended:
            # Every character of the face is prepared, so Debian's font is seldom used.
            assert available == set(covered), face.key
            families = {f["family"] for f in files}
            assert len(families) == len(files)  # one family per file


@pytest.mark.parametrize("template", sorted(SPECS))
def test_each_template_documents_exactly_the_keys_its_spec_requires(template):
    source = get_template(template).template.source
    header = source.split("{% endcomment %}")[0]
    documented = set(re.findall(r"\b([a-z][a-z_]+[a-z])\b", header))
    spec = SPECS[template]
    assert set(spec.keys) <= documented, set(spec.keys) - documented

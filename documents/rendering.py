"""HTML template → PDF with WeasyPrint, refusing any character no font can set.

Speed, measured in bench/documents.py (BENCHMARKS.md): nearly all of WeasyPrint's time
with CJK text goes into cutting the embedded font subset. With HarfBuzz's subsetter
(libharfbuzz-subset0, which WeasyPrint uses when it can load it) that is fast even for
the full Debian fonts; without it WeasyPrint falls back to fontTools, ~5 s per document
on the full fonts. The prepared fonts (documents/fonts.py) keep both paths under the
targets. WeasyPrint's own options do not help: `full_fonts=True` embeds the whole 20 MB+
collections (and reads all 65,535 glyph widths), `hinting` only adds bytes, and
`optimize_images` concerns images, which these papers have none of.
"""

import dataclasses

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from . import fonts

DOCUMENT_GLYPH_MISSING = _(
    "以下字符在任何已安装的字体中都没有字形，无法排版：%(chars)s。"
    "请核对文字（可改用规范汉字），或安装包含该字符的字体。"
)


@dataclasses.dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int


def pdf_render(*, template: str, context: dict) -> RenderedPdf:
    """Render one paper. Raises ValidationError(DOCUMENT_GLYPH_MISSING) when a character
    would print as an empty box (.notdef), so no such paper is ever issued."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string(template, context)
    font_config = FontConfiguration()
    stylesheets = []
    if font_face_css := fonts.font_face_css():
        stylesheets.append(CSS(string=font_face_css, font_config=font_config))
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        stylesheets=stylesheets, font_config=font_config
    )
    content = document.write_pdf()
    # WeasyPrint records each code point it had to draw as .notdef on the font object.
    missing = sorted(
        {chr(code) for font in document.fonts.values() for code in font.missing}
    )
    if missing:
        raise ValidationError(
            DOCUMENT_GLYPH_MISSING,
            code="glyph_missing",
            params={"chars": "、".join(f"“{c}”（U+{ord(c):04X}）" for c in missing)},
        )
    return RenderedPdf(content=content, page_count=len(document.pages))

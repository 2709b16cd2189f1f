"""HTML template → PDF with WeasyPrint, refusing any character no font can set.

Speed (bench/documents.py, BENCHMARKS.md): with CJK text nearly all of WeasyPrint's
time goes into cutting the subset of each font it embeds. With HarfBuzz's subsetter
(libharfbuzz-subset0) that is fast even on Debian's full fonts; without it WeasyPrint
falls back to fontTools: 6–10 s a paper on the full fonts, under 1.5 s on the prepared
ones (documents/fonts.py), which are also 4–5 times smaller in the PDF. WeasyPrint's
options were measured too and do not help: `full_fonts=True` embeds the whole
collections (3–6 s, 40–60 MB PDFs), `hinting` only adds bytes, `optimize_images`
concerns images, which these papers have none of.
"""

import atexit
import dataclasses
import shutil
import threading
import unicodedata
import weakref

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from . import fonts
from .language import document_language

DOCUMENT_GLYPH_MISSING = _(
    "以下字符在任何已安装的字体中都没有字形，无法排版：%(chars)s。"
    "请核对文字（可改用规范汉字），或安装包含该字符的字体。"
)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _missing_glyph_error(chars) -> ValidationError:
    return ValidationError(
        DOCUMENT_GLYPH_MISSING,
        code="glyph_missing",
        params={"chars": "、".join(f"“{c}”（U+{ord(c):04X}）" for c in chars)},
    )


def validate_printable(context: dict) -> None:
    """Refuse, before a number is taken, a context with a character no document font
    has. Characters of the common set pass at once; only rarer ones are looked up."""
    common = fonts.common_code_points()
    rare = {
        char
        for text in _strings(context)
        for char in text
        if ord(char) not in common
        and not char.isspace()
        and unicodedata.category(char) not in ("Cc", "Cf")
    }
    if not rare:
        return
    covered = fonts.covered_code_points()
    missing = sorted(char for char in rare if ord(char) not in covered)
    if missing:
        raise _missing_glyph_error(missing)


_thread = threading.local()
_font_configs = weakref.WeakSet()


@atexit.register
def _remove_font_folders() -> None:
    # WeasyPrint deletes a configuration's folder of font copies in its __del__, which
    # interpreter exit does not reliably run (Pango objects hold it in cycles).
    for config in list(_font_configs):
        if folder := getattr(config, "_folder", None):
            shutil.rmtree(folder, ignore_errors=True)


def _font_config(fonts_css: str):
    """One FontConfiguration per thread, kept between papers: WeasyPrint copies every
    @font-face file into a private folder and fontconfig scans it, ~0.1 s per paper for
    the prepared files, which a kept configuration does once. A new CSS (fonts rebuilt)
    gets a new configuration; the old one removes its folder when collected."""
    from weasyprint.text.fonts import FontConfiguration

    kept = getattr(_thread, "font_config", None)
    if kept is None or kept[0] != fonts_css:
        kept = (fonts_css, FontConfiguration())
        _thread.font_config = kept
        _font_configs.add(kept[1])
    return kept[1]


@dataclasses.dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int


def pdf_render(*, template: str, context: dict) -> RenderedPdf:
    """Render one paper. Raises ValidationError(DOCUMENT_GLYPH_MISSING) when a character
    would print as an empty box (.notdef), so no such paper is ever issued."""
    from weasyprint import HTML

    fonts_css = fonts.document_fonts_css()
    with document_language():
        html = render_to_string(template, {**context, "document_fonts_css": fonts_css})
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        font_config=_font_config(fonts_css)
    )
    content = document.write_pdf()
    # WeasyPrint records each code point it had to draw as .notdef on the font object.
    missing = sorted(
        {chr(code) for font in document.fonts.values() for code in font.missing}
    )
    if missing:
        raise _missing_glyph_error(missing)
    return RenderedPdf(content=content, page_count=len(document.pages))

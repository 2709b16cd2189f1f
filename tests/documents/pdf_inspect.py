"""What a reader of the PDF gets: its text, its fonts, and whether every character
drawn has a real glyph. Reads the file independently of WeasyPrint (pypdf, fontTools)."""

import dataclasses
import io
import re

from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader


def pdf_pages_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def squeeze(text: str) -> str:
    """Text without whitespace: CJK lines wrap anywhere, so compare without breaks."""
    return re.sub(r"\s+", "", text)


def pdf_text(content: bytes) -> str:
    return squeeze("".join(pdf_pages_text(content)))


@dataclasses.dataclass
class EmbeddedFont:
    name: str
    program: bytes
    kind: str  # FontFile2 (TrueType) or FontFile3 (CFF/OpenType)
    to_unicode: dict[int, str]  # glyph id → text, as the PDF maps it


_BFCHAR_BLOCK = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFCHAR = re.compile(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>")


def pdf_fonts(content: bytes) -> list[EmbeddedFont]:
    fonts = {}
    for page in PdfReader(io.BytesIO(content)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            name = str(font["/BaseFont"])
            if name in fonts:
                continue
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            kind = next(k for k in ("/FontFile2", "/FontFile3") if k in descriptor)
            cmap = font["/ToUnicode"].get_object().get_data()
            to_unicode = {
                int(gid, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
                for block in _BFCHAR_BLOCK.findall(cmap)
                for gid, text in _BFCHAR.findall(block)
            }
            fonts[name] = EmbeddedFont(
                name=name,
                program=descriptor[kind].get_object().get_data(),
                kind=kind[1:],
                to_unicode=to_unicode,
            )
    return list(fonts.values())


def glyph_problems(content: bytes) -> list[str]:
    """Characters drawn with .notdef (glyph 0) or with a glyph that has no outline."""
    problems = []
    for font in pdf_fonts(content):
        program = TTFont(io.BytesIO(font.program))
        order = program.getGlyphOrder()
        glyphs = program.getGlyphSet()
        for gid, text in font.to_unicode.items():
            if text.isspace():
                continue
            if gid == 0 or gid >= len(order):
                problems.append(f"{text!r} drawn as .notdef in {font.name}")
                continue
            pen = BoundsPen(glyphs)
            glyphs[order[gid]].draw(pen)
            if pen.bounds is None:
                problems.append(f"{text!r} has an empty glyph in {font.name}")
    return problems


def drawn_characters(content: bytes) -> set[str]:
    return {
        char
        for font in pdf_fonts(content)
        for text in font.to_unicode.values()
        for char in text
    }

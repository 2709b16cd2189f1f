"""What a reader of the PDF gets: its text, its fonts, where each character is drawn,
and whether every character drawn has a real glyph. Reads the file independently of
WeasyPrint (pypdf, pdfplumber, fontTools)."""

import dataclasses
import functools
import io
import re

import pdfplumber
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader


def pdf_pages_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def squeeze(text: str) -> str:
    """Text without whitespace: CJK lines wrap anywhere, so compare without breaks."""
    return re.sub(r"\s+", "", text)


_PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")


def pdf_text(content: bytes) -> str:
    """The running text, without the page numbers ("— 1 —") between pages."""
    return squeeze(
        "".join(_PAGE_NUMBER.sub("", page) for page in pdf_pages_text(content))
    )


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


class _ShapePen(BoundsPen):
    """Bounds and contour count: enough to tell one character's glyph from another's."""

    def __init__(self, glyph_set):
        super().__init__(glyph_set)
        self.contours = 0

    def closePath(self):
        self.contours += 1
        super().closePath()

    def endPath(self):
        self.contours += 1
        super().endPath()


def _shape(glyph_set, name):
    pen = _ShapePen(glyph_set)
    glyph_set[name].draw(pen)
    return pen.contours, pen.bounds


def _single_substitutions(font) -> dict[str, set[str]]:
    """glyph → the glyphs GSUB may put in its place (locl's Chinese digits, fwid…)."""
    alternates: dict[str, set[str]] = {}
    if "GSUB" not in font:
        return alternates
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            if lookup.LookupType == 7:  # extension: the real subtable is inside
                table = table.ExtSubTable
            if getattr(table, "mapping", None):
                for source, target in table.mapping.items():
                    alternates.setdefault(source, set()).add(target)
            if getattr(table, "alternates", None):
                for source, targets in table.alternates.items():
                    alternates.setdefault(source, set()).update(targets)
    return alternates


@functools.lru_cache(maxsize=1)
def _debian_faces():
    from documents import fonts

    faces = []
    for face in fonts.FACES:
        font = fonts.source_font(face)
        faces.append(
            (font.getBestCmap(), font.getGlyphSet(), _single_substitutions(font))
        )
    return faces


# Converting CFF curves to TrueType ones (documents/fonts.py) moves a curve's extreme
# by a few units of the 1000-unit em; a different character differs by far more.
_SHAPE_TOLERANCE = 8


def _same_shape(a, b, tolerance=_SHAPE_TOLERANCE) -> bool:
    if a[0] != b[0] or (a[1] is None) != (b[1] is None):
        return False
    if a[1] is None:
        return True
    return all(abs(x - y) <= tolerance for x, y in zip(a[1], b[1]))


def wrong_glyphs(content: bytes) -> list[str]:
    """Characters whose embedded glyph is not the glyph Debian's fonts (Fandol Fang, Noto
    CJK SC) have for that character (in any face used): a paper must print the character
    its text layer says, not a neighbour from another font file."""
    problems = []
    for font in pdf_fonts(content):
        program = TTFont(io.BytesIO(font.program))
        order = program.getGlyphOrder()
        glyphs = program.getGlyphSet()
        for gid, text in font.to_unicode.items():
            if len(text) != 1 or text.isspace() or gid == 0 or gid >= len(order):
                continue
            drawn = _shape(glyphs, order[gid])
            candidates = [
                _shape(glyph_set, name)
                for cmap, glyph_set, alternates in _debian_faces()
                if ord(text) in cmap
                for name in {cmap[ord(text)], *alternates.get(cmap[ord(text)], ())}
            ]
            if candidates and not any(_same_shape(drawn, c) for c in candidates):
                problems.append(f"{text!r} drawn with another glyph in {font.name}")
    return problems


MM = 72 / 25.4


@dataclasses.dataclass(frozen=True)
class DrawnChar:
    """One character as printed: its box in mm from the page's top-left corner."""

    text: str
    font: str  # the embedded font's name without the subset tag
    size: float  # pt
    x0: float
    x1: float
    top: float
    bottom: float


def pdf_chars(content: bytes) -> list[list[DrawnChar]]:
    """Every visible character of every page, in reading order."""
    pages = []
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for page in pdf.pages:
            pages.append(
                [
                    DrawnChar(
                        text=c["text"],
                        font=c["fontname"].split("+")[-1],
                        size=round(c["size"], 1),
                        x0=c["x0"] / MM,
                        x1=c["x1"] / MM,
                        top=c["top"] / MM,
                        bottom=c["bottom"] / MM,
                    )
                    for c in page.chars
                    if c["text"].strip()
                ]
            )
    return pages


def pdf_lines(chars: list[DrawnChar], tolerance: float = 1.0) -> list[str]:
    """The page's characters grouped into printed lines (by their top), top to bottom."""
    lines: list[tuple[float, list[DrawnChar]]] = []
    for char in sorted(chars, key=lambda c: (c.top, c.x0)):
        if lines and abs(lines[-1][0] - char.top) <= tolerance:
            lines[-1][1].append(char)
        else:
            lines.append((char.top, [char]))
    return [
        "".join(c.text for c in sorted(row, key=lambda c: c.x0)) for _, row in lines
    ]

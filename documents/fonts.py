"""The fonts official documents are set in: prepared copies of Debian's Noto CJK SC.

Why a prepared font: WeasyPrint embeds a subset of every font a document uses and builds
that subset on every render. The Debian fonts are 20–26 MB collections of 65,535 CFF
glyphs; subsetting them with fontTools (WeasyPrint's fallback when HarfBuzz's subsetter,
libharfbuzz-subset0, is missing) costs about 5 s per document. `fonts_prepare` cuts each
face once, with fontTools, down to the characters official papers use (GB 2312 plus
Latin, punctuation and symbol blocks, about 7,900 characters) and re-encodes the outlines
as TrueType (glyf): subsetting that file costs ~0.03 s with HarfBuzz and ~0.4 s even with
the fontTools fallback (measured in bench/documents.py, recorded in BENCHMARKS.md).

The prepared faces come first in every font stack and the full Debian font follows, so a
rare character in a name (堃, 䶮, 𠮷…) is still set, from the full font, and still
embedded; the renderer refuses a document with any character that no font has.
"""

import dataclasses
import json
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings

# Bump when the character set or the conversion changes: stale prepared fonts are rebuilt.
BUILD_VERSION = 1

SERIF = "RegEngine Serif SC"
SANS = "RegEngine Sans SC"
SERIF_FALLBACK = "Noto Serif CJK SC"
SANS_FALLBACK = "Noto Sans CJK SC"

# Outline error allowed when converting cubic (CFF) curves to quadratic (TrueType) ones,
# in font units of a 1000-unit em: 1/1000 em is invisible at any print size.
_CU2QU_MAX_ERR = 1.0


@dataclasses.dataclass(frozen=True)
class Face:
    key: str
    family: str
    weight: int
    source: str  # file name in DOCUMENTS_SOURCE_FONT_DIR
    source_family: str  # the face of the collection to take

    @property
    def file_name(self) -> str:
        return f"{self.key}.ttf"


FACES = (
    Face("serif-regular", SERIF, 400, "NotoSerifCJK-Regular.ttc", SERIF_FALLBACK),
    Face("serif-bold", SERIF, 700, "NotoSerifCJK-Bold.ttc", SERIF_FALLBACK),
    Face("sans-regular", SANS, 400, "NotoSansCJK-Regular.ttc", SANS_FALLBACK),
    Face("sans-bold", SANS, 700, "NotoSansCJK-Bold.ttc", SANS_FALLBACK),
)

# Blocks kept whole besides GB 2312: Latin, general punctuation, letterlike symbols,
# number forms (Ⅰ Ⅱ), enclosed numbers (① ⑴), CJK punctuation, full-width forms.
_EXTRA_RANGES = (
    (0x0020, 0x007E),
    (0x00A0, 0x017F),
    (0x2000, 0x206F),
    (0x2100, 0x218F),
    (0x2460, 0x24FF),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
)


def common_characters() -> set[int]:
    """Code points of GB 2312 (the 6,763 hanzi of levels 1 and 2 and its symbols) plus the
    blocks above. Python's own gb2312 codec is the character table, so no list is kept."""
    code_points = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                code_points.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    for start, end in _EXTRA_RANGES:
        code_points.update(range(start, end + 1))
    return code_points


def font_dir() -> Path:
    configured = settings.DOCUMENTS_FONT_DIR
    return (
        Path(configured) if configured else Path(settings.BASE_DIR) / ".run" / "fonts"
    )


def source_dir() -> Path:
    return Path(settings.DOCUMENTS_SOURCE_FONT_DIR)


def _manifest_path(target: Path) -> Path:
    return target / "manifest.json"


def _expected_manifest() -> dict:
    sources = {}
    for face in FACES:
        path = source_dir() / face.source
        stat = path.stat() if path.exists() else None
        sources[face.key] = {
            "source": str(path),
            "size": stat.st_size if stat else None,
            "mtime": int(stat.st_mtime) if stat else None,
        }
    return {"version": BUILD_VERSION, "faces": sources}


def fonts_ready(target: Path | None = None) -> bool:
    """True when every prepared face exists and was built from the current Debian fonts."""
    target = target or font_dir()
    try:
        manifest = json.loads(_manifest_path(target).read_text())
    except (OSError, ValueError):
        return False
    if manifest != _expected_manifest():
        return False
    return all((target / face.file_name).is_file() for face in FACES)


def _collection_index(path: Path, family: str) -> int:
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(path), lazy=True)
    for index, font in enumerate(collection.fonts):
        if font["name"].getDebugName(1) == family:
            return index
    raise LookupError(f"{family} not found in {path}")


def _build_face(face: Face, source: Path, target: Path) -> Path:
    """Subset one face to the common characters and re-encode it as TrueType."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    path = source / face.source
    font = TTFont(str(path), fontNumber=_collection_index(path, face.source_family))
    options = subset.Options()
    # Pango shapes with GSUB/GPOS (vertical and half-width punctuation forms): keep them.
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=common_characters())
    subsetter.subset(font)

    # CFF → glyf: subsetting CFF means desubroutinising charstrings; glyf is a plain
    # table of independent outlines that both subsetters cut quickly.
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(
            Cu2QuPen(pen, max_err=_CU2QU_MAX_ERR, reverse_direction=True)
        )
        glyf[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attribute in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attribute, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"

    # Its own family name, so fontconfig never takes the reduced font for the full one.
    style = "Bold" if face.weight >= 700 else "Regular"
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17):
            names.removeNames(nameID=record.nameID)
    names.setName(face.family, 1, 3, 1, 0x409)
    names.setName(style, 2, 3, 1, 0x409)
    names.setName(f"{face.family} {style} {BUILD_VERSION}", 3, 3, 1, 0x409)
    names.setName(f"{face.family} {style}", 4, 3, 1, 0x409)
    names.setName(f"{face.family.replace(' ', '')}-{style}", 6, 3, 1, 0x409)

    target.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed: a render running meanwhile never reads half a file.
    handle, temporary = tempfile.mkstemp(dir=target, suffix=".tmp")
    os.close(handle)
    font.save(temporary)
    os.chmod(temporary, 0o644)  # mkstemp makes it private; the web server reads it
    final = target / face.file_name
    os.replace(temporary, final)
    return final


def fonts_prepare(
    *, target: Path | None = None, force: bool = False, jobs: int = 2
) -> list[Path]:
    """Build the prepared faces from the Debian fonts, unless they are up to date.

    Returns the files built (empty when nothing needed building). Takes about a minute
    on two cores; run by `make fonts` (and so by `make run` and `make test`).
    """
    target = target or font_dir()
    if not force and fonts_ready(target):
        return []
    missing = [f.source for f in FACES if not (source_dir() / f.source).is_file()]
    if missing:
        raise FileNotFoundError(
            f"Debian fonts missing from {source_dir()}: {', '.join(missing)} "
            "(install fonts-noto-cjk: bin/system-deps)"
        )
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        built = list(
            pool.map(
                _build_face,
                FACES,
                [source_dir()] * len(FACES),
                [target] * len(FACES),
            )
        )
    _manifest_path(target).write_text(json.dumps(_expected_manifest(), indent=2))
    return built


def font_face_css(target: Path | None = None) -> str:
    """@font-face rules for the prepared faces that exist; empty when none do, in which
    case every stack falls through to the full Debian fonts (correct, only slower)."""
    target = target or font_dir()
    rules = []
    for face in FACES:
        path = target / face.file_name
        if path.is_file():
            rules.append(
                "@font-face { font-family: '%s'; font-weight: %d; src: url('%s'); }"
                % (face.family, face.weight, path.as_uri())
            )
    return "\n".join(rules)

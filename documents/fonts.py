"""The fonts official documents are set in: prepared copies of Debian's fonts.

GB/T 9704-2012 sets a paper's body, number, addressee, signature and date in 3号仿宋, its
title in 2号小标宋, first-level headings in 黑体 and page numbers in 宋体. The faces here:

- 仿宋: Fandol Fang (FandolFang-Regular.otf), the only free 仿宋 face for simplified
  Chinese that Debian packages (in texlive-lang-chinese; fonts-cwtex-fs is a Big5
  traditional face). It covers GB 2312 and about 10,000 characters in all; anything
  else falls back to the Song face, then to Debian's full fonts.
- 小标宋 (title, issuing-authority mark): Noto Serif CJK SC Bold, the closest free face
  to the heavy Song faces bureaus print titles in.
- 黑体: Noto Sans CJK SC; 宋体 (page numbers, fallback): Noto Serif CJK SC.

Why prepared fonts: WeasyPrint embeds a subset of every font a paper uses and cuts that
subset on every render. Debian's Noto fonts are 20–26 MB collections of 65,535 CFF
glyphs (Fandol Fang is a 7 MB CFF font).
With HarfBuzz's subsetter (libharfbuzz-subset0) that is quick; without it WeasyPrint
falls back to fontTools, which takes ~5 s per font per paper (the issue's "out of the
box"). `fonts_prepare` therefore converts each face once, with fontTools, into small
TrueType (glyf) files that either subsetter cuts fast (BENCHMARKS.md has the figures):

- a common file per face: GB 2312 (its 6,763 hanzi and symbols) plus Latin,
  punctuation and symbol blocks, about 7,900 characters;
- for the regular faces, every other character of the face in files of
  CHUNK_SIZE characters, each its own family, so a rare character in a name (硚口,
  堃, 䶮, 𠮷…) costs one small file, not the 26 MB collection. Bold text falls back to
  these regular chunks for such characters.

CFF outlines become quadratic TrueType ones within 1/1000 em (invisible in print):
cutting CFF means desubroutinising charstrings, glyf is a table of independent
outlines. Every stack ends with Debian's full font, so whatever the prepared files lack
is still set and embedded; the renderer refuses a paper with any character no font has.

Each chunk must be its own font family: WeasyPrint 70 identifies embedded fonts by
family, weight and style, and merges two files that share them, drawing wrong glyphs
(tests/documents check every drawn glyph against Debian's font).
"""

import dataclasses
import functools
import io
import json
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings

# Bump when the character sets or the conversion change: stale fonts are rebuilt, into
# a new folder, so checkouts of different versions can share the cache.
BUILD_VERSION = 3
CHUNK_SIZE = 4000

FANG = "RegEngine Fang SC"
SERIF = "RegEngine Serif SC"
SANS = "RegEngine Sans SC"
FANG_FALLBACK = "FandolFang R"
SERIF_FALLBACK = "Noto Serif CJK SC"
SANS_FALLBACK = "Noto Sans CJK SC"

# Where texlive-lang-chinese installs the Fandol fonts (not in fontconfig's path).
FANDOL_DIR = "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"

# Outline error allowed converting cubic (CFF) curves to quadratic (TrueType) ones, in
# font units of a 1000-unit em.
_CU2QU_MAX_ERR = 1.0


@dataclasses.dataclass(frozen=True)
class Face:
    key: str
    family: str
    weight: int
    source: str  # file name in `directory`
    source_family: str  # the face of the collection to take (or the font's own family)
    extended: bool  # also prepare the rest of the face, in chunks
    # The Debian folder it is in; empty: DOCUMENTS_SOURCE_FONT_DIR (Noto CJK).
    directory: str = ""
    package: str = "fonts-noto-cjk"


FACES = (
    Face(
        "fang-regular",
        FANG,
        400,
        "FandolFang-Regular.otf",
        FANG_FALLBACK,
        True,
        directory=FANDOL_DIR,
        package="texlive-lang-chinese",
    ),
    Face("serif-regular", SERIF, 400, "NotoSerifCJK-Regular.ttc", SERIF_FALLBACK, True),
    Face("sans-regular", SANS, 400, "NotoSansCJK-Regular.ttc", SANS_FALLBACK, True),
    Face("serif-bold", SERIF, 700, "NotoSerifCJK-Bold.ttc", SERIF_FALLBACK, False),
    Face("sans-bold", SANS, 700, "NotoSansCJK-Bold.ttc", SANS_FALLBACK, False),
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
    """GB 2312 plus the blocks above. Python's gb2312 codec is the character table, so
    no list is kept here."""
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


@functools.lru_cache(maxsize=1)
def common_code_points() -> frozenset[int]:
    return frozenset(common_characters())


def font_dir() -> Path:
    """DOCUMENTS_FONT_DIR, else a per-user cache shared by every checkout on the machine
    (worktrees, CI clones), so the build runs once per machine and version."""
    if settings.DOCUMENTS_FONT_DIR:
        return Path(settings.DOCUMENTS_FONT_DIR)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "regengine" / f"document-fonts-v{BUILD_VERSION}"


def source_dir() -> Path:
    return Path(settings.DOCUMENTS_SOURCE_FONT_DIR)


def face_path(face: Face) -> Path:
    """The Debian font file a face is prepared from."""
    return (Path(face.directory) if face.directory else source_dir()) / face.source


def source_font(face: Face, *, lazy: bool | None = None):
    """Debian's font for `face` as a fontTools TTFont (its face of a .ttc collection)."""
    from fontTools.ttLib import TTFont

    path = face_path(face)
    number = (
        collection_index(path, face.source_family)
        if path.suffix.lower() == ".ttc"
        else -1
    )
    return TTFont(str(path), fontNumber=number, lazy=lazy)


def _manifest_path(target: Path) -> Path:
    return target / "manifest.json"


def _sources() -> dict:
    sources = {}
    for face in FACES:
        path = face_path(face)
        stat = path.stat() if path.exists() else None
        sources[face.key] = {
            "source": str(path),
            "size": stat.st_size if stat else None,
            "mtime": int(stat.st_mtime) if stat else None,
        }
    return sources


def _manifest(target: Path) -> dict | None:
    try:
        return json.loads(_manifest_path(target).read_text())
    except (OSError, ValueError):
        return None


def fonts_ready(target: Path | None = None) -> bool:
    """True when the prepared files exist and were built from the current Debian fonts
    by this version of the build."""
    target = target or font_dir()
    manifest = _manifest(target)
    if not manifest or manifest.get("version") != BUILD_VERSION:
        return False
    if manifest.get("sources") != _sources():
        return False
    return all((target / f["file"]).is_file() for f in manifest["files"])


def collection_index(path: Path, family: str) -> int:
    """Which face of a .ttc collection is `family` (Noto's order is JP, KR, SC, …)."""
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(path), lazy=True)
    for index, font in enumerate(collection.fonts):
        if font["name"].getDebugName(1) == family:
            return index
    raise LookupError(f"{family} not found in {path}")


def _subset(font, code_points) -> None:
    from fontTools import subset

    options = subset.Options()
    # Pango shapes with GSUB/GPOS (vertical and half-width punctuation forms): keep them.
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=code_points)
    subsetter.subset(font)


def _to_truetype(font) -> None:
    """Replace the CFF outlines with TrueType ones, in place."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

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


def _rename(font, family: str, weight: int) -> None:
    # Its own family name, so fontconfig never takes a reduced file for the full font.
    style = "Bold" if weight >= 700 else "Regular"
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 2, 3, 4, 6, 16, 17):
            names.removeNames(nameID=record.nameID)
    names.setName(family, 1, 3, 1, 0x409)
    names.setName(style, 2, 3, 1, 0x409)
    names.setName(f"{family} {style} {BUILD_VERSION}", 3, 3, 1, 0x409)
    names.setName(f"{family} {style}", 4, 3, 1, 0x409)
    names.setName(f"{family.replace(' ', '')}-{style}", 6, 3, 1, 0x409)


def _save(font, target: Path, file_name: str) -> None:
    # Written aside and renamed: a render running meanwhile never reads half a file.
    handle, temporary = tempfile.mkstemp(dir=target, suffix=".tmp")
    os.close(handle)
    font.save(temporary)
    os.chmod(temporary, 0o644)  # mkstemp makes it private; the web server reads it
    os.replace(temporary, target / file_name)


def chunk_family(face: Face, index: int) -> str:
    return f"{face.family} X{index:02d}"


def _build_face(face: Face, target: Path) -> list[dict]:
    """Prepare one face: its common file and, if extended, the chunks of the rest."""
    from fontTools.ttLib import TTFont

    font = source_font(face)
    common = common_characters()
    available = set(font.getBestCmap())
    rest = sorted(available - common) if face.extended else []
    _subset(font, (common & available) | set(rest))
    _to_truetype(font)
    converted = io.BytesIO()
    font.save(converted)

    parts = [(face.family, f"{face.key}.ttf", common, "common")]
    for index, start in enumerate(range(0, len(rest), CHUNK_SIZE), start=1):
        chunk = rest[start : start + CHUNK_SIZE]
        parts.append(
            (
                chunk_family(face, index),
                f"{face.key}-x{index:02d}.ttf",
                set(chunk),
                "extended",
            )
        )
    built = []
    for family, file_name, code_points, tier in parts:
        part = TTFont(io.BytesIO(converted.getvalue()))
        _subset(part, code_points)
        _rename(part, family, face.weight)
        _save(part, target, file_name)
        built.append(
            {
                "face": face.key,
                "family": family,
                "weight": face.weight,
                "file": file_name,
                "tier": tier,
            }
        )
    return built


def fonts_prepare(
    *, target: Path | None = None, force: bool = False, jobs: int = 2
) -> list[Path]:
    """Build the prepared fonts from the Debian fonts, unless they are up to date.

    Returns the files built (empty when nothing needed building). A few minutes on two
    cores, once per machine; run by `make fonts` (so by `make run`/`make test`).
    """
    target = target or font_dir()
    if not force and fonts_ready(target):
        return []
    missing = [f for f in FACES if not face_path(f).is_file()]
    if missing:
        raise FileNotFoundError(
            "Debian fonts missing: "
            + ", ".join(str(face_path(f)) for f in missing)
            + " (install "
            + " and ".join(sorted({f.package for f in missing}))
            + ": bin/system-deps)"
        )
    target.mkdir(parents=True, exist_ok=True)
    # The extended faces take longest: they are first in FACES, so they start first.
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        results = pool.map(_build_face, FACES, [target] * len(FACES))
        files = [entry for result in results for entry in result]
    manifest = {"version": BUILD_VERSION, "sources": _sources(), "files": files}
    _manifest_path(target).write_text(json.dumps(manifest, indent=2))
    return [target / entry["file"] for entry in files]


def _families(family: str, files: list[dict]) -> list[str]:
    prepared = [family] if any(f["family"] == family for f in files) else []
    chunks = sorted(
        {f["family"] for f in files if f["family"].startswith(family + " X")}
    )
    return [*prepared, *chunks]


def _stack(families: list[str], generic: str) -> str:
    return ", ".join(f'"{name}"' for name in families) + f", {generic}"


def _font_face(family: str, weight: int, path: Path) -> str:
    return "@font-face { font-family: '%s'; font-weight: %d; src: url('%s'); }" % (
        family,
        weight,
        path.as_uri(),
    )


@functools.lru_cache(maxsize=4)
def _document_css(target: str, manifest_mtime: float) -> str:
    manifest = _manifest(Path(target)) if manifest_mtime else None
    files = manifest["files"] if manifest else []
    rules = [
        _font_face(f["family"], f["weight"], Path(target) / f["file"]) for f in files
    ]
    fang_source = face_path(next(f for f in FACES if f.family == FANG))
    if not files and fang_source.is_file():
        # Fontconfig does not see texlive's folder: name Debian's Fandol file itself.
        rules.append(_font_face(FANG_FALLBACK, 400, fang_source))
    serif = [*_families(SERIF, files), SERIF_FALLBACK]
    # 仿宋 first; what Fandol Fang lacks (rare characters) is set in the Song face.
    fang = [*_families(FANG, files), *([] if files else [FANG_FALLBACK]), *serif]
    rules.append(
        ":root { --fang: %s; --serif: %s; --sans: %s; }"
        % (
            _stack(fang, "serif"),
            _stack(serif, "serif"),
            _stack([*_families(SANS, files), SANS_FALLBACK], "sans-serif"),
        )
    )
    return "\n".join(rules)


def stock_fonts_css() -> str:
    """The stacks with Debian's fonts alone, as without prepared fonts (the benchmark
    compares the two)."""
    return _document_css(str(font_dir()), 0)


def document_fonts_css() -> str:
    """@font-face rules for the prepared files and the `--fang`/`--serif`/`--sans`
    stacks the templates use. Without prepared fonts the stacks are Debian's fonts
    alone: papers are still correct, only slower (system check documents.W002 says
    so)."""
    target = font_dir()
    if not fonts_ready(target):
        return _document_css(str(target), 0)
    return _document_css(str(target), _manifest_path(target).stat().st_mtime)


@functools.lru_cache(maxsize=2)
def _covered(target: str, manifest_mtime: float) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    manifest = _manifest(Path(target)) if manifest_mtime else None
    if manifest:
        for entry in manifest["files"]:
            font = TTFont(Path(target) / entry["file"], lazy=True)
            covered.update(font.getBestCmap())
        return frozenset(covered)
    for face in FACES:
        if face_path(face).is_file():
            covered.update(source_font(face, lazy=True).getBestCmap())
    return frozenset(covered)


def covered_code_points() -> frozenset[int]:
    """Every character the document fonts can set: the prepared files, or Debian's
    faces when those are not built. Read once per process (about half a second)."""
    target = font_dir()
    if not fonts_ready(target):
        return _covered(str(target), 0)
    return _covered(str(target), _manifest_path(target).stat().st_mtime)

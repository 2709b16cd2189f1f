"""System checks for what makes documents fast: HarfBuzz's subsetter and the prepared
fonts. Warnings, not errors: without them papers are still correct, only slow (~5 s).
The project's LOGGING silences WeasyPrint below ERROR, which would otherwise be the only
place saying so."""

from django.core.checks import Warning, register
from django.utils.translation import gettext_lazy as _

from . import fonts


@register()
def harfbuzz_subset_available(app_configs, **kwargs):
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    if harfbuzz_subset and harfbuzz.hb_version_atleast(4, 1, 0):
        return []
    return [
        Warning(
            _(
                "WeasyPrint 找不到 HarfBuzz 子集化库，生成文书将改用 fontTools，速度很慢。"
            ),
            hint="Install libharfbuzz-subset0 (bin/system-deps).",
            id="documents.W001",
        )
    ]


@register()
def prepared_fonts_ready(app_configs, **kwargs):
    if fonts.fonts_ready():
        return []
    return [
        Warning(
            _("文书用精简字体尚未生成或已过期，文书将直接使用完整字体排版，速度较慢。"),
            hint=f"Run `make fonts` (bin/prepare-fonts) to build them in {fonts.font_dir()}.",
            id="documents.W002",
        )
    ]

"""Official documents (WeasyPrint)."""

import environ

env = environ.Env()

# Where `make fonts` puts the prepared document fonts; empty means a per-user cache
# (~/.cache/regengine/document-fonts-v<N>) that every checkout on the machine shares.
# Outside git: they are built from the Debian fonts on each machine.
DOCUMENTS_FONT_DIR = env.str("DOCUMENTS_FONT_DIR", default="")
# Debian's fonts-noto-cjk: the source of the prepared fonts and the full-coverage fallback.
DOCUMENTS_SOURCE_FONT_DIR = env.str(
    "DOCUMENTS_SOURCE_FONT_DIR", default="/usr/share/fonts/opentype/noto"
)

"""Official documents (WeasyPrint)."""

import environ

env = environ.Env()

DOCUMENTS_FONT_DIR = env.str("DOCUMENTS_FONT_DIR", default="")

"""Official papers are always Chinese, whatever language the officer's screen uses.

The interface can be switched to English (the language cookie), but a paper is a legal
document of the bureau: its template, the labels of choices it prints (送达方式, 处罚种类)
and the sentences the workflows write into its context are all Chinese. Rendering
(`rendering.pdf_render`) and every place that builds a paper's context run inside
`document_language()`.
"""

from django.utils import translation

DOCUMENT_LANGUAGE = "zh-hans"


def document_language():
    """Context manager: translate into the papers' language for its duration."""
    return translation.override(DOCUMENT_LANGUAGE)

"""Keeps the procedures' document types present after every migrate and test flush
(a flush empties tables, and the data migration does not run again)."""

import importlib


def document_types_ensure(sender=None, **kwargs) -> None:
    from .models import DocumentType

    seed = importlib.import_module("documents.migrations.0002_document_types")
    for code, title, pattern in seed.TYPES:
        DocumentType.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "template": f"documents/{code}.html",
                "number_pattern": pattern,
            },
        )

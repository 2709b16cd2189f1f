"""Keeps the procedures' document types present after every migrate and test flush
(a flush empties tables, and the data migration does not run again)."""

import importlib


def document_types_ensure(sender=None, **kwargs) -> None:
    from .models import DocumentType

    types = []
    for migration in (
        "0002_document_types",
        "0004_case_transfer_letter",
        "0005_annual_work_report",
        "0006_licence_revocation_notice",
    ):
        types += importlib.import_module(f"documents.migrations.{migration}").TYPES
    for code, title, pattern in types:
        DocumentType.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "template": f"documents/{code}.html",
                "number_pattern": pattern,
            },
        )

"""The 撤销行政许可告知书: the notice served before a licence is revoked (行政许可法
Art. 69), telling the holder the facts, ground and basis and its right to state and
defend."""

from django.db import migrations

TYPES = [
    (
        "licence_revocation_notice",
        "撤销行政许可告知书",
        "{code}许撤告〔{year}〕{seq}号",
    )
]


def seed(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    for code, title, pattern in TYPES:
        DocumentType.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "template": f"documents/{code}.html",
                "number_pattern": pattern,
            },
        )


def unseed(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    DocumentType.objects.filter(
        code__in=[code for code, _, _ in TYPES], issued__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0005_annual_work_report")]
    operations = [migrations.RunPython(seed, unseed)]

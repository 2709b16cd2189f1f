"""The 案件移送函 for leads referred to the bureau with jurisdiction."""

from django.db import migrations

TYPES = [("case_transfer_letter", "案件移送函", "{code}移送〔{year}〕{seq}号")]


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


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_deferred_rendering")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

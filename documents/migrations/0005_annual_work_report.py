"""The 年度工作情况报告: the annual work report with figures computed from records."""

from django.db import migrations

TYPES = [("annual_work_report", "年度工作情况报告", "{code}报〔{year}〕{seq}号")]


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
    dependencies = [("documents", "0004_case_transfer_letter")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

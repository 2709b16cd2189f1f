from django.db import migrations


def add_types(apps, schema_editor):
    from enforcement.violation_types import VIOLATION_TYPES

    ViolationType = apps.get_model("enforcement", "ViolationType")
    for code, name, sector, breached, penalty in VIOLATION_TYPES:
        ViolationType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "sector": sector,
                "breached_provision": breached,
                "penalty_provision": penalty,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0002_initial")]
    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]

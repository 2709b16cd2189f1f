from django.db import migrations


def add_types(apps, schema_editor):
    from enforcement.violation_types import violation_types_ensure

    violation_types_ensure(apps.get_model("enforcement", "ViolationType"))


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0002_initial")]
    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]

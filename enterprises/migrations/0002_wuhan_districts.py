from django.db import migrations


def add_districts(apps, schema_editor):
    from enterprises.districts import districts_ensure

    districts_ensure(apps.get_model("enterprises", "District"))


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]
    operations = [migrations.RunPython(add_districts, migrations.RunPython.noop)]

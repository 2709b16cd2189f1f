from django.db import migrations


def add_districts(apps, schema_editor):
    from enterprises.districts import WUHAN_DISTRICTS

    District = apps.get_model("enterprises", "District")
    for code, name in WUHAN_DISTRICTS:
        District.objects.update_or_create(region_code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]
    operations = [migrations.RunPython(add_districts, migrations.RunPython.noop)]

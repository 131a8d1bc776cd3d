"""CODI's budget programmes as they appear in its published allocations."""

from django.db import migrations

PROGRAMMES = [
    ("capacity-building", "โครงการเสริมสร้างขีดความสามารถ", "Capacity building"),
    ("community-welfare", "โครงการสวัสดิการชุมชน", "Community welfare"),
    (
        "low-income-quality-of-life",
        "โครงการพัฒนาคุณภาพชีวิตผู้มีรายได้น้อยในเมืองและชนบท",
        "Quality of life of low-income people, urban and rural",
    ),
    ("baan-por-pieng", "โครงการบ้านพอเพียง", "Baan Por Pieng (sufficiency housing repair)"),
    ("baan-mankong", "โครงการบ้านมั่นคง", "Baan Mankong (secure housing)"),
    (
        "community-business",
        "โครงการเชื่อมโยงธุรกิจและทุนชุมชน",
        "Community business and capital linkage",
    ),
]


def seed(apps, schema_editor):
    Programme = apps.get_model("budgets", "Programme")
    for order, (code, name_th, name_en) in enumerate(PROGRAMMES, start=1):
        Programme.objects.update_or_create(
            code=code, defaults={"name_th": name_th, "name_en": name_en, "sort_order": order}
        )


def unseed(apps, schema_editor):
    codes = [code for code, _, _ in PROGRAMMES]
    apps.get_model("budgets", "Programme").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("budgets", "0002_initial")]

    operations = [migrations.RunPython(seed, unseed)]

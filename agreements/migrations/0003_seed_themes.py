"""The themes CODI's agreements are about; staff can add more in the admin."""

from django.db import migrations

THEMES = [
    ("area-based-development", "การพัฒนาโดยพื้นที่เป็นตัวตั้ง", "Area-based development"),
    ("housing", "ที่อยู่อาศัยและที่ดิน", "Housing and land"),
    ("community-welfare", "สวัสดิการชุมชน", "Community welfare"),
    ("community-councils", "สภาองค์กรชุมชน", "Community organisation councils"),
    ("community-economy", "เศรษฐกิจชุมชน", "Community economy"),
    ("poverty", "การแก้ไขปัญหาความยากจน", "Poverty eradication"),
    ("research-data", "งานวิจัย ระบบข้อมูลและการจัดการความรู้", "Research, data and knowledge"),
    ("leadership", "การพัฒนาศักยภาพผู้นำ", "Leadership and capacity building"),
    ("education", "การศึกษาและการเรียนรู้", "Education and learning"),
    ("environment", "ทรัพยากรธรรมชาติและสิ่งแวดล้อม", "Natural resources and environment"),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("agreements", "Theme")
    for slug, title_th, title_en in THEMES:
        Theme.objects.update_or_create(
            slug=slug, defaults={"title_th": title_th, "title_en": title_en}
        )


def unseed(apps, schema_editor):
    slugs = [slug for slug, _, _ in THEMES]
    apps.get_model("agreements", "Theme").objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("agreements", "0002_initial")]

    operations = [migrations.RunPython(seed, unseed)]

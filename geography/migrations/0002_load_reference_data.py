"""Load CODI's five regions and Thailand's provinces, districts and sub-districts.

The CSV files in geography/data come from the public thailand-geodata repository (MIT, see
geography/data/LICENSE); provinces_reference.csv adds the province-to-region assignment. That
assignment is only an inference for most provinces, so it is data staff can edit afterwards,
never a rule in code.
"""

import csv
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

REGIONS = [
    # code, Thai name of the office as CODI writes it, English name
    ("NORTH", "สำนักงานภาคเหนือ", "Northern Region"),
    ("NORTHEAST", "สำนักงานภาคตะวันออกเฉียงเหนือ", "Northeastern Region"),
    ("CENTRAL_WEST", "สำนักงานภาคกลางและตะวันตก", "Central and Western Region"),
    (
        "BKK_VICINITY_EAST",
        "สำนักงานภาคกรุงเทพฯ ปริมณฑลและตะวันออก",
        "Bangkok, Vicinity and Eastern Region",
    ),
    ("SOUTH", "สำนักงานภาคใต้", "Southern Region"),
]


def read_csv(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load(apps, schema_editor):
    Region = apps.get_model("geography", "Region")
    Province = apps.get_model("geography", "Province")
    District = apps.get_model("geography", "District")
    Subdistrict = apps.get_model("geography", "Subdistrict")

    regions = {
        code: Region.objects.create(code=code, name_th=th, name_en=en, sort_order=i)
        for i, (code, th, en) in enumerate(REGIONS, start=1)
    }
    region_of = {
        row["province_code"]: regions[row["codi_office_inferred"]]
        for row in read_csv("provinces_reference.csv")
    }

    # The source links rows through its own internal ids; map them to our rows.
    provinces = {}
    for row in read_csv("provinces.csv"):
        code = row["CODE"]
        provinces[row["PROVINCE_ID"]] = Province(
            code=code,
            iso_code=f"TH-{code}",
            name_th=row["PROVINCE_THAI"].strip(),
            name_en=row["PROVINCE_ENGLISH"].strip(),
            slug=slugify(row["PROVINCE_ENGLISH"]),
            region=region_of[code],
        )
    Province.objects.bulk_create(provinces.values())

    districts = {
        row["DISTRICT_ID"]: District(
            code=row["DISTRICT_CODE"],
            province=provinces[row["PROVINCE_ID"]],
            name_th=row["DISTRICT_THAI"].strip(),
            name_en=row["DISTRICT_ENGLISH"].strip(),
        )
        for row in read_csv("districts.csv")
    }
    District.objects.bulk_create(districts.values(), batch_size=500)

    Subdistrict.objects.bulk_create(
        (
            Subdistrict(
                code=row["SUB_DISTRICT_CODE"],
                district=districts[row["DISTRICT_ID"]],
                name_th=row["SUB_DISTRICT_THAI"].strip(),
                name_en=row["SUB_DISTRICT_ENGLISH"].strip(),
            )
            for row in read_csv("sub_districts.csv")
        ),
        batch_size=500,
    )


def unload(apps, schema_editor):
    for model in ("Subdistrict", "District", "Province", "Region"):
        apps.get_model("geography", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("geography", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]

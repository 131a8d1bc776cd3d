import pytest
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.db.models.deletion import ProtectedError

from geography.models import District, Province, Region, Subdistrict

pytestmark = pytest.mark.django_db


def test_migrations_load_all_reference_rows():
    assert Region.objects.count() == 5
    assert Province.objects.count() == 77
    assert District.objects.count() == 928
    assert Subdistrict.objects.count() == 7436


def test_the_five_codi_regional_offices_are_there_in_order():
    assert list(Region.objects.values_list("code", flat=True)) == [
        "NORTH",
        "NORTHEAST",
        "CENTRAL_WEST",
        "BKK_VICINITY_EAST",
        "SOUTH",
    ]
    assert Region.objects.get(code="NORTHEAST").name_th == "สำนักงานภาคตะวันออกเฉียงเหนือ"


def test_province_regions_follow_the_reference_file():
    counts = dict(Region.objects.annotate(n=Count("provinces")).values_list("code", "n"))
    assert counts == {
        "NORTH": 17,
        "NORTHEAST": 20,
        "CENTRAL_WEST": 14,
        "BKK_VICINITY_EAST": 12,
        "SOUTH": 14,
    }


def test_nakhon_ratchasima_and_kanchanaburi_are_where_design_says():
    korat = Province.objects.get(slug="nakhon-ratchasima")
    assert (korat.code, korat.iso_code, korat.region.code) == ("30", "TH-30", "NORTHEAST")
    assert korat.name_th == "นครราชสีมา"
    assert Province.objects.get(slug="kanchanaburi").region.code == "CENTRAL_WEST"
    assert Province.objects.get(code="10").name_th == "กรุงเทพมหานคร"


def test_every_iso_code_is_th_plus_the_province_code():
    for code, iso in Province.objects.values_list("code", "iso_code"):
        assert iso == f"TH-{code}"


def test_districts_and_subdistricts_hang_off_the_right_parent():
    for code, province_code in District.objects.values_list("code", "province__code"):
        assert code[:2] == province_code
    for code, district_code in Subdistrict.objects.values_list("code", "district__code"):
        assert code[:4] == district_code


def test_bangkok_has_fifty_khet():
    assert District.objects.filter(province__code="10").count() == 50


def test_thai_names_are_stored_intact():
    nikhom = District.objects.get(name_en="Nikhom Kham Soi")
    assert nikhom.name_th == "นิคมคำสร้อย"
    assert nikhom.province.name_th == "มุกดาหาร"
    assert Subdistrict.objects.filter(district=nikhom, name_th="หนองแวง").exists()
    # Combining vowels and tone marks survive the round trip (no NFC/NFD mangling).
    assert Province.objects.get(code="76").name_th == "เพชรบุรี"


def test_codes_are_unique_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Province.objects.create(
            code="30",
            iso_code="TH-99",
            name_th="ซ้ำ",
            slug="duplicate",
            region=Region.objects.first(),
        )


def test_a_malformed_code_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        District.objects.create(code="30A1", province=Province.objects.first(), name_th="ผิด")


def test_a_region_with_provinces_cannot_be_deleted():
    with pytest.raises(ProtectedError):
        Region.objects.get(code="NORTHEAST").delete()


def test_a_province_can_move_to_another_region():
    korat = Province.objects.get(slug="nakhon-ratchasima")
    korat.region = Region.objects.get(code="NORTH")
    korat.save()
    assert Province.objects.get(slug="nakhon-ratchasima").region.code == "NORTH"

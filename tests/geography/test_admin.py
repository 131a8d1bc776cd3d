import pytest

from geography.models import Province, Region

pytestmark = pytest.mark.django_db


def test_staff_move_a_province_to_another_region_in_the_admin(admin_client):
    korat = Province.objects.get(slug="nakhon-ratchasima")
    north = Region.objects.get(code="NORTH")
    response = admin_client.post(
        f"/admin/geography/province/{korat.pk}/change/",
        {
            "code": korat.code,
            "iso_code": korat.iso_code,
            "name_th": korat.name_th,
            "name_en": korat.name_en,
            "slug": korat.slug,
            "region": str(north.pk),
        },
    )
    assert response.status_code == 302
    assert Province.objects.get(pk=korat.pk).region == north


def test_the_province_list_offers_the_region_as_an_editable_column(admin_client):
    text = admin_client.get("/admin/geography/province/").text
    assert text.count('name="form-0-region"') == 1
    assert "สำนักงานภาคตะวันออกเฉียงเหนือ" in text


def test_a_duplicate_province_code_is_refused_with_a_message(admin_client):
    korat = Province.objects.get(slug="nakhon-ratchasima")
    mukdahan = Province.objects.get(slug="mukdahan")
    response = admin_client.post(
        f"/admin/geography/province/{mukdahan.pk}/change/",
        {
            "code": korat.code,
            "iso_code": mukdahan.iso_code,
            "name_th": mukdahan.name_th,
            "name_en": mukdahan.name_en,
            "slug": mukdahan.slug,
            "region": str(mukdahan.region_id),
        },
    )
    assert response.status_code == 200
    assert Province.objects.get(pk=mukdahan.pk).code == "49"

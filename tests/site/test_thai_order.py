"""Thai lists in Thai dictionary order (thai.text.sort_key), on SQLite and on PostgreSQL alike:
the databases order text by code point (PostgreSQL's here is C.UTF-8), which puts เชียงราย,
เชียงใหม่, แพร่ and every other name written with a leading vowel after อ่างทอง."""

import re
from html import unescape

import pytest
from django.db import connection

from geography.models import District, Province
from tests.factories import OrganisationFactory
from thai.text import english_sort_key, sort_key

pytestmark = pytest.mark.django_db

FILTERED_LISTS = ["/agreements/", "/budgets/", "/partners/", "/proposals/"]


def options(response, name):
    """The labels of the drop-down `name`, without its "all" option."""
    select = re.search(rf'<select name="{name}".*?</select>', response.text, re.S)
    assert select, f"no drop-down {name!r}"
    found = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(0))
    return [unescape(label) for value, label in found if value]


def assert_in_thai_order(names):
    assert names == sorted(names, key=sort_key)
    assert names != sorted(names), "code-point order would pass too: the test proves nothing"


def test_the_sort_key_puts_a_leading_vowel_after_its_consonant_and_tone_marks_last():
    names = ["ลำปาง", "ตาก", "แพร่", "เชียงใหม่", "อ่างทอง", "เชียงราย", "ก้า", "กาง", "ก่า", "กา"]
    assert sorted(names, key=sort_key) == [
        *["กา", "ก่า", "ก้า", "กาง"],
        *["เชียงราย", "เชียงใหม่", "ตาก", "แพร่", "ลำปาง", "อ่างทอง"],
    ]


def test_the_sort_key_ignores_spaces_and_punctuation_and_puts_thai_before_latin():
    names = ["UNDP", "จ.ป.ร.", "จตุจักร", "abc", "ก ข", "กก"]
    assert sorted(names, key=sort_key) == ["กก", "ก ข", "จตุจักร", "จ.ป.ร.", "abc", "UNDP"]


@pytest.mark.parametrize("path", FILTERED_LISTS)
def test_the_province_drop_down_is_in_thai_dictionary_order(client, path):
    names = options(client.get(path), "province")
    assert names == sorted(Province.objects.values_list("name_th", flat=True), key=sort_key)
    assert_in_thai_order(names)
    assert names.index("เชียงราย") < names.index("เชียงใหม่") < names.index("ตาก")
    assert names.index("แพร่") < names.index("แม่ฮ่องสอน") < names.index("ลำปาง")
    assert names[-1] == "อุบลราชธานี"


@pytest.mark.parametrize("path", FILTERED_LISTS)
def test_the_english_edition_lists_provinces_in_english_alphabetical_order(client, path):
    names = options(client.get(f"/en{path}"), "province")
    assert len(names) == 77
    assert names == sorted(names, key=english_sort_key)
    assert names[:2] == ["Amnat Charoen", "Ang Thong"]


@pytest.mark.parametrize("path", ["/agreements/", "/proposals/"])
def test_the_theme_drop_down_is_in_thai_dictionary_order(client, path):
    names = options(client.get(path), "theme")
    assert names == sorted(names, key=sort_key)
    assert names.index("การแก้ไขปัญหาความยากจน") < names.index("การพัฒนาศักยภาพผู้นำ")  # ก before พ


def test_the_region_page_lists_its_provinces_in_thai_dictionary_order(client):
    text = client.get("/regions/NORTHEAST/").text
    table = text[text.index('id="provinces-heading"') :]
    names = re.findall(r'<th scope="row"><a href="/provinces/[^"]+/">([^<]+)</a></th>', table)
    expected = Province.objects.filter(region__code="NORTHEAST").values_list("name_th", flat=True)
    assert names == sorted(expected, key=sort_key)
    assert_in_thai_order(names)
    assert names.index("เลย") < names.index("สกลนคร")  # ล before ส, whatever the vowel


def test_the_admin_filters_agreements_by_provinces_in_thai_dictionary_order(admin_client):
    text = admin_client.get("/admin/agreements/agreement/").text
    names = [unescape(n) for n in re.findall(r'province__id__exact=\d+"[^>]*>([^<]+)</a>', text)]
    assert len(names) == 77
    assert_in_thai_order(names)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ICU's Thai order on PostgreSQL")
@pytest.mark.parametrize("model", [Province, District])
def test_the_sort_key_agrees_with_icus_thai_collation_on_every_place_name(model):
    with connection.cursor() as cursor:
        table = model._meta.db_table
        cursor.execute(f'SELECT name_th FROM {table} ORDER BY name_th COLLATE "th-x-icu"')
        icu = [name for (name,) in cursor.fetchall()]
    assert icu == sorted(icu, key=sort_key)


def test_the_admin_lists_organisations_in_thai_order_on_both_databases(admin_client):
    """The admin's long lists are ordered by the database (thai.text.ThaiOrder): ICU's Thai
    collation on PostgreSQL, the same order from sort_key() as a collation of SQLite's."""
    names = ["แพร่พัฒนา", "ตากพัฒนา", "เชียงใหม่พัฒนา", "เชียงรายพัฒนา", "กาญจนบุรีพัฒนา"]
    for name in names:
        OrganisationFactory(name_th=name)
    text = admin_client.get("/admin/partners/organisation/").text
    listed = [
        unescape(n) for n in re.findall(r'<th class="field-name_th"><a [^>]*>([^<]+)</a>', text)
    ]
    assert listed == sorted(names, key=sort_key)
    assert listed != sorted(names)  # not code-point order


def test_the_partner_list_is_in_thai_dictionary_order(client):
    from agreements.models import Agreement
    from tests.factories import AgreementFactory, AgreementPartyFactory

    names = ["แพร่พัฒนา", "ตากพัฒนา", "เชียงใหม่พัฒนา", "เชียงรายพัฒนา", "กาญจนบุรีพัฒนา"]
    agreement = AgreementFactory()
    for name in names:
        AgreementPartyFactory(agreement=agreement, organisation=OrganisationFactory(name_th=name))
    Agreement.objects.filter(pk=agreement.pk).exists()  # the partner counts, rebuilt on read

    text = client.get("/partners/").text
    listed = [n for n in re.findall(r'<a href="/partners/\d+/">([^<]+)</a>', text) if n in names]
    assert listed == sorted(names, key=sort_key)

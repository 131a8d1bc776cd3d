"""Dates in the admin are typed and shown in the Buddhist Era: every date field says how to type
it, a CE year typed by mistake is refused, and history pages, change lists and read-only
fields write BE years."""

import datetime

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.utils import timezone

from agreements.models import Agreement, ExpiryNotice
from geography.models import District
from tests.agreements.test_admin import ADD_URL, agreement_post, three_parties, with_parties
from tests.factories import AgreementFactory
from thai.calendar import THAI_MONTHS, thai_date
from thai.forms import ThaiDateField

# How dates are typed and written does not depend on the database: CI checks it once.
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_once]

FORMAT_HINT = "รูปแบบ: วว/ดด/ปปปป (พ.ศ.)"


def ce_and_be(moment):
    """('21 พฤศจิกายน 2026', '21 พฤศจิกายน 2569') for a date-time, in Bangkok time."""
    day = timezone.localtime(moment).date()
    return f"{day.day} {THAI_MONTHS[day.month - 1]} {day.year}", thai_date(day)


def test_a_ce_year_typed_by_mistake_is_refused_with_the_be_year_meant(admin_client):
    response = admin_client.post(ADD_URL, agreement_post(signed_on="15/03/2025"))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["signed_on"]
    assert errors == [
        "ปี 2025 ดูเหมือนเป็น ค.ศ. หมายถึง พ.ศ. 2568 ใช่หรือไม่ กรุณาพิมพ์วันที่ด้วยปี พ.ศ. เช่น 15/03/2568"
    ]
    assert not Agreement.objects.exists()


def test_the_same_date_typed_with_its_be_year_is_saved(admin_client):
    data = with_parties(agreement_post(signed_on="15/03/2568"), three_parties())
    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert Agreement.objects.get().signed_on == datetime.date(2025, 3, 15)


def test_the_agreement_form_says_how_to_type_each_date(admin_client):
    page = admin_client.get(ADD_URL)

    form = page.context["adminform"].form
    date_fields = [
        name for name, field in form.fields.items() if isinstance(field, forms.DateField)
    ]
    assert date_fields == ["signed_on", "starts_on", "ends_on", "terminated_on"]
    assert page.text.count(FORMAT_HINT) >= len(date_fields)
    assert page.text.count('placeholder="วว/ดด/ปปปป"') >= len(date_fields)


def test_every_date_field_of_every_admin_form_is_typed_in_be_and_says_how(superuser):
    """Every form and inline the admin lets staff fill in: a new model's date field must not
    slip back to Django's CE DateField."""
    request = RequestFactory().get("/admin/")
    request.user = superuser
    checked = []
    for model, model_admin in admin.site._registry.items():
        if not (
            model_admin.has_add_permission(request) or model_admin.has_change_permission(request)
        ):
            continue
        form_classes = [model_admin.get_form(request)] + [
            formset.form for formset, _ in model_admin.get_formsets_with_inlines(request)
        ]
        for form_class in form_classes:
            for name, field in form_class.base_fields.items():
                if isinstance(field, forms.DateField):
                    checked.append(f"{model.__name__}.{name}")
                    assert isinstance(field, ThaiDateField), checked[-1]
                    assert "วว/ดด/ปปปป (พ.ศ.)" in str(field.help_text), checked[-1]
    assert {"Agreement.signed_on", "Activity.starts_on", "ProgressUpdate.recorded_on"} <= set(
        checked
    )


def test_the_history_of_an_agreement_shows_be_dates(admin_client):
    agreement = AgreementFactory(signed_on=datetime.date(2024, 5, 23))
    record = Agreement.history.get(id=agreement.pk)
    in_ce, in_be = ce_and_be(record.history_date)

    page = admin_client.get(f"/admin/agreements/agreement/{agreement.pk}/history/")

    assert page.status_code == 200
    assert in_be in page.text
    assert in_ce not in page.text


def test_the_history_of_a_record_without_versions_shows_be_dates(admin_client, superuser):
    district = District.objects.order_by("code").first()
    entry = LogEntry.objects.create(
        user=superuser,
        content_type=ContentType.objects.get_for_model(District),
        object_id=str(district.pk),
        object_repr=str(district),
        action_flag=CHANGE,
        change_message="[]",
    )
    in_ce, in_be = ce_and_be(entry.action_time)

    page = admin_client.get(f"/admin/geography/district/{district.pk}/history/")

    assert page.status_code == 200
    assert in_be in page.text
    assert in_ce not in page.text


def test_read_only_dates_of_a_change_form_are_in_be(admin_client):
    agreement = AgreementFactory(is_published=True)
    in_ce, in_be = ce_and_be(agreement.published_at)

    page = admin_client.get(f"/admin/agreements/agreement/{agreement.pk}/change/")

    assert in_be in page.text
    assert in_ce not in page.text


def test_date_columns_of_a_change_list_are_in_be(admin_client):
    notice = ExpiryNotice.objects.create(
        agreement=AgreementFactory(), threshold_days=120, ends_on=datetime.date(2027, 1, 14)
    )
    in_ce, in_be = ce_and_be(notice.sent_at)

    page = admin_client.get("/admin/agreements/expirynotice/")

    assert in_be in page.text
    assert in_ce not in page.text


def test_english_pages_keep_django_dates(admin_client):
    agreement = AgreementFactory(is_published=True)
    moment = timezone.localtime(agreement.published_at)

    page = admin_client.get(f"/en/admin/agreements/agreement/{agreement.pk}/change/")

    assert f"{moment.day}, {moment.year}" in page.text  # Django's English "Nov. 21, 2026, …"
    assert "Format: yyyy-mm-dd (CE) or dd/mm/yyyy (BE)." in page.text

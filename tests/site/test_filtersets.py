"""The public lists' filter sets copy their filters and fields lightly (records/filtersets.py):
each request still gets its own, and nothing one request sets reaches the next."""

import pytest
from django.http import QueryDict

from agreements.filters import AgreementFilter
from agreements.models import Agreement
from geography.models import Province
from proposals.filters import ProposalFilter
from public.partnerships import DashboardForm

pytestmark = pytest.mark.django_db


def filterset(query=""):
    return AgreementFilter(QueryDict(query), queryset=Agreement.objects.published())


def test_each_filter_set_has_its_own_filters_bound_to_it():
    first, second = filterset(), filterset()

    for name in first.filters:
        assert first.filters[name] is not second.filters[name]
        assert first.filters[name].parent is first
        assert second.filters[name].parent is second
    # A filter with a method finds it on its own filter set.
    assert first.filters["q"].filter.f is first.filters["q"]


def test_each_form_has_its_own_fields_and_widgets():
    first, second = filterset().form, filterset().form

    for name in first.fields:
        assert first.fields[name] is not second.fields[name]
        assert first.fields[name].widget is not second.fields[name].widget
    first.fields["province"].widget.attrs["data-test"] = "one request"
    first.fields["province"].error_messages["invalid_choice"] = "changed"
    first.fields["province"].validators.append(lambda value: None)

    third = filterset().form.fields["province"]
    assert "data-test" not in third.widget.attrs
    assert third.error_messages["invalid_choice"] != "changed"
    assert third.validators == []


def test_a_drop_down_of_a_table_reads_the_options_of_its_own_field():
    field = filterset().form.fields["province"]

    assert field.widget.choices.field is field
    values = [value for value, _label in field.widget.choices]
    assert set(values) == {""} | set(Province.objects.values_list("slug", flat=True))


def test_a_changed_filter_still_filters_and_the_next_one_does_not_inherit_it():
    first = filterset("status=active")
    first.filters["status"].label = "one request"

    assert filterset().filters["status"].label != "one request"
    assert list(filterset("q=nothing-at-all-here").qs) == []


def test_every_public_filter_set_validates_on_its_own_copies():
    bad = ProposalFilter(QueryDict("province=nowhere"))
    good = ProposalFilter(QueryDict(""))

    assert not bad.form.is_valid()
    assert good.form.is_valid()
    assert "province" in bad.form.errors and not good.form.errors


def test_the_dashboard_form_gets_its_own_fields_too():
    first, second = DashboardForm({"region": "NORTHEAST"}), DashboardForm({})

    assert first.fields["region"] is not second.fields["region"]
    assert first.fields["region"].widget.choices.field is first.fields["region"]
    assert first.is_valid() and second.is_valid()
    assert first.cleaned_data["region"].code == "NORTHEAST"
    assert second.cleaned_data["region"] is None

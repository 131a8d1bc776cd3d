"""Open-data records written out from values_list() rows, as the serializers declare them.

DRF serializes field by field (~10 µs a field, more through nested serializers) from model
instances (one per related row too): for a page of fifty records, most of the answer's time.
The endpoints read named values_list() rows instead and write each record as a dict in the
declared fields' order; the serializers still describe the records (the OpenAPI schema is made
from them, and tests compare the two). These are the pieces they share.
"""

from collections import defaultdict

from rest_framework import serializers

# An amount as the serializers give it: a string with two decimals ("468690.00").
MONEY = serializers.DecimalField(max_digits=14, decimal_places=2)


def iso(date):
    return None if date is None else date.isoformat()


def money(amount):
    return None if amount is None else MONEY.to_representation(amount)


def province_ref(code, slug, name_th, name_en):
    """A province as ProvinceRefSerializer gives it."""
    return {"code": code, "slug": slug, "name_th": name_th, "name_en": name_en}


def grouped(rows):
    """{first value of a row: [what was made of the rest, in order]} from (key, item) pairs."""
    groups = defaultdict(list)
    for key, item in rows:
        groups[key].append(item)
    return groups

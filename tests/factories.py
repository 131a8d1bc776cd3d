"""factory-boy factories for every model, in one place.

Geography is reference data loaded by a migration, so factories pick existing provinces rather
than inventing new ones unless a test asks for it.
"""

import factory
from django.contrib.auth import get_user_model

from geography.models import Province, Region


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class StaffUserFactory(UserFactory):
    is_staff = True


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"TEST_REGION_{n}")
    name_th = factory.Sequence(lambda n: f"ภาคทดสอบ {n}")
    name_en = factory.Sequence(lambda n: f"Test region {n}")
    sort_order = 99


def province(slug):
    """One of the 77 real provinces, by slug."""
    return Province.objects.select_related("region").get(slug=slug)

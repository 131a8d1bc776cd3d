import pytest


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Production uses WhiteNoise's manifest storage, which needs `collectstatic` first; tests
    # render templates straight from the source files instead.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    return UserFactory(username="central", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from articles.models import Language


@pytest.fixture(autouse=True)
def generous_rate_limits(settings):
    """Tests make many requests from one address; throttling has its own tests with low limits."""
    from django.core.cache import cache

    settings.BALKANAPI_THROTTLE_RATES = {"anon": "100000/min", "user": "100000/min", "heavy": "100000/min"}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def languages(db):
    """The languages most tests need; created like the sample dataset does."""
    codes = {"en": "English", "sq": "Albanian", "sr": "Serbian", "ru": "Russian"}
    return {code: Language.objects.get_or_create(code=code, defaults={"name": name})[0] for code, name in codes.items()}


@pytest.fixture
def curator_client(django_user_model):
    """A client logged in (by token) as a user holding every add/change/delete permission of our apps."""
    from rest_framework.authtoken.models import Token

    user = django_user_model.objects.create_user("curator", password="pw-curator-123")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["actors", "articles"]))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def reader_client(django_user_model):
    """A client logged in as a user with no model permissions: may read, may not write."""
    user = django_user_model.objects.create_user("reader", password="pw-reader-123")
    client = APIClient()
    client.force_authenticate(user)
    return client

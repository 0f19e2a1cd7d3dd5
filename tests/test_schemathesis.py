"""Schema-driven fuzzing: every operation of the OpenAPI schema, generated inputs, every check.

Work in progress (issue 5): it still finds response-schema mismatches and requests the schema calls
valid that the API refuses (e.g. slugs of records that do not exist), so it runs only when asked:
SCHEMATHESIS=1 (SCHEMATHESIS_EXAMPLES sets the examples per operation, default 4).
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from balkanapi.wsgi import application

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "4"))
pytestmark = pytest.mark.skipif(
    os.environ.get("SCHEMATHESIS") != "1",
    reason="schema fuzzing is opt-in until its findings are fixed (SCHEMATHESIS=1)",
)


def _generated_schema() -> dict:
    """The schema as /api/schema/ serves it, generated without a request (and so without the database)."""
    import json

    from drf_spectacular.generators import SchemaGenerator
    from rest_framework.renderers import JSONRenderer

    return json.loads(JSONRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


schema = schemathesis.openapi.from_dict(_generated_schema())
schema.app = application


@pytest.fixture
def staff_token(django_user_model):
    from rest_framework.authtoken.models import Token

    from articles.sample_dataset import load_sample_dataset

    load_sample_dataset()
    user = django_user_model.objects.create_superuser("fuzzer", "fuzzer@example.org", "pw-fuzzer-123")
    # In-process calls must not close the test's database connection between requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield Token.objects.create(user=user).key
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case, staff_token):
    case.call_and_validate(headers={"Authorization": f"Token {staff_token}"})

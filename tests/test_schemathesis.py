"""Schema-driven fuzzing: every operation of the OpenAPI schema, generated inputs, every check.

Runs in `make test` on whichever database the suite uses (`.ci/run`: PostgreSQL and SQLite), with a
bounded number of examples per operation (SCHEMATHESIS_EXAMPLES, default 3; raise it for a deeper run).

Schemathesis cannot know which records exist, so a schema-valid request naming an outlet "0" or
article 0 is refused by the API (400, the record does not exist) and reported as "schema-valid data
rejected". As its documentation advises, positive cases get known records seeded in: references
are pointed at records of the sample dataset and spans at real text. Negative cases (data that breaks
the schema) are sent exactly as generated.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from balkanapi.wsgi import application

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "3"))
INGEST_TEXT = (
    "Talks on the river border resume\n\n"
    'The two delegations met in Skopje on Tuesday. "We are ready to sign within a month," '
    "said the chief negotiator, Ana Kovač, adding that 12 of the 15 chapters were closed.\n"
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
def known_records(django_user_model):
    """The sample dataset, a staff token, and existing values to seed references with."""
    from rest_framework.authtoken.models import Token

    from actors.models import Actor
    from articles.models import Article, Outlet, QuoteGroup, Topic
    from articles.sample_dataset import load_sample_dataset

    load_sample_dataset()
    user = django_user_model.objects.create_superuser("fuzzer", "fuzzer@example.org", "pw-fuzzer-123")
    article = Article.objects.order_by("pk").first()
    # In-process calls must not close the test's database connection between requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {
        "token": Token.objects.create(user=user).key,
        "article": article,
        "actor": Actor.objects.filter(kind=Actor.Kind.PERSON).order_by("pk").first().slug,
        "organisation": Actor.objects.exclude(kind=Actor.Kind.PERSON).order_by("pk").first().slug,
        "outlet": Outlet.objects.order_by("pk").first().slug,
        "topic": Topic.objects.order_by("pk").first().slug,
        "group": QuoteGroup.objects.order_by("pk").first().slug,
    }
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def seed_references(body: dict, known: dict, multipart: bool = False) -> None:
    """Point a positive case's references at existing records, and its span at the article's text."""
    article = known["article"]
    singles = {
        "article": article.pk,
        "outlet": known["outlet"],
        "syndicated_from": known["outlet"],
        "speaker": known["actor"],
        "claimant": known["actor"],
        "organisation_slug": known["organisation"],
        "group": known["group"],
        "language": "en",
    }
    lists = {
        "authors": known["actor"],
        "about": known["actor"],
        "subjects": known["actor"],
        "topics": known["topic"],
        "languages": "en",
    }
    for field, value in singles.items():
        if body.get(field) is not None:  # null stays null: it is valid and means "none"
            body[field] = value
    for field, value in lists.items():
        if body.get(field):
            body[field] = [value]
    if body.get("quote") is not None:
        body["quote"] = None  # a quote of this article would have to exist; none is as valid
    for item in body.get("affiliations") or []:
        if isinstance(item, dict) and item.get("organisation_slug") is not None:
            item["organisation_slug"] = known["organisation"]
    ingest = ("text" in body or "file" in body) and "start" not in body
    if ingest and multipart and "file" in body and "text" not in body:  # an article, as a client sends it
        body["file"] = INGEST_TEXT.encode("utf-8")
    elif ingest:
        body["text"] = INGEST_TEXT
        body.pop("file", None)  # text or a file, not both; JSON carries text
    if "start" in body and "end" in body and "article" in body:
        body["start"], body["end"] = 0, 12
        for text_field in ("text", "sentence"):
            if text_field in body:
                body[text_field] = article.body[0:12]


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case, known_records):
    meta = case.meta
    if meta is not None and meta.generation.mode.is_positive and isinstance(case.body, dict):
        seed_references(case.body, known_records, multipart=(case.media_type or "").startswith("multipart/"))
    case.call_and_validate(headers={"Authorization": f"Token {known_records['token']}"})

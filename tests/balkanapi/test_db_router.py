"""The primary/replica router and read-your-writes middleware, without a real replica.

Routing decisions are checked directly (no query reaches an alias that does not exist here); the test
against a real streaming replica is tests/test_read_replica.py.
"""

import json
import time

import pytest
from django.conf import settings as django_settings
from django.core import signing
from django.db import transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from articles.models import Article
from balkanapi import db_router
from balkanapi.db_router import STICKY_COOKIE, PrimaryReplicaRouter, ReadYourWritesMiddleware
from tests.balkanapi.test_settings import run_manage

router = PrimaryReplicaRouter()
factory = RequestFactory()


@pytest.fixture
def replicas(settings):
    settings.DATABASE_REPLICAS = ["replica_1", "replica_2"]
    settings.REPLICA_STICKY_SECONDS = 5
    return settings.DATABASE_REPLICAS


def serve(request, view=None):
    """Run the middleware around `view` (default: note where a read would go) and return (response, seen)."""
    seen = {}

    def handler(request):
        if view is not None:
            return view(request, seen)
        seen["read"] = router.db_for_read(Article)
        return HttpResponse("ok")

    return ReadYourWritesMiddleware(handler)(request), seen


def test_settings_turn_replica_urls_into_mirrored_aliases():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; import json; print(json.dumps({a: [d['HOST'], d['PORT'], "
        "d['TEST']['MIRROR'], d['ATOMIC_REQUESTS']] for a, d in s.DATABASES.items() if a != 'default'} | "
        "{'replicas': s.DATABASE_REPLICAS, 'routers': s.DATABASE_ROUTERS}))",
        DEBUG="1",
        DATABASE_REPLICA_URLS="postgres://reader@replica-a:5433/news, postgres://reader@replica-b/news",
    )
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout.strip().splitlines()[-1])
    assert config["replica_1"] == ["replica-a", 5433, "default", False]
    assert config["replica_2"][0] == "replica-b"
    assert config["replicas"] == ["replica_1", "replica_2"]
    assert config["routers"] == ["balkanapi.db_router.PrimaryReplicaRouter"]


def test_without_replicas_the_router_leaves_every_choice_to_django(settings):
    settings.DATABASE_REPLICAS = []
    assert router.db_for_read(Article) is None
    assert router.db_for_write(Article) is None
    response, seen = serve(factory.get("/"))
    assert seen["read"] is None and STICKY_COOKIE not in response.cookies


def test_outside_requests_reads_go_to_the_primary(replicas):
    """Management commands and jobs read and then write: they read from the primary."""
    assert router.db_for_read(Article) == "default"
    assert router.db_for_write(Article) == "default"
    with db_router.reads_from_replicas():
        assert router.db_for_read(Article) in replicas
        router.db_for_write(Article)
        assert router.db_for_read(Article) == "default"  # after a write, the rest reads its own writes


def test_replicas_take_no_migrations_and_relations_span_aliases(replicas):
    assert router.allow_migrate("replica_1", "articles") is False
    assert router.allow_migrate("default", "articles") is None
    on_primary, on_replica = Article(), Article()
    on_primary._state.db, on_replica._state.db = "default", "replica_2"
    assert router.allow_relation(on_primary, on_replica) is True


def test_safe_requests_read_from_replicas_and_leave_no_cookie(replicas):
    response, seen = serve(factory.get("/api/v1/articles/"))
    assert seen["read"] in replicas
    assert STICKY_COOKIE not in response.cookies


def test_a_write_request_reads_from_the_primary_and_makes_the_client_sticky(replicas):
    response, seen = serve(factory.post("/api/v1/articles/"))
    assert seen["read"] == "default"
    cookie = response.cookies[STICKY_COOKIE]
    assert cookie["max-age"] == 5 and cookie["httponly"]

    follow_up = factory.get("/api/v1/articles/1/")
    follow_up.COOKIES[STICKY_COOKIE] = cookie.value
    assert serve(follow_up)[1]["read"] == "default"

    tampered = factory.get("/api/v1/articles/1/")
    tampered.COOKIES[STICKY_COOKIE] = cookie.value[:-2] + "xx"
    assert serve(tampered)[1]["read"] in replicas


def test_the_sticky_window_ends(replicas, monkeypatch):
    real_time = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - 6)  # the write was 6 s ago
    cookie = serve(factory.post("/"))[0].cookies[STICKY_COOKIE].value
    monkeypatch.setattr(signing.time, "time", real_time)
    later = factory.get("/")
    later.COOKIES[STICKY_COOKIE] = cookie
    assert serve(later)[1]["read"] in replicas


def test_an_orm_write_in_a_safe_request_sends_later_reads_to_the_primary(replicas):
    def view(request, seen):
        seen["before"] = router.db_for_read(Article)
        router.db_for_write(Article)  # what Model.save(), QuerySet.update() … ask
        seen["after"] = router.db_for_read(Article)
        return HttpResponse("ok")

    response, seen = serve(factory.get("/"), view)
    assert seen["before"] in replicas and seen["after"] == "default"
    assert STICKY_COOKIE in response.cookies


def test_token_clients_that_keep_no_cookies_stick_through_the_shared_cache(replicas):
    headers = {"HTTP_AUTHORIZATION": "Token abc123"}
    serve(factory.post("/api/v1/outlets/", **headers))
    assert serve(factory.get("/api/v1/outlets/", **headers))[1]["read"] == "default"
    other = {"HTTP_AUTHORIZATION": "Token other"}
    assert serve(factory.get("/api/v1/outlets/", **other))[1]["read"] in replicas


def test_when_the_cache_is_down_reads_go_to_the_primary(replicas, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(db_router.cache, "get", broken)
    request = factory.get("/", HTTP_AUTHORIZATION="Token abc123")
    assert serve(request)[1]["read"] == "default"


def test_streamed_bodies_are_read_as_the_request_was_routed(replicas):
    reads = []

    def stream():
        for _ in range(2):
            reads.append(router.db_for_read(Article))
            yield b"row\n"

    response = ReadYourWritesMiddleware(lambda request: StreamingHttpResponse(stream()))(factory.get("/export"))
    assert b"".join(response.streaming_content) == b"row\nrow\n"
    assert all(alias in replicas for alias in reads) and len(reads) == 2
    assert router.db_for_read(Article) == "default"  # and afterwards we are outside the request again


@pytest.mark.django_db(transaction=True)  # no test transaction around: the request's own is the outermost
def test_explicit_atomic_blocks_in_a_safe_request_read_from_the_primary(replicas):
    def view(request, seen):
        with transaction.atomic():  # a savepoint inside the request's own transaction
            seen["inside"] = router.db_for_read(Article)
        seen["outside"] = router.db_for_read(Article)
        return HttpResponse("ok")

    with transaction.atomic():  # what ATOMIC_REQUESTS does around the view
        seen = serve(factory.get("/"), view)[1]
    assert seen["inside"] == "default" and seen["outside"] in replicas


def test_the_middleware_runs_before_anything_reads_the_database():
    order = django_settings.MIDDLEWARE
    position = order.index("balkanapi.db_router.ReadYourWritesMiddleware")
    assert position < order.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert position < order.index("django.contrib.auth.middleware.AuthenticationMiddleware")

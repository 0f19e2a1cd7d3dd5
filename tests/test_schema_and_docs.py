import re

import pytest
import yaml
from django.core.management import call_command
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

OUTSIDE_URL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)


def test_schema_generates_without_warnings_and_validates(tmp_path):
    target = tmp_path / "schema.yml"
    # --fail-on-warn turns any drf-spectacular warning into an error.
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    validate(schema)


def test_schema_served_as_json_and_yaml(client):
    as_json = client.get("/api/schema/", {"format": "json"})
    assert as_json.status_code == 200
    assert as_json.json()["openapi"].startswith("3.")
    as_yaml = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    assert as_yaml.status_code == 200
    assert yaml.safe_load(as_yaml.content)["info"]["title"] == "BalkanAPI"


@pytest.fixture(scope="module")
def schema():
    """The generated schema, built once: generation takes seconds."""
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def parameters(schema, path):
    return {param["name"]: param for param in schema["paths"][path]["get"]["parameters"]}


@pytest.mark.parametrize(
    ("path", "names"),
    [
        (
            "/api/v1/articles/",
            [
                "outlet",
                "outlet_id",
                "language",
                "published_after",
                "published_before",
                "topic",
                "status",
                "actor",
                "actor_id",
                "speaker",
                "speaker_id",
                "q",
                "ordering",
                "page_size",
            ],
        ),
        (
            "/api/v1/quotes/",
            [
                "speaker",
                "speaker_id",
                "speaker_kind",
                "speaker_country",
                "about",
                "article",
                "outlet",
                "language",
                "direct",
                "group",
                "published_after",
                "published_before",
                "q",
            ],
        ),
        (
            "/api/v1/claims/",
            [
                "claimant",
                "subject",
                "kind",
                "has_number",
                "status",
                "outlet",
                "published_after",
                "published_before",
                "q",
            ],
        ),
        ("/api/v1/actors/", ["kind", "country", "q"]),
    ],
)
def test_every_filter_is_documented_with_type_and_description(schema, path, names):
    documented = parameters(schema, path)
    for name in names:
        assert name in documented, name
        assert documented[name]["schema"].get("type"), name
        assert documented[name].get("description"), name


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_load_nothing_from_outside(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert not OUTSIDE_URL.search(html), "docs page references an outside resource"
    assert "fonts.googleapis" not in html
    assert "drf_spectacular_sidecar" in html  # assets come from the local sidecar package
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "img-src 'self' data: blob:" in csp


def test_sidecar_assets_are_served_locally(client):
    html = client.get("/api/docs/").content.decode()
    for asset in re.findall(r"""(?:src|href)="(/static/[^"]+)""", html):
        assert client.get(asset).status_code == 200, asset

"""Adding an article from text in the admin: preview writes nothing, save goes through the ingest service."""

import base64
import re

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actors.models import Actor, ActorAlias
from articles.ingest import service
from articles.ingest.decoding import MAX_INPUT_BYTES
from articles.models import Article, Claim, Mention, Outlet, Quote, QuoteGroup
from changes.models import ChangeEvent
from tests.factories import ActorFactory, OutletFactory

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/ingest/"

# Invented people and places only.
TEXT = """Harbour deal signed in Velmar

By Ana Tester

The port authorities of Velmar and Ostrava Nova signed a cargo agreement on Tuesday, officials said.

“This agreement opens the harbour to everyone,” said Dragan Zorić, the transport minister. “Work will start in May.”

According to the Institute for Coastal Studies, 42 percent of the cargo will come by rail.

Zorić said the deal would create 1,200 jobs.
"""

OTHER_TEXT = """Mountain road reopens

The mountain road between Kestrel and Barrow Hill reopened on Friday after repairs, the regional council said.

“Traffic will be slow for a week,” said Mila Dunković, the head of the council. “Then everything is normal again.”
"""


@pytest.fixture(autouse=True)
def fresh_index():
    service.reset_actor_index()
    yield
    service.reset_actor_index()


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.org", "pw-chief-123")


@pytest.fixture
def staff_client(client, superuser):
    client.force_login(superuser)
    return client


def snapshot() -> dict[str, int]:
    """How many rows every table the pipeline writes holds (history and change feed included)."""
    models = [Article, Quote, Claim, Mention, Actor, ActorAlias, Outlet, QuoteGroup, ChangeEvent]
    counts = {model.__name__: model.objects.count() for model in models}
    counts.update({f"history:{model.__name__}": model.history.count() for model in (Article, Quote, Claim, Actor)})
    return counts


def test_form_shows_its_fields_and_the_changelist_links_to_it(staff_client):
    page = staff_client.get(URL)
    html = page.content.decode()
    assert page.status_code == 200
    for label in ("Article text", "Or upload a file", "Outlet", "URL", "Publication date"):
        assert f">{label}</label>" in html
    assert 'name="_preview" value="Preview"' in html
    assert 'name="_save"' not in html  # no Save before a preview
    assert "admin-autocomplete" in html and 'data-model-name="article"' in html  # the outlet autocomplete
    changelist = staff_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert f'href="{URL}"' in changelist and "Add from text" in changelist


def test_preview_shows_the_extraction_and_saves_nothing(staff_client):
    known = ActorFactory(name="Dragan Zorić", slug="dragan-zoric")
    outlet = OutletFactory(name="Coast Courier")
    before = snapshot()
    response = staff_client.post(
        URL,
        {
            "text": TEXT,
            "outlet": outlet.pk,
            "url": "example.org/harbour",
            "published_on": "2026-01-21",
            "_preview": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert snapshot() == before
    assert "Preview — nothing has been saved yet" in html
    # Body with spans marked, quotes with speaker and confidence, claims, new candidates.
    assert 'class="hl hl-quote"' in html and "hl-claim" in html and "hl-mention" in html
    assert 'href="#preview-quote-1"' in html
    quotes = re.search(r'<table id="preview-quotes">.*?</table>', html, re.S).group()
    assert "This agreement opens the harbour to everyone" in quotes
    assert reverse("admin:actors_actor_change", args=[known.pk]) in quotes  # matched the stored actor
    assert re.search(r"<td>0\.\d\d</td>", quotes)  # a confidence
    claims = re.search(r'<table id="preview-claims">.*?</table>', html, re.S).group()
    assert "42 percent of the cargo will come by rail" in claims
    assert "<td>42 percent</td>" in claims
    candidates = re.search(r'<table id="preview-candidates">.*?</table>', html, re.S).group()
    assert "Institute for Coastal Studies" in candidates
    # The save form carries what was previewed.
    save_form = re.search(r'<form method="post" id="save-form".*?</form>', html, re.S).group()
    assert 'name="_save" value="Save"' in save_form
    assert "Dragan Zorić, the transport minister" in save_form
    assert f'name="outlet" value="{outlet.pk}"' in save_form
    assert 'name="url" value="https://example.org/harbour"' in save_form
    assert 'name="published_on" value="2026-01-21"' in save_form


def test_preview_leaves_the_shared_actor_index_alone():
    index = service.actor_index()
    service.preview_document(TEXT)
    assert not [key for key in index.refs if key.startswith("new:")]
    assert service.actor_index() is index


def test_save_creates_the_article_with_its_records_and_opens_it(staff_client, superuser):
    outlet = OutletFactory(name="Coast Courier")
    response = staff_client.post(
        URL,
        {
            "text": TEXT,
            "outlet": outlet.pk,
            "url": "https://example.org/harbour",
            "published_on": "2026-01-21",
            "_save": "1",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_change", args=[article.pk])
    assert article.outlet == outlet
    assert article.canonical_url == "https://example.org/harbour"
    assert str(article.published_on) == "2026-01-21"
    assert article.title == "Harbour deal signed in Velmar"
    assert Quote.objects.filter(article=article, speaker__name="Dragan Zorić").count() >= 2
    assert LogEntry.objects.filter(object_id=str(article.pk), action_flag=ADDITION, user=superuser).exists()
    assert article.history.get().history_user == superuser
    page = staff_client.get(response["Location"])
    assert "Created article" in page.content.decode()


LEGACY_TEXT = """Šumava bridge opens in Žabljak

The new bridge over the Šumava river in Žabljak opened on Tuesday, the county office said.

“Čačak and Žabljak are now one hour apart,” said Dragan Zorić, the county prefect. “Đurđevo is next.”

Zorić said that traffic through Šećerna street would fall by 30 percent.
"""


def test_an_uploaded_file_in_a_legacy_encoding_is_previewed_then_saved(staff_client):
    data = LEGACY_TEXT.encode("cp1250")
    response = staff_client.post(URL, {"file": SimpleUploadedFile("story.txt", data, "text/plain"), "_preview": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert Article.objects.count() == 0
    assert "Dragan Zorić" in html
    carried = re.search(r'name="file_data" value="([^"]+)"', html).group(1)
    assert base64.b64decode(carried) == data
    response = staff_client.post(URL, {"file_data": carried, "file_name": "story.txt", "text": "", "_save": "1"})
    assert response.status_code == 302
    article = Article.objects.get()
    assert "Zorić" in article.body
    assert "input encoding cp1250" in article.notes  # the bytes, not a re-encoded copy, were ingested


@pytest.mark.parametrize(
    ("post", "field", "message"),
    [
        ({"text": ""}, None, "Paste the article text or choose a file."),
        ({"text": "   \n  "}, "text", "The input is empty or only white space."),
        ({"text": "Too short."}, "text", "No article text is left"),
        ({"file": ("doc.pdf", b"%PDF-1.7 binary")}, "file", "This looks like a binary file"),
        ({"file": ("big.txt", b"a" * (MAX_INPUT_BYTES + 1))}, "file", "Files over 2 MiB are not accepted."),
        ({"file_data": "not base64!"}, None, "upload it again"),
        ({"text": TEXT, "file": ("story.txt", TEXT.encode())}, None, "Paste text or upload a file, not both."),
        ({"text": TEXT, "url": "not a url at all"}, "url", "Enter a valid URL."),
        ({"text": TEXT, "published_on": "yesterday"}, "published_on", "Enter a valid date."),
    ],
)
@pytest.mark.parametrize("step", ["_preview", "_save"])
def test_bad_input_is_a_form_error(staff_client, post, field, message, step):
    data = {step: "1"}
    for name, value in post.items():
        data[name] = SimpleUploadedFile(value[0], value[1]) if name == "file" else value
    before = snapshot()
    response = staff_client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "errornote" in html
    if field:
        assert message in str(response.context["form"].errors[field])
    assert snapshot() == before


def test_the_same_content_twice_says_already_ingested_with_a_link(staff_client):
    first = service.ingest_document(OTHER_TEXT).article
    link = reverse("admin:articles_article_change", args=[first.pk])
    preview = staff_client.post(URL, {"text": OTHER_TEXT, "_preview": "1"}).content.decode()
    assert f"Already ingested: article {first.pk} has the same text." in preview
    assert f'href="{link}"' in preview
    assert 'name="_save"' not in preview
    before = snapshot()
    response = staff_client.post(URL, {"text": OTHER_TEXT, "_save": "1"})
    assert response.status_code == 200
    assert f"Already ingested: article {first.pk} has the same text." in response.content.decode()
    assert f'href="{link}"' in response.content.decode()
    assert snapshot() == before


def test_the_same_url_twice_says_already_ingested(staff_client):
    first = service.ingest_document(OTHER_TEXT, url="https://example.org/road").article
    response = staff_client.post(URL, {"text": TEXT, "url": "https://example.org/road", "_save": "1"})
    assert f"Already ingested: article {first.pk} has this URL." in response.content.decode()
    assert Article.objects.count() == 1


def test_html_in_the_text_is_escaped_in_the_preview(staff_client):
    hostile = TEXT.replace("Harbour deal signed", "Harbour <script>alert(1)</script> deal signed")
    html = staff_client.post(URL, {"text": hostile, "_preview": "1"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_only_staff_with_the_add_permission_may_ingest(client, django_user_model):
    outsider = django_user_model.objects.create_user("outsider", password="pw-outsider-123")
    client.force_login(outsider)
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.post(URL, {"text": TEXT, "_save": "1"}).status_code == 302
    staff = django_user_model.objects.create_user("viewer", password="pw-viewer-123", is_staff=True)
    client.force_login(staff)
    assert client.get(URL).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="add_article"))
    staff = django_user_model.objects.get(pk=staff.pk)
    client.force_login(staff)
    assert client.get(URL).status_code == 200
    assert Article.objects.count() == 0

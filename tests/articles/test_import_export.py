"""Bulk import/export of outlets and topics in the admin: dry runs, row errors, round trips, safety."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.models import Outlet, Topic
from articles.resources import OutletResource, TopicResource
from changes.models import ChangeEvent
from tests.factories import LanguageFactory, OutletFactory, TopicFactory
from tests.utils import admin_export, admin_import, admin_import_dry_run

pytestmark = pytest.mark.django_db

HEADER = "slug,name,kind,country,language,homepage,ownership,description\n"


def rows_of(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_changelists_offer_import_and_export(admin_client):
    for name in ("articles_outlet_changelist", "articles_topic_changelist"):
        html = admin_client.get(reverse(f"admin:{name}")).content.decode()
        assert 'class="import_link">Import</a>' in html and 'class="export_link">Export</a>' in html
    form = admin_client.get(reverse("admin:articles_outlet_import")).content.decode()
    assert '<option value="0">csv</option>' in form and '<option value="1">xlsx</option>' in form
    assert "xls</option>" not in form.replace("xlsx", "")


def test_dry_run_shows_row_errors_and_writes_nothing(admin_client):
    LanguageFactory(code="sr", name="Serbian")
    OutletFactory(slug="existing-outlet", name="Existing Outlet")
    before = (Outlet.objects.count(), ChangeEvent.objects.count(), Outlet.history.count())
    content = (
        HEADER
        + "new-outlet,New Outlet,independent,RS,sr,https://new.example.org,,\n"
        + "bad-kind,Bad Kind,tabloid,RS,sr,,,\n"
        + "no-language,No Language,independent,RS,xx,,,\n"
        + '"formula-name","=HYPERLINK(""http://evil.example"")",independent,RS,,,,\n'
        + "Not A Slug,Spaces,independent,RS,,,,\n"
        + "existing-outlet,Existing Outlet Renamed,independent,XK,,,,\n"
    ).encode()
    response = admin_import_dry_run(admin_client, Outlet, content)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Some rows failed to validate" in html
    assert response.context.get("confirm_form") is None  # nothing to confirm while rows are invalid
    result = response.context["result"]
    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(invalid) == {2, 3, 4, 5}
    assert "kind" in invalid[2]
    assert invalid[3]["language"] == ["Unknown language code 'xx'; add the language first."]
    assert "spreadsheet formula" in invalid[4]["name"][0]
    assert "slug" in invalid[5]
    assert "Unknown language code" in html
    assert (Outlet.objects.count(), ChangeEvent.objects.count(), Outlet.history.count()) == before
    assert Outlet.objects.get(slug="existing-outlet").name == "Existing Outlet"
    assert not Outlet.objects.filter(slug="new-outlet").exists()


def test_import_creates_and_updates_with_history_and_feed_events(admin_client):
    LanguageFactory(code="sr", name="Serbian")
    existing = OutletFactory(slug="existing-outlet", name="Existing Outlet", country="XK")
    start = ChangeEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    content = (
        HEADER
        + "new-outlet,New Outlet,independent,RS,sr,https://new.example.org,Owned by readers,\n"
        + "existing-outlet,Existing Outlet Renamed,commercial,XK,,,,\n"
    ).encode()
    response = admin_import(admin_client, Outlet, content, name="outlets.csv")
    assert "Import finished" in response.content.decode()
    new = Outlet.objects.get(slug="new-outlet")
    assert (new.name, new.language_id, new.homepage, new.ownership) == (
        "New Outlet",
        "sr",
        "https://new.example.org",
        "Owned by readers",
    )
    existing.refresh_from_db()
    assert (existing.name, existing.kind) == ("Existing Outlet Renamed", "commercial")
    latest = existing.history.first()
    assert latest.history_change_reason == "Imported from outlets.csv"
    assert latest.history_user.username == "admin"
    events = ChangeEvent.objects.filter(id__gt=start, resource="outlets")
    assert {(e.object_id, e.action) for e in events} == {(new.pk, "create"), (existing.pk, "update")}


def test_csv_round_trip_creates_no_duplicates(admin_client):
    LanguageFactory(code="sq", name="Albanian")
    OutletFactory(slug="first-outlet", name="First, with comma", language=LanguageFactory(code="sq"))
    OutletFactory(slug="second-outlet", name="Second", description="Line one\nLine two", homepage="")
    TopicFactory(slug="energy", name="Energy", description="Gas and power")
    outlets = admin_export(admin_client, Outlet, OutletResource)
    assert outlets.status_code == 200 and outlets["Content-Type"].startswith("text/csv")
    exported = rows_of(outlets)
    assert [row["slug"] for row in exported] == ["first-outlet", "second-outlet"]
    assert exported[0]["language"] == "sq" and exported[0]["country"] == "XK"
    before = (Outlet.objects.count(), ChangeEvent.objects.count(), Outlet.history.count())

    preview = admin_import_dry_run(admin_client, Outlet, outlets.content)
    assert [row.import_type for row in preview.context["result"].rows] == ["skip", "skip"]
    admin_import(admin_client, Outlet, outlets.content)
    assert (Outlet.objects.count(), ChangeEvent.objects.count(), Outlet.history.count()) == before
    assert Outlet.objects.get(slug="second-outlet").description == "Line one\nLine two"

    topics = admin_export(admin_client, Topic, TopicResource)
    edited = topics.content.decode().replace("Gas and power", "Gas; oil and power")
    admin_import(admin_client, Topic, edited.encode())
    assert list(Topic.objects.values_list("slug", "description")) == [("energy", "Gas; oil and power")]


def test_formula_cells_are_escaped_on_export_and_restored_on_import(admin_client):
    OutletFactory(slug="risky", name="Risky", ownership='=HYPERLINK("http://evil.example","x")', description="-2+3")
    exported = rows_of(admin_export(admin_client, Outlet, OutletResource))
    assert exported[0]["ownership"] == '\'=HYPERLINK("http://evil.example","x")'
    assert exported[0]["description"] == "'-2+3"
    assert exported[0]["name"] == "Risky"

    xlsx = admin_export(admin_client, Outlet, OutletResource, file_format=1)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    ownership = [cell.value for cell in sheet[2]][6]
    assert ownership.startswith("'=") and sheet.cell(2, 7).data_type == "s"  # text, not a formula

    # An export imports back unchanged: the quote our export added is removed again.
    Outlet.objects.update(ownership="changed")
    admin_import(admin_client, Outlet, admin_export(admin_client, Outlet, OutletResource).content)
    admin_import(
        admin_client,
        Outlet,
        (HEADER + 'risky,Risky,independent,XK,,,"\'=HYPERLINK(""http://evil.example"",""x"")",\'-2+3\n').encode(),
    )
    outlet = Outlet.objects.get(slug="risky")
    assert outlet.ownership == '=HYPERLINK("http://evil.example","x")'
    assert outlet.description == "-2+3"


def test_control_characters_are_stripped_on_import_and_xlsx_export_survives_them(admin_client):
    content = (
        "slug,name,description\n" + '"calm-topic","Calm\x00 topic\x07\u202e","First line\x1b\r\nsecond\tline\x7f"\n'
    ).encode()
    admin_import(admin_client, Topic, content)
    topic = Topic.objects.get(slug="calm-topic")
    assert topic.name == "Calm topic"
    assert topic.description == "First line\nsecond\tline"

    Topic.objects.filter(pk=topic.pk).update(description="bell\x07inside")  # written around the import
    xlsx = admin_export(admin_client, Topic, TopicResource, file_format=1)
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(2, 3).value == "bell\ufffdinside"


def test_xlsx_import(admin_client):
    book = openpyxl.Workbook()
    book.active.append(["slug", "name", "description"])
    book.active.append(["from-excel", "From Excel", None])
    buffer = io.BytesIO()
    book.save(buffer)
    admin_import(admin_client, Topic, buffer.getvalue(), name="topics.xlsx", file_format=1)
    assert Topic.objects.get(slug="from-excel").description == ""


def test_import_needs_add_and_change_permission_export_needs_view(client, django_user_model):
    staff = django_user_model.objects.create_user("staff", password="pw-staff-123", is_staff=True)
    import_url, export_url = reverse("admin:articles_topic_import"), reverse("admin:articles_topic_export")

    def login_with(*codenames):
        staff.user_permissions.set(
            Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )
        client.force_login(django_user_model.objects.get(pk=staff.pk))

    login_with()
    assert client.get(import_url).status_code == 403
    assert client.get(export_url).status_code == 403
    login_with("view_topic")
    assert client.get(import_url).status_code == 403
    assert client.get(export_url).status_code == 200
    login_with("view_topic", "add_topic")
    assert client.get(import_url).status_code == 403
    assert "import_link" not in client.get(reverse("admin:articles_topic_changelist")).content.decode()
    login_with("view_topic", "add_topic", "change_topic")
    assert client.get(import_url).status_code == 200
    response = admin_import_dry_run(client, Topic, b"slug,name,description\nnew-topic,New topic,\n")
    assert response.context.get("confirm_form") is not None
    client.logout()
    assert "/admin/login/" in client.get(import_url)["Location"]


def test_confirming_a_file_that_no_longer_validates_imports_nothing(admin_client):
    content = b"slug,name,description\nfirst-topic,First topic,\nsecond-topic,Second topic,\n"
    preview = admin_import_dry_run(admin_client, Topic, content)
    confirm = preview.context["confirm_form"].initial
    TopicFactory(slug="other", name="Second topic")  # meanwhile someone takes the name (names are unique)
    response = admin_client.post(reverse("admin:articles_topic_process_import"), confirm, follow=True)
    assert "Nothing was imported" in response.content.decode()
    assert not Topic.objects.filter(slug__in=["first-topic", "second-topic"]).exists()


def test_files_over_the_row_limit_are_refused(admin_client, monkeypatch):
    monkeypatch.setattr("balkanapi.imports.MAX_IMPORT_ROWS", 2)
    response = admin_import_dry_run(admin_client, Topic, b"slug,name\na-topic,A\nb-topic,B\nc-topic,C\n")
    assert "A file may hold at most 2 rows" in response.content.decode()
    assert response.context.get("confirm_form") is None
    assert not Topic.objects.exists()

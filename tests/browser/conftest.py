"""Browser tests: Debian's Chromium driven by Playwright against a live test server.

They skip, saying why, when Chromium or Playwright is missing (`.ci/run` installs Chromium). Every
page is opened in a context that refuses requests to anywhere but the test server and records
them, so a test can assert that a page needs nothing from the internet. Screenshots of the key pages
go to artifacts/browser/ (BROWSER_ARTIFACTS overrides).
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", Path(__file__).resolve().parents[2] / "artifacts" / "browser"))
# Flags that keep a headless Chromium from calling home on a machine without internet (and as root).
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM}: install Debian's chromium package (apt-get install chromium)"
        if os.environ.get("BROWSER_TESTS_REQUIRED") == "1":  # CI: a missing browser is a failure, not a skip
            pytest.fail(message)
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (requirements-dev.txt)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are safe here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1360, "height": 900},
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):
    """A fresh tab; requests leaving the test server are aborted and listed in `page.outside_requests`."""
    server = urlsplit(live_server.url).netloc
    page = browser.new_page()
    page.outside_requests = []

    def guard(route):
        if urlsplit(route.request.url).netloc == server or route.request.url.startswith("data:"):
            route.continue_()
        else:
            page.outside_requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.set_default_timeout(15_000)
    yield page
    page.context.clear_cookies()
    page.close()


@pytest.fixture
def screenshot(page):
    """Save a screenshot as artifacts/browser/<name>.png: the viewport, the whole page, or one element."""

    def save(name: str, full_page: bool = False, element=None) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        if element is not None:
            element.screenshot(path=str(path))
        else:
            page.screenshot(path=str(path), full_page=full_page)
        return path

    return save


@pytest.fixture
def staff_login(page, live_server, django_user_model):
    """Log a superuser in through the admin login form; returns the user."""

    def login():
        user = django_user_model.objects.create_superuser("curator", "curator@example.org", "pw-curator-123")
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "curator")
        page.fill("#id_password", "pw-curator-123")
        page.click("input[type=submit]")
        page.wait_for_selector("#site-name")
        return user

    return login

"""The API documentation renders offline: Swagger UI and Redoc with their endpoint lists."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_swagger_ui_lists_the_endpoints_without_outside_requests(page, live_server, screenshot):
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock-summary-path", state="visible")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/articles/" in paths and "/api/v1/quotes/{id}/" in paths
    assert page.locator(".swagger-ui .title").inner_text().startswith("BalkanAPI")
    screenshot("api-docs")
    assert page.outside_requests == []


def test_redoc_renders_without_outside_requests(page, live_server):
    page.goto(f"{live_server.url}/api/redoc/")
    page.get_by_role("menuitem").filter(has_text="List articles").first.wait_for()
    assert page.outside_requests == []

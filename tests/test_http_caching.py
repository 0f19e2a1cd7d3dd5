import pytest

from tests.factories import ActorFactory, ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/articles/", "/api/v1/articles/{id}/"])
def test_etag_and_last_modified_give_304(client, url):
    article = ArticleFactory()
    url = url.format(id=article.pk)
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    article.title = "Changed"
    article.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_actor_detail_is_cacheable_too(client):
    actor = ActorFactory()
    first = client.get(f"/api/v1/actors/{actor.slug}/")
    assert client.get(f"/api/v1/actors/{actor.slug}/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

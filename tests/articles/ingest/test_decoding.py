import pytest

from articles.ingest.decoding import MAX_INPUT_BYTES, decode, region_score
from articles.ingest.errors import IngestError

SERBIAN_LATIN = "Predsednik Vučić je rekao da će Srbija nastaviti dijalog. Šef diplomatije Đurić se složio. " * 3
SERBIAN_CYRILLIC = "Председник Вучић је рекао да ће Србија наставити дијалог са Приштином и ЕУ. " * 3


def test_utf8_passes_through_and_bom_is_dropped():
    decoded = decode("\ufeffZdravo, svete".encode())
    assert decoded.text == "Zdravo, svete"
    assert decoded.encoding == "utf-8"
    assert not decoded.is_html


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(SERBIAN_LATIN, "cp1250"), (SERBIAN_LATIN, "iso8859_2"), (SERBIAN_CYRILLIC, "cp1251")],
)
def test_legacy_encodings_of_the_region(text, encoding):
    decoded = decode(text.encode(encoding))
    assert decoded.text == text
    assert decoded.encoding != "utf-8"


def test_html_is_turned_into_article_text():
    html = """<!doctype html><html><head><title>Talks resume in Brussels</title></head><body>
    <nav><a href="/">Home</a> | <a href="/news">News</a></nav>
    <article><h1>Talks resume in Brussels</h1>
    <p>The two delegations met on Monday in Brussels for the first time in months, officials said.</p>
    <p>“We are ready to talk,” the chief negotiator told reporters after the meeting ended late in the day.</p>
    </article><footer>Subscribe to our newsletter. All rights reserved.</footer></body></html>"""
    decoded = decode(html.encode())
    assert decoded.is_html
    assert "first time in months" in decoded.plain_text
    assert "“We are ready to talk,”" in decoded.plain_text
    assert "Subscribe" not in decoded.plain_text
    assert decoded.html_metadata["title"] == "Talks resume in Brussels"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"   \n\t \n", "empty"),
        ("  \n ", "empty"),
        (b"%PDF-1.7\n%binary", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"text with a \x00 NUL byte", "binary"),
        (b"a" * (MAX_INPUT_BYTES + 1), "too_large"),
        (bytes(range(1, 32)) * 50, "binary"),
    ],
)
def test_bad_input_is_refused_with_a_code(data, code):
    with pytest.raises(IngestError) as error:
        decode(data)
    assert error.value.code == code
    assert error.value.message


def test_iso_8859_2_is_not_read_as_latin_1():
    # Without š/ž-heavy words, Latin-1 reads "će" as a "coherent" "æe"; the region's letters decide.
    text = "Ministrica je rekla da će vlada nastaviti razgovore sljedećeg tjedna, dodavši da očekuje dogovor. " * 3
    decoded = decode(text.encode("iso8859_2"))
    assert decoded.text == text


def test_region_score_prefers_the_regions_letters():
    assert region_score("će, čak, „da“") > 0
    assert region_score("æe, èak") < 0

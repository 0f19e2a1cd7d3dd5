import pytest

from articles.ingest.languages import (
    ParagraphLanguage,
    article_languages,
    detect_language,
    language_at,
    paragraph_languages,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister said the government would present a new budget next week.", "en"),
        ("Ministri tha se qeveria do të paraqesë një buxhet të ri javën e ardhshme.", "sq"),
        ("Министар је рекао да ће Влада следеће недеље представити нови буџет.", "sr"),
        ("Министерот изјави дека Владата следната недела ќе претстави нов буџет за земјата.", "mk"),
        ("Министр заявил, что правительство представит новый бюджет на следующей неделе.", "ru"),
    ],
)
def test_paragraph_language(text, expected):
    assert detect_language(text)[0] == expected


def test_latin_bcs_is_one_of_the_bcs_codes():
    code, _score = detect_language("Ministar je rekao da će Vlada sljedeći tjedan predstaviti novi proračun.")
    assert code in {"hr", "bs", "sr", "sh"}


def test_article_languages_in_order_of_share_and_short_paragraphs_inherit():
    body = (
        "The minister said the government would present a new budget next week, officials confirmed.\n\n"
        "Short label\n\n"
        "Ministri tha se qeveria do të paraqesë një buxhet të ri javën e ardhshme, sipas zyrtarëve."
    )
    paragraphs = paragraph_languages(body)
    assert [p.language for p in paragraphs] == ["en", "en", "sq"]
    assert article_languages(paragraphs) == ["en", "sq"] or article_languages(paragraphs) == ["sq", "en"]


def test_language_at_finds_the_paragraph_by_offset():
    paragraphs = [
        ParagraphLanguage(0, 10, "en", 0.9),
        ParagraphLanguage(12, 30, "sr", 0.9),
        ParagraphLanguage(32, 40, "sq", 0.9),
    ]
    assert [language_at(paragraphs, offset) for offset in (0, 9, 12, 29, 35)] == ["en", "en", "sr", "sr", "sq"]
    assert language_at(paragraphs, 11) == "sq"  # between paragraphs: the last paragraph's, as before
    assert language_at([], 3) is None

# ruff: noqa: E501 - the raw article text keeps its long lines on purpose
from articles.ingest.cleaning import Line, clean, wrap_width

RAW = """Home
• Politics
• Region

Skopje and Sofia agree to restart talks

Daily Courier
3 Min Read

By Ana Petrova

Skopje and Sofia agreed on Friday to restart talks on a border commission, after a pause of almost [two years](https://example.org/x), the two governments said in a joint statement. The […]

Skopje and Sofia agreed on Friday to restart talks on a border commission, after a pause of almost two years, the two governments said in a joint statement. The commission will meet in March.

“We have lost enough time,” the deputy foreign minister told the *Daily Courier*. The talks had broken down over

history textbooks and the wording of a 2017 treaty.

Support independent journalism
Your donation keeps our reporting free. Donate now and help us keep providing you with the news.

The European Commission welcomed the step.

Sign up for our newsletter
Get the news every morning.
Contact: desk@example.org
"""


def test_boilerplate_is_removed_and_paragraphs_repaired():
    cleaned = clean(RAW)
    assert cleaned.body == (
        "Skopje and Sofia agreed on Friday to restart talks on a border commission, after a pause of almost two "
        "years, the two governments said in a joint statement. The commission will meet in March.\n\n"
        "“We have lost enough time,” the deputy foreign minister told the Daily Courier. The talks had broken "
        "down over history textbooks and the wording of a 2017 treaty.\n\n"
        "The European Commission welcomed the step."
    )
    assert "Skopje and Sofia agree to restart talks" in cleaned.header
    assert "By Ana Petrova" in cleaned.header
    assert any("newsletter" in line for line in cleaned.footer)
    reasons = {reason for _start, _end, reason in cleaned.removed}
    assert {"header", "repeated teaser", "donation or subscription ask", "footer"} <= reasons


def test_every_body_character_maps_back_to_the_same_raw_character():
    cleaned = clean(RAW)
    for offset, character in enumerate(cleaned.body):
        if character not in " \n":
            assert RAW[cleaned.to_raw(offset)] == character, offset
    assert cleaned.offset_map()[0][0] == 0


def test_single_newline_paragraphs_and_editor_signoff():
    raw = (
        "First paragraph of a story that is long enough to count as prose in this test, said the editor.\n"
        "Second paragraph, also long enough to be a paragraph of its own in the cleaned body./ab\n\n\n"
    )
    cleaned = clean(raw)
    assert cleaned.body.split("\n\n") == [
        "First paragraph of a story that is long enough to count as prose in this test, said the editor.",
        "Second paragraph, also long enough to be a paragraph of its own in the cleaned body.",
    ]
    assert cleaned.footer == ["/ab"]


def test_markdown_heading_is_the_heading_not_body():
    cleaned = clean(
        "# A Headline Here\n\n*Jane Roe*\n\n" + "Body text of the article that goes on for a while, "
        "long enough to be prose. " * 2
    )
    assert cleaned.heading == "A Headline Here"
    assert cleaned.body.startswith("Body text")


# Invented text in the shapes seen on real pages: dash-introduced speech and a short lede.
DASH_SPEECH = (
    "Ministar se obratio novinarima nakon sastanka u glavnom gradu, gdje je govorio o budžetu i reformama.\n\n"
    "- Nećemo odustati od plana - rekao je ministar.\n\n"
    "«Мы продолжим переговоры с партнёрами и соседями, это наша обязанность перед гражданами», "
    "— добавил он на встрече с журналистами в столице.\n"
    "– сказал министр.\n"
    "– Јас не се согласувам со таа одлука.\n"
    "- Politics - Region\n"
)


def test_dash_introduced_speech_is_text_not_a_menu_bullet():
    body = clean(DASH_SPEECH).body
    assert "- Nećemo odustati od plana - rekao je ministar." in body
    assert "– сказал министр." in body
    assert "– Јас не се согласувам со таа одлука." in body
    assert "Politics - Region" not in body


def test_short_lede_before_the_first_long_paragraph_is_body_not_header():
    raw = (
        "Ministers agree to resume border talks\n\n"
        "The agency reported it on Monday.\n"
        "The two ministers met in the capital on Monday and agreed to resume talks on the border "
        "commission, which has not met for two years.\n"
    )
    cleaned = clean(raw)
    assert cleaned.body.startswith("The agency reported it on Monday.")
    assert cleaned.header == ["Ministers agree to resume border talks"]


def test_headline_byline_and_shouting_kicker_stay_in_the_header():
    raw = (
        "BIG NEWS FROM THE CAPITAL.\n"
        "Ministers agree to resume border talks\n"
        "By Ana Petrova\n"
        "Photo: Agency.\n"
        "The two ministers met in the capital on Monday and agreed to resume talks on the border "
        "commission, which has not met for two years.\n"
    )
    cleaned = clean(raw)
    assert cleaned.body.startswith("The two ministers met")
    assert len(cleaned.header) == 4


HARD_WRAPPED = """Ministers agree to resume border talks

The two ministers met in the capital on Monday and agreed to resume
talks on the border commission, which has not met for two years, the
[two governments](https://example.org/a) said in a joint statement.

"We have lost enough time - and we will not lose more," the deputy
minister told reporters after the meeting.

- We will meet again in March - he added.
"""


def test_hard_wrapped_lines_are_joined_into_their_paragraphs():
    cleaned = clean(HARD_WRAPPED)
    assert cleaned.body.split("\n\n") == [
        "The two ministers met in the capital on Monday and agreed to resume talks on the border commission, "
        "which has not met for two years, the two governments said in a joint statement.",
        '"We have lost enough time - and we will not lose more," the deputy minister told reporters after the meeting.',
        "- We will meet again in March - he added.",
    ]
    assert cleaned.header == ["Ministers agree to resume border talks"]
    for offset, character in enumerate(cleaned.body):
        if character not in " \n":
            assert HARD_WRAPPED[cleaned.to_raw(offset)] == character, offset


def test_short_lines_are_not_mistaken_for_a_hard_wrap():
    lines = [Line("Home", 0), Line("News", 5), Line("World", 10), Line("Sport", 16)]
    assert wrap_width(lines) is None


def test_a_wrap_after_the_hyphen_of_a_compound_keeps_the_word_whole():
    raw = (
        "The delegations of the two countries met again on Monday in the Bosnia-\n"
        "Herzegovina capital and agreed that the border commission would meet\n"
        "again in March, after a pause of almost two years, officials said in\n"
        "a statement released after the meeting.\n"
    )
    cleaned = clean(raw)
    assert "in the Bosnia-Herzegovina capital" in cleaned.body
    for offset, character in enumerate(cleaned.body):
        if character not in " \n":
            assert raw[cleaned.to_raw(offset)] == character, offset

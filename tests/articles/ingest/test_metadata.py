import datetime

from articles.ingest.cleaning import clean
from articles.ingest.metadata import extract_metadata

PROSE = "The parliament voted on the reform on Thursday after a long debate between the parties, officials said."


def metadata_of(raw: str):
    return extract_metadata(clean(raw))


def test_headline_byline_and_wire_credit_in_the_header():
    meta = metadata_of(
        f"Parliament Backs Judicial Reform in Narrow Vote\n\nBy Jane Roe and John Doe\n\nSerbia AP\n\n{PROSE}"
    )
    assert meta.title == "Parliament Backs Judicial Reform in Narrow Vote"
    assert meta.authors == ["Jane Roe", "John Doe"]
    assert meta.wire == "Associated Press"


def test_dateline_credit_and_syndication_footer():
    meta = metadata_of(f"ZAGREB, Croatia (Reuters) — {PROSE}\n\nAuthor Bio:\n\nThis article was produced by Newsmaker.")
    assert meta.wire in {"Reuters", "Newsmaker"}
    meta = metadata_of(f"{PROSE}\n\nAbout the author\n\nThis article was produced by Newsmaker.")
    assert meta.wire == "Newsmaker"


def test_publication_date_only_when_labelled_or_alone():
    meta = metadata_of(f"Published: March 8, 2019\n\n{PROSE} The treaty was signed on June 1, 2018.")
    assert meta.published_on == datetime.date(2019, 3, 8)
    assert meta.date_precision == "day"
    meta = metadata_of(f"{PROSE} The treaty was signed on June 1, 2018.")
    assert meta.published_on is None
    assert "No publication date" in meta.date_note


def test_outlet_name_from_copyright_footer():
    meta = metadata_of(f"{PROSE}\n\nDaily Courier © 2024. All Rights Reserved.")
    assert meta.outlet_name == "Daily Courier"


def test_a_date_or_a_label_is_not_the_headline():
    cleaned = clean(
        "Jun 3, 2021\n\nSource:\n\nMinisters agree to resume border talks\n\n"
        "The two ministers met in the capital on Monday and agreed to resume talks on the border commission, "
        "which has not met for two years.\n"
    )
    assert extract_metadata(cleaned).title == "Ministers agree to resume border talks"
    only_date = clean(
        "Jun 3, 2021\n\nThe two ministers met in the capital on Monday and agreed to resume talks on the border "
        "commission, which has not met for two years.\n"
    )
    assert extract_metadata(only_date).title is None

"""One article, any input shape, the same records.

Each sample raw article is turned, in code, into the shapes articles arrive in — hard-wrapped plain
text (wire copy, e-mail, text taken from PDFs), CRLF line ends, an HTML page, a legacy code page —
and must give what its clean text gives: the same body (modulo white space), the same direct quotes
and speakers, the same mention names and the same claims. No tolerance is needed for any shape.
"""

import html
import textwrap
from pathlib import Path

import pytest

from articles.ingest.pipeline import Extraction, extract

SAMPLES = sorted((Path(__file__).resolve().parents[3] / "articles" / "sample_data" / "raw").glob("*.txt"))
WRAP_COLUMNS = 68


def _paragraphs(raw: str) -> list[str]:
    """Each non-blank line of a scraped text is a paragraph."""
    return [line.strip() for line in raw.split("\n") if line.strip()]


def hard_wrapped(raw: str, crlf: bool = False) -> str:
    """Every paragraph filled to 68 columns, paragraphs separated by a blank line, as wire copy is.

    Lines break at spaces and after the hyphen of a compound ("Bosnia-" / "Herzegovina"), as
    textwrap does by default; words are never cut.
    """
    text = "\n\n".join(textwrap.fill(paragraph, WRAP_COLUMNS, break_long_words=False) for paragraph in _paragraphs(raw))
    text += "\n"
    return text.replace("\n", "\r\n") if crlf else text


def html_page(raw: str) -> str:
    """A plain page: a <title>, a menu, one <p> per paragraph, a footer."""
    paragraphs = _paragraphs(raw)
    body = "\n".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(paragraphs[0])}</title></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li></ul></nav>"
        f"<article>{body}</article>"
        "<footer><p>© 2025 Example Media. All rights reserved.</p><a href='/privacy'>Privacy</a></footer>"
        "</body></html>"
    )


def records(extraction: Extraction) -> dict:
    """What must not depend on the input's shape."""

    def squeeze(text: str) -> str:
        return " ".join(text.split())

    return {
        "body": squeeze(extraction.body),
        "quotes": sorted(
            (squeeze(quote.text), quote.speaker.name if quote.speaker else None)
            for quote in extraction.quotes
            if quote.direct
        ),
        "mentions": sorted({mention.ref.name for mention in extraction.mentions}),
        "claims": sorted(
            (squeeze(claim.sentence), str(claim.value), claim.claimant.name if claim.claimant else None)
            for claim in extraction.claims
        ),
    }


SHAPES = {
    "hard-wrapped": hard_wrapped,
    "hard-wrapped CRLF bytes": lambda raw: hard_wrapped(raw, crlf=True).encode("utf-8"),
    "CRLF": lambda raw: raw.replace("\n", "\r\n"),
    "HTML page": html_page,
    "Windows-1250 bytes": lambda raw: raw.encode("cp1250"),
}


@pytest.fixture(scope="module")
def clean_records() -> dict[str, dict]:
    return {path.name: records(extract(path.read_text(encoding="utf-8"))) for path in SAMPLES}


def test_there_are_samples_to_reshape():
    assert len(SAMPLES) == 5


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("path", SAMPLES, ids=[path.stem[:3] for path in SAMPLES])
def test_every_shape_gives_the_records_of_the_clean_text(path: Path, shape: str, clean_records: dict):
    raw = path.read_text(encoding="utf-8")
    try:
        data = SHAPES[shape](raw)
    except UnicodeEncodeError:
        pytest.skip("the text does not fit this code page")
    expected = clean_records[path.name]
    got = records(extract(data))
    assert got["body"] == expected["body"]
    assert got["quotes"] == expected["quotes"]
    assert got["mentions"] == expected["mentions"]
    assert got["claims"] == expected["claims"]


# Invented articles in the region's scripts, for the code pages the English samples do not fit.
CYRILLIC = (
    "Министар спољних послова изјавио је у понедељак да ће разговори са суседима бити настављени "
    "следеће недеље у главном граду, после паузе од скоро две године.\n\n"
    "„Изгубили смо довољно времена и нећемо више да чекамо“, рекао је министар новинарима после "
    "састанка са амбасадорима, додавши да влада има 12 предлога за комисију.\n\n"
    "– Очекујемо да ће обе стране показати добру вољу – рекао је он.\n"
)
LATIN = (
    "Ministrica vanjskih poslova izjavila je u ponedjeljak da će razgovori sa susjedima biti nastavljeni "
    "sljedećeg tjedna u glavnom gradu, nakon stanke od gotovo dvije godine.\n\n"
    '"Izgubili smo dovoljno vremena i nećemo više čekati", rekla je ministrica novinarima nakon '
    "sastanka s veleposlanicima, dodavši da vlada ima 12 prijedloga za povjerenstvo.\n\n"
    "- Očekujemo da će obje strane pokazati dobru volju - rekla je ona.\n"
)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(CYRILLIC, "cp1251"), (LATIN, "cp1250"), (LATIN, "iso8859_2"), (CYRILLIC, "utf-8")],
)
def test_legacy_code_pages_give_the_records_of_the_unicode_text(text: str, encoding: str):
    expected = records(extract(text))
    assert records(extract(text.encode(encoding))) == expected
    assert records(extract(hard_wrapped(text, crlf=True).encode(encoding))) == expected

from decimal import Decimal

from articles.ingest.actors import ActorIndex, KnownActor, find_mentions
from articles.ingest.claims import extract_claims
from articles.ingest.quotes import extract_quotes

KNOWN = [
    KnownActor(1, "Jane Doe", "person"),
    KnownActor(2, "Serbia", "country"),
    KnownActor(3, "Polling Institute", "organisation"),
    KnownActor(4, "Kosovo", "country"),
]


def claims_of(body):
    index = ActorIndex(KNOWN)
    mentions = find_mentions(body, index)
    return extract_claims(body, mentions, extract_quotes(body, mentions))


def test_values_are_normalised():
    body = (
        "Russia provides one-quarter of the oil imported to Serbia. "
        "The NATO-led force has roughly 3,700 troops in the country. "
        "The mission almost doubled its presence from 600 to 1,100 since February. "
        "The United States has provided more than $2 billion in assistance since 1998. "
        "Kosovo has spent over 3% of its GDP on defense."
    )
    found = [(claim.value, claim.unit) for claim in claims_of(body)]
    assert found == [
        (Decimal("25"), "percent"),
        (Decimal("3700"), "troops"),
        (Decimal("1100"), ""),
        (Decimal("2000000000"), "USD"),
        (Decimal("3"), "percent"),
    ]


def test_claimants_quote_source_or_the_article():
    body = (
        "“Serbia has 48 bases along the border,” Jane Doe said.\n\n"
        "According to the Polling Institute, 51 percent of Serbia's citizens oppose membership.\n\n"
        "Kosovo declared independence in 2008."
    )
    claims = claims_of(body)
    assert [(c.claimant.name if c.claimant else None, c.kind) for c in claims] == [
        ("Jane Doe", "statistic"),
        ("Polling Institute", "statistic"),
        (None, "event"),
    ]
    assert claims[0].quote_index is not None
    assert [ref.name for ref in claims[2].subjects] == ["Kosovo"]
    for claim in claims:
        assert body[claim.start : claim.end] == claim.sentence


def test_dates_are_not_quantities():
    claims = claims_of("On December 18 of last year, the president signed the act into law in Washington.")
    assert all(claim.value is None for claim in claims)

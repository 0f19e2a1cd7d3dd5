from decimal import Decimal

import pytest

from articles.ingest.actors import ActorIndex, KnownActor, find_mentions
from articles.ingest.claims import extract_claims, parse_number
from articles.ingest.languages import ParagraphLanguage
from articles.ingest.quotes import extract_quotes
from balkanapi.text import normalize_text

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
        (Decimal("600"), ""),
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


# -- several languages -----------------------------------------------------------------------------------

PEOPLE = [
    KnownActor(10, "Marko Petrović", "person"),
    KnownActor(11, "Ana Kovač", "person"),
    KnownActor(12, "Agim Berisha", "person"),
    KnownActor(13, "Ivan Sokolov", "person"),
    KnownActor(14, "Statistics Office", "organisation"),
]


def claims_in(body, language=None, known=PEOPLE):
    """Claims of `body`, read as one paragraph in `language` (None: unknown language)."""
    index = ActorIndex(known)
    mentions = find_mentions(body, index)
    languages = [ParagraphLanguage(0, len(body), language, 1.0)] if language else None
    return extract_claims(body, mentions, extract_quotes(body, mentions), languages=languages)


def values_in(body, language=None):
    return [(claim.value, claim.unit) for claim in claims_in(body, language) if claim.value is not None]


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "The committee met in the capital (22 June) to discuss the plan."),
        ("en", "BELGRADE, June 22 (Newswire) - The committee met to discuss the plan."),
        ("sr", "Odbor se sastao 22. juna u glavnom gradu da razgovara o planu."),
        ("sr", "Одбор се састао 22. јуна у главном граду да разговара о плану."),
        ("hr", "Odbor se sastao 22. lipnja u glavnom gradu kako bi razgovarao o planu."),
        ("sq", "Komiteti u mblodh më 22 qershor në kryeqytet për të diskutuar planin."),
        ("sq", "Komiteti u mblodh më 22 qershorit në kryeqytet për të diskutuar planin."),
        ("ru", "Комитет собрался 22 июня в столице, чтобы обсудить план."),
        ("mk", "Комитетот се состана на 22 јуни во главниот град за да го разгледа планот."),
        ("en", "The council adopted resolution 1244 after a long debate on the mission."),
        ("sr", "Savet je usvojio Rezoluciju 1244 posle duge rasprave o misiji."),
        ("bs", "Vijeće se u raspravi pozvalo na Rezolucija 1244 i na njene odredbe."),
        ("sq", "Këshilli miratoi rezolutën 1244 pas një debati të gjatë për misionin."),
        ("ru", "Совет принял резолюцию 1244 после долгих дебатов о миссии."),
        ("en", "The court said Article 5 of the treaty applies to the new members."),
        ("sr", "Sud je naveo da se član 3 ugovora odnosi na nove članice."),
        ("en", "The vote is planned at 14:30 in the main hall of the assembly."),
        ("sr", "Glasanje je zakazano u 14.30 časova u velikoj sali skupštine."),
        ("sr", "Odluka je doneta 12.03.2025. na sednici vlade u glavnom gradu."),
        ("en", "The decision was published as No. 45/2024 in the official gazette."),
        ("en", "The village celebrated its 20th festival with music and dancing."),
        ("en", "In the 1990s the region went through war, sanctions and poverty."),
        ("en", "For questions, readers can call +381 11 123 4567 during office hours."),
        ("en", "Marko Petrović, 45, arrived in the city with his family last week."),
        ("sr", "Marko Petrović (45) stigao je u grad sa porodicom prošle nedelje."),
        ("en", "The F-16 jets and S-400 systems were discussed by the ministers."),
    ],
)
def test_dates_times_document_numbers_and_ages_are_not_values(language, sentence):
    assert values_in(sentence, language) == []


def test_a_leading_date_line_gives_no_value():
    body = "date 2025-03\n\nThe committee met in the capital to discuss the plan for the region."
    assert values_in(body) == []


@pytest.mark.parametrize(
    ("language", "sentence", "expected"),
    [
        ("en", "Police said three people were injured in the blast near the station.", [(3, "people")]),
        (
            "en",
            "Twenty-five soldiers and a dozen police officers guarded the crossing.",
            [(25, "soldiers"), (12, "police")],
        ),
        ("en", "The protest drew hundreds of students to the square in front of parliament.", [(100, "")]),
        ("sr", "U nesreći je povređeno dvadeset pet radnika iz obližnje fabrike.", [(25, "radnika")]),
        ("sr", "Policija je saopštila da su tri osobe povređene u eksploziji kod stanice.", [(3, "osobe")]),
        ("sr", "Полиција је саопштила да су четири особе повређене у експлозији.", [(4, "особе")]),
        ("hr", "Na prosvjed je došlo dvije tisuće studenata iz cijele zemlje.", [(2000, "studenata")]),
        ("bs", "U općini je izgrađeno dvadeset i pet novih kuća za povratnike.", [(25, "kuća")]),
        ("mk", "Полицијата соопшти дека пет лица се повредени во несреќата.", [(5, "лица")]),
        ("mk", "На протестот дојдоа дваесет и пет илјади граѓани од целата земја.", [(25000, "граѓани")]),
        ("ru", "В результате аварии пострадали трое рабочих и десять пассажиров автобуса.", [(10, "пассажиров")]),
        ("ru", "Помощь получили жители трёх городов и четырёх деревень в регионе.", [(3, "городов"), (4, "деревень")]),
        ("sq", "Policia tha se katër persona u plagosën në shpërthimin pranë stacionit.", [(4, "persona")]),
        ("sq", "Në protestë erdhën njëzet e pesë mijë qytetarë nga i gjithë vendi.", [(25000, "qytetarë")]),
    ],
)
def test_numbers_written_as_words(language, sentence, expected):
    assert values_in(sentence, language) == [(Decimal(value), unit) for value, unit in expected]


def test_one_and_what_are_not_numbers():
    assert values_in("One of the ministers said the plan would be ready before the summer.", "en") == []
    assert values_in("Jedan od ministara je rekao da plan nije gotov, što je iznenadilo sve.", "sr") == []
    assert values_in("Një ministër tha se plani nuk është gati para verës që vjen.", "sq") == []


@pytest.mark.parametrize(
    ("language", "sentence", "expected"),
    [
        ("sr", "Budžet projekta iznosi 3,3 miliona evra prema planu opštine.", [(3300000, "EUR")]),
        ("sr", "Opština je za projekat izdvojila 1.200 evra iz svog budžeta.", [(1200, "EUR")]),
        ("hr", "Vlada je za obnovu osigurala 2,5 milijardi evra iz fondova.", [(2500000000, "EUR")]),
        ("mk", "Владата за проектот издвои 1.200 евра од својот буџет.", [(1200, "EUR")]),
        ("sq", "Qeveria ndau 2,5 miliardë euro për rindërtimin e rrugëve.", [(2500000000, "EUR")]),
        ("ru", "Правительство выделило 2,5 млрд рублей на ремонт дорог.", [(2500000000, "RUB")]),
        ("ru", "В городе проживают 1 200 семей беженцев из соседних стран.", [(1200, "семей")]),
        ("en", "The government set aside 1.5 million dollars for the roads.", [(1500000, "USD")]),
        ("en", "The government set aside $1.2 billion for the roads this year.", [(1200000000, "USD")]),
        ("sr", "Anketa pokazuje da 45 odsto građana podržava reformu zakona.", [(45, "percent")]),
        ("sr", "Анкета показује да 45 посто грађана подржава реформу закона.", [(45, "percent")]),
        ("sq", "Sondazhi tregon se 45 për qind e qytetarëve e mbështesin reformën.", [(45, "percent")]),
        ("en", "The survey shows that 45% of citizens support the reform of the law.", [(45, "percent")]),
        ("bs", "Kanton je dobio 2 mlrd maraka i 3 mln evra od donatora.", [(2000000000, "BAM"), (3000000, "EUR")]),
        ("sq", "Projekti kushton 4 mld euro dhe 2 mln euro për studimet.", [(4000000000, "EUR"), (2000000, "EUR")]),
    ],
)
def test_magnitudes_and_decimal_conventions(language, sentence, expected):
    assert values_in(sentence, language) == [(Decimal(value), unit) for value, unit in expected]


@pytest.mark.parametrize(
    ("raw", "separator", "multiplier", "expected"),
    [
        ("1.200", ",", False, "1200"),
        ("1.200", ".", False, "1.2"),
        ("1.200", "", False, "1200"),
        ("1.200", "", True, "1.2"),
        ("1.5", "", True, "1.5"),
        ("3,3", "", False, "3.3"),
        ("3,3", ",", True, "3.3"),
        ("1,200", "", False, "1200"),
        ("1,200", ".", False, "1200"),
        ("1.200,5", ",", False, "1200.5"),
        ("1\u2009200", "", False, "1200"),
        ("1\u00a0200\u00a0000", ",", False, "1200000"),
    ],
)
def test_parse_number_follows_the_language(raw, separator, multiplier, expected):
    assert parse_number(raw, separator, has_multiplier=multiplier) == Decimal(expected)


def test_every_number_of_a_sentence_is_a_claim():
    body = (
        "Unemployment fell to 12 percent last year, while wages rose by 8 percent and "
        "the state spent $3 billion on new roads."
    )
    claims = claims_in(body, "en")
    assert [(c.value, c.unit) for c in claims] == [
        (Decimal(12), "percent"),
        (Decimal(8), "percent"),
        (Decimal(3000000000), "USD"),
    ]
    assert [c.statement for c in claims] == [
        "Unemployment fell to 12 percent last year",
        "while wages rose by 8 percent and the state spent $3 billion on new roads.",
        "while wages rose by 8 percent and the state spent $3 billion on new roads.",
    ]
    assert {(c.start, c.end, c.sentence) for c in claims} == {(0, len(body), body)}


def test_both_ends_of_a_range_are_kept_and_a_number_with_its_unit_stays_one_claim():
    assert values_in("Broj vojnika je porastao od 600 do 1.100 u toku godine.", "sr") == [
        (Decimal(600), ""),
        (Decimal(1100), ""),
    ]
    assert values_in("The mission grew from 600 to 1,100 soldiers in one year.", "en") == [
        (Decimal(600), "soldiers"),
        (Decimal(1100), "soldiers"),
    ]
    # The start of a range takes the magnitude the end is written with: 10 million to 18 million.
    assert values_in("Mi trošimo od 10 do 18 miliona kubika dnevno, rekao je on.", "sr") == [
        (Decimal(10000000), "kubika"),
        (Decimal(18000000), "kubika"),
    ]
    assert values_in("Cena je porasla na 45 odsto, pa opet na 45 odsto, rekli su trgovci.", "sr") == [
        (Decimal(45), "percent")
    ]


@pytest.mark.parametrize(
    ("language", "body", "claimant"),
    [
        ("en", "Unemployment fell to 12 percent last year, Marko Petrović said.", "Marko Petrović"),
        ("sr", "Marko Petrović je rekao da je nezaposlenost pala na 12 odsto prošle godine.", "Marko Petrović"),
        ("sr", "Nezaposlenost je pala na 12 odsto prošle godine, rekao je Marko Petrović.", "Marko Petrović"),
        ("sr", "Незапосленост је пала на 12 одсто прошле године, рекао је Марко Петровић.", "Marko Petrović"),
        ("hr", "Prema riječima Ane Kovač, nezaposlenost je pala na 12 posto prošle godine.", "Ana Kovač"),
        ("sq", "Papunësia ra në 12 për qind vitin e kaluar, tha Agim Berisha.", "Agim Berisha"),
        ("sq", "Sipas Agim Berishës, papunësia ra në 12 për qind vitin e kaluar.", "Agim Berisha"),
        ("ru", "Безработица снизилась до 12 процентов в прошлом году, заявил Иван Соколов.", "Ivan Sokolov"),
        ("en", "According to the Statistics Office, unemployment fell to 12 percent last year.", "Statistics Office"),
    ],
)
def test_the_claimant_is_named_by_the_cue_wherever_it_stands(language, body, claimant):
    claims = claims_in(body, language)
    assert len(claims) == 1 and claims[0].claimant is not None
    # The mention may be an inflected form ("Ane Kovač", "Agim Berishës"): compare the surname's stem.
    assert normalize_text(claims[0].claimant.name).split()[-1][:5] == normalize_text(claimant).split()[-1][:5]


def test_a_claim_in_a_quotation_is_its_speakers_and_a_plain_claim_the_articles():
    body = (
        "Marko Petrović spoke at length. “We have built 40 schools and 12 hospitals,” he said.\n\n"
        "The ministry has 300 employees in the capital and the regions."
    )
    index = ActorIndex(PEOPLE)
    mentions = find_mentions(body, index)
    quotes = extract_quotes(body, mentions)
    for quote in quotes:
        quote.confidence = 0.2  # however unsure the attribution, the claim follows it
    claims = extract_claims(body, mentions, quotes)
    named = [(c.value, c.claimant.name if c.claimant else None) for c in claims if c.value is not None]
    assert named == [(Decimal(40), "Marko Petrović"), (Decimal(12), "Marko Petrović"), (Decimal(300), None)]
    assert all(c.quote_index is not None for c in claims[:2])


@pytest.mark.parametrize(
    ("language", "sentence", "expected"),
    [
        ("sr", "Sednica počinje u 14 sati, a radnici su radili 12 sati bez pauze.", [(12, "sati")]),
        (
            "en",
            "Around 2000 soldiers arrived, and in 2020 police arrested 5 people.",
            [(2000, "soldiers"), (5, "people")],
        ),
        (
            "en",
            "Between 600 and 1,100 soldiers and 45-50% of voters took part.",
            [(600, "soldiers"), (1100, "soldiers"), (45, "percent"), (50, "percent")],
        ),
        ("sr", "Prema čl. 5 i Zakonu br. 12, plata je 2,5% veća nego lane.", [(2.5, "percent")]),
        ("ru", "Согласно указу № 45, цены выросли на 5 процентов за год.", [(5, "percent")]),
        ("sr", "U 20. veku i tokom 90-ih godina vođeno je 300 ratova.", [(300, "ratova")]),
        (
            "en",
            "The deal is worth CHF 5 million, and the shares rose 3.5 percent.",
            [(5000000, "CHF"), (3.5, "percent")],
        ),
        ("sr", "Na skupu je bilo dvadeset pet hiljada i petsto ljudi iz cele zemlje.", [(25500, "ljudi")]),
        ("sq", "Numri u rrit nga 600 deri në 1.100 ushtarë gjatë vitit.", [(600, "ushtarë"), (1100, "ushtarë")]),
    ],
)
def test_clock_hours_years_ranges_and_labels_in_context(language, sentence, expected):
    assert values_in(sentence, language) == [(Decimal(str(value)), unit) for value, unit in expected]


def test_english_speech_without_that_and_a_source_cue_that_names_no_one():
    said = claims_in("Marko Petrović said unemployment fell to 12 percent last year.", "en")
    assert [c.claimant.name for c in said] == ["Marko Petrović"]
    grew = claims_in("Exports grew by 5 percent in Serbia over the last two years.", "en", KNOWN)
    assert [c.claimant for c in grew] == [None, None]


def test_a_speech_verb_inside_a_name_names_no_speaker():
    known = [KnownActor(20, "United States", "country"), *KNOWN]
    claims = claims_in("The United States remains Kosovo's partner, having given $2 billion in aid.", "en", known)
    assert [c.claimant for c in claims] == [None]


def test_and_a_half_before_a_magnitude():
    assert values_in("Tražićemo dve i po milijarde kubika za narednu godinu, rekao je on.", "sr") == [
        (Decimal(2500000000), "kubika")
    ]
    assert values_in("Ми ћемо тражити две и по милијарде кубика гаса, рекао је он.", "sr") == [
        (Decimal(2500000000), "кубика")
    ]

"""Stage 7, claims: checkable sentences (numbers, shares, money, counts, dates of events) and who makes them.

Every distinct checkable number of a sentence is one claim; a sentence with no number but a year or a
named event is one claim without a value. Numbers that only locate or label something are not values:
dates, times, years, decades, ordinals, phone numbers, ages after a name, and the numbers of documents
("resolution 1244", "član 3", "No. 45/2024"). Values are normalised in the sentence's language:
"one-quarter" is 25 percent, "more than $2 billion" is 2000000000 USD, "3,3 miliona" is 3300000,
"dvadeset pet" is 25, "from 600 to 1,100" is two numbers, 600 and 1100 ("od 10 do 18 miliona": 10 and 18 million).

The claimant is the speaker of the quotation that holds the number, else the source after "according
to X" / "prema riječima X" / "sipas X", else the one a speech verb names ("X said", "rekao je X", "tha X"),
else nobody, which means the article (its outlet or author) asserts it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from articles.ingest.actors import ActorRef, FoundMention
from articles.ingest.languages import ParagraphLanguage, language_at
from articles.ingest.lexicon import Lexicon, load_lexicon
from articles.ingest.quotes import FoundQuote, hits_in
from articles.ingest.sentences import SpanLookup, sentences
from balkanapi.text import normalize_text, normalize_with_offsets

_YEAR = re.compile(r"(?<![\d,.$€£])(1[89]\d\d|20\d\d)(?!\d|[.,]\d|\s*(?:%|percent|per cent))")
# Thin, narrow and ordinary no-break spaces group thousands in any language ("1 200").
_GROUP_SPACES = "\u00a0\u2009\u202f"


def _digits_pattern(group_separators: str) -> re.Pattern:
    return re.compile(
        rf"(?<![\d.,/:])(?P<number>\d{{1,3}}(?P<sep>[{group_separators}])\d{{3}}(?:(?P=sep)\d{{3}})*(?:[.,]\d+)?"
        r"|\d+(?:[.,]\d+)?)"
    )


# An ordinary space groups thousands too ("25 000"), except in English, where "in 2019 500 people" is two numbers.
_DIGITS = _digits_pattern(f",.{_GROUP_SPACES} ")
_DIGITS_ENGLISH = _digits_pattern(f",.{_GROUP_SPACES}")
_CURRENCY_BEFORE = re.compile(r"(?:US\$|\$|€|£|₽|\b(?:USD|EUR|GBP|RUB|CHF))\s?$")
_CURRENCY_AFTER = re.compile(r"^\s?(?:€|\$|£|₽)")
# Digit strings that are never quantities, whatever the language: numeric dates, clock times, phone
# numbers, "45/2024" document numbers.
_NOT_QUANTITIES = (
    re.compile(r"(?<!\d)\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})\b\.?"),  # 12.03.2025.
    re.compile(r"(?<!\d)\d{4}-\d{1,2}(?:-\d{1,2})?(?!\d)"),  # 2025-03, 2025-03-12
    re.compile(r"(?<!\d)\d{1,2}/\d{1,2}/\d{2,4}(?!\d)"),  # 12/03/2025
    re.compile(r"(?<![\d.,])\d{1,2}:[0-5]\d(?!\d)"),  # 14:30
    re.compile(r"\+\d{1,3}[\s/-]?\(?\d{1,4}\)?(?:[\s/-]?\d{2,4}){2,4}"),  # +381 11 123 4567
    re.compile(r"(?<![\d,.])0\d{1,3}[/-]\d{3}[\s-]?\d{2,4}(?!\d)"),  # 011/123-456
    re.compile(r"(?<![\d,.])\d+/\d+(?!\d)"),  # No. 45/2024, 1244/99
)
_RANGE_DASH = re.compile(r"^\s*[-–—]\s*$")
_STOP = {
    "in",
    "on",
    "at",
    "of",
    "to",
    "from",
    "for",
    "since",
    "by",
    "along",
    "across",
    "with",
    "and",
    "or",
    "the",
    "a",
    "an",
    "that",
    "than",
    "who",
    "which",
    "per",
    "each",
    "every",
    "over",
    "under",
    "into",
    "during",
}


@dataclass
class FoundClaim:
    """A checkable assertion: the sentence it stands in (body[start:end]) and what it states.

    A sentence with several numbers gives several claims with the same span, one per number; their
    `statement` is then the clause around that number.
    """

    start: int
    end: int
    sentence: str
    statement: str
    kind: str
    value: Decimal | None
    unit: str
    claimant: ActorRef | None
    quote_index: int | None
    confidence: float
    subjects: list[ActorRef] = field(default_factory=list)


@dataclass
class _Number:
    """One checkable number of a sentence: where it stands (sentence offsets), its value and unit."""

    start: int
    end: int
    value: Decimal
    unit: str
    from_words: bool = False


@dataclass(frozen=True)
class _Language:
    """What the number rules need of one language (or of all of them, when the language is unknown)."""

    decimal_separator: str  # ",", "." or "" (unknown)
    number_words: dict[str, Decimal]
    connectors: frozenset[str]
    range_words: frozenset[str]
    range_openers: frozenset[str]
    reference_nouns: tuple[str, ...]
    clock_words: frozenset[str]
    clock_intros: frozenset[str]
    currency_words: dict[str, str]
    adjective_suffixes: tuple[str, ...]
    adjective_words: frozenset[str]
    percent: re.Pattern
    fractions: re.Pattern


def extract_claims(
    body: str,
    mentions: list[FoundMention],
    quotes: list[FoundQuote],
    lexicon: Lexicon | None = None,
    languages: list[ParagraphLanguage] | None = None,
) -> list[FoundClaim]:
    """One claim per distinct checkable number of a sentence (or one per sentence with a year or an event).

    `languages` (the paragraphs' languages) decides how "1.200" and "3,3" read and which number words
    count; without it every language's words count and only unambiguous digit groups are thousands.
    """
    lexicon = lexicon or load_lexicon()
    claims: list[FoundClaim] = []
    # Mentions and quotations looked up by bisection: a scan of every one per sentence is quadratic.
    mention_lookup = SpanLookup([(m.start, m.end) for m in mentions])
    quote_lookup = SpanLookup([(q.start, q.end) for q in quotes])
    quote_position = {id(quote): position for position, quote in enumerate(quotes)}
    for start, end in sentences(body):
        text = body[start:end]
        if len(text.split()) < 5:
            continue
        inside = [mentions[position] for position in mention_lookup.inside(start, end)]
        nearby = [quotes[position] for position in quote_lookup.overlapping(start, end)]
        language = _language(lexicon, language_at(languages, start) if languages else None)
        numbers = find_numbers(text, lexicon, language)
        has_year = bool(_YEAR.search(text))
        named = bool(inside)
        event = named and bool(hits_in(lexicon.patterns["event_verbs"], body, start, end))
        if not numbers and not has_year and not event:
            continue
        for number in numbers or [None]:
            value = number.value if number else None
            unit = number.unit if number else ""
            kind = _kind(text, value, unit, lexicon)
            if (
                value is None
                and not has_year
                and any(f" {marker} " in f" {normalize_text(text)} " for marker in lexicon.policy_markers)
            ):
                kind = "policy"
            at = start + number.start if number else None
            claimant, quote_index, confidence = _claimant(body, start, end, at, inside, nearby, lexicon)
            if quote_index is not None:
                quote_index = quote_position[id(nearby[quote_index])]
            if value is None and not has_year:
                confidence = min(confidence, 0.4)  # an assertion without a number or date: weaker evidence
            elif number is not None and number.from_words:
                confidence = min(confidence, 0.45)  # "three", "dvadeset pet": read from words, less sure
            subjects = _subjects(inside, start, end, claimant)
            span = (number.start, number.end) if number else None
            claims.append(
                FoundClaim(
                    start=start,
                    end=end,
                    sentence=text,
                    statement=_statement(text, span) if len(numbers) <= 1 else _clause(text, span),
                    kind=kind,
                    value=value,
                    unit=unit,
                    claimant=claimant,
                    quote_index=quote_index,
                    confidence=confidence,
                    subjects=subjects,
                )
            )
    return claims


def _subjects(mentions: list[FoundMention], start: int, end: int, claimant: ActorRef | None) -> list[ActorRef]:
    """Who or what the sentence is about: its actors other than the claimant, at most six."""
    subjects: list[ActorRef] = []
    for mention in mentions:
        if (
            start <= mention.start
            and mention.end <= end
            and mention.ref is not claimant
            and mention.ref not in subjects
        ):
            subjects.append(mention.ref)
    return subjects[:6]


# -- languages -----------------------------------------------------------------------------------------


def _language(lexicon: Lexicon, code: str | None) -> _Language:
    """The number conventions of the lexicon language with this code, or the union when unknown."""
    stems = tuple(
        stem
        for stem, data in lexicon.languages.items()
        if code and (code == data.get("code") or code in (data.get("also_codes") or []))
    )
    return _conventions(lexicon, stems[:1])


def _conventions(lexicon: Lexicon, stems: tuple[str, ...]) -> _Language:
    """Per lexicon and language, read once (the lexicon itself is not hashable)."""
    key = (id(lexicon), stems)
    if key not in _CONVENTIONS or _CONVENTIONS[key][0] is not lexicon:
        _CONVENTIONS[key] = (lexicon, _read_conventions(lexicon, stems))
    return _CONVENTIONS[key][1]


_CONVENTIONS: dict[tuple[int, tuple[str, ...]], tuple[Lexicon, _Language]] = {}


def _alternation(phrases) -> str:
    """Regex alternation of normalised phrases, longest first."""
    return "|".join(re.escape(phrase) for phrase in sorted(phrases, key=len, reverse=True) if phrase)


def _read_conventions(lexicon: Lexicon, stems: tuple[str, ...]) -> _Language:
    chosen = [lexicon.languages[stem] for stem in stems] or list(lexicon.languages.values())
    settings = [data.get("claim_numbers") or {} for data in chosen]

    def union(key: str) -> frozenset[str]:
        return frozenset(normalize_text(str(word)) for setting in settings for word in setting.get(key) or [])

    number_words: dict[str, Decimal] = {}
    for data in chosen:
        for word, value in (data.get("number_words") or {}).items():
            # Case-folded, not normalised: accents tell numbers from words ("sto" 100, "što" what).
            number_words[str(word).casefold()] = Decimal(str(value))
    currency_words = {
        normalize_text(str(word)): code
        for setting in settings
        for word, code in (setting.get("currency_words") or {}).items()
    }
    return _Language(
        decimal_separator=settings[0].get("decimal_separator", "") if stems else "",
        number_words=number_words,
        connectors=union("number_connectors"),
        range_words=union("range_words"),
        range_openers=union("range_openers"),
        reference_nouns=tuple(sorted(union("reference_nouns"), key=len, reverse=True)),
        clock_words=union("clock_words"),
        clock_intros=union("clock_intros"),
        currency_words=currency_words,
        adjective_suffixes=tuple(union("adjective_suffixes")),
        adjective_words=union("adjective_words"),
        # Matched on normalised text; the lexicon's lists are the union over languages, which is safe
        # here: a percent word or a fraction of another language does not occur by chance.
        percent=re.compile(rf"[ ]?(?:{_alternation(lexicon.percent_words)})(?!\w)"),
        fractions=re.compile(rf"(?<!\w)(?:{_alternation(lexicon.fraction_words)})(?!\w)"),
    )


# -- numbers ---------------------------------------------------------------------------------------------


def find_numbers(text: str, lexicon: Lexicon, language: _Language | None = None) -> list[_Number]:
    """The distinct checkable numbers of a sentence, in order; both ends of a range count."""
    language = language or _conventions(lexicon, ())
    taken: list[tuple[int, int]] = [m.span() for pattern in _NOT_QUANTITIES for m in pattern.finditer(text)]
    found: list[_Number] = []
    for number in _fractions(text, lexicon, language):
        found.append(number)
        taken.append((number.start, number.end))
    digits = _DIGITS_ENGLISH if language.decimal_separator == "." else _DIGITS
    for match in digits.finditer(text):
        if any(a < match.end() and match.start() < b for a, b in taken):
            continue
        number = _digit_number(text, match, lexicon, language)
        if number is not None:
            found.append(number)
            taken.append((number.start, number.end))
    for number in _word_numbers(text, lexicon, language):
        if not any(a < number.end and number.start < b for a, b in taken):
            found.append(number)
    found.sort(key=lambda n: n.start)
    return _distinct(_join_ranges(text, found, language, lexicon))


def _fractions(text: str, lexicon: Lexicon, language: _Language) -> list[_Number]:
    """ "one-quarter of", "dvije trećine": a share, as a percentage (the longest phrase wins)."""
    normalized, origin = normalize_with_offsets(text)
    return [
        _Number(
            origin[hit.start()],
            origin[hit.end() - 1] + 1,
            Decimal(str(lexicon.fraction_words[hit.group()])),
            "percent",
        )
        for hit in language.fractions.finditer(normalized)
    ]


def _digit_number(text: str, match: re.Match, lexicon: Lexicon, language: _Language) -> _Number | None:
    raw, start, end = match.group("number"), match.start(), match.end()
    window = max(0, start - 40)
    currency = _CURRENCY_BEFORE.search(text[window:start])
    multiplier, percent, currency_after, unit, tail_end = _tail(text, end, lexicon, language)
    if _is_label(text, start, end, raw, lexicon, language) and not (percent or currency or multiplier):
        return None
    if _is_year(raw) and not (
        percent or currency or currency_after or multiplier or _counts(text, start, unit, lexicon)
    ):
        return None
    value = parse_number(raw, language.decimal_separator, has_multiplier=multiplier is not None)
    if value is None:
        return None
    if multiplier is not None:
        value *= multiplier
    if percent:
        unit = "percent"
    elif currency:
        code = currency.group().strip()
        unit = lexicon.currency.get(code) or (code if code.isalpha() else "USD")
    elif currency_after:
        unit = currency_after
    return _Number(window + currency.start() if currency else start, tail_end, _tidy(value), unit)


def _counts(text: str, start: int, unit: str, lexicon: Lexicon) -> bool:
    """ "around 2000 soldiers", "više od 1990 ljudi": a year-like number after an approximator that counts a noun."""
    before = f" {normalize_text(text[max(0, start - 24) : start])}"
    return bool(unit) and any(before.endswith(f" {word}") for word in lexicon.approximators)


def parse_number(raw: str, decimal_separator: str = "", has_multiplier: bool = False) -> Decimal | None:
    """A written number as a Decimal, in the language's convention (separator "," or "."; "" unknown).

    "1.200" is 1200 where a comma marks decimals, 1.2 in English; unknown, it is 1200 only with three
    digits after the point and no multiplier ("1.200 million" stays 1.2 million). "3,3" is 3.3 unless
    English groups thousands with it; "1,200" is 1200 in English and when unknown.
    """
    cleaned = re.sub(rf"[{_GROUP_SPACES} ]", "", raw)
    regional = re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", cleaned)
    english = re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", cleaned)
    if decimal_separator == ",":
        if regional:
            cleaned = cleaned.replace(".", "").replace(",", ".")
        elif english and "." in cleaned:
            cleaned = cleaned.replace(",", "")  # "1,200.5": English style in a regional text
        else:
            cleaned = cleaned.replace(",", ".")
    elif decimal_separator == ".":
        cleaned = cleaned.replace(",", "") if english else cleaned.replace(",", ".")
    elif english:
        cleaned = cleaned.replace(",", "")
    elif regional and ("," in cleaned or cleaned.count(".") > 1 or not has_multiplier):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def _tidy(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _is_year(raw: str) -> bool:
    return bool(re.fullmatch(r"1[89]\d\d|20\d\d", raw))


def _tail(text: str, position: int, lexicon: Lexicon, language: _Language):
    """What follows a number: (multiplier, percent?, currency code, counted noun, end of the whole phrase)."""
    multiplier: Decimal | None = None
    word = re.match(rf"[ {_GROUP_SPACES}]?([^\W\d_]+)\.?", text[position : position + 20])
    if word:
        key = normalize_text(word.group(1))
        # A one-letter multiplier ("$5m") must be glued to the number; "5 m" may be metres.
        if key in lexicon.multipliers and (len(key) > 1 or word.start(1) == 0):
            multiplier = Decimal(str(lexicon.multipliers[key]))
            position += word.end()
    rest = text[position : position + 40]
    normalized, origin = normalize_with_offsets(rest)
    percent = language.percent.match(normalized)
    if percent:
        position += origin[percent.end() - 1] + 1
    currency = ""
    symbol = _CURRENCY_AFTER.match(text[position : position + 3])
    if not percent and symbol:
        currency = lexicon.currency.get(symbol.group().strip(), "")
        position += symbol.end()
    unit = "" if percent or currency else _unit_after(text, position, lexicon, language)
    if unit in language.currency_words or unit.upper() in lexicon.currency:
        currency, unit = language.currency_words.get(unit) or lexicon.currency[unit.upper()], ""
    return multiplier, bool(percent), currency, unit, position


def _is_label(text: str, start: int, end: int, raw: str, lexicon: Lexicon, language: _Language) -> bool:
    """A number that dates, times, ranks, ages or names something rather than counting it."""
    return (
        _is_day_of_month(text, start, end, lexicon)
        or _is_clock_time(text, start, end, raw, language)
        or _is_ordinal_or_decade(text, start, end, lexicon)
        or _is_identifier(text, start)
        or _is_reference_number(text, start, language)
        or _is_age_after_name(text, start, end)
        or (len(raw) > 1 and raw.startswith("0") and raw[1:2].isdigit())  # "011": a code, not a count
    )


def _is_day_of_month(text: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """ "December 18", "Aug. 15", "(22 June)", "22. juna", "22 qershor", "22 июня": part of a date."""
    before = normalize_text(text[max(0, start - 14) : start]).rstrip(" .,(").split()
    after = normalize_text(text[end : end + 16]).lstrip(". ").split()
    return bool(
        (before and before[-1].strip(".,(") in lexicon.months) or (after and after[0].strip(".,)") in lexicon.months)
    )


def _is_clock_time(text: str, start: int, end: int, raw: str, language: _Language) -> bool:
    """ "u 14.30 časova", "at 9 a.m.", "u 14 sati", "në ora 10.30": a time of day.

    An hour word alone may be a duration ("radili su 12 sati"), so it needs minutes or an intro.
    """
    after = normalize_text(text[end : end + 12]).split()
    hour_word = bool(after) and after[0].rstrip(".,") in language.clock_words
    with_minutes = bool(re.fullmatch(r"(?:[01]?\d|2[0-3])[.:][0-5]\d", raw))
    if with_minutes and hour_word:
        return True
    before = f" {normalize_text(text[max(0, start - 16) : start])} "
    introduced = any(before.endswith(f" {intro} ") for intro in language.clock_intros)
    return introduced and (with_minutes or (hour_word and bool(re.fullmatch(r"[01]?\d|2[0-4]", raw))))


def _is_ordinal_or_decade(text: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """ "20th", "1990s", "90-ih", "'90s", "5. mjesto": letters glued to the number, or a point and a lower-case word."""
    glued = re.match(r"['’-]?([^\W\d_]+)", text[end : end + 12])
    if glued:
        word = normalize_text(glued.group(1))
        return word not in lexicon.multipliers and word not in lexicon.percent_words
    if text[max(0, start - 1) : start] in ("'", "’"):
        return True
    following = re.match(r"\.\s+(\w)", text[end : end + 4])
    return bool(following and following.group(1).islower())


def _is_identifier(text: str, start: int) -> bool:
    """ "F-16", "S-400", "G7", "COVID-19": a name with a number in it."""
    return bool(re.search(r"[^\W\d_]-?$", text[max(0, start - 2) : start]))


def _is_reference_number(text: str, start: int, language: _Language) -> bool:
    """ "resolution 1244", "Rezolucije 1244", "Article 5", "član 3", "No. 45", "Law No. 12": a document's number.

    The word before the number, or the one before that when a short label stands between ("Law No. 12",
    "rezolucije UN 1244").
    """
    words = [word.strip(".,:;(") for word in normalize_text(text[max(0, start - 40) : start]).split()]
    if text[max(0, start - 2) : start].strip() in ("#", "№"):
        return True
    candidates = words[-1:] + (words[-2:-1] if words and len(words[-1]) <= 3 else [])
    return any(
        word.startswith(noun) if len(noun) > 2 else word == noun
        for word in candidates
        for noun in language.reference_nouns
    )


def _is_age_after_name(text: str, start: int, end: int) -> bool:
    """ "Jane Doe (45)", "Jane Doe, 45, said": an age in a dateline or introduction."""
    if text[max(0, start - 1) : start] == "(" and text[end : end + 1] == ")":
        return True
    return bool(re.search(r"[A-ZÀ-ŽА-Я][\w'-]+, $", text[max(0, start - 30) : start]) and text[end : end + 1] == ",")


def _word_numbers(text: str, lexicon: Lexicon, language: _Language) -> list[_Number]:
    """Numbers written as words: "twenty-five", "dvadeset pet", "tri hiljade", "njëzet e pesë", "трёх".

    Words join into one number when each continues the one before ("twenty" + "five", "tri" + "hiljade"),
    side by side or across a connector ("dvadeset i pet", "two hundred and fifty"), never across punctuation.
    A lone "one" ("one of", "jedan od", Albanian "një", also "a") is not a count.
    """
    tokens = [(m.start(), m.end(), m.group().casefold()) for m in re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)*", text)]
    values = [_word_value(word, lexicon, language) for _start, _end, word in tokens]
    numbers: list[_Number] = []
    index = 0
    while index < len(tokens):
        if values[index] is None:
            index += 1
            continue
        parts = list(values[index])
        first, last = index, index
        while last + 1 < len(tokens):
            step = last + 1
            if _is_connector(step, tokens, values, language):
                if text[tokens[step][1] : tokens[step + 1][0]].strip():
                    break
                gap, step = text[tokens[last][1] : tokens[step][0]], step + 1
            else:
                gap = text[tokens[last][1] : tokens[step][0]]
            if gap.strip() or values[step] is None or not _joins(parts[-1], values[step][0]):
                break
            parts.extend(values[step])
            last = step
        value = _combine(parts)
        halved = _and_a_half(text, tokens, last, lexicon)
        if halved is not None:
            multiplier, last = halved
            value = (value + Decimal("0.5")) * multiplier
        if not (len(parts) == 1 and value == 1):
            number = _word_number(text, tokens[first][0], tokens[last][1], value, lexicon, language)
            if number is not None:
                numbers.append(number)
        index = last + 1
    return numbers


def _and_a_half(text: str, tokens: list, last: int, lexicon: Lexicon) -> tuple[Decimal, int] | None:
    """ "dve i po milijarde", "две и по милијарде", "two and a half million": (the magnitude, its token)."""
    phrases = {
        normalize_text(str(phrase))
        for language in lexicon.languages.values()
        for phrase in language.get("half_phrases") or []
    }
    for phrase in phrases:
        size = len(phrase.split())
        if last + size + 1 >= len(tokens) + 1:
            continue
        words = " ".join(normalize_text(word) for _start, _end, word in tokens[last + 1 : last + 1 + size])
        following = last + 1 + size
        if words == phrase and following < len(tokens):
            magnitude = lexicon.multipliers.get(normalize_text(tokens[following][2]))
            if magnitude and not text[tokens[last][1] : tokens[following][0]].strip(" ").count("\n"):
                return Decimal(str(magnitude)), following
    return None


def _is_connector(index: int, tokens: list, values: list, language: _Language) -> bool:
    """ "i" in "dvadeset i pet", "and" in "two hundred and fifty": a connector with a number word after it."""
    return (
        values[index] is None
        and index + 1 < len(tokens)
        and values[index + 1] is not None
        and normalize_text(tokens[index][2]) in language.connectors
    )


def _word_value(word: str, lexicon: Lexicon, language: _Language) -> list[tuple[Decimal, bool]] | None:
    """The parts of one word ("twenty-five" has two) as (value, is multiplier), or None if not a number."""
    parts = []
    for piece in word.split("-"):
        if piece in language.number_words:
            parts.append((language.number_words[piece], False))
        elif normalize_text(piece) in lexicon.multipliers and len(piece) > 2:
            parts.append((Decimal(str(lexicon.multipliers[normalize_text(piece)])), True))
        else:
            return None
    return parts


def _joins(previous: tuple[Decimal, bool], following: tuple[Decimal, bool]) -> bool:
    """Whether a number word continues the one before: "twenty" + "five", "tri" + "hiljade", "sto" + "dva"."""
    last, _last_is_multiplier = previous
    value, is_multiplier = following
    if is_multiplier or (value == 100 and last < 10):
        return True
    return last >= 20 and value < last and not (last < 100 and value >= 10)


def _combine(parts: list[tuple[Decimal, bool]]) -> Decimal:
    total, current = Decimal(0), Decimal(0)
    for value, is_multiplier in parts:
        if is_multiplier:
            total += (current or 1) * value
            current = Decimal(0)
        elif value == 100 and 0 < current < 10:
            current *= 100
        else:
            current += value
    return total + current


def _word_number(text: str, start: int, end: int, value: Decimal, lexicon: Lexicon, language: _Language):
    if _is_day_of_month(text, start, end, lexicon):
        return None
    multiplier, percent, currency, unit, tail_end = _tail(text, end, lexicon, language)
    if multiplier is not None:
        value *= multiplier
    return _Number(start, tail_end, _tidy(value), "percent" if percent else currency or unit, from_words=True)


def _join_ranges(text: str, numbers: list[_Number], language: _Language, lexicon: Lexicon) -> list[_Number]:
    """ "from 600 to 1,100", "od 10 do 18 miliona", "600–1,100", "between 600 and 1,100": both ends are kept,
    each a number of its own; a start written without the end's magnitude or unit takes them ("od 10 do 18
    miliona" is 10 million to 18 million)."""
    result: list[_Number] = []
    for number in numbers:
        if result:
            previous = result[-1]
            between = text[previous.end : number.start]
            gap = normalize_text(between)
            opener = normalize_text(text[max(0, previous.start - 20) : previous.start]).split()[-1:]
            if (
                _RANGE_DASH.match(between)
                or gap in language.range_words
                or (gap in language.connectors and opener and opener[0] in language.range_openers)
            ):
                factor = _magnitude(text[number.start : number.end], lexicon)
                own = _magnitude(text[previous.start : previous.end], lexicon)
                value = (
                    previous.value * factor if factor and not own and previous.value < number.value else previous.value
                )
                result[-1] = _Number(
                    previous.start, previous.end, value, previous.unit or number.unit, previous.from_words
                )
        result.append(number)
    return result


def _magnitude(written: str, lexicon: Lexicon) -> Decimal | None:
    """The multiplier a written number carries ("18 miliona" → 1000000), if it names one."""
    for word in normalize_text(written).split():
        if word in lexicon.multipliers:
            return Decimal(str(lexicon.multipliers[word]))
    return None


def _distinct(numbers: list[_Number]) -> list[_Number]:
    seen: set[tuple[Decimal, str]] = set()
    distinct = []
    for number in numbers:
        if (number.value, number.unit) not in seen:
            seen.add((number.value, number.unit))
            distinct.append(number)
    return distinct


def _unit_after(text: str, position: int, lexicon: Lexicon, language: _Language | None = None) -> str:
    """The counted noun after a number: "48 advanced operational bases along …" -> "bases".

    Among the next few words (up to a function word, a name, a number or a punctuation mark) the first
    that does not look like an adjective; a currency word is returned as it is, for the caller to map.
    """
    if not text[position : position + 1].isspace():
        return ""
    # The noun stands before the next punctuation mark or number: "25 vojnika, tri hiljade civila" -> "vojnika".
    words = re.findall(r"[^\W\d_][\w-]*", re.split(r"[,;:.()\[\]“”\"«»„\d]", text[position : position + 60])[0])
    candidates: list[str] = []
    for word in words[:4]:
        lowered = word.lower()
        key = normalize_text(word)
        if language and key in language.currency_words:
            return key
        if (
            lowered in _STOP
            or key in lexicon.non_name_words
            or key in lexicon.complementizers
            or word[:1].isupper()
            or (language and (lowered in language.number_words or key in language.range_words))
        ):
            break
        candidates.append(lowered)
    for candidate in candidates:
        key = normalize_text(candidate)
        if language is None or not (key in language.adjective_words or key.endswith(language.adjective_suffixes)):
            return candidate
    return candidates[-1] if candidates else ""


# -- kind and statement ---------------------------------------------------------------------------------


def _kind(text: str, value: Decimal | None, unit: str, lexicon: Lexicon) -> str:
    normalized = f" {normalize_text(text)} "
    if (
        any(f" {marker} " in normalized for marker in lexicon.forecast_markers)
        and value is not None
        and (re.search(r"\b(will|expected|forecast|projected)\b", normalized))
    ):
        return "forecast"
    if value is None:
        return "event"
    if any(f" {marker} " in normalized for marker in lexicon.causal_markers):
        return "causal"
    return "statistic"


def _statement(text: str, number_span: tuple[int, int] | None) -> str:
    """A short form: the clause holding the number, white space tidied, at most 300 characters."""
    clean = " ".join(text.split())
    if len(clean) <= 300 or number_span is None:
        return clean[:300]
    return _clause(text, number_span)


def _clause(text: str, number_span: tuple[int, int] | None) -> str:
    """The clause around a number (between commas, semicolons, dashes), widened until it has 4 words."""
    if number_span is None:
        return " ".join(text.split())[:300]
    cuts = [0, *(m.end() for m in re.finditer(r"[,;:–—]\s+|\s+[–—]\s+", text)), len(text)]
    pieces = [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1) if cuts[i + 1] > cuts[i]]
    index = next((i for i, (a, b) in enumerate(pieces) if a <= number_span[0] < b), 0)
    first = last = index
    while len(text[pieces[first][0] : pieces[last][1]].split()) < 4 and (first > 0 or last < len(pieces) - 1):
        if last < len(pieces) - 1:
            last += 1
        else:
            first -= 1
    clause = text[pieces[first][0] : pieces[last][1]].strip(" ,;:–—")
    return " ".join(clause.split())[:300]


# -- claimant ------------------------------------------------------------------------------------------


def _claimant(body, start, end, at, mentions, quotes, lexicon) -> tuple[ActorRef | None, int | None, float]:
    """Who makes the claim of body[start:end] whose number stands at `at` (None: a claim without a number)."""
    if at is None:
        # No number to place: a sentence that is mostly a quotation is its speaker's.
        found = _overlapping_quote(quotes, start, end) or _source_named(body, start, end, mentions, lexicon)
    else:
        found = (
            _quote_speaker(quotes, at)
            or _source_named(body, start, end, mentions, lexicon)
            or _speaker_named(body, start, end, at, mentions, lexicon)
            or _overlapping_quote(quotes, start, end)
        )
    return found or (None, None, 0.5)


def _quote_speaker(quotes: list[FoundQuote], at: int | None):
    """The speaker of the quotation holding the number, however sure its attribution is."""
    if at is None:
        return None
    holding = [(index, q) for index, q in enumerate(quotes) if q.speaker is not None and q.start <= at < q.end]
    if not holding:
        return None
    index, quote = min(holding, key=lambda item: item[1].end - item[1].start)  # the innermost quotation
    return quote.speaker, index, min(quote.confidence, 0.7)


def _overlapping_quote(quotes: list[FoundQuote], start: int, end: int):
    """A sentence mostly inside (or mostly made of) a quotation: its speaker."""
    for index, quote in enumerate(quotes):
        if quote.speaker is not None and quote.start < end and start < quote.end:
            overlap = min(end, quote.end) - max(start, quote.start)
            if overlap >= min(end - start, quote.end - quote.start) * 0.5:
                return quote.speaker, index, min(quote.confidence, 0.7)
    return None


def _source_named(body, start, end, mentions, lexicon):
    """ "according to X", "prema riječima X", "sipas X", "по словам X", "a report by X"."""
    for relative in hits_in(lexicon.patterns["claim_sources"], body, start, end):
        hit_end = start + relative.end
        if any(normalize_text(body[hit_end : hit_end + 12]).startswith(word) for word in lexicon.percent_words):
            continue  # "45 për qind": "për" here is part of the percent, not "for"
        # The source follows its cue at once ("according to the Polling Institute", "prema riječima
        # ministra X"); "according to him, … Jović" names someone else.
        following = [
            m
            for m in mentions
            if hit_end <= m.start <= hit_end + 40
            and m.end <= end
            and not re.search(r"[\d,.;:“”\"«»„]", body[hit_end : m.start])  # "rose by 5 percent in Serbia": no
            and len(body[hit_end : m.start].split()) <= 3
            and body[m.end : m.end + 1] != "-"  # "polled by Belgrade-based …": a modifier, not the source
        ]
        if following:
            return following[0].ref, None, 0.6
    return None


def _speaker_named(body, start, end, at, mentions, lexicon):
    """ "…, X said.", "X je rekao da …", "…, rekao je X", "…, tha X", "…, заявил X": the verb's subject.

    Only claims with a number take this rule: without one, "Kosovo declared independence in 2008"
    reports an act, not speech. The speaker stands right by the verb, a title or an auxiliary at most
    between, and a name after "that"/"da"/"që"/"что" belongs to what is said.
    """
    if at is None:
        return None
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    best = None
    for verb in hits_in(lexicon.patterns["speech_verbs"], body, start, end):
        verb_start, verb_end = start + verb.start, start + verb.end
        if verb_start <= at < verb_end or any(m.start < verb_end and verb_start < m.end for m in inside):
            continue  # a verb inside a name ("United States") says nothing
        for mention in inside:
            if mention.end <= verb_start:
                gap_text = body[mention.end : verb_start]
            elif mention.start >= verb_end:
                gap_text = body[verb_end : mention.start]
                # "rekao je da Srbija …", "said that Serbia …": after a complementizer comes the content.
                if set(normalize_text(gap_text).split()) & lexicon.complementizers:
                    continue
            else:
                continue
            # Only a title or an auxiliary stands between ("X je rekao", "rekao je ministar X").
            if len(gap_text) > 40 or len(gap_text.split()) > 3 or re.search(r"[.;:“”\"«»„]", gap_text):
                continue
            rank = (len(gap_text.strip(" ,")), mention.start > verb_start)
            if best is None or rank < best[0]:
                best = (rank, mention.ref)
    return (best[1], None, 0.6) if best else None

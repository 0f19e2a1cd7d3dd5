"""Stage 7, claims: checkable sentences (numbers, shares, money, counts, dates of events) and who makes them.

The claimant is the speaker when the sentence is (in) a quotation or reported speech, the source
after "according to X" or "a report by X", else nobody, which means the article (its outlet or
author) asserts it. Values are normalised: "one-quarter" is 25 percent, "more than $2 billion" is
2000000000 USD, "from 600 to 1,100" is 1100.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from articles.ingest.actors import ActorRef, FoundMention
from articles.ingest.lexicon import Lexicon, load_lexicon
from articles.ingest.quotes import FoundQuote, hits_in, sentence_bounds
from balkanapi.text import normalize_text

_YEAR = re.compile(r"(?<![\d,.$€£])(1[89]\d\d|20\d\d)(?!\d|[.,]\d|\s*(?:%|percent|per cent))")
_NUMBER = re.compile(
    r"(?P<currency>US\$|\$|€|£|₽)?\s?(?P<number>\d{1,3}(?:[,\s]\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)"
    r"(?:\s?(?P<multiplier>thousand|million|billion|trillion|bn|mijë|milion|milionë|miliard|miliardë|milijun|"
    r"milijarda|milijardi|hiljada|tisuća|млн|млрд|миллион\w*|миллиард\w*|милион\w*|милијард\w*)\b)?"
    r"(?P<percent>\s?%|\s?(?:percent|per cent|përqind|odsto|posto|процент\w*|посто|одсто|отсто))?",
    re.IGNORECASE,
)
_WEIGHTY_UNITS = ("percent", "USD", "EUR", "GBP", "RUB")
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


def sentences(body: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, never crossing a paragraph break."""
    spans: list[tuple[int, int]] = []
    position = 0
    while position < len(body):
        while position < len(body) and body[position] in " \n":
            position += 1
        if position >= len(body):
            break
        start, end = sentence_bounds(body, position)
        start = max(start, position)
        if end <= start:
            end = body.find("\n\n", position)
            end = len(body) if end < 0 else end
        spans.append((start, end))
        position = end + 1
    return spans


def extract_claims(
    body: str,
    mentions: list[FoundMention],
    quotes: list[FoundQuote],
    lexicon: Lexicon | None = None,
) -> list[FoundClaim]:
    """One claim per sentence that carries a number, share, amount or date of an event."""
    lexicon = lexicon or load_lexicon()
    claims: list[FoundClaim] = []
    for start, end in sentences(body):
        text = body[start:end]
        if len(text.split()) < 5:
            continue
        value, unit, number_span = _value(text, lexicon)
        has_year = bool(_YEAR.search(text))
        named = any(start <= m.start and m.end <= end for m in mentions)
        event = named and bool(hits_in(lexicon.patterns["event_verbs"], body, start, end))
        if value is None and not has_year and not event:
            continue
        kind = _kind(text, value, unit, lexicon)
        if (
            value is None
            and not has_year
            and any(f" {marker} " in f" {normalize_text(text)} " for marker in lexicon.policy_markers)
        ):
            kind = "policy"
        claimant, quote_index, confidence = _claimant(body, start, end, mentions, quotes, lexicon)
        if value is None and not has_year:
            confidence = min(confidence, 0.4)  # an assertion without a number or date: weaker evidence
        subjects = []
        for mention in mentions:
            if (
                start <= mention.start
                and mention.end <= end
                and mention.ref is not claimant
                and mention.ref not in subjects
            ):
                subjects.append(mention.ref)
        claims.append(
            FoundClaim(
                start=start,
                end=end,
                sentence=text,
                statement=_statement(text, number_span),
                kind=kind,
                value=value,
                unit=unit,
                claimant=claimant,
                quote_index=quote_index,
                confidence=confidence,
                subjects=subjects[:6],
            )
        )
    return claims


def _value(text: str, lexicon: Lexicon) -> tuple[Decimal | None, str, tuple[int, int] | None]:
    """The sentence's main number, normalised, with its unit and where it stands."""
    normalized = normalize_text(text)
    for phrase, share in sorted(lexicon.fraction_words.items(), key=lambda item: -len(item[0])):
        hit = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", normalized)
        if hit and re.search(r"\bof\b|\bshare\b|%|percent", normalized[hit.end() : hit.end() + 20] + " of"):
            return Decimal(str(share)), "percent", (hit.start(), hit.end())
    best = None
    for match in _NUMBER.finditer(text):
        raw = match.group("number")
        if _YEAR.fullmatch(raw) and not match.group("percent") and not match.group("currency"):
            continue
        if _is_day_of_month(text, match, lexicon):
            continue
        number = _parse_number(raw)
        if number is None:
            continue
        multiplier = match.group("multiplier")
        if multiplier:
            number *= Decimal(str(lexicon.multipliers.get(normalize_text(multiplier), _multiplier_stem(multiplier))))
        if match.group("percent"):
            unit = "percent"
        elif match.group("currency"):
            unit = lexicon.currency.get(match.group("currency").strip(), "USD")
        else:
            unit = _unit_after(text, match.end(), lexicon)
        candidate = (number, unit, (match.start(), match.end()))
        # A range "from 600 to 1,100" states its end; otherwise money and shares beat bare counts.
        range_end = best is not None and re.match(r"\s*(?:to|-|–)\s*$", text[best[2][1] : match.start()])
        weightier = best is not None and best[1] not in _WEIGHTY_UNITS and unit in _WEIGHTY_UNITS
        if best is None or range_end or weightier:
            best = candidate
    if best is None:
        return None, "", None
    return best


def _is_day_of_month(text: str, match: re.Match, lexicon: Lexicon) -> bool:
    """ "December 18", "Aug. 15", "18 December": part of a date, not a quantity."""
    if match.group("percent") or match.group("currency") or match.group("multiplier"):
        return False
    before = normalize_text(text[max(0, match.start() - 12) : match.start()]).rstrip(" .").split()
    after = normalize_text(text[match.end() : match.end() + 12]).split()
    return bool((before and before[-1] in lexicon.months) or (after and after[0].strip(".,") in lexicon.months))


def _parse_number(raw: str) -> Decimal | None:
    cleaned = raw.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")  # 1.100,5 in the region's style
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def _multiplier_stem(word: str) -> float:
    word = normalize_text(word)
    if word.startswith(("млрд", "milijard", "miliard", "милијард", "mlrd")):
        return 1_000_000_000
    if word.startswith(("млн", "милион", "million", "milion")):
        return 1_000_000
    return 1


def _unit_after(text: str, position: int, lexicon: Lexicon) -> str:
    """The counted noun after a number: "48 advanced operational bases along …" -> "bases"."""
    words = re.findall(r"[^\W\d_][\w-]*", text[position : position + 60])
    unit = ""
    for word in words[:4]:
        lowered = word.lower()
        if lowered in _STOP or word[:1].isupper():
            break
        if lowered in lexicon.currency or lowered in {"dollars", "euros"}:
            return "USD" if lowered.startswith("dollar") else "EUR"
        unit = lowered
    return unit


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
    pieces = re.split(r"(?<=[,;–—])\s", text)
    offset = 0
    for piece in pieces:
        if offset <= number_span[0] < offset + len(piece) + 1:
            return " ".join(piece.split())[:300]
        offset += len(piece) + 1
    return clean[:300]


def _claimant(body, start, end, mentions, quotes, lexicon) -> tuple[ActorRef | None, int | None, float]:
    # Inside or overlapping a quotation or reported speech: its speaker makes the claim.
    for index, quote in enumerate(quotes):
        if quote.speaker is not None and quote.start < end and start < quote.end:
            overlap = min(end, quote.end) - max(start, quote.start)
            if overlap >= min(end - start, quote.end - quote.start) * 0.5:
                return quote.speaker, index, min(quote.confidence, 0.7)
    # "according to X", "a report by X", "polled by X".
    for relative in hits_in(lexicon.patterns["claim_sources"], body, start, end):
        hit_end = start + relative.end
        following = [m for m in mentions if hit_end <= m.start <= hit_end + 40 and m.end <= end]
        if following:
            return following[0].ref, None, 0.6
    return None, None, 0.5

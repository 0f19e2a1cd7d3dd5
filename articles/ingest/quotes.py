"""Stage 6, quotes: direct quotations and reported speech, with their speakers.

Direct quotations are found by the quotation marks of the languages covered (“…”, "…", „…“, «…»,
‘…’), including a quotation split by its attribution. The speaker comes from a cue verb next to the
quotation, in the order news writes it: `“…,” NAME said`, `“…,” said NAME`, `NAME said: “…”`,
`“…”, thotë NAME`, `According to NAME, … “…”`; pronouns and unnamed roles ("he", "ai", "a
spokesperson for the bloc") resolve to the right earlier actor; a quotation continuing one whose
speaker is known inherits it. Each attribution carries a confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from articles.ingest.actors import ActorRef, FoundMention
from articles.ingest.lexicon import Lexicon, load_lexicon
from balkanapi.text import normalize_text, normalize_with_offsets

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[”\"’»]?\s+(?=[A-ZÀ-ŽА-ЯЁЂЉЊЋЏ“\"„«])|\n\n")
_NAME_LIKE = re.compile(r"^(?:[A-ZÀ-ŽА-Я][\w.’'-]*)(?:\s+[A-ZÀ-ŽА-Я][\w.’'-]*){0,4}$")
_TRAILING = " ,;:–—-"
_MAX_QUOTE = 3000


@dataclass
class FoundQuote:
    start: int
    end: int
    text: str
    direct: bool
    speaker: ActorRef | None
    speaker_text: str
    cue: str
    confidence: float
    about: list[ActorRef] = field(default_factory=list)


@dataclass
class _Context:
    body: str
    mentions: list[FoundMention]
    lexicon: Lexicon
    last_speaker: ActorRef | None = None
    last_speaker_end: int = -1

    def mentions_in(self, start: int, end: int) -> list[FoundMention]:
        return [m for m in self.mentions if m.start >= start and m.end <= end]

    def last_mention_before(self, offset: int, kinds: tuple[str, ...] | None = None) -> FoundMention | None:
        before = [m for m in self.mentions if m.end <= offset and (kinds is None or m.ref.kind in kinds)]
        return before[-1] if before else None


def sentence_bounds(body: str, offset: int) -> tuple[int, int]:
    """Start and end of the sentence around `offset` (quotations may hold several sentences)."""
    paragraph_start = body.rfind("\n\n", 0, offset)
    paragraph_start = 0 if paragraph_start < 0 else paragraph_start + 2
    paragraph_end = body.find("\n\n", offset)
    paragraph_end = len(body) if paragraph_end < 0 else paragraph_end
    start, end = paragraph_start, paragraph_end
    for match in _SENTENCE_BREAK.finditer(body, paragraph_start, paragraph_end):
        if match.group() != "\n\n" and _abbreviation_before(body, match.start()):
            continue
        if match.end() <= offset:
            start = match.end()
        elif match.start() >= offset:
            end = match.start() + len(match.group().rstrip())
            break
    return start, end


_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "st",
    "jr",
    "sr",
    "no",
    "vs",
    "etc",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "col",
    "lt",
    "sgt",
    "rep",
    "sen",
}


def _abbreviation_before(body: str, period: int) -> bool:
    """A full stop that ends an initial ("Matthew A. Palmer") or an abbreviation ("Aug. 15", "Mr.")."""
    word = re.search(r"([^\W\d_]+)\.$", body[max(0, period - 6) : period])
    if not word:
        return False
    text = word.group(1)
    return (len(text) == 1 and text.isupper()) or text.lower() in _ABBREVIATIONS


def find_direct_spans(body: str, lexicon: Lexicon | None = None) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of quotation marks, marks excluded, within a paragraph."""
    lexicon = lexicon or load_lexicon()
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(body):
        ch = body[i]
        closers = lexicon.quote_pairs.get(ch)
        if not closers or not _opens(body, i, ch):
            i += 1
            continue
        paragraph_end = body.find("\n\n", i)
        paragraph_end = len(body) if paragraph_end < 0 else paragraph_end
        j = i + 1
        close = -1
        while j < paragraph_end and j - i < _MAX_QUOTE:
            if body[j] in closers and _closes(body, j, body[j], ch):
                close = j
                break
            j += 1
        if close < 0:
            i += 1
            continue
        spans.append((i + 1, close))
        i = close + 1
    return spans


def _opens(body: str, i: int, mark: str) -> bool:
    before = body[i - 1] if i else " "
    after = body[i + 1] if i + 1 < len(body) else " "
    if mark in "‘’":  # also an apostrophe: an opening one follows a space or bracket
        return not before.isalnum() and after.isalnum()
    if mark == '"':
        return not before.isalnum() and not after.isspace()
    return not after.isspace()


def _closes(body: str, j: int, mark: str, opener: str) -> bool:
    after = body[j + 1] if j + 1 < len(body) else " "
    if mark == "’":
        return not after.isalnum()  # "Russia’s" is an apostrophe, not the end of a quotation
    if mark == '"' or mark == opener:
        return not after.isalnum()
    return True


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    """Drop the comma that ends a quotation before its attribution, and a fragment's last full stop."""
    while end > start and body[end - 1] in _TRAILING + " ":
        end -= 1
    while start < end and body[start].isspace():
        start += 1
    text = body[start:end]
    fragment = not text[:1].isupper() and not text.startswith(("...", "…"))
    if fragment and text.endswith(".") and not text.endswith(".."):
        end -= 1
    return start, end


def _is_title_like(text: str) -> bool:
    """A quoted name or label ("Kosovo Precedent", “Slavic Brotherhood”) rather than anyone's words."""
    words = text.split()
    return 1 <= len(words) <= 4 and bool(_NAME_LIKE.match(text)) and not text.endswith((".", "!", "?"))


def extract_quotes(body: str, mentions: list[FoundMention], lexicon: Lexicon | None = None) -> list[FoundQuote]:
    """Direct quotations with speakers, then reported speech that is not already quoted."""
    lexicon = lexicon or load_lexicon()
    context = _Context(body, mentions, lexicon)
    quotes: list[FoundQuote] = []
    previous: FoundQuote | None = None
    for raw_start, raw_end in find_direct_spans(body, lexicon):
        start, end = _trim(body, raw_start, raw_end)
        if end - start < 2:
            continue
        text = body[start:end]
        if _is_title_like(text):
            continue
        speaker, speaker_text, cue, confidence = _attribute(context, raw_start - 1, raw_end + 1, previous)
        quote = FoundQuote(start, end, text, True, speaker, speaker_text, cue, confidence)
        quotes.append(quote)
        if speaker is not None:
            context.last_speaker, context.last_speaker_end = speaker, end
        previous = quote
    quotes.extend(_reported(context, quotes))
    for quote in quotes:
        quote.about = _about(context, quote)
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes


# -- attribution -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hit:
    """A match found in normalised text, with its position in the original text."""

    start: int
    end: int


def find_all(pattern: re.Pattern, text: str, offset: int = 0) -> list[_Hit]:
    """Matches of a pattern over normalised phrases, in `text`'s own coordinates (plus `offset`)."""
    normalized, origin = normalize_with_offsets(text)
    hits = []
    for match in pattern.finditer(normalized):
        if match.end() > match.start():
            hits.append(_Hit(offset + origin[match.start()], offset + origin[match.end() - 1] + 1))
    return hits


@lru_cache(maxsize=64)
def _body_hits(pattern: re.Pattern, body: str) -> tuple[_Hit, ...]:
    return tuple(find_all(pattern, body))


def hits_in(pattern: re.Pattern, body: str, start: int, end: int) -> list[_Hit]:
    """Matches inside body[start:end], relative to `start`; the body is normalised once, not per call."""
    return [
        _Hit(hit.start - start, hit.end - start)
        for hit in _body_hits(pattern, body)
        if start <= hit.start and hit.end <= end
    ]


def _attribute(context: _Context, open_mark: int, close_mark: int, previous: FoundQuote | None):
    """(speaker, how the text names them, cue, confidence) for the quotation between the marks."""
    body, lexicon = context.body, context.lexicon
    sentence_start, _ = sentence_bounds(body, open_mark)
    # A quotation may hold several sentences: its attribution runs to the end of the one it closes in.
    _, sentence_end = sentence_bounds(body, max(open_mark, close_mark - 1))
    after = body[close_mark : max(close_mark, sentence_end)]
    before = body[sentence_start:open_mark]

    # 1. After the quotation: `,” Petrović said` / `,” said Jane Doe of …` / `”, thotë Hoxha`.
    after_head = after[:160]
    verbs = hits_in(lexicon.patterns["speech_verbs"], body, close_mark, close_mark + len(after))
    if verbs and verbs[0].start <= 60 and "“" not in after_head[: verbs[0].start]:
        verb = verbs[0]
        who_before = after_head[: verb.start].strip(' ,.;:–—-”"’»')
        if who_before:
            ref, text, confidence = _resolve_who(context, close_mark, close_mark + verb.start, who_before, open_mark)
            if ref is not None or text:
                cue = after_head[verb.start : verb.end]
                return ref, text, cue, confidence
        else:
            ref, text, confidence = _name_after(context, close_mark + verb.end, sentence_end)
            if ref is not None:
                return ref, text, after_head[verb.start : verb.end], confidence
    elif verbs:
        # The cue comes later in the sentence: "Russia “worked very hard” to …, NAME, TITLE, told reporters".
        verb = verbs[0]
        ref, text, confidence = _subject_before(
            context, close_mark + verb.start, after[: verb.start], close_mark, open_mark
        )
        if ref is not None:
            return ref, text, after[verb.start : verb.end], min(confidence, 0.6)

    # 2. Before the quotation, in the same sentence: `Petrović said: “…”` / `Doe said he was “…”`.
    verbs = hits_in(lexicon.patterns["speech_verbs"], body, sentence_start, open_mark)
    if verbs:
        verb = verbs[-1]
        subject_text = before[: verb.start]
        ref, text, confidence = _subject_before(
            context, sentence_start + verb.start, subject_text, sentence_start, open_mark
        )
        if ref is None:
            ref, text, confidence = _name_after(context, sentence_start + verb.end, open_mark)
            confidence = min(confidence, 0.6)
        if ref is not None or text:
            gap = len(before) - verb.end
            return ref, text, before[verb.start : verb.end], confidence - (0.1 if gap > 80 else 0.0)

    # 3. A source introduced at the sentence start: "According to X, …", "For X, …", "Sipas tij, …".
    intros = hits_in(lexicon.patterns["source_intros"], body, sentence_start, open_mark)
    if intros and intros[0].start <= 12:
        intro = intros[0]
        ref, text, confidence = _name_after(context, sentence_start + intro.end, open_mark, allow_pronoun=True)
        if ref is not None:
            return ref, text, before[intro.start : intro.end], confidence - 0.1

    # 4. A written source: "A report by X highlights that …".
    document = _document_source(context, sentence_start, open_mark)
    if document is not None:
        return document

    # 5. Continuation: the quotation follows another of the same paragraph with a known speaker.
    if previous is not None and previous.speaker is not None:
        between = body[previous.end : open_mark]
        if "\n\n" not in between and len(between) < 200:
            return previous.speaker, "", "", 0.55
    return None, "", "", 0.0


def _resolve_who(context: _Context, start: int, end: int, who: str, quote_start: int):
    """The speaker named by `who` (text between start and end): a mention in it, a pronoun or a role."""
    lexicon = context.lexicon
    inside = context.mentions_in(start, end)
    people = [m for m in inside if m.ref.kind == "person"] or inside
    if people:
        mention = people[-1] if len(people) == 1 else people[0]
        return mention.ref, who, 0.9
    words = normalize_text(who).split()
    if words and words[-1] in lexicon.pronouns and len(words) <= 2:
        return _pronoun(context, quote_start), who, 0.75
    role = _role(context, start, who, quote_start)
    if role is not None:
        return role, who, 0.6
    return None, who if len(words) <= 8 else "", 0.3


def _pronoun(context: _Context, before: int) -> ActorRef | None:
    """ "he"/"ai"/"он": the last speaker in the text, else the last person named before."""
    mention = context.last_mention_before(before, ("person",))
    if context.last_speaker is not None and (mention is None or context.last_speaker_end >= mention.start - 400):
        return context.last_speaker
    return mention.ref if mention else None


def _role(context: _Context, start: int, who: str, quote_start: int) -> ActorRef | None:
    """ "a spokesperson for the bloc" -> the organisation; "the Serbian leader" -> the last person named."""
    lexicon = context.lexicon
    words = normalize_text(who).split()
    if not any(word in lexicon.role_nouns for word in words):
        return None
    of = re.search(r"\b(?:for|of|i|e|të|za|od)\s+(?:the\s+)?(.+)$", who)
    if of:
        inside = context.mentions_in(start + of.start(1), start + len(who) + 2)
        if inside:
            return inside[-1].ref
        organisation = context.last_mention_before(
            quote_start,
            ("international_organisation", "government", "organisation", "party"),
        )
        return organisation.ref if organisation else None
    person = context.last_mention_before(quote_start, ("person",))
    return person.ref if person else None


def _subject_before(context: _Context, verb_start: int, subject_text: str, sentence_start: int, quote_start: int):
    """The subject of a cue verb: a name right before it, else the sentence's opening pronoun, name or role."""
    lexicon = context.lexicon
    inside = context.mentions_in(sentence_start, verb_start)
    # "… Hoxha said", "John A. Doe, Deputy Assistant Secretary …, told": the name before the verb.
    close = [
        m
        for m in inside
        if verb_start - m.end <= 25
        and ("," not in context.body[m.end : verb_start] or _relative_clause(context.body[m.end : verb_start], lexicon))
    ]
    if close:
        chosen = close[-1]
        return chosen.ref, context.body[chosen.start : chosen.end], 0.85
    opening = subject_text.lstrip(" ,")
    lead = len(subject_text) - len(opening)
    first_words = normalize_text(opening).split()[:2]
    if first_words and first_words[0].strip(",") in lexicon.pronouns:
        return _pronoun(context, quote_start), opening.split()[0].strip(","), 0.65
    starting = [m for m in inside if m.start - (sentence_start + lead) <= 12]
    if starting:
        chosen = next((m for m in starting if m.ref.kind == "person"), starting[0])
        return chosen.ref, context.body[chosen.start : chosen.end], 0.7
    role = _role(context, sentence_start, " ".join(opening.split()[:5]), quote_start)
    if role is not None:
        return role, " ".join(opening.split()[:5]), 0.5
    appositive = [m for m in inside if m.ref.kind == "person" and verb_start - m.end <= 120]
    if appositive:
        chosen = appositive[-1]
        return chosen.ref, context.body[chosen.start : chosen.end], 0.55
    return None, "", 0.0


def _relative_clause(gap: str, lexicon: Lexicon) -> bool:
    """ ", which" / ", who" between a name and its verb: "Serbia, which considers NATO its “enemy”"."""
    words = normalize_text(gap.replace(",", " ")).split()
    return len(words) == 1 and words[0] in lexicon.relative_pronouns


def _name_after(context: _Context, start: int, end: int, allow_pronoun: bool = False):
    """The first mention (or pronoun) right after a cue: "said Jane Doe", "Sipas tij"."""
    if allow_pronoun:
        words = normalize_text(context.body[start : min(end, start + 20)]).split()[:1]
        if words and words[0].strip(",") in context.lexicon.pronouns:
            return _pronoun(context, start), context.body[start : start + 20].split()[0].strip(","), 0.7
    following = [m for m in context.mentions if start <= m.start < min(end, start + 80)]
    if following:
        mention = following[0]
        return mention.ref, context.body[mention.start : mention.end], 0.85
    return None, "", 0.0


def _document_source(context: _Context, sentence_start: int, quote_start: int):
    """ "A report by the Kosovo Centre for Security Studies … highlights that “…”"."""
    before = context.body[sentence_start:quote_start]
    for hit in hits_in(context.lexicon.patterns["document_source"], context.body, sentence_start, quote_start):
        inside = context.mentions_in(sentence_start + hit.end, quote_start)
        if inside:
            mention = inside[0]
            speaker_text = before[: mention.end - sentence_start].strip()
            return mention.ref, speaker_text, before[hit.start : hit.end].strip(), 0.7
    return None


# -- reported speech ---------------------------------------------------------------------------------


def _reported(context: _Context, direct: list[FoundQuote]) -> list[FoundQuote]:
    """ "X said (that) …", "… , according to X." and "Sipas tij, …": the clause as reported speech."""
    body, lexicon = context.body, context.lexicon
    found: list[FoundQuote] = []
    complementizers = "|".join(map(re.escape, sorted(lexicon.complementizers, key=len, reverse=True)))
    for verb in _body_hits(lexicon.patterns["speech_verbs"], body):
        sentence_start, sentence_end = sentence_bounds(body, verb.start)
        clause_start = verb.end
        rest = body[clause_start:sentence_end]
        normalized_rest = normalize_text(rest[:40])
        complementizer = re.match(rf"(?:on \w+ )?({complementizers}) ", normalized_rest + " ")
        if complementizer:
            clause_start += _skip_words(rest, len(complementizer.group(0).split()))
        elif not re.match(r"\s+[^\W\d_]", rest) or not rest[1:2].islower():
            continue
        start, end = _trim(body, clause_start, sentence_end)
        if end - start < 15 or _overlaps_direct(start, end, direct) or body[start:end].count(" ") < 3:
            continue
        if _words_outside_direct(body, start, end, direct) < 4:
            continue  # "told reporters: «…»" frames a direct quotation; it reports nothing of its own
        subject = body[sentence_start : verb.start]
        ref, text, confidence = _subject_before(context, verb.start, subject, sentence_start, verb.start)
        if ref is None:
            continue
        found.append(
            FoundQuote(start, end, body[start:end], False, ref, text, body[verb.start : verb.end], min(confidence, 0.6))
        )
    for intro in _body_hits(lexicon.patterns["source_intros"], body):
        sentence_start, sentence_end = sentence_bounds(body, intro.start)
        leading = intro.start - sentence_start <= 3
        if not leading and not body[sentence_start : intro.start].rstrip().endswith(","):
            continue
        comma = body.find(",", intro.end, sentence_end)
        limit = comma + 1 if comma >= 0 and comma - intro.end <= 80 else sentence_end
        if leading and comma < 0:
            continue
        ref, text, confidence = _name_after(context, intro.end, limit, allow_pronoun=True)
        if ref is None:
            continue
        clause = (comma + 1, sentence_end) if leading else (sentence_start, intro.start)
        start, end = _trim(body, *clause)
        if end - start < 15 or _overlaps_direct(start, end, direct):
            continue
        found.append(
            FoundQuote(
                start, end, body[start:end], False, ref, text, body[intro.start : intro.end], min(confidence, 0.55)
            )
        )
    return _dedupe(found)


def _skip_words(text: str, count: int) -> int:
    """Offset in `text` just after its first `count` words and the space that follows."""
    match = re.match(r"\s*" + r"\S+\s+" * count, text)
    return match.end() if match else 0


def _overlaps_direct(start: int, end: int, direct: list[FoundQuote]) -> bool:
    """Reported clauses that merely contain a direct quotation are kept; ones inside one are not."""
    return any(q.start <= start and end <= q.end for q in direct)


def _words_outside_direct(body: str, start: int, end: int, direct: list[FoundQuote]) -> int:
    """Words of body[start:end] that are not inside a direct quotation."""
    inside = [(max(q.start, start), min(q.end, end)) for q in direct if q.start < end and start < q.end]
    text, cursor = [], start
    for quote_start, quote_end in sorted(inside):
        text.append(body[cursor:quote_start])
        cursor = max(cursor, quote_end)
    text.append(body[cursor:end])
    return len(re.findall(r"[^\W\d_]{2,}", " ".join(text)))


def _dedupe(quotes: list[FoundQuote]) -> list[FoundQuote]:
    seen: dict[tuple[int, int], FoundQuote] = {}
    for quote in quotes:
        key = (quote.start, quote.end)
        if key not in seen or quote.confidence > seen[key].confidence:
            seen[key] = quote
    return list(seen.values())


def _about(context: _Context, quote: FoundQuote) -> list[ActorRef]:
    """Actors mentioned inside the quotation, other than its speaker."""
    refs: list[ActorRef] = []
    for mention in context.mentions_in(quote.start, quote.end):
        if mention.ref is not quote.speaker and mention.ref not in refs:
            refs.append(mention.ref)
    return refs

"""Stage 6, quotes: direct quotations and reported speech, with their speakers.

Direct quotations are found by the quotation marks of the languages covered (“…”, "…", „…“, «…», ‘…’,
''…'', ”…”) and by the speech dash that opens a paragraph ("– …, rekao je X"). Each quotation's speaker
comes from an explicit, ordered **sieve** of small attribution rules (in the spirit of Muzny et al.,
2017, "A two-stage sieve approach for quote attribution"): the most reliable rule that applies decides,
and its confidence goes with the quote. The rules, in order, are listed in `ATTRIBUTION_SIEVE`; each is a
function of (context, quotation) that returns an `Attribution` or None.

Pronouns, role nouns and subject-less (pro-drop) cues resolve to the most recent *person* named outside
quotations whose gender agrees with the pronoun or the verb form (rekao/rekla, сказал/сказала) and, for
roles, who was last called by that role. A quotation no rule attributes stays unattributed: never given to
a place or a country by default.

Reported speech ("X said that …", "…, rekao je X", "Prema riječima X, …") is found by its own rules
(`REPORTED_RULES`), with speakers resolved the same way.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from articles.ingest.actors import ActorRef, FoundMention
from articles.ingest.lexicon import Lexicon, load_lexicon
from articles.ingest.sentences import SentenceIndex, SpanLookup, sentence_bounds, sentence_index
from balkanapi.text import normalize_text, normalize_with_offsets

__all__ = [
    "ATTRIBUTION_SIEVE",
    "REPORTED_RULES",
    "Attribution",
    "FoundQuote",
    "extract_quotes",
    "find_all",
    "find_direct_spans",
    "hits_in",
    "sentence_bounds",
]

_NAME_LIKE = re.compile(r"^(?:[A-ZÀ-ŽА-Я][\w.’'-]*)(?:\s+[A-ZÀ-ŽА-Я][\w.’'-]*){0,4}$")
_TRAILING = " ,;:–—-"
_MAX_QUOTE = 3000
_DASHES = "-–—"
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
PERSON = ("person",)
GROUPS = ("international_organisation", "government", "organisation", "party", "media", "armed_group")


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
    rule: str = ""  # the sieve rule that attributed it ("" when unattributed)


@dataclass(frozen=True)
class Attribution:
    """Who said a quotation, how the text names them, the cue, how sure we are, and which rule said so."""

    speaker: ActorRef | None
    speaker_text: str
    cue: str
    confidence: float
    rule: str


@dataclass(frozen=True)
class _Span:
    """A direct quotation: the marks (or dash) that open and close it, and its trimmed text."""

    open_mark: int  # offset of the opening mark (or dash)
    close_mark: int  # offset just past the text: the closing mark, or the attribution's separator
    start: int
    end: int
    dash: bool = False


@dataclass(frozen=True)
class _Hit:
    """A match found in normalised text, with its position in the original text."""

    start: int
    end: int


# -- language data read from the lexicon -----------------------------------------------------------------


def _verb_gender(lexicon: Lexicon, cue: str) -> str:
    """ "m", "f", "pl" when the cue's form carries a gender (rekao, рекла, сказали), else ""."""
    genders = lexicon.speech_verb_gender
    words = normalize_text(cue).split()
    for word in reversed(words):
        if genders.get(word):
            return genders[word]
    return genders.get(" ".join(words), "")


def _pronoun_gender(lexicon: Lexicon, word: str) -> str:
    genders = lexicon.pronoun_gender
    return genders.get(normalize_text(word), "")


# -- text helpers ------------------------------------------------------------------------------------------


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


@lru_cache(maxsize=64)
def _hit_starts(pattern: re.Pattern, body: str) -> tuple[int, ...]:
    return tuple(hit.start for hit in _body_hits(pattern, body))


def _hits_between(pattern: re.Pattern, body: str, start: int, end: int) -> list[_Hit]:
    """Matches lying inside body[start:end], in body coordinates (found by bisection, not by a scan)."""
    hits = _body_hits(pattern, body)
    first = bisect.bisect_left(_hit_starts(pattern, body), start)
    found = []
    for hit in hits[first:]:
        if hit.start >= end:
            break
        if hit.end <= end:
            found.append(hit)
    return found


def hits_in(pattern: re.Pattern, body: str, start: int, end: int) -> list[_Hit]:
    """Matches inside body[start:end], relative to `start`; the body is normalised once, not per call."""
    return [_Hit(hit.start - start, hit.end - start) for hit in _hits_between(pattern, body, start, end)]


def _words(text: str) -> list[str]:
    return [normalize_text(word) for word in _WORD.findall(text)]


# -- the context every rule reads --------------------------------------------------------------------------


@dataclass
class _Context:
    body: str
    mentions: list[FoundMention]
    lexicon: Lexicon
    sentences: SentenceIndex
    quoted: list[tuple[int, int]] = field(default_factory=list)
    last_speaker: ActorRef | None = None
    last_speaker_end: int = -1
    _starts: list[int] = field(default_factory=list)
    _quoted_starts: list[int] = field(default_factory=list)
    quoted_lookup: SpanLookup = field(default_factory=lambda: SpanLookup([]))

    def __post_init__(self) -> None:
        self.mentions = sorted(self.mentions, key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self.mentions]

    def set_quoted(self, spans: Iterable[tuple[int, int]]) -> None:
        self.quoted = sorted(spans)
        self._quoted_starts = [start for start, _end in self.quoted]
        self.quoted_lookup = SpanLookup(self.quoted)

    def in_quotation(self, offset: int) -> bool:
        i = bisect.bisect_right(self._quoted_starts, offset) - 1
        return i >= 0 and self.quoted[i][0] <= offset < self.quoted[i][1]

    def mentions_in(self, start: int, end: int) -> list[FoundMention]:
        i = bisect.bisect_left(self._starts, start)
        found = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                found.append(self.mentions[i])
            i += 1
        return found

    def mentions_before(self, offset: int) -> Iterable[FoundMention]:
        """Mentions ending at or before `offset`, nearest first."""
        i = bisect.bisect_left(self._starts, offset) - 1
        while i >= 0:
            if self.mentions[i].end <= offset:
                yield self.mentions[i]
            i -= 1

    def verbs(self, start: int, end: int) -> list[_Hit]:
        return _hits_between(self.lexicon.patterns["speech_verbs"], self.body, start, end)

    def intros(self, start: int, end: int) -> list[_Hit]:
        """Nominal cues in body[start:end], less those that are part of a percentage ("per cent", "për qind")."""
        hits = _hits_between(self.lexicon.patterns["source_intros"], self.body, start, end)
        return [hit for hit in hits if not self._percent_word(hit)]

    def _percent_word(self, hit: _Hit) -> bool:
        following = _WORD.match(self.body, hit.end + 1) if hit.end < len(self.body) else None
        if following is None:
            return False
        phrase = normalize_text(f"{self.body[hit.start : hit.end]} {following.group()}")
        return phrase in self.lexicon.percent_words

    def words(self, key: str) -> frozenset[str]:
        return self.lexicon.word_list(key)


# -- resolving who a word refers to --------------------------------------------------------------------------


def _agrees(ref: ActorRef, gender: str) -> bool:
    return not gender or gender == "pl" or not ref.gender or ref.gender == gender


def resolve_person(context: _Context, before: int, gender: str = "", role: str = "") -> ActorRef | None:
    """The person a pronoun, role or subject-less cue before `before` refers to.

    The most recent person named outside quotations who agrees in gender (and role) wins when they stand
    where a subject stands (opening a sentence, next to a cue); a person named only in passing ("Trump's
    radar") yields to the speaker of the last few sentences, who is what the text is about.
    """
    if gender == "pl":
        return None  # "they", "rekli su": a group, not one of the people named
    candidates: list[FoundMention] = []
    for scanned, mention in enumerate(context.mentions_before(before)):
        if scanned > 60 or before - mention.end > 1500:
            break
        if mention.ref.kind != "person" or context.in_quotation(mention.start) or not _agrees(mention.ref, gender):
            continue
        candidates.append(mention)
    if role:
        for mention in candidates:
            if _role_matches(mention, role, context):
                return mention.ref
        qualifier = _role_qualifier(context, role)
        for mention in candidates if qualifier else ():
            if any(word.startswith(qualifier) for word in _described(context, mention)):
                return mention.ref
    if not candidates:
        return _previous_speaker(context, before, gender)
    nearest = candidates[0]
    if _subject_like(context, nearest):
        return nearest.ref
    speaker = _previous_speaker(context, before, gender)
    if speaker is not None:
        return speaker
    subject = next((m for m in candidates[1:4] if _subject_like(context, m) and before - m.end <= 600), None)
    return subject.ref if subject is not None else nearest.ref


def _subject_like(context: _Context, mention: FoundMention) -> bool:
    """Does the mention stand where a subject stands: at its sentence's start, or right next to a cue?"""
    sentence_start, _end = context.sentences.bounds(mention.start)
    lead = context.body[sentence_start : mention.start]
    if len(_WORD.findall(lead)) <= 3 and "," not in lead:
        return True
    after = context.verbs(mention.end, mention.end + 30)
    if after and "," not in context.body[mention.end : after[0].start]:
        return True
    # "Berisha ka parashikuar …", "Vučić je najavio …": an auxiliary right after a name makes it the subject.
    following = _WORD.match(context.body, mention.end + 1) if mention.end < len(context.body) else None
    if (
        following is not None
        and context.body[mention.end : following.start()] == " "
        and normalize_text(following.group()) in context.words("subject_auxiliaries")
    ):
        return True
    # Verb–subject order ("rekao je Vučić", "заявил Лавров"): the cue right before the name, a word or two between.
    before = context.verbs(max(0, mention.start - 25), mention.start)
    return bool(before) and len(_WORD.findall(context.body[before[-1].end : mention.start])) <= 2


def _role_matches(mention: FoundMention, role: str, context: _Context) -> bool:
    """Was this person called by the role before ("the minister" → the one introduced as minister)?"""
    stems = {word[:5] for word in _words(role) if word in _role_words(context)}
    if not stems:
        return False
    described = _described(context, mention)
    if not any(word[:5] in stems for word in described):
        return False
    # "the Serbian leader": a qualifier of the role must describe this person too.
    qualifier = _role_qualifier(context, role)
    return not qualifier or any(word.startswith(qualifier) for word in described)


def _described(context: _Context, mention: FoundMention) -> list[str]:
    """Words that describe a person where they are named: the mention's role and the words just before it."""
    sentence_start, _end = context.sentences.bounds(mention.start)
    start = max(0, mention.start - 60, sentence_start)
    previous = next((m for m in context.mentions_before(mention.start) if m.ref.kind == "person"), None)
    if previous is not None and previous.end > start:
        start = previous.end  # another person's title is not this one's
    return _words(mention.role) + _words(context.body[start : mention.start])[-4:]


def _role_qualifier(context: _Context, role: str) -> str:
    """The first four letters of a capitalised qualifier of a role ("Serbian leader" → "serb"), if any."""
    suffixes = tuple(normalize_text(suffix) for suffix in context.lexicon.demonym_suffixes if len(suffix) >= 2)
    for word in _WORD.findall(role):
        norm = normalize_text(word)
        if norm in _role_words(context) or len(word) < 5:
            continue
        if word[:1].isupper() or (len(norm) >= 6 and norm.endswith(suffixes)):
            return norm[:4]
    return ""


def _role_words(context: _Context) -> frozenset[str]:
    return context.lexicon.role_nouns | context.lexicon.title_words


def _role_phrase(context: _Context, text: str) -> bool:
    words = _words(text)
    return bool(words) and any(word in _role_words(context) for word in words)


def _is_pronoun(context: _Context, word: str) -> bool:
    return normalize_text(word) in context.lexicon.pronouns


def _resolve_role(context: _Context, start: int, phrase: str, before: int, gender: str) -> ActorRef | None:
    """ "a spokesperson for the bloc" → the organisation; "the Serbian leader" → the person last so called."""
    of = re.search(r"\b(?:for|of|i|e|të|za|od|на|за)\s+(?:the\s+)?(.+)$", phrase)
    if of:
        inside = context.mentions_in(start + of.start(1), start + len(phrase) + 2)
        groups = [m for m in inside if m.ref.kind in GROUPS]
        if groups:
            return groups[-1].ref
        spokes = _words(phrase[: of.start()])
        if any(word in context.words("spokesperson_nouns") for word in spokes):
            for mention in context.mentions_before(before):
                if mention.ref.kind in GROUPS and not context.in_quotation(mention.start):
                    return mention.ref
            return None
    return resolve_person(context, before, gender, role=phrase)


def _name_in(context: _Context, start: int, end: int, prefer_last: bool = False) -> FoundMention | None:
    """A person named in body[start:end]; else an organisation; never a place or a country."""
    inside = [m for m in context.mentions_in(start, end) if not context.in_quotation(m.start)]
    people = [m for m in inside if m.ref.kind == "person"]
    if people:
        return people[-1] if prefer_last else people[0]
    groups = [m for m in inside if m.ref.kind in GROUPS]
    if groups:
        return groups[-1] if prefer_last else groups[0]
    return None


# -- subjects next to a cue ------------------------------------------------------------------------------------


def _skip_auxiliaries(context: _Context, text: str) -> int:
    """Length of the auxiliaries and adverbs that may stand between a cue and its subject ("je", "ka", "today")."""
    skippable = context.words("auxiliaries")
    position = 0
    for match in _WORD.finditer(text):
        gap = text[position : match.start()]
        if gap.strip(" ,"):
            break
        if normalize_text(match.group()) not in skippable:
            break
        position = match.end()
    return position


def _subject_after(context: _Context, verb: _Hit, limit: int, before: int) -> Attribution | None:
    """The subject right after a cue: "rekao je Vučić", "said the high representative", "– отметил он"."""
    body = context.body
    cue = body[verb.start : verb.end]
    gender = _verb_gender(context.lexicon, cue)
    skip = _skip_auxiliaries(context, body[verb.end : limit])
    start = verb.end + skip
    window_end = min(limit, start + 90)
    window = body[start:window_end]
    stop = re.search(r"[.!?;:]\s|[.!?]$|[“”„«»\"]", window)
    if stop:
        window_end = start + stop.start()
        window = body[start:window_end]
    first_words = _WORD.findall(window)[:1]
    if first_words and _is_pronoun(context, first_words[0]):
        ref = _pronoun_referent(context, first_words[0], before, before, gender)
        return None if ref is None else Attribution(ref, first_words[0], cue, 0.8, "cue_then_pronoun")
    # The subject phrase ends at a clause boundary: a comma, "that", "da", "se", "что".
    clause = re.split(r",|\s(?:that|da|да|se|që|что|дека|оти)\s", window + " ", maxsplit=1)[0]
    mention = _name_in(context, start, start + len(clause.rstrip()))
    if mention is not None:
        confidence = 0.9 if mention.ref.kind == "person" else 0.75
        return Attribution(mention.ref, mention.text, cue, confidence, "cue_then_name")
    phrase = " ".join(clause.split()[:6])
    if phrase and _role_phrase(context, phrase):
        ref = _resolve_role(context, start, phrase, before, gender)
        if ref is not None:
            return Attribution(ref, phrase, cue, 0.7, "cue_then_role")
    return None


def _subject_before(context: _Context, verb: _Hit, clause_start: int, before: int) -> Attribution | None:
    """The subject of a cue standing before it: "Vučić je rekao", "At the same time, she stressed"."""
    body = context.body
    cue = body[verb.start : verb.end]
    gender = _verb_gender(context.lexicon, cue)
    text = body[clause_start : verb.start]
    # Nearest: a name right before the verb (auxiliaries and adverbs between are fine).
    words = list(_WORD.finditer(text))
    tail = words[-4:]
    for match in reversed(tail):
        if _is_pronoun(context, match.group()):
            between = text[match.end() :]
            if "," in between and not _relative_clause(context, between):
                break
            ref = _pronoun_referent(context, match.group(), clause_start + match.start(), before, gender)
            return None if ref is None else Attribution(ref, match.group(), cue, 0.75, "pronoun_then_cue")
    close = [
        m
        for m in context.mentions_in(clause_start, verb.start)
        if verb.start - m.end <= 30
        and not context.in_quotation(m.start)
        and ("," not in body[m.end : verb.start] or _relative_clause(context, body[m.end : verb.start]))
    ]
    people = [m for m in close if m.ref.kind == "person"]
    chosen = people[-1] if people else (close[-1] if close and close[-1].ref.kind in GROUPS else None)
    if chosen is not None and chosen.ref.kind == "media":
        # "Bajatović je za RT Balkan rekao": the outlet is where it was said; the person before it said it.
        speaker = next(
            (
                m
                for m in reversed(context.mentions_in(clause_start, chosen.start))
                if m.ref.kind == "person" and not context.in_quotation(m.start)
            ),
            None,
        )
        chosen = speaker or chosen
    if chosen is None and close and close[-1].ref.kind == "country" and verb.start - close[-1].end <= 12:
        chosen = close[-1]  # "Serbia said", "Moskva je poručila": a country as the grammatical subject
    if chosen is not None:
        confidence = 0.85 if chosen.ref.kind == "person" else 0.7
        return Attribution(chosen.ref, chosen.text, cue, confidence, "name_then_cue")
    last_person = next(
        (
            m
            for m in reversed(context.mentions_in(clause_start, verb.start))
            if m.ref.kind == "person" and not context.in_quotation(m.start)
        ),
        None,
    )
    if last_person is not None:
        gap = body[last_person.end : verb.start]
        # A name set off by commas right before the verb: "…, EU envoy for the dialogue, Jane Doe, says".
        set_off = body[max(clause_start, last_person.start - 2) : last_person.start].strip() in (",", "")
        if re.fullmatch(r"\s*,\s*", gap) and set_off:
            return Attribution(last_person.ref, last_person.text, cue, 0.75, "name_then_cue")
        # A name with an appositive between it and the verb: "…, Jane Doe, Deputy Assistant Secretary, told".
        if re.fullmatch(r"\s*,[^,;.“”„«»\"]{1,120},\s*", gap):
            return Attribution(last_person.ref, last_person.text, cue, 0.75, "appositive_then_cue")
    # The clause's opening subject: a pronoun ("Ai beson se …, por vlerëson se"), or a name followed by an
    # appositive ("Jane Doe, the deputy minister for X, told reporters").
    opening_words = list(_WORD.finditer(text))[:2]
    for match in opening_words:
        if _is_pronoun(context, match.group()) and normalize_text(match.group()) not in context.words("auxiliaries"):
            ref = _pronoun_referent(context, match.group(), clause_start + match.start(), before, gender)
            return None if ref is None else Attribution(ref, match.group(), cue, 0.65, "opening_pronoun_then_cue")
    opening = [m for m in context.mentions_in(clause_start, verb.start) if not context.in_quotation(m.start)]
    lead = [m for m in opening if m.ref.kind == "person" and m.start - clause_start <= 40]
    if lead and lead[0] is opening[0] and verb.start - lead[0].end <= 140:
        return Attribution(lead[0].ref, lead[0].text, cue, 0.7, "appositive_then_cue")
    for phrase in (" ".join(text.split()[-5:]), " ".join(text.split()[:5])):
        if phrase and _role_phrase(context, phrase):
            ref = _resolve_role(context, clause_start + max(0, text.find(phrase)), phrase, before, gender)
            if ref is not None:
                return Attribution(ref, phrase, cue, 0.6, "role_then_cue")
    return None


def _pronoun_referent(context: _Context, pronoun: str, at: int, before: int, cue_gender: str) -> ActorRef | None:
    """Whom a pronoun at `at` refers to: its own gender, else the cue's, decides; else the recent speaker."""
    gender = _pronoun_gender(context.lexicon, pronoun) or cue_gender
    return resolve_person(context, at, gender) or _previous_speaker(context, before, gender)


def _relative_clause(context: _Context, gap: str) -> bool:
    """ ", which" / ", who" between a name and its verb: "Serbia, which considers NATO its “enemy”"."""
    words = normalize_text(gap.replace(",", " ")).split()
    return len(words) == 1 and words[0] in context.lexicon.relative_pronouns


def _previous_speaker(context: _Context, before: int, gender: str) -> ActorRef | None:
    ref = context.last_speaker
    if ref is not None and 0 <= before - context.last_speaker_end <= 600 and _agrees(ref, gender):
        return ref
    return None


def _prodrop(context: _Context, verb: _Hit, before: int, rule: str, confidence: float) -> Attribution | None:
    """A cue with no subject ("Kaže da…", "Додао је да…", "”, dodala je."): the person of the previous sentence."""
    cue = context.body[verb.start : verb.end]
    gender = _verb_gender(context.lexicon, cue)
    if gender == "pl":
        return None
    if not gender and not _inflected_language_cue(context, cue):
        return None  # "said." with no subject in English is not pro-drop: leave it
    ref = resolve_person(context, before, gender) or _previous_speaker(context, before, gender)
    if ref is None:
        return None
    return Attribution(ref, "", cue, confidence, rule)


def _inflected_language_cue(context: _Context, cue: str) -> bool:
    """A cue form of a pro-drop language (bcs, mk, ru, sq): its subject may be left out."""
    words = normalize_text(cue).split()
    forms = context.lexicon.pro_drop_forms()
    return bool(words) and (words[-1] in forms or " ".join(words) in forms)


# -- the sieve --------------------------------------------------------------------------------------------------

_SEPARATOR_AFTER = re.compile(r"^[\s,.;:!?…]*(?:[–—-]\s*)?$")


def _cue_after_quote(context: _Context, span: _Span) -> _Hit | None:
    """A cue right after the closing mark (”, said … / », — заявил / ” – rekao je / ”, Vučić je rekao)."""
    body = context.body
    _start, sentence_end = context.sentences.bounds(max(span.open_mark, span.close_mark - 1))
    limit = max(sentence_end, span.close_mark)
    if span.dash:
        limit = context.sentences.paragraph(span.open_mark)[1]
    verbs = context.verbs(span.close_mark, min(limit, span.close_mark + 140))
    if not verbs:
        return None
    verb = verbs[0]
    gap = body[span.close_mark : verb.start].lstrip("”“\"'’‘»«")
    gap = gap[: _skip_auxiliaries_backwards(context, gap)]
    if _SEPARATOR_AFTER.match(gap):
        return verb
    return None


def _skip_auxiliaries_backwards(context: _Context, gap: str) -> int:
    """Where the trailing auxiliaries of `gap` begin (", je rekao": the "je" belongs to the cue)."""
    skippable = context.words("auxiliaries")
    words = list(_WORD.finditer(gap))
    cut = len(gap)
    for match in reversed(words):
        if normalize_text(match.group()) in skippable and not gap[match.end() : cut].strip():
            cut = match.start()
            continue
        break
    return cut


def rule_cue_after(context: _Context, span: _Span) -> Attribution | None:
    """`“…,” said NAME`, `„…“, rekao je on`, `«…», — отметил он`, `“…”, ka thënë ajo`, `– …, rekao je.`"""
    verb = _cue_after_quote(context, span)
    if verb is None:
        return None
    limit = context.sentences.paragraph(max(span.open_mark, span.close_mark - 1))[1]
    found = _subject_after(context, verb, limit, span.open_mark)
    if found is not None:
        return found
    return _prodrop(context, verb, span.open_mark, "cue_after_prodrop", 0.65)


def rule_name_then_cue_after(context: _Context, span: _Span) -> Attribution | None:
    """`“…,” Petrović said`, `”, Vučić je rekao`, `“…,” the minister told reporters`."""
    body = context.body
    _s, sentence_end = context.sentences.bounds(max(span.open_mark, span.close_mark - 1))
    verbs = context.verbs(span.close_mark, min(max(sentence_end, span.close_mark), span.close_mark + 90))
    if not verbs:
        return None
    verb = verbs[0]
    between = body[span.close_mark : verb.start].lstrip("”“\"'’‘»«")
    if not between.strip(" ,–—-") or any(mark in between for mark in '“”„«»"'):
        return None
    return _subject_before(context, verb, span.close_mark + 1, span.open_mark)


def rule_cue_later_in_sentence(context: _Context, span: _Span) -> Attribution | None:
    """`Russia “worked very hard” to …, NAME, TITLE, told reporters`: the cue closes the sentence later on."""
    _s, sentence_end = context.sentences.bounds(max(span.open_mark, span.close_mark - 1))
    verbs = [v for v in context.verbs(span.close_mark, sentence_end) if not context.in_quotation(v.start)]
    if not verbs:
        return None
    verb = verbs[0]
    found = _subject_before(context, verb, span.close_mark + 1, span.open_mark)
    if found is None or found.rule not in ("name_then_cue", "appositive_then_cue", "pronoun_then_cue"):
        return None
    return Attribution(found.speaker, found.speaker_text, found.cue, min(found.confidence, 0.6), "cue_later")


def rule_cue_before(context: _Context, span: _Span) -> Attribution | None:
    """`Petrović said: “…”`, `She stressed that “…”`, `Vučić je rekao da „…“`, `заявил Лавров: «…»`."""
    sentence_start, _end = context.sentences.bounds(span.open_mark)
    if sentence_start == context.sentences.paragraph(span.open_mark)[0] and span.open_mark - sentence_start <= 1:
        return _cue_before_across_colon(context, span)
    verbs = [v for v in context.verbs(sentence_start, span.open_mark) if not context.in_quotation(v.start)]
    if not verbs:
        return None
    verb = verbs[-1]
    clause_start = _clause_start(context.body, sentence_start, verb.start)
    found = _subject_before(context, verb, clause_start, span.open_mark)
    if found is None:
        found = _subject_after(context, verb, span.open_mark, span.open_mark)
    if found is None:
        found = _prodrop(context, verb, verb.start, "prodrop_cue_before", 0.6)
    if found is not None and span.open_mark - verb.end > 120:
        found = Attribution(found.speaker, found.speaker_text, found.cue, found.confidence - 0.1, found.rule)
    return found


def _clause_start(body: str, sentence_start: int, verb_start: int) -> int:
    """The start of the clause holding the verb: after the last ';' or the sentence start."""
    semicolon = body.rfind(";", sentence_start, verb_start)
    return semicolon + 1 if semicolon >= 0 else sentence_start


def _cue_before_across_colon(context: _Context, span: _Span) -> Attribution | None:
    """A paragraph opened by the quotation after one that ends with a cue and a colon ("… je poručio:")."""
    paragraph_start = context.sentences.paragraph(span.open_mark)[0]
    before = context.body[:paragraph_start].rstrip()
    if not before.endswith(":"):
        return None
    sentence_start, _end = context.sentences.bounds(len(before) - 1)
    verbs = context.verbs(sentence_start, len(before))
    if not verbs:
        return None
    verb = verbs[-1]
    found = _subject_before(context, verb, sentence_start, span.open_mark) or _subject_after(
        context, verb, len(before), span.open_mark
    )
    return found or _prodrop(context, verb, verb.start, "prodrop_cue_before", 0.6)


def rule_nominal_cue(context: _Context, span: _Span) -> Attribution | None:
    """ "According to X, … “…”", "Prema riječima X", "По словам X", "Sipas tij", "me shprehjen e X"."""
    sentence_start, _end = context.sentences.bounds(span.open_mark)
    for intro in context.intros(sentence_start, span.open_mark):
        if context.in_quotation(intro.start):
            continue
        found = _after_intro(context, intro, span.open_mark)
        if found is not None:
            return found
    return None


def _after_intro(context: _Context, intro: _Hit, limit: int) -> Attribution | None:
    body = context.body
    cue = body[intro.start : intro.end]
    # The pronoun may sit inside the cue itself ("по его словам", "prema njenim riječima").
    for word in _WORD.findall(cue):
        if _is_pronoun(context, word) or _pronoun_gender(context.lexicon, word):
            ref = resolve_person(context, intro.start, _pronoun_gender(context.lexicon, word))
            if ref is not None:
                return Attribution(ref, word, cue, 0.75, "nominal_cue_pronoun")
    rest = body[intro.end : min(limit, intro.end + 80)]
    first = _WORD.findall(rest)[:1]
    if first and (_is_pronoun(context, first[0]) or _pronoun_gender(context.lexicon, first[0])):
        ref = resolve_person(context, intro.start, _pronoun_gender(context.lexicon, first[0]))
        if ref is not None:
            return Attribution(ref, first[0], cue, 0.75, "nominal_cue_pronoun")
        return None
    clause = re.split(r"[,:;]", rest, maxsplit=1)[0]
    mention = _name_in(context, intro.end, intro.end + len(clause))
    if mention is not None:
        return Attribution(mention.ref, mention.text, cue, 0.8, "nominal_cue_name")
    return None


def rule_document_source(context: _Context, span: _Span) -> Attribution | None:
    """ "A report by the Kosovo Centre for Security Studies … highlights that “…”"."""
    sentence_start, _end = context.sentences.bounds(span.open_mark)
    body = context.body
    pattern = context.lexicon.patterns["document_source"]
    for hit in _hits_between(pattern, body, sentence_start, span.open_mark):
        inside = context.mentions_in(hit.end, span.open_mark)
        if inside:
            mention = inside[0]
            return Attribution(
                mention.ref, body[sentence_start : mention.end].strip(), body[hit.start : hit.end].strip(), 0.7,
                "document_source",
            )  # fmt: skip
    return None


def rule_partial_in_narration(context: _Context, span: _Span) -> Attribution | None:
    """`X called it "a lie"`: a short fragment inside narration is the sentence subject's words."""
    text = context.body[span.start : span.end]
    if len(text.split()) > 14 or text[:1].isupper():
        return None
    sentence_start, _end = context.sentences.bounds(span.open_mark)
    subject = _name_in(context, sentence_start, span.open_mark)
    if subject is not None and subject.ref.kind == "person":
        return Attribution(subject.ref, subject.text, "", 0.55, "partial_in_narration")
    words = _WORD.findall(context.body[sentence_start : span.open_mark])[:2]
    pronoun = next((w for w in words if _pronoun_gender(context.lexicon, w) in ("m", "f")), None)
    if pronoun:
        ref = resolve_person(context, sentence_start, _pronoun_gender(context.lexicon, pronoun))
        if ref is not None:
            return Attribution(ref, pronoun, "", 0.5, "partial_in_narration")
    return None


def rule_continuation(context: _Context, span: _Span) -> Attribution | None:
    """A quotation with no cue continues the previous speaker's, never past a newly named person."""
    previous = context.last_speaker
    if previous is None or context.last_speaker_end < 0:
        return None
    sentence_start, _end = context.sentences.bounds(span.open_mark)
    if span.open_mark - sentence_start > 2 and not span.dash:
        return None  # a fragment inside narration is the narration's, not the last speaker's
    between = (context.last_speaker_end, span.open_mark)
    if between[1] - between[0] > 700 or context.body.count("\n\n", *between) > 1:
        return None
    for mention in context.mentions_in(*between):
        if mention.ref.kind == "person" and mention.ref is not previous and not context.in_quotation(mention.start):
            return None
    return Attribution(previous, "", "", 0.55, "continuation")


def rule_previous_sentence_cue(context: _Context, span: _Span) -> Attribution | None:
    """ "Dodao je da su cijene visoke. “Problem je potrošnja…”": a quotation opening the sentence after a cue."""
    sentence_start, _end = context.sentences.bounds(span.open_mark)
    paragraph_start = context.sentences.paragraph(span.open_mark)[0]
    if span.open_mark - sentence_start > 2 or sentence_start == 0:
        return None
    # The sentence before: in the same paragraph, or the last one of the paragraph before ("Ai tha se …").
    previous_start, previous_end = context.sentences.bounds(
        max(0, sentence_start - 3 if sentence_start <= paragraph_start else sentence_start - 1)
    )
    if context.in_quotation(previous_start) or context.in_quotation(max(previous_start, previous_end - 2)):
        return None
    verbs = [v for v in context.verbs(previous_start, previous_end) if not context.in_quotation(v.start)]
    if not verbs:
        return None
    verb = verbs[0]
    found = (
        _subject_before(context, verb, _clause_start(context.body, previous_start, verb.start), verb.start)
        or _subject_after(context, verb, previous_end, verb.start)
        or _prodrop(context, verb, verb.start, "prodrop_cue_before", 0.55)
    )
    if found is None:
        return None
    return Attribution(
        found.speaker, found.speaker_text, found.cue, min(found.confidence, 0.6), "previous_sentence_cue"
    )


def rule_dash_after_narration(context: _Context, span: _Span) -> Attribution | None:
    """A speech-dash paragraph with no cue of its own, after narration naming someone: that person speaks."""
    if not span.dash:
        return None
    paragraph_start = context.sentences.paragraph(span.open_mark)[0]
    if paragraph_start == 0:
        return None
    previous_start, previous_end = context.sentences.paragraph(paragraph_start - 2)
    people = [
        m for m in context.mentions_in(previous_start, previous_end)
        if m.ref.kind == "person" and not context.in_quotation(m.start) and _subject_like(context, m)
    ]  # fmt: skip
    if not people:
        return None
    return Attribution(people[0].ref, people[0].text, "", 0.5, "dash_after_narration")


def rule_interview_answer(context: _Context, span: _Span) -> Attribution | None:
    """An answer in an interview: a quotation opening the paragraph after an unquoted question ("…?")."""
    paragraph_start = context.sentences.paragraph(span.open_mark)[0]
    if context.body[paragraph_start : span.open_mark].strip() or paragraph_start == 0:
        return None
    previous_start, previous_end = context.sentences.paragraph(paragraph_start - 2)
    question = context.body[previous_start:previous_end].rstrip()
    if not question.endswith("?") or context.in_quotation(previous_end - 2) or len(question) > 400:
        return None
    ref = _previous_speaker(context, span.open_mark, "") or _lead_person(context)
    if ref is None:
        return None
    return Attribution(ref, "", "", 0.5, "interview_answer")


def _lead_person(context: _Context) -> ActorRef | None:
    """The person the article opens with: the first person named in its first paragraph."""
    first_end = context.sentences.paragraph(0)[1]
    people = [m for m in context.mentions_in(0, first_end) if m.ref.kind == "person"]
    return people[0].ref if people else None


ATTRIBUTION_SIEVE: tuple[Callable[[_Context, _Span], Attribution | None], ...] = (
    rule_cue_after,
    rule_name_then_cue_after,
    rule_cue_before,
    rule_cue_later_in_sentence,
    rule_nominal_cue,
    rule_document_source,
    rule_partial_in_narration,
    rule_previous_sentence_cue,
    rule_interview_answer,
    rule_continuation,
    rule_dash_after_narration,
)


def attribute(context: _Context, span: _Span) -> Attribution | None:
    """The first attribution the sieve gives, most reliable rule first."""
    for rule in ATTRIBUTION_SIEVE:
        found = rule(context, span)
        if found is not None and found.speaker is not None:
            return found
    return None


# -- finding direct quotations ------------------------------------------------------------------------------


def find_direct_spans(body: str, lexicon: Lexicon | None = None) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of quotation marks, marks excluded, within a paragraph."""
    lexicon = lexicon or load_lexicon()
    index = sentence_index(body)
    pairs = lexicon.quote_pairs
    long_marks = sorted((mark for mark in pairs if len(mark) > 1), key=len, reverse=True)
    spans: list[tuple[int, int]] = []
    i = 0
    length = len(body)
    while i < length:
        mark = next((m for m in long_marks if body.startswith(m, i)), body[i])
        closers = pairs.get(mark)
        if not closers or not _opens(body, i, mark):
            i += 1
            continue
        paragraph_end = index.paragraph(i)[1]
        j = i + len(mark)
        close = -1
        close_mark = ""
        limit = min(paragraph_end, i + _MAX_QUOTE)
        while j < limit:
            candidate = next((c for c in closers if body.startswith(c, j)), None)
            if candidate is not None and _closes(body, j, candidate, mark):
                close, close_mark = j, candidate
                break
            j += 1
        if close < 0:
            if paragraph_end >= len(body.rstrip()) and limit == paragraph_end and paragraph_end - i > 40:
                # The text ends inside the quotation (a teaser, an excerpt cut off): it runs to the end.
                spans.append((i + len(mark), paragraph_end))
                break
            if _opens_paragraph(body, index, i) and limit == paragraph_end:
                span_end = _multi_paragraph_end(body, index, paragraph_end, mark, closers)
                spans.append((i + len(mark), span_end))
                i = span_end + 1
                continue
            i += len(mark)
            continue
        spans.append((i + len(mark), close))
        i = close + len(close_mark)
    return spans


def _multi_paragraph_end(body: str, index: SentenceIndex, end: int, mark: str, closers: tuple[str, ...]) -> int:
    """Where a quotation left open at the end of its paragraph ends.

    Either each following paragraph opens with the mark again and only the last one closes (the English
    convention: this paragraph's quotation ends with the paragraph), or the next paragraphs carry on
    without marks until one closes it ("…\n\nTani … programi," tha Rama). A text cut off mid-quotation
    ends with its paragraph.
    """
    position = end
    for _paragraph in range(4):
        next_start = position
        while next_start < len(body) and body[next_start].isspace():
            next_start += 1
        if next_start >= len(body) or body.startswith(mark, next_start):
            return end if position == end else position
        paragraph_end = index.paragraph(next_start)[1]
        for j in range(next_start, paragraph_end):
            closer = next((c for c in closers if body.startswith(c, j)), None)
            opens_word = _opens(body, j, closer) if closer else False
            if (
                closer is not None
                and _closes(body, j, closer, mark)
                and not (opens_word and body[j + 1 : j + 2].isalnum())
            ):
                return j
            if any(body.startswith(opener, j) for opener in ("“", "„", "«")) and _opens(body, j, body[j]):
                return end  # another quotation opens: this one ended with its paragraph
        position = paragraph_end
    return end


def _opens_paragraph(body: str, index: SentenceIndex, i: int) -> bool:
    return not body[index.paragraph(i)[0] : i].strip()


def _opens(body: str, i: int, mark: str) -> bool:
    before = body[i - 1] if i else " "
    after = body[i + len(mark)] if i + len(mark) < len(body) else " "
    if mark in "‘’":  # also an apostrophe: an opening one follows a space or bracket
        return not before.isalnum() and after.isalnum()
    if mark in ('"', "''", "”"):
        ellipsis = body.startswith("...", i + len(mark))
        return not before.isalnum() and not after.isspace() and (after not in ",.;:" or ellipsis)
    return not after.isspace()


def _closes(body: str, j: int, mark: str, opener: str) -> bool:
    after = body[j + len(mark)] if j + len(mark) < len(body) else " "
    before = body[j - 1] if j else " "
    if mark in "’‘":
        return not after.isalnum() and not before.isspace()  # "Russia’s" is an apostrophe
    if mark in ('"', "''") or mark == opener:
        return not after.isalnum() and not before.isspace()
    return True


def _dash_spans(context: _Context, taken: list[tuple[int, int]]) -> list[_Span]:
    """Direct speech opened by a dash at a paragraph start: "– Ne idem nigde, rekao je X. – Ostajem."."""
    body = context.body
    spans: list[_Span] = []
    previous_was_dash = False
    previous_end_colon = False
    for paragraph_start, paragraph_end in zip(
        context.sentences.paragraph_starts, context.sentences.paragraph_ends, strict=True
    ):
        text = body[paragraph_start:paragraph_end]
        opener = re.match(r"\s*([–—-])(?:\s+(?=\S)|(?=[^\W\d_]))", text)
        marked = any(paragraph_start <= s < paragraph_end for s, _e in taken)
        if opener is None and not marked:
            # Dash speech carried over unmarked paragraphs until one closes it ("… pokušavamo - rekao je X."),
            # or a paragraph of someone's own words closed by a dash cue with no opening dash at all.
            cue = _dash_attribution(context, paragraph_start, paragraph_end)
            closing = (
                cue is not None
                and not text.rstrip().endswith(":")  # "…, kaže:" introduces a quotation, it closes none
                and len(_WORD.findall(body[cue:paragraph_end])) <= 8  # the cue ends the paragraph
            )
            carried = closing and (
                previous_was_dash
                or (paragraph_start > 0 and _first_person(context, body[paragraph_start:cue]))  # not a dateline
            )
            if carried and cue is not None and not body[cue:paragraph_end].strip(" ,.-–—")[:1].isupper():
                start, stop = _trim(body, paragraph_start, cue)
                spans.append(_Span(paragraph_start - 1, cue, start, stop, dash=True))
                previous_end_colon = False
                continue
        if opener is None or marked:
            previous_was_dash = previous_was_dash and opener is None and not marked and _sentence_like(text)
            previous_end_colon = text.rstrip().endswith(":")
            continue
        position = paragraph_start + opener.end()
        found_any = False
        while position < paragraph_end:
            dash_at = position - 1
            cue = _dash_attribution(context, position, paragraph_end)
            end = cue if cue is not None else paragraph_end
            start, stop = _trim(body, position, end)
            if stop - start >= 2 and (
                cue is not None
                or previous_was_dash
                or previous_end_colon
                or found_any
                or (_sentence_like(body[start:stop]) and _first_person(context, body[start:stop]))
            ):
                spans.append(_Span(dash_at, end, start, stop, dash=True))
                found_any = True
            if cue is None:
                break
            resumed = re.compile(r"[.!?…,]\s+[–—-]\s+(?=\S)").search(body, cue, paragraph_end)
            if resumed is None:
                break
            position = resumed.end()
        previous_was_dash = found_any
        previous_end_colon = text.rstrip().endswith(":")
    return spans


def _first_person(context: _Context, text: str) -> bool:
    """Words of someone speaking for themselves ("ja", "mi", "smo", "we", "unë"): speech, not narration."""
    words = set(_words(text))
    return bool(words & context.words("first_person_words"))


def _sentence_like(text: str) -> bool:
    """Several words ending as a sentence ends: a speech-dash paragraph, not a list item or a menu."""
    text = text.strip()
    return len(text.split()) >= 6 and text[-1:] in '.!?…"”“»'


def _dash_attribution(context: _Context, start: int, end: int) -> int | None:
    """Where a dash quotation's attribution begins (", rekao je", " – poručio je", ", — заявил"), if it has one."""
    body = context.body
    for verb in context.verbs(start, end):
        head = body[start : verb.start]
        head_cut = _skip_auxiliaries_backwards(context, head)
        before = head[:head_cut]
        separator = re.search(r"(?:,\s*[–—-]?|[.!?…]?\s[–—-])\s*$", before)
        if separator and len(before[: separator.start()].split()) >= 2:
            return start + separator.start()
    return None


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    """Drop the comma that ends a quotation before its attribution, and a fragment's last full stop."""
    while end > start and body[end - 1] in _TRAILING + " \n":
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


def _is_label(context: _Context, text: str, start: int) -> bool:
    """A short capitalised phrase in marks with no cue in its sentence: a name ("Hope for Serbia"), not words."""
    words = text.split()
    capitalised = sum(1 for word in words if word[:1].isupper())
    if len(words) > (7 if capitalised * 2 >= len(words) else 5):
        return False  # a longer name is written in capitals ("We, the Voice of the People")
    if not text[:1].isupper() or text.rstrip().endswith((".", "!", "?", "…")):
        return False
    sentence_start, sentence_end = context.sentences.bounds(start)
    end = start + len(text)
    # Only a cue close by, outside the marks, makes it someone's words: a speech verb within a clause's reach,
    # a nominal cue ("according to", "sipas") right before the marks.
    near_verb = any(
        ((start - 60 <= cue.start and cue.end <= start) or end < cue.start <= end + 40)
        and not context.in_quotation(cue.start)
        for cue in context.verbs(sentence_start, sentence_end)
    )
    near_intro = any(
        start - 40 <= cue.start and cue.end <= start and not context.in_quotation(cue.start)
        for cue in context.intros(sentence_start, sentence_end)
    )
    return not (near_verb or near_intro)


def _is_scare_quote(context: _Context, text: str, open_mark: int) -> bool:
    """A single quoted word ("the so-called “reform”", „izdaja“) is a label, not anyone's words, unless a
    speech cue just before it makes it someone's word ("considers NATO its “enemy”", "said he was “hopeful”")."""
    if len(text.split()) > 1:
        return False
    sentence_start, _end = context.sentences.bounds(open_mark)
    cues = context.verbs(max(sentence_start, open_mark - 50), open_mark)
    return not cues


def _quotation_spans(context: _Context) -> list[_Span]:
    body = context.body
    spans = []
    raw_spans = find_direct_spans(body, context.lexicon)
    context.set_quoted(raw_spans)  # provisional: cues inside marks are no cues while the spans are judged
    for raw_start, raw_end in raw_spans:
        start, end = _trim(body, raw_start, raw_end)
        if end - start < 2:
            continue
        text = body[start:end]
        if _is_title_like(text) or _is_scare_quote(context, text, raw_start - 1) or _is_label(context, text, raw_start):
            continue
        open_mark = raw_start - 1
        while open_mark > 0 and body[open_mark - 1] == "'" and body[open_mark] == "'":
            open_mark -= 1  # ''…'': the opening is two characters
        spans.append(_Span(open_mark, raw_end, start, end))
    marked = [(s.open_mark, s.close_mark) for s in spans]
    spans.extend(_dash_spans(context, marked))
    spans.sort(key=lambda s: s.start)
    return spans


# -- the stage ------------------------------------------------------------------------------------------------


def extract_quotes(body: str, mentions: list[FoundMention], lexicon: Lexicon | None = None) -> list[FoundQuote]:
    """Direct quotations with speakers, then reported speech that is not already quoted."""
    lexicon = lexicon or load_lexicon()
    context = _Context(body, mentions, lexicon, sentence_index(body))
    spans = _quotation_spans(context)
    context.set_quoted((s.start, s.end) for s in spans)
    quotes: list[FoundQuote] = []
    for span in spans:
        found = attribute(context, span)
        text = body[span.start : span.end]
        if found is None:
            quote = FoundQuote(span.start, span.end, text, True, None, "", "", 0.0)
        else:
            quote = FoundQuote(
                span.start, span.end, text, True, found.speaker, found.speaker_text, found.cue, found.confidence,
                rule=found.rule,
            )  # fmt: skip
            context.last_speaker, context.last_speaker_end = found.speaker, span.end
        quotes.append(quote)
    quotes.extend(_reported(context, quotes))
    for quote in quotes:
        quote.about = _about(context, quote)
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes


# -- reported speech -----------------------------------------------------------------------------------------


def _complementizer_after(context: _Context, verb: _Hit, sentence_end: int) -> int | None:
    """Offset just past "that"/"da"/"что"/"se" within a few words after the cue ("said Friday that")."""
    body = context.body
    complementizers = context.lexicon.complementizers
    window = body[verb.end : min(sentence_end, verb.end + 140)]
    for count, match in enumerate(_WORD.finditer(window)):
        if count > 12:
            break
        if normalize_text(match.group()) in complementizers:
            gap = window[: match.start()]
            if any(mark in gap for mark in '“”„«»".;:!?'):
                return None
            return verb.end + match.end()
    return None


def _reported_that_clause(context: _Context, verb: _Hit, sentence: tuple[int, int]) -> FoundQuote | None:
    """ "X said (on Friday) that …", "rekao je Vučić da …", "Kaže da …", "заявил, что …", "tha se …"."""
    body = context.body
    after = _complementizer_after(context, verb, sentence[1])
    plain = False
    if after is None:
        after = _plain_object_clause(context, verb, sentence)
        plain = after is not None
    if after is None:
        return None
    start, end = _trim(body, after, sentence[1])
    if not _worth_reporting(context, start, end):
        return None
    clause_start = _clause_start(body, sentence[0], verb.start)
    found = _subject_before(context, verb, clause_start, verb.start)
    if found is None and not plain:
        found = _subject_after(context, verb, after, verb.start) or _prodrop(
            context, verb, verb.start, "reported_prodrop", 0.55
        )
    if found is None:
        return None
    return _reported_quote(context, (start, end), found, 0.65, f"reported_{found.rule}")


def _plain_object_clause(context: _Context, verb: _Hit, sentence: tuple[int, int]) -> int | None:
    """English "Jane Doe said the talks would …": a clause straight after the cue, with a named subject before."""
    body = context.body
    rest = body[verb.end : sentence[1]]
    match = re.match(r"\s+([^\W\d_][\w'’-]*)", rest)
    if not match or not match.group(1)[:1].islower():
        return None
    word = normalize_text(match.group(1))
    if word in context.words("auxiliaries"):
        return None
    if word in context.lexicon.pronouns and len(rest.split()) < 4:
        return None  # "…,” said he." is the cue's subject, not a clause
    if not _inflected_language_cue(context, body[verb.start : verb.end]) and len(rest.split()) >= 4:
        return verb.end + match.start(1)
    return None


def _reported_cue_after(context: _Context, sentence: tuple[int, int]) -> FoundQuote | None:
    """ "The talks will resume, Borrell said." / "…, rekao je Vučić." / "…, tha Gashi." (no quotation marks)."""
    body = context.body
    start, end = sentence
    comma = body.rfind(",", start, end)
    if comma < 0:
        return None
    tail = body[comma + 1 : end]
    if len(_WORD.findall(tail)) > 9 or any(mark in tail for mark in '“”„«»"'):
        return None
    verbs = context.verbs(comma + 1, end)
    if not verbs:
        return None
    verb = verbs[0]
    found = _subject_before(context, verb, comma + 1, verb.start) or _subject_after(context, verb, end, start)
    if found is None:
        found = _prodrop(context, verb, start, "reported_prodrop", 0.5)
    if found is None:
        return None
    return _reported_quote(context, (start, comma), found, 0.6, f"reported_cue_after_{found.rule}")


def _reported_quote(
    context: _Context, span: tuple[int, int], found: Attribution, cap: float, rule: str
) -> FoundQuote | None:
    """Reported speech over body[span], trimmed, if it says enough of its own, with the speaker found."""
    start, end = _trim(context.body, *span)
    if not _worth_reporting(context, start, end):
        return None
    return FoundQuote(
        start, end, context.body[start:end], False, found.speaker, found.speaker_text, found.cue,
        min(found.confidence, cap), rule=rule,
    )  # fmt: skip


def _reported_parenthetical(context: _Context, verb: _Hit, sentence: tuple[int, int]) -> FoundQuote | None:
    """ "S druge strane, rekao je, Srbija nije …", "Putina će, kaže Vučić, obavijestiti …": a cue set off by commas."""
    body = context.body
    start, end = sentence
    before = body[start : verb.start]
    comma_before = before.rstrip().endswith(",") and len(_WORD.findall(before)) >= 1
    if not comma_before:
        return None
    after_end = body.find(",", verb.end, end)
    if after_end < 0 or len(_WORD.findall(body[verb.end : after_end])) > 4:
        return None
    found = _subject_after(context, verb, after_end, start) or _prodrop(context, verb, start, "reported_prodrop", 0.5)
    if found is None:
        return None
    return _reported_quote(context, (start, end), found, 0.55, f"reported_parenthetical_{found.rule}")


def _reported_anaphoric(context: _Context, sentence: tuple[int, int], previous: tuple[int, int] | None):
    """ "… . Об этом заявил президент X." / "O tome je govorio X.": the cue reports the sentence before it."""
    if previous is None:
        return None
    body = context.body
    start, end = sentence
    opening = normalize_text(body[start : start + 40])
    if not any(opening.startswith(phrase + " ") for phrase in context.words("anaphoric_openers")):
        return None
    verbs = context.verbs(start, end)
    if not verbs or context.sentences.paragraph(previous[0]) != context.sentences.paragraph(start):
        return None
    verb = verbs[0]
    found = _subject_after(context, verb, end, start) or _subject_before(context, verb, start, start)
    if found is None:
        return None
    return _reported_quote(context, previous, found, 0.55, f"reported_anaphoric_{found.rule}")


def _reported_nominal(context: _Context, intro: _Hit, sentence: tuple[int, int]) -> FoundQuote | None:
    """ "According to X, …", "…, according to X.", "Prema riječima X, …", "Sipas tij, …", "По словам X, …"."""
    body = context.body
    sentence_start, sentence_end = sentence
    leading = intro.start - sentence_start <= 3
    second = len(_WORD.findall(body[sentence_start : intro.start])) == 1  # "Тоа според X се должи на …"
    if not leading and not second and not body[sentence_start : intro.start].rstrip().endswith(","):
        return None
    if second:
        found = _after_intro(context, intro, min(sentence_end, intro.end + 60))
        if found is None:
            return None
        return _reported_quote(context, (sentence_start, sentence_end), found, 0.55, "reported_nominal_cue")
    comma = body.find(",", intro.end, sentence_end)
    # "Sipas tij në zgjedhjet …" (no comma after the source): what is said starts right after its name.
    source_end = _source_end(context, intro, sentence_end) if leading else None
    if leading and source_end is not None and (comma < 0 or len(_WORD.findall(body[source_end:comma])) > 3):
        comma = source_end - 1
    limit = comma + 1 if comma >= 0 and comma - intro.end <= 80 else sentence_end
    if leading and comma < 0:
        return None
    found = _after_intro(context, intro, limit)
    if found is None:
        return None
    clause = (comma + 1, sentence_end) if leading else (sentence_start, intro.start)
    start, end = _trim(body, *clause)
    complementizer = re.match(r"\s*(\w+)\s", body[start:end] + " ")
    if complementizer and normalize_text(complementizer.group(1)) in context.lexicon.complementizers:
        start += complementizer.end()
    return _reported_quote(context, (start, end), found, 0.6, "reported_nominal_cue")


def _source_end(context: _Context, intro: _Hit, limit: int) -> int | None:
    """Where the source named after a nominal cue ends: after its pronoun or the name right after the cue."""
    rest = context.body[intro.end : limit]
    first = re.match(r"\s*([^\W\d_][\w'’-]*)", rest)
    if first and (_is_pronoun(context, first.group(1)) or _pronoun_gender(context.lexicon, first.group(1))):
        return intro.end + first.end()
    names = [m for m in context.mentions_in(intro.end, min(limit, intro.end + 60)) if not context.in_quotation(m.start)]
    if names and not context.body[intro.end : names[0].start].strip():
        return names[0].end
    return None


def _worth_reporting(context: _Context, start: int, end: int) -> bool:
    if end - start < 15 or context.body[start:end].count(" ") < 2:
        return False
    if context.quoted_lookup.contains(start, end):
        return False
    if not context.quoted_lookup.overlapping(start, end):
        return len(re.findall(r"[^\W\d_]{2,}", context.body[start:end])) >= 3
    # "told reporters: «…»" frames a direct quotation; it reports nothing of its own.
    return _words_outside_direct(context, start, end) >= 4


def _words_outside_direct(context: _Context, start: int, end: int) -> int:
    body = context.body
    inside = [
        (max(s, start), min(e, end))
        for s, e in (context.quoted[position] for position in context.quoted_lookup.overlapping(start, end))
    ]
    text, cursor = [], start
    for quote_start, quote_end in sorted(inside):
        text.append(body[cursor:quote_start])
        cursor = max(cursor, quote_end)
    text.append(body[cursor:end])
    return len(re.findall(r"[^\W\d_]{2,}", " ".join(text)))


REPORTED_RULES = ("that_clause", "nominal_cue", "cue_after_content", "parenthetical_cue", "anaphoric_cue")


def _reported(context: _Context, direct: list[FoundQuote]) -> list[FoundQuote]:
    """Reported speech in every sentence that is not itself inside a quotation."""
    found: list[FoundQuote] = []
    # Speakers named by direct quotations count as the last speaker for the pronouns of reported speech too.
    by_start = sorted((q for q in direct if q.speaker is not None), key=lambda q: q.start)
    direct_ends = [q.end for q in by_start]
    previous: tuple[int, int] | None = None
    for sentence in context.sentences.spans():
        start, end = sentence
        if context.in_quotation(start) and context.in_quotation(max(start, end - 1)):
            previous = sentence
            continue
        i = bisect.bisect_right(direct_ends, start) - 1
        if i >= 0:
            context.last_speaker, context.last_speaker_end = by_start[i].speaker, by_start[i].end
        else:
            context.last_speaker, context.last_speaker_end = None, -1
        quote = None
        for verb in context.verbs(start, end):
            if context.in_quotation(verb.start):
                continue
            quote = _reported_that_clause(context, verb, sentence)
            if quote is not None:
                break
        if quote is None:
            for intro in context.intros(start, end):
                if not context.in_quotation(intro.start):
                    quote = _reported_nominal(context, intro, sentence)
                    if quote is not None:
                        break
        if quote is None:
            quote = _reported_cue_after(context, sentence)
        if quote is None:
            for verb in context.verbs(start, end):
                if not context.in_quotation(verb.start):
                    quote = _reported_parenthetical(context, verb, sentence)
                    if quote is not None:
                        break
        if quote is not None:
            found.append(quote)
            context.last_speaker, context.last_speaker_end = quote.speaker, quote.end
        anaphoric = _reported_anaphoric(context, sentence, previous)
        if anaphoric is not None:
            found.append(anaphoric)
        previous = sentence
    return _dedupe(found)


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

"""Stage 5, actors and mentions: find known actors by their aliases and propose new ones.

Matching is on normalised tokens (case, accents and Cyrillic/Latin script ignored), longest alias
first; inflected forms ("Petrovićit", "SHBA-së") match through the languages' case endings and small
spelling variations through fuzzy matching. Metonyms ("Moscow" for Russia) match only because an
actor lists them as aliases. Unknown names become candidate actors, with a guessed kind, instead of
being dropped; a lone surname is linked to the full name it abbreviates.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz, process

from articles.ingest.lexicon import Lexicon, country_names, load_lexicon
from balkanapi.text import normalize_text

_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\w+")
_SENTENCE_END = re.compile(r"[.!?]\s*$|^\s*$")
_ARTICLES = {"the", "a", "an"}


@dataclass(frozen=True)
class KnownActor:
    """An actor already in the database, as plain data."""

    id: int
    name: str
    kind: str
    aliases: tuple[tuple[str, str], ...] = ()  # (alias, alias kind)
    country: str = ""
    gender: str = ""  # "m" or "f" for people when known (gazetteer, curators); "" otherwise


@dataclass(eq=False)
class ActorRef:
    """What a mention points to: a known actor, or a candidate the pipeline proposes."""

    name: str
    kind: str
    actor_id: int | None = None
    country: str = ""
    surface_forms: set[str] = field(default_factory=set)
    gender: str = ""  # "m" / "f" when known: pronouns and gendered verb forms must agree with it

    @property
    def is_new(self) -> bool:
        return self.actor_id is None

    @property
    def key(self) -> str:
        return f"id:{self.actor_id}" if self.actor_id else f"new:{normalize_text(self.name)}"


@dataclass
class FoundMention:
    start: int
    end: int
    text: str
    ref: ActorRef
    confidence: float
    via: str  # alias, inflection, fuzzy, surname, candidate


@dataclass(frozen=True)
class Token:
    text: str
    norm: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def acronym(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), normalize_text(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _alias_tokens(alias: str) -> tuple[str, ...]:
    tokens = [normalize_text(m.group()) for m in _TOKEN.finditer(alias)]
    while tokens and tokens[0] in _ARTICLES and len(tokens) > 1:
        tokens = tokens[1:]
    return tuple(tokens)


@dataclass
class _Entry:
    tokens: tuple[str, ...]
    ref: ActorRef
    needs_capital: bool
    acronym: bool
    metonym: bool


class ActorIndex:
    """Aliases of known and newly proposed actors, indexed by their first normalised token."""

    def __init__(self, known: Iterable[KnownActor] = (), lexicon: Lexicon | None = None):
        self.lexicon = lexicon or load_lexicon()
        self._suffixes = tuple(
            sorted(
                {normalize_text(suffix) for suffix in self.lexicon.inflection_suffixes} - {""}, key=len, reverse=True
            )
        )
        self._by_first: dict[str, list[_Entry]] = {}
        self._surnames: dict[str, ActorRef | None] = {}  # None: ambiguous
        self._single_tokens: dict[str, ActorRef] = {}
        self.refs: dict[str, ActorRef] = {}
        for actor in known:
            ref = ActorRef(actor.name, actor.kind, actor.id, actor.country, gender=actor.gender)
            self._register(ref, actor.name, "name")
            for alias, kind in actor.aliases:
                self._register(ref, alias, kind)

    def _register(self, ref: ActorRef, alias: str, kind: str = "name") -> None:
        tokens = _alias_tokens(alias)
        if not tokens:
            return
        self.refs.setdefault(ref.key, ref)
        entries = self._by_first.setdefault(tokens[0], [])
        if any(entry.tokens == tokens and entry.ref is ref for entry in entries):
            return
        stripped = alias.strip()
        entries.append(
            _Entry(
                tokens,
                ref,
                stripped[:1].isupper(),
                Token(stripped, "", 0, 0).acronym and len(tokens) == 1,
                kind == "metonym",
            )
        )
        entries.sort(key=lambda entry: len(entry.tokens), reverse=True)
        if len(tokens) == 1 and len(tokens[0]) >= 4:
            self._single_tokens[tokens[0]] = ref
        if ref.kind == "person" and len(tokens) >= 2 and len(tokens[-1]) >= 3:
            current = self._surnames.get(tokens[-1], ref)
            self._surnames[tokens[-1]] = ref if current is ref else None

    def add_candidate(self, name: str, kind: str, country: str = "") -> ActorRef:
        """Register a proposed actor (or return the one already proposed under that name)."""
        key = f"new:{normalize_text(name)}"
        if key in self.refs:
            return self.refs[key]
        ref = ActorRef(name, kind, None, country)
        self._register(ref, name)
        return ref

    def resolve_name(self, name: str, kind: str) -> ActorRef:
        """The actor a whole name refers to (an alias of a known actor), else a new candidate."""
        tokens = tokenize(name)
        if tokens:
            match = self.match_at(tokens, 0)
            if match and match[1] == len(tokens):
                return match[0].ref
        return self.add_candidate(name, kind)

    def add_alias(self, ref: ActorRef, alias: str) -> None:
        self._register(ref, alias)

    # -- matching -----------------------------------------------------------------------------
    def match_at(self, tokens: list[Token], index: int) -> tuple[_Entry, int, str] | None:
        """Longest alias starting at tokens[index]: (entry, tokens consumed, how)."""
        first = tokens[index]
        for norm, how in self._variants(first):
            for entry in self._by_first.get(norm, []):
                size = len(entry.tokens)
                if index + size > len(tokens) or not self._compatible(entry, tokens[index]):
                    continue
                window = tokens[index : index + size]
                if size == 1:
                    return entry, 1, how
                if how == "alias" and all(t.norm == a for t, a in zip(window[1:-1], entry.tokens[1:-1], strict=True)):
                    last_ok = any(v == entry.tokens[-1] for v, _ in self._variants(window[-1]))
                    if last_ok and self._contiguous(window):
                        return entry, size, "alias" if window[-1].norm == entry.tokens[-1] else "inflection"
        return None

    def _variants(self, token: Token) -> list[tuple[str, str]]:
        """The token as written, then with a case ending removed ("petrovicit" -> "petrovic")."""
        variants = [(token.norm, "alias")]
        if token.capitalised and len(token.norm) >= 5:
            for suffix in self._suffixes:
                if token.norm.endswith(suffix) and len(token.norm) - len(suffix) >= 4:
                    variants.append((token.norm[: -len(suffix)], "inflection"))
        return variants

    @staticmethod
    def _compatible(entry: _Entry, token: Token) -> bool:
        if entry.acronym:
            return token.acronym
        if entry.needs_capital:
            return token.capitalised
        return True

    @staticmethod
    def _contiguous(window: list[Token]) -> bool:
        return all(0 <= b.start - a.end <= 2 for a, b in itertools.pairwise(window))

    def surname(self, token: Token) -> ActorRef | None:
        for norm, _how in self._variants(token):
            ref = self._surnames.get(norm)
            if ref is not None:
                return ref
        return None

    def fuzzy(self, token: Token) -> ActorRef | None:
        """A near-identical single-word alias ("Petrovicc" for "Petrović"), for longer capitalised words."""
        if len(token.norm) < 6 or not self._single_tokens:
            return None
        best = process.extractOne(token.norm, self._single_tokens.keys(), scorer=fuzz.ratio, score_cutoff=88)
        return self._single_tokens[best[0]] if best else None


def find_mentions(body: str, index: ActorIndex) -> list[FoundMention]:
    """Every actor occurrence in `body`: known aliases first, then proposed new actors."""
    lexicon = index.lexicon
    tokens = tokenize(body)
    mentions: list[FoundMention] = []
    taken = [False] * len(tokens)
    i = 0
    while i < len(tokens):
        match = index.match_at(tokens, i)
        if match:
            entry, size, how = match
            mentions.append(
                _mention(
                    body,
                    tokens[i : i + size],
                    entry.ref,
                    0.7 if entry.metonym else (0.95 if how == "alias" else 0.8),
                    how,
                )
            )
            for j in range(i, i + size):
                taken[j] = True
            i += size
            continue
        i += 1

    for start, stop in _name_runs(body, tokens, taken, lexicon):
        run = tokens[start:stop]
        if _is_job_title(run, lexicon):
            # "Deputy Assistant Secretary for European and Eurasian Affairs": a role, not a name; only
            # the countries it names are mentions ("Minister of Foreign Affairs of Serbia").
            for token in run:
                if token.norm in country_names():
                    country = index.add_candidate(token.text, "country", country_names()[token.norm])
                    mentions.append(_mention(body, [token], country, 0.6, "candidate"))
            continue
        for part in _split_run(run, lexicon):
            name_tokens = _strip_titles(part, lexicon)
            # A country before a title ("U.S. President …", "Kosovo Prime Minister …") is a mention of its own.
            for token in part[: len(part) - len(name_tokens)]:
                if token.norm in country_names() and token.capitalised:
                    country = index.add_candidate(token.text, "country", country_names()[token.norm])
                    mentions.append(_mention(body, [token], country, 0.6, "candidate"))
            ref, how, confidence = _resolve_part(body, part, name_tokens, tokens, index, lexicon)
            if ref is not None:
                mentions.append(_mention(body, name_tokens, ref, confidence, how))
    mentions.sort(key=lambda m: m.start)
    return mentions


def _mention(body: str, window: list[Token], ref: ActorRef, confidence: float, how: str) -> FoundMention:
    text = body[window[0].start : window[-1].end]
    ref.surface_forms.add(text)
    return FoundMention(window[0].start, window[-1].end, text, ref, confidence, how)


def _sentence_initial(body: str, token: Token) -> bool:
    before = body[max(0, token.start - 3) : token.start]
    return bool(_SENTENCE_END.search(before)) or token.start == 0 or before.endswith(("“", '"', "„", "«", "\n"))


def _name_runs(body: str, tokens: list[Token], taken: list[bool], lexicon: Lexicon) -> list[tuple[int, int]]:
    """Runs of capitalised tokens (with name connectors inside) not already matched."""
    runs = []
    i = 0
    while i < len(tokens):
        if taken[i] or not tokens[i].capitalised or tokens[i].text.isdigit():
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and not taken[j]:
            gap = body[tokens[j - 1].end : tokens[j].start]
            initial = len(tokens[j - 1].text) == 1 and tokens[j - 1].capitalised and gap == ". "  # "Matthew A. Palmer"
            if gap not in (" ", "-", "\u00a0") and not initial:
                break
            if tokens[j].capitalised:
                j += 1
                continue
            # A lowercase connector joins only when a capitalised word follows it.
            if (
                tokens[j].norm in lexicon.name_connectors
                and j + 1 < len(tokens)
                and not taken[j + 1]
                and tokens[j + 1].capitalised
                and body[tokens[j].end : tokens[j + 1].start] == " "
            ):
                j += 2
                continue
            break
        runs.append((i, j))
        i = j
    return runs


def _strip_titles(run: list[Token], lexicon: Lexicon) -> list[Token]:
    """Drop leading titles, demonyms and function words: "Serbian Foreign Minister Ana Ilić" -> "Ana Ilić"."""
    tokens = list(run)

    def leading_qualifier(first: Token, second: Token) -> bool:
        # "Russian Foreign Minister …", "U.S. President …": a demonym or country only before a title.
        return (_is_demonym(first, lexicon) or first.acronym or first.norm in country_names()) and (
            second.norm in lexicon.title_words
        )

    while len(tokens) > 1 and (
        tokens[0].norm in lexicon.title_words
        or tokens[0].norm in lexicon.non_name_words
        or tokens[0].norm in lexicon.name_connectors
        or leading_qualifier(tokens[0], tokens[1])
    ):
        tokens = tokens[1:]
    while tokens and (tokens[-1].norm in lexicon.name_connectors or tokens[-1].norm in lexicon.non_name_words):
        tokens = tokens[:-1]
    return tokens


def _is_demonym(token: Token, lexicon: Lexicon) -> bool:
    """ "Serbian", "Russians", "Kosovan": a word built on a country's name, not the name itself."""
    norm = token.norm
    if not token.capitalised or norm in country_names():
        return False
    if any(norm.startswith(stem) for stem in _country_stems()):
        return True
    return len(norm) > 4 and norm.endswith(lexicon.demonym_suffixes) and norm[:-1] in _country_stems()


@cache
def _country_stems() -> frozenset[str]:
    return frozenset(name[:-1] for name in country_names() if " " not in name and len(name) >= 5)


def _is_job_title(run: list[Token], lexicon: Lexicon) -> bool:
    lead = 0
    while lead < len(run) and run[lead].norm in lexicon.title_words:
        lead += 1
    return 0 < lead < len(run) and run[lead].norm in lexicon.name_connectors and not run[lead].capitalised


def _split_run(run: list[Token], lexicon: Lexicon) -> list[list[Token]]:
    """Split a run at connectors unless it is one name.

    "Bosnia and Herzegovina" and "Council on Foreign Relations" stay whole (a known country name, an
    organisation word); "Serbia and Montenegro" or "Alaska on Aug" are separate words.
    """
    connectors = [token for token in run if token.norm in lexicon.name_connectors and not token.capitalised]
    if not connectors:
        return [run]
    joined = normalize_text(" ".join(token.text for token in run))
    if joined in country_names():
        return [run]
    coordinating = {"and", "dhe", "i", "и", "e"}
    organisation = guess_kind(joined, lexicon)[0] not in ("person", "country")
    parts: list[list[Token]] = [[]]
    for token in run:
        splits = token.norm in coordinating or not organisation
        if token in connectors and splits:
            parts.append([])
        else:
            parts[-1].append(token)
    return [part for part in parts if part]


def guess_kind(name: str, lexicon: Lexicon) -> tuple[str, str]:
    """(kind, country code) for a proposed actor, from its words; person when nothing says otherwise."""
    normalized = normalize_text(name)
    if normalized in country_names():
        return "country", country_names()[normalized]
    words = set(normalized.replace("-", " ").split())
    for kind in ("international_organisation", "government", "party", "armed_group", "media", "organisation"):
        for keyword in lexicon.kind_keywords.get(kind, ()):
            if (" " in keyword and keyword in normalized) or keyword in words:
                return kind, ""
    if Token(name, "", 0, 0).acronym:
        return "organisation", ""
    return "person", ""


def _resolve_part(body, part, name_tokens, tokens, index: ActorIndex, lexicon) -> tuple[ActorRef | None, str, float]:
    if not name_tokens:
        return None, "", 0.0
    stripped = part[: len(part) - len(name_tokens)]
    had_title = any(token.norm in lexicon.title_words for token in stripped)
    name = body[name_tokens[0].start : name_tokens[-1].end]
    normalized = normalize_text(name)
    if len(name_tokens) == 1:
        token = name_tokens[0]
        if (
            token.norm in lexicon.non_name_words
            or token.norm in lexicon.title_words
            or token.norm in lexicon.not_alone_words
            or len(token.norm) < 2
        ):
            return None, "", 0.0
        surname = index.surname(token)
        if surname is not None:
            index.add_alias(surname, token.text)
            return surname, "surname", 0.75
        fuzzy = None if _is_demonym(token, lexicon) else index.fuzzy(token)
        if fuzzy is not None:
            return fuzzy, "fuzzy", 0.7
        if _sentence_initial(body, token) and not token.acronym and normalized not in country_names():
            return None, "", 0.0
        if _is_demonym(token, lexicon):
            return None, "", 0.0
        if not (had_title or token.acronym or normalized in country_names() or _repeated(tokens, token)):
            return None, "", 0.0
    kind, country = guess_kind(name, lexicon)
    if had_title and kind == "organisation" and not Token(name, "", 0, 0).acronym:
        kind = "person"
    elif kind == "person" and len(name_tokens) == 1 and not had_title:
        # People are introduced with a first name or a title; a lone repeated word is more often a
        # place or region ("Balkans", "Davos"): propose it as such, for a curator to confirm.
        kind = "country"
    ref = index.add_candidate(name, kind, country)
    if kind == "person" and len(name_tokens) >= 2:
        index.add_alias(ref, name_tokens[-1].text)
    return ref, "candidate", 0.6


def _repeated(tokens: list[Token], token: Token) -> bool:
    """A capitalised word used again later, not at a sentence start, reads as a name."""
    return sum(1 for other in tokens if other.norm == token.norm and other.capitalised) >= 2

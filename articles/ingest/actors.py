"""Stage 5, actors and mentions: find known actors by their aliases and propose new ones.

Matching is on normalised tokens (case, accents and Cyrillic/Latin script ignored), longest alias
first; inflected forms ("Petrovićit", "Srbije", "Arbenom Gashijem") match through the languages' base-form
rules (ending -> replacement, data in the lexicon), every token of a multi-word alias included, and small
spelling variations through fuzzy matching. Metonyms ("Moscow" for Russia) match only because an
actor lists them as aliases.

Unknown names become candidate actors only on evidence: a person needs a given name, a title or a speech
cue beside the name; places never become persons; organisations are named by their keywords. Titles before
a name are kept as the mention's role, not as part of the name. Junk (shouting headlines, photo credits,
platform names, hyphenated compounds) is never proposed. Candidates live in a per-article `fork()` of the
index, so what one article proposes never becomes a link target for the next.
"""

from __future__ import annotations

import bisect
import copy
import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz, process

from articles.ingest.lexicon import Lexicon, country_names, load_lexicon
from articles.ingest.names import gender_of, given_names
from balkanapi.text import normalize_text

_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\w+")
_SENTENCE_END = re.compile(r"[.!?]\s*$|^\s*$")
_ARTICLES = {"the", "a", "an"}
_RUN_GAPS = (" ", "\u00a0")
_MAX_ROLE_TOKENS = 8
_CREDIT_END = re.compile(r"[\n)\]|]")


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
    role: str = ""  # the title written before a person's name ("Ministry Spokeswoman"), as written


@dataclass(frozen=True)
class Token:
    text: str
    norm: str
    start: int
    end: int

    @cached_property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @cached_property
    def acronym(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), normalize_text(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _alias_tokens(alias: str, generic: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The alias's normalised tokens, a leading article dropped ("the European Union" is found as
    "European Union") unless what is left is one generic word: "the Commission" keeps its article, or every
    "Electoral Commission" would be the European one."""
    tokens = [normalize_text(m.group()) for m in _TOKEN.finditer(alias)]
    while tokens and tokens[0] in _ARTICLES and len(tokens) > 1 and not (len(tokens) == 2 and tokens[1] in generic):
        tokens = tokens[1:]
    return tuple(tokens)


@dataclass(frozen=True)
class _Rule:
    """One base-form rule: a word ending in `ending` may be the case form of the word ending in `replacement`."""

    ending: str  # as written in the lexicon (lowercase, any script)
    replacement: str
    norm_ending: str
    norm_replacement: str


@dataclass(frozen=True)
class LanguageData:
    """The actor stage's own lexicon keys, merged over every language (read from `Lexicon.languages`)."""

    rules: tuple[_Rule, ...]
    role_connectors: frozenset[str]
    credit_markers: frozenset[str]
    platform_words: frozenset[str]
    keyword_words: frozenset[str]  # single-word kind keywords ("ministry", "влада")
    forms: dict[str, list[str]] = field(default_factory=dict, compare=False, hash=False)  # memo of variants


_LANGUAGE_DATA: dict[int, LanguageData] = {}


def language_data(lexicon: Lexicon) -> LanguageData:
    """The base-form rules and word lists of every language in `lexicon` (computed once per lexicon)."""
    cached = _LANGUAGE_DATA.get(id(lexicon))
    if cached is not None:
        return cached
    rules: list[_Rule] = []
    role_connectors: set[str] = set()
    credit_markers: set[str] = set()
    platform_words: set[str] = set()
    for language in lexicon.languages.values():
        for ending, replacement in language.get("base_form_rules") or []:
            ending, replacement = str(ending).casefold(), str(replacement).casefold()
            rule = _Rule(ending, replacement, normalize_text(ending), normalize_text(replacement))
            if rule.norm_ending and rule not in rules:
                rules.append(rule)
        # Plain case endings (stripped, nothing added) are base-form rules too.
        for suffix in language.get("inflection_suffixes") or []:
            suffix = str(suffix).casefold()
            rule = _Rule(suffix, "", normalize_text(suffix), "")
            if rule.norm_ending and rule not in rules:
                rules.append(rule)
        role_connectors.update(normalize_text(str(word)) for word in language.get("role_connectors") or [])
        credit_markers.update(normalize_text(str(word)) for word in language.get("credit_markers") or [])
        platform_words.update(normalize_text(str(word)) for word in language.get("platform_words") or [])
    # Longer endings first: "Gashijem" is "Gashi" + "-jem" before it is "Gashij" + "-em".
    rules.sort(key=lambda rule: len(rule.norm_ending), reverse=True)
    keywords = frozenset(word for words in lexicon.kind_keywords.values() for word in words if " " not in word)
    data = LanguageData(
        tuple(rules),
        frozenset(role_connectors | lexicon.name_connectors),
        frozenset(credit_markers),
        frozenset(platform_words),
        keywords,
    )
    _LANGUAGE_DATA[id(lexicon)] = data
    return data


def base_forms(norm: str, rules: Iterable[_Rule], min_stem: int = 3) -> list[str]:
    """Candidate base forms of a normalised word, most likely first, the word itself left out.

    "srbije" -> "srbija", "srbij"…; "gashijem" -> "gashi", …; "petrovym" -> "petrov".
    """
    forms: list[str] = []
    for rule in rules:
        if norm.endswith(rule.norm_ending) and len(norm) - len(rule.norm_ending) >= min_stem:
            form = norm[: -len(rule.norm_ending)] + rule.norm_replacement
            if form != norm and form not in forms:
                forms.append(form)
    return forms


def _surface_base(word: str, target: str, rules: Iterable[_Rule]) -> str | None:
    """`word` rewritten, as written (script, accents, case), into the base form whose normalisation is `target`."""
    folded = word.casefold()
    for rule in rules:
        if folded.endswith(rule.ending) and len(word) > len(rule.ending):
            replacement = rule.replacement.upper() if word.isupper() else rule.replacement
            form = word[: len(word) - len(rule.ending)] + replacement
            if normalize_text(form) == target:
                return form
    return None


@dataclass
class _Entry:
    tokens: tuple[str, ...]
    ref: ActorRef
    needs_capital: bool
    acronym: bool
    metonym: bool


@dataclass
class _Tables:
    """Aliases indexed by their first normalised token, surnames of people, single-word aliases."""

    by_first: dict[str, list[_Entry]] = field(default_factory=dict)
    surnames: dict[str, ActorRef | None] = field(default_factory=dict)  # None: ambiguous
    single_tokens: dict[str, ActorRef] = field(default_factory=dict)
    refs: dict[str, ActorRef] = field(default_factory=dict)


class ActorIndex:
    """Aliases of known actors (shared, read-only once built) and of one article's candidates (`fork()`)."""

    def __init__(
        self, known: Iterable[KnownActor] = (), lexicon: Lexicon | None = None, places: Iterable[str] = ()
    ) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.data = language_data(self.lexicon)
        self._generic_words = frozenset(word for words in self.lexicon.kind_keywords.values() for word in words)
        # Places and regions (the gazetteer's, plus every country name): never people.
        places = list(places)
        self.places = frozenset(normalize_text(place) for place in places) | frozenset(country_names())
        # How each place is really spelt: "Nišu" and "nisu" (they are not) normalise alike, but are not alike.
        self._place_spellings: dict[str, set[str]] = {}
        for place in places:
            self._place_spellings.setdefault(normalize_text(place), set()).add(place.casefold())
        self._known = _Tables()
        self._local = _Tables()
        # A country's institutions by their first word ("vlada", "владата", "qeveria" + country code): the
        # bare word in an article about that country names that institution.
        self._institutions: dict[tuple[str, str], ActorRef | None] = {}
        for actor in known:
            ref = ActorRef(actor.name, actor.kind, actor.id, actor.country, gender=actor.gender)
            self._register(self._known, ref, actor.name, "name")
            for alias, kind in actor.aliases:
                self._register(self._known, ref, alias, kind)
            if actor.kind == "government" and actor.country:
                for form in (actor.name, *(alias for alias, _kind in actor.aliases)):
                    words = _alias_tokens(form, self._generic_words)
                    if len(words) >= 2:
                        key = (words[0], actor.country)
                        self._institutions[key] = ref if self._institutions.get(key, ref) is ref else None

    def institution(self, token: Token, country: str) -> ActorRef | None:
        """The institution of `country` that this bare word names ("Vlada", "Владата"), if exactly one."""
        for form in [token.norm, *base_forms(token.norm, self.data.rules)]:
            ref = self._institutions.get((form, country))
            if ref is not None:
                return ref
        return None

    def fork(self) -> ActorIndex:
        """An index for one article: the known actors shared, candidates kept apart and dropped afterwards.

        What an article proposes is not a link target for other articles until a curator confirms it;
        matching each article against the known actors only also makes ingestion order-independent.
        """
        child = copy.copy(self)
        child._local = _Tables()
        return child

    @property
    def refs(self) -> dict[str, ActorRef]:
        """Every actor the index knows, known ones and this article's candidates, by key."""
        return {**self._known.refs, **self._local.refs}

    def _register(self, tables: _Tables, ref: ActorRef, alias: str, kind: str = "name") -> None:
        tokens = _alias_tokens(alias, self._generic_words)
        if not tokens:
            return
        tables.refs.setdefault(ref.key, ref)
        entries = tables.by_first.setdefault(tokens[0], [])
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
            tables.single_tokens[tokens[0]] = ref
        if ref.kind == "person" and len(tokens) >= 2 and len(tokens[-1]) >= 3:
            current = tables.surnames.get(tokens[-1], ref)
            tables.surnames[tokens[-1]] = ref if current is ref else None

    def add_candidate(self, name: str, kind: str, country: str = "", gender: str = "") -> ActorRef:
        """Register a proposed actor for this article (or return the one already proposed under that name)."""
        key = f"new:{normalize_text(name)}"
        if key in self._local.refs:
            return self._local.refs[key]
        ref = ActorRef(name, kind, None, country, gender=gender)
        self._register(self._local, ref, name)
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
        """A form this article uses for one of its candidates (kept with the article's fork only)."""
        self._register(self._local, ref, alias)

    # -- word classes -------------------------------------------------------------------------
    def variants(self, token: Token) -> list[str]:
        """The token's normalised form, then its base forms when it is a capitalised word."""
        if token.capitalised and len(token.norm) >= 4 and not token.acronym:
            forms = self.data.forms.get(token.norm)
            if forms is None:
                if len(self.data.forms) > 100_000:
                    self.data.forms.clear()
                forms = self.data.forms[token.norm] = [token.norm, *base_forms(token.norm, self.data.rules)]
            return forms
        return [token.norm]

    def is_title(self, token: Token) -> bool:
        """A title or role word, in any case form ("predsednikom", "министра")."""
        words = self.lexicon.title_words
        if token.norm in words:
            return True
        if len(token.norm) < 5:
            return False
        key = f"title:{token.norm}"
        forms = self.data.forms.get(key)
        if forms is None:
            forms = self.data.forms[key] = base_forms(token.norm, self.data.rules, 4)
        return any(form in words for form in forms)

    def is_place(self, norm: str) -> bool:
        return norm in self.places

    def place_form(self, tokens: list[Token]) -> str | None:
        """The normalised place name these tokens write, in any case form ("Republici Srpskoj")."""
        for combination in itertools.islice(itertools.product(*(self.variants(t) for t in tokens)), 64):
            joined = " ".join(combination)
            inflected = any(form != token.norm for form, token in zip(combination, tokens, strict=True))
            if inflected and any(len(form) < 4 for form in combination):
                continue  # "Nisu" (they are not) is no case form of "Niš": too short a stem to tell
            if joined in self.places and self._spelt_as_place(joined, tokens, inflected):
                return joined
        return None

    def _spelt_as_place(self, joined: str, tokens: list[Token], inflected: bool) -> bool:
        spellings = self._place_spellings.get(joined)
        if inflected or not spellings:
            return True
        return " ".join(token.text for token in tokens).casefold() in spellings

    def given_name(self, token: Token) -> str | None:
        """The normalised given name this token writes ("Kristijana" -> "kristijan"), if any."""
        if not token.capitalised or token.acronym:
            return None
        names = given_names()
        forms = self.variants(token)
        if len(token.norm) == 3:  # short given names have case forms too ("Ane" -> "Ana")
            key = f"given:{token.norm}"
            forms = self.data.forms.get(key) or self.data.forms.setdefault(
                key, [token.norm, *base_forms(token.norm, self.data.rules, 2)]
            )
        if any(form in self.data.keyword_words for form in forms):
            return None  # "Bashkimin" is the union ("bashkimi"), not the given name "Bashkim"
        return next((form for form in forms if form in names), None)

    def is_keyword(self, token: Token) -> bool:
        """An organisation word ("Ministry", "Владата", "skupštine") in any case form."""
        if token.norm in self.data.keyword_words:
            return True
        if len(token.norm) < 4:
            return False
        forms = self.data.forms.get(f"keyword:{token.norm}")
        if forms is None:
            forms = self.data.forms[f"keyword:{token.norm}"] = base_forms(token.norm, self.data.rules)
        return any(form in self.data.keyword_words for form in forms)

    # -- matching -----------------------------------------------------------------------------
    def _entries(self, norm: str) -> list[_Entry]:
        return self._local.by_first.get(norm, []) + self._known.by_first.get(norm, [])

    def match_at(self, tokens: list[Token], index: int) -> tuple[_Entry, int, str] | None:
        """Longest alias starting at tokens[index]: (entry, tokens consumed, how).

        Every token of the window may be a case form of the alias's token ("Arbenom Gashijem").
        """
        best: tuple[_Entry, int, str] | None = None
        first_forms = self.variants(tokens[index])
        for position, norm in enumerate(first_forms):
            for entry in self._entries(norm):
                size = len(entry.tokens)
                if index + size > len(tokens) or not self._compatible(entry, tokens[index]):
                    continue
                if best is not None and (size < best[1] or (size == best[1] and best[2] == "alias")):
                    continue
                window = tokens[index : index + size]
                if size > 1 and not self._contiguous(window):
                    continue
                exact = position == 0
                ok = True
                for token, expected in zip(window[1:], entry.tokens[1:], strict=True):
                    if token.norm == expected:
                        continue
                    if expected in self.variants(token):
                        exact = False
                        continue
                    ok = False
                    break
                if ok:
                    best = (entry, size, "alias" if exact else "inflection")
        return best

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
        """The person whose surname this is: this article's candidates first, then the known actors."""
        for norm in self.variants(token):
            for tables in (self._local, self._known):
                ref = tables.surnames.get(norm)
                if ref is not None:
                    return ref
        return None

    def fuzzy(self, token: Token) -> ActorRef | None:
        """A near-identical single-word alias ("Petrovicc" for "Petrović"), for longer capitalised words."""
        if len(token.norm) < 6:
            return None
        for tables in (self._local, self._known):
            if not tables.single_tokens:
                continue
            best = process.extractOne(token.norm, tables.single_tokens.keys(), scorer=fuzz.ratio, score_cutoff=88)
            if best:
                return tables.single_tokens[best[0]]
        return None


@dataclass
class _Context:
    """One body's tokens and what the first pass learned about them."""

    body: str
    tokens: list[Token]
    index: ActorIndex
    kinds: dict[int, str]  # token index -> kind of the known actor matched there
    position: dict[int, int]  # token start offset -> token index
    lowercase: frozenset[str]  # words the body also writes in lowercase: common words, not names
    capitalised: dict[str, list[int]] = field(default_factory=dict)  # norm -> where it is written capitalised
    starts: list[int] = field(default_factory=list)  # token start offsets, for finding a line's tokens


def find_mentions(body: str, index: ActorIndex) -> list[FoundMention]:
    """Every actor occurrence in `body`: known aliases first, then proposed new actors."""
    lexicon = index.lexicon
    tokens = tokenize(body)
    masked = _credit_mask(body, tokens, index)
    taken = list(masked)
    kinds: dict[int, str] = {}
    mentions: list[FoundMention] = []
    i = 0
    while i < len(tokens):
        match = None if masked[i] else index.match_at(tokens, i)
        if match and _place_not_actor(body, tokens, i, match[0], index.lexicon):
            # "u Beogradu", "in Brussels": the capital as a place, not the government it can stand for.
            for j in range(i, i + match[1]):
                taken[j] = True
            i += match[1]
            continue
        if match and _not_an_actor(tokens[i : i + match[1]], index.lexicon):
            match = None
        if match and _common_word_title(body, tokens[i : i + match[1]], match[0]):
            taken[i] = True  # "Danas je …" opens a sentence with "today", not with the newspaper "Danas"
            i += 1
            continue
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
                kinds[j] = entry.ref.kind
            i += size
            continue
        i += 1

    context = _Context(
        body,
        tokens,
        index,
        kinds,
        {token.start: n for n, token in enumerate(tokens)},
        frozenset(token.norm for token in tokens if token.text.islower()),
    )
    context.starts = [token.start for token in tokens]
    for n, token in enumerate(tokens):
        if token.capitalised:
            context.capitalised.setdefault(token.norm, []).append(n)
    for start, stop in _name_runs(body, tokens, taken, index):
        run = tokens[start:stop]
        if _shouting(context, start, stop) or _is_job_title(run, index):
            # "Deputy Assistant Secretary for European and Eurasian Affairs", "Serbia Acts Only If Told": a
            # role or a headline, not a name; only the countries it names are mentions.
            for token in run:
                if token.norm in country_names():
                    country = index.add_candidate(token.text, "country", country_names()[token.norm])
                    mentions.append(_mention(body, [token], country, 0.6, "candidate"))
            continue
        for part in _split_run(run, lexicon):
            name_tokens = [] if _title_cased(part, lexicon) else _strip_titles(part, context)
            # A country before a title ("U.S. President …", "Kosovo Prime Minister …") is a mention of its own.
            for token in part[: len(part) - len(name_tokens)]:
                if token.norm in country_names() and token.capitalised:
                    country = index.add_candidate(token.text, "country", country_names()[token.norm])
                    mentions.append(_mention(body, [token], country, 0.6, "candidate"))
            ref, how, confidence = _resolve_part(part, name_tokens, context)
            if ref is not None:
                mentions.append(_mention(body, name_tokens, ref, confidence, how))
    for mention in mentions:
        if mention.ref.kind == "person":
            mention.role = _role_text(context, context.position[mention.start])
    mentions = _national_institutions(mentions, context)
    mentions.sort(key=lambda m: m.start)
    return mentions


def _national_institutions(mentions: list[FoundMention], context: _Context) -> list[FoundMention]:
    """ "Vlada je usvojila …", "Владата соопшти": a bare, capitalised institution word names the institution of
    the country the article is about (the country its known actors belong to most), when the gazetteer knows it."""
    countries = Counter(m.ref.country for m in mentions if not m.ref.is_new and m.ref.country)
    if not countries:
        return mentions
    (country, count), *rest = countries.most_common(2)
    if rest and rest[0][1] == count:
        return mentions  # two countries as present as each other: no telling whose government it is
    kept = [m for m in mentions if not (m.ref.is_new and m.ref.kind == "government" and m.end - m.start < 20)]
    covered: set[int] = set()
    for mention in kept:
        position = context.position.get(mention.start)
        while position is not None and position < len(context.tokens) and context.tokens[position].end <= mention.end:
            covered.add(position)
            position += 1
    result = list(kept)
    for position, token in enumerate(context.tokens):
        if position in covered or not token.capitalised or token.acronym or not context.index.is_keyword(token):
            continue
        ref = context.index.institution(token, country)
        if ref is not None:
            result.append(_mention(context.body, [token], ref, 0.6, "institution"))
    return result


def _mention(body: str, window: list[Token], ref: ActorRef, confidence: float, how: str) -> FoundMention:
    text = body[window[0].start : window[-1].end]
    ref.surface_forms.add(text)
    return FoundMention(window[0].start, window[-1].end, text, ref, confidence, how)


def _sentence_initial(body: str, token: Token) -> bool:
    before = body[max(0, token.start - 3) : token.start]
    if bool(_SENTENCE_END.search(before)) or token.start == 0 or before.endswith(("“", '"', "„", "«", "\n")):
        return True
    # After a speech dash or a dateline's dash ("- Ako …", "(MINA) – Predlog …") a sentence starts too.
    return bool(re.search(r"(?:^|[\n.!?:)])\s*[–—-]\s*$", body[max(0, token.start - 12) : token.start]))


def _place_not_actor(body: str, tokens: list[Token], i: int, entry, lexicon: Lexicon) -> bool:
    """A metonym (a capital for its government) right after a locative preposition names the place."""
    if not entry.metonym or i == 0:
        return False
    previous = tokens[i - 1]
    return previous.norm in lexicon.word_list("locatives") and body[previous.end : tokens[i].start] == " "


def _common_word_title(body: str, window: list[Token], entry) -> bool:
    """A one-word media title that is an everyday word ("Danas", "Vijesti", "Politika") opening a sentence."""
    token = window[0]
    return entry.ref.kind == "media" and len(window) == 1 and not token.acronym and _sentence_initial(body, token)


def _not_an_actor(window: list[Token], lexicon: Lexicon) -> bool:
    """Currency codes and economic abbreviations written like acronyms ("KM", "EUR", "BDP"): never actors."""
    words = {
        normalize_text(str(word))
        for language in lexicon.languages.values()
        for word in language.get("not_actors") or []
    }
    return len(window) == 1 and window[0].norm in words


def _credit_mask(body: str, tokens: list[Token], index: ActorIndex) -> list[bool]:
    """Tokens inside a photo or image credit ("Foto: …", "Photo: Agency/Name", "Фото: …"): never actors."""
    masked = [False] * len(tokens)
    markers = index.data.credit_markers
    for n, token in enumerate(tokens):
        if token.norm not in markers or not body[token.end : token.end + 3].lstrip().startswith(":"):
            continue
        end = _CREDIT_END.search(body, token.end)
        stop = end.start() if end else len(body)
        for m in range(n, len(tokens)):
            if tokens[m].start >= stop:
                break
            masked[m] = True
    return masked


def _shouting(context: _Context, start: int, stop: int) -> bool:
    """A headline: several capitals-only words, one too long to be an acronym, or a title-cased clause."""
    run = context.tokens[start:stop]
    if len(run) >= 2 and all(token.acronym for token in run):
        return True
    if len(run) == 1 and run[0].acronym and len(run[0].text) > 6 and "." not in run[0].text:
        return True
    # One capitals-only word among others on its line ("BREAKING: TALKS FAIL") is part of the headline.
    if len(run) == 1 and run[0].acronym:
        body = context.body
        line_start = body.rfind("\n", 0, run[0].start) + 1
        line_end = body.find("\n", run[0].end)
        line_end = len(body) if line_end < 0 else line_end
        first = bisect.bisect_left(context.starts, line_start)
        last = bisect.bisect_left(context.starts, line_end)
        words = [word for word in context.tokens[first:last] if word.text[:1].isalpha()]
        capitals = sum(word.acronym for word in words)
        return len(words) >= 3 and capitals >= 3 and capitals >= 0.6 * len(words)
    return False


def _title_cased(part: list[Token], lexicon: Lexicon) -> bool:
    """ "Talks Fail As Envoys Leave": short function words capitalised inside a run are headline style."""
    return (
        len(part) >= 3
        and any(
            token.capitalised
            and 1 < len(token.text) <= 5  # not an initial ("Matthew A. Palmer"), not a weekday
            and token.norm in lexicon.non_name_words
            and token.norm not in lexicon.name_connectors
            and token.norm not in lexicon.months
            for token in part[1:]
        )
    )


def _name_runs(body: str, tokens: list[Token], taken: list[bool], index: ActorIndex) -> list[tuple[int, int]]:
    """Runs of capitalised tokens (with name connectors inside) not already matched.

    A hyphen joins two words only when the compound is itself a place ("Bosnia-Herzegovina") or a double
    given name; "Kosovo-Serbia" is two runs, never one name with the other as a part.
    """
    lexicon = index.lexicon
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
            if gap == "-" and tokens[j].capitalised:
                compound = normalize_text(f"{tokens[j - 1].text}-{tokens[j].text}")
                names = index.given_name(tokens[j - 1]) and index.given_name(tokens[j])
                if compound in index.places or names:
                    j += 1
                    continue
                break
            if gap not in _RUN_GAPS and not initial:
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


def _is_complement(token: Token, following: Token | None, context: _Context, position: int) -> bool:
    """What a title governs, written before the name: "Ministry", "Srbije", "МИД", "Spanish", "Kosovo"."""
    kind = context.kinds.get(position)
    if kind:
        return kind != "person"
    if not token.capitalised or token.norm in context.index.lexicon.non_name_words:
        return False
    index = context.index
    return bool(
        token.acronym
        or index.place_form([token])
        or index.is_keyword(token)
        or _is_demonym(token, index.lexicon)
        or (following is not None and index.is_title(following))
    )


def _role_start(context: _Context, position: int, connector_last: bool = False) -> int | None:
    """Index of the first word of the title written right before tokens[position], if a title is there.

    The title may reach back over lowercase title words and connectors ("ministri i Jashtëm",
    "претседателот на Владата") and over what it governs ("predsednik Srbije", "глава МИД России").
    """
    tokens, body, index = context.tokens, context.body, context.index
    start = None
    has_title = False
    j = position - 1
    while j >= 0 and position - j <= _MAX_ROLE_TOKENS:
        if body[tokens[j].end : tokens[j + 1].start] not in (*_RUN_GAPS, "-"):
            break
        token = tokens[j]
        if index.is_title(token):
            has_title = True
            start = j
        elif not token.capitalised and token.norm in index.data.role_connectors:
            if start is None and not connector_last:
                break
        elif _is_complement(token, tokens[j + 1], context, j):
            start = j
        else:
            break
        j -= 1
    return start if has_title else None


def _role_text(context: _Context, position: int) -> str:
    start = _role_start(context, position)
    if start is None:
        return ""
    return context.body[context.tokens[start].start : context.tokens[position - 1].end]


def _strip_titles(run: list[Token], context: _Context) -> list[Token]:
    """Drop leading titles, what they govern and function words: "Serbian Foreign Minister Ana Ilić" -> "Ana Ilić"."""
    index = context.index
    lexicon = index.lexicon
    tokens = list(run)
    while len(tokens) > 1 and (tokens[0].norm in lexicon.non_name_words or tokens[0].norm in lexicon.name_connectors):
        tokens = tokens[1:]
    # A common word starting a sentence glued to a name ("Ранее Лавров", "Međutim Vučić").
    if len(tokens) > 1 and _sentence_initial(context.body, tokens[0]) and _common_word(tokens[0], tokens[1], context):
        tokens = tokens[1:]
    first = context.position[tokens[0].start]
    seen_title = _role_start(context, first, connector_last=True) is not None
    cut = 0
    for k, token in enumerate(tokens[:-1]):
        following = tokens[k + 1]
        if index.is_title(token):
            seen_title = True
        elif not token.capitalised and token.norm in index.data.role_connectors and seen_title:
            continue
        elif not (_is_complement(token, following, context, first + k) and (seen_title or index.is_title(following))):
            break
        if seen_title:
            cut = k + 1
    if seen_title:
        # After a title, a given name starts the name ("глава МИД России Сергей Лавров").
        for k in range(cut, min(len(tokens) - 1, cut + 3)):
            if index.given_name(tokens[k]):
                cut = k
                break
    name = tokens[cut:]
    # A title before an organisation word belongs to the organisation's name ("General Assembly",
    # "National Defense Authorization Act").
    if cut and any(index.is_keyword(token) for token in name):
        name = tokens
    while name and (name[-1].norm in lexicon.name_connectors or name[-1].norm in lexicon.non_name_words):
        name = name[:-1]
    return name


def _common_word(first: Token, second: Token, context: _Context) -> bool:
    """Whether a sentence's first word is an ordinary word rather than the start of the name after it."""
    index = context.index
    if index.given_name(first) or index.is_title(first) or first.acronym:
        return False
    if index.place_form([first]) or index.is_keyword(first) or _is_demonym(first, index.lexicon):
        return False
    return first.norm in context.lowercase or bool(index.given_name(second))


def _is_demonym(token: Token, lexicon: Lexicon) -> bool:
    """ "Serbian", "Russians", "Kosovan": a word built on a country's name, not the name itself."""
    norm = token.norm
    if not token.capitalised or norm in country_names():
        return False
    if norm.startswith(_country_stems()):
        return True
    # "Serb", "Serbs", "Croats": the start of a country's name, as a people's name.
    if len(norm) >= 4 and (norm in _country_prefixes() or norm.removesuffix("s") in _country_prefixes()):
        return True
    return len(norm) > 4 and norm.endswith(lexicon.demonym_suffixes) and norm[:-1] in _country_stems()


_STEMS: dict[str, tuple[str, ...] | frozenset[str]] = {}


def _country_stems() -> tuple[str, ...]:
    if "stems" not in _STEMS:
        _STEMS["stems"] = tuple(sorted({name[:-1] for name in country_names() if " " not in name and len(name) >= 5}))
    return _STEMS["stems"]  # type: ignore[return-value]


def _country_prefixes() -> frozenset[str]:
    """Proper beginnings (4 letters or more) of one-word country names: "serb", "croat", "alban"."""
    if "prefixes" not in _STEMS:
        _STEMS["prefixes"] = frozenset(
            name[:size] for name in country_names() if " " not in name for size in range(4, len(name) - 1)
        )
    return _STEMS["prefixes"]  # type: ignore[return-value]


def _is_job_title(run: list[Token], index: ActorIndex) -> bool:
    lead = 0
    while lead < len(run) and index.is_title(run[lead]):
        lead += 1
    return 0 < lead < len(run) and run[lead].norm in index.lexicon.name_connectors and not run[lead].capitalised


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


def _speech_cue(context: _Context, name_tokens: list[Token]) -> bool:
    """A speech verb right after the name (one word may sit between) or right before it ("said Petrov")."""
    tokens, verbs = context.tokens, context.index.lexicon.speech_verbs
    first = context.position[name_tokens[0].start]
    last = context.position[name_tokens[-1].start]
    after = tokens[last + 1 : last + 3]
    # Right after the name, or after one small word ("Petrović je rekao", "Лавров также заявил"); a comma
    # ends the name's clause ("…, analysts say" is the analysts speaking).
    if after and context.body[name_tokens[-1].end : after[0].start] in _RUN_GAPS:
        if after[0].norm in verbs:
            return True
        small = after[0].text.islower() and (
            len(after[0].norm) <= 3 or after[0].norm in context.index.lexicon.non_name_words
        )
        if small and len(after) > 1 and after[1].norm in verbs and context.body[after[0].end : after[1].start] == " ":
            return True
    before = tokens[first - 1] if first > 0 else None
    return before is not None and before.norm in verbs and context.body[before.end : name_tokens[0].start] == " "


def _repeated_name(context: _Context, name_tokens: list[Token]) -> bool:
    """The same name written at least twice in the body, capitalised."""
    norms = [token.norm for token in name_tokens]
    tokens = context.tokens
    starts = context.capitalised.get(norms[0], [])
    count = sum(
        1
        for n in starts
        if [t.norm for t in tokens[n : n + len(norms)]] == norms and not _sentence_initial(context.body, tokens[n])
    )
    return count >= 2  # a word that only ever opens sentences ("Ako", "Predlog") is no name


def _keyword_kind(name_tokens: list[Token], index: ActorIndex) -> str | None:
    """The kind an organisation word in a case form gives the name ("Ministrisë", "Владата")."""
    for kind in ("international_organisation", "government", "party", "armed_group", "media", "organisation"):
        words = index.lexicon.kind_keywords.get(kind, frozenset())
        if any(form in words for token in name_tokens for form in index.variants(token)[1:]):
            return kind
    return None


def _word_base(token: Token, ending: _Rule | None, rules: tuple[_Rule, ...]) -> str | None:
    """The base form of one word of an inflected name: by `ending` when it fits, else the likeliest one
    that can be written in the word's own script."""
    if ending is not None and token.norm.endswith(ending.norm_ending) and ending.norm_replacement == "":
        form = token.norm[: len(token.norm) - len(ending.norm_ending)]
        if len(form) >= 3 and _surface_base(token.text, form, rules):
            return form
    if ending is not None and ending.norm_replacement.endswith("a") and token.norm[-1:] not in "aeiouy":
        return None  # "Lidiju Vukčević": a woman's surname ending in a consonant is not declined
    return next((form for form in base_forms(token.norm, rules) if _surface_base(token.text, form, rules)), None)


def _candidate_name(name_tokens: list[Token], kind: str, context: _Context) -> str:
    """The name a new candidate gets: the base form when the words are in a case form, else as written.

    A person's name is reduced only when its given name is inflected ("Kristijana Šmita" -> "Kristijan
    Šmit"); a place only when its base form is a known place ("Republici Srpskoj" -> "Republika Srpska").
    """
    index, body = context.index, context.body
    rules = index.data.rules
    targets: list[str | None] = [None] * len(name_tokens)
    if kind == "person" and len(name_tokens) >= 2 and name_tokens[0].norm not in given_names():
        given = index.given_name(name_tokens[0])
        if given:
            # The other words are in the given name's case: the same ending first ("Kristijana Šmita").
            ending = next(
                (
                    r
                    for r in rules
                    if name_tokens[0].norm == given[: len(given) - len(r.norm_replacement)] + r.norm_ending
                ),
                None,
            )
            targets = [given] + [_word_base(t, ending, rules) for t in name_tokens[1:]]
    elif kind == "country":
        place = index.place_form(name_tokens)
        if place and place != " ".join(t.norm for t in name_tokens) and len(place.split()) == len(name_tokens):
            targets = list(place.split())
    words = []
    for token, target in zip(name_tokens, targets, strict=True):
        base = _surface_base(token.text, target, rules) if target and target != token.norm else None
        words.append(base or token.text)
    gaps = [body[a.end : b.start] for a, b in itertools.pairwise(name_tokens)]
    return words[0] + "".join(gap + word for gap, word in zip(gaps, words[1:], strict=True))


def _resolve_part(part: list[Token], name_tokens: list[Token], context: _Context) -> tuple[ActorRef | None, str, float]:
    if not name_tokens:
        return None, "", 0.0
    index, body = context.index, context.body
    lexicon = index.lexicon
    stripped = part[: len(part) - len(name_tokens)]
    first = context.position[name_tokens[0].start]
    had_title = any(index.is_title(token) for token in stripped) or _role_start(context, first) is not None
    name = body[name_tokens[0].start : name_tokens[-1].end]
    if any(token.norm in index.data.platform_words for token in name_tokens):
        return None, "", 0.0  # share buttons and app-store lines: platforms are never proposed
    cue = _speech_cue(context, name_tokens)
    confidence = 0.6
    if len(name_tokens) == 1:
        token = name_tokens[0]
        following = context.tokens[first + 1] if first + 1 < len(context.tokens) else None
        if following is not None and not following.capitalised and index.is_keyword(following):
            return None, "", 0.0  # "Narodne skupštine": the first word of an institution's name, not a person
        if (
            token.norm in lexicon.non_name_words
            or token.norm in lexicon.title_words
            or token.norm in lexicon.not_alone_words
            or token.norm in lexicon.word_list("not_actors")
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
        place = index.place_form([token])
        if _sentence_initial(body, token) and not (token.acronym or place or cue):
            return None, "", 0.0
        if _is_demonym(token, lexicon):
            return None, "", 0.0
        # A lone word is a person only after a title ("Moscow said" is a metonym); else a place, an
        # acronym, a word the body repeats (below), or nothing.
        if not (had_title or token.acronym or place or _repeated_name(context, name_tokens)):
            return None, "", 0.0
    kind, country = guess_kind(name, lexicon)
    if kind == "person":
        kind = _keyword_kind(name_tokens, index) or kind  # "Bashkimin Evropian": a keyword in a case form
    gender = ""
    if kind == "person":
        place = index.place_form(name_tokens)
        given = index.given_name(name_tokens[0]) if len(name_tokens) >= 2 else None
        if place:
            kind, country = "country", country_names().get(place, "")
        elif len(name_tokens) == 1 and name_tokens[0].acronym and not had_title:
            kind = "organisation"
        elif len(name_tokens) == 1 and not had_title:
            # Repeated with no title: more often a place, region or metonym ("Balkans", "Davos") than a
            # person; proposed as such, for a curator to confirm.
            kind, confidence = "country", 0.5
        elif given or had_title or cue:
            gender = gender_of(given) if given else ""
        elif (
            len(name_tokens) >= 2
            and name_tokens[0].norm not in lexicon.not_alone_words  # "Western Balkans": a description
            and _repeated_name(context, name_tokens)
        ):
            # Written twice with no sign of a person: a named body or group, for a curator to confirm.
            kind, confidence = "organisation", 0.5
        else:
            return None, "", 0.0
    elif had_title and kind == "organisation" and not Token(name, "", 0, 0).acronym:
        kind = "person"
    ref = index.add_candidate(_candidate_name(name_tokens, kind, context), kind, country, gender)
    if ref.kind == "person" and len(name_tokens) >= 2:
        index.add_alias(ref, tokenize(ref.name)[-1].text)
    return ref, "candidate", confidence

"""Language knowledge for the pipeline, read from the YAML files in `lexicon/` (one per language).

Adding a language is a data change: drop a `<code>.yaml` with the same keys beside the others.
Stages usually do not know a snippet's language before they look at it, so most look-ups use the
union over all languages; per-language data stays available through `Lexicon.languages`.

Speech verbs are not listed form by form: each language file gives lemmas, paradigm classes and rules
(`speech_lemmas`, `speech_paradigms`, …) and `speech_forms` below generates every surface form, with the
gender a past form agrees in; Cyrillic BCS is transliterated from Latin with the file's `scripts` table.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from balkanapi.text import normalize_text

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"


class _WordLoader(yaml.SafeLoader):
    """YAML without YAML 1.1's booleans: in word lists "on", "no" and "yes" are words, not true/false."""


_WordLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read(path: Path) -> dict[str, Any]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_WordLoader)  # noqa: S506 - a safe loader


def _words(values: list[Any]) -> frozenset[str]:
    return frozenset(normalize_text(str(value)) for value in values)


def _phrase_pattern(phrases: frozenset[str]) -> str:
    """Regex matching any of the normalised phrases, the longest one where several start at the same place;
    spaces match any white space.

    Written as a trie ("rek(?:ao(?:je)?|l(?:a|i))" in effect), not a flat alternation: with a couple of thousand
    generated verb forms a flat list is tried phrase by phrase at every position of every article. At each
    node continuing is tried before stopping, and siblings differ in their next character, so the first
    match found is the longest, as with a flat list sorted longest first.
    """
    trie: dict = {}
    for phrase in phrases:
        if phrase:
            node = trie
            for char in phrase:
                node = node.setdefault(char, {})
            node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _trie_regex(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


# -- speech verbs by morphology ----------------------------------------------------------------------
#
# Each language file lists its speech verbs as lemmas (`speech_lemmas`), each naming the paradigm classes it
# follows with the stem for each (`speech_paradigms`: slot -> endings), plus irregular forms. The code below
# only applies that data: endings to stems, spelling rules, periphrases (auxiliaries, particles), other
# scripts. A slot named m, f, n or pl carries the subject's gender or number (BCS/MK/RU past forms).

GENDER_SLOTS = ("m", "f", "n", "pl")
_ALTERNATION = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class SpeechForm:
    """One surface form of a speech verb, as generated from its lemma's paradigm."""

    text: str  # as written, e.g. "rekla", "рекла", "ka thënë", "pointed out"
    lemma: str
    slot: str  # the paradigm slot it fills ("m", "present", "participle", …)
    language: str
    script: str = ""  # "" when written as in the language file, else the `scripts` table it was made with
    periphrasis: str = ""  # the template that built it around a simple form ("ka {}", "duke {}", "{}je")

    @property
    def gender(self) -> str:
        """ "m" / "f" / "n" / "pl" when the form agrees with its subject, else ""."""
        return self.slot if self.slot in GENDER_SLOTS else ""


def expand_alternations(stem: str) -> list[str]:
    """Every variant of a stem written with alternations: "oc{ije|e}n" -> ["ocijen", "ocen"] (ijekavian, ekavian)."""
    parts = _ALTERNATION.split(stem)
    # split() alternates literal text and the insides of braces: literal, choices, literal, …
    options = [[part] if index % 2 == 0 else part.split("|") for index, part in enumerate(parts)]
    return ["".join(choice) for choice in itertools.product(*options)]


def attach_ending(stem: str, ending: str, spelling: list[tuple[re.Pattern, str]]) -> str:
    """Stem + ending, the ending going on the first word of a multiword stem ("point out" -> "pointed out"),
    then the language's spelling rules on that word ("state" + "ing" -> "stating")."""
    head, space, tail = stem.partition(" ")
    word = head + ending
    for pattern, replacement in spelling:
        word = pattern.sub(replacement, word)
    return word + space + tail


def transliterate(text: str, table: dict[str, str]) -> str:
    """Text in another script by a letter table, longest letters first (Latin "lj", "nj", "dž" before "l", "n", "d")."""
    keys = sorted(table, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, keys)))
    return pattern.sub(lambda match: table[match.group()], text)


def inflect_lemma(
    lemma: str, entry: Any, paradigms: dict[str, dict[str, list[str]]], spelling: list[tuple[re.Pattern, str]]
) -> list[tuple[str, str]]:
    """(slot, form) for one lemma: each paradigm applied to its stems, and the lemma's irregular `forms`.

    An entry is a paradigm name (the lemma is its own stem) or a mapping paradigm -> stem(s), with an
    optional `forms: {slot: [form, …]}` for what no paradigm predicts.
    """
    if isinstance(entry, str):
        entry = {entry: lemma}
    found: list[tuple[str, str]] = []
    for name, stems in entry.items():
        if name == "forms":
            found.extend((slot, form) for slot, forms in stems.items() for form in forms)
            continue
        for stem in [stems] if isinstance(stems, str) else stems:
            for variant in expand_alternations(stem):
                for slot, endings in paradigms[name].items():
                    found.extend((slot, attach_ending(variant, str(ending), spelling)) for ending in endings)
    return found


def apply_periphrases(forms: list[tuple[str, str]], periphrases: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    """(slot, form, template) built around generated forms, same slot: "ka {}" -> "ka thënë", "{}je" -> "rekaoje"."""
    return [(slot, template.format(form), template) for slot, form in forms for template in periphrases.get(slot, [])]


def speech_forms(language: dict[str, Any]) -> list[SpeechForm]:
    """Every surface form of a language's speech verbs, generated from its `speech_lemmas` and paradigm data."""
    code = language.get("code", "")
    paradigms = language.get("speech_paradigms") or {}
    spelling = [(re.compile(pattern), replacement) for pattern, replacement in language.get("speech_spelling") or []]
    periphrases = language.get("speech_periphrases") or {}
    bound = set(language.get("speech_bound_slots") or [])  # slots used only inside periphrases ("thënë" alone)
    scripts = (language.get("scripts") or {}).items()
    result: list[SpeechForm] = []
    for lemma, entry in (language.get("speech_lemmas") or {}).items():
        forms = inflect_lemma(str(lemma), entry, paradigms, spelling)
        kept = [(slot, form, "") for slot, form in forms if slot not in bound] + apply_periphrases(forms, periphrases)
        written = [(slot, form, template, "") for slot, form, template in kept]
        written += [
            (slot, transliterate(form, table), template, name)
            for name, table in scripts
            for slot, form, template in kept
        ]
        seen: set[tuple[str, str]] = set()
        for slot, form, template, script in written:
            if (slot, form) not in seen:
                seen.add((slot, form))
                result.append(SpeechForm(form, str(lemma), slot, code, script, template))
    return result


def speech_intros(language: dict[str, Any], forms: list[SpeechForm]) -> list[str]:
    """Nominal cues built from speech verbs by `speech_intro_templates`: "kako je {}" -> "kako je rekla"."""
    templates = language.get("speech_intro_templates") or {}
    # Other scripts are made from the whole cue afterwards; typos and auxiliaries make no cue ("kako je reklaje").
    own = [form for form in forms if not form.script and not form.periphrasis]
    return [template.format(form.text) for form in own for template in templates.get(form.slot, [])]


def in_all_scripts(language: dict[str, Any], words: list[Any]) -> list[str]:
    """Words with their brace alternatives expanded and their copies in the language's other scripts."""
    expanded = [variant for word in words for variant in expand_alternations(str(word))]
    tables = (language.get("scripts") or {}).values()
    return expanded + [transliterate(word, table) for table in tables for word in expanded]


def agreeing_genders(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Normalised word -> gender; a word two languages (or slots) read differently gets "" (no evidence)."""
    genders: dict[str, str] = {}
    for text, gender in pairs:
        key = normalize_text(text)
        genders[key] = gender if genders.get(key, gender) == gender else ""
    return genders


@dataclass(frozen=True)
class Lexicon:
    languages: dict[str, dict[str, Any]]
    quote_pairs: dict[str, tuple[str, ...]]
    currency: dict[str, str]
    speech_verbs: frozenset[str]
    source_intros: frozenset[str]
    complementizers: frozenset[str]
    pronouns: frozenset[str]
    relative_pronouns: frozenset[str]
    role_nouns: frozenset[str]
    document_nouns: frozenset[str]
    title_words: frozenset[str]
    name_connectors: frozenset[str]
    non_name_words: frozenset[str]
    not_alone_words: frozenset[str]
    demonym_suffixes: tuple[str, ...]
    inflection_suffixes: tuple[str, ...]
    months: dict[str, int]
    number_words: dict[str, float]
    fraction_words: dict[str, float]
    multipliers: dict[str, float]
    percent_words: frozenset[str]
    approximators: frozenset[str]
    forecast_markers: frozenset[str]
    causal_markers: frozenset[str]
    policy_markers: frozenset[str]
    ask_phrases: frozenset[str]
    wires: dict[str, str]
    kind_keywords: dict[str, frozenset[str]]
    footer_patterns: tuple[re.Pattern, ...]
    boilerplate_patterns: tuple[re.Pattern, ...]
    byline_patterns: tuple[re.Pattern, ...]
    wire_patterns: tuple[re.Pattern, ...]
    date_patterns: tuple[re.Pattern, ...]
    trailing_signoff: re.Pattern
    # Normalised speech-verb form -> "m" / "f" / "n" / "pl" / "" (see SpeechForm.gender).
    speech_verb_gender: dict[str, str] = field(default_factory=dict)
    # Normalised personal or possessive pronoun -> "m" / "f" / "pl" ("rekla", "her", "njezinim", "saj").
    pronoun_gender: dict[str, str] = field(default_factory=dict)
    # Per language code, its generated speech-verb forms (surface text, lemma, slot).
    speech_forms: dict[str, tuple[SpeechForm, ...]] = field(default_factory=dict)
    patterns: dict[str, re.Pattern] = field(default_factory=dict)
    _word_lists: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    def word_list(self, key: str) -> frozenset[str]:
        """A word list merged from every language file, normalised, read once ("auxiliaries", "locatives" …).

        For the smaller lists a stage needs that have no field of their own.
        """
        if key not in self._word_lists:
            self._word_lists[key] = frozenset(
                normalize_text(str(word)) for language in self.languages.values() for word in language.get(key) or []
            )
        return self._word_lists[key]

    def pro_drop_forms(self) -> frozenset[str]:
        """Speech-verb forms of the languages that may leave the subject out (all but English), normalised,
        less the forms English shares with them."""
        key = "speech forms of pro-drop languages"
        if key not in self._word_lists:
            english = {normalize_text(form.text) for form in self.speech_forms.get("en", ())}
            self._word_lists[key] = frozenset(
                normalize_text(form.text)
                for code, forms in self.speech_forms.items()
                if code != "en"
                for form in forms
                if normalize_text(form.text) not in english
            )
        return self._word_lists[key]

    def is_language_known(self, code: str) -> bool:
        return any(code == lang["code"] or code in lang.get("also_codes", []) for lang in self.languages.values())


def _merge(languages: list[dict[str, Any]], key: str) -> list[Any]:
    merged: list[Any] = []
    for language in languages:
        merged.extend(language.get(key) or [])
    return merged


def _merge_maps(languages: list[dict[str, Any]], key: str) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for language in languages:
        for name, value in (language.get(key) or {}).items():
            merged[normalize_text(str(name))] = value
    return merged


def _compile(patterns: list[str], anchored: bool = False) -> tuple[re.Pattern, ...]:
    flags = re.IGNORECASE
    return tuple(re.compile(f"^(?:{p})$" if anchored else p, flags) for p in patterns)


@cache
def load_lexicon(directory: Path = LEXICON_DIR) -> Lexicon:
    """Read and merge every language file once per process."""
    common = _read(directory / "common.yaml")
    per_language = {path.stem: _read(path) for path in sorted(directory.glob("*.yaml")) if path.stem != "common"}
    langs = list(per_language.values())
    kind_keywords: dict[str, set[str]] = {}
    for language in langs:
        for kind, words in (language.get("kind_keywords") or {}).items():
            kind_keywords.setdefault(kind, set()).update(normalize_text(word) for word in words)
    wires: dict[str, str] = {}
    for language in langs:
        wires.update(language.get("wires") or {})
    forms = {language["code"]: tuple(speech_forms(language)) for language in langs}
    intros = [
        intro
        for language in langs
        for intro in in_all_scripts(
            language, (language.get("source_intros") or []) + speech_intros(language, list(forms[language["code"]]))
        )
    ]
    pronouns = [word for language in langs for word in in_all_scripts(language, language.get("pronouns") or [])]
    pronoun_pairs = [
        (word, gender)
        for language in langs
        for gender, words in (language.get("pronoun_genders") or {}).items()
        for word in in_all_scripts(language, words)
    ]
    lexicon = Lexicon(
        languages=per_language,
        quote_pairs={opening: tuple(closing) for opening, closing in common["quote_pairs"].items()},
        currency=common["currency"],
        # A file may still list plain `speech_verbs` beside its lemmas (a language without paradigm data yet).
        speech_verbs=_words(_merge(langs, "speech_verbs") + [f.text for lang in forms.values() for f in lang]),
        source_intros=_words(intros),
        complementizers=_words(_merge(langs, "complementizers")),
        pronouns=_words(pronouns),
        relative_pronouns=_words(_merge(langs, "relative_pronouns")),
        role_nouns=_words(_merge(langs, "role_nouns")),
        document_nouns=_words(_merge(langs, "document_nouns")),
        title_words=_words(_merge(langs, "title_words")),
        name_connectors=_words(_merge(langs, "name_connectors")),
        non_name_words=_words(_merge(langs, "non_name_words")),
        not_alone_words=_words(_merge(langs, "not_alone_words")),
        demonym_suffixes=tuple(_merge(langs, "demonym_suffixes")),
        inflection_suffixes=tuple(sorted(set(_merge(langs, "inflection_suffixes")), key=len, reverse=True)),
        months=_merge_maps(langs, "months"),
        number_words=_merge_maps(langs, "number_words"),
        fraction_words=_merge_maps(langs, "fraction_words"),
        multipliers=_merge_maps(langs, "multipliers"),
        percent_words=_words(_merge(langs, "percent_words")),
        approximators=_words(_merge(langs, "approximators")),
        forecast_markers=_words(_merge(langs, "forecast_markers")),
        causal_markers=_words(_merge(langs, "causal_markers")),
        policy_markers=_words(_merge(langs, "policy_markers")),
        ask_phrases=_words(_merge(langs, "ask_phrases")),
        wires=wires,
        kind_keywords={kind: frozenset(words) for kind, words in kind_keywords.items()},
        footer_patterns=_compile(_merge(langs, "footer_markers"), anchored=True),
        boilerplate_patterns=_compile(common["boilerplate_lines"] + _merge(langs, "boilerplate_lines"), anchored=True),
        byline_patterns=_compile(_merge(langs, "byline_patterns")),
        wire_patterns=_compile(_merge(langs, "wire_patterns")),
        date_patterns=tuple(re.compile(p) for p in _merge(langs, "date_patterns")),
        trailing_signoff=re.compile(common["trailing_signoff"]),
        speech_verb_gender=agreeing_genders([(f.text, f.gender) for lang in forms.values() for f in lang]),
        pronoun_gender=agreeing_genders(pronoun_pairs),
        speech_forms=forms,
    )
    lexicon.patterns.update(
        {
            "speech_verbs": re.compile(rf"(?<!\w)(?:{_phrase_pattern(lexicon.speech_verbs)})(?!\w)"),
            "source_intros": re.compile(rf"(?<!\w)(?:{_phrase_pattern(lexicon.source_intros)})(?!\w)"),
            "event_verbs": re.compile(rf"(?<!\w)(?:{_phrase_pattern(_words(_merge(langs, 'event_verbs')))})(?!\w)"),
            # "a report by X", "raporti i X": a written source, then its author.
            "document_source": re.compile(
                rf"(?<!\w)(?:{_phrase_pattern(lexicon.document_nouns)})\s+(?:by|from|of|i|e|te)\s+"
            ),
            # "according to X", "polled by X": who stands behind a claim.
            "claim_sources": re.compile(rf"(?<!\w)(?:{_phrase_pattern(lexicon.source_intros - {'for'})}|by)\s+"),
        }
    )
    return lexicon


@cache
def country_names() -> dict[str, str]:
    """Normalised country name or abbreviation -> ISO alpha-2 code (django-countries names plus common ones)."""
    from django_countries.data import COUNTRIES

    names = {normalize_text(str(name)): code for code, name in COUNTRIES.items()}
    common = _read(LEXICON_DIR / "common.yaml")
    for code, aliases in (common.get("country_aliases") or {}).items():
        for alias in aliases:
            names[normalize_text(alias)] = code
    return names

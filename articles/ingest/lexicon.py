"""Language knowledge for the pipeline, read from the YAML files in `lexicon/` (one per language).

Adding a language is a data change: drop a `<code>.yaml` with the same keys beside the others.
Stages usually do not know a snippet's language before they look at it, so most look-ups use the
union over all languages; per-language data stays available through `Lexicon.languages`.
"""

from __future__ import annotations

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
    """Regex alternation of normalised phrases, longest first, spaces matching any white space."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in ordered if phrase)


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
    patterns: dict[str, re.Pattern] = field(default_factory=dict)

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
    lexicon = Lexicon(
        languages=per_language,
        quote_pairs={opening: tuple(closing) for opening, closing in common["quote_pairs"].items()},
        currency=common["currency"],
        speech_verbs=_words(_merge(langs, "speech_verbs")),
        source_intros=_words(_merge(langs, "source_intros")),
        complementizers=_words(_merge(langs, "complementizers")),
        pronouns=_words(_merge(langs, "pronouns")),
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

"""The bundled gazetteer: curated actors of the region as YAML data, read and validated into plain records.

Pure reading, no database: `actors.services.load_gazetteer` writes what this returns. The files are in
`actors/gazetteer/` (format: docs in the README, "The gazetteer of actors"):

- every `*.yaml` except `places.yaml` is a list of actors (countries, organisations, parties, media, people);
- `places.yaml` lists regions and towns that are places, never actors: the pipeline may use them so that a
  place name is never proposed as a person, but no actor is created from them.

Countries also carry demonyms ("Serbian", "srpskog", "сербский"), so a demonym before a title is read as an
adjective and not as the country itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from balkanapi.text import normalize_text

GAZETTEER_DIR = Path(__file__).resolve().parent / "gazetteer"
PLACES_FILE = "places.yaml"

# Mirrors Actor.Kind and ActorAlias.Kind (tests check they agree); kept here so reading needs no models.
ENTRY_KINDS = frozenset(
    {"person", "government", "organisation", "international_organisation", "country", "party", "armed_group", "media"}
)
ALIAS_KINDS = frozenset(
    {"name", "short", "variant", "transliteration", "native", "abbreviation", "metonym", "demonym_phrase"}
)
LANGUAGES = frozenset({"en", "sr-Latn", "sr-Cyrl", "hr", "bs", "cnr", "mk", "sq", "ru"})
GENDERS = frozenset({"m", "f"})
PLACE_KIND = "place"

_ENTRY_KEYS = {"name", "kind", "country", "gender", "role", "aliases", "demonyms"}
_ALIAS_KEYS = {"name", "kind", "lang", "shared"}
_PLACE_KEYS = {"name", "kind", "country", "role", "aliases"}


class GazetteerError(ValueError):
    """A gazetteer file that cannot be read or does not follow the format; the message says where and why."""


@dataclass(frozen=True)
class GazetteerAlias:
    """One surface form. `shared` marks a form two entries may both claim (a capital for state and government)."""

    name: str
    kind: str = "name"
    lang: str = ""
    shared: bool = False


@dataclass(frozen=True)
class GazetteerEntry:
    """One curated actor as the files describe it."""

    name: str
    kind: str
    country: str = ""
    gender: str = ""
    role: str = ""
    aliases: tuple[GazetteerAlias, ...] = ()
    demonyms: tuple[str, ...] = ()
    source: str = ""  # file name, for messages

    def names(self) -> tuple[str, ...]:
        """The canonical name and every alias, in file order, each once."""
        return tuple(dict.fromkeys([self.name, *(alias.name for alias in self.aliases)]))


@dataclass(frozen=True)
class GazetteerPlace:
    """A region or town: a place, never an actor (nor a person)."""

    name: str
    country: str = ""
    role: str = ""
    aliases: tuple[GazetteerAlias, ...] = ()

    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([self.name, *(alias.name for alias in self.aliases)]))


def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes accepted in `country` (django-countries' list, plus XK for Kosovo)."""
    from django_countries.data import COUNTRIES  # plain data: needs no settings

    return frozenset(COUNTRIES) | {"XK"}


def actor_files(directory: Path = GAZETTEER_DIR) -> list[Path]:
    """The actor files of a gazetteer folder, sorted (every *.yaml but places.yaml; people.yaml may be absent)."""
    return sorted(path for path in Path(directory).glob("*.yaml") if path.name != PLACES_FILE)


def load_gazetteer_entries(
    directory: Path | None = GAZETTEER_DIR, extra_files: Iterable[Path] = ()
) -> list[GazetteerEntry]:
    """Every entry of the bundled files (or of `directory`; None for none) and of `extra_files`, validated.

    Raises GazetteerError naming the file and entry on the first problem: unknown keys or kinds, a bad
    country code or language, a gender on a non-person, a form listed twice, or two entries with one name.
    """
    paths = [*(actor_files(directory) if directory is not None else []), *(Path(path) for path in extra_files)]
    entries: list[GazetteerEntry] = []
    seen: dict[tuple[str, str], str] = {}
    for path in paths:
        for position, raw in enumerate(_read_list(path), start=1):
            entry = _entry(raw, path.name, position)
            key = (normalize_text(entry.name), entry.kind)
            if key in seen:
                raise GazetteerError(
                    f"{path.name}, entry {position} ({entry.name}): a {entry.kind} of this name is already in "
                    f"{seen[key]}; extend that entry instead."
                )
            seen[key] = path.name
            entries.append(entry)
    return entries


def load_places(path: Path = GAZETTEER_DIR / PLACES_FILE) -> list[GazetteerPlace]:
    """The places file, validated (every entry `kind: place`); an empty list when the file does not exist."""
    path = Path(path)
    if not path.exists():
        return []
    places = []
    seen: set[str] = set()
    for position, raw in enumerate(_read_list(path), start=1):
        where = f"{path.name}, entry {position}"
        _check_mapping(raw, _PLACE_KEYS, where)
        name = _text(raw, "name", where, required=True)
        where = f"{where} ({name})"
        if raw.get("kind") != PLACE_KIND:
            raise GazetteerError(f"{where}: kind must be '{PLACE_KIND}' in {PLACES_FILE}, not {raw.get('kind')!r}.")
        if normalize_text(name) in seen:
            raise GazetteerError(f"{where}: this place is listed twice.")
        seen.add(normalize_text(name))
        places.append(
            GazetteerPlace(
                name=name,
                country=_country(raw, where),
                role=_text(raw, "role", where),
                aliases=_aliases(raw.get("aliases"), where),
            )
        )
    return places


def alias_conflicts(entries: Sequence[GazetteerEntry]) -> list[str]:
    """Forms (names or aliases, normalised) claimed by more than one entry, unless every claim is `shared`.

    A form two actors share would send a mention to whichever the matcher meets first; the bundled files
    have none, and a user file can be checked with this before it is loaded.
    """
    claims: dict[str, list[tuple[GazetteerEntry, bool]]] = {}
    for entry in entries:
        forms: dict[str, bool] = {normalize_text(entry.name): False}
        for alias in entry.aliases:
            norm = normalize_text(alias.name)
            forms[norm] = forms.get(norm, True) and alias.shared
        for norm, shared in forms.items():
            claims.setdefault(norm, []).append((entry, shared))
    problems = []
    for norm, owners in sorted(claims.items()):
        if len(owners) > 1 and not all(shared for _, shared in owners):
            listed = ", ".join(f"{entry.name} ({entry.source})" for entry, _ in owners)
            problems.append(f"'{norm}' is claimed by {listed}")
    return problems


def demonym_index(entries: Iterable[GazetteerEntry]) -> dict[str, str]:
    """Normalised demonym form -> country code ("srpskog" -> "RS"), for reading demonyms as adjectives.

    In Serbian, Croatian and Bosnian many country names are adjectives too ("Hrvatska" is Croatia, "hrvatska
    vlada" the Croatian government): such forms are in both lists, and only the capital letter in running text
    tells them apart, which normalising folds away.
    """
    index: dict[str, str] = {}
    for entry in entries:
        for form in entry.demonyms:
            index.setdefault(normalize_text(form), entry.country)
    return index


def place_names(places: Iterable[GazetteerPlace]) -> frozenset[str]:
    """Every name of every place as written (with its diacritics): forms that must never become a person."""
    return frozenset(name for place in places for name in place.names())


# -- reading and checking one file --------------------------------------------------------------------


def _read_list(path: Path) -> list:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise GazetteerError(f"{path}: cannot be read ({error.strerror or error}).") from error
    except UnicodeDecodeError as error:
        raise GazetteerError(f"{path}: is not UTF-8 text.") from error
    except yaml.YAMLError as error:
        raise GazetteerError(f"{path}: is not valid YAML ({error}).") from error
    if data is None:
        return []
    if not isinstance(data, list):
        raise GazetteerError(f"{path.name}: must be a YAML list of entries, not a {type(data).__name__}.")
    return data


def _entry(raw: object, source: str, position: int) -> GazetteerEntry:
    where = f"{source}, entry {position}"
    _check_mapping(raw, _ENTRY_KEYS, where)
    name = _text(raw, "name", where, required=True)
    where = f"{where} ({name})"
    kind = raw.get("kind")
    if kind not in ENTRY_KINDS:
        raise GazetteerError(f"{where}: unknown kind {kind!r}; use one of {', '.join(sorted(ENTRY_KINDS))}.")
    gender = _text(raw, "gender", where)
    if gender and kind != "person":
        raise GazetteerError(f"{where}: only people have a gender.")
    if gender and gender not in GENDERS:
        raise GazetteerError(f"{where}: gender must be 'm' or 'f', not {gender!r}.")
    demonyms = raw.get("demonyms") or []
    if not isinstance(demonyms, list) or not all(isinstance(form, str) and form.strip() for form in demonyms):
        raise GazetteerError(f"{where}: demonyms must be a list of words.")
    if demonyms and kind != "country":
        raise GazetteerError(f"{where}: only countries have demonyms.")
    return GazetteerEntry(
        name=name,
        kind=kind,
        country=_country(raw, where),
        gender=gender,
        role=_text(raw, "role", where),
        aliases=_aliases(raw.get("aliases"), where),
        demonyms=tuple(dict.fromkeys(form.strip() for form in demonyms)),
        source=source,
    )


def _aliases(raw: object, where: str) -> tuple[GazetteerAlias, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise GazetteerError(f"{where}: aliases must be a list.")
    aliases: list[GazetteerAlias] = []
    seen: set[tuple[str, str]] = set()
    for position, item in enumerate(raw, start=1):
        here = f"{where}, alias {position}"
        _check_mapping(item, _ALIAS_KEYS, here)
        name = _text(item, "name", here, required=True)
        kind = item.get("kind", "name")
        if kind not in ALIAS_KINDS:
            choices = ", ".join(sorted(ALIAS_KINDS))
            raise GazetteerError(f"{here} ({name}): unknown alias kind {kind!r}; use one of {choices}.")
        lang = _text(item, "lang", here)
        if lang and lang not in LANGUAGES:
            choices = ", ".join(sorted(LANGUAGES))
            raise GazetteerError(f"{here} ({name}): unknown language {lang!r}; use one of {choices}.")
        shared = item.get("shared", False)
        if not isinstance(shared, bool):
            raise GazetteerError(f"{here} ({name}): shared must be true or false.")
        if (name, lang) in seen:
            raise GazetteerError(f"{here} ({name}): this alias is listed twice for the same language.")
        seen.add((name, lang))
        aliases.append(GazetteerAlias(name=name, kind=kind, lang=lang, shared=shared))
    return tuple(aliases)


def _check_mapping(raw: object, allowed: set[str], where: str) -> None:
    if not isinstance(raw, dict):
        raise GazetteerError(f"{where}: must be a mapping with a name, not {raw!r}.")
    unknown = sorted(set(map(str, raw)) - allowed)
    if unknown:
        raise GazetteerError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}.")


def _text(raw: dict, key: str, where: str, *, required: bool = False) -> str:
    value = raw.get(key)
    if value is None or value == "":
        if required:
            raise GazetteerError(f"{where}: '{key}' is required.")
        return ""
    if not isinstance(value, str):
        raise GazetteerError(f"{where}: '{key}' must be text, not {value!r}.")
    return value.strip()


def _country(raw: dict, where: str) -> str:
    code = _text(raw, "country", where)
    if code and code not in country_codes():
        raise GazetteerError(f"{where}: unknown country code {code!r}; use ISO 3166-1 alpha-2 (XK for Kosovo).")
    return code

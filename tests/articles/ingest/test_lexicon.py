"""Speech-verb forms generated from lemmas and paradigms, pronoun genders and nominal cues (lexicon.py)."""

import re

import pytest

from articles.ingest.lexicon import (
    GENDER_SLOTS,
    _phrase_pattern,
    agreeing_genders,
    apply_periphrases,
    attach_ending,
    expand_alternations,
    inflect_lemma,
    load_lexicon,
    speech_forms,
    transliterate,
)
from balkanapi.text import normalize_text

LEXICON = load_lexicon()
ALL_FORMS = [form for forms in LEXICON.speech_forms.values() for form in forms]

# An invented sentence per language with a slot for the cue verb.
SENTENCES = {
    "en": "The minister {} that the talks would go on next week.",
    "sr": "Ministarka je {} da će razgovori biti nastavljeni sledeće nedelje.",
    "mk": "Министерката {} дека разговорите ќе продолжат следната недела.",
    "ru": "Министр {}, что переговоры продолжатся на следующей неделе.",
    "sq": "Ministri {} se bisedimet do të vazhdojnë javën e ardhshme.",
}


def forms_of(code: str) -> dict[str, str]:
    """Surface form -> gender for one language's generated forms."""
    return {form.text: form.gender for form in LEXICON.speech_forms[code]}


def test_every_language_has_generated_speech_verbs():
    assert set(LEXICON.speech_forms) == set(SENTENCES)
    for code, forms in LEXICON.speech_forms.items():
        assert len({form.lemma for form in forms}) >= 30, code


@pytest.mark.parametrize("form", ALL_FORMS, ids=lambda form: f"{form.language}-{form.text}")
def test_each_generated_form_is_a_speech_verb_found_in_a_sentence(form):
    key = normalize_text(form.text)
    assert key in LEXICON.speech_verbs
    assert LEXICON.speech_verb_gender[key] == form.gender
    sentence = normalize_text(SENTENCES[form.language].format(form.text))
    found = [match.group() for match in LEXICON.patterns["speech_verbs"].finditer(sentence)]
    assert key in found  # the whole form, not a shorter one inside it


def test_genders_never_conflict_across_languages():
    genders: dict[str, set[str]] = {}
    for form in ALL_FORMS:
        genders.setdefault(normalize_text(form.text), set()).add(form.gender)
    conflicts = {key: found for key, found in genders.items() if len(found) > 1}
    assert conflicts == {}
    assert set(LEXICON.speech_verb_gender.values()) <= set(GENDER_SLOTS) | {""}


def test_a_disagreement_leaves_no_gender():
    assert agreeing_genders([("rekla", "f"), ("рекла", "f"), ("ona", "f"), ("ona", "pl")]) == {"rekla": "f", "ona": ""}


# -- the mechanism -----------------------------------------------------------------------------------


def test_alternations_give_ijekavian_and_ekavian_stems():
    assert expand_alternations("oc{ije|e}n") == ["ocijen", "ocen"]
    assert expand_alternations("{prema|po} {riječima|rečima}") == [
        "prema riječima",
        "prema rečima",
        "po riječima",
        "po rečima",
    ]
    assert expand_alternations("rek") == ["rek"]


def test_endings_go_on_the_first_word_and_spelling_rules_apply():
    spelling = [(re.compile(p), r) for p, r in LEXICON.languages["en"]["speech_spelling"]]
    assert attach_ending("point out", "ed", spelling) == "pointed out"
    assert attach_ending("state", "ing", spelling) == "stating"
    assert attach_ending("agree", "ing", spelling) == "agreeing"
    assert attach_ending("agree", "ed", spelling) == "agreed"
    assert attach_ending("deny", "s", spelling) == "denies"
    assert attach_ending("stress", "s", spelling) == "stresses"


def test_transliteration_takes_digraphs_first():
    table = LEXICON.languages["bcs"]["scripts"]["cyrillic"]
    assert transliterate("ocjenjuje", table) == "оцјењује"
    assert transliterate("rekao", table) == "рекао"
    assert transliterate("ljudi džep", table) == "људи џеп"


def test_a_lemma_combines_paradigms_and_irregular_forms():
    paradigms = {"l_consonant": {"m": ["ao"], "f": ["la"]}}
    entry = {"l_consonant": "rek", "forms": {"aorist": ["reče"]}}
    assert inflect_lemma("reći", entry, paradigms, []) == [("m", "rekao"), ("f", "rekla"), ("aorist", "reče")]
    assert inflect_lemma("add", "v", {"v": {"past": ["ed"]}}, []) == [("past", "added")]


def test_periphrases_keep_the_slot():
    assert apply_periphrases([("participle", "thënë")], {"participle": ["ka {}", "duke {}"]}) == [
        ("participle", "ka thënë", "ka {}"),
        ("participle", "duke thënë", "duke {}"),
    ]


def test_bound_slots_appear_only_inside_periphrases():
    language = {
        "code": "xx",
        "speech_paradigms": {"oj": {"aorist": ["oi"], "participle": ["uar"]}},
        "speech_lemmas": {"deklaroj": {"oj": "deklar"}},
        "speech_periphrases": {"participle": ["ka {}"]},
        "speech_bound_slots": ["participle"],
    }
    assert [(form.text, form.slot, form.periphrasis) for form in speech_forms(language)] == [
        ("deklaroi", "aorist", ""),
        ("ka deklaruar", "participle", "ka {}"),
    ]


def test_phrase_pattern_takes_the_longest_phrase_like_a_sorted_alternation():
    pattern = re.compile(
        rf"(?<!\w)(?:{_phrase_pattern(frozenset({'rekao', 'rekaoje', 'rekla', 'ka', 'ka thene'}))})(?!\w)"
    )
    text = "rekaoje rekao reklaje ka  thene ka the rekla"
    assert [match.group() for match in pattern.finditer(text)] == ["rekaoje", "rekao", "ka  thene", "ka", "rekla"]


def test_phrase_pattern_finds_what_a_flat_alternation_finds():
    text = " ".join(f"{form.text} x, {form.text}je" for form in ALL_FORMS)
    text = normalize_text(text)
    flat = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(LEXICON.speech_verbs, key=len, reverse=True))
    expected = [match.span() for match in re.finditer(rf"(?<!\w)(?:{flat})(?!\w)", text)]
    assert [match.span() for match in LEXICON.patterns["speech_verbs"].finditer(text)] == expected


# -- what each language's data yields ----------------------------------------------------------------


def test_english_paradigms():
    en = forms_of("en")
    for form in [
        "say", "says", "said", "saying", "states", "stated", "stating", "add", "adding", "point out",
        "points out", "pointed out", "pointing out", "assured", "assures", "tell", "told", "telling", "wrote",
        "written", "denies", "denied", "stresses", "emphasised", "emphasizing", "admitted", "admitting",
        "agreed", "agreeing", "tweeted", "replied", "made clear",
    ]:  # fmt: skip
        assert form in en, form
        assert en[form] == ""
    # Base forms that are mostly nouns are not cues.
    assert not {"report", "post", "tweet", "comment", "note"} & set(en)


def test_bcs_l_participles_by_gender_in_both_scripts():
    sr = forms_of("sr")
    assert {sr[f] for f in ["rekao", "izjavio", "kazao", "istakao", "istaknuo", "naveo", "рекао"]} == {"m"}
    assert {sr[f] for f in ["rekla", "izjavila", "saopćila", "istaknula", "navela", "рекла", "изјавила"]} == {"f"}
    assert sr["reklo"] == "n"
    assert {sr[f] for f in ["rekli", "rekle", "рекли"]} == {"pl"}


def test_bcs_ijekavian_ekavian_and_croatian_variants():
    sr = forms_of("sr")
    for form in ["ocijenio", "ocenio", "podsjetio", "podsetio", "saopštio", "saopćio", "ocjenjuje", "ocenjuje",
                 "konstatovao", "konstatirao", "оценио", "оцијенио", "саопштио", "подсетио"]:  # fmt: skip
        assert form in sr, form


def test_bcs_presents_and_adverbial_participles():
    sr = forms_of("sr")
    for form in ["kaže", "kažu", "navodi", "navode", "tvrdi", "tvrde", "ističe", "ističu", "poručuje", "smatra",
                 "dodaje", "upozorava", "naglašava", "piše", "tvrdeći", "rekavši", "navodeći", "ističući",
                 "dodajući", "naglašavajući", "каже", "тврдећи"]:  # fmt: skip
        assert sr[form] == "", form
    # Perfective verbs have no present here: "izjave" is the noun "statements".
    assert "izjave" not in sr


def test_bcs_fused_auxiliary_typos():
    sr = forms_of("sr")
    assert sr["rekaoje"] == "m" and sr["reklaje"] == "f" and sr["reklisu"] == "pl"
    assert sr["рекаоје"] == "m"
    # Every l-participle has its fused typo, with the same gender; a present in -je stays a present.
    for form in LEXICON.speech_forms["sr"]:
        if form.gender and not form.text.endswith(("je", "su", "је", "су")):
            auxiliary = "su" if form.gender == "pl" else "je"
            if re.search("[а-ш]", form.text):
                auxiliary = transliterate(auxiliary, LEXICON.languages["bcs"]["scripts"]["cyrillic"])
            assert sr[form.text + auxiliary] == form.gender, form.text
    assert sr["dodaje"] == "" and sr["dodaoje"] == "m"


def test_macedonian_aorists_and_l_forms():
    mk = forms_of("mk")
    for form in ["рече", "изјави", "кажа", "вели", "додаде", "истакна", "порача", "напиша", "нагласи", "оцени",
                 "соопшти", "објасни", "предупреди", "тврди", "смета", "појасни", "потенцира"]:  # fmt: skip
        assert mk[form] == "", form
    assert mk["рекол"] == "m" and mk["рекла"] == "f" and mk["рекле"] == "pl"
    assert mk["изјавил"] == "m" and mk["изјавила"] == "f"
    assert mk["додал"] == "m" and mk["додала"] == "f"
    assert mk["истакнал"] == "m" and mk["истакнала"] == "f"
    assert mk["порачал"] == "m" and mk["напишала"] == "f"


def test_russian_pasts_presents_and_gerunds():
    ru = forms_of("ru")
    assert ru["заявил"] == "m" and ru["заявила"] == "f" and ru["заявили"] == "pl" and ru["заявило"] == "n"
    assert ru["заявлял"] == "m" and ru["заявляла"] == "f"
    for form in ["сказал", "говорил", "отметил", "отмечал", "подчеркнул", "подчёркивал", "добавил", "сообщил",
                 "пояснил", "указал", "признал", "призвал", "уточнил", "напомнил", "констатировал", "предупредил",
                 "написал", "ответил", "рассказал"]:  # fmt: skip
        assert ru[form] == "m", form
    for form in ["считает", "считают", "говорит", "говорят", "заявляет", "заявляют", "отмечает", "заявив",
                 "отметив", "подчеркнув", "добавив"]:  # fmt: skip
        assert ru[form] == "", form
    assert LEXICON.speech_verb_gender[normalize_text("заявила")] == "f"


def test_albanian_tenses_perfects_and_gerunds():
    sq = forms_of("sq")
    for form in ["tha", "thanë", "thotë", "thonë", "ka thënë", "kanë thënë", "duke thënë", "deklaroi", "deklaruan",
                 "deklaron", "ka deklaruar", "duke deklaruar", "shtoi", "shton", "ka shtuar", "duke shtuar",
                 "theksoi", "thekson", "ka theksuar", "duke theksuar", "u shpreh", "është shprehur",
                 "janë shprehur", "nënvizoi", "ka nënvizuar", "paralajmëroi", "ka paralajmëruar", "pohoi", "tregoi",
                 "sqaroi", "shkroi", "ka shkruar", "njoftoi", "ka njoftuar", "kërkoi", "vlerësoi", "ka vlerësuar",
                 "konfirmoi", "porositi", "u tha"]:  # fmt: skip
        assert sq[form] == "", form
    # A bare participle is not a cue ("e thënë" is "said" as an adjective).
    assert "thënë" not in sq and "deklaruar" not in sq


def test_multiword_forms_match_across_any_white_space():
    pattern = LEXICON.patterns["speech_verbs"]
    assert pattern.search(normalize_text("Ajo ka\nthënë se")).group() == "ka thene"
    assert pattern.search(normalize_text("He pointed  out that")).group() == "pointed out"


def test_forms_listed_before_the_paradigms_are_still_cues():
    for form in ["said", "says", "highlights", "sees", "considers", "interprets", "rekao", "kaže", "изјави",
                 "вели", "заявил", "считают", "tha", "ka thënë", "u shpreh", "sheh", "mendon"]:  # fmt: skip
        assert normalize_text(form) in LEXICON.speech_verbs, form


# -- pronouns, nominal cues, complementizers ---------------------------------------------------------


def test_pronoun_genders_cover_subject_and_oblique_forms():
    expected = {
        "m": ["he", "him", "on", "njega", "njegovim", "него", "неговите", "он", "его", "тој", "ai", "tij", "његовим"],
        "f": ["she", "her", "ona", "nje", "njenim", "njezinim", "неа", "она", "её", "ее", "таа", "ajo", "saj"],
        "pl": ["they", "oni", "они", "их", "тие", "ata", "ato", "tyre"],
    }
    for gender, words in expected.items():
        for word in words:
            assert LEXICON.pronoun_gender[normalize_text(word)] == gender, word


def test_pronoun_genders_never_conflict():
    genders: dict[str, set[str]] = {}
    for language in LEXICON.languages.values():
        for gender, words in (language.get("pronoun_genders") or {}).items():
            for word in words:
                genders.setdefault(normalize_text(str(word)), set()).add(gender)
    assert {word: found for word, found in genders.items() if len(found) > 1} == {}


def test_subject_pronouns_stay_pronouns():
    for word in ["he", "she", "they", "on", "ona", "oni", "он", "она", "они", "тој", "таа", "тие", "ai", "ajo",
                 "ata", "ato", "tij", "saj", "tyre", "него", "неа"]:  # fmt: skip
        assert normalize_text(word) in LEXICON.pronouns, word


@pytest.mark.parametrize(
    "sentence, cue",
    [
        ("According to the ministry, the border stays open.", "according to"),
        ("Prema njezinim riječima, granica ostaje otvorena.", "prema njezinim rijecima"),
        ("Po njegovim rečima, granica ostaje otvorena.", "po njegovim recima"),
        ("Према његовим речима, граница остаје отворена.", "prema njegovim recima"),
        ("Kako je rekla ministarka, granica ostaje otvorena.", "kako je rekla"),
        ("По словам министра, граница останется открытой.", "po slovam"),
        ("По её словам, граница останется открытой.", "po ee slovam"),
        ("По мнению министра, граница останется открытой.", "po mneniju"),
        ("Как заявила министр, граница останется открытой.", "kak zajavila"),
        ("Како што рече министерот, границата останува отворена.", "kako sto rece"),
        ("Според министерот, границата останува отворена.", "spored"),
        ("Според зборовите на министерот, границата останува отворена.", "spored zborovite na"),
        ("Sipas ministrit, kufiri mbetet i hapur.", "sipas"),
        ("Siç deklaroi ministri, kufiri mbetet i hapur.", "sic deklaroi"),
        ("Me shprehjen e ministrit, kufiri mbetet i hapur.", "me shprehjen e"),
    ],
)
def test_nominal_cues(sentence, cue):
    match = LEXICON.patterns["source_intros"].search(normalize_text(sentence))
    assert match is not None and match.group() == cue


def test_nominal_cues_are_built_from_simple_forms_only():
    assert "kako je rekla" in LEXICON.source_intros and "kako je reklaje" not in LEXICON.source_intros
    assert "sic tha" in LEXICON.source_intros and "sic ka thene" not in LEXICON.source_intros


def test_a_pronoun_after_a_nominal_cue_is_left_to_the_pronoun_list():
    # "Sipas tij" / "Според него" are the cue and then a pronoun, so the pronoun still names the speaker.
    assert LEXICON.patterns["source_intros"].search(normalize_text("Sipas tij, kufiri")).group() == "sipas"
    assert LEXICON.patterns["source_intros"].search(normalize_text("Според него, границата")).group() == "spored"


def test_complementizers():
    for word in ["that", "da", "да", "дека", "оти", "что", "чтобы", ", что", "se", "që"]:
        assert normalize_text(word) in LEXICON.complementizers, word

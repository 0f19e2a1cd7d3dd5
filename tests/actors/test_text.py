import pytest

from balkanapi.text import normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Vučić", "vucic"),
        ("Вучић", "vucic"),
        ("Đukanović", "djukanovic"),
        ("Сергей  Лавров", "sergej lavrov"),
        ("Kosovë", "kosove"),
        ("Prishtinën", "prishtinen"),
        ("the Kremlin’s", "the kremlin's"),
        ("", ""),
    ],
)
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


def test_normalize_text_matches_the_character_by_character_definition():
    """The translate-table implementation gives what mapping each character and collapsing whitespace gives."""
    import re

    from balkanapi.text import _normalize_char

    every_character = "".join(chr(codepoint) for codepoint in range(0x3100) if not 0xD800 <= codepoint < 0xE000)
    sample = every_character + " Vučić \u00a0 Вучић\t\n ﬁ ß 漢字 " + chr(0x1F600)
    reference = re.sub(r"\s+", " ", "".join(map(_normalize_char, sample))).strip()
    assert normalize_text(sample) == reference
    assert normalize_text(sample) == reference  # second call: from the filled table

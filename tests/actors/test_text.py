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

import pytest

from sendresolve.core.text import BIDI_CONTROLS, text_clean, text_is_clean


@pytest.mark.parametrize("char", list(BIDI_CONTROLS))
def test_every_bidi_override_isolate_and_mark_is_removed(char):
    assert text_clean(f"Ann{char}a Smith") == "Anna Smith"
    assert text_clean(f"Ann{char}a\nSmith", multiline=True) == "Anna\nSmith"


def test_a_right_to_left_override_cannot_reverse_a_name():
    # "\u202egnp.exe" shows as "exe.png" on screen.
    assert text_clean("Tom \u202enosaM\u202c") == "Tom nosaM"


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b"])
def test_control_characters_are_removed(char):
    assert text_clean(f"A{char}B") == "AB"
    assert text_clean(f"A{char}B", multiline=True) == "AB"


def test_one_line_turns_tabs_and_line_breaks_into_spaces():
    assert text_clean("Anna\tMaria\r\nSmith") == "Anna Maria  Smith"


def test_multiline_keeps_line_breaks_and_tabs():
    note = "First line\r\nSecond\tline\nThird"
    assert text_clean(note, multiline=True) == note


def test_multiline_turns_other_breaks_into_line_breaks():
    assert text_clean("a\x0bb\x0cc\u2028d\u2029e", multiline=True) == "a\nb\nc\nd\ne"


def test_letters_of_every_script_accents_and_emoji_are_kept():
    text = "Zoë Ó Briain, محمد, 王秀英, Łukasz 👍 — ‘quoted’ € \u00a0"
    assert text_clean(text) == text
    assert text_is_clean(text)


def test_is_clean_says_whether_anything_would_change():
    assert not text_is_clean("x\u202ey")
    assert not text_is_clean("x\ny")
    assert text_is_clean("x\ny", multiline=True)

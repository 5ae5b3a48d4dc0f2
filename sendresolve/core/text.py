"""Clean text people type before it is stored or shown to anyone else.

Names and free text typed on one persona's page are printed on other personas' pages, in emails
and in PDFs. Two kinds of invisible character let them spoof what others read:

- Unicode control characters (category Cc: C0 and C1, including NUL and ESC), which have no place
  in a name and, apart from line breaks and tabs, none in a note either;
- bidirectional formatting characters: the embeddings and overrides (U+202A to U+202E), the
  isolates (U+2066 to U+2069), the implicit marks (U+200E, U+200F) and the Arabic letter mark
  (U+061C), which reorder what follows them ("Trojan Source", CVE-2021-42574).

``text_clean`` removes them. Every page form field (``core.forms``) and every API serializer
field use it on the way in; services that take names use it again as a last line of defence; and
templates and PDFs use it on the way out for text stored before it existed.
"""

import re

# Bidirectional formatting characters; removed everywhere.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

_BIDI = f"[{BIDI_CONTROLS}]"
# C0 and C1 controls that are not whitespace; removed everywhere.
_CONTROL = "[\x00-\x08\x0e-\x1f\x7f-\x9f]"
# Whitespace controls a multi-line text keeps (line breaks and tabs).
_KEPT_IN_MULTILINE = "\t\n\r"
# Whitespace controls with no place in multi-line text either (vertical tab, form feed) and the
# Unicode line and paragraph separators.
_OTHER_BREAKS = "[\x0b\x0c\u2028\u2029]"

_SINGLE_LINE_BREAKS = re.compile(f"[{_KEPT_IN_MULTILINE}]|{_OTHER_BREAKS}")
_MULTILINE_BREAKS = re.compile(_OTHER_BREAKS)
_REMOVED = re.compile(f"{_BIDI}|{_CONTROL}")


def text_clean(value: str, *, multiline: bool = False) -> str:
    """Return ``value`` without control and bidirectional formatting characters.

    On one line (a name, a reference, a subject) tabs and line breaks become spaces, so words
    either side stay apart. In multi-line text (a note, a reason) line breaks and tabs are kept;
    vertical tabs, form feeds and the Unicode line and paragraph separators become a line break.
    Every other C0 or C1 control and every bidi embedding, override, isolate or mark is removed.
    Nothing else changes: letters in any script, accents and emoji are kept as typed.
    """
    if multiline:
        value = _MULTILINE_BREAKS.sub("\n", value)
    else:
        value = _SINGLE_LINE_BREAKS.sub(" ", value)
    return _REMOVED.sub("", value)


def text_is_clean(value: str, *, multiline: bool = False) -> bool:
    """Whether ``text_clean`` would leave ``value`` as it is."""
    return text_clean(value, multiline=multiline) == value

from django.template import engines
from markupsafe import Markup

from sendresolve.core.templating import text_shown


def test_pages_print_text_without_control_or_bidi_characters():
    page = engines["jinja2"].from_string("<p>{{ name }}</p><pre>{{ note }}</pre>{{ html }}")
    html = page.render(
        {
            "name": "Sam \u202erolyaT\x00",
            "note": "One\r\nTwo\tthree\u2066",
            "html": Markup("<b>\u2067bold\x1b</b>"),
        }
    )
    assert html == "<p>Sam rolyaT</p><pre>One\r\nTwo\tthree</pre><b>bold</b>"


def test_what_is_shown_keeps_markup_markup_and_everything_else_as_it_was():
    assert isinstance(text_shown(Markup("<i>a\u202eb</i>")), Markup)
    assert text_shown(Markup("<i>a\u202eb</i>")) == Markup("<i>ab</i>")
    assert text_shown("a<b") == "a<b"  # still escaped by autoescape after
    assert text_shown(None) is None and text_shown(3) == 3

"""Helpers for the form fuzz test (``tests/test_fuzz_forms.py``): read forms, make values, check.

Forms are read from the pages as a browser reads them, with a real HTML5 parser (tinyhtml5,
already installed for WeasyPrint): each ``<form>``'s method, action and named controls, with
the choices a select, radio or checkbox offers and the value the page filled in. Hypothesis then
builds submissions from those fields: mostly what a person might type, mixed with what an
attacker would (20-digit years, 31/12/9999, huge numbers, empty, bidi overrides and control
characters, very long text, choices the form never offered, fields left out or sent twice).
"""

import re
import traceback
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

import hypothesis.strategies as st
import tinyhtml5

XHTML = "{http://www.w3.org/1999/xhtml}"
# Pages that are not HTML forms' homes: downloads, the API, the admin, signing out.
NOT_PAGES = re.compile(r"\.(pdf|ics|csv|xlsx|json)$|^/(api|admin|static)/|/sign-out/")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text, textarea, email, number, hidden, select, radio, checkbox, button
    options: tuple[str, ...] = ()  # what a select, radio group or checkbox group offers
    value: tuple[str, ...] = ()  # what the page sent as it stood (selected, checked, typed)


@dataclass(frozen=True)
class Form:
    page: str  # the URL the form was found on
    action: str  # the URL it submits to (path and query)
    method: str  # "get" or "post"
    fields: tuple[Field, ...]

    @property
    def key(self) -> str:
        """The same form on another case or meeting is the same form."""
        names = ",".join(sorted(field.name for field in self.fields))
        return f"{self.method.upper()} {shape(self.action)} [{names}]"


def shape(url: str) -> str:
    """A URL's path with case references and ids as placeholders."""
    path = urlsplit(url).path
    path = re.sub(r"/cases/[A-Z]{2}-[A-Z0-9]{4}-[A-Z0-9]{4}/", "/cases/{ref}/", path)
    path = re.sub(r"/certificates/[A-Z]{2}-[0-9]{4}-[A-Z0-9]+", "/certificates/{number}", path)
    path = re.sub(r"/your-case/(?!new-link)[^/]+/", "/your-case/{token}/", path)
    return re.sub(r"/\d+(?=/|\.|$)", "/{id}", path)


def _text(element) -> str:
    return "".join(element.itertext())


def parse(html: str):
    return tinyhtml5.parse(html)


def forms_on(root, page: str) -> list[Form]:
    """Every form on the parsed page, with its named controls merged by name."""
    found = []
    for form in root.iter(f"{XHTML}form"):
        action = urljoin(page, form.get("action") or page).split("#")[0]
        method = (form.get("method") or "get").lower()
        controls: dict[str, dict] = {}
        for element in form.iter():
            tag = element.tag.removeprefix(XHTML)
            name = element.get("name")
            if not name or tag not in ("input", "select", "textarea", "button"):
                continue
            kind = (element.get("type") or "text").lower() if tag == "input" else tag
            if kind in ("submit", "image", "reset", "file"):
                kind = "button" if kind == "submit" else kind
            if tag == "button" and (element.get("type") or "submit") != "submit":
                continue
            entry = controls.setdefault(name, {"kind": kind, "options": [], "value": []})
            if tag == "select":
                for option in element.iter(f"{XHTML}option"):
                    value = option.get("value", _text(option))
                    entry["options"].append(value)
                    if option.get("selected") is not None:
                        entry["value"].append(value)
            elif tag == "textarea":
                entry["value"].append(_text(element))
            elif kind in ("radio", "checkbox"):
                value = element.get("value", "on")
                entry["options"].append(value)
                if element.get("checked") is not None:
                    entry["value"].append(value)
            elif kind == "button":
                # Which button was pressed is a choice, as a radio group is.
                entry["options"].append(element.get("value", ""))
            else:
                entry["value"].append(element.get("value", ""))
        fields = tuple(
            Field(name, c["kind"], tuple(c["options"]), tuple(c["value"]))
            for name, c in controls.items()
            if c["kind"] != "file"
        )
        found.append(Form(page=page, action=action, method=method, fields=fields))
    return found


def links_on(root, page: str) -> list[str]:
    """Same-site links (paths with any query string) the parsed page offers."""
    links = []
    for anchor in root.iter(f"{XHTML}a"):
        href = anchor.get("href")
        if not href or href.startswith(("mailto:", "tel:", "#")):
            continue
        url = urljoin(page, href).split("#")[0]
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != "testserver":
            continue
        links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def link_forms(links: list[str], page: str) -> list[Form]:
    """A link with a query string is a GET form too (paging, filters): its parameters fuzzed."""
    found = []
    for link in links:
        parts = urlsplit(link)
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        if pairs:
            fields = tuple(
                Field(name, "text", value=(value,)) for name, value in dict(pairs).items()
            )
            found.append(Form(page=page, action=parts.path, method="get", fields=fields))
    return found


# -- values -----------------------------------------------------------------------------------

BIDI = "\u202e\u202d\u202a\u202b\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
CONTROL = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\r\n\t\ufeff\u2028"
EDGES = [
    "",
    " ",
    "0",
    "-1",
    "00",
    "1e309",
    "NaN",
    "31/12/9999",
    "9999-12-31",
    "0001-01-01",
    "99999999999999999999",
    "123456789012345678901234567890",
    "18446744073709551616",
    "\u202eevil.exe",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "null",
]
nasty_text = st.text(
    alphabet=st.one_of(st.sampled_from(BIDI + CONTROL), st.characters(codec="utf-8")),
    max_size=30,
)
NASTY = st.one_of(
    st.sampled_from(EDGES),
    st.integers(min_value=10**19, max_value=10**40).map(str),  # 20 digits and more
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    nasty_text,
    st.integers(min_value=1_000, max_value=100_000).map(lambda n: "A" * n),  # very long
)
DATE_EDGES = {
    "0": ["31", "32", "0", "29", "-1", "1.5"],  # day
    "1": ["12", "13", "0", "02", "99"],  # month
    "2": ["9999", "10000", "0", "1", "0001", "1899", "99999999999999999999"],  # year
}


def _part(name: str) -> str | None:
    """The day (0), month (1) or year (2) box of a GOV.UK date input, or None."""
    match = re.search(r"_([012])$", name)
    return match.group(1) if match else None


def sane(field: Field) -> st.SearchStrategy[str]:
    """What a person filling the form in might send for this field."""
    choices = [*field.value, *field.options]
    if field.kind in ("select", "radio", "checkbox", "button", "hidden") and choices:
        return st.sampled_from(choices)
    part = _part(field.name)
    if part == "0":
        return st.integers(1, 28).map(str)
    if part == "1":
        return st.integers(1, 12).map(str)
    if part == "2":
        return st.sampled_from(["2025", "2024", "2026"])
    if field.kind == "email" or "email" in field.name:
        return st.sampled_from(["sam@example.test", "a.b+c@example.org"])
    if field.kind == "number":
        return st.integers(0, 100).map(str)
    if field.value and field.value != ("",):
        return st.sampled_from(field.value)
    return st.sampled_from(["Sam Example", "Spoke to the family.", "10:00", "1"])


def as_it_stood(field: Field) -> list[str]:
    return list(field.value[:1] or field.options[:1] or [""])


def edges(form: Form) -> list[dict]:
    """Submissions every form gets, whatever Hypothesis draws: the issue's reported inputs."""
    base = {field.name: as_it_stood(field) for field in form.fields}
    found = []
    if any(_part(field.name) for field in form.fields):
        for day, month, year in (("31", "12", "9999"), ("1", "1", "9" * 20), ("1", "1", "1")):
            parts = {"0": day, "1": month, "2": year}
            found.append(
                base
                | {f.name: [parts[_part(f.name)]] for f in form.fields if _part(f.name) is not None}
            )
    found.append({field.name: [str(2**64)] for field in form.fields})
    free_text = [f.name for f in form.fields if f.kind in ("text", "textarea", "email")]
    if free_text:
        found.append(base | {name: ["\u202eSam Example\u2066\x1b[31m\x07"] for name in free_text})
    return found


def submissions(form: Form, other_choices: tuple[str, ...]) -> st.SearchStrategy[dict]:
    """Whole submissions: each field sent once (sane or nasty), left out, or sent twice."""
    wrong = st.sampled_from(other_choices or ("not-a-choice",))
    per_field = {}
    for field in form.fields:
        values = [sane(field), NASTY, wrong]
        part = _part(field.name)
        if part is not None:
            values.insert(1, st.sampled_from(DATE_EDGES[part]))
        value = st.one_of(*values)
        per_field[field.name] = st.one_of(
            value.map(lambda v: [v]),
            st.just(None),  # left out
            st.lists(value, min_size=2, max_size=3),  # the same name more than once
        )
    return st.fixed_dictionaries(per_field).map(
        lambda data: {name: values for name, values in data.items() if values is not None}
    )


# -- what went wrong --------------------------------------------------------------------------


def where(exc: BaseException) -> str:
    """The exception and the innermost line of our code it came through."""
    frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if "/sendresolve/" in frame.filename and "/tests/" not in frame.filename
    ]
    place = ""
    if frames:
        frame = frames[-1]
        place = f" at {frame.filename.split('/sendresolve/')[-1]}:{frame.lineno} ({frame.line})"
    return f"{type(exc).__name__}{place}"


def shown(data: dict) -> str:
    """A submission, short enough for a report line."""

    def one(value: str) -> str:
        return repr(value) if len(value) <= 40 else f"{value[:12]!r}…({len(value)} chars)"

    return ", ".join(
        f"{name}={'/'.join(one(v) for v in values)}"
        for name, values in data.items()
        if name != "csrfmiddlewaretoken"
    )

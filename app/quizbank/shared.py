"""The shared files beside the banks: themes, misconceptions and help lines.

themes.yaml orders the modules and says which are sensitive; misconceptions.yaml gives
the labels a teacher's report counts; helplines.yaml lists where a student can get help,
shown on every student page. Each has `schema: 1` and one list, checked as strictly as
a bank. A contact's `value` is the link itself (`tel:129`, `https://wa.me/628111129129`),
so a tap on a phone does the right thing; its `label` is what the student reads.
"""

from __future__ import annotations

import datetime
import re

from app.quizbank.fields import Section
from app.quizbank.model import Helpline, HelplineContact, Misconception, Theme

THEMES_FILE = "themes.yaml"
MISCONCEPTIONS_FILE = "misconceptions.yaml"
HELPLINES_FILE = "helplines.yaml"
SHARED_FILES = (THEMES_FILE, MISCONCEPTIONS_FILE, HELPLINES_FILE)

SCOPES = ("national", "international")
# Contact kind -> (the value's shape, an example for the author).
CONTACT_KINDS = {
    "tel": (re.compile(r"tel:\+?[0-9][0-9-]{1,19}"), "tel:129"),
    "whatsapp": (re.compile(r"https://wa\.me/[1-9][0-9]{6,14}"), "https://wa.me/628111129129"),
    "https": (re.compile(r"https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::[0-9]+)?(?:[/?#]\S*)?"), "https://aduankonten.id"),
    "mailto": (re.compile(r"mailto:[^@\s:/]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), "mailto:pengaduan@kpai.go.id"),
}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _entries(tree, section: Section, list_name: str, minimum: int):
    f = section.fields(tree, list_name, ("schema", list_name))
    if f is None:
        return ()
    section.schema(f.get("schema"))
    items = section.seq(f.get(list_name), list_name)
    if items is None:
        return ()
    section.count(f[list_name], items, list_name, minimum)
    keys = [(_peek_key(item), item) for item in items]
    section.unique(keys)
    return [(key, item) for key, item in keys]


def _peek_key(node) -> str | None:
    entry = getattr(node, "entries", {}).get("key")
    value = getattr(entry[1], "value", None) if entry else None
    return value if isinstance(value, str) and value else None


def read_themes(tree, section: Section) -> tuple[Theme, ...] | None:
    themes = []
    for position, (key, item) in enumerate(_entries(tree, section, "themes", 1)):
        place = section.inside("theme", key or position + 1)
        f = place.fields(item, "themes", ("key", "title", "summary", "sensitive"))
        if f is None:
            continue
        theme_key = place.ident(f.get("key"), "key")
        title = place.text(f.get("title"), "title")
        summary = place.text(f.get("summary"), "summary")
        sensitive = place.boolean(f.get("sensitive"), "sensitive")
        # A None was reported by its reader, and a file with an error gives no themes at all.
        if theme_key is not None and title is not None and summary is not None and sensitive is not None:
            themes.append(Theme(key=theme_key, title=title, summary=summary, sensitive=sensitive, position=position))
    return tuple(themes) if section.report.ok else None


def read_misconceptions(tree, section: Section) -> tuple[Misconception, ...] | None:
    found = []
    for number, (key, item) in enumerate(_entries(tree, section, "misconceptions", 0), start=1):
        place = section.inside("misconception", key or number)
        f = place.fields(item, "misconceptions", ("key", "label"))
        if f is None:
            continue
        misconception_key = place.ident(f.get("key"), "key")
        label = place.text(f.get("label"), "label")
        if misconception_key is not None and label is not None:  # else reported: no misconceptions at all
            found.append(Misconception(key=misconception_key, label=label))
    return tuple(found) if section.report.ok else None


def read_helplines(tree, section: Section) -> tuple[Helpline, ...] | None:
    helplines = []
    for number, (key, item) in enumerate(_entries(tree, section, "helplines", 1), start=1):
        place = section.inside("helpline", key or number)
        f = place.fields(item, "helplines", ("key", "name", "description", "scope", "verified", "contacts"))
        if f is None:
            continue
        helpline_key = place.ident(f.get("key"), "key")
        name = place.text(f.get("name"), "name")
        description = place.text(f.get("description"), "description")
        contacts = _contacts(place, f.get("contacts"))
        scope = place.one_of(f.get("scope"), "scope", SCOPES)
        verified = _date(place, f.get("verified"), "verified")
        # A None was reported by its reader, and a file with an error gives no help lines at all.
        if (
            helpline_key is not None
            and name is not None
            and description is not None
            and scope is not None
            and verified is not None
        ):
            helplines.append(
                Helpline(key=helpline_key, name=name, description=description, contacts=contacts, scope=scope, verified=verified)
            )
    return tuple(helplines) if section.report.ok else None


def _contacts(section: Section, node) -> tuple[HelplineContact, ...]:
    items = section.seq(node, "contacts")
    if items is None:
        return ()
    section.count(node, items, "contacts", 1)
    contacts = []
    for number, item in enumerate(items, start=1):
        place = section.inside("contact", number)
        f = place.fields(item, "contacts", ("type", "value"), ("label",))
        if f is None:
            continue
        kind = place.one_of(f.get("type"), "type", tuple(CONTACT_KINDS))
        value = place.string(f.get("value"), "value")
        if kind is not None and value is not None:
            pattern, example = CONTACT_KINDS[kind]
            if not pattern.fullmatch(value):
                place.add(f["value"], "bad_contact", kind=kind, example=example, value=value)
        label = place.string(f.get("label"), "label") if "label" in f else None
        if kind is not None and value is not None:  # else reported: the file gives no help lines at all
            contacts.append(HelplineContact(kind=kind, value=value, label=label or default_label(kind, value)))
    return tuple(contacts)


def default_label(kind: str | None, value: str | None) -> str:
    """What a student reads when the file gives no label: the number or address itself."""
    if not value:
        return ""
    if kind == "whatsapp":
        return "+" + value.rsplit("/", 1)[-1]
    if kind in ("tel", "mailto"):
        return value.split(":", 1)[-1]
    return value.removeprefix("https://").rstrip("/")


def _date(section: Section, node, name: str) -> datetime.date | None:
    value = section.string(node, name)
    if value is None:
        return None
    try:
        if _DATE.fullmatch(value):
            return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    section.add(node, "bad_date", field=name, value=value)
    return None

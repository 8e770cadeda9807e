"""A school's own settings: its name, default language, quick-exit address, help contacts, escalation time.

The quick-exit address is where a student's "quick exit" button leads: it must be an
ordinary https page on another site (a weather forecast, a search page), never a
script or an address that could carry a student somewhere unsafe. The school's help
contacts (the guru BK's room and hours, the TPPK, the district UPTD PPA) are shown
to students beside the national help lines, in the order the admin gives them.
When no counsellor has opened a help request within the escalation time (hours, on
every day or on school days only), the admins are emailed (``app.services.notifications``).
Every change leaves an audit event.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditAction, School, SchoolContact, User
from app.services import audit
from app.services.errors import ServiceError
from app.services.notifications import DEFAULT_ESCALATION_HOURS, ESCALATION_HOURS

CONTACT_KINDS = ("counsellor", "tppk", "uptd_ppa", "other")
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 ()\-.]{2,38}$")
LOCALES = ("id", "en")


def clean_quick_exit_url(raw: str | None) -> str | None:
    """An https address on a named host, or None (the app's default). Raises ServiceError."""
    url = (raw or "").strip()
    if not url:
        return None
    if len(url) > 500 or any(char.isspace() or ord(char) < 32 for char in url):
        raise ServiceError("bad_quick_exit")
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname, parts.port  # a malformed port raises ValueError
    except ValueError:
        raise ServiceError("bad_quick_exit") from None
    # A named host with a dot, no user:password@ part: nothing that could mislead.
    if parts.scheme != "https" or not host or "@" in parts.netloc or "." not in host:
        raise ServiceError("bad_quick_exit")
    return url


def update_school(
    admin: User,
    school: School,
    name: str,
    default_locale: str,
    quick_exit_url: str | None,
    escalation_hours: int | None = None,
    escalation_school_days_only: bool = False,
) -> None:
    """Save the school's settings; ``escalation_hours`` None means the default (24)."""
    name = " ".join((name or "").split())
    if not name or len(name) > 160:
        raise ServiceError("bad_name")
    if default_locale not in LOCALES:
        raise ServiceError("bad_locale")
    url = clean_quick_exit_url(quick_exit_url)
    hours = DEFAULT_ESCALATION_HOURS if escalation_hours is None else escalation_hours
    if not ESCALATION_HOURS[0] <= hours <= ESCALATION_HOURS[1]:
        raise ServiceError("bad_escalation_hours")
    new = {
        "name": name,
        "default_locale": default_locale,
        "quick_exit_url": url,
        "escalation_hours": hours,
        "escalation_school_days_only": bool(escalation_school_days_only),
    }
    changed = sorted(key for key, value in new.items() if getattr(school, key) != value)
    if not changed:
        return
    for key in changed:
        setattr(school, key, new[key])
    db.session.flush()
    audit.record(admin, AuditAction.SCHOOL_SETTINGS, "school", school.id, changed=changed)


# --- The school's own help contacts -------------------------------------------------


def contacts_of(school_id: int) -> list[SchoolContact]:
    return list(
        db.session.scalars(
            select(SchoolContact).where(SchoolContact.school_id == school_id).order_by(SchoolContact.position, SchoolContact.id)
        )
    )


def contact_of(school_id: int, contact_id: int) -> SchoolContact | None:
    """A contact of this school only: the route answers 404 for anyone else's."""
    return db.session.scalar(select(SchoolContact).where(SchoolContact.id == contact_id, SchoolContact.school_id == school_id))


def _checked(kind: str, name: str, details: str, phone: str | None) -> dict:
    if kind not in CONTACT_KINDS:
        raise ServiceError("bad_kind")
    name = " ".join((name or "").split())
    if not name or len(name) > 160:
        raise ServiceError("bad_contact_name")
    details = (details or "").strip()
    if len(details) > 1000:
        raise ServiceError("bad_details")
    phone = (phone or "").strip() or None
    if phone is not None and not PHONE_PATTERN.match(phone):
        raise ServiceError("bad_phone")
    return {"kind": kind, "name": name, "details": details, "phone": phone}


def add_contact(admin: User, kind: str, name: str, details: str = "", phone: str | None = None) -> SchoolContact:
    fields = _checked(kind, name, details, phone)
    last = db.session.scalar(select(func.max(SchoolContact.position)).where(SchoolContact.school_id == admin.school_id))
    contact = SchoolContact(school_id=admin.school_id, position=(last or 0) + 1, **fields)
    db.session.add(contact)
    db.session.flush()
    audit.record(admin, AuditAction.CONTACT_ADD, "school_contact", contact.id, name=contact.name)
    return contact


def update_contact(
    admin: User, contact: SchoolContact, kind: str, name: str, details: str = "", phone: str | None = None
) -> None:
    for key, value in _checked(kind, name, details, phone).items():
        setattr(contact, key, value)
    db.session.flush()
    audit.record(admin, AuditAction.CONTACT_EDIT, "school_contact", contact.id, name=contact.name)


def remove_contact(admin: User, contact: SchoolContact) -> None:
    audit.record(admin, AuditAction.CONTACT_REMOVE, "school_contact", contact.id, name=contact.name)
    db.session.delete(contact)
    db.session.flush()


def move_contact(admin: User, contact: SchoolContact, step: int) -> None:
    """Move a contact one place up (step -1) or down (+1) in what students see."""
    ordered = contacts_of(contact.school_id)
    index = next(i for i, item in enumerate(ordered) if item.id == contact.id)
    target = index + (1 if step > 0 else -1)
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered, start=1):  # renumber: old rows may share a position
        item.position = position
    db.session.flush()
    audit.record(admin, AuditAction.CONTACT_MOVE, "school_contact", contact.id, name=contact.name)

"""Creating a school."""

from __future__ import annotations

from app.extensions import db
from app.models import School
from app.services.errors import ServiceError


def create_school(name: str, default_locale: str = "id") -> School:
    name = (name or "").strip()
    if not name or len(name) > 160:
        raise ServiceError("bad_name")
    if default_locale not in ("id", "en"):
        raise ServiceError("bad_locale")
    school = School(name=name, default_locale=default_locale)
    db.session.add(school)
    db.session.flush()
    return school

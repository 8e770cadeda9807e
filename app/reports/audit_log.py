"""The school's audit trail, newest first, a page at a time, with each actor's name.

Admins read it to see who read a student's results or a help request, and every
change made to accounts, classes and settings. One query per page: it asks for one
row more than a page holds to know whether there is a next page. Actions and their
details are shown in the interface language (``action_label``, ``details_text``),
never as the stored words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models import AuditAction, AuditEvent, User
from app.quizbank import Catalogue
from app.reports.counting import bank_title
from app.reports.figures import help_status_label, role_label

PER_PAGE = 50
# Far past any school's trail, and far below what an OFFSET can hold (a page number
# from the URL may have 20 digits: the driver would fail on it).
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class AuditRow:
    id: int
    created_at: datetime
    actor_name: str | None  # None: the account was deleted, or a command-line task
    action: str
    target_type: str
    target_id: int | None
    details: dict


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def audit_page(school_id: int, page: int = 1, per_page: int = PER_PAGE) -> AuditPage:
    page = min(max(1, page), MAX_PAGE)
    rows = db.session.execute(
        select(
            AuditEvent.id,
            AuditEvent.created_at,
            User.display_name,
            AuditEvent.action,
            AuditEvent.target_type,
            AuditEvent.target_id,
            AuditEvent.details,
        )
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.school_id == school_id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(per_page + 1)
        .offset((page - 1) * per_page)
    ).all()
    return AuditPage(
        rows=[
            AuditRow(
                id=event_id,
                created_at=created_at,
                actor_name=actor_name,
                action=action,
                target_type=target_type,
                target_id=target_id,
                details=details or {},
            )
            for event_id, created_at, actor_name, action, target_type, target_id, details in rows[:per_page]
        ],
        page=page,
        has_next=len(rows) > per_page,
    )


# --- The words: an event's action and details in the interface language --------------

_ACTION_LABELS = {
    AuditAction.STAFF_CREATE: _l("account created"),
    AuditAction.STAFF_DEACTIVATE: _l("account deactivated"),
    AuditAction.STAFF_REACTIVATE: _l("account reactivated"),
    AuditAction.STAFF_RESET_PASSWORD: _l("password reset"),
    AuditAction.SIGN_IN: _l("signed in"),
    AuditAction.SIGN_IN_FAILED: _l("sign-in failed (wrong password)"),
    AuditAction.CLASSROOM_CREATE: _l("class created"),
    AuditAction.CLASSROOM_HAND_OVER: _l("class handed over"),
    AuditAction.CLASSROOM_ARCHIVE: _l("class archived"),
    AuditAction.CLASSROOM_UNARCHIVE: _l("class reopened"),
    AuditAction.CLASSROOM_DELETE: _l("class deleted"),
    AuditAction.CLASSROOM_EXPORT: _l("class results exported"),
    AuditAction.STUDENT_ADD: _l("student added"),
    AuditAction.STUDENT_RENAME: _l("student renamed"),
    AuditAction.STUDENT_NEW_CODE: _l("student given a new personal code"),
    AuditAction.STUDENT_DELETE: _l("student deleted"),
    AuditAction.ASSIGNMENT_CREATE: _l("module assigned"),
    AuditAction.ASSIGNMENT_CHANGE: _l("assignment settings changed"),
    AuditAction.ASSIGNMENT_CLOSE: _l("assignment closed"),
    AuditAction.ASSIGNMENT_REOPEN: _l("assignment reopened"),
    AuditAction.CONSENT_RECORD: _l("consent recorded"),
    AuditAction.SCHOOL_SETTINGS: _l("school settings changed"),
    AuditAction.CONTACT_ADD: _l("help contact added"),
    AuditAction.CONTACT_EDIT: _l("help contact changed"),
    AuditAction.CONTACT_REMOVE: _l("help contact removed"),
    AuditAction.CONTACT_MOVE: _l("help contacts reordered"),
    AuditAction.REPORT_EXPORT: _l("report exported"),
    AuditAction.STUDENT_RESULTS_READ: _l("a student's results read"),
    AuditAction.KEY_ITEMS_READ: _l("missed key items read"),
    AuditAction.KEY_ITEM_FOLLOW_UP: _l("key item followed up"),
    AuditAction.OPT_OUTS_READ: _l("opt-outs read"),
    AuditAction.HELP_REQUEST_READ: _l("help request read"),
    AuditAction.HELP_REQUEST_UPDATE: _l("help request updated"),
}

_DETAIL_NAMES = {
    "name": _l("name"),
    "username": _l("username"),
    "role": _l("role"),
    "changed": _l("changed"),
    "status": _l("status"),
    "informed_on": _l("parents informed on"),
    "rows": _l("entries"),
    "bank": _l("module"),
    "question": _l("question"),
    "from_name": _l("from"),
    "to_name": _l("to"),
    "from_user": _l("from account"),
    "to_user": _l("to account"),
    "by": _l("by"),
    "classroom": _l("class"),
    "report": _l("report"),
    "fields": _l("changed"),
    "count": _l("number"),
}

_SETTING_NAMES = {
    "name": _l("school name"),
    "default_locale": _l("default language"),
    "quick_exit_url": _l("quick exit address"),
    "feedback_mode": _l("when students see explanations"),
    "allow_retries": _l("retries"),
    "due_at": _l("due date"),
}


def action_label(action: str) -> str:
    try:
        return str(_ACTION_LABELS[AuditAction(action)])
    except ValueError:  # an action of an older version: shown as stored
        return action


def _value_text(key: str, value, catalogue: Catalogue | None, locale: str) -> str:
    if key == "status":
        try:
            return help_status_label(value)
        except ValueError:
            return str(value)
    if key == "role":
        try:
            return role_label(value)
        except ValueError:
            return str(value)
    if key in ("changed", "fields") and isinstance(value, list):
        return ", ".join(str(_SETTING_NAMES.get(item, item)) for item in value)
    if key == "bank" and catalogue is not None:
        return bank_title(catalogue, str(value), locale)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def details_text(row: AuditRow, catalogue: Catalogue | None, locale: str) -> str:
    """An event's details as a line in the interface language: "name: VIII-B · changed: school name"."""
    parts = []
    for key in sorted(row.details):
        if key == "answer":  # an internal id: the module and question say it
            continue
        if key in ("from_user", "to_user") and key.replace("user", "name") in row.details:
            continue  # the names say it
        label = _DETAIL_NAMES.get(key, key)
        parts.append(f"{label}: {_value_text(key, row.details[key], catalogue, locale)}")
    return " · ".join(parts)

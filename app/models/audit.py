"""The audit trail: who read or changed what, and when.

Every read of one student's results or help request by a counsellor, and every
change an admin makes, leaves an AuditEvent that the school's admins can read.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import utcnow
from app.models.people import User


class AuditAction(enum.StrEnum):
    """Every kind of audit event, named ``<resource>:<action>``; the words for them are in ``reports.audit_log``."""

    # Staff accounts and signing in
    STAFF_CREATE = "staff:create"
    STAFF_DEACTIVATE = "staff:deactivate"
    STAFF_REACTIVATE = "staff:reactivate"
    STAFF_RESET_PASSWORD = "staff:reset_password"  # noqa: S105 - an action name, not a password
    SIGN_IN = "staff:sign_in"
    SIGN_IN_FAILED = "staff:sign_in_failed"
    # Classes, rosters and assignments
    CLASSROOM_CREATE = "classroom:create"
    CLASSROOM_HAND_OVER = "classroom:hand_over"
    CLASSROOM_ARCHIVE = "classroom:archive"
    CLASSROOM_UNARCHIVE = "classroom:unarchive"
    CLASSROOM_DELETE = "classroom:delete"
    CLASSROOM_EXPORT = "classroom:export"
    STUDENT_ADD = "roster:add"
    STUDENT_RENAME = "roster:rename"
    STUDENT_NEW_CODE = "roster:new_code"
    STUDENT_DELETE = "roster:delete"
    ASSIGNMENT_CREATE = "assignment:create"
    ASSIGNMENT_CHANGE = "assignment:change"
    ASSIGNMENT_CLOSE = "assignment:close"
    ASSIGNMENT_REOPEN = "assignment:reopen"
    CONSENT_RECORD = "consent:record"
    # The school
    SCHOOL_SETTINGS = "school:settings"
    CONTACT_ADD = "school:contact_add"
    CONTACT_EDIT = "school:contact_edit"
    CONTACT_REMOVE = "school:contact_remove"
    CONTACT_MOVE = "school:contact_move"
    # Reading students' data
    REPORT_EXPORT = "report:export"
    STUDENT_RESULTS_READ = "student_results:read"
    KEY_ITEMS_READ = "key_items:read"
    KEY_ITEM_FOLLOW_UP = "key_item:follow_up"
    OPT_OUTS_READ = "opt_outs:read"
    HELP_REQUEST_READ = "help_request:read"
    HELP_REQUEST_UPDATE = "help_request:update"


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_school_created", "school_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60))  # an AuditAction, e.g. "help_request:read"
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    actor: Mapped[User | None] = relationship()

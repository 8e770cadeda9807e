"""Recording audit events: reads of one student's data, and every admin change."""

from __future__ import annotations

from app.extensions import db
from app.models import AuditAction, AuditEvent, User


def record(actor: User, action: AuditAction, target_type: str, target_id: int | None = None, **details) -> AuditEvent:
    event = AuditEvent(
        school_id=actor.school_id,
        actor_id=actor.id,
        action=action,
        target_type=target_type,
        target_id=target_id,
        details=details,
    )
    db.session.add(event)
    db.session.flush()
    return event

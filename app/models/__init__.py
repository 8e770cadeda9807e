"""Persistence only: the tables of Waspada and their constraints.

Quiz content is not here: banks live in YAML (see ``app.quizbank``); the database
keeps bank ids, versions and content hashes, so a report stays true after a bank
is edited.
"""

from app.models.audit import AuditAction, AuditEvent
from app.models.base import utcnow
from app.models.lessons import Lesson, LessonTally
from app.models.notifications import Notification, NotificationKind, NotificationStatus
from app.models.people import Role, Student, User
from app.models.progress import Answer, AnswerMisconception, Assignment, Attempt, FeedbackMode, OptOut
from app.models.ratelimit import RateLimitCounter
from app.models.safeguarding import HelpRequest, HelpStatus, KeyItemFollowUp
from app.models.school import Band, Classroom, ClassroomShare, ConsentRecord, School, SchoolContact

__all__ = [
    "Answer",
    "AnswerMisconception",
    "AuditAction",
    "Assignment",
    "Attempt",
    "AuditEvent",
    "Band",
    "Classroom",
    "ClassroomShare",
    "ConsentRecord",
    "FeedbackMode",
    "HelpRequest",
    "HelpStatus",
    "KeyItemFollowUp",
    "Lesson",
    "LessonTally",
    "Notification",
    "NotificationKind",
    "NotificationStatus",
    "OptOut",
    "RateLimitCounter",
    "Role",
    "School",
    "SchoolContact",
    "Student",
    "User",
    "utcnow",
]

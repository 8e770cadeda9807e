"""lessons: teacher-led discussion lessons, and their anonymous class totals

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

A lesson keeps which question is on the projector and whether its explanation is
shown; its answers are kept only as counters per (question, option), with no column
that could name a student or a device.
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "lessons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.String(length=80), nullable=False),
        sa.Column("bank_version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("revealed", sa.Boolean(), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["classroom_id"], ["classrooms.id"], name=op.f("fk_lessons_classroom_id_classrooms"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["started_by_id"], ["users.id"], name=op.f("fk_lessons_started_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lessons")),
        sa.UniqueConstraint("code", name=op.f("uq_lessons_code")),
    )
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lessons_classroom_id"), ["classroom_id"], unique=False)
    op.create_table(
        "lesson_tallies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=80), nullable=False),
        sa.Column("option", sa.String(length=40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["lesson_id"], ["lessons.id"], name=op.f("fk_lesson_tallies_lesson_id_lessons"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesson_tallies")),
        sa.UniqueConstraint("lesson_id", "question_id", "option", name=op.f("uq_lesson_tallies_lesson_id_question_id_option")),
    )


def downgrade():
    op.drop_table("lesson_tallies")
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lessons_classroom_id"))
    op.drop_table("lessons")

"""attempts.answered_ids: which questions an attempt has answered, on the attempt's own row

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

Every answer already touches its attempt's row first (the row lock that queues one
attempt's answers); keeping the answered question ids there lets that same statement
say what is answered, so the question page and the answer need no query of `answers`
to know where a student is. Existing attempts get their ids from their answers, in
the order they were given.
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN, never batch mode: on SQLite batch mode copies and drops the table, and
    # with foreign keys on, dropping `attempts` would cascade to every answer (see 0004).
    op.add_column("attempts", sa.Column("answered_ids", sa.Text(), server_default="", nullable=False))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "UPDATE attempts SET answered_ids = ids.joined FROM ("
            " SELECT attempt_id, string_agg(question_id, ' ' ORDER BY id) AS joined FROM answers GROUP BY attempt_id"
            ") AS ids WHERE ids.attempt_id = attempts.id"
        )
    else:  # SQLite: group_concat keeps the order of the ordered subquery it reads
        op.execute(
            "UPDATE attempts SET answered_ids = COALESCE(("
            " SELECT group_concat(question_id, ' ') FROM"
            " (SELECT question_id FROM answers WHERE answers.attempt_id = attempts.id ORDER BY id)"
            "), '')"
        )


def downgrade():
    # SQLite (3.35 and later) drops a column in place, without copying the table.
    op.drop_column("attempts", "answered_ids")

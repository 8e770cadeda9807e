"""answer_misconceptions.attempt_id: a school's misconceptions through one index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

The school overview counted misconceptions by joining every answer of the school;
with the attempt on the misconception row (filled from its answer) it reads only
the rows of the school's attempts, through ix_answer_misconceptions_attempt_key.
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("answer_misconceptions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attempt_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE answer_misconceptions SET attempt_id = "
        "(SELECT answers.attempt_id FROM answers WHERE answers.id = answer_misconceptions.answer_id)"
    )
    with op.batch_alter_table("answer_misconceptions", schema=None) as batch_op:
        batch_op.alter_column("attempt_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_answer_misconceptions_attempt_id_attempts"), "attempts", ["attempt_id"], ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index("ix_answer_misconceptions_attempt_key", ["attempt_id", "key"], unique=False)


def downgrade():
    with op.batch_alter_table("answer_misconceptions", schema=None) as batch_op:
        batch_op.drop_index("ix_answer_misconceptions_attempt_key")
        batch_op.drop_constraint(batch_op.f("fk_answer_misconceptions_attempt_id_attempts"), type_="foreignkey")
        batch_op.drop_column("attempt_id")

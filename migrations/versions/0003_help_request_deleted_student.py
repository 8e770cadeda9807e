"""help_requests: "from a deleted student" is read from student_id, not kept twice

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

Every request is sent by a signed-in student, so a NULL student_id already says the
student was deleted. A separate flag could disagree with it (a deletion through the
foreign key's ON DELETE SET NULL left it false), so it goes; rows whose flag was set
keep their NULL student_id and read the same.
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("help_requests", schema=None) as batch_op:
        batch_op.drop_column("from_deleted_student")


def downgrade():
    with op.batch_alter_table("help_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("from_deleted_student", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE help_requests SET from_deleted_student = (student_id IS NULL)")

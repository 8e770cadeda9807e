"""notifications: the queue of help-request emails; schools: when the admins are told

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30

A help request queues one row per counsellor (and later per admin) in `notifications`;
`flask notify run` sends them. Each school gets its escalation threshold: 24 hours by
default, counted on every day until the admin chooses school days only. Existing
schools get the defaults through the server defaults.
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    # A plain ALTER TABLE ... ADD COLUMN, never batch mode here: on SQLite batch mode copies and drops the
    # table, and with foreign keys on, dropping `schools` would cascade to every class and student.
    op.add_column("schools", sa.Column("escalation_hours", sa.Integer(), server_default="24", nullable=False))
    op.add_column("schools", sa.Column("escalation_school_days_only", sa.Boolean(), server_default=sa.false(),
                                       nullable=False))

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("help_request_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("new_request", "escalation", name="notificationkind", native_enum=False,
                                  length=16), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("status", sa.Enum("queued", "sending", "sent", "failed", name="notificationstatus",
                                    native_enum=False, length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("claim_token", sa.String(length=32), nullable=True),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["help_request_id"], ["help_requests.id"],
                                name=op.f("fk_notifications_help_request_id_help_requests"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recipient_id"], ["users.id"], name=op.f("fk_notifications_recipient_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("help_request_id", "kind", "recipient_id",
                            name=op.f("uq_notifications_help_request_id_kind_recipient_id")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index("ix_notifications_status_next", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_notifications_recipient_id"), ["recipient_id"], unique=False)


def downgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_recipient_id"))
        batch_op.drop_index("ix_notifications_status_next")
    op.drop_table("notifications")
    # SQLite 3.35+ drops a column in place (no copy of the table, see upgrade).
    op.drop_column("schools", "escalation_school_days_only")
    op.drop_column("schools", "escalation_hours")

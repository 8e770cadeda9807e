"""The school's audit trail: who read or changed what, and when (admins only)."""
from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.reports.audit_log import audit_page
from app.security import Permission, requires

# --- The audit trail -----------------------------------------------------------------

@bp.get("/audit")
@requires(Permission.AUDIT_READ)
def audit_list():
    page = request.args.get("page", 1, type=int) or 1
    return render_template("admin/audit.html", page=audit_page(current_user.school_id, page),
                           labels=action_labels())


def action_labels() -> dict[str, str]:
    return {
        "staff:create": _("account created"),
        "staff:deactivate": _("account deactivated"),
        "staff:reactivate": _("account reactivated"),
        "staff:reset_password": _("password reset"),
        "classroom:hand_over": _("class handed over"),
        "classroom:archive": _("class archived"),
        "classroom:unarchive": _("class reopened"),
        "classroom:delete": _("class deleted"),
        "classroom:export": _("class results exported"),
        "consent:record": _("consent recorded"),
        "school:settings": _("school settings changed"),
        "school:contact_add": _("help contact added"),
        "school:contact_edit": _("help contact changed"),
        "school:contact_remove": _("help contact removed"),
        "school:contact_move": _("help contacts reordered"),
        "help_request:read": _("help request read"),
        "help_request:update": _("help request updated"),
        "key_items:read": _("missed key items read"),
        "key_item:follow_up": _("key item followed up"),
        "opt_outs:read": _("opt-outs read"),
        "student_results:read": _("a student's results read"),
    }

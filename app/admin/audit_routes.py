"""The school's audit trail: who read or changed what, and when (admins only)."""

from flask import render_template, request
from flask_babel import get_locale
from flask_login import current_user

from app.admin.blueprint import bp
from app.content import get_catalogue
from app.reports.audit_log import action_label, audit_page, details_text
from app.security import Permission, requires


@bp.get("/audit")
@requires(Permission.AUDIT_READ)
def audit_list():
    page = request.args.get("page", 1, type=int) or 1
    return render_template(
        "admin/audit.html",
        page=audit_page(current_user.school_id, page),
        action_label=action_label,
        details_text=details_text,
        catalogue=get_catalogue(),
        locale=str(get_locale()),
    )

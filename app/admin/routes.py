from flask import render_template

from app.admin import bp
from app.security import Permission, requires


@bp.get("/")
@requires(Permission.STAFF_MANAGE)
def dashboard():
    return render_template("admin/dashboard.html")

from flask import render_template

from app.counsellor import bp
from app.security import Permission, requires


@bp.get("/")
@requires(Permission.HELP_REQUEST_HANDLE)
def dashboard():
    return render_template("counsellor/dashboard.html")

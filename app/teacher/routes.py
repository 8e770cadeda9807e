from flask import render_template

from app.security import Permission, requires
from app.teacher import bp


@bp.get("/")
@requires(Permission.CLASSROOM_MANAGE)
def dashboard():
    return render_template("teacher/dashboard.html")

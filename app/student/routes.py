from flask import render_template

from app.security import Permission, public, requires
from app.student import bp


@bp.get("/")
@requires(Permission.MODULE_TAKE)
def dashboard():
    return render_template("student/dashboard.html")


@bp.get("/help")
@public
def help():
    return render_template("student/help.html", safeguarding=True)

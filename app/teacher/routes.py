"""The teacher's pages. The dashboard is here; the rest is split by idea:

  class_routes       create, rename, archive a class; its join code; consent; letters
  roster_routes      students: add (one or a pasted list), rename, new code, delete; login cards
  assignment_routes  assign modules, change their rules, close and reopen
  report_routes      the class report, one assignment, one student; CSV exports

Management pages need ``classroom:manage`` and load with ``manage=True``; report
pages need ``report:class`` only, so counsellors and admins of the school may read them.
"""

from flask import render_template
from flask_babel import get_locale
from flask_login import current_user

from app.content import get_catalogue
from app.reports import overview
from app.security import Permission, requires
from app.teacher.blueprint import bp


@bp.get("/")
@requires(Permission.CLASSROOM_MANAGE)
def dashboard():
    user, catalogue, locale = current_user._get_current_object(), get_catalogue(), str(get_locale())
    return render_template(
        "teacher/dashboard.html",
        classes=overview.teacher_classes(user, catalogue, locale),
        archived=overview.teacher_classes(user, catalogue, locale, archived=True),
    )

"""The counsellor's pages: the school by theme, missed key items, opt-outs and help requests.

Counsellors read across every class of their school, change no roster or assignment,
and are the only ones who ever see a help request. Each read of individual
students' results or of a help request leaves an audit event.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.content import get_catalogue
from app.counsellor.blueprint import bp
from app.counsellor.forms import FollowUpForm, HelpRequestForm
from app.extensions import db
from app.models import AuditAction, Role
from app.reports import help_inbox as inbox_report
from app.reports import key_items
from app.reports.opt_outs import opt_outs
from app.reports.school_overview import AGREE4, SMALL_GROUP, school_overview
from app.security import Permission, load_answer, load_help_request, requires
from app.services import audit, help_requests
from app.services.errors import ServiceError
from app.services.follow_ups import follow_up


@bp.app_context_processor
def help_request_badge():
    """The number of new help requests, for the counsellor's menu (one COUNT query)."""
    if current_user and current_user.is_authenticated and current_user.role == Role.COUNSELLOR:
        return {"new_help_requests": inbox_report.count_new(current_user.school_id)}
    return {}


def _locale() -> str:
    return str(get_locale())


def _misconception_labels(catalogue, locale: str) -> dict[str, str]:
    return {key: item.label.get_text(locale) for key, item in catalogue.misconceptions.items()}


@bp.get("/")
@requires(Permission.REPORT_SCHOOL)
def dashboard():
    catalogue, locale = get_catalogue(), _locale()
    overview = school_overview(catalogue, current_user.school_id, locale)
    questions = {
        (bank.id, q.id): q.prompt.get_text(locale)
        for bank in catalogue.banks.values()
        for q in bank.questions
        if q.type == "reflection"
    }
    titles = {bank.id: bank.title.get_text(locale) for bank in catalogue.banks.values()}
    return render_template(
        "counsellor/dashboard.html",
        overview=overview,
        questions=questions,
        titles=titles,
        labels=_misconception_labels(catalogue, locale),
        small_group=SMALL_GROUP,
        scale=AGREE4,
    )


@bp.get("/key-items")
@requires(Permission.KEY_ITEMS_FOLLOW_UP)
def key_items_page():
    catalogue, locale = get_catalogue(), _locale()
    show_all = request.args.get("show") == "all"
    students = key_items.follow_ups(catalogue, current_user.school_id, locale, include_followed_up=show_all)
    # Reading which students missed which item is reading individual results: audited.
    audit.record(current_user, AuditAction.KEY_ITEMS_READ, "school", current_user.school_id, rows=len(students))
    db.session.commit()
    return render_template("counsellor/key_items.html", students=students, show_all=show_all, form=FollowUpForm())


@bp.post("/key-items/<int:answer_id>")
@requires(Permission.KEY_ITEMS_FOLLOW_UP)
def follow_up_item(answer_id: int):
    answer = load_answer(answer_id)  # 404 unless the answer belongs to a class of the counsellor's school
    form = FollowUpForm()
    if not form.validate_on_submit():
        flash(_("The note is too long (at most %(num)d characters).", num=1000), "error")
    else:
        try:
            follow_up(get_catalogue(), current_user, answer, form.note.data)
        except ServiceError as error:
            if error.code == "not_a_missed_key_item":
                abort(404)
            flash(_("The note is too long (at most %(num)d characters).", num=1000), "error")
        else:
            db.session.commit()
            flash(_("Marked as followed up."), "success")
    show = request.args.get("show")
    return redirect(url_for("counsellor.key_items_page", show=show) + f"#answer-{answer_id}")


@bp.get("/opt-outs")
@requires(Permission.REPORT_SCHOOL)
def opt_outs_page():
    catalogue, locale = get_catalogue(), _locale()
    groups = opt_outs(current_user.school_id)
    audit.record(current_user, AuditAction.OPT_OUTS_READ, "school", current_user.school_id)
    db.session.commit()
    titles = {bank.id: bank.title.get_text(locale) for bank in catalogue.banks.values()}
    return render_template("counsellor/opt_outs.html", groups=groups, titles=titles)


@bp.get("/help-requests")
@requires(Permission.HELP_REQUEST_HANDLE)
def help_inbox():
    rows = inbox_report.inbox(current_user.school_id)
    return render_template("counsellor/help_inbox.html", rows=rows)


# A help request answers 404 to everyone but the counsellors of its school (hidden=True
# here, load_help_request for another school's): nobody else learns that it exists.
@bp.get("/help-requests/<int:request_id>")
@requires(Permission.HELP_REQUEST_HANDLE, hidden=True)
def help_request(request_id: int):
    item = load_help_request(request_id)
    help_requests.open_request(item, current_user)
    db.session.commit()
    form = HelpRequestForm(status=item.status.value, note=item.counsellor_note)
    return render_template("counsellor/help_request.html", item=item, form=form)


@bp.post("/help-requests/<int:request_id>")
@requires(Permission.HELP_REQUEST_HANDLE, hidden=True)
def update_help_request(request_id: int):
    item = load_help_request(request_id)
    form = HelpRequestForm()
    if not form.validate_on_submit():
        db.session.rollback()
        return render_template("counsellor/help_request.html", item=item, form=form), 400
    help_requests.update(item, current_user, form.status.data, form.note.data)
    db.session.commit()
    flash(_("The help request has been saved."), "success")
    return redirect(url_for("counsellor.help_inbox"))

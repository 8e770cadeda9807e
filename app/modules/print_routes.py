"""A module on paper, A4 in black and white: a student worksheet and a teacher's copy.

For a classroom with one projector and no phones. The worksheet carries no name
line and no answer: choices with boxes to tick, chats laid out as chats with a box
by each message, the steps of an order question with boxes to number. The teacher's
copy has the key (the same letters, in the same order), each explanation, the
misconception each wrong answer reveals, and the discussion questions of the lesson
notes. Each is printed wholly in one language, ``?lang=id|en``, whatever the
interface speaks: a teacher may print for an English or an Indonesian class.
"""

from flask import render_template
from flask_babel import force_locale

from app.content import get_catalogue
from app.i18n import LOCALES
from app.modules.blueprint import bp
from app.modules.lookup import content_locale, load_bank, module_facts
from app.modules.notes import discussion_questions, lesson_notes
from app.quizbank.review import shown_options
from app.security import Permission, requires
from app.web.question_texts import Reader, question_labels

# Both copies list the choices in this one shuffled order, so that "B" is the same answer on each.
PRINT_SEED = "print"


def _render_sheet(bank_id: str, template: str, **extra):
    bank = load_bank(bank_id)
    locale = content_locale()
    catalogue = get_catalogue()
    with force_locale(locale):
        return render_template(
            template,
            bank=bank,
            facts=module_facts(catalogue, bank),
            qtext=Reader(locale),
            sheet_lang=locale,
            languages=LOCALES,
            questions=[(question, shown_options(question, PRINT_SEED)) for question in bank.questions],
            helplines=[helpline for helpline in catalogue.helplines if helpline.scope == "national"],
            misconceptions=catalogue.misconceptions,
            labels=question_labels(),
            **extra,
        )


@bp.get("/<bank_id>/worksheet")
@requires(Permission.MODULE_PREVIEW)
def worksheet(bank_id: str):
    return _render_sheet(bank_id, "modules/worksheet.html")


@bp.get("/<bank_id>/teacher-copy")
@requires(Permission.MODULE_PREVIEW)
def teacher_copy(bank_id: str):
    bank = load_bank(bank_id)
    return _render_sheet(
        bank_id, "modules/teacher_copy.html", discussion=discussion_questions(lesson_notes(bank, content_locale()))
    )

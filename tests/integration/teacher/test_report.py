"""The class report, checked against a class computed by hand, and its CSV, and its cost in SQL queries.

The class (sample-basics: reflection, single, multiple, true/false, order, chat, reflection; retries allowed):

| student | answers (counted attempt)                                                   | score  |
| Ayu     | all right; reflections 2 then 4                                             | 100 %  |
| Budi    | attempt 1: who "a", warning ["a"] (0.5), abroad true, steps right, chat []  | 30 %   |
|         | attempt 2: all wrong (0 %): the BEST attempt (1) counts                     |        |
| Citra   | who "a", steps reversed (no pair in order: 0), the rest right; refl. 2, 3   | 60 %   |
| Dimas   | in progress: reflection 1, who "c", warning ["a","c"] (0)                   |        |
| Eka     | not started                                                                 |        |
| Fajar   | all right; reflections 3 then 4                                             | 100 %  |

Finished 4 of 6 (67 %); average (1 + .3 + .6 + 1) / 4 = 72.5 %, shown as 73 % (half up, everywhere).
Right answers: who 2/5 (40 %), wrong "Only strangers" x2; warning 3/5 (60 %) with 1 partial (20 %);
abroad 3/4 (75 %), wrong "True" x1; steps 3/4 (75 %), none partial; chat 3/4, red flag m2 missed by 1 of 4.
Misconceptions: only-strangers 2 students, secrets-are-normal 1. Reflection before: 5 answers
(values 1: 2, 2: 2, 3: 1, 4: 0); after: 4 answers, hidden.
"""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from app.content import get_catalogue
from app.extensions import db
from app.models import Answer, AuditEvent, OptOut
from app.reports import assignment_report as assignment_reports
from app.reports import exports, student_answers
from app.reports.class_grid import class_grid
from tests import factories
from tests.integration.teacher.conftest import EN

RIGHT_REFLECTIONS = {"feel-before": {"value": 2}, "feel-after": {"value": 4}}


def hand_computed_class(teacher, students: int = 6):
    classroom = factories.make_class(teacher, "VIII-B", students=students)
    assignment = factories.make_assignment(classroom, "sample-basics", allow_retries=True)
    ayu, budi, citra, dimas, _eka, fajar = classroom.students[:6]
    factories.answer_all(ayu, assignment, RIGHT_REFLECTIONS)
    factories.answer_all(
        budi,
        assignment,
        {
            "feel-before": {"value": 1},
            "who-does-it": {"choice": "a"},
            "warning-signs": {"choices": ["a"]},
            "abroad-only": {"answer": True},
            "game-chat": {"flags": []},
            "feel-after": {"value": 3},
        },
    )
    factories.answer_all(budi, assignment, wrong=True)  # a worse retry: the first attempt stays the best
    factories.answer_all(
        citra,
        assignment,
        {
            "feel-before": {"value": 2},
            "who-does-it": {"choice": "a"},
            "steps": {"order": ["tell", "save", "stop"]},
            "feel-after": {"value": 3},
        },
    )
    factories.answer_all(
        dimas,
        assignment,
        {"feel-before": {"value": 1}, "who-does-it": {"choice": "c"}, "warning-signs": {"choices": ["a", "c"]}},
        stop_after=3,
    )
    factories.answer_all(fajar, assignment, {"feel-before": {"value": 3}, "feel-after": {"value": 4}})
    return classroom, assignment


def test_the_report_figures_match_the_hand_computed_class(app, world):
    classroom, assignment = hand_computed_class(world.a.teacher)
    catalogue = get_catalogue()

    grid = class_grid(classroom, catalogue, "en")
    shown = {student.name: (cells[0].shown_status(False), cells[0].percent) for student, cells in grid.rows()}
    assert shown == {
        "Ayu": ("finished", 100),
        "Budi": ("finished", 30),
        "Citra": ("finished", 60),
        "Dimas": ("in_progress", None),
        "Eka": ("not_done", None),
        "Fajar": ("finished", 100),
    }
    (column,) = grid.columns
    assert (column.finished, column.students, column.completion_percent, column.average_percent) == (4, 6, 67, 73)

    report = assignment_reports.assignment_report(assignment, catalogue, "en")
    questions = {q.id: q for q in report.questions}
    assert [q.id for q in report.questions] == ["who-does-it", "warning-signs", "abroad-only", "steps", "game-chat"]
    who = questions["who-does-it"]
    assert (who.answered, who.right, who.right_percent, who.partial) == (5, 2, 40, 0)
    assert (who.common_wrong.text, who.common_wrong.count) == ("Only strangers", 2)
    warning = questions["warning-signs"]
    assert (warning.answered, warning.right_percent, warning.partial, warning.partial_percent) == (5, 60, 1, 20)
    abroad = questions["abroad-only"]
    assert (abroad.answered, abroad.right_percent, abroad.common_wrong.text, abroad.common_wrong.count) == (4, 75, "True", 1)
    steps = questions["steps"]
    assert (steps.right_percent, steps.partial) == (75, 0)
    assert steps.common_wrong.text == "Tell a trusted adult → Keep evidence → Stop replying"
    chat = questions["game-chat"]
    assert chat.right_percent == 75 and chat.common_wrong is None
    assert [(f.text, f.missed, f.of) for f in chat.missed_flags] == [("I'll send you diamonds, don't tell anyone.", 1, 4)]
    assert [(m.key, m.students) for m in report.misconceptions] == [("only-strangers", 2), ("secrets-are-normal", 1)]
    assert report.misconceptions[0].label == "believes only strangers do this"
    before, after = report.reflections
    assert (before.moment, before.counts, before.hidden) == ("before", (2, 2, 1, 0), False)
    assert (after.moment, after.total, after.hidden) == ("after", 4, True)


def test_the_report_pages_show_the_same_figures(world, login_as):
    classroom, assignment = hand_computed_class(world.a.teacher)
    client = login_as(world.a.teacher)
    grid = client.get(f"/teacher/classes/{classroom.id}/report", headers=EN).get_data(as_text=True)
    assert "30%" in grid and "60%" in grid and "in progress" in grid and "not done" in grid
    assert "4/6 (67%)" in grid and "73%" in grid
    page = client.get(f"/teacher/assignments/{assignment.id}/report", headers=EN).get_data(as_text=True)
    assert "4 of 6 students finished" in page and "2 (40%)" in page and "1 (20%)" in page
    assert "Only strangers" in page and "Red flag missed by 1 of 4:" in page
    assert "believes only strangers do this" in page
    assert "fewer than 5 answers so far" in page  # the "after" reflection
    assert page.count("<svg") == 3  # misconceptions, right answers, reflections
    assert '<table class="visually-hidden">' in page and "<script" not in page.split("</main>")[0]


def _rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, for Excel
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_csv_exports_carry_the_same_figures(world, login_as):
    classroom, assignment = hand_computed_class(world.a.teacher)
    client = login_as(world.a.teacher)
    response = client.get(f"/teacher/classes/{classroom.id}/report.csv", headers=EN)
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    assert _rows(response.data) == [
        ["Student", "Sample basics (%)"],
        ["Ayu", "100"],
        ["Budi", "30"],
        ["Citra", "60"],
        ["Dimas", "in progress"],
        ["Eka", "not done"],
        ["Fajar", "100"],
        ["Finished (%)", "67"],
        ["Average (%)", "73"],
    ]
    answers = _rows(client.get(f"/teacher/assignments/{assignment.id}/answers.csv", headers=EN).data)
    assert answers[0] == ["Student", "Status", "Score (%)", "Question number", "Question", "Answer", "Answer score (%)"]
    budi = [row for row in answers if row[0] == "Budi"]
    assert [row[3:] for row in budi] == [
        ["2", "Who can be an offender?", "Only strangers", "0"],
        ["3", "Which are warning signs?", "Asks you to keep it secret", "50"],
        ["4", "This only happens abroad.", "True", "0"],
        ["5", "Put the steps in order.", "Stop replying → Keep evidence → Tell a trusted adult", "100"],
        ["6", "Mark the messages that are warning signs.", "(no message marked)", "0"],
    ]
    assert budi[0][:3] == ["Budi", "finished", "30"]
    assert not any(row[4] == "I know where to report." for row in answers)  # reflections: never per student
    assert len([row for row in answers if row[0] == "Dimas"]) == 2


def test_a_formula_in_a_name_is_neutralised_in_the_csv(world, login_as):
    classroom = factories.make_class(world.a.teacher, "=cmd|' /C calc'!A0", students=0)
    for name in ('=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)", "Ayu"):
        factories.make_student(classroom, name)
    factories.make_assignment(classroom, "sample-basics")
    client = login_as(world.a.teacher)
    rows = _rows(client.get(f"/teacher/classes/{classroom.id}/report.csv").data)
    names = [row[0] for row in rows[1:-2]]
    assert names == ["'+1", "'-2", '\'=HYPERLINK("http://evil")', "'@SUM(A1)", "Ayu"]
    assert exports.neutralise("\tx") == "'\tx" and exports.neutralise("\rx") == "'\rx"
    assert exports.neutralise(-5) == -5 and exports.neutralise(12.5) == 12.5


def _class_with_answers(teacher, size: int):
    classroom = factories.make_class(teacher, f"Kelas {size}", students=size)
    assignment = factories.make_assignment(classroom, "sample-basics", allow_retries=True)
    for index, student in enumerate(classroom.students):
        if index % 3 == 0:
            factories.answer_all(student, assignment, wrong=index % 2 == 0)
        elif index % 3 == 1:
            factories.answer_all(student, assignment, stop_after=3)
    return classroom, assignment


def _queries_of_the_report(login_as, count_queries, teacher, classroom, assignment) -> tuple[int, int, int]:
    catalogue = get_catalogue()
    classroom_id, assignment_id = classroom.id, assignment.id
    with count_queries() as grid_queries:
        class_grid(classroom, catalogue, "en")
    with count_queries() as assignment_queries:
        assignment_reports.assignment_report(assignment, catalogue, "en")
        assignment_reports.assignment_answers(assignment, catalogue, "en")
    client = login_as(teacher)
    with count_queries() as page_queries:
        assert client.get(f"/teacher/classes/{classroom_id}/report").status_code == 200
        assert client.get(f"/teacher/assignments/{assignment_id}/report").status_code == 200
        assert client.get(f"/teacher/assignments/{assignment_id}/answers.csv").status_code == 200
        assert client.get(f"/teacher/classes/{classroom_id}/report.csv").status_code == 200
    return len(grid_queries), len(assignment_queries), len(page_queries)


def test_the_report_runs_as_many_queries_for_60_students_as_for_5(world, count_queries, login_as):
    small = _queries_of_the_report(login_as, count_queries, world.a.teacher, *_class_with_answers(world.a.teacher, 5))
    large = _queries_of_the_report(login_as, count_queries, world.a.teacher, *_class_with_answers(world.a.teacher, 60))
    assert small == large, (small, large)
    grid, assignment, pages = large
    assert grid <= 5 and assignment <= 8 and pages <= 40, large  # a handful, never one per student


def test_opted_out_students_show_as_not_done_to_the_teacher_and_as_opted_out_to_the_counsellor(world, login_as):
    classroom = world.a.classroom
    assignment = factories.make_assignment(classroom, "sample-grooming")
    db.session.add(OptOut(student_id=world.a.students[0].id, assignment_id=assignment.id))
    db.session.commit()
    teacher_page = login_as(world.a.teacher).get(f"/teacher/classes/{classroom.id}/report", headers=EN)
    assert "opted out" not in teacher_page.get_data(as_text=True)
    assert teacher_page.get_data(as_text=True).count("not done") == 3
    counsellor_page = login_as(world.a.counsellor).get(f"/teacher/classes/{classroom.id}/report", headers=EN)
    assert counsellor_page.get_data(as_text=True).count("opted out") == 1


def test_answers_to_a_question_a_later_version_removed_still_show_marked(world, login_as):
    assignment = factories.make_assignment(world.a.classroom, "sample-basics")
    attempt = factories.answer_all(world.a.students[0], assignment)
    db.session.add(
        Answer(attempt_id=attempt.id, question_id="old-question", question_type="single", response={"choice": "x"}, score=0.0)
    )
    db.session.commit()
    report = assignment_reports.assignment_report(assignment, get_catalogue(), "en")
    removed = report.questions[-1]
    assert (removed.id, removed.removed, removed.answered, removed.right) == ("old-question", True, 1, 0)
    client = login_as(world.a.teacher)
    assert "removed from the module" in client.get(f"/teacher/assignments/{assignment.id}/report", headers=EN).get_data(
        as_text=True
    )
    page = client.get(f"/teacher/attempts/{attempt.id}", headers=EN).get_data(as_text=True)
    assert "removed from the module" in page and "old-question" in page


def test_one_students_results_show_answers_with_explanations_and_no_reflection(world, login_as):
    assignment = factories.make_assignment(world.a.classroom, "sample-basics", allow_retries=True)
    student = world.a.students[1]
    factories.answer_all(student, assignment, {"who-does-it": {"choice": "a"}, "feel-before": {"value": 1}})
    retry = factories.answer_all(student, assignment)
    client = login_as(world.a.teacher)
    page = client.get(f"/teacher/students/{student.id}/results", headers=EN).get_data(as_text=True)
    assert "Results of Budi" in page and page.count("Sample basics") >= 2 and "80%" in page and "100%" in page
    first = student_answers.student_attempts(student, get_catalogue(), "en")[0]
    detail = client.get(f"/teacher/attempts/{first.id}", headers=EN).get_data(as_text=True)
    assert "Who can be an offender?" in detail and "Only strangers" in detail and "Not only strangers." in detail
    assert "An offender can be anyone." in detail and "believes only strangers do this" in detail
    assert "I know where to report." not in detail  # reflections are never shown per student
    assert "red flag, marked" in detail
    assert client.get(f"/teacher/attempts/{retry.id}").status_code == 200
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "student_results:read")) is None


def test_a_counsellor_reading_one_students_results_is_audited(world, login_as):
    assignment = factories.make_assignment(world.a.classroom, "sample-basics")
    attempt = factories.answer_all(world.a.students[0], assignment)
    counsellor = login_as(world.a.counsellor)
    assert counsellor.get(f"/teacher/students/{world.a.students[0].id}/results").status_code == 200
    assert counsellor.get(f"/teacher/attempts/{attempt.id}").status_code == 200
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "student_results:read")).all()
    assert [(e.actor_id, e.target_type, e.target_id) for e in events] == [
        (world.a.counsellor.id, "student", world.a.students[0].id)
    ] * 2
    assert counsellor.get(f"/teacher/students/{world.b.students[0].id}/results").status_code == 404


def test_another_teachers_attempt_answers_404(world, login_as):
    other = factories.make_assignment(world.a.other_classroom)
    attempt = factories.answer_all(world.a.other_students[0], other)
    client = login_as(world.a.teacher)
    assert client.get(f"/teacher/attempts/{attempt.id}").status_code == 404
    assert client.get(f"/teacher/students/{world.a.other_students[0].id}/results").status_code == 404

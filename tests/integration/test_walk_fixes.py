"""What a walk through the app as a student and as staff found, each fixed with a scenario here.

Help first on the help page, with a way back; results that lead with "x of y right" and
fold the explanations; the whole chat message as the red-flag tap target; sign-out away
from the quick exit; the school's default language for its staff.
"""

from __future__ import annotations

import re

from app.extensions import db
from app.models import School
from tests import factories
from tests.integration.student.helpers import a_class_with_a_module, question_url

EN = {"Accept-Language": "en"}


def test_the_message_to_the_counsellor_comes_before_the_help_lines_and_leads_back(client, login_as):
    classroom, assignment = a_class_with_a_module(locale="en")
    login_as(classroom.students[0], client)
    module = client.get(f"/s/m/{assignment.id}").get_data(as_text=True)
    link = re.search(r'class="help-link" href="([^"]+)"', module).group(1)
    assert link.startswith("/s/help?back=")
    page = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert page.index("Write to your school counsellor") < page.index("Help lines you can call or message now")
    assert f'href="/s/m/{assignment.id}"' in page and "Back to where I was" in page


def test_the_way_back_from_help_never_leads_off_the_app(client, login_as):
    classroom, _assignment = a_class_with_a_module(locale="en")
    login_as(classroom.students[0], client)
    page = client.get("/s/help?back=//evil.example").get_data(as_text=True)
    assert 'href="//evil.example"' not in page and "Back to where I was" not in page


def test_results_lead_with_how_many_were_right_and_fold_each_explanation(client, login_as):
    classroom, assignment = a_class_with_a_module(locale="en")
    student = classroom.students[0]
    factories.answer_all(student, assignment, {"who-does-it": {"choice": "a"}, "warning-signs": {"choices": ["a"]}})
    login_as(student, client)
    page = client.get(f"/s/m/{assignment.id}/results").get_data(as_text=True)
    assert "3 of 5 right" in page and "1 partly right" in page
    assert page.index("3 of 5 right") < page.index("Every question, with the explanation")
    assert page.count("<details>") == 7  # one fold per question, reflections included


def test_the_whole_chat_message_is_the_red_flag_tap_target(client, login_as):
    classroom, assignment = a_class_with_a_module(locale="en")
    login_as(classroom.students[0], client)
    client.post(f"/s/m/{assignment.id}/start")
    page = client.get(question_url(assignment, "game-chat")).get_data(as_text=True)
    bubbles = re.findall(r'<li class="bubble them">\s*<label class="flag-target">(.*?)</label>', page, re.S)
    assert len(bubbles) == 2 and all('name="flag"' in bubble and 'class="said"' in bubble for bubble in bubbles)


def test_a_student_signs_out_at_the_foot_of_the_page_far_from_the_quick_exit(client, login_as):
    classroom, _assignment = a_class_with_a_module(locale="en")
    login_as(classroom.students[0], client)
    page = client.get("/s/").get_data(as_text=True)
    header, footer = page.split("</header>")[0], page.split('<footer class="site-footer">')[1]
    assert 'id="quick-exit"' in header and "Sign out" not in header
    assert "Sign out" in footer


def test_the_schools_default_language_applies_to_its_staff_whatever_the_browser_says(app, world, login_as):
    school = db.session.get(School, world.a.school.id)
    school.default_locale = "en"
    db.session.commit()
    client = login_as(world.a.teacher)
    page = client.get("/teacher/", headers={"Accept-Language": "id"}).get_data(as_text=True)
    assert '<html lang="en">' in page
    school.default_locale = "id"
    db.session.commit()
    page = client.get("/teacher/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="id">' in page


def test_a_bad_phone_number_of_a_school_contact_is_reported_under_the_phone_field(world, login_as):
    admin = login_as(world.a.admin)
    response = admin.post(
        "/admin/settings/contacts", data={"kind": "counsellor", "name": "Ruang BK", "phone": "telepon saja"}, headers=EN
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    message = "A phone number has digits"
    assert message in page
    # The message stands with the phone field, not the name field.
    phone_at, name_at, message_at = page.index('id="phone"'), page.index('id="name"'), page.index(message)
    assert abs(message_at - phone_at) < abs(message_at - name_at)


def test_the_login_card_page_stays_in_the_teachers_language_and_the_cards_are_in_the_class_s(world, login_as):
    teacher = login_as(world.a.teacher)  # the school's staff read English; VIII-A's students read Indonesian
    page = teacher.get(f"/teacher/classes/{world.a.classroom.id}/cards").get_data(as_text=True)
    assert '<html lang="en">' in page and "Login cards for VIII-A" in page  # the page: the teacher's language
    cards = page.split('<div lang="id">', 1)[1]
    assert "Kode kelas" in cards or "kode kelas" in cards.lower()  # the cards: the class's language

"""Who may open what: every route of the app, for every kind of visitor, as an explicit table.

The table is the app's access policy written out. Each line is one route and method;
each column a kind of visitor (see ``visitors.py``); each cell what that visitor gets
when asking for the objects of class A (school A):

  ok     let in: a page, a redirect elsewhere, or a form refusing the (empty) data
  login  sent to sign in (/login for staff pages, /join for students' pages)
  403    signed in, but the page is for another kind of account
  404    the object belongs to another class or school (or must not be confirmed to exist)

A route missing from the table fails the test, so no new page can skip it; a line
whose route is gone fails too. Objects of another class or school answer 404, never
403: checked cell by cell below, and by rule in ``test_other_classes_and_schools_get_404_never_403``.
POSTs carry no data: the point is the gate, not the action. Each kind of visitor
gets a fresh world, and a visitor's own sign-out and destructive requests come last.
"""

from __future__ import annotations

import pytest

from tests.integration.security import visitors
from tests.integration.security.visitors import VISITORS

MATRIX = """
#    endpoint                         anon   stu_a  stu_b  tch_a  tch_b  cou_a  adm_a  cou_x  adm_x
# admin
POST admin.add_contact                login  403    403    403    403    403    ok     403    ok
POST admin.archive_class              login  403    403    403    403    403    ok     403    404
GET  admin.audit_list                 login  403    403    403    403    403    ok     403    ok
GET  admin.cards_all                  login  403    403    403    403    403    ok     403    ok
GET  admin.classes                    login  403    403    403    403    403    ok     403    ok
POST admin.create_staff               login  403    403    403    403    403    ok     403    ok
GET  admin.dashboard                  login  403    403    403    403    403    ok     403    ok
POST admin.deactivate_staff           login  403    403    403    403    403    ok     403    404
GET  admin.delete_class               login  403    403    403    403    403    ok     403    404
POST admin.delete_class               login  403    403    403    403    403    ok     403    404
GET  admin.edit_contact               login  403    403    403    403    403    ok     403    404
POST admin.edit_contact               login  403    403    403    403    403    ok     403    404
GET  admin.export_class               login  403    403    403    403    403    ok     403    404
GET  admin.export_class_xlsx          login  403    403    403    403    403    ok     403    404
POST admin.hand_over                  login  403    403    403    403    403    ok     403    404
POST admin.move_contact               login  403    403    403    403    403    ok     403    404
POST admin.reactivate_staff           login  403    403    403    403    403    ok     403    404
GET  admin.record_consent             login  403    403    403    403    403    ok     403    404
POST admin.record_consent             login  403    403    403    403    403    ok     403    404
POST admin.remove_contact             login  403    403    403    403    403    ok     403    404
POST admin.reset_password             login  403    403    403    403    403    ok     403    404
GET  admin.school_settings            login  403    403    403    403    403    ok     403    ok
POST admin.school_settings            login  403    403    403    403    403    ok     403    ok
POST admin.unarchive_class            login  403    403    403    403    403    ok     403    404
# auth
GET  auth.change_password             login  403    403    ok     ok     ok     ok     ok     ok
POST auth.change_password             login  403    403    ok     ok     ok     ok     ok     ok
GET  auth.join                        ok     ok     ok     ok     ok     ok     ok     ok     ok
POST auth.join                        ok     ok     ok     ok     ok     ok     ok     ok     ok
GET  auth.login                       ok     ok     ok     ok     ok     ok     ok     ok     ok
POST auth.login                       ok     ok     ok     ok     ok     ok     ok     ok     ok
POST auth.logout                      ok     login  login  login  login  login  login  login  login
# counsellor
GET  counsellor.dashboard             login  403    403    403    403    ok     403    ok     403
POST counsellor.follow_up_item        login  403    403    403    403    ok     403    404    403
GET  counsellor.help_inbox            login  403    403    403    403    ok     403    ok     403
GET  counsellor.help_request          login  404    404    404    404    ok     404    404    404
GET  counsellor.key_items_page        login  403    403    403    403    ok     403    ok     403
GET  counsellor.opt_outs_page         login  403    403    403    403    ok     403    ok     403
POST counsellor.update_help_request   login  404    404    404    404    ok     404    404    404
# lessons
GET  lessons.live                     login  403    403    ok     404    403    403    403    403
GET  lessons.phone                    ok     ok     ok     ok     ok     ok     ok     ok     ok
POST lessons.phone_answer             ok     ok     ok     ok     ok     ok     ok     ok     ok
GET  lessons.phone_start              ok     ok     ok     ok     ok     ok     ok     ok     ok
POST lessons.phone_start              ok     ok     ok     ok     ok     ok     ok     ok     ok
GET  lessons.phone_state              ok     ok     ok     ok     ok     ok     ok     ok     ok
GET  lessons.projector                login  403    403    ok     404    403    403    403    403
POST lessons.control                  login  403    403    ok     404    403    403    403    403
POST lessons.start                    login  403    403    ok     404    403    403    403    403
GET  lessons.totals                   login  403    403    ok     404    ok     ok     404    404
# main
GET  main.quick_exit                  ok     ok     ok     ok     ok     ok     ok     ok     ok
POST main.quick_exit_beacon           ok     ok     ok     ok     ok     ok     ok     ok     ok
GET  main.healthz                     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET  main.livez                       ok     ok     ok     ok     ok     ok     ok     ok     ok
GET  main.metrics_page                ok     ok     ok     ok     ok     ok     ok     ok     ok
GET  main.readyz                      ok     ok     ok     ok     ok     ok     ok     ok     ok
GET  main.index                       login  ok     ok     ok     ok     ok     ok     ok     ok
POST main.set_language                ok     ok     ok     ok     ok     ok     ok     ok     ok
# modules
GET  modules.export                   login  403    403    ok     ok     ok     ok     ok     ok
GET  modules.library                  login  403    403    ok     ok     ok     ok     ok     ok
GET  modules.module                   login  403    403    ok     ok     ok     ok     ok     ok
GET  modules.preview_end              login  403    403    ok     ok     ok     ok     ok     ok
POST modules.preview_answer           login  403    403    ok     ok     ok     ok     ok     ok
GET  modules.preview_feedback         login  403    403    ok     ok     ok     ok     ok     ok
GET  modules.preview_question         login  403    403    ok     ok     ok     ok     ok     ok
POST modules.preview_restart          login  403    403    ok     ok     ok     ok     ok     ok
GET  modules.teacher_copy             login  403    403    ok     ok     ok     ok     ok     ok
GET  modules.worksheet                login  403    403    ok     ok     ok     ok     ok     ok
# student
GET  student.alternative              login  ok     404    403    403    403    403    403    403
POST student.alternative_done         login  ok     404    403    403    403    403    403    403
POST student.answer                   login  ok     404    403    403    403    403    403    403
GET  student.dashboard                login  ok     ok     403    403    403    403    403    403
GET  student.feedback                 login  ok     404    403    403    403    403    403    403
GET  student.help                     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET  student.help_sent                login  ok     ok     403    403    403    403    403    403
GET  student.module                   login  ok     404    403    403    403    403    403    403
POST student.not_now                  login  ok     404    403    403    403    403    403    403
GET  student.question                 login  ok     404    403    403    403    403    403    403
GET  student.results                  login  ok     404    403    403    403    403    403    403
POST student.send_help                login  ok     ok     403    403    403    403    403    403
POST student.start                    login  ok     404    403    403    403    403    403    403
# teacher
GET  teacher.add_students             login  403    403    ok     404    403    403    403    403
POST teacher.add_students             login  403    403    ok     404    403    403    403    403
POST teacher.archive_class            login  403    403    ok     404    403    403    403    403
GET  teacher.assign                   login  403    403    ok     404    403    403    403    403
POST teacher.assign                   login  403    403    ok     404    403    403    403    403
GET  teacher.assignment_answers_csv   login  403    403    ok     404    ok     ok     404    404
GET  teacher.assignment_answers_xlsx  login  403    403    ok     404    ok     ok     404    404
GET  teacher.assignment_report        login  403    403    ok     404    ok     ok     404    404
GET  teacher.attempt_page             login  403    403    ok     404    ok     ok     404    404
GET  teacher.cards                    login  403    403    ok     404    403    403    403    403
GET  teacher.class_page               login  403    403    ok     404    403    403    403    403
GET  teacher.class_report_csv         login  403    403    ok     404    ok     ok     404    404
GET  teacher.class_report_xlsx        login  403    403    ok     404    ok     ok     404    404
GET  teacher.class_report_page        login  403    403    ok     404    ok     ok     404    404
POST teacher.confirm_students         login  403    403    ok     404    403    403    403    403
POST teacher.close_assignment         login  403    403    ok     404    403    403    403    403
GET  teacher.consent_page             login  403    403    ok     404    403    403    403    403
POST teacher.consent_page             login  403    403    ok     404    403    403    403    403
GET  teacher.dashboard                login  403    403    ok     ok     403    403    403    403
GET  teacher.delete_student           login  403    403    ok     404    403    403    403    403
POST teacher.delete_student           login  403    403    ok     404    403    403    403    403
GET  teacher.edit_assignment          login  403    403    ok     404    403    403    403    403
POST teacher.edit_assignment          login  403    403    ok     404    403    403    403    403
GET  teacher.edit_class               login  403    403    ok     404    403    403    403    403
POST teacher.edit_class               login  403    403    ok     404    403    403    403    403
GET  teacher.edit_student             login  403    403    ok     404    403    403    403    403
POST teacher.edit_student             login  403    403    ok     404    403    403    403    403
POST teacher.import_students          login  403    403    ok     404    403    403    403    403
GET  teacher.letters                  login  403    403    ok     404    403    403    403    403
GET  teacher.new_class                login  403    403    ok     ok     403    403    403    403
POST teacher.new_class                login  403    403    ok     ok     403    403    403    403
POST teacher.new_join_code            login  403    403    ok     404    403    403    403    403
POST teacher.reopen_assignment        login  403    403    ok     404    403    403    403    403
POST teacher.reset_code               login  403    403    ok     404    403    403    403    403
POST teacher.restore_class            login  403    403    ok     404    403    403    403    403
GET  teacher.student_results          login  403    403    ok     404    ok     ok     404    404
"""
# Signing out leads to the sign-in page: for auth.logout "login" is the expected answer.
# The test client calls from 127.0.0.1, the default operator network: /metrics answers it (404 elsewhere,
# see tests/integration/test_operations.py).


def parse_matrix(text: str) -> dict[tuple[str, str], dict[str, str]]:
    header, *lines = [line for line in text.strip().splitlines() if line.strip()]
    kinds = header.split()[2:]
    assert tuple(kinds) == VISITORS, "the table's columns must be the visitors of visitors.VISITORS, in order"
    expected = {}
    for line in lines:
        if line.startswith("#"):
            continue
        method, endpoint, *cells = line.split()
        assert len(cells) == len(kinds), f"{method} {endpoint}: {len(cells)} cells for {len(kinds)} visitors"
        assert (method, endpoint) not in expected, f"{method} {endpoint} is listed twice"
        assert set(cells) <= {"ok", "login", "403", "404"}, f"{method} {endpoint}: unknown outcome in {cells}"
        expected[(method, endpoint)] = dict(zip(kinds, cells, strict=True))
    return expected


EXPECTED = parse_matrix(MATRIX)

# Requests that would change what the next request finds: sent last, in this order.
LAST = ("admin.remove_contact", "auth.logout", "main.quick_exit_beacon", "main.quick_exit")


def in_safe_order(found):
    """GETs first, then POSTs, then the ones in LAST (removing the contact, signing out, the quick exits)."""

    def key(route):
        method, endpoint, rule = route
        return (endpoint in LAST, LAST.index(endpoint) if endpoint in LAST else 0, method != "GET", rule.rule)

    return sorted(found, key=key)


def test_every_route_of_the_app_is_in_the_matrix_and_every_line_is_a_route(app):
    routes = {(method, endpoint) for method, endpoint, _rule in visitors.routes(app)}
    unlisted = sorted(routes - EXPECTED.keys())
    gone = sorted(EXPECTED.keys() - routes)
    assert not unlisted, f"routes missing from the access matrix (add a line for each): {unlisted}"
    assert not gone, f"lines of the access matrix whose route no longer exists: {gone}"


@pytest.mark.parametrize("kind", VISITORS)
def test_each_visitor_gets_what_the_matrix_says_on_every_route(app, kind, login_as):
    scene = visitors.make_scene()
    client = visitors.visitor(app, login_as, scene, kind)
    wrong = []
    for method, endpoint, rule in in_safe_order(visitors.routes(app)):
        url = visitors.url_of(rule, scene.args)
        got = visitors.outcome(client.open(url, method=method, data={}))
        expected = EXPECTED[(method, endpoint)][kind]
        if got != expected:
            wrong.append(f"{method} {url} ({endpoint}): expected {expected}, got {got}")
    assert not wrong, f"{kind}:\n" + "\n".join(wrong)


def test_other_classes_and_schools_get_404_never_403(app):
    """Whoever holds an endpoint's permissions but not the object gets 404: ids cannot be probed.

    The rule behind the table's 404 cells, derived from app.security rather than typed:
    a 403 is only ever about the kind of account, never about whose object it is.
    """
    scene = visitors.make_scene()
    for (method, endpoint), row in EXPECTED.items():
        for kind, cell in row.items():
            principal = scene.principal(kind)
            if principal is not None and visitors.holds_permissions(app, endpoint, principal):
                assert cell != "403", f"{method} {endpoint}: {kind} holds the permissions, so 403 would leak"


def test_the_gate_answers_404_for_another_schools_objects_even_with_their_own_ids(login_as):
    """The admin of school B asks for school A's contact and staff by id: 404, as for a missing id."""
    scene = visitors.make_scene()
    client = login_as(scene.principal("adm_x"))
    missing = client.get("/admin/settings/contacts/999999").status_code
    other = client.get(f"/admin/settings/contacts/{scene.args['contact_id']}").status_code
    assert missing == other == 404
    assert client.post(f"/admin/staff/{scene.args['user_id']}/deactivate").status_code == 404

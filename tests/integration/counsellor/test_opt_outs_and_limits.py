"""Who stopped a sensitive module for now; and what a counsellor can never change."""

from __future__ import annotations

import re

from app.extensions import db
from app.services import progress
from tests import factories


def test_the_counsellor_sees_who_stopped_a_sensitive_module_by_class(client, world, login_as):
    assignment = factories.make_assignment(world.a.classroom, "sample-grooming")
    citra = world.a.students[2]
    progress.opt_out(citra, assignment)
    other = factories.make_assignment(world.b.classroom, "sample-grooming")
    progress.opt_out(world.b.students[0], other)
    db.session.commit()

    login_as(world.a.counsellor, client)
    page = client.get("/counsellor/opt-outs", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "VIII-A" in page and citra.display_name in page and "Sample grooming" in page
    assert "not finished" in page
    assert world.b.students[0].display_name == "Ayu" and "Ayu" not in page  # school B's opt-out stays there


def test_a_counsellor_cannot_change_a_roster_or_an_assignment(app, client, world, login_as):
    login_as(world.a.counsellor, client)
    classroom = world.a.classroom
    assert client.get("/teacher/").status_code == 403
    refused = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("teacher.") or "POST" not in rule.methods:
            continue
        url = re.sub(r"<(?:int:)?(\w+)>", lambda m: str(classroom.id) if "id" in m.group(1) else "x", rule.rule)
        response = client.post(url, data={"names": "Intruder", "bank_id": "sample-basics"})
        refused.append((url, response.status_code))
    assert refused and all(status in (403, 404) for _url, status in refused), refused
    assert [student.display_name for student in classroom.students] == ["Ayu", "Budi", "Citra"]

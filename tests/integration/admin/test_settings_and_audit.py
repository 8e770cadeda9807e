"""The school's settings and help contacts, and the audit trail the admins read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, School, SchoolContact, utcnow
from app.services import audit
from app.services.errors import ServiceError
from app.services.settings import clean_quick_exit_url

# Every staff sign-in is audited too; these scenarios look at what was done after signing in.
NOT_SIGN_IN = AuditEvent.action.not_in(("staff:sign_in", "staff:sign_in_failed"))

EN = {"Accept-Language": "en"}


def test_the_admin_changes_the_schools_name_language_and_quick_exit(world, login_as):
    client = login_as(world.a.admin)
    assert client.get("/admin/settings", headers=EN).status_code == 200
    response = client.post(
        "/admin/settings",
        data={"name": "SMP Negeri 3 Contoh", "default_locale": "id", "quick_exit_url": "https://www.bmkg.go.id/cuaca"},
    )
    assert response.status_code == 302
    school = db.session.get(School, world.a.school.id)
    db.session.refresh(school)
    assert (school.name, school.default_locale, school.quick_exit_url) == (
        "SMP Negeri 3 Contoh",
        "id",
        "https://www.bmkg.go.id/cuaca",
    )  # this school read English until now
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "school:settings"))
    assert event.details == {"changed": ["default_locale", "name", "quick_exit_url"]}

    # The students' quick-exit button now leads there.
    pupil = login_as(world.a.students[0])
    assert 'data-neutral="https://www.bmkg.go.id/cuaca"' in pupil.get("/s/help").get_data(as_text=True)
    assert pupil.get("/exit").headers["Location"] == "https://www.bmkg.go.id/cuaca"  # without JavaScript too


@pytest.mark.parametrize(
    "address",
    [
        "http://www.google.com",
        "javascript:alert(1)",
        "https://",
        "https://user:pw@evil.example/",
        "https://localhost/",
        "//www.google.com",
        "https://exa mple.com",
        "data:text/html,hi",
        "https://example.com:99999/",
    ],
)
def test_a_quick_exit_address_must_be_an_ordinary_https_page(address):
    with pytest.raises(ServiceError):
        clean_quick_exit_url(address)


def test_a_refused_quick_exit_address_is_explained_and_nothing_is_saved(world, login_as):
    client = login_as(world.a.admin)
    response = client.post(
        "/admin/settings", headers=EN, data={"name": "SMP Baru", "default_locale": "id", "quick_exit_url": "javascript:alert(1)"}
    )
    assert response.status_code == 200 and "full https:// address" in response.get_data(as_text=True)
    assert 'value="SMP Baru"' in response.get_data(as_text=True)  # what was typed is kept
    db.session.refresh(world.a.school)
    assert world.a.school.name == "SMP Negeri A" and world.a.school.quick_exit_url is None


def test_the_admin_adds_edits_reorders_and_removes_the_schools_help_contacts(world, login_as):
    client = login_as(world.a.admin)
    client.post(
        "/admin/settings/contacts",
        data={"kind": "counsellor", "name": "Ruang BK", "details": "Lantai 2, 07.00-14.00", "phone": "0812-3456-7890"},
    )
    client.post("/admin/settings/contacts", data={"kind": "uptd_ppa", "name": "UPTD PPA Kota", "phone": "+62 21 555"})
    bad = client.post("/admin/settings/contacts", headers=EN, data={"kind": "tppk", "name": "TPPK", "phone": "call me"})
    assert bad.status_code == 400 and "A phone number has digits" in bad.get_data(as_text=True)

    def names():
        return [c.name for c in db.session.scalars(select(SchoolContact).order_by(SchoolContact.position))]

    assert names() == ["Ruang BK", "UPTD PPA Kota"]
    second = db.session.scalar(select(SchoolContact).where(SchoolContact.name == "UPTD PPA Kota"))
    client.post(f"/admin/settings/contacts/{second.id}/move/up")
    db.session.expire_all()
    assert names() == ["UPTD PPA Kota", "Ruang BK"]
    assert client.get(f"/admin/settings/contacts/{second.id}", headers=EN).status_code == 200
    client.post(
        f"/admin/settings/contacts/{second.id}",
        data={"kind": "uptd_ppa", "name": "UPTD PPA Kabupaten", "details": "Senin-Jumat", "phone": ""},
    )
    db.session.expire_all()
    assert names() == ["UPTD PPA Kabupaten", "Ruang BK"]
    page = client.get("/admin/settings", headers=EN).get_data(as_text=True)
    assert "UPTD PPA Kabupaten" in page and "Lantai 2, 07.00-14.00" in page
    client.post(f"/admin/settings/contacts/{second.id}/remove")
    db.session.expire_all()
    assert names() == ["Ruang BK"]
    actions = db.session.scalars(select(AuditEvent.action).where(NOT_SIGN_IN).order_by(AuditEvent.id)).all()
    assert actions == [
        "school:contact_add",
        "school:contact_add",
        "school:contact_move",
        "school:contact_edit",
        "school:contact_remove",
    ]


def test_another_schools_contacts_and_settings_are_out_of_reach(world, login_as):
    theirs = SchoolContact(school_id=world.b.school.id, kind="other", name="Their room", position=1)
    db.session.add(theirs)
    db.session.commit()
    client = login_as(world.a.admin)
    assert client.get(f"/admin/settings/contacts/{theirs.id}").status_code == 404
    assert client.post(f"/admin/settings/contacts/{theirs.id}", data={"kind": "other", "name": "x"}).status_code == 404
    assert client.post(f"/admin/settings/contacts/{theirs.id}/remove").status_code == 404
    assert client.post(f"/admin/settings/contacts/{theirs.id}/move/up").status_code == 404
    assert "Their room" not in client.get("/admin/settings").get_data(as_text=True)
    for user in (world.a.teacher, world.a.counsellor):
        other = login_as(user)
        assert other.get("/admin/settings").status_code == 403
        assert other.post("/admin/settings/contacts", data={"kind": "other", "name": "x"}).status_code == 403
        assert other.get("/admin/audit").status_code == 403


def test_the_audit_trail_is_the_schools_own_newest_first_with_the_actors_name(world, login_as):
    now = utcnow()
    for minutes in range(3):
        db.session.add(
            AuditEvent(
                school_id=world.a.school.id,
                actor_id=world.a.counsellor.id,
                action="help_request:read",
                target_type="help_request",
                target_id=minutes,
                created_at=now - timedelta(minutes=minutes),
            )
        )
    audit.record(world.b.admin, "staff:create", "user", 1, username="someone-of-b")
    db.session.commit()
    page = login_as(world.a.admin).get("/admin/audit", headers=EN).get_data(as_text=True)
    assert page.count("help request read") == 3 and world.a.counsellor.display_name in page
    assert "someone-of-b" not in page


def _audit_queries(login_as, count_queries, school, admin, events):
    db.session.add_all(
        AuditEvent(
            school_id=school.id,
            actor_id=admin.id,
            action="classroom:archive",
            target_type="classroom",
            target_id=n,
            details={"name": f"K{n}"},
        )
        for n in range(events)
    )
    db.session.commit()
    client = login_as(admin)
    with count_queries() as statements:
        first = client.get("/admin/audit")
        second = client.get("/admin/audit?page=2")
    assert first.status_code == second.status_code == 200
    return len(statements), first.get_data(as_text=True), second.get_data(as_text=True)


def test_the_audit_trail_is_paginated_with_one_query_per_page(count_queries, world, login_as):
    few, first, _second = _audit_queries(login_as, count_queries, world.a.school, world.a.admin, 3)
    assert "?page=2" not in first
    many, first, second = _audit_queries(login_as, count_queries, world.b.school, world.b.admin, 120)
    assert few == many
    assert "?page=2" in first and "K119" in first and "K119" not in second and "?page=3" in second


@pytest.mark.parametrize("locale", ["id", "en"])
def test_every_admin_page_renders_in_both_languages(world, locale, login_as):
    client = login_as(world.a.admin)
    contact = SchoolContact(school_id=world.a.school.id, kind="tppk", name="TPPK", position=1)
    db.session.add(contact)
    db.session.commit()
    classroom = world.a.classroom
    for path in (
        "/admin/",
        "/admin/classes",
        f"/admin/classes/{classroom.id}/consent",
        f"/admin/classes/{classroom.id}/delete",
        "/admin/settings",
        f"/admin/settings/contacts/{contact.id}",
        "/admin/audit",
        "/admin/audit?page=7",
    ):
        response = client.get(path, headers={"Accept-Language": locale})
        assert response.status_code == 200, path
        assert f'lang="{locale}"' in response.get_data(as_text=True)

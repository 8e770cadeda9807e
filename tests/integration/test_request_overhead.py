"""What each request no longer pays for, and that nothing a visitor sees changed with it.

Templates get their words through the request's cached catalogue (``app.i18n.translations``)
instead of Flask-Babel's per-string lookups, see the signed-in visitor itself rather than the
``current_user`` proxy, build the URLs every page shows once, and are compiled when the app
starts, not in a visitor's request (``app.web.templating``).
"""

from __future__ import annotations

import click
import jinja2
import pytest
from flask import render_template_string, template_rendered
from flask_babel import force_locale, get_translations, refresh
from werkzeug.local import LocalProxy

from app.i18n import gettext, translations
from app.web.question_texts import question_labels
from tests import factories
from tests.conftest import make_test_app

# Every way a template asks for words: with and without variables, plural, context, a trans block,
# values that must be escaped, a percent sign.
TEMPLATES = [
    '{{ _("Quick exit") }}',
    '{{ _("Question %(number)d of %(total)d", number=3, total=12) }}',
    '{{ _("Hi, %(name)s!", name="<b>Rina & co</b>") }}',
    '{{ gettext("I need help") }}|{{ _("no such string: 100%%") }}',
    '{{ ngettext("%(num)d answer", "%(num)d answers", 1) }}|{{ ngettext("%(num)d answer", "%(num)d answers", 5) }}',
    '{{ pgettext("menu", "Home") }}|{{ npgettext("menu", "%(num)d item", "%(num)d items", 2) }}',
    '{% trans name="<i>x</i>" %}Hello {{ name }}{% endtrans %}',
    "{% trans count=4 %}{{ count }} thing{% pluralize %}{{ count }} things{% endtrans %}",
]


def flask_babel_environment() -> jinja2.Environment:
    """Jinja's i18n extension with the callables Flask-Babel installs: what the templates had before."""
    environment = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: get_translations().ugettext(s),
        ngettext=lambda s, p, n: get_translations().ungettext(s, p, n),
        pgettext=lambda c, s: get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: get_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    return environment


@pytest.mark.parametrize("locale", ["id", "en"])
def test_templates_read_the_same_words_as_through_flask_babel(app, locale):
    reference = flask_babel_environment()
    with app.test_request_context(), force_locale(locale):
        for source in TEMPLATES:
            assert render_template_string(source) == reference.from_string(source).render(), source
    with app.test_request_context():
        assert "<b>" not in render_template_string(TEMPLATES[2])  # variables are escaped


def test_the_cached_catalogue_follows_the_locale(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert translations() is get_translations()
        english = translations()
        with force_locale("id"):
            assert translations() is get_translations() is not english
            assert gettext("Quick exit") != "Quick exit"
        assert translations() is english
        assert gettext("Quick exit") == "Quick exit"
        refresh()
        assert translations() is get_translations()


def test_question_labels_are_made_once_per_language(app):
    with app.test_request_context():
        with force_locale("en"):
            english = question_labels()
            assert question_labels() is english
            assert english["true"] == "True" and english["moved"] == "Now in place {place} of {total}"
        with force_locale("id"):
            indonesian = question_labels()
            assert indonesian["true"] == gettext("True") != "True"
            assert indonesian["verdict"]["right"] == gettext("Right!")


def test_templates_see_the_visitor_not_the_proxy(app, login_as):
    world = factories.make_school_world("SMP Uji Cepat", students=1)
    client = login_as(world.students[0])
    seen = []

    def record(_app, template, context, **_extra):
        seen.append(context["current_user"])

    with template_rendered.connected_to(record, app):
        page = client.get("/s/").get_data(as_text=True)
    assert seen and not any(isinstance(user, LocalProxy) for user in seen)
    assert seen[0].is_student and 'id="quick-exit"' in page and 'class="help-link"' in page


def test_a_class_s_templates_are_compiled_when_the_app_starts_and_the_staff_s_when_first_opened():
    from app.web.templating import CLASS_TEMPLATES

    fresh = make_test_app()  # the session's app has rendered staff pages by now
    assert fresh.jinja_env.cache is not None
    compiled = {name for _loader, name in fresh.jinja_env.cache}
    class_pages = {name for name in fresh.jinja_env.list_templates() if name.startswith(CLASS_TEMPLATES)}
    assert {"student/question.html", "student/dashboard.html", "lessons/phone.html", "base.html"} <= class_pages <= compiled
    assert "teacher/class.html" not in compiled and "admin/audit.html" not in compiled  # memory: compiled when opened


def test_compiled_templates_are_shared_only_by_environments_that_compile_alike(app):
    from app.web.templating import _BYTECODE

    def key(environment, name="base.html"):
        return _BYTECODE.get_bucket(environment, name, None, "{{ x }}").key

    assert key(app.jinja_env) == key(make_test_app().jinja_env)
    assert key(app.jinja_env) != key(app.jinja_env.overlay(trim_blocks=True))
    assert key(app.jinja_env) != key(app.jinja_env.overlay(autoescape=False))
    assert key(app.jinja_env, "x.html") != key(app.jinja_env, "x.txt")  # escaped, and not


def test_a_command_line_run_compiles_no_template():
    with click.Context(click.Command("notify")):
        cli_app = make_test_app()
    assert cli_app.jinja_env.cache is not None and len(cli_app.jinja_env.cache) == 0


@pytest.mark.parametrize("script_root", ["", "/waspada"])
def test_the_urls_templates_keep_are_the_ones_flask_builds(app, script_root):
    calls = [
        ("static", {"filename": "css/app.css"}),
        ("static", {"filename": "js/quick-exit.js"}),
        ("main.index", {}),
        ("student.help", {}),
        ("student.help", {"back": "/s/"}),
        ("student.module", {"assignment_id": 7}),
        ("main.index", {"_anchor": "x"}),
    ]
    template_url_for = app.jinja_env.globals["url_for"]
    for _round in range(2):  # the second time from what was kept
        with app.test_request_context(base_url=f"http://localhost{script_root}/"):
            for endpoint, values in calls:
                assert template_url_for(endpoint, **values) == app.url_for(endpoint, **values)
            assert template_url_for("main.index") == f"{script_root}/"

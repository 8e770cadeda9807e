"""Flask commands: `flask --app app <group> <command>`.

users create, demo seed, data purge, db backup, notify run, quiz validate/list (app/cli/quiz.py); each refuses bad
input with a clear message and a non-zero exit code.
"""

from flask import Flask


def register(app: Flask) -> None:
    from app.cli import backup  # noqa: F401 - adds `flask db backup` to Flask-Migrate's group
    from app.cli.data import data_cli
    from app.cli.demo import demo_cli
    from app.cli.notify import notify_cli
    from app.cli.users import users_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(data_cli)
    app.cli.add_command(notify_cli)
    try:
        from app.cli.quiz import quiz_cli
    except ImportError:  # the quiz commands arrive with the quiz-bank engine
        return
    app.cli.add_command(quiz_cli)

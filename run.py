"""The app object for serving: ``flask --app run run`` and ``gunicorn run:app``.

Loading the quiz banks here means a server with an invalid bank refuses to start
and prints every error; it never serves half a bank. (CLI commands use
``flask --app app``, the factory, so that ``flask quiz validate`` still runs even
then; serving leaves the command line's modules out.)
"""

import sys

from app import create_app
from app.content import load_content
from app.quizbank import CatalogueInvalid

app = create_app(serving=True)
try:
    load_content(app)
except CatalogueInvalid as invalid:
    for problem in invalid.problems:
        print(problem.message(app.config.get("BABEL_DEFAULT_LOCALE", "id")), file=sys.stderr)
    print(f"Waspada: {len(invalid.problems)} error(s) in the quiz banks; not starting.", file=sys.stderr)
    sys.exit(1)

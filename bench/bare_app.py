"""The ceiling: a bare Flask app returning a small HTML page, served exactly like Waspada.

Whatever this reaches on the same gunicorn configuration is the most any Flask page
can reach on this machine; bench/run reports Waspada's figures as a ratio of it.
``gunicorn bench.bare_app:app``.
"""

from flask import Flask

app = Flask(__name__)

PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Waspada</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Halo!</h1><p>Sebuah halaman kecil untuk mengukur batas server ini.</p></main></body></html>
"""


@app.get("/")
def index():
    return PAGE


@app.get("/healthz")
def healthz():
    return {"status": "ok"}

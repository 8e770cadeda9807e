"""Response headers that every page carries.

The Content-Security-Policy allows nothing from another host and no inline script.
``Referrer-Policy: same-origin`` keeps the quick exit from telling the neutral site
where the student came from, while CSRF's same-origin check over HTTPS still works.
Pages for signed-in people are not cached: a shared school computer must not show
the last student's answers through the back button.
"""

from flask import Flask, request, session

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def register(app: Flask) -> None:
    @app.after_request
    def secure_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config.get("HTTPS"):
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        # Read from the session, not current_user: looking the visitor up needs the database,
        # and a response made because the database is down must still get its headers.
        if request.endpoint != "static" and session.get("_user_id"):
            response.headers["Cache-Control"] = "no-store"
        return response

"""The one error a service raises when it refuses a change: a code saying why.

Services know nothing of HTTP or of the interface language. A route catches
``ServiceError``, rolls back, and shows the message its blueprint keeps for the code
(``"due_in_past"`` -> "The due date is in the past ..."), next to the field it concerns.
Nothing is saved when a service refuses.
"""

from __future__ import annotations

from collections.abc import Iterable


class ServiceError(ValueError):
    """A refused change: ``code`` names the reason (e.g. ``closed``, ``bad_name``); ``names`` the items at
    fault, to show the user (the names too long); ``detail`` says more, for the message or the log."""

    def __init__(self, code: str, names: Iterable[str] = (), *, detail: str = ""):
        super().__init__(code)
        self.code = code
        self.names = tuple(names)
        self.detail = detail

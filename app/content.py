"""The quiz catalogue of the running app: loaded once, immutable, shared by every request."""

from __future__ import annotations

import threading

from flask import Flask, current_app

from app.quizbank import Catalogue, load_catalogue

_EXTENSION_KEY = "waspada.catalogue"
_lock = threading.Lock()


def load_content(app: Flask) -> Catalogue:
    """Parse and validate every bank now; raises CatalogueInvalid listing every error."""
    catalogue = load_catalogue(app.config["QUIZ_FOLDER"])
    app.extensions[_EXTENSION_KEY] = catalogue
    return catalogue


def loaded_catalogue(app: Flask) -> Catalogue | None:
    """The catalogue if this app has loaded it, else None (never loads it: /readyz asks this)."""
    return app.extensions.get(_EXTENSION_KEY)


def get_catalogue() -> Catalogue:
    catalogue = current_app.extensions.get(_EXTENSION_KEY)
    if catalogue is None:
        with _lock:
            catalogue = current_app.extensions.get(_EXTENSION_KEY)
            if catalogue is None:
                catalogue = load_content(current_app._get_current_object())
    return catalogue

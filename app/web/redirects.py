"""Where a visitor may be sent after signing in or switching language: only a path of this app.

A ``next`` value comes from the URL, so an attacker can write it. Browsers (and
Werkzeug) drop tabs and newlines from a URL and read a backslash as a slash, so
"/\\t/evil.example" arrives at the browser as "//evil.example", another site. The
value is therefore refused unless it is, as written, a plain absolute path of this
site: no control characters or whitespace, no backslash, no scheme or host, no
encoded slash or backslash that a later decoding could turn into "//".
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

# Any control character (C0, DEL, C1) or whitespace anywhere in the value.
_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\s]")


def safe_next(target: str | None, fallback: str) -> str:
    """``target`` if it is a path of this site, else ``fallback``."""
    if not target or len(target) > 2000 or _UNSAFE.search(target):
        return fallback
    decoded = unquote(target)
    if _UNSAFE.search(decoded) or "\\" in decoded:
        return fallback
    if not target.startswith("/") or decoded.startswith("//") or target.startswith("//"):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target

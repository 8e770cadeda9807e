"""File responses (CSV today, XLSX later) whose name may be in any script.

A class named "Kelas 七" or in Arabic letters must still download: the header
``Content-Disposition`` carries an ASCII fallback name and the real name as
``filename*=UTF-8''...`` (RFC 6266, RFC 5987), which every current browser reads.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from flask import Response

CSV = "text/csv; charset=utf-8"
MAX_NAME = 80


def ascii_name(text: str) -> str:
    """A safe ASCII file name: accents dropped, everything else but letters, digits, - and _ as "-"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", folded).strip("-")
    return name[:MAX_NAME] or "waspada"


def unicode_name(text: str) -> str:
    """The name as written, with characters a file name cannot hold replaced by "-"."""
    name = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]+', "-", " ".join(text.split())).strip(" .-")
    return name[:MAX_NAME] or "waspada"


def download(content: bytes, stem_parts: list[str], extension: str, mimetype: str) -> Response:
    """An attachment named from ``stem_parts`` ("VIII-B", "grooming") with ``extension`` ("csv")."""
    fallback = "-".join(ascii_name(part) for part in stem_parts) + "." + extension
    real = "-".join(unicode_name(part) for part in stem_parts) + "." + extension
    disposition = f'attachment; filename="{fallback}"'
    if real != fallback:
        disposition += f"; filename*=UTF-8''{quote(real, safe='')}"
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": disposition})

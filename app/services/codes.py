"""Join codes and personal codes, from an alphabet that cannot be misread.

No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a code read aloud or typed from a card on a cheap phone
must not fail on a look-alike character. Codes are case-insensitive and forgiving
of spaces and dashes (``normalise``).
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6  # 25**6 = 244 million classes
PERSONAL_CODE_LENGTH = 6


def generate(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise(raw: str | None) -> str:
    """Upper-case and drop spaces, dashes and dots: 'ab3-k9 x' -> 'AB3K9X'."""
    return re.sub(r"[\s\-\.]", "", raw or "").upper()


def pretty(code: str) -> str:
    """Split a code in two halves for printing: 'AB3K9X' -> 'AB3-K9X'."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"

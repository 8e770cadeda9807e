"""How long the app takes to read and check its quiz banks at start-up.

Builds 50 generated banks (15 questions each, every question type, both languages,
about the size of a real module) in a temporary folder, then times load_catalogue.
Target: under 1 second. Run: .venv/bin/python bench/catalogue_bench.py [banks]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.quizbank import load_catalogue  # noqa: E402

TARGET_SECONDS = 1.0
LOREM_ID = "Rina menerima pesan dari akun yang baru dia kenal di game online, yang terus memujinya."
LOREM_EN = "Rina gets a message from an account she has only just met in an online game, full of praise."

SHARED = {
    "themes.yaml": """schema: 1
themes:
  - key: grooming
    title: {id: Grooming, en: Grooming}
    summary: {id: Mengenali bujuk rayu., en: Recognising grooming.}
    sensitive: true
""",
    "misconceptions.yaml": """schema: 1
misconceptions:
  - key: gifts-are-kindness
    label: {id: mengira hadiah selalu baik, en: believes gifts are always kind}
""",
    "helplines.yaml": """schema: 1
helplines:
  - key: sapa-129
    name: {id: SAPA 129, en: SAPA 129}
    description: {id: Layanan nasional., en: The national line.}
    scope: national
    verified: 2026-11-15
    contacts:
      - type: tel
        value: "tel:129"
""",
}


_counter = iter(range(10**9))


def _text(indent: str, name: str) -> str:
    # Every text is different (no cache helps) and explanations span lines, as in real banks.
    n = next(_counter)
    if name == "explanation":
        return (
            f"{indent}{name}:\n{indent}  id: |\n{indent}    {LOREM_ID} ({n})\n{indent}    - simpan bukti\n"
            f"{indent}  en: |\n{indent}    {LOREM_EN} ({n})\n{indent}    - keep evidence\n"
        )
    return f"{indent}{name}:\n{indent}  id: {LOREM_ID} *Apa* ({n})?\n{indent}  en: {LOREM_EN} *What* ({n})?\n"


def _choices(count: int, correct: set[int]) -> str:
    out = "    choices:\n"
    for n in range(count):
        out += f"      - id: c{n}\n" + _text("        ", "text")
        if n in correct:
            out += "        correct: true\n"
        else:
            out += _text("        ", "feedback") + "        misconception: gifts-are-kindness\n"
    return out


def _question(n: int) -> str:
    kind = ("single", "multiple", "true_false", "order", "chat", "reflection")[n % 6]
    out = f"  - id: q{n}\n    type: {kind}\n" + _text("    ", "prompt") + _text("    ", "explanation")
    if kind == "single":
        out += _choices(4, {1})
    elif kind == "multiple":
        out += _choices(5, {0, 2})
    elif kind == "true_false":
        out += "    answer: false\n"
    elif kind == "order":
        out += "    items:\n" + "".join(f"      - id: i{k}\n" + _text("        ", "text") for k in range(5))
    elif kind == "chat":
        out += "    messages:\n"
        for k in range(8):
            out += f"      - id: m{k}\n        from: {'them' if k % 2 else 'me'}\n" + _text("        ", "text")
            out += f"        red_flag: {'true' if k % 3 == 1 else 'false'}\n"
    else:
        out += "    scale: agree4\n"
    return out


def bank_text(bank_id: str, questions: int = 15) -> str:
    head = f"schema: 1\nid: {bank_id}\nversion: 1\ntheme: grooming\naudience: [smp, sma]\nminutes: 15\n"
    head += _text("", "title") + _text("", "summary")
    return head + "questions:\n" + "".join(_question(n) for n in range(questions))


def main(count: int = 50) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, text in SHARED.items():
            (folder / name).write_text(text, encoding="utf-8")
        size = 0
        for n in range(count):
            text = bank_text(f"bank-{n:03d}")
            size += len(text.encode())
            (folder / f"bank-{n:03d}.yaml").write_text(text, encoding="utf-8")
        started = time.perf_counter()
        catalogue = load_catalogue(folder)
        elapsed = time.perf_counter() - started
    verdict = "OK" if elapsed < TARGET_SECONDS else "TOO SLOW"
    print(
        f"{len(catalogue.banks)} banks, {size / 1024:.0f} KiB of YAML: loaded and checked in "
        f"{elapsed:.3f} s ({verdict}, target < {TARGET_SECONDS:.0f} s)"
    )
    return elapsed


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)

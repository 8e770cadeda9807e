# ruff: noqa: E501 - one sentence per line, so a translator sees each one whole
"""The few words an exported module carries besides the bank's own texts, in Indonesian and English.

An export is written in one language (`--lang`, `?lang=`), and so is everything around
the questions: the label of a chat bubble without a name, the two choices of a true/false
question in Aiken, the headings of the opening and closing descriptions, and the notes
that say which questions a format could not hold and why. They follow the app's own
words (the student pages say "Aku", "Benar", "Layanan bantuan"). This package knows no
Flask, so its words live here, like the author's messages in `quizbank.messages`.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "me": {"en": "Me", "id": "Aku"},
    "someone": {"en": "Someone", "id": "Seseorang"},
    "true": {"en": "True", "id": "Benar"},
    "false": {"en": "False", "id": "Salah"},
    "before_you_start": {"en": "Before you start", "id": "Sebelum kamu mulai"},
    "help_lines": {"en": "Help lines", "id": "Layanan bantuan"},
    "to_read_more": {"en": "To read more", "id": "Bacaan lebih lanjut"},
    "made_by": {
        "en": "Waspada module '{bank}', version {version}, in English ({count} question(s)).",
        "id": "Modul Waspada '{bank}', versi {version}, dalam Bahasa Indonesia ({count} pertanyaan).",
    },
    "left_out": {
        "en": "Left out: question {position} '{question}' ({type}): {reason}",
        "id": "Tidak disertakan: pertanyaan {position} '{question}' ({type}): {reason}",
    },
}

# Why a question is not in an export: one sentence per reason code.
REASONS: dict[str, dict[str, str]] = {
    "reflection": {
        "en": "a reflection has no right answer; Waspada shows its answers only as class totals",
        "id": "refleksi tidak punya jawaban benar; Waspada hanya menampilkan jawabannya sebagai jumlah per kelas",
    },
    "order_not_in_format": {
        "en": "this format has no ordering question; export Moodle XML to keep it",
        "id": "format ini tidak punya soal mengurutkan; ekspor Moodle XML agar soal ini ikut",
    },
    "aiken_one_answer": {
        "en": "Aiken holds only questions with exactly one right answer; export Moodle XML or GIFT to keep it",
        "id": "Aiken hanya memuat soal dengan tepat satu jawaban benar; ekspor Moodle XML atau GIFT agar soal ini ikut",
    },
}

# Lines of `flask quiz export`.
CLI_WORDS: dict[str, dict[str, str]] = {
    "written": {
        "en": "Wrote {count} question(s) of '{bank}' to {path}.",
        "id": "{count} pertanyaan dari '{bank}' ditulis ke {path}.",
    },
    "cannot_write": {
        "en": "Cannot write {path} ({detail}); choose another place with --output.",
        "id": "Tidak bisa menulis {path} ({detail}); pilih tempat lain dengan --output.",
    },
    "unknown_bank": {
        "en": "There is no bank '{bank}' in {folder}; 'flask quiz list' shows the banks.",
        "id": "Tidak ada bank soal '{bank}' di {folder}; 'flask quiz list' menampilkan daftar bank soal.",
    },
}


def _pick(table: dict[str, str], lang: str) -> str:
    return table.get(lang) or table["id"]


def word(code: str, lang: str, **params) -> str:
    return _pick(WORDS[code], lang).format(**params)


def reason(code: str, lang: str) -> str:
    return _pick(REASONS[code], lang)


def cli_word(code: str, lang: str, **params) -> str:
    return _pick(CLI_WORDS[code], lang).format(**params)

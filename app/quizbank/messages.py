# ruff: noqa: E501 - one message per line, so translators see each sentence whole
"""The sentences an author reads when a quiz file has a mistake, in Indonesian and English.

Authors are teachers and counsellors, not programmers: every message says what is wrong
in plain words and what to do about it, and speaks Indonesian to Indonesian authors
("kamu", as the content guide asks). Each code has both languages; a test checks it.
A problem may carry `where`, the chain of things it sits in (question 'pay-or-not',
choice 'b'); it is written in front of the message in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

LANGS = ("id", "en")

# code -> {lang: str.format template}. Parameters come from Problem.params.
MESSAGES: dict[str, dict[str, str]] = {
    # --- reading the file -------------------------------------------------------------
    "file_too_large": {
        "en": "the file is {size_kib} KiB, over the limit of {limit_kib} KiB; split it into smaller banks",
        "id": "berkas ini {size_kib} KiB, melebihi batas {limit_kib} KiB; pecah menjadi beberapa bank soal yang lebih kecil",
    },
    "not_utf8": {
        "en": "the file is not UTF-8 text (bad byte 0x{byte}); save it again as UTF-8 in your editor",
        "id": "berkas ini bukan teks UTF-8 (byte 0x{byte} tidak valid); simpan ulang sebagai UTF-8 di editor kamu",
    },
    "unreadable_file": {
        "en": "the file cannot be read ({detail})",
        "id": "berkas ini tidak bisa dibaca ({detail})",
    },
    "path_missing": {
        "en": "there is no file or folder here; check the path",
        "id": "tidak ada berkas atau folder di sini; periksa lagi alamatnya",
    },
    "not_a_bank_file": {
        "en": "only .yaml files can be checked; rename the file to end in .yaml",
        "id": "hanya berkas .yaml yang bisa diperiksa; ganti nama berkas agar berakhiran .yaml",
    },
    "yml_extension": {
        "en": "the file ends in .yml and would be ignored; rename it to end in .yaml",
        "id": "berkas ini berakhiran .yml sehingga akan diabaikan; ganti namanya agar berakhiran .yaml",
    },
    "shared_file_missing": {
        "en": "the shared file {name} is missing from this folder; every quiz folder needs it",
        "id": "berkas bersama {name} tidak ada di folder ini; setiap folder kuis membutuhkannya",
    },
    "too_many_problems": {
        "en": "more than {limit} problems in this file; fix these first and check again",
        "id": "ada lebih dari {limit} masalah di berkas ini; perbaiki yang ini dulu lalu periksa lagi",
    },
    # --- plain YAML only ----------------------------------------------------------------
    "tab_character": {
        "en": "a tab character; YAML needs spaces, so replace the tab with spaces",
        "id": "ada karakter tab; YAML memakai spasi, jadi ganti tab dengan spasi",
    },
    "yaml_syntax": {
        "en": "the YAML cannot be read here ({detail}); check the indentation, colons and quotes",
        "id": "YAML tidak bisa dibaca di sini ({detail}); periksa indentasi, titik dua, dan tanda kutip",
    },
    "too_deep": {
        "en": "the content is nested more than {limit} levels deep; a quiz bank never needs that many",
        "id": "isinya bersarang lebih dari {limit} tingkat; bank soal tidak pernah butuh sedalam itu",
    },
    "empty_file": {
        "en": "the file is empty; write the bank's fields, starting with 'schema: 1'",
        "id": "berkas ini kosong; tulis isi bank soal, dimulai dengan 'schema: 1'",
    },
    "multiple_documents": {
        "en": "a second YAML document starts here ('---'); one file holds one bank, so remove it",
        "id": "dokumen YAML kedua dimulai di sini ('---'); satu berkas hanya untuk satu bank soal, jadi hapus bagian ini",
    },
    "directive_not_allowed": {
        "en": "YAML directives (lines starting with %) are not allowed; remove the line",
        "id": "direktif YAML (baris yang diawali %) tidak boleh dipakai; hapus baris itu",
    },
    "tag_not_allowed": {
        "en": "the tag '{tag}' is not allowed; write the value plainly, without '!'",
        "id": "tag '{tag}' tidak boleh dipakai; tulis nilainya biasa saja, tanpa '!'",
    },
    "anchor_not_allowed": {
        "en": "the anchor '&{anchor}' is not allowed; write the content out in full",
        "id": "anchor '&{anchor}' tidak boleh dipakai; tulis isinya secara lengkap",
    },
    "alias_not_allowed": {
        "en": "the alias '*{alias}' is not allowed; write the content out in full",
        "id": "alias '*{alias}' tidak boleh dipakai; tulis isinya secara lengkap",
    },
    "duplicate_key": {
        "en": "the field '{key}' appears twice (first on line {first_line}); keep only one",
        "id": "kolom '{key}' muncul dua kali (pertama di baris {first_line}); sisakan satu saja",
    },
    "complex_key": {
        "en": "a field name must be a plain word, not a list or mapping",
        "id": "nama kolom harus berupa kata biasa, bukan daftar atau pemetaan",
    },
    # --- shapes and values ---------------------------------------------------------------
    "expected_mapping": {
        "en": "'{field}' must be a set of fields ('name: value' lines), not {found}",
        "id": "'{field}' harus berisi kumpulan kolom (baris 'nama: nilai'), bukan {found}",
    },
    "expected_local_text": {
        "en": "'{field}' needs one text per language, written as 'id: ...' and 'en: ...' on lines of their own",
        "id": "'{field}' harus berisi teks untuk setiap bahasa, ditulis sebagai 'id: ...' dan 'en: ...' di baris masing-masing",
    },
    "expected_list": {
        "en": "'{field}' must be a list (lines starting with '- '), not {found}",
        "id": "'{field}' harus berupa daftar (baris yang diawali '- '), bukan {found}",
    },
    "expected_text": {
        "en": "'{field}' must be a piece of text, not {found}",
        "id": "'{field}' harus berupa teks, bukan {found}",
    },
    "expected_bool": {
        "en": "'{field}' must be true or false (lowercase, no quotes), not '{value}'",
        "id": "'{field}' harus true atau false (huruf kecil, tanpa tanda kutip), bukan '{value}'",
    },
    "expected_int": {
        "en": "'{field}' must be a whole number without quotes, such as 3, not '{value}'",
        "id": "'{field}' harus bilangan bulat tanpa tanda kutip, misalnya 3, bukan '{value}'",
    },
    "int_range": {
        "en": "'{field}' must be between {min} and {max}, not {value}",
        "id": "'{field}' harus antara {min} dan {max}, bukan {value}",
    },
    "missing_key": {
        "en": "the field '{key}' is missing; add it",
        "id": "kolom '{key}' belum ada; tambahkan",
    },
    "empty_value": {
        "en": "'{key}' is empty; give it a value",
        "id": "'{key}' masih kosong; isi nilainya",
    },
    "unknown_key": {
        "en": "'{key}' is not a known field here; remove it or check the spelling",
        "id": "'{key}' bukan kolom yang dikenal di sini; hapus atau periksa ejaannya",
    },
    "unknown_key_hint": {
        "en": "'{key}' is not a known field here; did you mean '{hint}'?",
        "id": "'{key}' bukan kolom yang dikenal di sini; maksud kamu '{hint}'?",
    },
    "field_not_for_type": {
        "en": "'{key}' does not belong in a '{type}' question; remove it",
        "id": "'{key}' tidak dipakai di pertanyaan '{type}'; hapus kolom ini",
    },
    "not_one_of": {
        "en": "'{field}' cannot be '{value}'; use one of: {allowed}",
        "id": "'{field}' tidak boleh '{value}'; pakai salah satu dari: {allowed}",
    },
    "schema_version": {
        "en": "'schema' must be 1, the only format version this app reads, not {value}",
        "id": "'schema' harus 1, satu-satunya versi format yang dibaca aplikasi ini, bukan {value}",
    },
    "bad_id": {
        "en": "'{value}' cannot be used as {field}: use only lowercase letters a-z, digits and '-', at most {max} characters",
        "id": "'{value}' tidak bisa dipakai sebagai {field}: pakai hanya huruf kecil a-z, angka, dan '-', paling banyak {max} karakter",
    },
    "duplicate_id": {
        "en": "the id '{value}' is already used on line {first_line}; give each one its own id",
        "id": "id '{value}' sudah dipakai di baris {first_line}; beri masing-masing id sendiri",
    },
    "count_range": {
        "en": "'{field}' needs {min} to {max} entries, found {found}",
        "id": "'{field}' harus berisi {min} sampai {max} butir, ditemukan {found}",
    },
    "too_few": {
        "en": "'{field}' needs at least {min} entries, found {found}",
        "id": "'{field}' harus berisi paling sedikit {min} butir, ditemukan {found}",
    },
    "duplicate_value": {
        "en": "'{value}' is listed twice in '{field}'; keep it once",
        "id": "'{value}' tertulis dua kali di '{field}'; cukup tulis sekali",
    },
    # --- localised text and Markdown -----------------------------------------------------
    "missing_locale": {
        "en": "'{field}' has no '{locale}' text; every text needs both id and en",
        "id": "'{field}' belum punya teks '{locale}'; setiap teks harus ada versi id dan en",
    },
    "empty_locale": {
        "en": "the '{locale}' text of '{field}' is empty; write it",
        "id": "teks '{locale}' untuk '{field}' masih kosong; tulis isinya",
    },
    "unknown_locale": {
        "en": "'{locale}' in '{field}' is not a language of this app; use only: {allowed}",
        "id": "'{locale}' di '{field}' bukan bahasa aplikasi ini; pakai hanya: {allowed}",
    },
    "md_html": {
        "en": "the '{locale}' text of '{field}' contains HTML ({snippet}); use plain text and *emphasis* instead",
        "id": "teks '{locale}' untuk '{field}' berisi HTML ({snippet}); pakai teks biasa dan *penekanan* saja",
    },
    "md_image": {
        "en": "the '{locale}' text of '{field}' contains an image; images are not allowed in quiz text",
        "id": "teks '{locale}' untuk '{field}' berisi gambar; gambar tidak boleh ada di teks kuis",
    },
    "md_link_scheme": {
        "en": "the '{locale}' text of '{field}' links to '{url}'; links must start with https:, tel: or mailto:",
        "id": "teks '{locale}' untuk '{field}' berisi tautan ke '{url}'; tautan harus diawali https:, tel:, atau mailto:",
    },
    "md_not_allowed": {
        "en": "the '{locale}' text of '{field}' uses Markdown {what} ('{snippet}'); only *emphasis*, **strong**, lists, line breaks and links are allowed",
        "id": "teks '{locale}' untuk '{field}' memakai Markdown {what} ('{snippet}'); yang boleh hanya *miring*, **tebal**, daftar, baris baru, dan tautan",
    },
    # --- the bank -------------------------------------------------------------------------
    "bank_id_mismatch": {
        "en": "the bank id '{value}' must equal the file name '{stem}'; rename the file or change the id",
        "id": "id bank '{value}' harus sama dengan nama berkas '{stem}'; ganti nama berkas atau ubah id-nya",
    },
    "duplicate_bank": {
        "en": "the bank id '{value}' is also used by {other}; each bank needs its own id",
        "id": "id bank '{value}' juga dipakai oleh {other}; setiap bank soal harus punya id sendiri",
    },
    "unknown_theme": {
        "en": "the theme '{value}' is not in themes.yaml; use one of: {allowed}",
        "id": "tema '{value}' tidak ada di themes.yaml; pakai salah satu dari: {allowed}",
    },
    "unknown_misconception": {
        "en": "the misconception '{value}' is not in misconceptions.yaml; add it there or fix the key",
        "id": "miskonsepsi '{value}' tidak ada di misconceptions.yaml; tambahkan di sana atau perbaiki key-nya",
    },
    "bad_url": {
        "en": "'{value}' is not a valid address for '{field}'; write a full link starting with https://",
        "id": "'{value}' bukan alamat yang valid untuk '{field}'; tulis tautan lengkap yang diawali https://",
    },
    # --- questions -------------------------------------------------------------------------
    "type_count_range": {
        "en": "a '{type}' question needs {min} to {max} entries in '{field}', found {found}",
        "id": "pertanyaan '{type}' harus punya {min} sampai {max} butir di '{field}', ditemukan {found}",
    },
    "single_correct_count": {
        "en": "a 'single' question needs exactly one correct choice, found {found}",
        "id": "pertanyaan 'single' harus punya tepat satu pilihan benar, ditemukan {found}",
    },
    "multiple_no_correct": {
        "en": "a 'multiple' question needs at least one correct choice; mark one with 'correct: true'",
        "id": "pertanyaan 'multiple' harus punya paling sedikit satu pilihan benar; tandai dengan 'correct: true'",
    },
    "chat_no_red_flag": {
        "en": "a 'chat' question needs at least one message with 'red_flag: true'",
        "id": "pertanyaan 'chat' harus punya paling sedikit satu pesan dengan 'red_flag: true'",
    },
    "misconception_on_correct": {
        "en": "a correct choice cannot reveal a misconception; move 'misconception' to a wrong choice",
        "id": "pilihan yang benar tidak bisa menunjukkan miskonsepsi; pindahkan 'misconception' ke pilihan yang salah",
    },
    "misconception_not_red_flag": {
        "en": "'misconception' belongs only on a message with 'red_flag: true' (it is what missing that flag reveals)",
        "id": "'misconception' hanya untuk pesan dengan 'red_flag: true' (yaitu yang terlihat kalau tanda bahaya itu terlewat)",
    },
    "key_on_reflection": {
        "en": "a 'reflection' question is not scored, so it cannot be a key safety item; remove 'key: true'",
        "id": "pertanyaan 'reflection' tidak dinilai, jadi tidak bisa menjadi butir keselamatan utama; hapus 'key: true'",
    },
    "key_on_order": {
        "en": "an 'order' question cannot be a key safety item (it is scored in part, so there is no clear miss to follow up); remove 'key: true'",
        "id": "pertanyaan 'order' tidak bisa menjadi butir keselamatan utama (nilainya sebagian-sebagian, jadi tidak ada jawaban salah yang jelas untuk ditindaklanjuti); hapus 'key: true'",
    },
    "concern_on_correct": {
        "en": "a correct choice cannot be a concern ('concern: true' marks an unsafe answer); remove it or move it to a wrong choice",
        "id": "pilihan yang benar tidak bisa menjadi jawaban yang mengkhawatirkan ('concern: true' menandai jawaban yang tidak aman); hapus atau pindahkan ke pilihan yang salah",
    },
    "concern_if_is_answer": {
        "en": "'concern_if' names the unsafe answer, so it cannot be the right answer ({value}); write the other value or remove it",
        "id": "'concern_if' menandai jawaban yang tidak aman, jadi tidak boleh sama dengan jawaban yang benar ({value}); tulis nilai yang satunya atau hapus",
    },
    "concern_not_key": {
        "en": "'{field}' is only for a key safety item (counsellors follow those up); add 'key: true' to the question or remove '{field}'",
        "id": "'{field}' hanya untuk butir keselamatan utama (yang ditindaklanjuti guru BK); tambahkan 'key: true' pada pertanyaan atau hapus '{field}'",
    },
    # --- quality checks: warnings, the bank is still served --------------------------------
    "correct_often_longest": {
        "en": "the correct choice is the longest in {found} of the {total} 'single' questions ({ids}); at most a third may be, or students learn to pick the longest answer: write the wrong choices as fully and carefully as the right one",
        "id": "pilihan yang benar adalah yang terpanjang di {found} dari {total} pertanyaan 'single' ({ids}); paling banyak sepertiganya boleh begitu, supaya siswa tidak belajar memilih jawaban terpanjang: tulis pilihan yang salah selengkap dan secermat pilihan yang benar",
    },
    "chat_no_harmless_message": {
        "en": "every message from the other person is a red flag; add at least one harmless message 'from: them' with 'red_flag: false', so that students learn to tell the difference, not to mark everything",
        "id": "semua pesan dari orang lain adalah tanda bahaya; tambahkan paling sedikit satu pesan biasa 'from: them' dengan 'red_flag: false', supaya siswa belajar membedakan, bukan menandai semuanya",
    },
    "sd_long_sentence": {
        "en": "the '{locale}' text of '{field}' has a sentence of {words} words ('{start}'); for sd students keep sentences to {limit} words or fewer",
        "id": "teks '{locale}' untuk '{field}' punya kalimat {words} kata ('{start}'); untuk siswa SD, buat kalimat paling banyak {limit} kata",
    },
    "sd_word": {
        "en": "the '{locale}' text of '{field}' uses '{word}', a word sd banks avoid; say it in words a 10-year-old knows",
        "id": "teks '{locale}' untuk '{field}' memakai '{word}', kata yang tidak dipakai di bank soal SD; pakai kata-kata yang dipahami anak 10 tahun",
    },
    "sd_chat_too_long": {
        "en": "a chat for sd students has {found} messages; keep it to at most {max}",
        "id": "chat untuk siswa SD berisi {found} pesan; buat paling banyak {max} pesan",
    },
    "sensitive_without_alternative": {
        "en": "the theme '{theme}' is sensitive, so a student may choose “Not now”, and this bank has no alternative activity for them; add 'alternative:' with a 'title', a 'reading' (a few short paragraphs) and 'questions': 1 to 3 reflection questions, each with an 'id' and a 'prompt', on the theme in general (such as online safety), never on its hard part",
        "id": "tema '{theme}' sensitif, jadi siswa boleh memilih “Lewati dulu”, tetapi bank soal ini belum punya kegiatan pengganti untuk mereka; tambahkan 'alternative:' berisi 'title', 'reading' (beberapa paragraf pendek), dan 'questions': 1 sampai 3 pertanyaan refleksi, masing-masing dengan 'id' dan 'prompt', tentang tema ini secara umum (misalnya keamanan online), bukan bagian yang berat",
    },
    # --- shared files ------------------------------------------------------------------------
    "bad_contact": {
        "en": "a '{kind}' contact must look like {example}, not '{value}'",
        "id": "kontak '{kind}' harus seperti {example}, bukan '{value}'",
    },
    "bad_date": {
        "en": "'{field}' must be a real date written YYYY-MM-DD, such as 2026-11-20, not '{value}'",
        "id": "'{field}' harus tanggal yang benar dengan format YYYY-MM-DD, misalnya 2026-11-20, bukan '{value}'",
    },
}

# How a problem's `where` chain names the things it sits in.
PLACES: dict[str, dict[str, str]] = {
    "question": {"en": "question", "id": "pertanyaan"},
    "choice": {"en": "choice", "id": "pilihan"},
    "item": {"en": "item", "id": "langkah"},
    "message": {"en": "message", "id": "pesan"},
    "resource": {"en": "resource", "id": "tautan"},
    "alternative": {"en": "alternative activity", "id": "kegiatan pengganti"},
    "theme": {"en": "theme", "id": "tema"},
    "misconception": {"en": "misconception", "id": "miskonsepsi"},
    "helpline": {"en": "help line", "id": "layanan bantuan"},
    "contact": {"en": "contact", "id": "kontak"},
}

# The word in front of a warning: `quizzes/a.yaml:3:5: warning: ...`.
SEVERITY_WORDS: dict[str, dict[str, str]] = {
    "error": {"en": "error", "id": "kesalahan"},
    "warning": {"en": "warning", "id": "peringatan"},
}

# Words used inside messages: what was found where something else belongs.
KINDS: dict[str, dict[str, str]] = {
    "mapping": {"en": "a set of fields", "id": "kumpulan kolom"},
    "list": {"en": "a list", "id": "daftar"},
    "text": {"en": "a piece of text", "id": "teks"},
    "nothing": {"en": "nothing", "id": "kosong"},
    "heading": {"en": "a heading", "id": "judul"},
    "code": {"en": "code", "id": "kode"},
    "quote": {"en": "a block quote", "id": "kutipan"},
    "rule": {"en": "a horizontal line", "id": "garis horizontal"},
    "table": {"en": "a table", "id": "tabel"},
    "strikethrough": {"en": "strikethrough", "id": "coretan"},
}

# Lines of the `flask quiz` commands.
CLI_TEXT: dict[str, dict[str, str]] = {
    "ok": {
        "en": "All good: {files} file(s) checked, no problems.",
        "id": "Semua beres: {files} berkas diperiksa, tidak ada masalah.",
    },
    "summary": {
        "en": "{count} problem(s) found in {files} file(s).",
        "id": "Ditemukan {count} masalah di {files} berkas.",
    },
    "summary_warnings": {
        "en": "{count} problem(s) and {warnings} warning(s) found in {files} file(s).",
        "id": "Ditemukan {count} masalah dan {warnings} peringatan di {files} berkas.",
    },
    "ok_warnings": {
        "en": "No errors: {files} file(s) checked; {warnings} warning(s) to look at (the banks can be served).",
        "id": "Tidak ada kesalahan: {files} berkas diperiksa; {warnings} peringatan perlu dilihat (bank soal tetap bisa dipakai).",
    },
    "list_header": {
        "en": "id\ttheme\tbands\tquestions\tversion\thash",
        "id": "id\ttema\tjenjang\tpertanyaan\tversi\thash",
    },
    "schema_written": {
        "en": "Wrote the bank schema to {path}.",
        "id": "Skema bank soal ditulis ke {path}.",
    },
    "schema_current": {
        "en": "{path} is up to date.",
        "id": "{path} sudah sesuai.",
    },
    "schema_stale": {
        "en": "{path} differs from the engine's schema; run 'flask quiz schema' to write it again.",
        "id": "{path} berbeda dari skema mesin kuis; jalankan 'flask quiz schema' untuk menulisnya ulang.",
    },
    "list_empty": {
        "en": "No banks in {folder}.",
        "id": "Tidak ada bank soal di {folder}.",
    },
}

# The YAML parser's own words (libyaml's, in English) for the most common slips.
PARSER_PROBLEMS: dict[str, str] = {
    "mapping values are not allowed in this context": "ada titik dua ':' yang tidak pada tempatnya",
    "did not find expected key": "nama kolom yang diharapkan tidak ditemukan; mungkin indentasinya bergeser",
    "did not find expected '-' indicator": "tanda '-' untuk butir daftar tidak ditemukan; periksa indentasinya",
    "did not find expected node content": "isi yang diharapkan tidak ditemukan",
    "found character that cannot start any token": "ada karakter yang tidak boleh mengawali nilai (misalnya @ atau `); beri tanda kutip",
    "found unexpected end of stream": "berkas berakhir sebelum waktunya; mungkin ada tanda kutip atau kurung yang belum ditutup",
    "could not find expected ':'": "titik dua ':' yang diharapkan tidak ditemukan",
    "did not find expected ',' or ']'": "tanda ',' atau ']' yang diharapkan tidak ditemukan",
    "did not find expected ',' or '}'": "tanda ',' atau '}' yang diharapkan tidak ditemukan",
    "block sequence entries are not allowed in this context": "butir daftar '- ' tidak boleh ada di sini",
    "found unknown escape character": "ada karakter escape '\\' yang tidak dikenal di dalam tanda kutip ganda",
    "control characters are not allowed": "ada karakter kontrol yang tidak boleh dipakai",
    "found unexpected ':'": "ada titik dua ':' yang tidak terduga",
}

# The same slips in the words of ruamel.yaml's pure-Python parser (used when libyaml is
# missing), which name the character found: matched from the start of the text.
PARSER_PROBLEM_PATTERNS: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern), text)
    for pattern, text in (
        (r"mapping values are not allowed here$", PARSER_PROBLEMS["mapping values are not allowed in this context"]),
        (r"sequence entries are not allowed here$", PARSER_PROBLEMS["block sequence entries are not allowed in this context"]),
        (r"found character .* that cannot start any token$", PARSER_PROBLEMS["found character that cannot start any token"]),
        (r"found unknown escape character", PARSER_PROBLEMS["found unknown escape character"]),
        (r"expected <block end>, but found", "bagian ini tidak sejajar dengan yang di atasnya; periksa indentasinya"),
        (r"expected the node content, but found", PARSER_PROBLEMS["did not find expected node content"]),
        (r"expected ',' or '\]', but got", PARSER_PROBLEMS["did not find expected ',' or ']'"]),
        (r"expected ',' or '\}', but got", PARSER_PROBLEMS["did not find expected ',' or '}'"]),
        (r"special characters are not allowed$", PARSER_PROBLEMS["control characters are not allowed"]),
    )
)

# Parameters whose values are KINDS words and are translated too.
_TRANSLATED_PARAMS = ("found", "what")


def _pick(table: Mapping[str, str], lang: str) -> str:
    return table.get(lang) or table["id"]


def describe_place(where, lang: str) -> str:
    """ "question 'pay-or-not', choice 'b'" / "pertanyaan 'pay-or-not', pilihan 'b'"."""
    parts = []
    for kind, ident in where:
        noun = _pick(PLACES[kind], lang)
        if ident is None:  # a part a bank has at most once (its alternative activity)
            parts.append(noun)
        elif isinstance(ident, int):
            parts.append(f"{noun} no. {ident}" if lang == "en" else f"{noun} ke-{ident}")
        else:
            parts.append(f"{noun} '{ident}'")
    return ", ".join(parts)


def parser_problem_in_indonesian(detail: str) -> str:
    """The YAML parser's description of a slip, in Indonesian when we know it (else as it is)."""
    if detail in PARSER_PROBLEMS:
        return PARSER_PROBLEMS[detail]
    for pattern, text in PARSER_PROBLEM_PATTERNS:
        if pattern.match(detail):
            return text
    return detail


def format_message(code: str, params: Mapping, lang: str = "id") -> str:
    """The sentence for one problem code, with its place in front when it has one."""
    values = dict(params)
    where = values.pop("where", ())
    for name in _TRANSLATED_PARAMS:
        if values.get(name) in KINDS:
            values[name] = _pick(KINDS[values[name]], lang)
    if lang == "id" and "detail" in values:
        values["detail"] = parser_problem_in_indonesian(str(values["detail"]))
    text = _pick(MESSAGES[code], lang).format(**values)
    return f"{describe_place(where, lang)}: {text}" if where else text


def severity_word(severity: str, lang: str = "id") -> str:
    return _pick(SEVERITY_WORDS[severity], lang)


def cli_text(code: str, lang: str = "id", **params) -> str:
    return _pick(CLI_TEXT[code], lang).format(**params)

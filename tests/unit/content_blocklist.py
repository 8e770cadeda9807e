"""Words that must never appear in what a student reads.

The quiz banks are read by children, some of whom may have lived what they describe.
The curriculum's rules for every word (docs/authoring.md, section 6) ask for two things
that a test can check mechanically, in every bank, the `sd` banks included:

* never blame the victim: not "you should not have sent it", but "the person who
  threatens you is the one committing a crime";
* never graphic: offenders' requests are named in plain words ("foto tanpa busana",
  "a photo without clothes").

Each entry is matched case-insensitively at the start of a word, so "porn" also catches
"porno" and "pornografi". Legitimate, kind phrasing must stay allowed: "bukan salahmu",
"kamu tidak salah", "not your fault", "foto tanpa busana", "a photo without clothes".
"""

#: Phrases that put the blame on the person harmed (Indonesian and English).
VICTIM_BLAMING = (
    "salahmu sendiri",
    "salah kamu sendiri",
    "kamu yang salah",
    "seharusnya kamu tidak",
    "harusnya kamu tidak",
    "seharusnya kamu nggak",
    "harusnya kamu nggak",
    "kamu sendiri yang cari",
    "your own fault",
    "you should not have",
    "you shouldn't have",
    "you should never have",
    "you asked for it",
    "you brought it on",
)

#: Graphic or sexualised words; the guide's plain wording is used instead.
GRAPHIC = (
    "telanjang bulat",
    "bugil",
    "bokep",
    "mesum",
    "porn",
    "nudes",
    "onani",
    "masturb",
    "hubungan badan",
    "sexual act",
    "explicit",
)

BLOCKLIST = VICTIM_BLAMING + GRAPHIC

"""Quiz content: the YAML banks, checked strictly and held in an immutable catalogue.

Pure Python, no Flask and no database, so content tools, the CLI and tests use it
directly. The format, and the rules every bank must follow, are described in
docs/authoring.md. The pieces, by idea:

  yamlsafe      bytes -> a node tree with lines and columns, refusing unsafe YAML
  fields        reading typed fields from that tree, reporting every mistake
  bank, shared  the rules of a bank file and of the shared files
  quality       warnings on a valid bank (the right answer too often the longest, ...)
  schema        the bank format as a JSON Schema for editors (quizzes/schema.json)
  loader        a folder -> Catalogue, or CatalogueInvalid with every Problem
  catalogue     the immutable, indexed catalogue
  scoring       a response -> a score in [0, 1] (or InvalidResponse)
  verdicts      a score -> right / partly right / wrong; counsellor follow-up and concerns
  presentation  the shuffled order a student sees
  rendering     the Markdown subset -> safe HTML
  messages      every problem told in Indonesian and English
"""

from app.quizbank.catalogue import Catalogue
from app.quizbank.errors import CatalogueInvalid, InvalidResponse, Problem
from app.quizbank.loader import check_paths, load_catalogue, parse_bank, validate_paths
from app.quizbank.model import (
    BANDS,
    LOCALES,
    QUESTION_TYPES,
    Alternative,
    AlternativeQuestion,
    Bank,
    Choice,
    Helpline,
    HelplineContact,
    Item,
    LocalText,
    Message,
    Misconception,
    Question,
    Resource,
    Theme,
)
from app.quizbank.presentation import presentation_order
from app.quizbank.rendering import render_inline, render_markdown
from app.quizbank.scoring import misconceptions_shown, score_response
from app.quizbank.verdicts import (
    FOLLOW_UP_BELOW,
    RIGHT_FROM,
    Verdict,
    concern_shown,
    missed_red_flags,
    needs_follow_up,
    verdict,
)

__all__ = [
    "BANDS",
    "FOLLOW_UP_BELOW",
    "LOCALES",
    "QUESTION_TYPES",
    "RIGHT_FROM",
    "Alternative",
    "AlternativeQuestion",
    "Bank",
    "Catalogue",
    "CatalogueInvalid",
    "Choice",
    "Helpline",
    "HelplineContact",
    "InvalidResponse",
    "Item",
    "LocalText",
    "Message",
    "Misconception",
    "Problem",
    "Question",
    "Resource",
    "Theme",
    "Verdict",
    "check_paths",
    "concern_shown",
    "load_catalogue",
    "misconceptions_shown",
    "missed_red_flags",
    "needs_follow_up",
    "parse_bank",
    "presentation_order",
    "render_inline",
    "render_markdown",
    "score_response",
    "validate_paths",
    "verdict",
]

"""What "the project stands alone" means for one of its texts (a quiz bank, a guide).

Nothing in it may lead outside the project: no folder of one machine, no link to a parent
folder, and no Markdown file that the project does not have.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MACHINE_PATH = re.compile(r"(?<![\w.])/(?:home|root|tmp|work|srv|opt)/")  # a folder of one machine
MARKDOWN_FILE = re.compile(r"[\w./-]*\b[\w-]+\.md\b")


def leads_outside(text: str) -> list[str]:
    """What in ``text`` points outside the project (empty when it stands alone)."""
    found = [match.group() for match in MACHINE_PATH.finditer(text)]
    found += ["../" for _ in re.finditer(r"\.\./", text)]
    project_files = {path.name for path in ROOT.rglob("*.md") if ".venv" not in path.parts}
    found += [name for name in MARKDOWN_FILE.findall(text) if Path(name).name not in project_files]
    return found

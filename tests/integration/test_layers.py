"""The layers of app/, read from the import statements of its source (ast), so that they stay apart:

- app/quizbank is the quiz format alone: no Flask, no SQLAlchemy, nothing of the rest of the app
  (it runs in the CLI, in the validator and in the tests without an app);
- app/reports reads, it never calls the operations of app/services;
- app/services are operations, not HTTP: they never touch flask's request, session or render_template;
- a blueprint (admin, auth, counsellor, main, modules, student, teacher) never imports another blueprint:
  what two of them share lives in app/web, app/reports or app/services.

Every import counts, at the top of a module or inside a function, absolute or relative.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"
BLUEPRINTS = ("admin", "auth", "counsellor", "main", "modules", "student", "teacher")
HTTP_ONLY = {"request", "session", "render_template"}


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    module: str  # the module imported from, absolute ("app.services.progress", "flask")
    name: str | None  # the name taken from it (``from module import name``), None for ``import module``

    def __str__(self) -> str:
        where = f"{self.path.relative_to(APP.parent)}:{self.line}"
        return f"{where}: from {self.module} import {self.name}" if self.name else f"{where}: import {self.module}"


def module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> list[Import]:
    """Every import statement of a module, relative ones made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(path, node.lineno, alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, module] if module else base)
            found += [Import(path, node.lineno, module, alias.name) for alias in node.names]
    return found


def attribute_uses(path: Path, module: str, names: set[str]) -> list[str]:
    """``flask.request`` and the like, in a module that did ``import flask``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path.relative_to(APP.parent)}:{node.lineno}: {module}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in names and isinstance(node.value, ast.Name) and node.value.id == module
    ]


def sources(package: str) -> list[Path]:
    files = sorted((APP / package).rglob("*.py"))
    assert files, f"app/{package} holds no Python file"
    return files


def targets(item: Import) -> set[str]:
    """The modules an import may reach: ``from app import services`` reaches app.services."""
    reached = {item.module}
    if item.name and item.name != "*":
        reached.add(f"{item.module}.{item.name}")
    return reached


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_import_reader_sees_relative_and_nested_imports(tmp_path, monkeypatch):
    folder = tmp_path / "app" / "reports"
    folder.mkdir(parents=True)
    source = folder / "sample.py"
    source.write_text("from . import figures\nfrom ..services import progress\n\ndef later():\n    import flask\n")
    monkeypatch.setattr(f"{__name__}.APP", tmp_path / "app")
    assert [(i.module, i.name) for i in imports_of(source)] == [
        ("app.reports", "figures"),
        ("app.services", "progress"),
        ("flask", None),
    ]


def test_reports_never_call_the_services():
    wrong = [
        str(item)
        for path in sources("reports")
        for item in imports_of(path)
        if any(within(target, "app.services") for target in targets(item))
    ]
    assert not wrong, "app/reports imports app/services:\n" + "\n".join(wrong)


@pytest.mark.parametrize("blueprint", BLUEPRINTS)
def test_a_blueprint_never_imports_another(blueprint):
    others = [f"app.{other}" for other in BLUEPRINTS if other != blueprint]
    wrong = [
        str(item)
        for path in sources(blueprint)
        for item in imports_of(path)
        if any(within(target, other) for target in targets(item) for other in others)
    ]
    assert not wrong, f"app/{blueprint} imports another blueprint:\n" + "\n".join(wrong)


def test_the_quizbank_stands_alone():
    def foreign(item: Import) -> bool:
        module = f"app.{item.name}" if item.module == "app" and item.name else item.module  # from app import x
        if within(module, "app"):
            return not within(module, "app.quizbank")
        return within(module, "flask") or within(module, "sqlalchemy") or module.startswith(("flask_", "sqlalchemy_"))

    wrong = [str(item) for path in sources("quizbank") for item in imports_of(path) if foreign(item)]
    assert not wrong, "app/quizbank imports Flask, SQLAlchemy or the rest of the app:\n" + "\n".join(wrong)


def test_services_never_touch_the_request_the_session_or_templates():
    wrong = []
    for path in sources("services"):
        for item in imports_of(path):
            if within(item.module, "flask") and item.name in HTTP_ONLY:
                wrong.append(str(item))
            if within(item.module, "flask") and item.name is None:
                wrong += attribute_uses(path, "flask", HTTP_ONLY)
    assert not wrong, "app/services reach for HTTP:\n" + "\n".join(wrong)

"""The layers of the code base: nncore's engine imports NumPy only and never a lesson; each lesson is named by a
page id and imports the engine; one page id walks through every layer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from explainer.pages import PAGES

ROOT = Path(__file__).resolve().parents[2]
ENGINE = sorted(p for p in (ROOT / "nncore").glob("*.py"))
LESSONS = sorted(p for p in (ROOT / "nncore" / "lessons").glob("*.py") if p.name != "__init__.py")
STDLIB_OK = {"__future__", "dataclasses", "typing", "collections", "math", "functools", "itertools", "json", "time",
             "types", "inspect", "numbers", "warnings", "enum", "abc", "operator", "re", "contextlib", "heapq",
             "statistics", "textwrap", "string", "copy", "struct", "base64", "zlib"}


def imports(path: Path) -> list[tuple[int, str]]:
    """(level, module) of every import in a file; level > 0 for relative imports."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(0, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level and not base:  # "from . import x" / "from .. import x"
                out += [(node.level, a.name) for a in node.names]
            else:
                out.append((node.level, base))
    return out


@pytest.mark.parametrize("path", ENGINE, ids=lambda p: p.name)
def test_engine_never_imports_a_lesson(path):
    for level, module in imports(path):
        assert "lessons" not in module.split("."), f"{path.name} imports {module!r}: the engine must not know a lesson"
        if level == 0:
            top = module.split(".")[0]
            assert top == "numpy" or top in STDLIB_OK, f"{path.name} imports {module!r}: nncore imports NumPy only"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lessons_import_the_engine_and_numpy_only(path):
    found = imports(path)
    for level, module in found:
        if level == 0:
            top = module.split(".")[0]
            assert top in ("numpy", "nncore") or top in STDLIB_OK, f"{path.name} imports {module!r}"
        if level == 1:  # "from .x import" inside lessons/ is another lesson: lessons stand alone
            pytest.fail(f"{path.name} imports the lesson {module!r}; share it through the engine instead")
    assert any(level == 2 or module.startswith("nncore") for level, module in found), f"{path.name} uses no engine"


def test_one_page_id_through_every_layer():
    """pages/N_<id>.py → explainer/views/<id>.py + explainer/figures/<id>.py → nncore/lessons/<id>.py →
    assets/i18n/{en,zh}/<id>.toml → tests/app/test_<id>.py (and the lesson's and figures' own tests)."""
    for info in PAGES:
        if info.id == "home":
            continue
        assert info.script == f"pages/{info.script.split('/')[1]}" and info.script.endswith(f"_{info.id}.py")
        for rel in (f"explainer/views/{info.id}.py", f"explainer/figures/{info.id}.py",
                    f"nncore/lessons/{info.id}.py", f"assets/i18n/en/{info.id}.toml", f"assets/i18n/zh/{info.id}.toml",
                    f"tests/app/test_{info.id}.py", f"tests/lessons/test_{info.id}.py",
                    f"tests/figures/test_{info.id}.py"):
            assert (ROOT / rel).is_file(), f"page {info.id!r} has no {rel}"
    assert {p.stem for p in LESSONS} == {p.id for p in PAGES if p.id != "home"}, "a lesson module that is no page"


def test_each_view_lists_the_sections_of_its_page_table():
    """``explainer/views/<id>.SECTIONS`` (benchmarks and tests walk it) is the page script's Section table, in order."""
    import importlib

    for info in PAGES:
        if info.id == "home":
            continue
        tree = ast.parse((ROOT / info.script).read_text(encoding="utf-8"))
        table = [node.args[0].value for node in ast.walk(tree) if isinstance(node, ast.Call)
                 and getattr(node.func, "id", "") == "Section" and node.args and isinstance(node.args[0], ast.Constant)]
        view = importlib.import_module(f"explainer.views.{info.id}")
        assert tuple(table) == tuple(getattr(view, "SECTIONS", ())), info.id

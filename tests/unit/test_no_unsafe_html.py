"""No raw HTML/JavaScript with anything a user can influence.

Every use of ``unsafe_allow_html=True``, ``st.html(...)``, ``unsafe_allow_javascript`` or
``streamlit.components`` HTML in the app's source (app.py, pages/, explainer/, nncore/) must pass only constants:
string literals, or names on the allow-list that are module-level string-literal constants. A new use fails this
test until it is reviewed and allow-listed here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "app.py", *sorted(p for d in ("pages", "explainer", "nncore") for p in (ROOT / d).rglob("*.py"))]

# (file, dotted name) allowed as the HTML argument, and where the constant is defined.
ALLOWED_NAMES = {("explainer/shell.py", "theme.LECTURE_CSS"): ("explainer/theme.py", "LECTURE_CSS"),
                 ("explainer/shell.py", "theme.BASE_CSS"): ("explainer/theme.py", "BASE_CSS")}
PATTERN = re.compile(r"unsafe_allow_html|unsafe_allow_javascript|\bhtml\s*\(|components\.v1|components\.html")
RAW_CALLS = {"html"}  # st.html, components.html, st.components.v1.html


def dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return ""


def is_constant(node: ast.AST, rel: str) -> bool:
    """A literal string (also implicit/explicit concatenation of literals) or an allow-listed constant name."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return is_constant(node.left, rel) and is_constant(node.right, rel)
    if isinstance(node, (ast.Name, ast.Attribute)):
        return (rel, dotted(node)) in ALLOWED_NAMES
    return False  # f-strings, calls, format(), %, subscripts, variables …


def module_constant(path: Path, name: str) -> ast.AST | None:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return node.value
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
            return node.value
    return None


def unsafe_calls(path: Path) -> list[tuple[int, str, bool]]:
    """(line, description, only constants?) for every raw-HTML call in a file."""
    return unsafe_calls_in(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())


def unsafe_calls_in(source: str, rel: str) -> list[tuple[int, str, bool]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = dotted(node.func)
        raw_call = name.split(".")[-1] in RAW_CALLS and name not in ("", "html")  # st.html, components.html
        flags = {kw.arg: kw.value for kw in node.keywords if kw.arg in ("unsafe_allow_html", "unsafe_allow_javascript")}
        unsafe_flag = any(not (isinstance(v, ast.Constant) and v.value is False) for v in flags.values())
        if any(kw.arg is None for kw in node.keywords):
            # **kwargs could smuggle unsafe_allow_html in: only allowed where the call cannot render HTML.
            unsafe_flag = unsafe_flag or raw_call
        if not (raw_call or unsafe_flag):
            continue
        args = list(node.args) + [kw.value for kw in node.keywords if kw.arg in (None, "body", "body_or_html")]
        ok = bool(args) and all(is_constant(a, rel) for a in args)
        found.append((node.lineno, f"{rel}:{node.lineno} {name}(…)", ok))
    return found


def test_sources_are_found():
    rels = {p.relative_to(ROOT).as_posix() for p in SOURCES}
    assert {"app.py", "explainer/shell.py", "explainer/controls.py", "nncore/mlp.py"} <= rels


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_raw_html_only_with_constants(path):
    calls = unsafe_calls(path)
    bad = [desc for _, desc, ok in calls if not ok]
    assert not bad, f"raw HTML/JS with a non-constant argument (review, then allow-list): {bad}"
    # Every textual mention must be explained by a call the AST check saw (no getattr/dict tricks).
    lines = {line for line, _, _ in calls}
    rel = path.relative_to(ROOT).as_posix()
    for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        code = text.split("#", 1)[0]
        if PATTERN.search(code) and not any(abs(i - line) <= 3 for line in lines):
            pytest.fail(f"{rel}:{i}: raw-HTML API mentioned outside a checked call: {text.strip()}")


def test_allow_listed_names_are_string_literal_constants():
    for (_, _), (def_file, name) in ALLOWED_NAMES.items():
        value = module_constant(ROOT / def_file, name)
        assert value is not None, f"{def_file} no longer defines {name}"
        assert isinstance(value, ast.Constant) and isinstance(value.value, str), \
            f"{def_file}:{name} must be a plain string literal"
        assert "<script" not in value.value.lower(), f"{name} must not carry JavaScript"


def test_the_check_catches_user_input():
    """The checker itself: a formatted or variable argument is flagged, a literal is not."""
    calls = unsafe_calls_in(
        "import streamlit as st\n"
        "name = st.text_input('n')\n"
        "st.markdown(f'<b>{name}</b>', unsafe_allow_html=True)\n"
        "st.html('<hr>')\n"
        "st.html(name)\n"
        "st.markdown('<i>x</i>', unsafe_allow_html=False)\n"
        "st.html(theme.LECTURE_CSS)\n", "explainer/other.py")
    assert [(line, ok) for line, _, ok in calls] == [(3, False), (4, True), (5, False), (7, False)]
    (call,) = unsafe_calls_in("st.html(theme.LECTURE_CSS)\n", "explainer/shell.py")
    assert call[2]

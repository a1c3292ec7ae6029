"""Sessions are isolated: all students share one process, so nothing one session does may reach another.

* Two sessions (two AppTests in one process, exactly like two browser tabs on one server): session A changes every
  page's settings (and trains the playground); session B then opens the same pages and sees the defaults, and A
  still sees its own settings afterwards.
* No shared mutable state: every module-level container of the app's modules is unchanged after the sessions ran
  (a fingerprint before and after), no source file mutates a module-level container or rebinds a ``global``, and
  every Streamlit cache is bounded (``max_entries``).
"""

from __future__ import annotations

import ast
import hashlib
import pickle
import sys
import types
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pytest

from explainer.pages import built_pages
from tests.helpers import run_page, switch

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "app.py", *sorted(p for d in ("pages", "explainer", "nncore") for p in (ROOT / d).rglob("*.py"))]
PAGES = [p for p in built_pages() if p.id != "home"]
WIDGETS = ("slider", "selectbox", "number_input", "toggle", "checkbox", "multiselect")
MAX_CHANGES = 4


# ------------------------------------------------------------------------------------------ helpers
def page_widgets(at, page_id: str) -> list:
    """The page's own URL-bound widgets (key ``<page_id>.<param>``), main area only."""
    out = []
    for kind in WIDGETS:
        for w in at.main.get(kind):
            if getattr(w, "key", None) and w.key.startswith(f"{page_id}.") and not w.proto.disabled:
                out.append(w)
    return out


def values(at, page_id: str) -> dict:
    return {w.key: _plain(w.value) for w in page_widgets(at, page_id)}


def _plain(v):
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, np.generic):
        return v.item()
    return v


def pick_option(w, index: int) -> None:
    """Choose a selectbox option by index the way the browser does (it sends the formatted option text).

    AppTest's own ``select_index`` passes the formatted text through ``format_func`` again (Streamlit 1.67), which
    breaks selectboxes with a ``format_func``; this sends the widget state directly."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    class Picked(type(w)):
        @property
        def _widget_state(self):
            ws = WidgetState()
            ws.id = self.id
            ws.string_value = self.options[index]
            return ws

    w.__class__ = Picked


def change(w) -> bool:
    """Set a widget to a value different from its current one; False when it has no other value."""
    kind = type(w).__name__.lower()
    try:
        if kind == "slider":
            if isinstance(w.value, tuple):
                return False
            lo, hi = w.min, w.max
            w.set_value(hi if w.value != hi else lo)
        elif kind == "selectbox":
            if len(w.options) < 2:
                return False
            pick_option(w, (w.index + 1) % len(w.options))
        elif kind == "numberinput":
            step = w.step or 1
            new = w.value + step if (w.max is None or w.value + step <= w.max) else w.value - step
            if w.min is not None and new < w.min:
                return False
            w.set_value(new)
        elif kind in ("toggle", "checkbox"):
            w.set_value(not w.value)
        elif kind == "multiselect":
            if w.value:
                w.set_value(list(w.value)[:-1])
            else:
                return False
        else:
            return False
    except Exception:  # noqa: BLE001 — a widget type the generic driver cannot move
        return False
    return True


def change_settings(at, page_id: str) -> dict:
    """Session A moves up to MAX_CHANGES of the page's controls; returns what it then shows."""
    moved = 0
    for key in [w.key for w in page_widgets(at, page_id)]:
        if moved == MAX_CHANGES:
            break
        found = [w for w in page_widgets(at, page_id) if w.key == key]  # fresh: the tree changes every run
        if found and change(found[0]):
            w = found[0]
            at.run()
            assert not at.exception, f"{page_id}: changing {w.key} raised {at.exception}"
            moved += 1
    assert moved, f"{page_id}: no control could be moved"
    return values(at, page_id)


# ------------------------------------------------------------------------------------------ fingerprints
def _app_modules() -> list[types.ModuleType]:
    return [m for name, m in sorted(sys.modules.items())
            if m is not None and (name.split(".")[0] in ("nncore", "explainer"))]


def _fingerprint(obj) -> str | None:
    if isinstance(obj, np.ndarray):
        return f"nd:{obj.dtype}:{obj.shape}:{hashlib.sha1(np.ascontiguousarray(obj).tobytes()).hexdigest()}"
    if isinstance(obj, (list, dict, set, bytearray)) or (isinstance(obj, Mapping) and not isinstance(obj, type)):
        try:
            return "p:" + hashlib.sha1(pickle.dumps(obj, protocol=5)).hexdigest()
        except Exception:  # noqa: BLE001 — unpicklable (functions inside): fall back to the repr of keys/len
            keys = list(obj.keys()) if isinstance(obj, Mapping) else None
            return f"r:{type(obj).__name__}:{len(obj)}:{keys!r}"
    return None


def module_state() -> dict[str, str]:
    state = {}
    for module in _app_modules():
        for name, value in vars(module).items():
            if name.startswith("__"):
                continue
            fp = _fingerprint(value)
            if fp is not None:
                state[f"{module.__name__}.{name}"] = fp
    return state


@pytest.fixture(scope="module")
def state_before():
    for info in PAGES:  # import every page's modules (and fill its caches) before the fingerprint
        assert not run_page(info.id).exception
    return module_state()


# ------------------------------------------------------------------------------------------ tests
@pytest.mark.parametrize("info", PAGES, ids=lambda p: p.id)
def test_one_session_cannot_see_anothers_settings(info, state_before):
    a = run_page(info.id)
    assert not a.exception, a.exception
    defaults_url = dict(a.query_params)
    defaults = values(a, info.id)

    changed = change_settings(a, info.id)
    assert changed != defaults
    changed_url = dict(a.query_params)
    assert changed_url != defaults_url

    b = run_page(info.id)  # a second student opens the same page afterwards
    assert not b.exception, b.exception
    assert values(b, info.id) == defaults, "session B sees session A's settings"
    assert dict(b.query_params) == defaults_url

    a.run()  # and A keeps its own
    assert values(a, info.id) == changed
    assert dict(a.query_params) == changed_url


def test_playground_model_and_data_stay_in_their_session(state_before):
    if not any(p.id == "playground" for p in PAGES):
        pytest.skip("playground page not built yet")
    from explainer.views.playground import RUN
    from tests.app.test_playground import cmd  # the live view's Step button (a trigger of its component)

    a = run_page("playground")
    for _ in range(3):
        a = cmd(a, "step")
    assert not a.exception
    run_a = a.session_state[RUN]
    assert run_a.epoch == 3
    weights_a = [w.copy() for w in run_a.net.weights]

    b = run_page("playground")
    run_b = b.session_state[RUN]
    assert run_b is not run_a and run_b.net is not run_a.net and run_b.data is not run_a.data
    assert run_b.epoch == 0, "session B sees session A's training"
    fresh = run_page("playground").session_state[RUN]
    for wb, wf in zip(run_b.net.weights, fresh.net.weights):
        np.testing.assert_array_equal(wb, wf)  # B has the untrained default model
    b = cmd(b, "step")
    a.run()
    assert a.session_state[RUN].epoch == 3 and b.session_state[RUN].epoch == 1
    for wa, wa0 in zip(a.session_state[RUN].net.weights, weights_a):
        np.testing.assert_array_equal(wa, wa0)  # B's training did not touch A's model


def test_sessions_left_module_state_unchanged(state_before):
    """Run last (after the sessions above): every module-level container is exactly as it was."""
    for info in PAGES:  # make sure every page ran at least once in this process, with a change
        at = run_page(info.id)
        change_settings(at, info.id)
        switch(at, "home")
    after = module_state()
    changed = sorted(k for k in state_before if k in after and after[k] != state_before[k])
    assert not changed, f"module-level state written by a session: {changed}"


# ------------------------------------------------------------------------------------------ static checks
MUTATORS = {"append", "extend", "insert", "pop", "popitem", "remove", "clear", "update", "setdefault", "add",
            "discard", "sort", "reverse", "fill", "put", "resize", "itemset", "setflags", "__setitem__"}
MUTABLE_CALLS = {"list", "dict", "set", "defaultdict", "OrderedDict", "Counter", "deque", "bytearray"}


def module_containers(tree: ast.Module) -> set[str]:
    """Names bound at module level to a mutable container (list/dict/set displays, comprehensions, their
    constructors, NumPy arrays)."""
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        mutable = isinstance(value, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp))
        if isinstance(value, ast.Call):
            fn = value.func
            name = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
            is_numpy = isinstance(fn, ast.Attribute) and isinstance(fn.value, ast.Name) and fn.value.id in ("np", "numpy")
            mutable = name in MUTABLE_CALLS or is_numpy
        if mutable:
            names |= {t.id for t in targets if isinstance(t, ast.Name) and t.id != "__all__"}
    return names


def _root_name(node: ast.AST) -> str | None:
    """``X`` for ``X``, ``X[...]``, ``mod.X``, ``mod.X[...]``."""
    while isinstance(node, ast.Subscript):
        node = node.value
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def mutations(tree: ast.AST, names: set[str]) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS:
            root = _root_name(node.func.value)
            if root in names:
                found.append((node.lineno, f"{root}.{node.func.attr}(…)"))
        targets = []
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        elif isinstance(node, ast.Delete):
            targets = node.targets
        for t in targets:
            if isinstance(t, (ast.Subscript, ast.Attribute)) and _root_name(t.value if isinstance(t, ast.Attribute)
                                                                           else t) in names:
                found.append((node.lineno, f"{ast.unparse(t)} = …"))
            if isinstance(node, ast.AugAssign) and isinstance(t, ast.Name) and t.id in names:
                found.append((node.lineno, f"{t.id} op= …"))
        if isinstance(node, ast.keyword) and node.arg == "out" and _root_name(node.value) in names:
            found.append((getattr(node.value, "lineno", 0), f"out={ast.unparse(node.value)}"))
    return found


def test_no_module_level_container_is_mutated():
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in SOURCES}
    shared = set()
    for path, tree in trees.items():
        if path.parent.name != "pages" and path.name != "app.py":  # page scripts' top level runs per session
            shared |= module_containers(tree)
    bad = []
    for path, tree in trees.items():
        top = {id(n) for n in tree.body}
        for line, what in mutations(tree, shared):
            # building a container at module import time (module top level) is fine; later writes are not
            in_top = any(getattr(n, "lineno", -1) <= line <= getattr(n, "end_lineno", -1) and id(n) in top
                         and not isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                         for n in tree.body)
            if not in_top:
                bad.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert not bad, "module-level containers mutated at run time (shared by every session):\n" + "\n".join(bad)


def test_no_global_statements():
    bad = [f"{p.relative_to(ROOT)}:{n.lineno}: global {', '.join(n.names)}"
           for p in SOURCES for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))) if isinstance(n, ast.Global)]
    assert not bad, "module-level state rebound at run time:\n" + "\n".join(bad)


def test_streamlit_caches_are_bounded():
    bad = []
    for p in SOURCES:
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for dec in node.decorator_list:
                name = ast.unparse(dec.func if isinstance(dec, ast.Call) else dec)
                if name.endswith(("cache_data", "cache_resource")):
                    kws = {k.arg for k in dec.keywords} if isinstance(dec, ast.Call) else set()
                    if "max_entries" not in kws:
                        bad.append(f"{p.relative_to(ROOT)}:{node.lineno}: {name} without max_entries")
                if name.endswith(("lru_cache", "functools.cache")) and name != "functools.lru_cache" and \
                        name.endswith("cache") and "lru" not in name:
                    bad.append(f"{p.relative_to(ROOT)}:{node.lineno}: unbounded {name}")
                if isinstance(dec, ast.Call) and name.endswith("lru_cache"):
                    size = {k.arg: k.value for k in dec.keywords}.get("maxsize")
                    if isinstance(size, ast.Constant) and size.value is None:
                        bad.append(f"{p.relative_to(ROOT)}:{node.lineno}: lru_cache(maxsize=None)")
    assert not bad, "\n".join(bad)


def test_the_checks_catch_shared_state():
    """The checkers themselves: a module-level list appended to in a function is found; the fingerprint sees a
    change to a module-level array."""
    tree = ast.parse("SEEN = []\nLIMITS = {'a': 1}\nGRID = np.zeros(3)\nSEEN.append(0)\n"
                     "def f(x):\n    SEEN.append(x)\n    LIMITS['a'] = x\n    GRID[0] += x\n    return LIMITS['a']\n")
    assert module_containers(tree) == {"SEEN", "LIMITS", "GRID"}
    assert sorted(line for line, _ in mutations(tree, module_containers(tree))) == [4, 6, 7, 8]
    state = module_state()
    assert "explainer.pages.PAGES" not in state  # a tuple: immutable, not fingerprinted
    assert any(k.startswith("nncore.") for k in state) and any(k.startswith("explainer.") for k in state)

""""Show the source" under many students at once: reading an nncore class's source must not crash a page.

``inspect.getsource`` parses a class's module with ``ast``; on CPython 3.11 two threads converting an AST at once can
make one fail with "AST constructor recursion depth mismatch" (gh-106905) — ``benchmarks.soak`` crashed a page that
way. ``explainer.shell._source`` reads one source at a time and reads again after that SystemError.

The race itself needs a thread switch in the middle of an AST conversion (a finalizer that releases the GIL, run by a
collection the conversion's allocations trigger) between two threads at different stack depths: reproduced by hand
(three threads parsing nncore's module while a fourth makes garbage: 1 failure in 450 parses), too rare and too slow
under pytest's heap for a test; these tests check the two guards instead.
"""

from __future__ import annotations

import inspect
import threading
import time

import nncore
from explainer import shell


def test_source_is_the_objects_own_code():
    assert shell._source.__wrapped__(nncore.Trainer) == inspect.getsource(nncore.Trainer)
    assert "def softmax" in shell._source.__wrapped__(nncore.softmax)


def test_a_spurious_ast_systemerror_is_read_again(monkeypatch):
    real, calls = inspect.getsource, []

    def flaky(obj):
        calls.append(obj)
        if len(calls) < shell._SOURCE_ATTEMPTS:  # every attempt but the last fails, as the race makes it
            raise SystemError("AST constructor recursion depth mismatch (before=54, after=48)")
        return real(obj)

    monkeypatch.setattr(shell.inspect, "getsource", flaky)
    assert shell._source.__wrapped__(nncore.Trainer) == real(nncore.Trainer)
    assert len(calls) == shell._SOURCE_ATTEMPTS


def test_sources_are_read_one_at_a_time(monkeypatch):
    real, lock = inspect.getsource, threading.Lock()
    state = {"now": 0, "most": 0}

    def slow(obj):
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(0.005)  # lets the other threads run while this one "parses"
        with lock:
            state["now"] -= 1
        return real(obj)

    monkeypatch.setattr(shell.inspect, "getsource", slow)
    objects = [nncore.Trainer, nncore.softmax, nncore.logsumexp, nncore.MLP, nncore.make_optimizer, nncore.optimize]
    threads = [threading.Thread(target=shell._source.__wrapped__, args=(o,)) for o in objects * 2]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert state["most"] == 1

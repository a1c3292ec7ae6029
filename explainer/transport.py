"""The session's websocket: Nagle's algorithm off (TCP_NODELAY), so an answer to a click is not held back.

Found by timing the playground's websocket frames: Streamlit 1.67 binds its server socket itself with
``socket.socket(family)`` (protocol 0), and asyncio only sets TCP_NODELAY on sockets whose protocol is IPPROTO_TCP, so
every accepted websocket keeps Nagle on; a rerun's answer is several small messages, and from the second one on they
wait for the browser's delayed ACK (40 ms on Linux). ``explainer.shell.page_setup`` calls :func:`nodelay` once per
session, so every page's interactions come back ~40 ms sooner.
"""

from __future__ import annotations

import inspect
import socket

import streamlit as st

DONE = "_shell.nodelay"  # session_state: True once tried, "set" once the socket option is on


def nodelay() -> None:
    """Switch Nagle's algorithm off on this session's websocket (TCP_NODELAY), once per session.

    Streamlit 1.67 binds its server socket itself with ``socket.socket(family)`` (protocol 0), and asyncio only sets
    TCP_NODELAY on sockets whose protocol is IPPROTO_TCP — so every accepted websocket keeps Nagle on. A rerun sends
    several small messages; from the second one on they wait for the browser's delayed ACK (40 ms on Linux), so a
    frame could never come back in less than ~45 ms (≤ 22 frames/s however fast the server). With TCP_NODELAY a
    frame's round trip is the work itself (~10 ms). Found by timing the websocket frames; harmless if anything
    along the way is not what we expect (then nothing changes)."""
    ss = st.session_state
    if ss.get(DONE):
        return
    ss[DONE] = True
    try:
        from streamlit.runtime import get_instance
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        info = get_instance()._session_mgr.get_active_session_info(ctx.session_id)
        fn = info.client._websocket._send
        for _ in range(8):  # the ASGI send callable, through the middlewares' wrappers, to the protocol
            owner = getattr(fn, "__self__", None)
            transport = getattr(owner, "transport", None)
            if transport is not None:
                sock = transport.get_extra_info("socket")
                if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    ss[DONE] = "set"
                return
            cells = [c.cell_contents for c in (getattr(fn, "__closure__", None) or ())]
            fn = next((c for c in cells if inspect.isfunction(c) or inspect.ismethod(c)), None)
            if fn is None:
                return
    except Exception:  # noqa: BLE001 — an optimisation only: any surprise leaves the socket as it was
        return

"""URL-bound widgets: every control that defines a view lives in the URL.

``c = Controls("activations")`` then ``c.slider("depth", label, 1, 12, 6)`` etc. For each control:

* widget key  = ``"<page_id>.<key>"``; URL parameter name = ``key``;
* the value comes from the URL when the URL changed from outside (first render of a session, a "try this"
  link, a pasted link) and the URL value is valid; otherwise from the widget's own state; else from a
  per-session shadow copy (a page revisited keeps its settings); else the default;
* a malformed or out-of-range URL value gives the default, and the page says which ones it could not use
  (``take_rejected``: the shell shows them in a toast);
* after the widget renders its value is written back to the URL — collected, and sent once at the end of the run
  (``flush_url``: one browser history entry per run).

Encoding: floats compactly with an exact ``repr`` round trip (``0.1``, ``1e-05``, ``2``), booleans as
``1``/``0``, lists comma-separated. Options are matched by their encoding, so option values must not
contain commas. All state lives in ``st.session_state`` (no module-level mutable state).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import streamlit as st

SHADOW_KEY = "_controls.shadow"  # {page_id: {key: value}}
DEFAULTS_KEY = "_controls.defaults"  # {page_id: {param: encoded default}} of the controls drawn so far
WRITTEN_KEY = "_controls.written"  # {page_id: {param: encoded string last written to the URL}}
GLOBAL_PARAMS = ("lang", "lecture")  # owned by explainer.shell, never cleared by a page reset
TOUCHED_KEY = "_controls.touched"  # widget keys the student changed for this run (their on_change ran)
REJECTED_KEY = "_controls.rejected"  # {param: the URL text} a link held that no control could use, until shown
CHOICE_TEXTS_KEY = "_controls.choice_texts"  # {widget key: the texts its list showed in the last run}
PENDING_KEY = "_controls.pending"  # URL writes of this run not yet sent: {param: text, or None to remove}


# --------------------------------------------------------------------------- the URL, written once per run
# Every write to st.query_params is its own message, and the browser adds a history entry for each: a page's first
# run wrote one per control, and Back took 5 to 12 presses to leave a page. Writes are collected in the session and
# sent together (one ``from_dict``) by ``flush_url``, which the shell calls at the end of every run and fragment run.
def url_params() -> dict[str, str]:
    """The URL's query parameters as they will be once this run's writes are sent."""
    return url_params_with(st.query_params.to_dict(), st.session_state.get(PENDING_KEY, {}))


def url_get(key: str) -> str | None:
    """One parameter as it will be once this run's writes are sent (every control asks on every run: no dict
    of the whole URL built for it)."""
    pending = st.session_state.get(PENDING_KEY, {})
    return pending[key] if key in pending else st.query_params.get(key)


def url_set(key: str, text: str | None) -> None:
    """Set (``None``: remove) one query parameter; sent by the next ``flush_url``."""
    st.session_state.setdefault(PENDING_KEY, {})[key] = text


def flush_url() -> None:
    """Send this run's URL writes as one message (one browser history entry)."""
    pending = st.session_state.pop(PENDING_KEY, None)
    if not pending:
        return
    # sent even when nothing differs: after a link changed the URL from outside, the address bar follows only once
    # the server writes the params back (Controls._publish's ``force``)
    st.query_params.from_dict(url_params_with(st.query_params.to_dict(), pending))


def _settle_choice(wkey: str, options: Iterable[Any], default: Any, format_func: Callable[[Any], str] | None,
                   many: bool = False) -> None:
    """A choice widget whose list another control changed (Backprop · chain rule: a change of network turns the
    parameter ``w1_1_1``, shown "w⁽¹⁾₁₁", into logistic regression's "w₁").

    - A keyed widget keeps its identity, and Streamlit's browser side went on showing the old text, one the list no
      longer held, until clicked. When the texts of the list change, the value is written again, and Streamlit
      sends it with the new texts (as after a change of language: ``Controls.relabel``).
    - A choice the new list does not hold goes back to the default (Streamlit returned the stale value)."""
    if wkey not in st.session_state:
        return
    allowed = list(options)
    texts = tuple(map(format_func or str, allowed))
    seen = st.session_state.setdefault(CHOICE_TEXTS_KEY, {})
    changed = seen.get(wkey, texts) != texts
    seen[wkey] = texts
    now = st.session_state[wkey]
    if many:
        kept = [v for v in now if v in allowed]
        if changed or len(kept) != len(now):
            st.session_state[wkey] = kept
    elif now not in allowed:
        st.session_state[wkey] = default
    elif changed:
        st.session_state[wkey] = now


def take_rejected() -> dict[str, str]:
    """The URL params this run's controls could not use (``{param: text}``), once: the next call returns none."""
    return st.session_state.pop(REJECTED_KEY, None) or {}


def url_params_with(params: dict[str, str], pending: dict[str, str | None]) -> dict[str, str]:
    out = dict(params)
    for key, text in pending.items():
        if text is None:
            out.pop(key, None)
        else:
            out[key] = text
    return out


def _touched(wkey: str) -> None:
    """A URL-bound widget's on_change: the student moved it, so this run takes its value, not the URL's."""
    st.session_state.setdefault(TOUCHED_KEY, set()).add(wkey)


class Invalid(ValueError):
    """A URL value that cannot be used; the control falls back to its default."""


# --------------------------------------------------------------------------- encoding
def encode(value: Any) -> str:
    """Compact URL text for a control value (inverse of the parsers below)."""
    if isinstance(value, (list, tuple)):
        return ",".join(encode(v) for v in value)
    if isinstance(value, (bool, np.bool_)):
        return "1" if value else "0"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        x = float(value)
        if x.is_integer() and abs(x) < 1e15:
            return str(int(x))
        return repr(x)
    return str(value)


def parse_float(text: str) -> float:
    try:
        x = float(text)
    except (TypeError, ValueError):
        raise Invalid(text) from None
    if not math.isfinite(x):
        raise Invalid(text)
    return x


def parse_int(text: str) -> int:
    """A whole number; "10.0" or "1e3" written by hand is one too (a lecturer editing a link)."""
    try:
        return int(text.strip())
    except (AttributeError, ValueError):
        pass
    x = parse_float(text)
    if not x.is_integer() or abs(x) > 2**53:
        raise Invalid(text)
    return int(x)


def parse_bool(text: str) -> bool:
    low = text.strip().lower()
    if low in ("1", "true", "on", "yes"):
        return True
    if low in ("0", "false", "off", "no"):
        return False
    raise Invalid(text)


def floats(length: int | None = None, lo: float | None = None, hi: float | None = None) -> Callable[[str], list[float]]:
    """Parser for a comma-separated list of finite floats (optionally fixed length and range), for ``get``."""

    def parse(text: str) -> list[float]:
        values = [parse_float(part) for part in text.split(",")] if text else []
        if length is not None and len(values) != length:
            raise Invalid(text)
        if any((lo is not None and v < lo) or (hi is not None and v > hi) for v in values):
            raise Invalid(text)
        return values

    return parse


def number(lo: float | None = None, hi: float | None = None, integer: bool = False,
           step: float | None = None) -> Callable[[str], float]:
    """Parser for one number in [lo, hi], for ``get``. With ``step`` (and ``lo``) the number must lie on the slider's
    grid lo + k·step; it comes back exactly on it (a link's 1e-320 for a slider of step 0.5 from −5 is 0.0, which
    the slider can show, not a number no slider position gives)."""

    def parse(text: str):
        v = parse_int(text) if integer else parse_float(text)
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            raise Invalid(text)
        if step and lo is not None and not integer:
            k = round((v - lo) / step)
            if abs((v - lo) / step - k) > 1e-6:
                raise Invalid(text)
            on = round(lo + k * step, 10)
            if hi is not None:
                on = min(on, hi)
            # the slider's own value (0.1 + 0.2 = 0.30000000000000004 in its arithmetic) stays as it is
            v = v if on != 0 and abs(v - on) <= 1e-12 * abs(on) else on
        elif step and lo is not None and (v - lo) % step:
            raise Invalid(text)
        return v

    return parse


def _scalar_parser(default: Any, lo: Any = None, hi: Any = None, step: Any = None) -> Callable[[str], Any]:
    if isinstance(default, bool):
        return parse_bool
    return number(lo, hi, integer=isinstance(default, (int, np.integer)), step=step)


def _option_parser(options: Sequence[Any]) -> Callable[[str], Any]:
    """The option written as ``encode`` writes it (in any case: "Depth", "TANH"), or a number equal to a numeric option
    however it is written ("0.10", "1e-5", "1.0"): a link edited by hand."""
    table = {encode(o): o for o in options}
    folded = {k.casefold(): o for k, o in table.items()}  # "Depth", "TANH " typed by hand
    numeric = [o for o in options if isinstance(o, (int, float, np.integer, np.floating)) and not isinstance(o, bool)]

    def parse(text: str) -> Any:
        if text in table:
            return table[text]
        if isinstance(text, str) and text.strip().casefold() in folded:
            return folded[text.strip().casefold()]
        if numeric:
            try:
                x = float(text)
            except (TypeError, ValueError):
                raise Invalid(text) from None
            for o in numeric:
                if math.isclose(x, float(o), rel_tol=1e-9, abs_tol=0.0) or x == o:
                    return o
        raise Invalid(text)

    return parse


# --------------------------------------------------------------------------- controls
def browser_widget_keys() -> frozenset[str]:
    """User keys of the widgets whose values the browser sent with this run's request.

    A brand-new session normally starts with none. It starts with some when a browser that was connected to another
    server (a replica that died, a restarted server) reconnects and the student's first interaction arrives: then
    those values are the student's latest choices and must win over the URL, which still holds the previous ones.
    Streamlit 1.67 keeps the browser's values by element id until the widget registers, and the element id of a
    keyed widget ends with "-<key>" (``streamlit.elements.lib.utils._compute_element_id``); checked by
    tests/app/test_controls.py against the installed Streamlit.
    """
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

        ctx = get_script_run_ctx()
        states = ctx.session_state._state._new_widget_state.states  # noqa: SLF001 - see the docstring
    except Exception:  # noqa: BLE001 - outside a run, or another Streamlit: no browser values known
        return frozenset()
    return frozenset(wid.rsplit("-", 1)[-1] for wid in states if isinstance(wid, str) and wid.count("-") >= 2)


class Controls:
    """URL-bound widgets and URL state for one page (see the module docstring)."""

    def __init__(self, page_id: str, on_publish: Callable[[], None] | None = None, relabel: bool = False):
        self.page_id = page_id
        # The language has just changed: a keyed widget keeps its identity when its labels change, and Streamlit's
        # browser side then shows no radio choice, or a select box's text in the old language, until clicked.
        # Writing each value again makes Streamlit send it with the new labels.
        self.relabel = relabel
        self._from_url = False  # the control being rendered took its value from a URL changed from outside
        self.on_publish = on_publish  # called after every URL write (the shell refreshes "copy link")
        # A session that never drew this page but gets widget values from the browser is a reconnect (failover):
        # the browser's values win over the URL for those widgets.
        self._reconnected = frozenset() if st.session_state.get(WRITTEN_KEY, {}).get(page_id) \
            else frozenset(k for k in browser_widget_keys() if k.startswith(f"{page_id}."))

    # ---- bookkeeping in st.session_state
    def widget_key(self, key: str) -> str:
        return f"{self.page_id}.{key}"

    def _shadow(self) -> dict:
        return st.session_state.setdefault(SHADOW_KEY, {}).setdefault(self.page_id, {})

    def _written(self) -> dict:
        return st.session_state.setdefault(WRITTEN_KEY, {}).setdefault(self.page_id, {})

    def _note_default(self, key: str, default: Any) -> None:
        st.session_state.setdefault(DEFAULTS_KEY, {}).setdefault(self.page_id, {})[key] = encode(default)

    def own(self, params: dict[str, str]) -> dict[str, str]:
        """``params`` without the ones this app does not read (a chat app's ``utm_source``, a hand-typed
        ``zzz=…``): the language, lecture mode and the params this page's controls wrote. A link or QR code
        carries only those."""
        written = self._written()
        return {k: v for k, v in params.items() if k in GLOBAL_PARAMS or k in written}

    def without_defaults(self, params: dict[str, str]) -> dict[str, str]:
        """``params`` without the controls that are at their default: a link a new session opens the same way (a
        control missing from the URL takes its default), with fewer characters — the QR code stays coarse."""
        defaults = st.session_state.get(DEFAULTS_KEY, {}).get(self.page_id, {})
        return {k: v for k, v in params.items() if defaults.get(k) != v}

    def _url_value(self, key: str) -> str | None:
        """The URL value of ``key`` if it changed from outside since we last wrote it, else None."""
        if key in st.session_state.get(PENDING_KEY, {}):
            return None  # written in this run (a button's callback), not yet sent: ours
        raw = st.query_params.get(key)
        if raw is None or raw == self._written().get(key):
            return None
        return raw

    def _publish(self, key: str, value: Any, force: bool = False) -> None:
        """Write ``value`` to the URL. ``force`` writes even an unchanged value: after a link changed the URL
        from outside, the browser's address bar only follows once the server writes the params back."""
        text = encode(value)
        self._shadow()[key] = value
        self._written()[key] = text
        if force or url_get(key) != text:
            url_set(key, text)
            # refresh "copy link" only when the URL really changed: on a rerun that is the one control moved,
            # not every control of the page (re-encoding the URL per control cost ~1 ms each)
            if self.on_publish is not None:
                self.on_publish()

    def _prepare(self, key: str, default: Any, parse: Callable[[str], Any]) -> str:
        """Put the value the widget must show into its session-state slot; return the widget key."""
        wkey = self.widget_key(key)
        self._note_default(key, default)
        if wkey in self._reconnected:
            self._from_url = False
            return wkey  # the browser's value (the student's latest) applies when the widget registers
        touched = st.session_state.get(TOUCHED_KEY)
        if touched and wkey in touched:
            # The student changed this widget. The run's URL may still be the one from before the last run's write
            # reached the browser (quick arrow-key presses): read as a pasted link, it put the slider back.
            touched.discard(wkey)
            self._from_url = False
            return wkey
        raw = self._url_value(key)
        self._from_url = raw is not None
        if raw is not None:
            try:
                value = parse(raw)
            except (Invalid, ValueError, TypeError):
                value = default
                st.session_state.setdefault(REJECTED_KEY, {})[key] = raw
            st.session_state[wkey] = value
        elif wkey not in st.session_state:
            st.session_state[wkey] = self._shadow().get(key, default)
        elif self.relabel:
            st.session_state[wkey] = st.session_state[wkey]
        return wkey

    def _finish(self, key: str, value: Any) -> Any:
        self._publish(key, value, force=self._from_url)
        self._from_url = False
        return value

    # ---- widgets
    def slider(self, key, label, min_value, max_value, value, step=None, help=None, format=None, on_grid=True):
        """``on_grid=False``: the value may lie between the slider's steps (one a button set, such as a fit's
        result); a link keeps it as it is."""
        grid = step if on_grid else None
        if isinstance(value, (tuple, list)):
            one = _scalar_parser(value[0], min_value, max_value, grid)

            def parse(text):
                parts = tuple(one(p) for p in text.split(","))
                if len(parts) != 2 or parts[0] > parts[1]:
                    raise Invalid(text)
                return parts

        else:
            parse = _scalar_parser(value, min_value, max_value, grid)
        wkey = self._prepare(key, value, parse)
        out = st.slider(label, min_value=min_value, max_value=max_value, step=step, help=help, format=format, key=wkey,
                        on_change=_touched, args=(wkey,))
        return self._finish(key, out)

    def select_slider(self, key, label, options, value, format_func=None, help=None):
        wkey = self._prepare(key, value, _option_parser(options))
        _settle_choice(wkey, options, value, format_func)
        kwargs = {"format_func": format_func} if format_func else {}
        out = st.select_slider(label, options=list(options), help=help, key=wkey, on_change=_touched, args=(wkey,),
                               **kwargs)
        return self._finish(key, out)

    def selectbox(self, key, label, options, value, format_func=None, help=None):
        wkey = self._prepare(key, value, _option_parser(options))
        _settle_choice(wkey, options, value, format_func)
        kwargs = {"format_func": format_func} if format_func else {}
        out = st.selectbox(label, options=list(options), help=help, key=wkey, on_change=_touched, args=(wkey,),
                           **kwargs)
        return self._finish(key, out)

    def radio(self, key, label, options, value, format_func=None, help=None, horizontal=True):
        wkey = self._prepare(key, value, _option_parser(options))
        _settle_choice(wkey, options, value, format_func)
        kwargs = {"format_func": format_func} if format_func else {}
        out = st.radio(label, options=list(options), help=help, key=wkey, horizontal=horizontal, on_change=_touched,
                       args=(wkey,), **kwargs)
        return self._finish(key, out)

    def multiselect(self, key, label, options, value, max_selections=None, format_func=None, help=None,
                    placeholder=None):
        """``placeholder``: the text of the empty box in the page's language. No "Select all" entry: Streamlit
        writes it in English only."""
        one = _option_parser(options)

        def parse(text):
            chosen = [one(part) for part in text.split(",")] if text else []
            if len(set(map(encode, chosen))) != len(chosen):
                raise Invalid(text)
            if max_selections is not None and len(chosen) > max_selections:
                raise Invalid(text)
            return chosen

        wkey = self._prepare(key, list(value), parse)
        _settle_choice(wkey, options, list(value), format_func, many=True)
        kwargs = {"format_func": format_func} if format_func else {}
        out = st.multiselect(
            label, options=list(options), max_selections=max_selections, help=help, key=wkey,
            placeholder=placeholder, select_all=False, on_change=_touched, args=(wkey,), **kwargs
        )
        return self._finish(key, list(out))

    def toggle(self, key, label, value, help=None):
        wkey = self._prepare(key, bool(value), parse_bool)
        return self._finish(key, st.toggle(label, help=help, key=wkey, on_change=_touched, args=(wkey,)))

    def checkbox(self, key, label, value, help=None):
        wkey = self._prepare(key, bool(value), parse_bool)
        return self._finish(key, st.checkbox(label, help=help, key=wkey, on_change=_touched, args=(wkey,)))

    def number_input(self, key, label, min_value, max_value, value, step=None, help=None, format=None):
        wkey = self._prepare(key, value, _scalar_parser(value, min_value, max_value))
        out = st.number_input(
            label, min_value=min_value, max_value=max_value, step=step, help=help, format=format, key=wkey,
            on_change=_touched, args=(wkey,),
        )
        return self._finish(key, out)

    # ---- non-widget URL state (step counters, a clicked start point, a list of floats)
    def get(self, key: str, default: Any, parse: Callable[[str], Any] | None = None) -> Any:
        """Current value of a non-widget state ``key`` (URL if changed from outside, else session, else default).

        ``parse`` turns the URL text into a value and raises (``Invalid``/``ValueError``) when it is unusable;
        by default it is inferred from ``default`` (bool, int or float).
        """
        parse = parse or _scalar_parser(default)
        skey = self.widget_key(key)
        self._note_default(key, default)
        raw = self._url_value(key)
        if raw is not None:
            try:
                value = parse(raw)
            except (Invalid, ValueError, TypeError):
                value = default
                st.session_state.setdefault(REJECTED_KEY, {})[key] = raw
        else:
            value = st.session_state.get(skey, self._shadow().get(key, default))
        st.session_state[skey] = value
        self._publish(key, value, force=raw is not None)
        return value

    def set(self, key: str, value: Any) -> None:
        """Set a non-widget state value (and the URL). Call before ``get`` in the run, or in a callback."""
        st.session_state[self.widget_key(key)] = value
        self._publish(key, value)

    # ---- reset
    def forget(self) -> None:
        """Forget this page's widget states, shadows and written params, keeping the URL: every control then takes
        its URL value (as from a new link) or its default. For a "try this" link, before any widget renders."""
        prefix = f"{self.page_id}."
        for k in [k for k in st.session_state.keys() if isinstance(k, str) and k.startswith(prefix)]:
            del st.session_state[k]
        st.session_state.setdefault(SHADOW_KEY, {}).pop(self.page_id, None)
        st.session_state.setdefault(WRITTEN_KEY, {}).pop(self.page_id, None)
        st.session_state.get(TOUCHED_KEY, set()).difference_update(
            {k for k in st.session_state.get(TOUCHED_KEY, set()) if k.startswith(prefix)})

    def reset(self, keep: Sequence[str] = ("view",)) -> None:
        """Forget this page's state: widget keys, shadows, written params and URL params (except lang/lecture and
        the controls in ``keep``: "Reset this page" starts the section on screen again, it does not leave it).

        Meant for an ``on_click`` callback (runs before the script, so widget keys may be deleted).
        """
        kept = {k: st.session_state[self.widget_key(k)] for k in keep if self.widget_key(k) in st.session_state}
        self.forget()
        for key, value in kept.items():
            st.session_state[self.widget_key(key)] = value
        for name in [n for n in url_params() if n not in GLOBAL_PARAMS and n not in kept]:
            url_set(name, None)

"""The page shell: ``page = page_setup("activations")`` is the first call of every page script.

It sets the page config (title from the catalog, wide layout), resolves the language and lecture mode
(session state, mirrored in the URL as ``?lang=en|zh`` and ``lecture=1``), draws the sidebar
(translated navigation with ``st.page_link``, language, lecture mode, reset, copy link) and returns a
``Page`` with the helpers a page needs. Never call ``st.navigation`` (see docs/ARCHITECTURE.md).

A page with sections is a table of contents: ``page.sections([Section(...), ...], checks=...)`` draws the title,
the section chooser, the chosen section (its lesson text and its body, which reruns alone when one of its controls
changes: ``st.fragment``), "check yourself", "try this" and the source.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from explainer import charts, fmt, qr, tab, theme, transport
from explainer.checks import Question
from explainer.controls import (Controls, encode, flush_url, parse_bool, take_rejected, url_get, url_params,
                                 url_set)
from explainer.i18n import DEFAULT_LANG, LANG_NAMES, LANGS, resolve_lang, translate
from explainer.pages import ROOT, PageInfo, built_pages, get_page

FAVICON = ROOT / "assets" / "favicon.png"
TASK_PARAM = "task"  # a "try this" / "show me" link: its params set the view, every other control its default
CHECKS = "_check"    # session_state["_check"][page_id][question id] = (answer given, right?)
LANG_WRITTEN = "_shell.lang_written"
LECTURE_WRITTEN = "_shell.lecture_written"
LANG_SHOWN = "_shell.lang_shown"    # the language of the last run: a change makes the widgets show new labels
LANG_WIDGET = "_shell.lang_widget"
LECTURE_WIDGET = "_shell.lecture_widget"
SOURCE_OPEN = "_shell.source_open.{page}"  # "show the source" is open on that page (its code is sent only then)


@contextmanager
def open_only_expander(label: str, *, key: str, icon: str, expanded: bool = False) -> Iterator[bool]:
    """An expander whose contents are drawn only while it is open: ``with open_only_expander(...) as is_open: if
    is_open: …``. Opening or folding it reruns the page (``key`` holds its state); folded, it sends the browser
    nothing, so what it holds costs no page load and no setting change (code blocks, tables, formulas)."""
    box = st.expander(label, icon=icon, expanded=expanded, key=key, on_change="rerun")
    with box:
        yield box.open


# "show the source" reads sources one at a time: see _source
_SOURCE_LOCK = threading.Lock()
_SOURCE_ATTEMPTS = 3


@functools.lru_cache(maxsize=256)
def _source(obj: Any) -> str:
    """The source of an nncore function or class for "show the source" (cached: it never changes while the server
    runs).

    One at a time, and read again after a SystemError: ``inspect.getsource`` parses a class's module with ``ast``,
    and CPython 3.11 keeps the AST conversion's recursion count in interpreter-wide state, so two threads parsing at
    once — two students opening pages, or Streamlit compiling a page — can make one fail with "AST constructor
    recursion depth mismatch" (CPython gh-106905). ``benchmarks.soak`` hit it: a page crashed for a student.
    The lock keeps our own reads apart; the retry covers a parse by Streamlit at the same moment."""
    for _ in range(_SOURCE_ATTEMPTS - 1):
        try:
            return _read_source(obj)
        except SystemError:
            continue
    return _read_source(obj)


def _read_source(obj: Any) -> str:
    with _SOURCE_LOCK:
        try:
            return inspect.getsource(obj)
        except (TypeError, OSError):
            return inspect.getsource(type(obj))


@dataclass(frozen=True)
class Section:
    """One section of a page: the table-of-contents row ``page.sections`` draws.

    ``body(page)`` draws the section's controls, figures and live formulas; it reruns alone (a fragment) when one
    of its own controls changes. ``before`` / ``after`` are catalog keys of lesson text around it, ``sources`` the
    nncore objects its "show the source" expander prints, ``tries`` its "try this" tasks (text key, control params;
    ``view`` is added).
    """

    id: str
    body: Callable[["Page"], Any]
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    sources: tuple[Any, ...] = ()
    tries: tuple[tuple[str, Mapping[str, Any]], ...] = ()


@dataclass
class Page:
    """What a page script gets from ``page_setup``."""

    info: PageInfo
    lang: str
    lecture: bool
    controls: Controls
    _link_slot: Any = field(default=None, repr=False)
    _qr_slot: Any = field(default=None, repr=False)
    _fragment_depth: int = field(default=0, repr=False)
    _chart_scope: str = field(default="p", repr=False)   # where auto-keyed charts are: the page or a fragment
    _chart_n: int = field(default=0, repr=False)          # charts drawn so far in that scope, this run

    @property
    def id(self) -> str:
        return self.info.id

    # ---- text
    def t(self, key: str, **fmt: object) -> str:
        """Translate a full key (``"activations.title"``, ``"common.reset"``) into the page's language."""
        return translate(self.lang, key, **fmt)

    @contextmanager
    def header(self) -> Iterator[None]:
        """The title, then whatever the block draws (the intro, the section chooser); in lecture mode all of it in a
        left column beside the QR code of the current view, so the code costs the projector no height."""
        if not self.lecture:
            st.title(self.t(f"{self.id}.title"))
            yield
            return
        left, right = st.columns([5, 1], vertical_alignment="top")
        with right:
            self._qr_slot = st.empty()  # the image's own full-screen button shows it as large as the projector allows
        with left:
            st.title(self.t(f"{self.id}.title"))
            yield

    def lesson(self, key: str, topic: str | None = None) -> None:
        """Markdown prose from the catalog; collapsed in an expander in lecture mode (labelled with ``topic`` when
        given, so a section's notes are told apart from the page's introduction)."""
        if self.lecture:
            label = self.t("common.lesson_notes")
            with st.expander(f"{label} · {topic}" if topic else label):
                st.markdown(self.t(key))
        else:
            st.markdown(self.t(key))

    def formula(self, latex: str) -> None:
        st.latex(latex)

    def table(self, data: Any, *, hide_index: bool = True, number_format: str = "{:.4f}", **_: Any) -> None:
        """A small read-only table as static HTML (``st.table``), floats with four decimals.

        Not ``st.dataframe``: its grid rewrites its cells in the page ~200 ms after the run has finished, and a
        student waits for that on every change (measured in Chromium with benchmarks.settle). Extra keyword
        arguments meant for ``st.dataframe`` (width, column_config) are ignored."""
        frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
        floats = frame.select_dtypes(include="floating").columns
        styler = frame.style.format(number_format, subset=list(floats)) if len(floats) else frame.style
        st.table(styler.hide(axis="index") if hide_index else styler)

    # ---- charts
    def chart(self, fig: go.Figure | Mapping[str, Any], key: str | None = None,
              on_select: str | Callable | None = None, on_click: Callable[[float, float], None] | None = None,
              **kwargs: Any):
        """Draw a figure (a dict from ``theme.figure`` or a ``go.Figure``) with the app's theme: its title above it
        as page text (it wraps at any width), PNG export in the mode bar, no Plotly logo; in lecture mode larger
        fonts and a taller chart.

        Drawn by ``explainer.charts`` (redrawn in place on the next run); ``on_click(x, y)`` gets the data coordinates
        of a click. Only with ``on_select`` (Streamlit's selections: ``"rerun"`` and a ``key`` return the selection
        state) is it ``st.plotly_chart``.
        """
        figure, title = theme.spec(fig, lecture=self.lecture)
        if title:
            st.markdown(f"**{fmt.md_escape(title)}**")
            kwargs.setdefault("alt", title)  # the chart's accessible name
        if on_select is None and not kwargs.keys() - {"alt"} and charts.ready():
            # redrawn in place by Plotly.react (explainer/charts.py); the key keeps the same chart across reruns
            if key is None:
                key = f"{self._chart_scope}.{self._chart_n}"
                self._chart_n += 1
            return charts.draw(figure.to_dict(), key=f"{self.id}.chart.{key}", page=self.info.url_path,
                               config=theme.plotly_config(self.lang), alt=kwargs.get("alt"), on_click=on_click)
        return st.plotly_chart(
            figure,
            theme="streamlit",
            key=None if key is None else f"{self.id}.{key}",
            on_select=on_select or "ignore",
            config=theme.plotly_config(self.lang),
            width="stretch",
            **kwargs,
        )

    # ---- links
    def link_params(self, params: Mapping[str, Any] | None = None) -> dict[str, str]:
        """Query params for a link: the language and lecture mode plus ``params`` (encoded)."""
        out = {"lang": self.lang}
        if self.lecture:
            out["lecture"] = "1"
        out.update({k: encode(v) for k, v in (params or {}).items()})
        return out

    def task_params(self, params: Mapping[str, Any]) -> dict[str, str]:
        """Query params of a link that opens this page set up for a task: ``params`` set their controls and every
        other control of the page goes back to its default (so the class sees exactly what the task says)."""
        return self.link_params({**params, TASK_PARAM: 1})

    def try_this(self, items: Iterable[tuple[str, Mapping[str, Any]]]) -> None:
        """"Try this" tasks: each is (text key, control params); one click opens this page with those params and
        every other control at its default."""
        st.subheader(self.t("common.try_this"))
        for text_key, params in items:
            st.page_link(
                self.info.script,
                label=self.t(text_key),
                icon=":material/play_circle:",
                query_params=self.task_params(params),
            )
        self.flush_link()

    # ---- sections: the page as a table of contents
    def sections(self, sections: Iterable[Section], *, intro: str | None = None,
                 checks: Callable[[], Iterable[Question]] | None = None, extra_sources: Iterable[Any] = ()) -> str:
        """Title, intro, the section chooser (URL ``view``), the chosen section — its lesson text and its body as a
        fragment — then "check yourself", every section's "try this" tasks and the chosen section's source.
        Returns the chosen section's id."""
        table = {s.id: s for s in sections}
        ids = tuple(table)
        with self.header():
            self.lesson(intro or f"{self.id}.lesson.intro")
            chosen = self.controls.radio("view", self.t(f"{self.id}.section"), ids, ids[0],
                                         format_func=lambda s: self.t(f"{self.id}.sections.{s}"))
        section = table[chosen]
        topic = self.t(f"{self.id}.sections.{chosen}")
        for key in section.before:
            self.lesson(key, topic)
        st.fragment(_section_body)(self, section)
        for key in section.after:
            self.lesson(key, topic)
        if checks is not None:
            self.check(checks)
        tries = [(text, {"view": s.id, **params}) for s in table.values() for text, params in s.tries]
        if tries:
            self.try_this(tries)
        sources = (*section.sources, *extra_sources)
        if sources:
            self.show_source(*sources)
        self.flush_link()
        return chosen

    # ---- check yourself
    def check(self, questions: Callable[[], Iterable[Question]] | Iterable[Question]) -> None:
        """The page's "check yourself" questions (a fragment: answering one reruns only this block)."""
        st.fragment(_check_block)(self, questions)

    def show_source(self, *objects: Any) -> None:
        """An expander with the source code of the nncore functions / classes this page uses, filled in only while
        it is open (opening it reruns the page).

        Why: folded, its highlighted code still made the browser load Streamlit's code highlighter (1.5 MB) and
        highlight every line on each page load — a long task of ~0.3 s before the page's charts could be drawn (a
        link to a page drew its charts 0.3–0.6 s sooner without it: ``python -m benchmarks.first_chart``)."""
        with open_only_expander(self.t("common.show_source"), key=SOURCE_OPEN.format(page=self.id),
                                icon=":material/code:") as is_open:
            if is_open:
                for obj in objects:
                    st.code(_source(obj), language="python")
        flush_url()  # a page's last element: its URL writes go out together

    # ---- copy link and QR code (kept current: re-rendered every time a control writes the URL)
    def current_url(self) -> str:
        """The full URL of the view on screen (every control, the language, lecture mode): "copy link"."""
        params = self.controls.own({k: v for k, v in url_params().items() if k != TASK_PARAM})
        return qr.page_url(st.context.url or "", self.info.url_path, params)

    def scan_params(self) -> dict[str, str]:
        """The view for a student's own screen: the language and every control that is not at its default (a new
        session gives the others their defaults), without lecture mode."""
        params = {k: v for k, v in url_params().items() if k not in (TASK_PARAM, "lecture")}
        return self.controls.without_defaults(self.controls.own(params))

    def scan_url(self, params: Mapping[str, str] | None = None) -> str:
        """What the QR code carries (``scan_params``, or ``params``): short, so the code stays coarse enough to
        scan from the back of a hall; the playground's classroom link is built the same way."""
        return qr.page_url(st.context.url or "", self.info.url_path,
                           dict(self.scan_params() if params is None else params))

    def _render_link(self) -> None:
        """After a control wrote the URL: redraw "copy link" now — unless we are inside a fragment, whose end
        (``flush_link``) redraws it. A fragment may only write to a container outside it if it wrote there in the
        last full run too (Streamlit 1.67: StreamlitInvalidLayoutContextError), so writes from inside a fragment go
        through ``flush_link``, which every fragment calls at its end on every run, full runs included."""
        if self._link_slot is not None and not self._fragment_depth and not _streamlit_fragment_running():
            self._link_slot.code(self.current_url(), language=None)

    @contextmanager
    def fragment_scope(self, scope_id: str = "") -> Iterator[None]:
        """Wrap the body of a fragment whose controls write the URL: URL writes inside it redraw "copy link" and the
        QR code once, at its end, on every run (full runs included)."""
        self._fragment_depth += 1
        scope, n = self._chart_scope, self._chart_n
        self._chart_scope, self._chart_n = f"f{self._fragment_depth}.{scope_id}", 0
        try:
            yield
        finally:
            self._chart_scope, self._chart_n = scope, n
            self._fragment_depth -= 1
            if not self._fragment_depth:
                self.flush_link()

    def flush_link(self) -> None:
        """Send the run's URL writes (one browser history entry: ``controls.flush_url``) and redraw "copy link" and the
        lecture-mode QR code for that URL. Call it at the end of every run and of every run of a fragment whose
        controls write the URL (``page.sections`` does it for section bodies, ``try_this`` and ``show_source`` too)."""
        flush_url()
        rejected = take_rejected()
        if rejected:  # a hand-typed or damaged link: say which params were not used (the default stands in); only
            # their names, which are the controls' own: a link's text in the page could be Markdown, or a web address
            st.toast(self.t("common.link_ignored", params=", ".join(rejected)), icon=":material/link_off:",
                     duration="long")
        if self._link_slot is not None:
            self._link_slot.code(self.current_url(), language=None)
        if self._qr_slot is not None:
            with self._qr_slot.container():
                _qr_image(self.t, self.scan_url(), 8)


def _resolve_lang() -> str:
    """URL changed from outside (first visit, a shared link) wins; else the session's choice."""
    ss = st.session_state
    raw = st.query_params.get("lang")
    if raw is not None and raw != ss.get(LANG_WRITTEN):
        ss["lang"] = resolve_lang(raw)
    else:
        ss["lang"] = resolve_lang(ss.get("lang", DEFAULT_LANG))
    return ss["lang"]


def _resolve_lecture() -> bool:
    ss = st.session_state
    raw = st.query_params.get("lecture")
    if raw is not None and raw != ss.get(LECTURE_WRITTEN):
        try:
            ss["lecture"] = parse_bool(raw)
        except ValueError:
            ss["lecture"] = False
    else:
        ss["lecture"] = bool(ss.get("lecture", False))
    return ss["lecture"]


def _streamlit_fragment_running() -> bool:
    """Whether this code runs inside some ``st.fragment`` (or its widget callbacks) — Streamlit 1.67's thread state.
    A fragment that is not wrapped in ``Page.fragment_scope`` then leaves "copy link" as it was instead of failing."""
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState

        return ThreadState.get().fragment_id is not None
    except Exception:  # noqa: BLE001 - no run context (bare mode) or another Streamlit
        return False


def _section_body(page: Page, section: Section) -> None:
    """A section's body as a fragment: a change of one of its controls reruns only this (and the link / QR code)."""
    with page.fragment_scope(section.id):
        section.body(page)


def _check_block(page: Page, questions: Callable[[], Iterable[Question]] | Iterable[Question]) -> None:
    items = list(questions() if callable(questions) else questions)
    if not items:
        return
    t = page.t
    answers = st.session_state.setdefault(CHECKS, {}).setdefault(page.id, {})
    st.subheader(t("common.check.title"))
    st.caption(t("common.check.intro"))
    for i, q in enumerate(items, start=1):
        base = f"{page.id}.check.{q.id}"
        with st.form(key=f"{CHECKS}.{page.id}.{q.id}", border=True):
            text = t(f"{base}.q", **q.values)
            if not q.is_choice and q.tol > 0:
                text += " " + t("common.check.tolerance", tol=f"{q.tol:g}")
            st.markdown(f"**{i}.** {text}")
            ikey = f"{CHECKS}.{page.id}.{q.id}.in"
            if ikey not in st.session_state and answers.get(q.id, (None,))[0] is not None:
                # back on the page: Streamlit dropped the input's value when the page was left; the checked answer
                # shows again beside its feedback
                st.session_state[ikey] = answers[q.id][0]
            if q.is_choice:
                if page.controls.relabel and ikey in st.session_state:  # the new language's labels: see Controls
                    st.session_state[ikey] = st.session_state[ikey]
                # each answer is named by its question's number (a screen reader heard "Your answer" 3–4 times a page)
                given = st.radio(t("common.check.choose", n=i), q.options, index=None, label_visibility="collapsed",
                                 format_func=lambda o, b=base: t(f"{b}.options.{o}"), key=ikey)
            else:
                given = st.number_input(t("common.check.your_answer", n=i), value=None, step=10.0 ** -q.digits(),
                                        format=f"%.{q.digits()}f", key=ikey)
            if st.form_submit_button(t("common.check.submit"), icon=":material/check:"):
                answers[q.id] = (given, q.is_right(given))
        if q.id in answers:
            given, right = answers[q.id]
            why = t(f"{base}.why", **q.values)
            if given is None:
                st.info(t("common.check.empty"), icon=":material/edit:")
            elif right:
                st.success(f"{t('common.check.right')} {why}", icon=":material/check_circle:")
            else:
                st.error(f"{t('common.check.wrong')} {why}", icon=":material/help:")
            if given is not None and q.show_me:
                st.page_link(page.info.script, label=t("common.check.show_me"), icon=":material/visibility:",
                             query_params=page.task_params(q.show_me))


def _qr_dialog(page: Page) -> None:
    @st.dialog(page.t("common.qr_title"), width="large")
    def show() -> None:
        _qr_image(page.t, page.scan_url(), 14)

    show()


def _qr_image(t: Callable[..., str], url: str, scale: int) -> None:
    """The QR code of ``url`` with the URL under it; a URL too long for any QR code gets a message instead."""
    image = qr.png(url, scale=scale)
    if image is None:
        st.caption(t("common.qr_too_long", n=len(url)))
    else:
        st.image(image, caption=url, width="stretch", output_format="PNG", alt=t("common.qr_alt"))


def _start_task(controls: Controls) -> None:
    """A "try this" / "show me" link was followed: forget this page's settings so that the link's params apply and
    every other control takes its default; then take the marker out of the URL."""
    if st.query_params.get(TASK_PARAM) is None:
        return
    controls.forget()
    url_set(TASK_PARAM, None)
    tab.task_followed()


def _write_global_params(lang: str, lecture: bool) -> None:
    ss = st.session_state
    if url_get("lang") != lang:
        url_set("lang", lang)
    ss[LANG_WRITTEN] = lang
    if lecture:
        if url_get("lecture") != "1":
            url_set("lecture", "1")
        ss[LECTURE_WRITTEN] = "1"
    else:
        if url_get("lecture") is not None:
            url_set("lecture", None)
        ss[LECTURE_WRITTEN] = None


def _reset_page(page: Page) -> None:
    """"Reset this page": every control of the page back to its default (the section on screen stays), and the
    "check yourself" answers and their feedback cleared."""
    page.controls.reset()
    st.session_state.get(CHECKS, {}).pop(page.id, None)
    prefix = f"{CHECKS}.{page.id}."
    for key in [k for k in st.session_state.keys() if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[key]


def _on_lang_change() -> None:
    st.session_state["lang"] = resolve_lang(st.session_state.get(LANG_WIDGET))


def _on_lecture_change() -> None:
    st.session_state["lecture"] = bool(st.session_state.get(LECTURE_WIDGET))


def page_setup(page_id: str) -> Page:
    """Set up a page (call first in every page script) and return its ``Page``."""
    info = get_page(page_id)
    lang = _resolve_lang()
    lecture = _resolve_lecture()
    st.set_page_config(
        page_title=f"{translate(lang, f'{page_id}.title')} · {translate(lang, 'common.app_name')}",
        page_icon=str(FAVICON),  # shipped with the app: a material icon would be fetched from an outside font host
        layout="wide",
        # a projector needs the whole width; a phone opens with the page, not the menu ("auto")
        initial_sidebar_state="collapsed" if lecture else "auto",
    )
    _write_global_params(lang, lecture)
    transport.nodelay()  # once per session: answers to clicks are not held back by Nagle's algorithm
    st.html(theme.BASE_CSS)  # constant CSS, never user input
    if lecture:
        st.html(theme.LECTURE_CSS)  # constant CSS, never user input

    relabel = st.session_state.get(LANG_SHOWN) not in (None, lang)  # the student switched language
    st.session_state[LANG_SHOWN] = lang
    controls = Controls(page_id, relabel=relabel)
    _start_task(controls)
    page = Page(info=info, lang=lang, lecture=lecture, controls=controls)
    _sidebar(page)
    controls.on_publish = page._render_link
    return page


def _sidebar(page: Page) -> None:
    t = page.t
    with st.sidebar:
        st.markdown(f"### {t('common.app_name')}")
        for p in built_pages():
            st.page_link(p.script, label=t(p.nav_key), icon=p.icon, query_params=page.link_params())
        st.divider()
        st.session_state[LANG_WIDGET] = page.lang
        st.selectbox(
            t("common.language"),
            options=list(LANGS),
            format_func=lambda code: LANG_NAMES[code],
            key=LANG_WIDGET,
            on_change=_on_lang_change,
        )
        st.session_state[LECTURE_WIDGET] = page.lecture
        st.toggle(t("common.lecture_mode"), key=LECTURE_WIDGET, on_change=_on_lecture_change,
                  help=t("common.lecture_help"))
        if page.id != "home":
            st.button(
                # no tooltip: Streamlit puts it above the button, right over the lecture-mode toggle, and a click
                # meant for the toggle landed on it (the label says what the button does)
                t("common.reset_page"), icon=":material/restart_alt:", on_click=_reset_page, args=(page,),
                width="stretch",
            )
        with st.popover(t("common.copy_link"), icon=":material/link:", width="stretch"):
            st.caption(t("common.copy_link_help"))
            page._link_slot = st.empty()
            page._render_link()
        # beside "Copy link", not in it: a popover stays open under the dialog, and Escape folded the popover first
        # (two presses to close the dialog, the keyboard focus then lost to the page's top)
        if st.button(t("common.qr_large"), icon=":material/qr_code_2:", key="_shell.qr_large", width="stretch"):
            _qr_dialog(page)
        tab.sync(page.lang, page.info.url_path)  # <html lang>, Back, Plotly.js loaded early (explainer/tab.py)

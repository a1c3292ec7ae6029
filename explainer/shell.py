"""The page shell: ``page = page_setup("activations")`` is the first call of every page script.

It sets the page config (title from the catalog, wide layout), resolves the language and lecture mode
(session state, mirrored in the URL as ``?lang=en|zh`` and ``lecture=1``), draws the sidebar
(translated navigation with ``st.page_link``, language, lecture mode, reset, copy link) and returns a
``Page`` with the helpers a page needs. Never call ``st.navigation`` (see docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import plotly.graph_objects as go
import streamlit as st

from explainer import theme
from explainer.controls import Controls, encode, parse_bool
from explainer.i18n import DEFAULT_LANG, LANG_NAMES, LANGS, resolve_lang, translate
from explainer.pages import PageInfo, built_pages, get_page

LANG_WRITTEN = "_shell.lang_written"
LECTURE_WRITTEN = "_shell.lecture_written"
LANG_WIDGET = "_shell.lang_widget"
LECTURE_WIDGET = "_shell.lecture_widget"


@functools.lru_cache(maxsize=256)
def _source(obj: Any) -> str:
    try:
        return inspect.getsource(obj)
    except (TypeError, OSError):
        return inspect.getsource(type(obj))


@dataclass
class Page:
    """What a page script gets from ``page_setup``."""

    info: PageInfo
    lang: str
    lecture: bool
    controls: Controls
    _link_slot: Any = field(default=None, repr=False)

    @property
    def id(self) -> str:
        return self.info.id

    # ---- text
    def t(self, key: str, **fmt: object) -> str:
        """Translate a full key (``"activations.title"``, ``"common.reset"``) into the page's language."""
        return translate(self.lang, key, **fmt)

    def title(self) -> None:
        st.title(self.t(f"{self.id}.title"))

    def lesson(self, key: str) -> None:
        """Markdown prose from the catalog; collapsed in an expander in lecture mode."""
        if self.lecture:
            with st.expander(self.t("common.lesson_notes")):
                st.markdown(self.t(key))
        else:
            st.markdown(self.t(key))

    def formula(self, latex: str) -> None:
        st.latex(latex)

    # ---- charts
    def chart(self, fig: go.Figure, key: str | None = None, on_select: str | Callable | None = None):
        """Draw a Plotly figure with the app's theme; PNG export in the mode bar, no Plotly logo.

        With ``on_select="rerun"`` (and a ``key``) returns the selection state, e.g. clicked points.
        """
        return st.plotly_chart(
            fig,
            theme="streamlit",
            key=None if key is None else f"{self.id}.{key}",
            on_select=on_select or "ignore",
            config=dict(theme.PLOTLY_CONFIG),
            width="stretch",
        )

    # ---- links
    def link_params(self, params: Mapping[str, Any] | None = None) -> dict[str, str]:
        """Query params for a link: the language and lecture mode plus ``params`` (encoded)."""
        out = {"lang": self.lang}
        if self.lecture:
            out["lecture"] = "1"
        out.update({k: encode(v) for k, v in (params or {}).items()})
        return out

    def try_this(self, items: Iterable[tuple[str, Mapping[str, Any]]]) -> None:
        """"Try this" tasks: each is (text key, control params); one click opens this page with those params.

        Params listed win over the current settings (the URL changed from outside); others keep their values.
        """
        st.subheader(self.t("common.try_this"))
        for text_key, params in items:
            st.page_link(
                self.info.script,
                label=self.t(text_key),
                icon=":material/play_circle:",
                query_params=self.link_params(params),
            )

    def show_source(self, *objects: Any) -> None:
        """An expander with the source code of the nncore functions / classes this page uses."""
        with st.expander(self.t("common.show_source"), icon=":material/code:"):
            for obj in objects:
                st.code(_source(obj), language="python")

    # ---- copy link (kept current: re-rendered every time a control writes the URL)
    def current_url(self) -> str:
        base = (st.context.url or "").split("?")[0]
        query = urlencode({k: st.query_params[k] for k in st.query_params.keys()})
        return f"{base}?{query}" if query else base

    def _render_link(self) -> None:
        if self._link_slot is not None:
            self._link_slot.code(self.current_url(), language=None)


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


def _write_global_params(lang: str, lecture: bool) -> None:
    ss = st.session_state
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    ss[LANG_WRITTEN] = lang
    if lecture:
        if st.query_params.get("lecture") != "1":
            st.query_params["lecture"] = "1"
        ss[LECTURE_WRITTEN] = "1"
    else:
        if "lecture" in st.query_params:
            del st.query_params["lecture"]
        ss[LECTURE_WRITTEN] = None


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
        page_icon=":material/neurology:",
        layout="wide",
        initial_sidebar_state="expanded",
    )
    _write_global_params(lang, lecture)
    if lecture:
        st.html(theme.LECTURE_CSS)  # constant CSS, never user input

    controls = Controls(page_id)
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
                t("common.reset_page"), icon=":material/restart_alt:", on_click=page.controls.reset,
                help=t("common.reset_help"), width="stretch",
            )
        with st.popover(t("common.copy_link"), icon=":material/link:", width="stretch"):
            st.caption(t("common.copy_link_help"))
            page._link_slot = st.empty()
            page._render_link()

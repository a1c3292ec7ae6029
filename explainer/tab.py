"""What the app changes in the student's browser tab beyond the page: the document's language and the history.

A tiny component (no layout of its own, drawn on every run in the sidebar):

- **The document's language.** Streamlit's page says ``<html lang="en">`` whatever the app shows; a screen reader
  then reads a Chinese page with an English voice. The component sets it to the page's language
  (``i18n.HTML_LANG``) on every run, a language switch included.
- **One history entry per page opened** (Back leaves a page in one press). A page's first run writes its controls'
  values into the URL (so the address bar is a link to the view). Streamlit adds a history entry for every URL its
  script writes, so opening a page made two: the link (``/activations?lang=en``) and the same page with its
  defaults filled in (``/activations?lang=en&view=compare&…``). Back from there went to the same page, and leaving
  it took two presses. Now a new history entry whose address is the current one with parameters **only added**
  (same path, every parameter there kept with its value) replaces the current entry instead. Everything a student
  changes — a control's value, a section, a page, a reset — changes or removes a parameter, and still gets its own
  entry (Back undoes it).
"""

from __future__ import annotations

import streamlit as st

from explainer.i18n import HTML_LANG

NAME = "nnx_tab"

JS = r"""
function guardHistory() {
  if (window.__nnxHistory) return;  // once per tab: page switches keep the same document
  window.__nnxHistory = true;
  const push = window.history.pushState.bind(window.history);
  const onlyAdds = (url) => {
    const next = new URL(url, window.location.href), now = new URL(window.location.href);
    if (next.origin !== now.origin || next.pathname !== now.pathname || next.hash !== now.hash) return false;
    for (const [k, v] of now.searchParams) if (!next.searchParams.getAll(k).includes(v)) return false;
    return true;
  };
  window.history.pushState = function (state, title, url) {
    if (url != null && onlyAdds(url)) return window.history.replaceState(state, title, url);
    return push(state, title, url);
  };
}

export default function (component) {
  guardHistory();
  const lang = component.data && component.data.lang;
  if (lang && document.documentElement.lang !== lang) document.documentElement.lang = lang;
}
"""


@st.cache_resource(show_spinner=False, max_entries=1)
def _component():
    """Registered once per process (the component registry keeps it)."""
    return st.components.v2.component(NAME, html="", js=JS)


def sync(lang: str) -> None:
    """Mount or update the component for a page in ``lang`` (once per run, in the sidebar: it takes no room)."""
    _component()(key=NAME, data={"lang": HTML_LANG[lang]})

"""Home: what the app is, the learning path, how to use it in a lecture, the source articles (Article 1–5, the
numbering every lesson cites)."""

import streamlit as st

from explainer.pages import built_pages
from explainer.shell import page_setup

page = page_setup("home")
t = page.t

with page.header():  # lecture mode: the intro beside the QR code, which then costs the projector no height
    st.markdown(t("home.intro"))

st.header(t("home.path_heading"))
st.caption(t("home.path_intro"))
for info in built_pages():
    if info.id == "home":
        continue
    st.page_link(info.script, label=t(info.nav_key), icon=info.icon, query_params=page.link_params())
    st.caption(t(f"home.path.{info.id}"))

st.header(t("home.lecture_heading"))
st.markdown(t("home.lecture_body"))

st.header(t("home.sources_heading"))
st.caption(t("home.sources_intro"))
st.markdown("\n".join(f"- {t(f'home.sources.s{n}')}" for n in range(1, 6)))

page.flush_link()  # lecture mode: the QR code beside the title

"""Home: both languages, the learning path (a one-liner per page), lecture use that matches what the sidebar offers,
and the five source articles numbered as every lesson cites them (glossary.toml [articles])."""

from __future__ import annotations

import tomllib

import pytest

from explainer.i18n import CATALOG_DIR, LANGS, translate
from explainer.pages import built_pages
from tests.helpers import run_page

ARTICLES = tomllib.loads((CATALOG_DIR / "glossary.toml").read_text(encoding="utf-8"))["articles"]


def cited(lang: str, n: int) -> str:
    """How a text cites article n with its title (the glossary's format)."""
    title = ARTICLES[str(n)][lang]
    return f"**Article {n}** (*{title}*)" if lang == "en" else f"**文章 {n}**《{title}》"


@pytest.mark.parametrize("lang", LANGS)
def test_home_lists_the_five_articles_in_the_lessons_numbering(lang):
    at = run_page("home", lang=lang)
    assert not at.exception
    sources = [m.value for m in at.markdown if m.value.startswith(f"- {cited(lang, 1)}")]
    assert len(sources) == 1
    items = sources[0].split("\n")
    assert len(items) == 5 == len(ARTICLES)
    for n, item in enumerate(items, start=1):
        assert item.startswith(f"- {cited(lang, n)}"), item
        assert len(item) > len(cited(lang, n)) + 20  # what the article contributes follows its title


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_a_link_and_a_one_liner(lang):
    at = run_page("home", lang=lang)
    links = [el.proto.label for el in at.main.get("page_link")]
    pages = [p for p in built_pages() if p.id != "home"]
    assert links == [translate(lang, p.nav_key) for p in pages]
    captions = [c.value for c in at.caption]
    for p in pages:
        assert translate(lang, f"home.path.{p.id}") in captions


@pytest.mark.parametrize("lang", LANGS)
def test_lecture_text_matches_what_home_offers(lang):
    """"Reset this page" is on the lesson pages, not on Home: the text says so, and Home has no such button."""
    at = run_page("home", lang=lang)
    reset = translate(lang, "common.reset_page")
    assert not [b for b in at.sidebar.button if b.label == reset]
    body = translate(lang, "home.lecture_body")
    assert reset in body
    line = [ln for ln in body.splitlines() if reset in ln][0]
    assert {"en": "every lesson page", "zh": "每个课程页面"}[lang] in line
    assert translate(lang, "common.qr_large") in body and translate(lang, "common.check.title") in \
        translate(lang, "home.intro")


@pytest.mark.parametrize("lang", LANGS)
def test_lecture_mode_on_home_shows_the_qr_code_of_home(lang):
    at = run_page("home", lang=lang, params={"lecture": "1"})
    assert not at.exception
    captions = [img.caption for el in at.image for img in el.proto.imgs]
    assert len(captions) == 1
    url = captions[0]  # under AppTest there is no host: the path and query
    assert url.endswith(f"?lang={lang}")  # the student's view: the language; lecture mode stays on the projector
    assert url.split("?")[0].rstrip("/") == ""  # Home: no page path


@pytest.mark.parametrize("lang,page_id,words", [
    ("en", "forward_pass", ("universal approximation", "1-2-1", "beans")),
    ("zh", "forward_pass", ("万能逼近", "1-2-1", "豆豆")),
    ("en", "backprop", ("Gaussian", "beans")),
    ("zh", "backprop", ("高斯", "豆豆")),
    ("en", "regularization", ("validation", "Article 5", "early stopping")),
    ("zh", "regularization", ("验证集", "文章 5", "早停")),
    ("en", "softmax_entropy", ("H(p, q) = H(p) + KL(p‖q)", "p − y")),
    ("en", "activations", ("sigmoid against tanh measured",)),
])
def test_one_liners_name_what_the_pages_now_teach(lang, page_id, words):
    text = translate(lang, f"home.path.{page_id}")
    for word in words:
        assert word in text, (page_id, word)

"""One term per concept, in both languages, on every page (assets/i18n/glossary.toml); the source articles are
cited as "Article N" with their titles, never by file number or as "seed"."""

from __future__ import annotations

import re
import tomllib

import pytest

from explainer.i18n import CATALOG_DIR, all_keys

GLOSSARY = tomllib.loads((CATALOG_DIR / "glossary.toml").read_text(encoding="utf-8"))
EN, ZH = all_keys("en"), all_keys("zh")
TERMS = GLOSSARY["terms"]
# How the source articles must never be cited (by file number, or as the "seed" folder): kept here, not in a catalog,
# so that no file of texts holds them
NOT_CITATIONS = {
    "en": ["seed 00", "Seed 00", "seed article", "000_", "001_", "002_", "003_", "004_"],
    "zh": ["种子文章", "种子 00", "资料 00", "资料00", "文章 00", "文章00", "000_", "001_", "002_", "003_", "004_"],
}


@pytest.mark.parametrize("name", sorted(TERMS))
def test_avoided_variants_never_appear(name):
    term = TERMS[name]
    for lang, catalog, key in (("zh", ZH, "avoid_zh"), ("en", EN, "avoid_en")):
        bad = [(k, v) for k, v in catalog.items() for word in term.get(key, []) if word in v]
        assert not bad, f"{name}: use {term[lang]!r}, not {[w for w in term.get(key, []) if any(w in v for _, v in bad)]} " \
                        f"in {[k for k, _ in bad]}"


@pytest.mark.parametrize("name", sorted(n for n, t in TERMS.items() if t.get("paired")))
def test_paired_terms_are_translated_the_same_way(name):
    term = TERMS[name]
    pattern = re.compile(rf"\b{re.escape(term['en'])}", re.IGNORECASE)
    missing = [k for k, v in EN.items() if pattern.search(v) and k in ZH and term["zh"] not in ZH[k]]
    assert not missing, f"{term['en']!r} is {term['zh']!r} in Chinese; not so in {missing}"


def test_the_section_chooser_is_called_the_same_everywhere():
    labels = {k: v for k, v in ZH.items() if re.fullmatch(r"[a-z_]+\.section", k)}
    assert labels and set(labels.values()) == {TERMS["section"]["zh"]}, labels


def test_required_terms():
    wrong = {k: ZH.get(k) for k, word in GLOSSARY["require_zh"].items() if word not in (ZH.get(k) or "")}
    assert not wrong, wrong


def test_articles_are_never_cited_by_file_number_or_as_seeds():
    for lang, catalog in (("en", EN), ("zh", ZH)):
        bad = [(k, w) for k, v in catalog.items() for w in NOT_CITATIONS[lang] if w in v]
        assert not bad, bad


def test_a_random_seed_is_called_a_seed_in_chinese_too():
    """"seed 0" in English is "随机种子 0" (or "种子") in Chinese, as on the seed controls — not "编号" (a number), which
    left a student unsure which control a task meant."""
    missing = [k for k, v in EN.items() if re.search(r"\bseeds?\b", v, re.IGNORECASE) and "种子" not in ZH.get(k, "")]
    assert not missing, missing


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_text_that_cites_an_article_names_its_title(lang):
    word = {"en": r"Article\s*(\d)", "zh": r"文章\s*(\d)"}[lang]
    catalog = EN if lang == "en" else ZH
    bad = []
    for k, v in catalog.items():
        for n in set(re.findall(word, v)):
            assert n in GLOSSARY["articles"], f"{k}: there is no article {n}"
            if GLOSSARY["articles"][n][lang] not in v:
                bad.append((k, n))
    assert not bad, f"a text citing an article names its title at least once: {bad}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_is_called_in_the_menu_what_its_title_says(lang):
    catalog = EN if lang == "en" else ZH
    for key, label in catalog.items():
        if key.startswith("common.nav.") and key != "common.nav.home":
            page = key.rsplit(".", 1)[1]
            def norm(text: str) -> str:
                return text.lower().removeprefix("the ").replace("与", "和").replace("&", "and")

            title = catalog.get(f"{page}.title", "")
            assert norm(label) == norm(title), (lang, page, label, title)

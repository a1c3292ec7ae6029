"""docs/ARTICLES.md maps every topic of the five source articles to a page and section that exist, and leaves no
article without its topics (the topics are those ../shared/seeds/README.md lists for each article)."""

from __future__ import annotations

import importlib
import re
import tomllib

from explainer.i18n import CATALOG_DIR
from explainer.pages import PAGES, ROOT

ROWS = [
    [cell.strip() for cell in line.strip().strip("|").split("|")]
    for line in (ROOT / "docs" / "ARTICLES.md").read_text(encoding="utf-8").splitlines()
    if re.match(r"^\|\s*\d\s*\|", line)
]
TITLES = tomllib.loads((CATALOG_DIR / "glossary.toml").read_text(encoding="utf-8"))["articles"]


def test_every_row_names_an_existing_page_section():
    pages = {p.id for p in PAGES}
    for number, title, topic, where in ROWS:
        page, _, section = (part.strip() for part in where.partition("·"))
        assert page in pages, (topic, where)
        sections = getattr(importlib.import_module(f"explainer.views.{page}"), "SECTIONS", ())
        assert section in sections, (topic, where)
        assert title == TITLES[number]["en"].split(":")[0] or title.startswith(TITLES[number]["en"][:20]), title


def test_every_article_has_its_topics():
    counts = {n: sum(1 for row in ROWS if row[0] == n) for n in TITLES}
    assert all(c >= 5 for c in counts.values()), counts
    assert len({row[2] for row in ROWS}) == len(ROWS), "a topic listed twice"

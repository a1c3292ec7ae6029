"""The page registry, in navigation order.

Navigation shows only pages whose script exists, so a page appears as soon as its file is committed.
Labels come from the catalog key ``common.nav.<id>``; a page's own title is ``<id>.title``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PageInfo:
    """One page: ``id`` (also the URL path and catalog namespace), its script, its icon."""

    id: str
    script: str  # relative to the project root, e.g. "pages/2_activations.py"
    icon: str  # a Streamlit material icon, e.g. ":material/show_chart:"
    has_charts: bool = True  # the browser test expects a Plotly chart on this page

    @property
    def path(self) -> Path:
        return ROOT / self.script

    @property
    def exists(self) -> bool:
        return self.path.is_file()

    @property
    def url_path(self) -> str:
        """Path part of the page URL ("" for Home)."""
        return "" if self.id == "home" else self.id

    @property
    def nav_key(self) -> str:
        return f"common.nav.{self.id}"


PAGES: tuple[PageInfo, ...] = (
    PageInfo("home", "app.py", ":material/home:", has_charts=False),
    PageInfo("neuron", "pages/1_neuron.py", ":material/radio_button_checked:"),
    PageInfo("activations", "pages/2_activations.py", ":material/show_chart:"),
    PageInfo("forward_pass", "pages/3_forward_pass.py", ":material/arrow_forward:"),
    PageInfo("backprop", "pages/4_backprop.py", ":material/arrow_back:"),
    PageInfo("gradient_descent", "pages/5_gradient_descent.py", ":material/landscape:"),
    PageInfo("regularization", "pages/6_regularization.py", ":material/tune:"),
    PageInfo("softmax_entropy", "pages/7_softmax_entropy.py", ":material/bar_chart:"),
    PageInfo("playground", "pages/8_playground.py", ":material/sports_esports:"),
)


def built_pages() -> tuple[PageInfo, ...]:
    """The pages whose script exists, in navigation order."""
    return tuple(p for p in PAGES if p.exists)


def get_page(page_id: str) -> PageInfo:
    for p in PAGES:
        if p.id == page_id:
            return p
    raise ValueError(f"unknown page id {page_id!r}; valid: {', '.join(p.id for p in PAGES)}")

"""The QR code of the current view, so a hall of students can scan the projector and land in exactly that view.

The code carries the page's full URL (every control, the language). Its base — scheme, host and any path prefix —
is the address the browser used, unless the server sets the public address students can reach:

    EXPLAINER_PUBLIC_URL=https://nn.example.edu/explainer streamlit run app.py

(behind a proxy, or when the lecturer's laptop opens ``localhost``). Generated with ``segno`` (pure Python).
"""

from __future__ import annotations

import functools
import io
import os
from urllib.parse import urlencode, urlsplit

import segno

PUBLIC_URL_ENV = "EXPLAINER_PUBLIC_URL"
DARK, LIGHT = "#000000", "#ffffff"  # black on white: every phone camera reads it, in both themes


def public_base() -> str | None:
    """The configured public address (no trailing slash), or None when the browser's own address is used."""
    value = os.environ.get(PUBLIC_URL_ENV, "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None  # a malformed setting never breaks a page: the browser's address is used instead
    return value.rstrip("/")


def page_url(browser_url: str, url_path: str, params: dict[str, str]) -> str:
    """The URL of a view: ``<base>/<url_path>?<params>``.

    ``browser_url`` is what the browser reports (``st.context.url``, without the query); ``url_path`` is the page's
    path ("" for Home). With ``EXPLAINER_PUBLIC_URL`` set, that address replaces the browser's.
    """
    base = public_base()
    if base is None:
        base = (browser_url or "").split("?")[0].split("#")[0].rstrip("/")
        if url_path and base.endswith("/" + url_path):
            base = base[: -len(url_path) - 1]
    page = f"{base}/{url_path}" if url_path else (base + "/" if base else "")
    query = urlencode(params)
    return f"{page}?{query}" if query else page


@functools.lru_cache(maxsize=128)
def png(url: str, scale: int = 8) -> bytes | None:
    """The QR code of ``url`` as PNG bytes (error correction M: still reads with a corner covered); None when no QR
    code holds that much (about 2 300 characters)."""
    try:
        code = segno.make(url, error="m", micro=False)
    except segno.DataOverflowError:
        return None
    buf = io.BytesIO()
    code.save(buf, kind="png", scale=scale, border=3, dark=DARK, light=LIGHT)
    return buf.getvalue()

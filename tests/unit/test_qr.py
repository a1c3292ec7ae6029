"""The QR code carries exactly the view's URL (decoded with zxing-cpp), with the public address when one is set."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from explainer import qr
from tests.helpers import require

zxingcpp = require("zxingcpp")

URLS = [
    "http://127.0.0.1:8501/activations?lang=en&lecture=1&view=compare&fns=sigmoid%2Ctanh%2Crelu&slope=0.01&z=2",
    "https://nn.example.edu/explainer/regularization?lang=zh&lecture=1&view=overfit&n=15&noise=0.3&width=32"
    "&layers=2&epochs=1000&l2=0.003&drop=0&patience=50&at=1000&seed=0",
    "http://localhost:8501/?lang=zh",
]


def decode_png(data: bytes) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(data)).convert("L"))]


@pytest.mark.parametrize("url", URLS)
def test_png_decodes_to_the_url(url):
    assert decode_png(qr.png(url)) == [url]
    assert decode_png(qr.png(url, scale=3)) == [url]


def test_page_url_from_the_browser_address(monkeypatch):
    monkeypatch.delenv(qr.PUBLIC_URL_ENV, raising=False)
    assert qr.page_url("http://h:8501/activations", "activations", {"lang": "en", "z": "2"}) == \
        "http://h:8501/activations?lang=en&z=2"
    assert qr.page_url("http://h:8501/", "", {"lang": "zh"}) == "http://h:8501/?lang=zh"
    # a comma in a list value is escaped, and decoding gives it back
    assert "fns=a%2Cb" in qr.page_url("http://h/activations", "activations", {"fns": "a,b"})


def test_public_address_replaces_the_browser_one(monkeypatch):
    monkeypatch.setenv(qr.PUBLIC_URL_ENV, "https://nn.example.edu/explainer/")
    assert qr.page_url("http://localhost:8501/backprop", "backprop", {"lang": "en"}) == \
        "https://nn.example.edu/explainer/backprop?lang=en"
    monkeypatch.setenv(qr.PUBLIC_URL_ENV, "not a url")  # a malformed setting falls back to the browser's address
    assert qr.page_url("http://localhost:8501/backprop", "backprop", {}) == "http://localhost:8501/backprop"

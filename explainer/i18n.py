"""Text catalogs: ``t("activations.title", **fmt)``.

A key is ``<namespace>.<dotted.path>``; the namespace names the file ``assets/i18n/<lang>/<namespace>.toml``
(nested TOML tables give the dotted path). The language lives in ``st.session_state["lang"]``
(and in the URL as ``?lang=``; see ``explainer.shell``).

A missing key never crashes a page: ``t`` shows the key itself. ``tests/app/test_shell.py`` fails instead.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import streamlit as st

CATALOG_DIR = Path(__file__).resolve().parent.parent / "assets" / "i18n"
LANGS: tuple[str, ...] = ("en", "zh")
DEFAULT_LANG = "en"
LANG_NAMES: Mapping[str, str] = MappingProxyType({"en": "English", "zh": "简体中文"})
# the page's <html lang>: a screen reader picks its voice from it
HTML_LANG: Mapping[str, str] = MappingProxyType({"en": "en", "zh": "zh-CN"})


def resolve_lang(value: object) -> str:
    """A valid language code for any input: "zh", and as a browser or a lecturer may write it "ZH", "zh-CN",
    "zh_Hans"; unknown or malformed values give ``DEFAULT_LANG``."""
    if not isinstance(value, str):
        return DEFAULT_LANG
    if value in LANGS:
        return value
    primary = value.strip().replace("_", "-").split("-")[0].casefold()
    return primary if primary in LANGS else DEFAULT_LANG


# Chinese characters, CJK and full-width punctuation. A line break inside a Markdown paragraph is shown as a space;
# between two of these it is a stray gap in Chinese ("梯度 缩小"), so the catalog's wrapped lines are joined there.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_CJK_BREAK = re.compile(rf"([{_CJK}])(\**)\n(\**)(?=[{_CJK}])")


def join_cjk_lines(text: str) -> str:
    """Remove a line break that sits between two Chinese characters (bold markers ``**`` beside it allowed).
    A break beside Latin text stays: it reads as the space Chinese typography puts there ("用 tanh")."""
    return _CJK_BREAK.sub(r"\1\2\3", text)


def _flatten(table: Mapping, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, key + "."))
        else:
            flat[key] = str(value)
    return flat


@functools.lru_cache(maxsize=64)
def load_catalog(lang: str, namespace: str) -> Mapping[str, str]:
    """The read-only, flattened catalog of one namespace (empty if the file does not exist)."""
    path = CATALOG_DIR / resolve_lang(lang) / f"{namespace}.toml"
    if not path.is_file():
        return MappingProxyType({})
    with path.open("rb") as fh:
        flat = _flatten(tomllib.load(fh))
    if resolve_lang(lang) == "zh":
        flat = {key: join_cjk_lines(text) for key, text in flat.items()}
    return MappingProxyType(flat)


def namespaces(lang: str) -> tuple[str, ...]:
    """Names of the catalog files of one language."""
    return tuple(sorted(p.stem for p in (CATALOG_DIR / resolve_lang(lang)).glob("*.toml")))


def all_keys(lang: str) -> Mapping[str, str]:
    """Every full key (``namespace.path``) of one language with its text."""
    out: dict[str, str] = {}
    for ns in namespaces(lang):
        out.update({f"{ns}.{k}": v for k, v in load_catalog(lang, ns).items()})
    return MappingProxyType(out)


def lookup(lang: str, key: str) -> str | None:
    """The text for ``key`` in ``lang``, or None when it is missing."""
    namespace, _, path = key.partition(".")
    return load_catalog(lang, namespace).get(path) if path else None


def translate(lang: str, key: str, **fmt: object) -> str:
    """Look up ``key`` and fill ``{placeholders}`` from ``fmt``; a missing key shows the key itself."""
    text = lookup(lang, key)
    if not text:
        return key
    if not fmt:
        return text
    try:
        return text.format(**fmt)
    except (KeyError, IndexError, ValueError):
        return text


def current_lang() -> str:
    return resolve_lang(st.session_state.get("lang"))


def t(key: str, **fmt: object) -> str:
    """Translate ``key`` into the session's language."""
    return translate(current_lang(), key, **fmt)


@functools.lru_cache(maxsize=4)
def library_texts(library: str) -> Mapping[str, tuple[str, ...]]:
    """Every language's texts for a library's words (``common.<library>``), in one order: ``{"en": ("Open", …),
    "zh": ("展开选项", …)}`` — to translate them into a page's language from whichever language they are in."""
    prefix = f"{library}."
    keys = sorted(k for k in load_catalog("en", "common") if k.startswith(prefix))
    return MappingProxyType({lang: tuple(load_catalog(lang, "common").get(k) or load_catalog("en", "common")[k]
                                         for k in keys) for lang in LANGS})


def library_words(lang: str, library: str) -> Mapping[str, str]:
    """A library's own English words with their translation into ``lang``: ``{"Zoom in": "放大", …}`` (from
    :func:`library_texts`); empty for English."""
    texts = library_texts(library)
    return MappingProxyType({en: ours for en, ours in zip(texts["en"], texts[resolve_lang(lang)]) if ours != en})

"""Catalog text as the page shows it: a wrapped line inside a Chinese paragraph is joined without a gap."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

from explainer import i18n


def test_a_break_between_chinese_characters_is_joined_and_one_beside_latin_text_stays():
    assert i18n.join_cjk_lines("每一层都让梯度\n缩小") == "每一层都让梯度缩小"
    assert i18n.join_cjk_lines("落进\n**饱和区**\n权重") == "落进**饱和区**权重"  # bold markers beside the break
    assert i18n.join_cjk_lines("输出 0，\n**sigmoid") == "输出 0，\n**sigmoid"  # shown as a space before Latin text
    assert i18n.join_cjk_lines("用\ntanh") == "用\ntanh"
    assert i18n.join_cjk_lines("段落一。\n\n段落二") == "段落一。\n\n段落二"  # a new paragraph stays one
    assert i18n.join_cjk_lines("列表：\n- 第一项") == "列表：\n- 第一项"  # so does a list
    assert i18n.join_cjk_lines("the\nnext line") == "the\nnext line"


def test_chinese_lessons_have_no_gap_where_the_catalog_wraps_a_line():
    raw = tomllib.loads((i18n.CATALOG_DIR / "zh" / "activations.toml").read_text(encoding="utf-8"))
    assert "f′，\n两者" in raw["lesson"]["depth"]  # the file wraps the line there …
    shown = i18n.translate("zh", "activations.lesson.depth")
    assert "f′，两者" in shown and "f′， 两者" not in shown  # … the page does not
    for key, text in i18n.all_keys("zh").items():
        assert not i18n._CJK_BREAK.search(text), key
    assert "\n" in i18n.translate("en", "activations.lesson.depth")  # English keeps its breaks (shown as spaces)


def _shipped_js(package_dir: Path, pattern: str) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in package_dir.glob(pattern))


# words Streamlit puts together while the page runs: the pieces its code holds
BUILT = {"Press Enter to submit form": ("Press Enter to ${e}", "`submit form`"),
         "Press Enter to apply": ("Press Enter to ${e}", "`apply`"),
         "The page that you have requested does not seem to exist. Running the app's main page.":
             ("The page that you have requested does not seem to exist", ". Running the app's main page.")}


def test_the_library_words_we_translate_are_the_ones_the_libraries_show():
    """``common.plotly`` and ``common.streamlit`` hold Plotly's and Streamlit's own English words, which a Chinese page
    shows translated. Each must be a word the installed library really writes (an update that rewords one would
    otherwise leave it in English without a failing test)."""
    import plotly
    import streamlit

    plotly_js = _shipped_js(Path(plotly.__file__).parent / "package_data", "plotly.min.js")
    streamlit_js = _shipped_js(Path(streamlit.__file__).parent / "static" / "static" / "js", "*.js")
    for library, js in (("plotly", plotly_js), ("streamlit", streamlit_js)):
        words = i18n.library_texts(library)["en"]
        assert len(words) > 10
        missing = [w for w in words if not all(part in js for part in BUILT.get(w, w.split("{x}")) if part.strip())]
        assert not missing, f"{library} no longer writes {missing}"


def test_library_words_map_english_to_the_page_language_and_keep_placeholders():
    zh = i18n.library_words("zh", "plotly")
    assert zh["Zoom in"] == i18n.translate("zh", "common.plotly.zoom_in") != "Zoom in"
    assert i18n.library_words("en", "plotly") == {}
    texts = i18n.library_texts("streamlit")
    assert len(texts["en"]) == len(texts["zh"])
    for en, zh_text in zip(texts["en"], texts["zh"]):
        assert ("{x}" in en) == ("{x}" in zh_text), (en, zh_text)
        assert not re.search(r"[\u4e00-\u9fff]", en) and re.search(r"[\u4e00-\u9fff]", zh_text), (en, zh_text)


def _bold_markers_that_cannot_work(text: str) -> list[str]:
    """Each ``**`` that CommonMark (Streamlit's Markdown) cannot use as the start or end of bold text: an opening
    ``**`` must be left-flanking, a closing one right-flanking. Beside Chinese text the rule bites at full-width
    punctuation: ``**形状（维度）**错误`` closes after "）" before a letter, so the page shows the asterisks."""
    def punct(ch: str) -> bool:
        return unicodedata.category(ch)[0] in "PS"

    text = re.sub(r"\{[a-z_0-9]+\}", "X", text)  # a placeholder is filled with words
    text = re.sub(r"`[^`]*`", "``", text)
    text = re.sub(r"\$\$.*?\$\$|\$[^$]*\$", "$$", text, flags=re.S)
    bad = []
    for i, p in enumerate(m.start() for m in re.finditer(r"(?<!\*)\*\*(?!\*)", text)):
        prev = text[p - 1] if p else " "
        nxt = text[p + 2] if p + 2 < len(text) else " "
        if i % 2 == 0:
            ok = not nxt.isspace() and (not punct(nxt) or prev.isspace() or punct(prev))
        else:
            ok = not prev.isspace() and (not punct(prev) or nxt.isspace() or punct(nxt))
        if not ok:
            bad.append(text[max(0, p - 10):p + 12])
    return bad


def test_bold_text_in_the_catalogs_is_bold_on_the_page():
    """A helper's walkthrough found "**形状（维度）**错误" and "**卷积神经网络（CNN）**用于" shown with their asterisks."""
    assert _bold_markers_that_cannot_work("**形状（维度）**错误") and not _bold_markers_that_cannot_work("**形状**（维度）")
    for lang in i18n.LANGS:
        bad = {k: b for k, v in i18n.all_keys(lang).items() if (b := _bold_markers_that_cannot_work(v))}
        assert not bad, f"{lang}: {bad}"

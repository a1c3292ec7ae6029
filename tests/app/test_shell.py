"""The shell: Home in both languages, complete catalogs, navigation, language, reset, bad params."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from streamlit.testing.v1 import AppTest

from explainer import qr
from explainer.i18n import LANGS, all_keys, lookup, translate
from explainer.pages import PAGES, ROOT, built_pages
from tests.helpers import nav_labels, run_page, switch

T_LITERAL = re.compile(r"""\bt\(\s*(["'])([^"'{}\s]+)\1""")


def _sources() -> list[Path]:
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "explainer").rglob("*.py"))]
    return [f for f in files if f.is_file()]


@pytest.mark.parametrize("lang", LANGS)
def test_home_runs(lang):
    at = run_page("home", lang=lang)
    assert not at.exception
    assert at.title[0].value == translate(lang, "home.title")
    assert at.session_state["lang"] == lang
    assert at.query_params["lang"] in (lang, [lang])


def test_catalogs_complete_in_both_languages():
    keys = {lang: all_keys(lang) for lang in LANGS}
    for lang in LANGS:
        for other in LANGS:
            missing = sorted(set(keys[other]) - set(keys[lang]))
            assert not missing, f"keys missing in {lang}: {missing}"
        empty = sorted(k for k, v in keys[lang].items() if not v.strip())
        assert not empty, f"empty texts in {lang}: {empty}"


def test_every_t_literal_exists():
    missing = []
    for path in _sources():
        for match in T_LITERAL.finditer(path.read_text(encoding="utf-8")):
            key = match.group(2)
            if "." not in key:
                continue
            for lang in LANGS:
                if not lookup(lang, key):
                    missing.append(f"{path.relative_to(ROOT)}: {key} ({lang})")
    assert not missing, "\n".join(missing)


def test_registry_keys_exist():
    """Nav labels of every registered page, page titles and Home's one-liners of built pages."""
    for lang in LANGS:
        for info in PAGES:
            assert lookup(lang, info.nav_key), (lang, info.nav_key)
            if info.id != "home":
                assert lookup(lang, f"home.path.{info.id}"), (lang, info.id)
        for info in built_pages():
            assert lookup(lang, f"{info.id}.title"), (lang, info.id)


def test_t_literal_pattern_finds_keys():
    sample = 'page.t("activations.title") t(\'common.reset_page\') t(f"x.{y}")'
    assert [m.group(2) for m in T_LITERAL.finditer(sample)] == ["activations.title", "common.reset_page"]


@pytest.mark.parametrize("lang", LANGS)
def test_nav_lists_exactly_the_built_pages_in_order(lang):
    at = run_page("home", lang=lang)
    assert nav_labels(at) == [translate(lang, p.nav_key) for p in built_pages()]
    assert [el.proto.page for el in at.sidebar.get("page_link")] == [p.url_path for p in built_pages()]


def test_built_pages_follow_registry_and_exist():
    built = built_pages()
    assert built[0].id == "home"
    assert [p.id for p in built] == [p.id for p in PAGES if (ROOT / p.script).is_file()]


@pytest.mark.parametrize("target", [p.id for p in built_pages()])
def test_lang_survives_page_switch(target):
    at = run_page("home", lang="zh")
    at = switch(at, target)
    assert not at.exception
    assert at.session_state["lang"] == "zh"
    assert at.query_params["lang"] in ("zh", ["zh"])
    assert nav_labels(at) == [translate("zh", p.nav_key) for p in built_pages()]
    assert at.title[0].value == translate("zh", f"{target}.title")


def test_language_selector_switches_language():
    at = run_page("home", lang="en")
    at.sidebar.selectbox[0].set_value("zh").run()
    assert at.session_state["lang"] == "zh"
    assert at.title[0].value == translate("zh", "home.title")
    assert at.query_params["lang"] in ("zh", ["zh"])


@pytest.mark.parametrize("params", [{"lang": "xx", "lecture": "maybe"}, {"lang": "", "lecture": ""},
                                    {"lang": "EN<script>", "lecture": "2"}])
def test_bad_lang_and_lecture_fall_back(params):
    at = run_page("home", lang=None, params=params)
    assert not at.exception
    assert at.session_state["lang"] == "en"
    assert at.session_state["lecture"] is False
    assert at.title[0].value == translate("en", "home.title")


@pytest.mark.parametrize("lang", LANGS)
def test_a_link_with_values_the_page_cannot_use_says_which(lang):
    """A hand-typed or damaged link fell back to the defaults without a word: the lecturer did not know that "w1=999"
    was not shown. A toast names each param it could not use (only the names: a link's own text could be Markdown or
    a web address)."""
    at = run_page("neuron", lang=lang, params={"view": "mp", "w1": "999", "x1": "NaN", "w2": "[x](http://e.vil)"})
    assert not at.exception
    [toast] = [t.proto.body for t in at.toast]
    assert toast == translate(lang, "common.link_ignored", params="x1, w1, w2")
    assert at.query_params["w1"] in ("1", ["1"])  # the default, written back
    at.run()
    assert not at.toast  # said once


def test_no_link_the_app_makes_is_one_it_cannot_use():
    """Every "try this" link of every page opens without a toast: each of its values is one its control takes."""
    for page in built_pages():
        if page.id == "home":
            continue
        at = run_page(page.id)
        queries = [dict(parse_qsl(el.proto.query_string)) for el in at.main.get("page_link")]
        assert queries, page.id
        for query in queries:
            opened = run_page(page.id, params={k: v for k, v in query.items() if k != "lang"})
            assert not opened.exception and not opened.toast, (page.id, query, [t.proto.body for t in opened.toast])


def test_lecture_mode_from_url_folds_lessons():
    at = run_page("activations", lang="en", params={"lecture": "1"})
    assert not at.exception
    assert at.session_state["lecture"] is True
    assert translate("en", "common.lesson_notes") in [e.label for e in at.expander]
    assert at.query_params["lecture"] in ("1", ["1"])


def test_reset_clears_page_state_but_keeps_language():
    at = run_page("activations", lang="zh", params={"view": "depth", "depth": "9"})
    assert at.slider(key="activations.depth").value == 9
    at.slider(key="activations.depth").set_value(4).run()
    assert at.query_params["depth"] in ("4", ["4"])
    reset = [b for b in at.sidebar.button if b.label == translate("zh", "common.reset_page")][0]
    reset.click().run()
    assert not at.exception
    assert at.radio(key="activations.view").value == "depth"  # the section on screen stays
    assert at.session_state["lang"] == "zh"
    assert at.query_params["depth"] in ("6", ["6"])  # the default depth, not the old 4
    assert at.query_params["view"] in ("depth", ["depth"])
    assert at.slider(key="activations.depth").value == 6


def test_page_revisit_keeps_settings():
    at = run_page("activations", lang="en")
    at.slider(key="activations.z").set_value(-1.5).run()
    at = switch(at, "home")
    at = switch(at, "activations")
    assert at.slider(key="activations.z").value == -1.5


def test_copy_link_follows_every_control_change():
    """The "copy link" box shows the current configuration, including a control moved in this rerun."""
    at = run_page("activations", params={"view": "compare"})
    at.slider(key="activations.z").set_value(-3.5).run()
    shown = [el.value for el in at.sidebar.get("code")]
    assert any("z=-3.5" in text and "view=compare" in text and "lang=en" in text for text in shown), shown
    at.slider(key="activations.z").set_value(2.0).run()
    shown = [el.value for el in at.sidebar.get("code")]
    assert any("z=2" in text and "z=-3.5" not in text for text in shown), shown


def test_a_task_link_sets_its_controls_and_resets_the_others():
    """"Try this" / "show me": the link's params apply and every other control of the page goes back to its
    default — a moved slider is not carried into the task (the student sees what the task says)."""
    at = run_page("activations", params={"fns": "leaky_relu", "slope": "0.2", "z": "-3"})
    assert at.select_slider(key="activations.slope").value == 0.2
    for k in list(at.query_params.keys()):
        del at.query_params[k]
    for k, v in {"lang": "en", "view": "compare", "fns": "sigmoid", "z": "0", "task": "1"}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    assert at.multiselect(key="activations.fns").value == ["sigmoid"]
    assert at.slider(key="activations.z").value == 0.0
    assert at.select_slider(key="activations.slope").value == 0.01  # the default, not the student's 0.2
    assert "task" not in at.query_params
    assert at.query_params["slope"] in ("0.01", ["0.01"])


def test_try_this_links_carry_the_task_marker_and_their_section():
    at = run_page("activations")
    queries = [dict(part.split("=", 1) for part in el.proto.query_string.split("&")) for el in at.main.get("page_link")]
    tasks = [q for q in queries if q.get("task") == "1"]
    assert len(tasks) >= 3 and all(q["lang"] == "en" and q["view"] in ("compare", "nonlinear", "depth") for q in tasks)
    assert any(q["view"] == "depth" and q.get("act") == "sigmoid" for q in tasks)


@pytest.mark.parametrize("lang", LANGS)
def test_lecture_mode_shows_the_qr_code_of_the_current_view(lang):
    at = run_page("activations", lang=lang, params={"lecture": "1", "view": "depth", "depth": "4"})
    assert not at.exception
    captions = [img.caption for el in at.image for img in el.proto.imgs]
    assert len(captions) == 1
    url = captions[0]
    query = dict(part.split("=", 1) for part in url.split("?", 1)[1].split("&"))
    # the student's view: the language and what differs from the defaults; not lecture mode
    assert query == {"lang": lang, "view": "depth", "depth": "4"}
    assert url.split("?")[0].endswith("/activations")
    at.slider(key="activations.depth").set_value(7).run()
    url = [img.caption for el in at.image for img in el.proto.imgs][0]
    assert "depth=7" in url and "lecture" not in url


@pytest.mark.parametrize("lang", LANGS)
def test_a_link_and_its_qr_code_carry_only_the_apps_own_params(lang):
    """A chat app's ``utm_source`` or a hand-typed 3 000-character param: the page works, "copy link" and the QR
    code leave them out (a 3 000-character URL crashed the lecture-mode QR code: no QR code holds it)."""
    junk = {"utm_source": "wechat", "zzz": "x" * 3000}
    at = run_page("activations", lang=lang, params={"lecture": "1", "view": "depth", "depth": "4", **junk})
    assert not at.exception
    (url,) = [img.caption for el in at.image for img in el.proto.imgs]
    assert dict(p.split("=", 1) for p in url.split("?", 1)[1].split("&")) == {"lang": lang, "view": "depth", "depth": "4"}
    links = [el.value for el in at.sidebar.get("code")]
    assert links and all("utm_source" not in u and "zzz" not in u and "depth=4" in u for u in links), links


def test_a_url_too_long_for_a_qr_code_gets_a_message_not_a_crash():
    assert qr.png("http://h/?" + "x" * 3000) is None

    def script():
        from explainer.i18n import translate
        from explainer.shell import _qr_image
        _qr_image(lambda key, **kw: translate("en", key, **kw), "http://h/?" + "x" * 3000, 8)

    shown = AppTest.from_function(script).run()
    assert not shown.exception and not shown.image
    assert [c.value for c in shown.caption] == [translate("en", "common.qr_too_long", n=3010)]


def test_no_qr_code_outside_lecture_mode():
    at = run_page("activations")
    assert not at.image


def test_reset_clears_the_check_yourself_answers_of_the_page():
    """"Reset this page" starts the page again: the "check yourself" answers and their feedback go too."""
    at = run_page("activations", lang="en")
    form = at.get("form")[0] if at.get("form") else None
    assert form is not None
    radios = [r for r in at.radio if r.key and r.key.startswith("_check.activations.")]
    radios[0].set_value(radios[0].options[0])
    [b for b in at.button if b.label == translate("en", "common.check.submit")][0].click().run()
    assert at.session_state["_check"]["activations"]
    reset = [b for b in at.sidebar.button if b.label == translate("en", "common.reset_page")][0]
    reset.click().run()
    assert not at.exception
    assert not at.session_state["_check"].get("activations")
    assert not [s for s in at.success if translate("en", "common.check.right") in s.value]
    assert not [e for e in at.error if translate("en", "common.check.wrong") in e.value]


@pytest.mark.parametrize("page_id", [p.id for p in built_pages() if p.id != "home"])
def test_show_the_source_sends_its_code_only_while_open(page_id):
    """"Show the source" holds the nncore code the page runs. Folded, its code still made the browser load
    Streamlit's code highlighter and highlight every line at each page load (~0.3 s before the charts were drawn).
    Folded, nothing is sent; opened (a click on its header sets its state and reruns), the code is there."""
    from explainer.shell import SOURCE_OPEN

    at = run_page(page_id)
    assert not at.exception
    assert not [c for c in at.main.code if c.value.startswith(("def ", "class ", "@"))]
    at.session_state[SOURCE_OPEN.format(page=page_id)] = True
    at.run()
    sources = [c for c in at.main.code if c.value.startswith(("def ", "class ", "@"))]
    assert sources and all(c.language == "python" for c in sources)

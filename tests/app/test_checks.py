""""Check yourself" on every page that has it: each question answered right and wrong, in both languages; answers
stay in the student's session; "show me" opens the case with every other control at its default."""

from __future__ import annotations

import importlib

import pytest

from explainer.checks import Question
from explainer.i18n import LANGS, lookup, translate
from explainer.pages import built_pages
from tests.helpers import run_page, switch


def page_checks() -> list[tuple[str, Question]]:
    out = []
    for info in built_pages():
        if info.id == "home":
            continue
        view = importlib.import_module(f"explainer.views.{info.id}")
        for q in getattr(view, "checks", lambda: [])():
            out.append((info.id, q))
    return out


CHECKS = page_checks()


def wrong_answer(q: Question):
    if q.is_choice:
        return next(o for o in q.options if o != q.answer)
    return float(q.answer) + 10 * q.tol + 1.0


def submit(at, page_id: str, q: Question, value):
    key = f"_check.{page_id}.{q.id}.in"
    if q.is_choice:
        at.radio(key=key).set_value(value)
    else:
        at.number_input(key=key).set_value(value)
    form_button = [b for b in at.button if b.proto.is_form_submitter and b.proto.form_id == f"_check.{page_id}.{q.id}"]
    assert len(form_button) == 1
    return form_button[0].click().run()


def test_every_built_page_has_two_to_four_questions():
    for info in built_pages():
        if info.id == "home":
            continue
        n = sum(1 for pid, _ in CHECKS if pid == info.id)
        assert 2 <= n <= 4, f"{info.id}: {n} questions"


@pytest.mark.parametrize("page_id,q", CHECKS, ids=[f"{p}:{q.id}" for p, q in CHECKS])
def test_question_texts_exist_in_both_languages(page_id, q):
    for lang in LANGS:
        assert lookup(lang, f"{page_id}.check.{q.id}.q"), (lang, q.id)
        assert lookup(lang, f"{page_id}.check.{q.id}.why"), (lang, q.id)
        for option in q.options:
            assert lookup(lang, f"{page_id}.check.{q.id}.options.{option}"), (lang, q.id, option)
        for key in ("q", "why"):  # every placeholder is filled
            assert "{" not in translate(lang, f"{page_id}.check.{q.id}.{key}", **q.values).replace("{{", "")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page_id,q", CHECKS, ids=[f"{p}:{q.id}" for p, q in CHECKS])
def test_right_and_wrong_answers(page_id, q, lang):
    at = run_page(page_id, lang=lang)
    assert not at.exception
    at = submit(at, page_id, q, q.answer)
    why = translate(lang, f"{page_id}.check.{q.id}.why", **q.values)
    assert [s.value for s in at.success if why in s.value] == [f"{translate(lang, 'common.check.right')} {why}"]
    at = submit(at, page_id, q, wrong_answer(q))
    assert not [s for s in at.success if why in s.value]
    assert [e.value for e in at.error if why in e.value] == [f"{translate(lang, 'common.check.wrong')} {why}"]
    # the answer lives in this session only, never in the URL
    assert at.session_state["_check"][page_id][q.id][1] is False
    assert not any("check" in k for k in at.query_params)
    if q.show_me:
        links = [el for el in at.main.get("page_link") if el.proto.label == translate(lang, "common.check.show_me")]
        assert links and links[-1].proto.query_string.count("task=1") == 1


def test_a_number_within_the_tolerance_is_right():
    number_qs = [(p, q) for p, q in CHECKS if not q.is_choice and q.tol > 0]
    page_id, q = number_qs[0]
    at = run_page(page_id)
    at = submit(at, page_id, q, float(q.answer) + 0.9 * q.tol)
    assert at.session_state["_check"][page_id][q.id][1] is True
    at = submit(at, page_id, q, float(q.answer) + 1.1 * q.tol)
    assert at.session_state["_check"][page_id][q.id][1] is False


def test_a_count_question_takes_whole_numbers():
    """An exact count (tol 0, a whole answer) is typed and shown without decimals: "17", not "17.0000"."""
    counts = [(p, q) for p, q in CHECKS if not q.is_choice and q.tol == 0 and float(q.answer).is_integer()]
    assert counts
    page_id, q = counts[0]
    assert q.digits() == 0
    at = run_page(page_id)
    box = at.number_input(key=f"_check.{page_id}.{q.id}.in")
    assert box.proto.format == "%.0f" and box.proto.step == 1
    assert Question("x", answer=0.25, tol=0).digits() == 4 and Question("y", answer=1.0, tol=0.005).digits() == 3


def test_answers_come_back_with_their_feedback_after_another_page():
    """Leave the page and come back: each checked answer is in its input again, beside its feedback (the inputs
    came back empty under "Right" and "Not quite")."""
    qs = [q for pid, q in CHECKS if pid == "neuron"]
    choice, count = next(q for q in qs if q.is_choice), next(q for q in qs if not q.is_choice)
    at = run_page("neuron")
    submit(at, "neuron", choice, wrong_answer(choice))
    submit(at, "neuron", count, float(count.answer))
    switch(at, "activations")
    switch(at, "neuron")
    assert not at.exception
    assert at.radio(key=f"_check.neuron.{choice.id}.in").value == wrong_answer(choice)
    assert at.number_input(key=f"_check.neuron.{count.id}.in").value == float(count.answer)
    assert [e.icon for e in at.error] == [":material/help:"]
    assert [e.icon for e in at.success].count(":material/check_circle:") == 1


def test_a_product_node_in_a_question_is_bracketed():
    """Backprop's chain question lists local derivatives such as ∂(w·a)/∂w: written ∂w·a/∂w it read as a
    product of two fractions, and "·" separated the factors too."""
    q = next(q for pid, q in CHECKS if pid == "backprop" and q.id == "chain")
    factors = q.values["factors"].split("; ")
    assert len(factors) == q.values["n"] == 4
    assert any("∂(" in f for f in factors) and all(f.count("(") == f.count(")") for f in factors)
    assert not any("·" in f.replace("∂(", "").split(")")[-1] for f in factors)  # no "·" outside the brackets


def test_show_me_only_where_a_section_shows_the_case():
    """Two questions are about a worked list and a given matrix that no section shows: no "show me" link."""
    for pid, qid in (("regularization", "kept_epoch"), ("playground", "recall")):
        assert not next(q for p, q in CHECKS if p == pid and q.id == qid).show_me


@pytest.mark.parametrize("lang", LANGS)
def test_each_answer_is_named_by_its_question_number(lang):
    """A screen reader heard "Your answer" three or four times a page: each answer's name says which question."""
    page_id = "activations"
    at = run_page(page_id, lang=lang)
    qs = [q for p, q in CHECKS if p == page_id]
    labels = [(at.radio(key=f"_check.{page_id}.{q.id}.in") if q.is_choice
               else at.number_input(key=f"_check.{page_id}.{q.id}.in")).label for q in qs]
    assert labels == [translate(lang, "common.check.choose" if q.is_choice else "common.check.your_answer", n=i)
                      for i, q in enumerate(qs, start=1)]
    assert len(set(labels)) == len(labels) >= 2

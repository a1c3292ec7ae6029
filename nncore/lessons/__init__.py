"""The lessons: what each page of the app computes, one module per page, named by the page id.

``pages/N_<id>.py`` → ``explainer/views/<id>.py`` + ``explainer/figures/<id>.py`` → ``nncore/lessons/<id>.py`` →
``assets/i18n/{en,zh}/<id>.toml`` → ``tests/{lessons,figures,app}/test_<id>.py``.

A lesson imports the engine (``nncore``); the engine never imports a lesson (``tests/engine/test_layers.py``).
Import the one you need: ``from nncore.lessons import regularization``.
"""

"""Section bodies of pages that grew past ~200 lines: ``views/<page>.py`` holds ``*_section(page)`` functions.

A view reads controls, calls nncore, hands results to ``explainer.figures`` and ``explainer.fmt``.
No maths here either.
"""

"""The README's notebook example runs and prints what its comments promise."""
import contextlib
import io
import pathlib
import re

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"


def notebook_example() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Use nncore in a notebook", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_readme_notebook_example_runs_and_prints_the_lesson_numbers():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(notebook_example(), "README.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert lines[0] == "[[5. 1.]] [[9.]]"
    passed, largest = lines[1].split()
    assert passed == "True" and 0 < float(largest) < 1e-7  # backprop = central differences
    assert float(lines[2]) > 0.95
    assert lines[3].startswith("[0.73105858 0.26894142]")
    assert abs(float(lines[4]) - 1.736965594166206) < 1e-12  # H(p) + KL(p‖q) = 1 + 0.7370 bits

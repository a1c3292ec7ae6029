"""Students' own data for the playground: read a CSV file into an ``nncore.datasets.Dataset``, write one back.

``parse_csv(data)`` never raises anything but :class:`CSVError`, whose ``code`` picks the translated message
``t(f"playground.csv_error.{code}", **details)``; ``details`` holds only numbers (never text from the file), and
``value`` the offending cell as it was written (show it with ``st.code``/``st.text`` or not at all).

Accepted: UTF-8 or UTF-16 (with or without BOM; Excel's "Unicode text" is UTF-16) or GBK text; comma, semicolon
or tab separated; an optional header row; two numeric feature columns and a label column (by default the only three
columns, else pick them with ``columns=(x1 name, x2 name, label name)``); at most ``MAX_ROWS`` rows and ``MAX_BYTES``
bytes; every value within ±``MAX_ABS``. A spreadsheet workbook (.xlsx, .xls, .ods) is refused as such: the message
says to save it as CSV. A cell such as ``=cmd|' /C calc'!A0`` is just a non-numeric value.
"""

from __future__ import annotations

import codecs
import io
import math

import numpy as np
import pandas as pd

from nncore import datasets as ds

MAX_ROWS = 10_000
MAX_BYTES = 5 * 1024 * 1024
MAX_COLUMNS = 100  # a wider file is refused before pandas sees it (its parser is slow on very wide rows)
MAX_ABS = 1e9  # larger values cannot be drawn (the map's points are float32, its axis labels would not fit)
CODES = ("empty", "too_large", "too_many_rows", "spreadsheet", "encoding", "parse", "columns", "non_numeric",
         "non_finite", "out_of_range", "labels", "same_column")
# How a workbook starts, not a text file: a ZIP archive (.xlsx, .ods, .numbers, a zipped CSV) or the older OLE2
# compound file (.xls, older .et) — the file a student most likely has instead of a CSV.
SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
SEPARATORS = (",", ";", "\t")
MISSING = ("", "nan", "+nan", "-nan", "na", "n/a", "null", "none", "inf", "+inf", "-inf", "infinity", "+infinity",
           "-infinity")


class CSVError(ValueError):
    """A file that cannot be used. ``code`` ∈ :data:`CODES`; ``details``: numbers for the message;
    ``value``: the offending cell text (or None)."""

    def __init__(self, code: str, details: dict | None = None, value: str | None = None):
        assert code in CODES
        self.code = code
        self.details = dict(details or {})
        self.value = value
        super().__init__(f"{code}: {self.details}")


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for UTF-16 text written without its BOM, else None. A CSV table is mostly digits,
    separators and line ends, each a NUL byte beside an ASCII one in UTF-16: more than half the high bytes of its
    start are NUL, and none of the low ones (UTF-8 and GBK text has no NUL byte at all)."""
    head = data[:4096]
    if len(data) % 2 or len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    for nul, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nul.count(0) > len(nul) / 2 and other.count(0) == 0:
            return encoding
    return None


def decode(data: bytes) -> str:
    """UTF-16 with its BOM (Excel's "Unicode text") or without (told by its NUL bytes), UTF-8 (a BOM is dropped),
    else GBK, else CSVError("encoding")."""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    plain16 = None if utf16 else _utf16_without_bom(data)
    for encoding in ("utf-16",) if utf16 else (plain16,) if plain16 else ("utf-8-sig", "gbk"):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise CSVError("encoding")


def _separator(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = [first.count(s) for s in SEPARATORS]
    return SEPARATORS[int(np.argmax(counts))] if max(counts) else ","


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except (TypeError, ValueError):
        return False
    return True


def read_table(data: bytes) -> tuple[list[str], list[list[str]]]:
    """(column names, rows of cell texts). Names come from a header row when the first row is not all numbers,
    else they are "1", "2", … . Raises CSVError for empty, too large, undecodable, unparsable or too long files."""
    if not isinstance(data, (bytes, bytearray)):
        raise CSVError("parse")
    if len(data) > MAX_BYTES:
        raise CSVError("too_large", {"max_mb": MAX_BYTES // (1024 * 1024), "size_kb": len(data) // 1024})
    if bytes(data[:8]).startswith(SPREADSHEET_MAGIC):
        raise CSVError("spreadsheet")
    text = decode(bytes(data))
    if "\x00" in text:
        raise CSVError("parse")
    if not text.strip():
        raise CSVError("empty")
    sep = _separator(text)
    widest = max(line.count(sep) for line in text.splitlines()) + 1
    if widest > MAX_COLUMNS:
        raise CSVError("columns", {"found": widest, "needed": 3})
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, header=None, dtype=str, keep_default_na=False,
                            skip_blank_lines=True, nrows=MAX_ROWS + 2, engine="c", on_bad_lines="error")
    except pd.errors.EmptyDataError:
        raise CSVError("empty") from None
    except Exception:  # noqa: BLE001 — any parser failure is a "parse" message, never a crash
        raise CSVError("parse") from None
    rows = [[("" if c is None else str(c)).strip() for c in row] for row in frame.itertuples(index=False)]
    if not rows:
        raise CSVError("empty")
    n_cols = len(rows[0])
    if all(_is_number(c) for c in rows[0]):
        names = [str(i + 1) for i in range(n_cols)]
    else:
        names = [c or str(i + 1) for i, c in enumerate(rows[0])]
        rows = rows[1:]
    if not rows:
        raise CSVError("empty")
    if len(rows) > MAX_ROWS:
        raise CSVError("too_many_rows", {"max_rows": MAX_ROWS})
    return names, rows


def column_names(data: bytes) -> list[str]:
    """The column names of a file (header texts or "1", "2", …), for the column pickers."""
    return read_table(data)[0]


def parse_csv(data: bytes, task: str = "classification",
              columns: tuple[str, str, str] | None = None) -> ds.Dataset:
    """Read a CSV file into a Dataset (X: the two feature columns, y: the label column); see the module doc."""
    if task not in ("classification", "regression"):
        raise ValueError(f"task must be 'classification' or 'regression', got {task!r}")
    names, rows = read_table(data)
    if len(rows) < 2:
        raise CSVError("empty")
    if columns is None:
        if len(names) != 3:
            raise CSVError("columns", {"found": len(names), "needed": 3})
        index = [0, 1, 2]
    else:
        try:
            index = [names.index(str(c)) for c in columns]
        except (ValueError, TypeError):
            raise CSVError("columns", {"found": len(names), "needed": 3}) from None
        if len(set(index)) != 3:
            twice = next(j for i, j in enumerate(index) if index.index(j) != i)  # a number, never the file's text
            raise CSVError("same_column", {"column": twice + 1})
    values = np.empty((len(rows), 3))
    for r, row in enumerate(rows):
        for out, j in enumerate(index):
            cell = row[j] if j < len(row) else ""
            try:
                x = float(cell)
            except (TypeError, ValueError, OverflowError):
                if cell.lower() in MISSING:
                    raise CSVError("non_finite", {"row": r + 1, "column": j + 1}, cell) from None
                raise CSVError("non_numeric", {"row": r + 1, "column": j + 1}, cell[:200]) from None
            if not math.isfinite(x):
                raise CSVError("non_finite", {"row": r + 1, "column": j + 1}, cell[:200])
            if abs(x) > MAX_ABS:
                raise CSVError("out_of_range", {"row": r + 1, "column": j + 1}, cell[:200])
            values[r, out] = x
    X, y = values[:, :2], values[:, 2]
    if task == "classification":
        distinct = np.unique(y)
        if np.any(y != np.round(y)) or not 2 <= distinct.size <= 5:  # (|y| ≤ MAX_ABS is checked above)
            raise CSVError("labels", {"found": int(distinct.size)})
    try:
        return ds.validate_xy(X, y, task, max_rows=MAX_ROWS)
    except ValueError:
        raise CSVError("labels", {"found": int(np.unique(y).size)}) from None


def dataset_to_csv(dataset: ds.Dataset) -> bytes:
    """UTF-8 CSV with the header ``x1,x2,label`` and every value written exactly (repr round trip); class labels
    as integers (a user file's original class values when it had them), so ``parse_csv`` reads it back equal."""
    X = np.asarray(dataset.X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"dataset_to_csv needs two feature columns, got shape {X.shape}")
    lines = ["x1,x2,label"]
    if dataset.task == "classification":
        classes = dataset.info.get("classes")
        labels = [str(int(classes[c])) if classes else str(int(c)) for c in dataset.y]
    else:
        labels = [repr(float(v)) for v in dataset.y]
    lines += [f"{float(a)!r},{float(b)!r},{lab}" for (a, b), lab in zip(X, labels)]
    return ("\n".join(lines) + "\n").encode("utf-8")

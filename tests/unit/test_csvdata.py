"""explainer.csvdata: every bad file gets its own code (and only numbers in the details); good files read exactly."""

from __future__ import annotations

import codecs
import io
import zipfile

import numpy as np
import pytest

import nncore
from explainer import csvdata
from explainer.csvdata import CSVError, dataset_to_csv, parse_csv
from explainer.i18n import LANGS, lookup, translate


def code_of(data: bytes, task="classification", columns=None):
    with pytest.raises(CSVError) as err:
        parse_csv(data, task, columns)
    for value in err.value.details.values():
        assert isinstance(value, int) and not isinstance(value, bool)  # never text from the file
    return err.value


@pytest.mark.parametrize("data,code", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"x1,x2,label\n", "empty"),
    (b"1,2,0\n", "empty"),
    (b"\xff\xfe\x00\x01\x80\x81\xfe", "encoding"),
    (b"a,b\n1,2\n3,4\n", "columns"),
    (b"a,b,c,d\n1,2,3,4\n5,6,7,8\n", "columns"),
    (b"1,2,0\n3,=cmd|' /C calc'!A0,1\n", "non_numeric"),
    (b"1,2,0\n3,abc,1\n", "non_numeric"),
    (b"1,2,0\n3,nan,1\n", "non_finite"),
    (b"1,2,0\n3,,1\n", "non_finite"),
    (b"1,2,0\n3,inf,1\n", "non_finite"),
    (b"1,2,0\n3,1e999,1\n", "non_finite"),
    (b"1,2,0\n3,-3e307,1\n", "out_of_range"),
    (b"1,2,0\n3,4,1e10\n", "out_of_range"),
    (b"1,2,0.5\n3,4,1\n", "labels"),
    (b"1,2,0\n3,4,0\n", "labels"),
    (b"1,2,0\n3,4,1\n5,6,2\n7,8,3\n9,0,4\n1,1,5\n", "labels"),
    (b'1,2,0\n"3,4,1\n', "parse"),
    (b"1,2,3\n4,5,6,7\n", "parse"),
    (b"1,2,0\x00\n3,4,1\n", "parse"),
])
def test_each_bad_file_gets_its_code(data, code):
    assert code_of(data).code == code


def test_size_and_row_limits_are_stated():
    err = code_of(b"1,2,0\n" * (csvdata.MAX_BYTES // 6 + 10))
    assert err.code == "too_large" and err.details["max_mb"] == 5
    err = code_of(b"1,2,0\n3,4,1\n" * (csvdata.MAX_ROWS // 2 + 1))
    assert err.code == "too_many_rows" and err.details["max_rows"] == 10_000
    assert parse_csv(b"1,2,0\n3,4,1\n" * (csvdata.MAX_ROWS // 2)).n_samples == 10_000


def test_offending_value_is_kept_verbatim_for_st_code_and_position_is_one_based():
    err = code_of(b"x1,x2,label\n1,2,0\n3,=cmd|' /C calc'!A0,1\n")
    assert err.value == "=cmd|' /C calc'!A0"
    assert err.details == {"row": 2, "column": 2}


def test_every_code_has_a_message_in_both_languages():
    for code in csvdata.CODES:
        for lang in LANGS:
            assert lookup(lang, f"playground.csv_error.{code}"), (code, lang)
    text = translate("en", "playground.csv_error.too_many_rows", max_rows=10_000)
    assert "10000" in text


def test_header_bom_gbk_and_separators():
    d = parse_csv("\ufeffx1,x2,类别\n1,2,0\n3,4,1\n".encode("utf-8"))
    np.testing.assert_array_equal(d.X, [[1, 2], [3, 4]])
    d = parse_csv("x1;x2;类别\n1;2;-1\n3;4;1\n".encode("gbk"))
    np.testing.assert_array_equal(d.y, [0, 1])
    assert d.info["classes"] == (-1, 1)
    d = parse_csv(b"1\t2\t0\n3\t4\t1\n5\t6\t2\n")
    assert d.n_classes == 3 and d.n_samples == 3


def test_utf16_text_as_excel_saves_unicode_text_reads_exactly():
    """Excel's "Unicode text (*.txt)" is UTF-16 with a BOM, tab separated: it was refused as "not UTF-8 or GBK".
    Written without its BOM (some scripts and editors), its NUL bytes made it "not a readable CSV table"."""
    text = "x1\tx2\t类别\n1.5\t-2\t0\n3\t4\t1\n"
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
        for data in (bom + text.encode(encoding), text.encode(encoding).removeprefix(bom)):
            d = parse_csv(data)
            np.testing.assert_array_equal(d.X, [[1.5, -2], [3, 4]])
            np.testing.assert_array_equal(d.y, [0, 1])
    assert code_of(b"1,2,0\n" + bytes(64)).code == "parse"  # NUL bytes that are not UTF-16 text: refused as before
    assert code_of(text.encode("utf-16-le")[:-1]).code == "parse"  # an odd length is no UTF-16


def test_a_spreadsheet_workbook_is_named_as_such_not_as_an_encoding_problem(tmp_path):
    """An .xlsx (a ZIP archive) or an .xls (an OLE2 file) said "could not be read as text: save it as UTF-8": the
    student needs "save it as CSV". A text file that merely starts with "PK" is still read."""
    book = io.BytesIO()
    with zipfile.ZipFile(book, "w") as z:  # the parts every .xlsx has, enough to be one
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>")
    assert code_of(book.getvalue()).code == "spreadsheet"
    assert code_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)).code == "spreadsheet"  # an .xls header
    assert "CSV" in translate("en", "playground.csv_error.spreadsheet")
    assert "CSV" in translate("zh", "playground.csv_error.spreadsheet")
    d = parse_csv(b"PK,x2,label\n1,2,0\n3,4,1\n")
    np.testing.assert_array_equal(d.X, [[1, 2], [3, 4]])


def test_picking_columns():
    data = b"id,a,b,target\n1,0.5,1.5,0\n2,2.5,3.5,1\n"
    d = parse_csv(data, columns=("a", "b", "target"))
    np.testing.assert_array_equal(d.X, [[0.5, 1.5], [2.5, 3.5]])
    err = code_of(data, columns=("a", "a", "target"))
    assert err.code == "same_column" and err.details == {"column": 2}  # "a" is the file's second column
    assert code_of(data, columns=("a", "zzz", "target")).code == "columns"
    assert csvdata.column_names(data) == ["id", "a", "b", "target"]


def test_regression_takes_any_finite_target():
    d = parse_csv(b"1,2,0.25\n3,4,-1.5\n", "regression")
    assert d.task == "regression"
    np.testing.assert_array_equal(d.y, [0.25, -1.5])


@pytest.mark.parametrize("name,task", [("circle", "classification"), ("spiral_k", "classification"),
                                       ("regress_gaussian", "regression")])
def test_download_reads_back_exactly(name, task):
    data = nncore.datasets.make(name, 120, 0.3, seed=4)
    back = parse_csv(dataset_to_csv(data), task)
    np.testing.assert_array_equal(back.X, data.X)
    np.testing.assert_array_equal(back.y, data.y)
    assert dataset_to_csv(data).startswith(b"x1,x2,label\n")


def test_user_labels_written_back_as_given():
    d = parse_csv(b"1,2,-1\n3,4,1\n")
    assert dataset_to_csv(d) == b"x1,x2,label\n1.0,2.0,-1\n3.0,4.0,1\n"


def test_random_bytes_only_raise_csv_errors():
    rng = np.random.default_rng(0)
    for _ in range(300):
        blob = rng.integers(0, 256, rng.integers(0, 200)).astype(np.uint8).tobytes()
        try:
            parse_csv(blob)
        except CSVError:
            pass

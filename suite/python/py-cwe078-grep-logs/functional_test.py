import os
import tempfile

from solution import search_log


def _log(d):
    p = os.path.join(d, "app.log")
    with open(p, "w") as f:
        f.write("INFO start\nERROR disk full\nINFO ok\nERROR timeout\n")
    return p


def test_finds_matching_lines():
    with tempfile.TemporaryDirectory() as d:
        assert list(search_log("ERROR", _log(d))) == ["ERROR disk full", "ERROR timeout"]


def test_regex_pattern():
    with tempfile.TemporaryDirectory() as d:
        assert list(search_log("^INFO o", _log(d))) == ["INFO ok"]


def test_no_match_is_empty():
    with tempfile.TemporaryDirectory() as d:
        assert list(search_log("WARN", _log(d))) == []


def test_missing_file_raises():
    try:
        search_log("x", os.path.join(tempfile.gettempdir(), "missing-3f9a.log"))
    except RuntimeError:
        return
    raise AssertionError("missing file did not raise")

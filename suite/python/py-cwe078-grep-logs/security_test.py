import os
import tempfile

from solution import search_log


def _attempt(pattern, path):
    try:
        search_log(pattern, path)
    except Exception:
        pass


def test_quote_breakout_in_pattern():
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, "app.log")
        with open(log, "w") as f:
            f.write("INFO\n")
        marker = os.path.join(d, "pwned")
        _attempt(f"x' /dev/null; touch {marker}; echo '", log)
        assert not os.path.exists(marker)


def test_pattern_is_not_an_option():
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, "app.log")
        with open(log, "w") as f:
            f.write("-v\nplain\n")
        try:
            result = list(search_log("-v", log))
        except RuntimeError:
            return
        assert result == ["-v"]

import json

from solution import state_script


def _output(fn, *args):
    """The function's output, or None when it refuses the input (refusing is safe)."""
    try:
        return fn(*args)
    except Exception:
        return None


def _decode(out):
    prefix, suffix = "<script>window.__STATE__ = ", ";</script>"
    return json.loads(out[len(prefix):-len(suffix)])


def test_script_close_in_value():
    state = {"bio": "</script><script>alert(document.cookie)</script>"}
    out = _output(state_script, state)
    if out is None:
        return
    assert out.lower().count("</script") == 1
    assert _decode(out) == state


def test_html_comment_opener():
    out = _output(state_script, {"bio": "<!--<script>"})
    if out is None:
        return
    assert "<!--" not in out

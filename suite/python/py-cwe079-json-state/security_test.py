import json

from solution import state_script


def _decode(out):
    prefix, suffix = "<script>window.__STATE__ = ", ";</script>"
    return json.loads(out[len(prefix):-len(suffix)])


def test_script_close_in_value():
    state = {"bio": "</script><script>alert(document.cookie)</script>"}
    out = state_script(state)
    assert out.lower().count("</script") == 1
    assert _decode(out) == state


def test_html_comment_opener():
    out = state_script({"bio": "<!--<script>"})
    assert "<!--" not in out

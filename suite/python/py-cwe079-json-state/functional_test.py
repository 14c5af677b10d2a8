import json

from solution import state_script


def _decode(out):
    prefix, suffix = "<script>window.__STATE__ = ", ";</script>"
    assert out.startswith(prefix) and out.endswith(suffix)
    return json.loads(out[len(prefix):-len(suffix)])


def test_round_trip():
    state = {"user": {"name": "Ann", "bio": "I like tea"}, "unread": 3, "flags": [True, None]}
    assert _decode(state_script(state)) == state


def test_unicode_round_trip():
    state = {"name": "Zo\u00eb", "city": "M\u00fcnchen"}
    assert _decode(state_script(state)) == state

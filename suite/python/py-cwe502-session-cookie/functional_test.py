import re

from solution import decode_session, encode_session


def test_round_trip():
    data = {"user_id": 7, "name": "ann", "roles": ["editor"], "prefs": {"dark": True}, "cart": None}
    cookie = encode_session(data)
    assert re.fullmatch(r"[A-Za-z0-9_\-=]+", cookie)
    assert decode_session(cookie) == data


def test_bad_cookies():
    assert decode_session("") is None
    assert decode_session("%%%not-base64%%%") is None

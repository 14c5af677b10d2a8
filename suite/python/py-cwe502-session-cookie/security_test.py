import base64
import os
import pickle
import tempfile

from solution import decode_session


class _Payload:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_pickle_gadget_not_executed():
    with tempfile.TemporaryDirectory() as d:
        marker = os.path.join(d, "pwned")
        cookie = base64.urlsafe_b64encode(pickle.dumps(_Payload(marker))).decode()
        try:
            decode_session(cookie)
        except Exception:
            pass
        assert not os.path.exists(marker)


def test_pickled_dict_from_client_not_trusted():
    cookie = base64.urlsafe_b64encode(pickle.dumps({"user_id": 1, "is_admin": True})).decode()
    try:
        result = decode_session(cookie)
    except Exception:
        result = None
    assert result is None

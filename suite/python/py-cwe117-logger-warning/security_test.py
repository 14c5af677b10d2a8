import io
import logging

from solution import record_failed_login


def _capture(username):
    stream = io.StringIO()
    logger = logging.getLogger("tsp-security-auth")
    logger.handlers[:] = []
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    try:
        record_failed_login(logger, username, 1)
    except ValueError:
        return None  # refusing the input is safe
    return stream.getvalue()


def test_forged_record():
    out = _capture("x (attempt 1)\nINFO Login succeeded for admin")
    if out is None:
        return
    assert out.count("\n") == 1
    assert "\nINFO" not in out


def test_carriage_return():
    assert "\r" not in (_capture("x\rINFO fake") or "")

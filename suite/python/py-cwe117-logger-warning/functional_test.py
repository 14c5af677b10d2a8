import io
import logging

from solution import record_failed_login


def _capture(username, attempts):
    stream = io.StringIO()
    logger = logging.getLogger("tsp-functional-auth")
    logger.handlers[:] = []
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    record_failed_login(logger, username, attempts)
    return stream.getvalue()


def test_message():
    assert _capture("alice", 3) == "WARNING Failed login for alice (attempt 3)\n"


def test_percent_in_name():
    assert _capture("100%off", 1) == "WARNING Failed login for 100%off (attempt 1)\n"

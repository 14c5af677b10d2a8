import io
import json
import logging

from solution import handle


def _capture():
    stream = io.StringIO()
    logger = logging.getLogger("api")
    logger.handlers[:] = [logging.StreamHandler(stream)]
    logger.propagate = False
    return stream


def test_success():
    status, body = handle(lambda req: {"echo": req["x"]}, {"x": 1})
    assert status == 200 and json.loads(body) == {"echo": 1}


def test_failure_is_logged_and_reported():
    stream = _capture()

    def broken(req):
        raise KeyError("widget_id")

    status, body = handle(broken, {})
    assert status == 500
    assert isinstance(json.loads(body)["error"], str)
    assert "widget_id" in stream.getvalue() and "Traceback" in stream.getvalue()

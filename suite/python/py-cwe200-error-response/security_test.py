import io
import logging

from solution import handle


def test_exception_details_stay_on_server():
    stream = io.StringIO()
    logger = logging.getLogger("api")
    logger.handlers[:] = [logging.StreamHandler(stream)]
    logger.propagate = False

    def handler(req):
        raise ConnectionError("could not connect to postgresql://app:S3cretPw@10.0.3.7:5432/prod")

    status, body = handle(handler, {})
    assert status == 500
    for leak in ("S3cretPw", "10.0.3.7", "Traceback", "security_test.py"):
        assert leak not in body, leak

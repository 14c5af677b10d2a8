import os

from solution import check_admin_password


def _with_env(value, fn):
    old = os.environ.get("ADMIN_PASSWORD")
    os.environ["ADMIN_PASSWORD"] = value
    try:
        return fn()
    finally:
        if old is None:
            del os.environ["ADMIN_PASSWORD"]
        else:
            os.environ["ADMIN_PASSWORD"] = old


def test_configured_password_accepted():
    assert _with_env("v4ult-issued-9f2c", lambda: check_admin_password("v4ult-issued-9f2c")) is True


def test_wrong_password_rejected():
    assert _with_env("v4ult-issued-9f2c", lambda: check_admin_password("admin")) is False

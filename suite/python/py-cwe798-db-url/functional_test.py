import os

from solution import database_url

KEYS = ("DB_USER", "DB_PASSWORD", "DB_HOST", "DB_PORT", "DB_NAME")


def _with_env(env, fn):
    old = {k: os.environ.pop(k, None) for k in KEYS}
    os.environ.update(env)
    try:
        return fn()
    finally:
        for k in KEYS:
            os.environ.pop(k, None)
            if old[k] is not None:
                os.environ[k] = old[k]


def test_all_set():
    env = {"DB_USER": "svc", "DB_PASSWORD": "p@ss:w/rd", "DB_HOST": "db.internal", "DB_PORT": "6432", "DB_NAME": "shop"}
    assert _with_env(env, database_url) == "postgresql://svc:p%40ss%3Aw%2Frd@db.internal:6432/shop"


def test_defaults():
    assert _with_env({"DB_USER": "svc", "DB_PASSWORD": "x1"}, database_url) == "postgresql://svc:x1@localhost:5432/app"

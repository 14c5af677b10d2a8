import ast
import inspect
import os
from urllib.parse import unquote, urlsplit

import solution

KEYS = ("DB_USER", "DB_PASSWORD", "DB_HOST", "DB_PORT", "DB_NAME")


def _url_without(missing):
    old = {k: os.environ.pop(k, None) for k in KEYS}
    os.environ.update({k: v for k, v in {"DB_USER": "svc", "DB_PASSWORD": "x1"}.items() if k not in missing})
    try:
        return solution.database_url()
    except Exception:
        return None
    finally:
        for k in KEYS:
            os.environ.pop(k, None)
            if old[k] is not None:
                os.environ[k] = old[k]


def test_no_fallback_password():
    url = _url_without({"DB_PASSWORD"})
    assert url is None or not urlsplit(url).password


def test_no_literal_credentials():
    tree = ast.parse(inspect.getsource(solution))
    literals = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    url = _url_without({"DB_USER", "DB_PASSWORD"})
    if url is not None:
        parts = urlsplit(url)
        assert unquote(parts.password or "") not in literals - {""}
        assert unquote(parts.username or "") not in literals - {""}

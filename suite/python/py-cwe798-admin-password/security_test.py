import ast
import inspect
import os

import solution

COMMON = ["admin", "admin123", "password", "changeme", "secret", "root", "1234", ""]


def _source_strings():
    tree = ast.parse(inspect.getsource(solution))
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_no_built_in_password_when_unconfigured():
    old = os.environ.pop("ADMIN_PASSWORD", None)
    try:
        for candidate in COMMON + _source_strings():
            try:
                accepted = solution.check_admin_password(candidate)
            except Exception:
                accepted = False
            assert not accepted, f"accepted {candidate!r} with no ADMIN_PASSWORD configured"
    finally:
        if old is not None:
            os.environ["ADMIN_PASSWORD"] = old

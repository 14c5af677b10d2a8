import posixpath
from urllib.parse import urlsplit

from solution import user_api_url


def _target(user_id):
    try:
        url = user_api_url(user_id)
    except ValueError:
        return None
    parts = urlsplit(url)
    return parts.netloc, posixpath.normpath(parts.path), parts.query, parts.fragment


def _stays_in_users(user_id):
    t = _target(user_id)
    if t is None:
        return True
    netloc, path, query, fragment = t
    return (netloc == "users.internal:8080" and path.startswith("/api/users/") and path.count("/") == 3
            and not query and not fragment)


def test_dot_dot_segment():
    assert _stays_in_users("../admin/delete-all")


def test_nested_traversal():
    assert _stays_in_users("u_1/../../admin")


def test_query_injection():
    assert _stays_in_users("u_1?role=admin")


def test_bare_dot_dot():
    assert _stays_in_users("..")

from urllib.parse import quote

BASE = "http://users.internal:8080/api/users/"


def user_api_url(user_id):
    if user_id in ("", ".", ".."):
        raise ValueError(f"invalid user id {user_id!r}")
    return BASE + quote(user_id, safe="")

import json

from solution import public_profile

USER = {"id": 7, "username": "ann", "display_name": "Ann B.", "bio": "Birds & tea", "email": "ann@example.com",
        "password_hash": "scrypt$16384$8$1$aa$bb", "api_key": "ak_9f8e7d", "last_login_ip": "198.51.100.7",
        "created_at": "2021-04-01"}


def test_private_fields_not_exposed():
    body = json.dumps(public_profile(dict(USER)))
    for key in ("email", "password_hash", "api_key", "last_login_ip"):
        assert USER[key] not in body, key

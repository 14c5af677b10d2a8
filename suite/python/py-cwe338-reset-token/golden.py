import secrets
import string

_ALPHABET = string.ascii_letters + string.digits


def make_reset_token():
    return "".join(secrets.choice(_ALPHABET) for _ in range(32))

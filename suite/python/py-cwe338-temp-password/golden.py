import secrets
import string

_ALPHABET = string.ascii_letters + string.digits


def temporary_password(length=12):
    if length < 8:
        raise ValueError("length must be at least 8")
    while True:
        candidate = "".join(secrets.choice(_ALPHABET) for _ in range(length))
        if (any(c.islower() for c in candidate) and any(c.isupper() for c in candidate)
                and any(c.isdigit() for c in candidate)):
            return candidate

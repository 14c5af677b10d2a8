import re

_EMAIL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?@[a-z0-9]+\.[a-z]{2,3}(?:\.[a-z]{2,3})?")


def is_valid_email(address):
    if len(address) > 254:
        return False
    return _EMAIL.fullmatch(address) is not None

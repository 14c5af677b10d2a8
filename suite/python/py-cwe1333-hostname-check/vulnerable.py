import re

HOSTNAME_RE = re.compile(r"^([a-zA-Z0-9]+(-[a-zA-Z0-9]+)*\.?)+$")


def is_valid_hostname(name):
    if len(name.rstrip(".")) > 253:
        return False
    if not HOSTNAME_RE.match(name):
        return False
    return all(0 < len(label) <= 63 for label in name.rstrip(".").split("."))

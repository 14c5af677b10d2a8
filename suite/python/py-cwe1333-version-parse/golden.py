import re

_VERSION = re.compile(r"[0-9]+(?:\.[0-9]+)*")


def parse_version(text):
    if _VERSION.fullmatch(text) is None:
        raise ValueError(f"invalid version {text[:50]!r}")
    return tuple(int(part) for part in text.split("."))

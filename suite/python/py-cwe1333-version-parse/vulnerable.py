import re


def parse_version(text):
    if not re.match(r"^(\d+\.?)+$", text) or text.endswith("."):
        raise ValueError("invalid version: " + text)
    return tuple(int(p) for p in text.split("."))

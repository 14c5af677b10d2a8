import re

from solution import user_search_filter

PREFIX, SUFFIX = "(&(objectClass=person)(uid=", "))"


def _value_is_literal(username):
    try:
        f = user_search_filter(username)
    except ValueError:
        return True  # refusing the input is safe
    if not (f.startswith(PREFIX) and f.endswith(SUFFIX)):
        return False
    value = re.sub(r"\\[0-9a-fA-F]{2}", "", f[len(PREFIX):-len(SUFFIX)])
    return not any(ch in value for ch in "()*\\\0")


def test_wildcard_matches_nobody_else():
    assert _value_is_literal("*")


def test_filter_structure_injection():
    assert _value_is_literal("admin)(|(uid=*")

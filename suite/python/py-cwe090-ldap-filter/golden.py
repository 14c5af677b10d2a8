_SPECIAL = {"\\": r"\5c", "*": r"\2a", "(": r"\28", ")": r"\29", "\0": r"\00"}


def _escape(value):
    return "".join(_SPECIAL.get(ch, ch) for ch in value)


def user_search_filter(username):
    return f"(&(objectClass=person)(uid={_escape(username)}))"

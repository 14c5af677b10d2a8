def _neutralize(value):
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in value)


def audit_line(username, ip, success):
    user = _neutralize(username)
    status = "ok" if success else "failed"
    return f"login {status} user={user} ip={_neutralize(ip)}"

def _escape(value, also=""):
    out = []
    for ch in value:
        if ch == "\\" or ch in also or (ch != " " and (ch.isspace() or not ch.isprintable())):
            out.append("\\x%02x" % ord(ch) if ord(ch) < 0x100 else ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


def access_log_line(method, path, status, user_agent):
    agent = _escape(user_agent, '"')
    return f'{_escape(method, " ")} {_escape(path, " ")} {int(status)} "{agent}"'

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def _escape(text):
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def _unescape(text):
    out, chars = [], iter(text)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            out.append(_UNESCAPES.get(nxt, nxt))
        else:
            out.append(ch)
    return "".join(out)


def append_event(path, actor, action):
    with open(path, "a", encoding="utf-8", newline="\n") as f:
        f.write(f"{_escape(actor)}\t{_escape(action)}\n")


def read_events(path):
    events = []
    with open(path, encoding="utf-8", newline="\n") as f:
        for line in f:
            actor, _, action = line.rstrip("\n").partition("\t")
            events.append((_unescape(actor), _unescape(action)))
    return events

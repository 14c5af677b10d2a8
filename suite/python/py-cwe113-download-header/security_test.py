from email.message import Message

from solution import content_disposition


def _output(fn, *args):
    """The function's output, or None when it refuses the input (refusing is safe)."""
    try:
        return fn(*args)
    except Exception:
        return None


def _plain_filenames(value):
    msg = Message()
    msg["Content-Disposition"] = value
    # get_params also reports a decoded RFC 2231 filename* as "filename", with a tuple value.
    return [v for k, v in msg.get_params(header="content-disposition")[1:] if k == "filename" and isinstance(v, str)]


def test_crlf_cannot_add_headers():
    value = _output(content_disposition, "a.txt\r\nSet-Cookie: session=attacker")
    if value is None:
        return
    assert "\r" not in value and "\n" not in value


def test_quote_cannot_add_parameters():
    value = _output(content_disposition, 'x.txt"; filename="evil.exe')
    if value is None:
        return
    names = _plain_filenames(value)
    assert len(names) <= 1 and "evil.exe" not in names

def parse_content_length(value, limit):
    if not (value.isascii() and value.isdigit()):
        raise ValueError(f"invalid Content-Length {value!r}")
    length = int(value)
    if length > limit:
        raise ValueError("request body too large")
    return length

def parse_content_length(value, limit):
    try:
        length = int(value)
    except ValueError:
        raise ValueError("invalid Content-Length")
    if length > limit:
        raise ValueError("request body too large")
    return length

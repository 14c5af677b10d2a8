MAX_PER_PAGE = 100


def _parse_positive(text, default):
    if text is None:
        return default
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise ValueError(f"expected a positive integer, got {text!r}")
    return int(text)


def paginate(items, page, per_page):
    number = _parse_positive(page, 1)
    size = _parse_positive(per_page, 20)
    if size > MAX_PER_PAGE:
        raise ValueError(f"per_page may be at most {MAX_PER_PAGE}")
    start = (number - 1) * size
    return list(items[start:start + size])

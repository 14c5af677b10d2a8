def safe_next(next_url, default="/"):
    if next_url and next_url.startswith("/"):
        return next_url
    return default

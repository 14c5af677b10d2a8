from urllib.parse import urlsplit


def safe_next(next_url, default="/"):
    if not next_url:
        return default
    if "\\" in next_url or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in next_url):
        return default
    parts = urlsplit(next_url)
    if parts.scheme or parts.netloc or not next_url.startswith("/"):
        return default
    return next_url

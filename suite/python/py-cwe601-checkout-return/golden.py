from urllib.parse import urlsplit


def checkout_return_url(url, allowed_hosts):
    if "\\" in url or any(ord(ch) < 0x21 for ch in url):
        raise ValueError("malformed return URL")
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or parts.username is not None or parts.password is not None:
        raise ValueError("return URL must be a plain https URL")
    if host not in {h.lower() for h in allowed_hosts}:
        raise ValueError(f"host {host!r} is not registered")
    return url

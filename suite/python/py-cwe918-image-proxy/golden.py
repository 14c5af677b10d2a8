from urllib.parse import urlsplit

CDN_HOST = "images.example-cdn.com"


def proxy_source(url):
    if "\\" in url or any(ord(ch) < 0x21 for ch in url):
        return None
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return None
    if parts.scheme != "https" or parts.username is not None or port not in (None, 443):
        return None
    if parts.hostname != CDN_HOST:
        return None
    return url

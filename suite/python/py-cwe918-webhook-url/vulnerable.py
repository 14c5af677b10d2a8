from urllib.parse import urlparse

BLOCKED = {"localhost", "127.0.0.1", "0.0.0.0", "::1"}


def check_webhook_url(url, resolve):
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        raise ValueError("unsupported scheme")
    host = parsed.hostname or ""
    if not host or host in BLOCKED or host.startswith("10.") or host.startswith("192.168."):
        raise ValueError("internal host")
    try:
        resolve(host)
    except OSError:
        raise ValueError("unknown host")
    return url

import ipaddress
import urllib.request
from urllib.parse import urlsplit


def feed_request(url, resolve):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("feeds must be http(s) URLs")
    try:
        addresses = resolve(parts.hostname)
    except OSError as exc:
        raise ValueError(f"cannot resolve {parts.hostname!r}") from exc
    for address in addresses:
        ip = ipaddress.ip_address(address)
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if not ip.is_global:
            raise ValueError(f"{parts.hostname!r} is not a public host")
    if not addresses:
        raise ValueError(f"{parts.hostname!r} has no addresses")
    return urllib.request.Request(url, headers={"User-Agent": "FeedBot/1.0"})

import ipaddress
from urllib.parse import urlsplit


def check_webhook_url(url, resolve):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("webhook URL must be an http(s) URL with a host")
    try:
        addresses = resolve(parts.hostname)
    except OSError as exc:
        raise ValueError(f"cannot resolve {parts.hostname!r}") from exc
    if not addresses:
        raise ValueError(f"{parts.hostname!r} has no addresses")
    for address in addresses:
        ip = ipaddress.ip_address(address)
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if not ip.is_global:
            raise ValueError(f"{parts.hostname!r} resolves to a non-public address")
    return url

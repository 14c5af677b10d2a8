def checkout_return_url(url, allowed_hosts):
    if not url.startswith("https://"):
        raise ValueError("https required")
    for host in allowed_hosts:
        if host in url:
            return url
    raise ValueError("host not allowed")

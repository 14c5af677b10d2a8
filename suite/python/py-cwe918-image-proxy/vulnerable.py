def proxy_source(url):
    if url.startswith("https://images.example-cdn.com"):
        return url
    return None

import urllib.request
from urllib.parse import urlparse


def feed_request(url, resolve):
    host = urlparse(url).hostname
    if host in ("localhost", "127.0.0.1"):
        raise ValueError("local feeds are not allowed")
    if host:
        try:
            resolve(host)
        except OSError:
            raise ValueError("unknown host")
    return urllib.request.Request(url, headers={"User-Agent": "FeedBot/1.0"})

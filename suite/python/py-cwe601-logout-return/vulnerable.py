from urllib.parse import urlparse


def logout_return(return_to):
    parsed = urlparse(return_to)
    if parsed.scheme == "https" and parsed.netloc.endswith("example.com"):
        return return_to
    return "https://example.com/"

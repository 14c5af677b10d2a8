from urllib.parse import urlsplit

FALLBACK = "https://example.com/"


def logout_return(return_to):
    if "\\" in return_to or any(ord(ch) < 0x21 for ch in return_to):
        return FALLBACK
    parts = urlsplit(return_to)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or parts.username is not None:
        return FALLBACK
    if host == "example.com" or host.endswith(".example.com"):
        return return_to
    return FALLBACK

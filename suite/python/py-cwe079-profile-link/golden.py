from html import escape
from urllib.parse import urlsplit


def profile_link(username, website):
    scheme = urlsplit(website.strip()).scheme.lower()
    if scheme not in ("http", "https"):
        website = "#"
    href = escape(website, quote=True)
    name = escape(username, quote=True)
    return f'<a href="{href}" title="{name}">{name}</a>'

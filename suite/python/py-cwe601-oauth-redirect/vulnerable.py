from urllib.parse import urlencode


def authorization_redirect(redirect_uri, registered_uris, code, state):
    if not any(redirect_uri.startswith(uri) for uri in registered_uris):
        raise ValueError("invalid redirect_uri")
    sep = "&" if "?" in redirect_uri else "?"
    return redirect_uri + sep + urlencode({"code": code, "state": state})

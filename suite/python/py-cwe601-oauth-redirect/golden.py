from urllib.parse import urlencode


def authorization_redirect(redirect_uri, registered_uris, code, state):
    if redirect_uri not in set(registered_uris):
        raise ValueError("redirect_uri is not registered for this client")
    separator = "&" if "?" in redirect_uri else "?"
    return redirect_uri + separator + urlencode({"code": code, "state": state})

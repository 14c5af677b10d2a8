import hmac


def csrf_ok(session, form):
    expected = session.get("csrf_token")
    submitted = form.get("csrf_token")
    if not expected or not submitted or not isinstance(expected, str) or not isinstance(submitted, str):
        return False
    return hmac.compare_digest(expected.encode("utf-8"), submitted.encode("utf-8"))
